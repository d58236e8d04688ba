"""The newsroom columns of an opened index as numpy arrays.

Timelines and facets work the same way: the query's matching document numbers
(:mod:`searcher.rank.matches`) index into per-article arrays — publication second, agency —
that were read once from fixed-width columns (:mod:`searcher.index.columns`) and are kept for as
long as the index is unchanged. No stored article text is read. numpy is imported when this
module is (only these features import it; collapsing reads :mod:`searcher.index.stories`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from searcher.engine.columns import fixed_width_column
from searcher.engine.leaves import leaves
from searcher.index import columns as newsroom


@dataclass(eq=False)
class DocValues:
    """Arrays indexed by the searcher's document number (deleted documents included)."""

    published: np.ndarray  # int64 seconds since 1970 UTC; newsroom.UNDATED when unknown
    agency: np.ndarray  # int32 index into ``agency_names``; 0 = no agency
    agency_names: list[str]

    @cached_property
    def dated(self) -> np.ndarray:
        return self.published != newsroom.UNDATED

    @cached_property
    def jalali_years(self) -> tuple[np.ndarray, tuple[int, ...]]:
        """The Jalali years the dated articles span and the midnights (seconds) that start
        them, one more for the end: made once, so a year facet is one binary search."""
        from searcher.rank.periods import midnight_seconds, periods_between, tehran_day

        dated = self.published[self.dated]
        if not len(dated):
            return np.zeros(1, dtype=np.int64), ()
        periods = periods_between(tehran_day(int(dated.min())), tehran_day(int(dated.max())),
                                  "year")
        starts = [midnight_seconds(p.start) for p in periods] + [midnight_seconds(periods[-1].end)]
        return np.array(starts, dtype=np.int64), tuple(p.start_year for p in periods)


_CACHE: dict[tuple[Any, ...], DocValues] = {}


def _segments(searcher: Any) -> list[tuple[Any, int]]:
    # An index never committed, or whose every file was skipped, has a leaf with no segment
    # (and no columns).
    return [(leaf, offset) for leaf, offset in leaves(searcher)
            if leaf.reader().segment() is not None]


def _identity(searcher: Any) -> tuple[Any, ...]:
    return tuple((segment.reader().segment().segment_id(), offset)
                 for segment, offset in _segments(searcher))


def doc_values(searcher: Any) -> DocValues:
    """The arrays of ``searcher``'s index, read on first use and kept until the index changes."""
    key = _identity(searcher)
    found = _CACHE.get(key)
    if found is None:
        found = _read(searcher)
        _CACHE.clear()  # one index at a time: the previous generation is of no further use
        _CACHE[key] = found
    return found


def _read(searcher: Any) -> DocValues:
    published, agency_keys, names = [], [], {}
    for segment, _offset in _segments(searcher):
        reader = segment.reader()
        published.append(np.frombuffer(fixed_width_column(
            reader, newsroom.PUBLISHED_AT, 8, newsroom.UNDATED_BYTES), dtype="<i8"))
        agency_keys.append(np.frombuffer(fixed_width_column(
            reader, newsroom.AGENCY_KEY, 8, bytes(8)), dtype="<u8"))
        for term in reader.lexicon(newsroom.AGENCY):
            name = term.decode("utf-8")
            names[newsroom.agency_hash(name)] = name
    keys = np.concatenate(agency_keys) if agency_keys else np.zeros(0, dtype="<u8")
    ordered = [""] + sorted(names.values())
    lookup = {newsroom.agency_hash(name): number for number, name in enumerate(ordered) if name}
    distinct, inverse = np.unique(keys, return_inverse=True)
    codes = np.array([lookup.get(int(k), 0) for k in distinct], dtype=np.int32)
    return DocValues(
        published=np.concatenate(published) if published else np.zeros(0, dtype="<i8"),
        agency=codes[inverse] if len(keys) else np.zeros(0, dtype=np.int32),
        agency_names=ordered,
    )
