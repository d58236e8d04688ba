"""The segments of an opened index, as whoosh's searcher holds them: what every pass that works
a segment at a time (scoring, counting, columns, dates) walks."""

from __future__ import annotations

from typing import Any


def leaves(searcher: Any) -> list[tuple[Any, int]]:
    """Each segment's searcher and the number of its first document in the whole index. A
    one-segment index has no subsearchers: the searcher is its own leaf."""
    return list(searcher.subsearchers or [(searcher, 0)])
