"""Index folders of articles: incremental, batch-committed, one bad file never costs the rest.

A run holds the writer lock and compares every file with the manifest: size and mtime first,
so unchanged files are not read; then a digest, so a touched but unchanged file is not
re-parsed. Changed files are read, parsed and analyzed in worker processes
(:mod:`searcher.index.workers`) while this process writes them to whoosh, committing every
``batch_size`` articles — each commit signed (:mod:`searcher.index.trust`) and then recorded in the
manifest. kill -9 or Ctrl-C loses at most the batch in progress, and the next run picks it up.
"""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager, suppress
from functools import partial
from pathlib import Path
from typing import Any

from searcher.index import faults, gc_tuning, trust
from searcher.errors import ExitCode, IndexWriteError, KhabarError
from searcher.index.workers import (AHEAD_ARTICLES, ARTICLE_CHUNK, MIN_FILES_FOR_WORKERS,
                                    AnalysisAhead, default_jobs, prepared_in_order, start_pool)
from searcher.index.prepare import Prepared, PreparedArticle, Task, content_key, prepare
from searcher.engine.leftovers import remove_leftovers
from searcher.engine.segment_writer import open_writer, quiet_release
from searcher.index.manifest import FileRecord, Manifest
from searcher.index.repair import damage, empty, reconcile
from searcher.index.stories import restore_stories, write_stories
from searcher.index.directory import open_or_create_for_write, write_lock
from searcher.index.discovery import ARTICLE_SUFFIXES, LINK_NOT_FOLLOWED, discover, under
from searcher.index.report import PROGRESS_ARTICLES, IndexReport, Progress, Skipped

__all__ = ["ARTICLE_SUFFIXES", "DEFAULT_BATCH", "IndexInterrupted", "IndexReport", "Progress",
           "Skipped", "content_key", "discover", "index_paths"]

DEFAULT_BATCH = 5_000
# A file's articles are committed with the file (a run stopped mid-file keeps none of them)
# up to this many batches; a bigger file (one JSON Lines archive) is committed every this many,
# so the writer's memory stays bounded and no flush waits for a whole archive. Its articles
# committed before a stop stay (they are searchable) and the file, not yet recorded, is read
# again by the next run, which replaces them.
FILE_BATCHES = 4
# whoosh's in-memory posting pool per writer; bounds indexing memory on any archive size.
WRITER_POOL_MB = 192
# About the size of one article on disk: how many articles a few big files (JSON Lines) hold.
ARTICLE_BYTES = 3_000


class IndexInterrupted(KhabarError):
    """Ctrl-C during indexing: committed batches are kept."""

    exit_code = ExitCode.INTERRUPTED



