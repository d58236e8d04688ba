"""Stories from signatures: grouping by estimated similarity, the ring of each story's members,
and a ranking folded by story."""

from __future__ import annotations

from array import array

import numpy as np
import pytest

from searcher.index.signature import signature
from searcher.index.stories import Stories
from searcher.index.story_groups import next_members, story_labels
from searcher.rank.collapse import fold_ranking, story_count
from searcher.rank.matches import Matches


def _matrix(signatures: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(signatures), dtype="<u4").reshape(len(signatures), -1)


def _sig(article) -> bytes:
    return signature(article.lead, article.body)


def test_copies_share_a_label_named_by_the_first_copy(stories) -> None:
    a, b, c, d = (_sig(s) for s in stories)
    labels = story_labels(_matrix([a, b, a, c, d, b]))
    assert labels.tolist() == [0, 1, 0, 3, 4, 1]


def test_unsigned_articles_are_stories_of_their_own(stories) -> None:
    empty = bytes(256)
    labels = story_labels(_matrix([empty, empty, _sig(stories[0])]))
    assert labels.tolist() == [0, 1, 2]


def test_similarity_chains_join_one_story() -> None:
    # x ~ y and y ~ z, while x and z agree in under half their positions: one story (a chain
    # of republications, each edited from the one before)
    base = np.arange(64, dtype=np.uint32) + 1
    y = base.copy()
    y[:20] += 1000
    z = y.copy()
    z[20:40] += 1000
    assert (base == z).mean() < 0.5
    labels = story_labels(np.stack([base, y, z]))
    assert labels.tolist() == [0, 0, 0]


def _stories(labels: list[int]) -> Stories:
    ring = next_members(np.array(labels))
    return Stories(array("i", labels), array("i", ring.tolist()))


def test_a_storys_members_are_a_ring_in_ascending_order() -> None:
    labels = [0, 1, 0, 3, 0, 1]
    assert next_members(np.array(labels)).tolist() == [2, 5, 4, 3, 0, 1]
    stories = _stories(labels)
    assert [stories.members(d) for d in range(6)] == \
        [[0, 2, 4], [1, 5], [0, 2, 4], [3], [0, 2, 4], [1, 5]]
    assert next_members(np.zeros(0, dtype=np.int64)).tolist() == []


@pytest.mark.parametrize("matches", [
    Matches([(0, {0, 1, 2, 3, 4})]),  # the score dictionary's keys (no numpy)
    Matches([(3, np.array([True, True, False])), (0, np.array([True, True, True]))]),  # masks
], ids=["sets", "masks"])
def test_a_ranking_folds_copies_under_the_best_ranked_one(matches: Matches) -> None:
    stories = _stories([0, 1, 0, 3, 0, 1])  # document 5 is a copy of 1 the query missed
    ranked = [(9.0, 2), (8.0, 1), (7.0, 0), (6.0, 3), (5.0, 4)]
    folded = fold_ranking(ranked, matches, stories, 10)
    assert [(s.leader, s.copies) for s in folded] == [(2, (0, 4)), (1, ()), (3, ())]
    assert story_count(matches, stories) == 3
    assert len(fold_ranking(ranked, matches, stories, 2)) == 2
