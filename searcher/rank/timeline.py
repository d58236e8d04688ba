"""When a story ran: matching articles counted per Jalali day, week, month or year.

Counts come from the publication column (:mod:`searcher.rank.doc_values`): the matching document
numbers index an array of seconds, which a binary search against period starts turns into
bucket numbers. No stored article is read, so a query matching tens of thousands of articles
costs its posting lists and a few array operations.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from searcher.index.opened import OpenedIndex
from searcher.tallies import Bucket, Timeline
from searcher.rank.periods import (
    choose_granularity,
    midnight_seconds,
    periods_between,
    tehran_day,
)


def count_by_period(seconds: np.ndarray, by: str | None, first: date | None = None,
                    last: date | None = None) -> tuple[str, list[tuple[Any, int]]]:
    """(granularity, [(period, count)]) for dated publication ``seconds``.

    The periods run from ``first`` (else the earliest date) to ``last`` (else the latest), empty
    ones included; ``by=None`` picks the granularity from that span.
    """
    if first is None or last is None:
        if not len(seconds):
            return by or "month", []
        first = first or tehran_day(int(seconds.min()))
        last = last or tehran_day(int(seconds.max()))
    by = by or choose_granularity(first, last)
    periods = periods_between(first, last, by)
    starts = np.array([midnight_seconds(p.start) for p in periods]
                      + [midnight_seconds(periods[-1].end)], dtype=np.int64)
    inside = seconds[(seconds >= starts[0]) & (seconds < starts[-1])]
    counts = np.bincount(np.searchsorted(starts, inside, side="right") - 1,
                         minlength=len(periods))
    return by, [(period, int(n)) for period, n in zip(periods, counts, strict=False)]


def timeline(index: OpenedIndex | Path | str | None, query: str, *, by: str | None = None,
             filters: Any = None) -> Timeline:
    """Matching articles per Jalali period; ``filters`` (a search Filters) bound the span."""
    from searcher.rank.doc_values import doc_values
    from searcher.rank.matches import matches_of
    from searcher.rank.search import compiled_query, filter_query_of, opened

    with opened(index) as archive:
        compiled = compiled_query(query)
        if compiled.query is None:
            return Timeline(query, by or "month", (), 0, tuple(compiled.warnings))
        searcher = archive.searcher
        matches = matches_of(searcher, compiled.query, filter_query_of(filters)).array()
        values = doc_values(searcher)
    seconds = values.published[matches]
    dated = seconds[values.dated[matches]]
    first = filters.since.date() if filters is not None and filters.since else None
    last = ((filters.until - timedelta(seconds=1)).date()  # until is exclusive
            if filters is not None and filters.until else None)
    if (first is None) != (last is None) and len(dated):
        first = first or tehran_day(int(dated.min()))
        last = last or tehran_day(int(dated.max()))
    chosen, counted = count_by_period(dated, by, first, last)
    buckets = tuple(Bucket(p.label, p.start, p.last, n) for p, n in counted)
    return Timeline(query, chosen, buckets, int(len(seconds) - len(dated)),
                    tuple(compiled.warnings))
