"""Same story: near-duplicate articles grouped into stories by their MinHash signatures.

Two articles are one story when their signatures (:mod:`searcher.index.signature`) agree in at
least :data:`SAME_STORY` of their positions (estimated Jaccard similarity of their 3-word
shingles); stories are the connected groups of that relation. Candidate pairs come from
locality-sensitive hashing — :data:`BANDS` bands of :data:`ROWS` signature values, two articles
sharing any band are compared — so grouping 100,000 articles is a few sorts, not 5·10⁹ pairs.
Grouping runs when an index is committed (:mod:`searcher.index.stories` stores the result), so
a query only looks stories up.

The threshold was chosen by measurement (docs/collapse.md): recall on republished copies built
by the edits outlets make, false merges on real news articles. Changing it, or the rule,
changes what is written: bump :data:`searcher.index.format.INDEX_FORMAT`.
"""

from __future__ import annotations

import numpy as np

SAME_STORY = 0.5
BANDS = 32
ROWS = 2  # BANDS · ROWS = the signature's 64 values


def story_labels(signatures: np.ndarray, threshold: float = SAME_STORY) -> np.ndarray:
    """For each row of ``signatures`` (n × 64 uint32), the smallest row number of its story.

    A row of zeros (too little text to sign) is a story of its own.
    """
    n = len(signatures)
    labels = np.arange(n, dtype=np.int64)
    signed = np.flatnonzero(signatures.any(axis=1))
    if len(signed) < 2:
        return labels
    rows = signatures[signed]
    first, second = _candidates(rows)
    if not len(first):
        return labels
    agree = (rows[first] == rows[second]).mean(axis=1) >= threshold
    components = _components(len(signed), first[agree], second[agree])
    # A component is named by its smallest original row number.
    smallest = np.full(len(signed), n, dtype=np.int64)
    np.minimum.at(smallest, components, signed)
    labels[signed] = smallest[components]
    return labels


def _candidates(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (member, first member) of every band bucket with more than one row."""
    firsts, seconds = [], []
    for band in range(BANDS):
        values = rows[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
        key = values[:, 0]
        for column in range(1, ROWS):
            key = (key << np.uint64(32)) | values[:, column]
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        starts = np.ones(len(ordered), dtype=bool)
        starts[1:] = ordered[1:] != ordered[:-1]
        leader = order[np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))]
        follower = ~starts
        firsts.append(order[follower])
        seconds.append(leader[follower])
    first = np.concatenate(firsts)
    second = np.concatenate(seconds)
    if not len(first):
        return first, second
    pairs = np.unique(first * len(rows) + second)
    return pairs // len(rows), pairs % len(rows)


def _components(n: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Connected components of n nodes and the given edges: each node's smallest member."""
    parent = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(parent[first], parent[second])
        updated = parent.copy()
        np.minimum.at(updated, first, low)
        np.minimum.at(updated, second, low)
        updated = updated[updated]  # pointer jumping: chains shrink by half each round
        if np.array_equal(updated, parent):
            return parent
        parent = updated


def next_members(labels: np.ndarray) -> np.ndarray:
    """Per row, the next row of its story in ascending order, the last wrapping to the first
    (a singleton points at itself): a story's members are a walk round this ring."""
    order = np.argsort(labels, kind="stable")  # rows of a story together, ascending
    ring = np.empty(len(labels), dtype=np.int64)
    if not len(labels):
        return ring
    grouped = labels[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = grouped[1:] != grouped[:-1]
    following = np.empty(len(order), dtype=np.int64)
    following[:-1] = order[1:]
    # the last of each story goes back to its first
    first_of = order[np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))]
    ends = np.ones(len(order), dtype=bool)
    ends[:-1] = starts[1:]
    following[ends] = first_of[ends]
    ring[order] = following
    return ring