class _Run:
    """One indexing run: the open writer, the manifest and the report."""

    def __init__(self, ix: Any, manifest: Manifest, index_dir: Path, batch_size: int,
                 progress: Progress | None = None, files: int = 0) -> None:
        self.ix = ix
        self.index_dir = index_dir
        self.manifest = manifest
        self.batch_size = batch_size
        self.report = IndexReport()
        self.writer: Any = None
        self.pending = 0
        self.batch_ids: set[str] = set()  # written since the last commit
        self.run_ids: set[str] = set()  # written in this run: a later copy is a duplicate
        # Files whose article collapsed into one whose text has since changed: read them again.
        self.redo: set[str] = set()
        self.progress = progress
        self.files_total = files
        self.files_done = 0
        self.current = ""

    def note_file(self, path: str) -> None:
        """Tell the progress callback that one more file is being taken."""
        self.files_done += 1
        self.current = path
        if self.progress:
            self.progress(self.files_done, self.files_total, self.report.articles_written, path)

    def active_writer(self) -> Any:
        if self.writer is None:
            self.writer = open_writer(self.ix, limitmb=WRITER_POOL_MB,
                                      on_merge=partial(faults.reached, "merge"))
        return self.writer

    def commit(self) -> None:
        faults.reached("commit")
        with _interrupts_deferred():
            if self.writer is not None:
                # signs the new TOC before it appears (searcher.index.directory)
                self.writer.commit()
                self.writer = None
                gc_tuning.after_commit()
                faults.reached("resign")
                write_stories(self.index_dir, self.ix)  # same-story groups of this generation
                trust.sign(self.index_dir)  # again, without the files whoosh removed
            faults.reached("manifest")
            self.manifest.set_generation(self.ix.latest_generation())
            self.manifest.commit()
        faults.reached("committed")
        self.pending = 0
        self.batch_ids.clear()

    def cancel(self) -> None:
        if self.writer is not None:
            with quiet_release():
                writer, self.writer = self.writer, None
                with suppress(Exception):  # already failing: the first error is the one to show
                    writer.cancel()
                del writer
        with suppress(Exception):
            self.manifest.rollback()
        with suppress(Exception):  # a full disk can still delete; else the next run does
            remove_leftovers(self.ix, self.index_dir)

    def apply(self, prepared: Prepared, known: FileRecord | None) -> None:
        """Bring the index up to date with one prepared file."""
        report = self.report
        self.redo.discard(prepared.path)
        if prepared.skipped:
            report.skipped.append(Skipped(prepared.path, prepared.skipped))
            if prepared.vanished and known:
                self.remove_file(prepared.path)
        elif prepared.unchanged:
            assert prepared.record is not None  # set for every file that was read
            self.manifest.set_record(prepared.path, prepared.record)
            report.unchanged += 1
        else:
            assert prepared.record is not None
            self.write_file(prepared.path, prepared.record, prepared.articles, prepared.unread)
            # after its articles: a file parsed as they are taken knows its problems then
            report.problems.extend(prepared.problems)
            if prepared.unread:
                report.skipped.append(Skipped(prepared.path, f"{prepared.unread[0]}: the "
                                              "articles before it are indexed; run again to "
                                              "index the rest"))
            elif known:
                report.updated += 1
            else:
                report.new += 1
        self.commit_if_full()

    def commit_if_full(self) -> None:
        if self.pending >= self.batch_size:
            self.commit()

    def write_file(self, path: str, record: FileRecord, articles: Iterable[PreparedArticle],
                   unread: Sequence[str] = ()) -> None:
        """Write a file's articles and record the file; ``unread`` (filled once ``articles``
        are taken) says the file could not be read to its end: what was read is kept, the
        file is not recorded, so the next run reads it again."""
        old_ids = self.manifest.ids_of(path)
        most = self.batch_size * FILE_BATCHES
        ids: set[str] = set()
        aliases: set[str] = set()
        for article in articles:
            if article.id in ids or article.id in self.run_ids:
                # The same id twice in a file, or written from another file in this run.
                self.report.duplicates += 1
                ids.add(article.id)
                continue
            twin = self.manifest.id_with_content(article.key)
            # A twin only this file gave is its own earlier version, not a second copy.
            if twin and twin != article.id and (
                    twin in ids or self.manifest.referenced_elsewhere(twin, path)):
                self.report.duplicates += 1
                ids.add(twin)
                aliases.add(twin)
                continue
            self._write(path, article)
            ids.add(article.id)
            if self.pending >= most:
                self.commit()
        if unread:
            return
        self.manifest.set_file(path, record, ids, aliases)
        self.delete_unreferenced(old_ids - ids)

    def _write(self, path: str, article: PreparedArticle) -> None:
        before = self.manifest.content_of(article.id)
        if before is None:
            self.active_writer().add_document(**article.doc)  # not in the index: no lookup needed
        else:
            self.active_writer().update_document(**article.doc)
            if before != article.key:
                self.redo |= self.manifest.alias_holders(article.id) - {path}
        self.manifest.set_article(article.id, article.key)
        faults.reached("article")
        self.batch_ids.add(article.id)
        self.run_ids.add(article.id)
        self.report.articles_written += 1
        self.pending += 1
        if self.progress and self.report.articles_written % PROGRESS_ARTICLES == 0:
            self.progress(self.files_done, self.files_total, self.report.articles_written,
                          self.current)

    def delete_unreferenced(self, ids: Iterable[str]) -> None:
        for article_id in sorted(ids):
            if self.manifest.is_referenced(article_id):
                continue
            if article_id in self.batch_ids:
                self.commit()  # whoosh deletes committed documents only
            self.active_writer().delete_by_term("id", article_id)
            self.manifest.forget_article(article_id)
            self.report.articles_removed += 1
            self.pending += 1

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
    jobs: int | None = None,
    max_bytes: int | None = None,
    follow_symlinks: bool = False,
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with the article files under ``paths``.

    ``jobs`` worker processes read and parse (0: this process does; default: one per CPU
    beside this one, at most two; none for small runs);
    ``max_bytes`` caps one document (default: the parsers' cap; JSON Lines is streamed).
    """
    from searcher.ingest import dispatch as parsers

    started = time.perf_counter()
    roots = [Path(p).expanduser() for p in paths]
    files, left_out = discover(roots, index_dir, follow_symlinks=follow_symlinks)
    # A link not followed is reported like a skipped file (and fails --strict): the user may
    # have meant it; a non-article file is only counted.
    links = [s for s in left_out if s.reason.startswith(LINK_NOT_FOLLOWED)]
    ignored = [s for s in left_out if not s.reason.startswith(LINK_NOT_FOLLOWED)]
    cap = parsers.DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    with write_lock(index_dir), gc_tuning.bulk_work():
        damaged = damage(index_dir)
        if damaged:
            empty(index_dir)
        ix = open_or_create_for_write(index_dir)
        manifest = Manifest(index_dir)
        run = _Run(ix, manifest, index_dir, batch_size, progress, len(files))
        run.report.ignored, run.report.ignored_files = len(ignored), ignored
        if damaged:
            run.report.problems.append(
                f"the index was damaged ({damaged}): rebuilt from the folders given; index any "
                "other folder it held again")
        run.report.skipped.extend(links)
        try:
            remove_leftovers(ix, index_dir)
            if reconcile(ix, manifest, run.active_writer):
                run.commit()
            if restore_stories(index_dir, ix):  # left stale by a writer killed after commit
                trust.sign(index_dir)
            known = manifest.files()
            tasks = _plan(run, files, known, field_map, cap)
            with closing(_prepare_all(tasks, jobs, run)) as stream:  # type: ignore[type-var]
                for prepared in stream:
                    run.apply(prepared, known.get(prepared.path))
            _redo_collapsed(run, field_map, cap)
            prefixes = tuple(str(r.resolve()) for r in roots)
            on_disk = {str(p) for p in files}
            # A file this walk did not take (given explicitly before, ignored now) keeps its
            # articles while it exists: only a file that is gone takes its articles with it.
            for gone in sorted(p for p in known if p not in on_disk and under(p, prefixes)
                               and not os.path.lexists(p)):
                run.remove_file(gone)
                run.report.removed += 1
                run.commit_if_full()
            run.commit()
            faults.reached("end")
        except KeyboardInterrupt:
            run.cancel()
            raise IndexInterrupted(
                "indexing interrupted; every batch committed before it is kept",
                hint="run the same command again to finish") from None
        except (OSError, sqlite3.OperationalError) as exc:
            error = _write_error(exc, index_dir)
            # The traceback's frames hold whoosh's half-written temporary files: let them go
            # before cancelling, so they are closed now, quietly (see cancel_writer).
            exc.__traceback__ = None
            del exc
            run.cancel()
            raise error from None
        except BaseException:
            run.cancel()
            raise
        finally:
            ix.close()
            manifest.close()
    run.report.seconds = time.perf_counter() - started
    return run.report


def _plan(run: _Run, files: list[Path], known: dict[str, FileRecord],
          field_map: Mapping[str, str] | None, cap: int) -> list[Task]:
    """Tasks for the files that may have changed; the others are counted unchanged now."""
    tasks = []
    for path in files:
        name = str(path)
        record = known.get(name)
        try:
            stat = path.stat()
        except OSError:
            stat = None  # vanished or unreadable: prepare() says which
        if record and stat and (record.size, record.mtime_ns) == (stat.st_size,
                                                                   stat.st_mtime_ns):
            run.report.unchanged += 1
            run.note_file(name)
            continue
        tasks.append(Task(name, record.digest if record else None, field_map, cap))
    return tasks


def _prepare_all(tasks: list[Task], jobs: int | None, run: _Run) -> Iterator[Prepared]:
    jobs = default_jobs() if jobs is None else jobs
    few_files = len(tasks) < MIN_FILES_FOR_WORKERS
    if jobs >= 1 and few_files and _articles_estimate(tasks) >= MIN_FILES_FOR_WORKERS:
        yield from _big_files_in_workers(tasks, jobs, run)
        return
    if jobs < 1 or few_files:
        for task in tasks:
            run.note_file(task.path)
            # Analyzed as the writer takes them, so progress moves through one big file.
            yield prepare(task, lazy=True)
        return
    for prepared in prepared_in_order(tasks, jobs):
        run.note_file(prepared.path)
        yield prepared


def _articles_estimate(tasks: list[Task]) -> int:
    """About how many articles the files of ``tasks`` hold, from their sizes."""
    total = 0
    for task in tasks:
        with suppress(OSError):
            total += os.stat(task.path).st_size
    return total // ARTICLE_BYTES


def _big_files_in_workers(tasks: list[Task], jobs: int, run: _Run) -> Iterator[Prepared]:
    """Few files, some of them big: each file parsed here, its articles analyzed in workers.

    Each file is parsed (and its articles registered with the workers) before the writer
    takes the one before it, so the workers go on into the next file while the writer
    finishes and commits the current one.
    """
    pool = start_pool(jobs)
    ahead = AnalysisAhead(pool, AHEAD_ARTICLES // ARTICLE_CHUNK)
    try:
        waiting: tuple[str, Prepared] | None = None
        for task in tasks:
            prepared = prepare(task, lazy=True, analyze=ahead.analyzed)
            if waiting is not None:
                run.note_file(waiting[0])
                yield waiting[1]
            waiting = (task.path, prepared)
        if waiting is not None:
            run.note_file(waiting[0])
            yield waiting[1]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _redo_collapsed(run: _Run, field_map: Mapping[str, str] | None, cap: int) -> None:
    """Files whose article had collapsed into a twin whose text changed get their own again."""
    redone: set[str] = set()
    while run.redo - redone:
        path = min(run.redo - redone)
        redone.add(path)
        if not Path(path).exists():
            continue
        prepared = prepare(Task(path, None, field_map, cap))
        if prepared.record is not None and not prepared.skipped:
            run.write_file(path, prepared.record, prepared.articles)
    run.redo.clear()


def _write_error(exc: OSError | sqlite3.OperationalError, index_dir: Path) -> IndexWriteError:
    """One line naming the cause: ENOSPC, EFBIG, EIO… (sqlite reports a full disk in words)."""
    if isinstance(exc, OSError):
        code = errno.errorcode.get(exc.errno or 0, "")
        cause = f"{exc.strerror or exc}" + (f" ({code})" if code else "")
    else:
        cause = f"the manifest: {exc}"
    return IndexWriteError(f"could not write the index at {index_dir}: {cause}")


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, so a commit and its signature go together."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
