"""A span query limited to a band of positions: how ``title:`` and the other part prefixes are
answered inside the one ``text`` field (see :mod:`searcher.index.schema` for the bands).

It extends whoosh's span machinery through methods whoosh keeps private (``_subm``,
``_replacement``, ``_get_spans``), which is why it lives behind the engine wall.
"""

from __future__ import annotations

from typing import Any

from whoosh.query.spans import SpanWrappingMatcher, WrappingSpan


class InBand(WrappingSpan):
    """Matches a span query only inside one part's position band (``title:`` → title band)."""

    def __init__(self, q: Any, low: int, high: int) -> None:
        self.q = q
        self.low = low
        self.high = high

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, InBand)
            and self.q == other.q
            and (self.low, self.high) == (other.low, other.high)
        )

    def __hash__(self) -> int:
        return hash(self.q) ^ hash((self.low, self.high))

    def estimate_size(self, ixreader: Any) -> int:
        return self.q.estimate_size(ixreader)

    def estimate_min_size(self, ixreader: Any) -> int:
        return 0

    def apply(self, fn: Any) -> InBand:
        return InBand(fn(self.q), self.low, self.high)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return _InBandMatcher(self._subm(searcher, context), self.low, self.high)


class _InBandMatcher(SpanWrappingMatcher):
    def __init__(self, child: Any, low: int, high: int) -> None:
        self.low = low
        self.high = high
        super().__init__(child)

    def copy(self) -> _InBandMatcher:
        return _InBandMatcher(self.child.copy(), self.low, self.high)

    def _replacement(self, newchild: Any) -> _InBandMatcher:
        return _InBandMatcher(newchild, self.low, self.high)

    def _get_spans(self) -> list[Any]:
        return [s for s in self.child.spans() if self.low <= s.start and s.end < self.high]
