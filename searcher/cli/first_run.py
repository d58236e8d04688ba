"""First run: with no index at the default location, build one from the bundled sample corpus."""

from __future__ import annotations

import os
import shutil
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

from searcher import settings
from searcher.index.directory import index_exists, resolve_index_dir
from searcher.index.format import INDEX_FORMAT, stored_format

# In a checkout (and an editable install) the corpus is the repository's top-level folder.
SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "sample_corpus"


def sample_corpus() -> Path | None:
    """The bundled sample corpus, if present: $KHABAR_SAMPLE_CORPUS, else the copy installed
    inside the package (searcher/sample_corpus, put there by setup.py's build step), else the
    checkout's sample_corpus/."""
    explicit = settings.sample_corpus_from_environment()
    if explicit:
        return explicit if explicit.is_dir() else None
    from importlib.resources import files

    packaged = files("searcher").joinpath("sample_corpus")
    # An installed package is a folder on disk, so the resource is a real path (index_paths
    # walks it); a zipped install would fall through to the checkout's copy.
    if packaged.is_dir() and Path(str(packaged)).is_dir():
        return Path(str(packaged))
    return SAMPLE_CORPUS if SAMPLE_CORPUS.is_dir() else None


def ensure_index(option: str | None, env: Any) -> Path:
    """The index directory; on first use of the default location, index the sample corpus.

    An explicit ``--index`` or ``$KHABAR_INDEX`` that holds no index is an error instead (the
    search reports it), because silently filling a directory the user named would surprise.
    """
    directory = resolve_index_dir(option)
    if option or settings.index_dir_from_environment():
        return directory
    exists = index_exists(directory)
    if exists and stored_format(directory) == INDEX_FORMAT:
        return directory
    # Only now: finding the packaged corpus imports importlib.resources and zipfile (~6 ms),
    # which a search of a current index must not pay.
    corpus = sample_corpus()
    if corpus is None:
        return directory
    if not exists:
        env.stderr.write(f"khabar: no index yet; indexing the sample corpus {corpus} "
                         f"into {directory} (once)\n")
        _index_sample(corpus, directory, env)
    elif _built_from(directory, corpus):
        env.stderr.write(f"khabar: the sample index at {directory} was written by an older "
                         f"khabar; indexing the sample corpus {corpus} again\n")
        _rebuild(directory, corpus, env)
    # else the user's own articles in an older format: opening it says how to re-index
    return directory


def _index_sample(corpus: Path, directory: Path, env: Any) -> None:
    from searcher.index.run import index_paths

    report = index_paths([corpus], directory)
    env.stderr.write(f"khabar: indexed {report.articles_written} articles in "
                     f"{report.seconds:.1f} s\n")


def _built_from(directory: Path, corpus: Path) -> bool:
    """Whether the index at ``directory`` is this user's (signed with their key) and holds the
    files of ``corpus`` alone: an index khabar built itself, which rebuilding loses nothing of."""
    import sqlite3

    from searcher.index import trust
    from searcher.index.discovery import under
    from searcher.index.manifest import MANIFEST_FILE

    if not trust.is_trusted(directory):
        return False
    try:
        # Read-only: the manifest of another format is looked at, never changed.
        with closing(sqlite3.connect(f"file:{directory / MANIFEST_FILE}?mode=ro",
                                     uri=True)) as db:
            paths = [os.fsdecode(row[0]) for row in db.execute("SELECT path FROM files")]
    except sqlite3.Error:
        return False
    return bool(paths) and all(under(p, (str(corpus.resolve()),)) for p in paths)


def _rebuild(directory: Path, corpus: Path, env: Any) -> None:
    """Index ``corpus`` beside ``directory``, then swap it in: the old index stays whole until
    the new one is committed, and a crash in between leaves no index (the next run builds one)."""
    fresh = directory.with_name(f"{directory.name}.rebuilding-{os.getpid()}")
    old = directory.with_name(f"{directory.name}.old-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        _index_sample(corpus, fresh, env)
        # Another search may be rebuilding it too: the first new index in place stays.
        with suppress(FileNotFoundError):  # moved aside by the other one already
            directory.rename(old)
        with suppress(OSError):  # the other one's is in place already: this one is dropped
            fresh.rename(directory)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def note_if_empty(archive: Any, env: Any) -> bool:
    """Say on stderr, once, that an opened index holds no articles and how to fill it."""
    if not archive.is_empty:
        return False
    env.stderr.write(f"khabar: the index at {archive.index_dir} is empty (hint: fill it with: "
                     f"khabar index PATH --index {archive.index_dir})\n")
    return True
