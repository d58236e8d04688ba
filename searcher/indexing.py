"""Index folders of articles: incremental, batch-committed, one bad file never costs the rest.

A run holds the writer lock, compares every file with the manifest (size and mtime first, so
unchanged files are not read; then a digest, so a touched but unchanged file is not re-parsed),
parses what changed, and commits to whoosh every ``batch_size`` articles — then re-signs the
index and records the batch in the manifest. kill -9 or Ctrl-C loses at most the batch in
progress, and the next run picks it up.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from searcher import trust
from searcher.article import Article
from searcher.errors import ExitCode, KhabarError, ParseError, UsageError
from searcher.manifest import FileRecord, Manifest
from searcher.store import open_or_create_for_write, write_lock

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".json", ".jsonl", ".ndjson", ""})
DEFAULT_BATCH = 2_000
# whoosh's in-memory posting pool per writer; bounds indexing memory on any archive size.
WRITER_POOL_MB = 192


class IndexInterrupted(KhabarError):
    """Ctrl-C during indexing: committed batches are kept."""

    exit_code = ExitCode.INTERRUPTED


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


@dataclass(slots=True)
class IndexReport:
    """What a run did, file by file and article by article."""

    new: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    ignored: int = 0
    articles_written: int = 0
    articles_removed: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["skipped"] = [{"path": s.path, "reason": s.reason} for s in self.skipped]
        return data


# Progress callback: (files done, files total, current path).
Progress = Callable[[int, int, str], None]


def discover(paths: Iterable[Path], index_dir: Path) -> tuple[list[Path], int]:
    """Article files under ``paths`` (recursively, sorted) and how many other files were ignored.

    Hidden files and folders, README/LICENSE files, other extensions and the index itself are
    left out.
    """
    found: list[Path] = []
    ignored = 0
    index_dir = index_dir.resolve()
    for root in paths:
        if not root.exists():
            raise UsageError(f"no such file or folder: {root}",
                             hint="check the path; give folders or single files")
        if root.is_file():
            found.append(root.resolve())
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath).resolve()
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith(".") and here / d != index_dir)
            for name in sorted(filenames):
                path = here / name
                if _is_article_file(name):
                    found.append(path)
                elif not name.startswith("."):
                    ignored += 1
    return sorted(set(found)), ignored


def _is_article_file(name: str) -> bool:
    if name.startswith(".") or name.upper().startswith(("README", "LICENSE")):
        return False
    return Path(name).suffix.lower() in ARTICLE_SUFFIXES


def content_key(article: Article) -> str:
    """Identity of an article's text, for collapsing one article saved under two names."""
    text = " ".join((article.title + "\n" + article.body).split())
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _stat_and_digest(path: Path) -> tuple[os.stat_result, str]:
    def digest(handle: Any) -> str:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()

    return _opened(path, digest)


def _read(path: Path) -> tuple[os.stat_result, bytes]:
    return _opened(path, lambda handle: handle.read())


def _opened(path: Path, use: Callable[[Any], Any]) -> tuple[os.stat_result, Any]:
    try:
        with open(path, "rb") as handle:
            return os.fstat(handle.fileno()), use(handle)
    except FileNotFoundError as exc:
        raise ParseError(f"{path}: vanished before it could be read") from exc
    except PermissionError as exc:
        raise ParseError(f"{path}: not readable (permission denied)") from exc
    except IsADirectoryError as exc:
        raise ParseError(f"{path}: is a directory") from exc
    except OSError as exc:
        raise ParseError(f"{path}: could not be read ({exc.strerror})") from exc


