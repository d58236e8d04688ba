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


class _Segment:
    """A segment reader of ``rows`` random signatures, ``deleted`` of them deleted."""

    def __init__(self, rows: int, seed: int, deleted: frozenset[int] = frozenset()) -> None:
        self.data = np.random.default_rng(seed).integers(
            1, 2**32, size=(rows, 64), dtype=np.uint32).astype("<u4").tobytes()
        self.deleted_docs_set = deleted

    def reader(self) -> _Segment:
        return self

    def doc_count_all(self) -> int:
        return len(self.data) // 256

    def has_deletions(self) -> bool:
        return bool(self.deleted_docs_set)


class _Searcher:
    def __init__(self, segments: list[_Segment]) -> None:
        self.subsearchers = [(segment, 0) for segment in segments]


def test_the_signatures_of_all_segments_are_read_into_one_copy(monkeypatch) -> None:
    """At commit the signatures of every segment are read into one array, each segment's bytes
    let go before the next is read — not every segment's bytes held and then concatenated."""
    from searcher.engine import columns
    from searcher.index.stories import signature_matrix

    segments = [_Segment(20_000, seed, frozenset({5, 7}) if seed == 2 else frozenset())
                for seed in range(4)]  # 4 × 4.9 MiB
    monkeypatch.setattr(columns, "fixed_width_column",
                        lambda reader, *_: bytes(memoryview(reader.data)))  # a copy, as a read
    expected = np.concatenate([np.frombuffer(s.data, dtype="<u4").reshape(-1, 64)
                               for s in segments])
    expected[40_005] = expected[40_007] = 0  # the deleted articles of the third segment
    tracemalloc.start()
    try:
        found = signature_matrix(_Searcher(segments))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert np.array_equal(found, expected)
    assert peak < 1.4 * found.nbytes, f"{peak} bytes to read {found.nbytes} of signatures"
