"""Stories from signatures: grouping by estimated similarity, and a ranking folded by story."""

from __future__ import annotations

import numpy as np
from stories import STORIES

from searcher.index.signature import signature
from searcher.rank.collapse import fold_ranking, story_count, story_labels


def _matrix(signatures: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(signatures), dtype="<u4").reshape(len(signatures), -1)


def _sig(article) -> bytes:
    return signature(article.lead, article.body)


def test_copies_share_a_label_named_by_the_first_copy() -> None:
    a, b, c, d = (_sig(s) for s in STORIES)
    labels = story_labels(_matrix([a, b, a, c, d, b]))
    assert labels.tolist() == [0, 1, 0, 3, 4, 1]


def test_unsigned_articles_are_stories_of_their_own() -> None:
    empty = bytes(256)
    labels = story_labels(_matrix([empty, empty, _sig(STORIES[0])]))
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


def test_a_ranking_folds_copies_under_the_best_ranked_one() -> None:
    labels = np.array([0, 1, 0, 3, 0])
    published = np.array([50, 10, 20, 30, 10])
    matches = np.array([0, 1, 2, 3, 4])
    ranked = [(9.0, 2), (8.0, 1), (7.0, 0), (6.0, 3), (5.0, 4)]
    stories = fold_ranking(ranked, matches, labels, published, 10)
    assert [(s.leader, s.copies) for s in stories] == [(2, (4, 0)), (1, ()), (3, ())]
    assert story_count(matches, labels) == 3
    assert len(fold_ranking(ranked, matches, labels, published, 2)) == 2
