"""BM25 as documented in searcher.rank.bm25, checked against arithmetic done by hand."""

from __future__ import annotations

from math import log
from pathlib import Path

import pytest

from searcher.index.opened import OpenedIndex
from searcher.rank.bm25 import B, K1, bm25_term, robertson_idf
from searcher.index.schema import BODY_WEIGHT, TITLE_WEIGHT
from searcher.rank.rerank import BM25_ONLY, SHORT_QUERY_B, Ranking
from searcher.rank.search import search

# Three articles. Lengths are counted in indexed words (no stopword here but «و»):
#   a: title «نفت» (1 word) + body «بازار نفت» (2)  → dl 3, tf̃(نفت) = 3·1 + 1·1 = 4
#   b: body «گاز و برق» («و» is a stopword)           → dl 2, no نفت
#   c: body «صادرات نفت خام»                          → dl 3, tf̃(نفت) = 1
ARTICLES = [
    {"id": "a", "title": "نفت", "body": "بازار نفت"},
    {"id": "b", "title": "", "body": "گاز و برق"},
    {"id": "c", "title": "", "body": "صادرات نفت خام"},
]


@pytest.fixture
def archive(tmp_path: Path, open_articles) -> OpenedIndex:
    with open_articles(tmp_path, ARTICLES) as opened:
        yield opened


def test_constants_are_the_documented_defaults() -> None:
    assert (K1, B, TITLE_WEIGHT, BODY_WEIGHT) == (1.5, 0.6, 3.0, 1.0)


@pytest.mark.parametrize(("ranking", "b"), [
    (BM25_ONLY, B),  # the searcher's BM25
    (Ranking(), SHORT_QUERY_B),  # as searched: one word is a short query
])
def test_single_term_scores_match_hand_computation(archive: OpenedIndex, ranking: Ranking,
                                                   b: float) -> None:
    n, df = 3, 2
    idf = log(1 + (n - df + 0.5) / (df + 0.5))  # ln 1.6
    avgdl = (3 + 2 + 3) / 3
    k1 = K1
    expected_a = idf * 4 * (k1 + 1) / (4 + k1 * (1 - b + b * 3 / avgdl))
    expected_c = idf * 1 * (k1 + 1) / (1 + k1 * (1 - b + b * 3 / avgdl))

    result = search(archive, "نفت", limit=10, ranking=ranking)

    assert [h.id for h in result.hits] == ["a", "c"]
    assert result.hits[0].score == pytest.approx(expected_a, rel=1e-9)
    assert result.hits[1].score == pytest.approx(expected_c, rel=1e-9)


def test_two_words_sum_their_contributions(archive: OpenedIndex) -> None:
    n = 3
    avgdl = 8 / 3
    # c holds «صادرات» (df 1) and «نفت» (df 2), each once, dl 3.
    expected = (bm25_term(robertson_idf(n, 1), 1, 3, avgdl)
                + bm25_term(robertson_idf(n, 2), 1, 3, avgdl))

    result = search(archive, "صادرات نفت", limit=10, ranking=BM25_ONLY)  # the first stage

    assert result.hits[0].id == "c"
    assert result.hits[0].score == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(
    ("n", "df", "expected"),
    [
        (3, 2, log(1.6)),  # the case above
        (100, 1, log(1 + 99.5 / 1.5)),  # a rare word weighs most
        (100, 100, log(1 + 0.5 / 100.5)),  # in every article: near zero, never negative
    ],
)
def test_robertson_idf(n: int, df: int, expected: float) -> None:
    assert robertson_idf(n, df) == pytest.approx(expected)
    assert robertson_idf(n, df) > 0


def test_title_match_outranks_the_same_word_in_the_body(archive: OpenedIndex) -> None:
    # a has نفت in its title and body, c only in its body, with equal lengths.
    result = search(archive, "نفت")
    assert result.hits[0].id == "a"
    assert result.hits[0].score > result.hits[1].score