class _Run:
    """One indexing run: the open writer, the manifest and the report."""

    def __init__(self, ix: Any, manifest: Manifest, index_dir: Path, batch_size: int) -> None:
        self.ix = ix
        self.manifest = manifest
        self.index_dir = index_dir
        self.batch_size = batch_size
        self.report = IndexReport()
        self.writer: Any = None
        self.pending = 0
        self.batch_ids: set[str] = set()

    def _writer(self) -> Any:
        if self.writer is None:
            self.writer = self.ix.writer(limitmb=WRITER_POOL_MB)
        return self.writer

    def commit(self) -> None:
        if self.writer is not None:
            self.writer.commit()
            self.writer = None
            trust.sign(self.index_dir)
        self.manifest.commit()
        self.pending = 0
        self.batch_ids.clear()

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None
        self.manifest.db.rollback()

    def delete_unreferenced(self, ids: Iterable[str]) -> None:
        for article_id in ids:
            if not self.manifest.is_referenced(article_id):
                self._writer().delete_by_term("id", article_id)
                self.manifest.forget_article(article_id)
                self.report.articles_removed += 1

    def write_file(self, path: str, record: FileRecord, articles: Iterable[Article]) -> None:
        from searcher.schema import document

        old_ids = self.manifest.ids_of(path)
        ids: set[str] = set()
        for article in articles:
            key = content_key(article)
            twin = self.manifest.id_with_content(key)
            if article.id in self.batch_ids or (
                twin and twin != article.id and twin not in old_ids
                and self.manifest.is_referenced(twin)
            ):
                self.report.duplicates += 1
                ids.add(twin or article.id)
                continue
            self._writer().update_document(**document(article))
            self.manifest.set_article(article.id, key)
            self.batch_ids.add(article.id)
            ids.add(article.id)
            self.report.articles_written += 1
            self.pending += 1
        self.manifest.set_file(path, record, ids)
        self.delete_unreferenced(old_ids - ids)
        if self.pending >= self.batch_size:
            self.commit()

    def remove_file(self, path: str) -> None:
        old_ids = self.manifest.ids_of(path)
        self.manifest.forget_file(path)
        self.delete_unreferenced(old_ids)


def index_paths(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: Path,
    *,
    field_map: Mapping[str, str] | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with the article files under ``paths``."""
    started = time.perf_counter()
    roots = [Path(p).expanduser() for p in paths]
    files, ignored = discover(roots, index_dir)
    with write_lock(index_dir):
        ix = open_or_create_for_write(index_dir)
        manifest = Manifest(index_dir)
        run = _Run(ix, manifest, index_dir, batch_size)
        run.report.ignored = ignored
        try:
            known = manifest.files()
            on_disk = {str(p) for p in files}
            prefixes = tuple(str(r.resolve()) for r in roots)
            for done, path in enumerate(files, 1):
                if progress:
                    progress(done, len(files), str(path))
                _index_one(run, path, known.get(str(path)), field_map)
            for gone in sorted(p for p in known if p not in on_disk and _under(p, prefixes)):
                run.remove_file(gone)
                run.report.removed += 1
            run.commit()
        except KeyboardInterrupt:
            run.cancel()
            raise IndexInterrupted(
                "indexing interrupted; every batch committed before it is kept",
                hint="run the same command again to finish") from None
        except BaseException:
            run.cancel()
            raise
        finally:
            ix.close()
            manifest.close()
    run.report.seconds = time.perf_counter() - started
    return run.report


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes)


def _index_one(run: _Run, path: Path, known: FileRecord | None,
               field_map: Mapping[str, str] | None) -> None:
    from searcher.parsers import DEFAULT_MAX_BYTES, parse_bytes, parse_file

    report = run.report
    name = str(path)
    try:
        stat = path.stat()
        if known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
            report.unchanged += 1
            return
        large = stat.st_size > DEFAULT_MAX_BYTES
        # Big files (JSON Lines archives) are hashed and parsed as streams, never held whole.
        stat, data = _stat_and_digest(path) if large else _read(path)
        digest = data if large else hashlib.blake2b(data, digest_size=16).hexdigest()
        record = FileRecord(stat.st_size, stat.st_mtime_ns, digest)
        if known and known.digest == record.digest:
            run.manifest.set_file(name, record, run.manifest.ids_of(name))
            report.unchanged += 1
            return
        if large:
            outcome = parse_file(path, field_map=field_map)
        else:
            outcome = parse_bytes(data, name, field_map=field_map)
    except FileNotFoundError:
        report.skipped.append(Skipped(name, "vanished before it could be read"))
        return
    except ParseError as exc:
        report.skipped.append(Skipped(name, _reason(exc.message, name)))
        return
    report.problems.extend(str(p) for p in outcome.problems)
    run.write_file(name, record, outcome.articles)
    if known:
        report.updated += 1
    else:
        report.new += 1


def _reason(message: str, name: str) -> str:
    prefix = name + ": "
    return message[len(prefix):] if message.startswith(prefix) else message
