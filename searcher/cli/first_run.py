"""First run: with no index at the default location, build one from the bundled sample corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from searcher import settings
from searcher.index.directory import index_exists, resolve_index_dir

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
    explicit = bool(option or settings.index_dir_from_environment())
    if explicit or index_exists(directory):
        return directory
    # Only now: finding the packaged corpus imports importlib.resources and zipfile (~6 ms),
    # which a search of an existing index must not pay.
    corpus = sample_corpus()
    if corpus is None:
        return directory
    from searcher.index.run import index_paths

    env.stderr.write(f"khabar: no index yet; indexing the sample corpus {corpus} "
                     f"into {directory} (once)\n")
    report = index_paths([corpus], directory)
    env.stderr.write(f"khabar: indexed {report.articles_written} articles in "
                     f"{report.seconds:.1f} s\n")
    return directory


def note_if_empty(archive: Any, env: Any) -> bool:
    """Say on stderr, once, that an opened index holds no articles and how to fill it."""
    if not archive.is_empty:
        return False
    env.stderr.write(f"khabar: the index at {archive.index_dir} is empty (hint: fill it with: "
                     f"khabar index PATH --index {archive.index_dir})\n")
    return True
