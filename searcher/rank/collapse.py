"""Same story once: near-duplicate articles grouped into stories, and a ranking folded by story.

Two articles are one story when their MinHash signatures (:mod:`searcher.index.signature`)
agree in at least :data:`SAME_STORY` of their positions (estimated Jaccard similarity of their
3-word shingles); stories are the connected groups of that relation. Candidate pairs come from
locality-sensitive hashing — :data:`BANDS` bands of :data:`ROWS` signature values, two articles
sharing any band are compared — so grouping 100,000 articles is a few sorts, not 5·10⁹ pairs.
Grouping runs once per opened index (:meth:`searcher.rank.doc_values.DocValues.story_labels`);
a query only looks labels up.

The threshold was chosen by measurement (docs/collapse.md): recall on republished copies built
by the edits outlets make, false merges on real news articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Story:
    """One story in a ranking: the best-ranked copy and the other copies that matched."""

    leader: int  # document number
    score: float
    copies: tuple[int, ...]  # other matching document numbers, earliest first


def fold_ranking(ranked: Sequence[tuple[float, int]], matches: np.ndarray, labels: np.ndarray,
                 published: np.ndarray, want: int) -> list[Story]:
    """The first ``want`` stories of a ranking, each led by its best-ranked copy.

    ``ranked`` is (score, docnum) best first; ``matches`` every matching docnum (sorted), whose
    labels give each story's other copies, listed by publication time.
    """
    match_labels = labels[matches]
    order = np.argsort(match_labels, kind="stable")
    sorted_labels = match_labels[order]
    stories: list[Story] = []
    seen: set[int] = set()
    for score, docnum in ranked:
        label = int(labels[docnum])
        if label in seen:
            continue
        seen.add(label)
        low, high = np.searchsorted(sorted_labels, [label, label + 1])
        members = matches[order[low:high]]
        others = members[members != docnum]
        when = published[others]
        # undated copies last
        when = np.where(when == np.iinfo(np.int64).min, np.iinfo(np.int64).max, when)
        others = others[np.argsort(when, kind="stable")]
        stories.append(Story(docnum, score, tuple(int(d) for d in others)))
        if len(stories) == want:
            break
    return stories


def story_count(matches: np.ndarray, labels: np.ndarray) -> int:
    """How many distinct stories the matching documents make."""
    return int(len(np.unique(labels[matches]))) if len(matches) else 0
