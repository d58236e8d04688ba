"""Decoded posting lists kept between queries, least recently used first out, within a budget.

A warm process (the shell, batch runs, notebooks, a server) asks for the same common words
again and again, and at 100k articles decoding a common word's posting blocks in each of ten
segments is most of a query's first stage. The decoded arrays of a term are immutable (a
segment's postings never change: deletions are masked by the caller), so they can be kept and
handed out again as they are.

The bound is on the bytes of the arrays kept (ids, weights and the block directory, counted
as :func:`footprint` counts them): ``set_budget(0)`` turns the cache off. Entries are keyed by
the segment's terms reader, which the entry holds on to, so a key cannot be reused by another
index's reader while the entry lives; a closed index's entries are never asked for again and
age out.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

# 32 MiB: the common words of a few hundred distinct queries at 100k articles (measured in
# docs/benchmarks.md); a one-shot search keeps only what its own query decoded.
DEFAULT_BUDGET = 32 * 1024 * 1024
# A block's place in the directory: a named tuple of six ints and the list slot.
_BLOCK_BYTES = 6 * 28 + 56 + 8
# An entry itself: its key, the postings object, two array headers (an absent term costs this).
_ENTRY_BYTES = 512


def footprint(postings: Any) -> int:
    """Bytes a term's decoded postings hold: their arrays and block directory."""
    blocks = postings.blocks or ()
    return (_ENTRY_BYTES + int(postings.ids.nbytes + postings.weights.nbytes)
            + _BLOCK_BYTES * len(blocks))


class PostingsCache:
    """Least recently used decoded postings, at most ``budget`` bytes of them."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[tuple[int, str, str], tuple[Any, Any, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, owner: Any, fieldname: str, text: str) -> Any:
        """The postings kept for ``fieldname:text`` of ``owner`` (a terms reader), or None."""
        key = (id(owner), fieldname, text)
        entry = self._entries.get(key)
        if entry is None or entry[0] is not owner:
            return None
        self._entries.move_to_end(key)
        return entry[1]

    def put(self, owner: Any, fieldname: str, text: str, postings: Any) -> None:
        """Keep ``postings``, evicting the least recently used until the budget holds."""
        size = footprint(postings)
        if size > self.budget:
            return
        key = (id(owner), fieldname, text)
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= old[2]
        self._entries[key] = (owner, postings, size)
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
