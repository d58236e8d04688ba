"""An opened index: the articles in it, looked up or streamed (its figures: searcher.index.stats).

:class:`OpenedIndex` keeps one whoosh searcher open for repeated queries (the shell, batch runs)
and hands out plain data only; whoosh objects never leave searcher.archive/search.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from searcher.article import Article
from searcher.errors import ArticleNotFoundError
from searcher.index.schema import stored_article
from searcher.index.directory import open_index, resolve_index_dir, retry_on_commit

if TYPE_CHECKING:
    from searcher.index.stats import Stats


# How old the index directory's modification time must be before it vouches for the index
# being unchanged (see OpenedIndex._settled_stamp).
_SETTLED_NS = 1_000_000_000


def _open_searcher(ix: Any) -> Any:
    """A searcher on the newest commit of ``ix``, scoring with khabar's BM25, each term's
    document frequency counted once, stored articles located without a Python loop."""
    from searcher.engine.block_decoding import use_fast_decoding
    from searcher.engine.stored_offsets import use_fast_stored_fields
    from searcher.engine.term_stats import remember_doc_frequencies
    from searcher.rank.bm25 import KhabarBM25

    searcher = use_fast_stored_fields(ix.searcher(weighting=KhabarBM25()))
    return remember_doc_frequencies(use_fast_decoding(searcher))


def raise_if_damaged(index_dir: Path, exc: BaseException) -> None:
    """Raise the one-line "index is damaged" error when ``exc`` came from damaged bytes."""
    from searcher.index.check import damaged_error

    error = damaged_error(index_dir, exc)
    if error is not None:
        raise error from exc


class OpenedIndex:
    """A trusted, opened khabar index. Use as a context manager, or call :meth:`close`."""

    def __init__(self, index_dir: Path | str | None = None) -> None:
        self.index_dir = resolve_index_dir(index_dir)
        try:
            stamp = self._settled_stamp()
            self._ix, self._searcher = retry_on_commit(self.index_dir, self._open)
        except FileNotFoundError as exc:
            raise_if_damaged(self.index_dir, exc)
            raise
        self._checked_stamp = stamp
        self._vocabulary: tuple[Any, list[str]] | None = None

    def _open(self) -> tuple[Any, Any]:
        ix = open_index(self.index_dir)
        try:
            return ix, _open_searcher(ix)
        except Exception as exc:
            ix.close()
            if not isinstance(exc, FileNotFoundError):  # a commit moved on: retried
                raise_if_damaged(self.index_dir, exc)
            raise

    def __enter__(self) -> OpenedIndex:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        self.close()
        if exc is not None:
            raise_if_damaged(self.index_dir, exc)

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    @property
    def searcher(self) -> Any:
        """The live whoosh searcher, reopened if the index changed (for searcher.rank.search).

        Reopened rather than ``refresh()``ed: whoosh's refresh fails on a searcher over an index
        with no segments (an empty index), and re-adds the segments of the old reader that a
        merge has since replaced.
        """
        stamp = self._settled_stamp()
        if stamp is not None and stamp == self._checked_stamp:
            return self._searcher  # the directory is as it was at the last check
        if not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = retry_on_commit(self.index_dir, lambda: _open_searcher(self._ix))
        self._checked_stamp = stamp
        return self._searcher

    def _settled_stamp(self) -> int | None:
        """The index directory's modification time, when it is old enough to vouch for it.

        Every commit adds a table of contents to the directory, which moves its modification
        time; so while that time stays the same, a searcher found up to date stays so, and
        asking whoosh (which lists the directory: ~14 times per query) can be skipped. A time
        within a second of now cannot vouch: the file system's clock ticks coarsely, and a
        commit in the same tick would leave it unchanged.
        """
        try:
            stamp = os.stat(self.index_dir).st_mtime_ns
        except OSError:
            return None
        return stamp if time.time_ns() - stamp > _SETTLED_NS else None

    @property
    def is_empty(self) -> bool:
        return len(self) == 0

    def __len__(self) -> int:
        return self.searcher.doc_count()

    def doc_freq(self, term: str) -> int:
        return self.searcher.doc_frequency("text", term)

    def vocabulary(self) -> list[str]:
        """Every term of the text field (for did-you-mean), read once per version of the index
        (and cached on disk between runs: :mod:`searcher.index.vocabulary`)."""
        searcher = self.searcher
        if self._vocabulary is None or self._vocabulary[0] is not searcher:
            from searcher.index.vocabulary import vocabulary

            self._vocabulary = (searcher, vocabulary(self.index_dir, searcher.reader()))
        return self._vocabulary[1]

    def article(self, article_id: str) -> Article:
        docnum = self.searcher.document_number(id=article_id)
        if docnum is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r} in {self.index_dir}")
        return stored_article(self.searcher.stored_fields(docnum))

    def docnum(self, article_id: str) -> int | None:
        return self.searcher.document_number(id=article_id)

    def articles(self) -> Iterator[Article]:
        """Every stored article, in index order (streams; memory stays flat)."""
        reader = self.searcher.reader()
        for docnum in reader.all_doc_ids():
            yield stored_article(reader.stored_fields(docnum))

    def stats(self) -> Stats:
        """Counts from the index's columns (agency, date), never from the stored articles:
        its cost is a few array operations per segment, whatever the archive's size."""
        from searcher.index.stats import index_stats

        return index_stats(self)
