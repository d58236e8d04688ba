"""The merge policy: log-structured tiers, at most MERGE_FACTOR segments merged at once (issue 9,
item 6: indexing memory bounded whatever the archive's size)."""

from __future__ import annotations

import pytest

from searcher.engine.merge_policy import MERGE_FACTOR, segments_to_merge, tier


@pytest.mark.parametrize(("docs", "expected"), [
    (0, 0), (1, 0), (9, 0), (10, 1), (99, 1), (100, 2), (5_000, 3), (9_999, 3),
    (10_000, 4), (55_000, 4), (100_000, 5), (550_000, 5),
])
def test_tier_is_the_order_of_magnitude_in_merge_factors(docs: int, expected: int) -> None:
    assert MERGE_FACTOR == 10
    assert tier(docs) == expected


@pytest.mark.parametrize(("sizes", "expected"), [
    # fewer than MERGE_FACTOR segments in every tier: nothing merged
    ([5_000] * 9, []),
    ([5_000] * 9 + [50_000] * 9 + [7] * 9, []),
    # ten batches of 5,000: the ten merged
    ([5_000] * 10, list(range(10))),
    # twenty-four segments (issue 9's 300k run merged 24 at once): only ten, the smallest
    ([5_000 + n for n in range(24)], list(range(10))),
    # the lowest full tier first, the big segments left alone
    ([55_000] * 10 + [5_000] * 10, list(range(10, 20))),
    ([55_000, 300, 55_000, 5_000, 400] + [50] * 10, list(range(5, 15))),
    # the smallest of a tier, whatever their order in the index
    ([8_000, 3_000, 4_000, 9_000, 1_000, 2_000, 5_000, 6_000, 7_000, 1_500, 2_500],
     [1, 2, 4, 5, 6, 7, 8, 9, 10, 0]),
])
def test_at_most_merge_factor_segments_of_one_tier(sizes: list[int], expected: list[int]
                                                    ) -> None:
    chosen = segments_to_merge(sizes)
    assert sorted(chosen) == sorted(expected)
    assert len(chosen) <= MERGE_FACTOR
    assert len({tier(sizes[i]) for i in chosen}) <= 1


def test_an_archive_of_batches_keeps_few_segments() -> None:
    """300 commits of 5,000 (1.5 million articles): never more than MERGE_FACTOR merged at
    once, and the index stays at a handful of segments per tier."""
    sizes: list[int] = []
    largest_merge = 0
    for _commit in range(300):
        chosen = segments_to_merge(sizes)
        largest_merge = max(largest_merge, len(chosen))
        merged = sum(sizes[i] for i in chosen)
        sizes = [s for i, s in enumerate(sizes) if i not in set(chosen)]
        sizes.append(merged + 5_000)
    assert largest_merge == MERGE_FACTOR
    assert sum(sizes) == 1_500_000
    assert len(sizes) < 3 * MERGE_FACTOR
