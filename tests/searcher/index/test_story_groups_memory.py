"""Grouping stories at commit holds little beyond the signatures themselves (issue 9: the memory
of ``khabar index`` must not grow with the archive faster than the index): no copy of the
signature matrix, candidate pairs kept unique band by band and compared in slices."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from bench.story_group_memory import signatures as random_signatures
from searcher.index.story_groups import story_labels


def signatures(rows: int, copies: float, seed: int) -> np.ndarray:
    """Random signatures, the last ``copies`` share near copies of earlier rows (a fifth of
    their values changed, as an outlet's edits change a republished article), and every
    seventh row unsigned (too little text)."""
    found = random_signatures(rows, copies, seed)
    found[::7] = 0
    return found


@pytest.mark.parametrize(("rows", "copies", "seed"), [(3000, 0.67, 1), (2000, 0.3, 2),
                                                       (500, 0.9, 3)])
def test_comparing_pairs_in_slices_changes_no_story(rows: int, copies: float, seed: int) -> None:
    found = signatures(rows, copies, seed)
    whole = story_labels(found, pairs_at_once=10**9)
    assert np.array_equal(story_labels(found, pairs_at_once=7), whole)
    assert len(set(whole.tolist())) < rows * (1 - copies / 2)  # the copies did join stories


def test_grouping_needs_less_memory_than_the_signatures_hold() -> None:
    found = signatures(100_000, 0.67, 4)  # 24 MiB of signatures
    tracemalloc.start()
    try:
        story_labels(found)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Before: about four times the signatures (a copy of them, every band's pairs, and the
    # two sides of every pair compared at once).
    assert peak < found.nbytes
