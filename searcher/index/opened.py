"""An opened index: the articles in it, their statistics, and export.

:class:`OpenedIndex` keeps one whoosh searcher open for repeated queries (the shell, batch runs)
and hands out plain data only; whoosh objects never leave searcher.archive/search.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from searcher.article import Article
from searcher.errors import ArticleNotFoundError
from searcher.index.schema import stored_article
from searcher.index.directory import open_index, resolve_index_dir, retry_on_commit


@dataclass(frozen=True, slots=True)
class Stats:
    articles: int
    sources: dict[str, int]
    first: datetime | None
    last: datetime | None
    undated: int
    index_bytes: int
    index_dir: str

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "sources": self.sources,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "undated": self.undated,
            "index_bytes": self.index_bytes,
            "index_dir": self.index_dir,
        }


# How old the index directory's modification time must be before it vouches for the index
# being unchanged (see OpenedIndex._settled_stamp).
_SETTLED_NS = 1_000_000_000


def _open_searcher(ix: Any) -> Any:
    """A searcher on the newest commit of ``ix``, scoring with khabar's BM25."""
    from searcher.engine.block_decoding import use_fast_decoding
    from searcher.rank.bm25 import KhabarBM25

    return use_fast_decoding(ix.searcher(weighting=KhabarBM25()))


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
        # ايرنا, IRNA and ایرنا are one agency: counted under the canonical name.
        from searcher.ingest.agencies import canonical_agency

        sources: Counter[str] = Counter()
        for source, articles in self._source_counts():
            sources[canonical_agency(source) or "—"] += articles
        count, undated, first, last = self._date_summary()
        size = sum(p.stat().st_size for p in self.index_dir.iterdir() if p.is_file())
        return Stats(count, dict(sources.most_common()), first, last, undated, size,
                     str(self.index_dir))

    def _live_segments(self) -> Iterator[tuple[Any, int, Any]]:
        """(segment reader, docnum offset, mask of its live documents) for every segment."""
        from searcher.engine.column_arrays import deleted_mask

        for reader, offset in self.searcher.reader().leaf_readers():
            yield reader, offset, ~deleted_mask(reader)

    def _source_counts(self) -> Iterator[tuple[str, int]]:
        """(agency as written, live articles) in the order each spelling first occurs."""
        import numpy as np

        from searcher.engine.column_arrays import ref_column

        for reader, _offset, live in self._live_segments():
            refs, names = ref_column(reader, "source_name")
            refs = refs[live]
            counts = np.bincount(refs, minlength=len(names))
            present, first_at = np.unique(refs, return_index=True)
            for ref in present[np.argsort(first_at, kind="stable")]:
                yield names[ref].decode("utf-8"), int(counts[ref])

    def _date_summary(self) -> tuple[int, int, datetime | None, datetime | None]:
        """Live articles, undated ones, and the first and last publication times (as the
        articles state them, offsets included)."""
        import numpy as np

        from searcher.engine.column_arrays import DATE_MISSING, date_column

        count = undated = 0
        earliest: tuple[int, int] | None = None  # (column value, global docnum)
        latest: tuple[int, int] | None = None
        for reader, offset, live in self._live_segments():
            dates = date_column(reader, "published")
            count += int(live.sum())
            dated = live & (dates != DATE_MISSING)
            undated += int((live & ~dated).sum())
            if not dated.any():
                continue
            docs = np.flatnonzero(dated)
            low, high = docs[np.argmin(dates[docs])], docs[np.argmax(dates[docs])]
            if earliest is None or dates[low] < earliest[0]:
                earliest = (int(dates[low]), offset + int(low))
            if latest is None or dates[high] > latest[0]:
                latest = (int(dates[high]), offset + int(high))
        return count, undated, self._published(earliest), self._published(latest)

    def _published(self, found: tuple[int, int] | None) -> datetime | None:
        if found is None:
            return None
        return stored_article(self.searcher.stored_fields(found[1])).published
