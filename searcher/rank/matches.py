"""Every document a query matches, as the pass that ranked it left them.

Collapsing and facets need the whole result set, not only the page. The ranking pass
(:func:`searcher.rank.top_k.top_k`) already visits every matching posting, so it hands over each
segment's matches as it holds them — the keys of its score dictionary, or its numpy mask of hits
— and no second walk of the postings is needed. Query shapes that pass does not rank (phrases,
fields, dates) get the same object from set algebra (:func:`matches_of`). Deleted documents and
filters are already removed from every part. numpy is needed only for :meth:`Matches.array`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from searcher.engine.leaves import leaves
from searcher.rank.counting import matching_ids

# Per segment: (offset, local matches) — a set or dict of segment-local document numbers, or a
# numpy bool array indexed by them.
Part = tuple[int, Any]


class Matches:
    """The live documents matched, by the searcher's document numbers."""

    def __init__(self, parts: list[Part]) -> None:
        self.parts = sorted(parts, key=lambda part: part[0])
        self._offsets = [offset for offset, _local in self.parts]

    def _is_mask(self, local: Any) -> bool:
        return not isinstance(local, (set, dict, frozenset))

    def __contains__(self, docnum: int) -> bool:
        at = bisect_right(self._offsets, docnum) - 1
        if at < 0:
            return False
        offset, local = self.parts[at]
        n = docnum - offset
        if self._is_mask(local):
            return 0 <= n < len(local) and bool(local[n])
        return n in local

    def __len__(self) -> int:
        return sum(int(local.sum()) if self._is_mask(local) else len(local)
                   for _offset, local in self.parts)

    def __iter__(self) -> Iterator[int]:
        for offset, local in self.parts:
            if self._is_mask(local):
                yield from (int(n) + offset for n in local.nonzero()[0])
            else:
                yield from sorted(n + offset for n in local)

    def array(self) -> Any:
        """The matched document numbers as a sorted int64 numpy array."""
        import numpy as np

        pieces = []
        for offset, local in self.parts:
            if self._is_mask(local):
                ids = np.flatnonzero(local)
            else:
                ids = np.fromiter(local, dtype=np.int64, count=len(local))
                ids.sort()
            pieces.append(ids + offset)
        return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)


def matches_of(searcher: Any, q: Any, filter_query: Any = None) -> Matches:
    """The live documents ``q`` (and ``filter_query``) match, found by set algebra."""
    parts: list[Part] = []
    for segment, offset in leaves(searcher):
        found = matching_ids(q, segment)
        if filter_query is not None:
            found &= matching_ids(filter_query, segment)
        reader = segment.reader()
        if reader.has_deletions():
            found -= set(reader.deleted_docs_set)
        parts.append((offset, found))
    return Matches(parts)
