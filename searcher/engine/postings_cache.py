"""Decoded posting lists kept between queries, least recently used first out, within a budget.

A warm process (the shell, batch runs, notebooks, a server) asks for the same common words
again and again, and at 100k articles decoding a common word's posting blocks in each of ten
segments is most of a query's first stage; the second stage then inflates the blocks that hold
its candidates again to read their positions. A segment's postings never change (deletions are
masked by the caller), so both can be kept and handed out again as they are: a term's decoded
arrays (:class:`searcher.engine.postings.TermPostings`) and, for each block, the decoded
positions of the postings asked for.

The bound is on the bytes kept (arrays, block directories, positions, counted as
:func:`footprint` and :func:`positions_footprint` count them): ``set_budget(0)`` turns it off.
Entries are keyed by the segment's terms reader or postings file, which the entry holds on to,
so a key cannot be reused by another index's object while the entry lives; a closed index's
entries are never asked for again and age out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

# 128 MiB: what 150 distinct topic and question queries at 100k articles touch (~64 MiB,
# docs/benchmarks.md) fits; the memory of a warm process is its opened index plus at most this.
# A one-shot search keeps only what its own query decoded.
DEFAULT_BUDGET = 128 * 1024 * 1024
# A block's place in the directory: a named tuple of six ints and the list slot.
_BLOCK_BYTES = 6 * 28 + 56 + 8
# A posting's kept positions: a tuple's header, its key (a small int), its dictionary slot;
# each position an int object and its slot.
_POSTING_BYTES = 40 + 28 + 40
_POSITION_BYTES = 28 + 8
# An entry itself: its key, the postings object, two array headers (an absent term costs this).
_ENTRY_BYTES = 512


def footprint(postings: Any) -> int:
    """Bytes a term's decoded postings hold: their arrays and block directory."""
    blocks = postings.blocks or ()
    return (_ENTRY_BYTES + int(postings.ids.nbytes + postings.weights.nbytes)
            + _BLOCK_BYTES * len(blocks))


def positions_footprint(kept: Iterable[tuple[int, ...] | None]) -> int:
    """Bytes a block's kept positions hold (a tuple of ints a posting, in a dictionary)."""
    return _ENTRY_BYTES + sum(_POSTING_BYTES + _POSITION_BYTES * len(p or ()) for p in kept)


class PostingsCache:
    """Least recently used decoded postings, at most ``budget`` bytes of them."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[tuple[int, Any], tuple[Any, Any, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, owner: Any, key: Any) -> Any:
        """What is kept under ``key`` of ``owner`` (a terms reader, a postings file), or None."""
        entry = self._entries.get((id(owner), key))
        if entry is None or entry[0] is not owner:
            return None
        self._entries.move_to_end((id(owner), key))
        return entry[1]

    def put(self, owner: Any, key: Any, value: Any, size: int) -> None:
        """Keep ``value`` (``size`` bytes), evicting the least recently used until the budget
        holds."""
        if size > self.budget:
            return
        slot = (id(owner), key)
        old = self._entries.pop(slot, None)
        if old is not None:
            self.size -= old[2]
        self._entries[slot] = (owner, value, size)
        self.size += size
        while self.size > self.budget:
            _, (_, _, freed) = self._entries.popitem(last=False)
            self.size -= freed

    def clear(self) -> None:
        self._entries.clear()
        self.size = 0


CACHE = PostingsCache()


def set_budget(budget: int) -> None:
    """Bound the process's cache at ``budget`` bytes (0: no cache), dropping what it held."""
    CACHE.clear()
    CACHE.budget = max(0, budget)
