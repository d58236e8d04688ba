"""Which segments a commit merges: log-structured tiers, a few at a time.

whoosh's default policy (``MERGE_SMALL``) merges every segment below a Fibonacci threshold at
once: with commits of 5,000 articles nothing is merged until the 22nd commit, which then merges
twenty-two segments (110,000 articles) in one go — ten minutes in one commit and the peak memory
of a 300k run (issue 9, item 6). Here a segment's *tier* is the order of magnitude of its
document count in powers of :data:`MERGE_FACTOR`; a commit merges only when one tier holds
``MERGE_FACTOR`` segments, and then just those (the smallest of the lowest such tier). Every
article is so merged about once per tier, each merge touches at most ``MERGE_FACTOR`` segments,
and an index keeps fewer than ``MERGE_FACTOR`` segments per tier (about 10 at 100k articles).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

# Segments merged at once, and the ratio of one tier's size to the next: Lucene's long-standing
# default, a balance between merge work (each article is rewritten once a tier) and the
# segments a query walks (fewer than this many per tier).
MERGE_FACTOR = 10


def tier(docs: int) -> int:
    """The tier of a segment of ``docs`` documents: ⌊log_MERGE_FACTOR(docs)⌋ (0 for 0 or 1)."""
    level = 0
    while docs >= MERGE_FACTOR:
        docs //= MERGE_FACTOR
        level += 1
    return level


def segments_to_merge(sizes: Sequence[int]) -> list[int]:
    """Positions in ``sizes`` (documents per segment) of the segments to merge now: the
    ``MERGE_FACTOR`` smallest of the lowest tier holding that many, or none."""
    tiers: dict[int, list[int]] = defaultdict(list)
    for position, docs in enumerate(sizes):
        tiers[tier(docs)].append(position)
    for level in sorted(tiers):
        members = tiers[level]
        if len(members) >= MERGE_FACTOR:
            return sorted(members, key=lambda p: (sizes[p], p))[:MERGE_FACTOR]
    return []
