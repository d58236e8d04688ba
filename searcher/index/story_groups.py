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


# Candidate pairs are compared this many at a time: the comparison holds 64 values a side per
# pair, and an archive of republished copies has about as many pairs as articles.
PAIRS_AT_ONCE = 16384


def story_labels(signatures: np.ndarray, threshold: float = SAME_STORY, *,
                 pairs_at_once: int = PAIRS_AT_ONCE) -> np.ndarray:
    """For each row of ``signatures`` (n × 64 uint32), the smallest row number of its story.

    A row of zeros (too little text to sign) is a story of its own. Memory beyond the input
    stays a few dozen bytes a row (issue 9: it grows with the archive no faster than the
    index does): no copy of the signatures, candidate pairs kept unique band by band, and
    compared ``pairs_at_once`` at a time.
    """
    n = len(signatures)
    labels = np.arange(n, dtype=np.int64)
    signed = np.flatnonzero(signatures.any(axis=1))
    if len(signed) < 2:
        return labels
    first, second = _candidates(signatures, signed)
    if not len(first):
        return labels
    agree = np.zeros(len(first), dtype=bool)
    for start in range(0, len(first), pairs_at_once):
        end = start + pairs_at_once
        same = signatures[signed[first[start:end]]] == signatures[signed[second[start:end]]]
        agree[start:end] = same.mean(axis=1) >= threshold
    components = _components(len(signed), first[agree], second[agree])
    # A component is named by its smallest original row number.
    smallest = np.full(len(signed), n, dtype=np.int64)
    np.minimum.at(smallest, components, signed)
    labels[signed] = smallest[components]
    return labels


def _candidates(signatures: np.ndarray, signed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (member, first member) of every band bucket with more than one row, as positions
    in ``signed`` (the rows that have a signature), each pair once."""
    count = len(signed)
    pairs = np.zeros(0, dtype=np.int64)
    found: list[np.ndarray] = []  # pair codes of the last bands, not yet merged into pairs
    for band in range(BANDS):
        values = signatures[:, band * ROWS:(band + 1) * ROWS][signed].astype(np.uint64)
        key = values[:, 0]
        for column in range(1, ROWS):
            key = (key << np.uint64(32)) | values[:, column]
        del values
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        starts = np.ones(len(ordered), dtype=bool)
        starts[1:] = ordered[1:] != ordered[:-1]
        leader = order[np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))]
        follower = ~starts
        # one code per (member, leader); merged (kept unique) once the bands since the last
        # merge hold four codes a row, so they never outgrow a few times the rows
        found.append(order[follower] * count + leader[follower])
        if sum(len(codes) for codes in found) >= 4 * count or band == BANDS - 1:
            pairs = np.unique(np.concatenate([pairs, *found]))
            found.clear()
    return pairs // count, pairs % count


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
