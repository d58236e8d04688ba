"""What ``khabar stats`` reports: an index's articles by agency and its date range.

Counted from the index's columns (agency, date), never from the stored articles: the cost is a
few array operations per segment, whatever the archive's size. Kept apart from
:mod:`searcher.index.opened` so that a search, which never asks, does not pay for this module
(numpy is imported only here, when stats are asked for).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from searcher.index.directory import regular_files
from searcher.index.schema import stored_article

if TYPE_CHECKING:
    from searcher.index.opened import OpenedIndex


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


def index_stats(archive: OpenedIndex) -> Stats:
    """The figures of ``archive``, an opened index."""
    # ايرنا, IRNA and ایرنا are one agency: counted under the canonical name.
    from searcher.ingest.agencies import canonical_agency

    searcher = archive.searcher  # one version of the index for every figure
    sources: Counter[str] = Counter()
    for source, articles in _source_counts(searcher):
        sources[canonical_agency(source) or "—"] += articles
    count, undated, first, last = _date_summary(searcher)
    size = sum(status.st_size for _, status in regular_files(archive.index_dir))
    return Stats(count, dict(sources.most_common()), first, last, undated, size,
                 str(archive.index_dir))


def _live_segments(searcher: Any) -> Iterator[tuple[Any, int, Any]]:
    """(segment reader, docnum offset, mask of its live documents) for every segment."""
    from searcher.engine.column_arrays import deleted_mask

    for reader, offset in searcher.reader().leaf_readers():
        yield reader, offset, ~deleted_mask(reader)


def _source_counts(searcher: Any) -> Iterator[tuple[str, int]]:
    """(agency as written, live articles) in the order each spelling first occurs."""
    import numpy as np

    from searcher.engine.column_arrays import ref_column

    for reader, _offset, live in _live_segments(searcher):
        refs, names = ref_column(reader, "source_name")
        refs = refs[live]
        counts = np.bincount(refs, minlength=len(names))
        present, first_at = np.unique(refs, return_index=True)
        for ref in present[np.argsort(first_at, kind="stable")]:
            yield names[ref].decode("utf-8"), int(counts[ref])


def _date_summary(searcher: Any) -> tuple[int, int, datetime | None, datetime | None]:
    """Live articles, undated ones, and the first and last publication times (as the
    articles state them, offsets included)."""
    import numpy as np

    from searcher.engine.column_arrays import DATE_MISSING, date_column

    count = undated = 0
    earliest: tuple[int, int] | None = None  # (column value, global docnum)
    latest: tuple[int, int] | None = None
    for reader, offset, live in _live_segments(searcher):
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
    return count, undated, _published(searcher, earliest), _published(searcher, latest)


def _published(searcher: Any, found: tuple[int, int] | None) -> datetime | None:
    if found is None:
        return None
    return stored_article(searcher.stored_fields(found[1])).published
