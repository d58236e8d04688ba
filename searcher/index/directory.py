"""Where the index lives, and opening it safely: trusted, one writer at a time.

The location, for every command: ``--index DIR``, else ``$KHABAR_INDEX``, else
``<user data dir>/khabar/index``. whoosh objects stay inside searcher.indexing/search.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from searcher import settings
from searcher.index import faults, trust
from searcher.index.format import FORMAT_FILE, check_format, write_format
from searcher.errors import IndexDamagedError, IndexLockedError, IndexMissingError, KhabarError

LOCK_FILE = "khabar.lock"


def resolve_index_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The index directory for this invocation."""
    if option:
        return Path(option).expanduser()
    return settings.index_dir_from_environment() or settings.default_index_dir()


def index_exists(index_dir: Path) -> bool:
    return index_dir.is_dir() and any(index_dir.glob("_MAIN_*.toc"))


def toc_names(index_dir: Path) -> frozenset[str]:
    """The index's generations on disk: a commit adds one and removes the one before."""
    return frozenset(p.name for p in index_dir.glob("_MAIN_*.toc"))


# A reader lists the newest TOC and then opens it (and its segments); a commit in between
# renames the next TOC in and deletes that one. When the listing moved while a file went
# missing, the index is not damaged: it moved on, and opening again finds the new generation.
_COMMIT_RETRIES = 5


def regular_files(index_dir: Path) -> list[tuple[Path, os.stat_result]]:
    """The regular files in ``index_dir`` with their status, in name order. A file that
    vanishes between the listing and its stat (the manifest's journal, a commit's temporary
    file) is left out: it was not part of any state worth reporting."""
    found = []
    for path in sorted(index_dir.iterdir()):
        try:
            status = path.stat()
        except FileNotFoundError:
            continue
        if stat.S_ISREG(status.st_mode):
            found.append((path, status))
    return found


def retry_on_commit[T](index_dir: Path, open_once: Callable[[], T]) -> T:
    """``open_once()``, again while a file it needed vanished because a commit landed."""
    for _ in range(_COMMIT_RETRIES - 1):
        before = toc_names(index_dir)
        try:
            return open_once()
        except (FileNotFoundError, IndexDamagedError):
            if toc_names(index_dir) == before:
                raise
    return open_once()  # the last try: whatever it raises stands


def open_index(index_dir: Path) -> Any:
    """Open an existing, trusted index for reading."""
    if not index_exists(index_dir):
        default = (settings.index_dir_from_environment() is None
                   and index_dir == resolve_index_dir())
        raise IndexMissingError(
            f"no khabar index at {index_dir}",
            hint="index your articles with: khabar index FOLDER (the index goes to this "
                 "default location)" if default else None)
    trust.verify(index_dir)
    check_format(index_dir)  # before whoosh unpickles anything
    from searcher.engine import safe_pickle
    from searcher.engine.mapped_storage import open_mapped_index

    safe_pickle.install()
    ix = open_mapped_index(str(index_dir))
    from searcher.engine.mapped_storage import missing_files

    missing = missing_files(ix)
    if missing:
        ix.close()
        raise IndexDamagedError(f"the index at {index_dir} is damaged: {missing[0]} is missing",
                                hint=damage_hint(index_dir))
    return ix


def damage_hint(index_dir: Path) -> str:
    return (f"see what is wrong with: khabar check --index {index_dir}; repair it with: "
            f"khabar index PATH --index {index_dir}")


@contextmanager
def write_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's writer lock for a whole run; a second writer is refused at once.

    An OS lock (flock) dies with its process, so kill -9 never leaves a stale lock behind.
    A location that cannot hold an index is refused first, so no lock file is left in it.
    """
    refuse_foreign(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    handle = open(index_dir / LOCK_FILE, "a+")  # noqa: SIM115 (held for the whole run)
    try:
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # Windows
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError as exc:
            raise IndexLockedError(
                f"another khabar process is writing the index at {index_dir}") from exc
        yield
    finally:
        handle.close()


def open_or_create_for_write(index_dir: Path) -> Any:
    """Open the index for writing (caller holds :func:`write_lock`), creating it if absent.

    Its commits sign each new TOC before whoosh renames it into place, so the index on disk is
    trusted at every instant, however the writer dies.
    """
    from searcher.engine import safe_pickle
    from searcher.index.schema import build_schema

    safe_pickle.install()
    storage = _signing_storage(index_dir)
    if index_exists(index_dir):
        trust.verify(index_dir)
        check_format(index_dir)
        return storage.open_index()
    refuse_foreign(index_dir)
    write_format(index_dir)  # first: an index on disk always says its format
    ix = storage.create_index(build_schema())
    trust.sign(index_dir)
    return ix


def refuse_foreign(index_dir: Path) -> None:
    """Raise unless ``index_dir`` is new, empty, or a khabar index: never write into a file or
    into a folder of the user's own files."""
    if index_dir.exists() and not index_dir.is_dir():
        raise KhabarError(f"{index_dir} is a file, not a folder",
                          hint="give --index a new or empty folder, or an existing khabar index")
    if index_exists(index_dir) or not index_dir.is_dir():
        return
    if any(p for p in index_dir.iterdir() if not _left_by_creation(p.name)):
        raise KhabarError(f"{index_dir} is not empty and holds no khabar index",
                          hint="choose an empty or new directory with --index")


def _left_by_creation(name: str) -> bool:
    """khabar's own files, and what a khabar killed while creating the index leaves: its
    first TOC under a temporary name, whoosh's lock (removed by the next run)."""
    return (name in {LOCK_FILE, "manifest.sqlite", FORMAT_FILE, trust.SIGNATURE_FILE,
                     trust.SIGNATURE_FILE + ".tmp", "MAIN_WRITELOCK"}
            or name.startswith("_MAIN_0.toc."))


def _signing_storage(index_dir: Path) -> Any:
    from searcher.engine.mapped_storage import MappedStorage

    class SigningStorage(MappedStorage):
        """whoosh's file storage, signing each TOC just before it appears under its name.

        Mapped, not whoosh's own: the writer reads every segment at each commit (merges,
        deletions, the story groups), and whoosh's storage copies each sub-file it opens
        into memory, so the writer's peak grew by the whole index at every commit (issue 9:
        1.2 GB at 35,000 articles, 100 MB more a commit)."""

        def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
            if trust.is_toc(newname):
                faults.reached("segment")
                trust.sign(index_dir, pending={newname: index_dir / oldname})
                faults.reached("toc")
            super().rename_file(oldname, newname, safe=safe)

    return SigningStorage(str(index_dir))
