"""Issue 8: the second stage's local evidence — query words in order, the best passage."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searcher.index.opened import OpenedIndex
from searcher.query.compile import compile_query
from searcher.query.parser import parse_query
from searcher.rank.locality import best_passage, ordered_count, pair_bonus
from searcher.rank.rerank import BM25_ONLY, SHORT_QUERY_B, Ranking
from searcher.rank.search import search
from searcher.rank.top_k import terms_of

ORDERED = [
    # (positions of a, positions of b, window, count, why)
    ([3], [4], 3, 1, "adjacent"),
    ([3], [6], 3, 1, "two dropped stopwords between"),
    ([3], [7], 3, 0, "beyond the window"),
    ([4], [3], 3, 0, "the wrong order"),
    ([3], [3], 3, 0, "the same position is not after"),
    ([1, 2], [4], 3, 2, "both occurrences of a precede b closely"),
    ([], [4], 3, 0, "a is absent"),
]


@pytest.mark.parametrize(("first", "second", "window", "count", "why"), ORDERED)
def test_ordered_count(first: list[int], second: list[int], window: int, count: int,
                       why: str) -> None:
    assert ordered_count(first, second, window) == count, why


def test_pair_bonus_needs_both_terms_in_query_order() -> None:
    idf = {"بسته": 2.0, "حمایت": 3.0}
    together = {"بسته": [10_001], "حمایت": [10_002]}
    reversed_ = {"بسته": [10_002], "حمایت": [10_001]}
    assert pair_bonus(together, ["بسته", "حمایت"], idf, 1.2, 1.2, 3) > 0
    assert pair_bonus(reversed_, ["بسته", "حمایت"], idf, 1.2, 1.2, 3) == 0
    assert pair_bonus({"بسته": [1]}, ["بسته", "حمایت"], idf, 1.2, 1.2, 3) == 0


def test_best_passage_prefers_words_together() -> None:
    idf = {"الف": 1.0, "ب": 1.0, "ج": 1.0}
    together = {"الف": [100], "ب": [105], "ج": [110]}
    apart = {"الف": [100], "ب": [300], "ج": [500]}
    assert best_passage(together, idf, 20, 1.2) > best_passage(apart, idf, 20, 1.2)
    assert best_passage(apart, idf, 20, 1.2) == pytest.approx(1.0)  # one word at a time


positions = st.lists(st.integers(0, 400), max_size=12, unique=True).map(sorted)


@given(st.dictionaries(st.sampled_from(["الف", "ب", "ج", "د"]), positions, max_size=4),
       st.integers(1, 50))
def test_best_passage_lies_between_one_word_and_all_words(found: dict[str, list[int]],
                                                         width: int) -> None:
    found = {t: p for t, p in found.items() if p}
    idf = {"الف": 1.0, "ب": 2.0, "ج": 0.5, "د": 3.0}
    score = best_passage(found, idf, width, 1.2)
    every = sum(idf[t] * len(p) * 2.2 / (len(p) + 1.2) for t, p in found.items())
    single = max((idf[t] for t in found), default=0.0)
    assert single - 1e-9 <= score <= every + 1e-9


@given(positions, positions, st.integers(1, 10))
def test_a_wider_window_never_counts_fewer(first: list[int], second: list[int],
                                           window: int) -> None:
    assert ordered_count(first, second, window) <= ordered_count(first, second, window + 1)


# Three articles with the same words and lengths: the question's words in order and together
# (answer), the same words scattered over a long report (report), or out of order (shuffled).
FILLER = " ".join(["گزارش"] * 30)
ARTICLES = [
    {"id": "report", "title": "", "body":
        f"تیم ملی والیبال {FILLER} قهرمان {FILLER} جام {FILLER} آسیا {FILLER} شد"},
    {"id": "answer", "title": "", "body":
        f"تیم ملی والیبال قهرمان جام آسیا شد {FILLER} {FILLER} {FILLER} {FILLER}"},
    {"id": "shuffled", "title": "", "body":
        f"آسیا جام قهرمان والیبال ملی تیم {FILLER} {FILLER} {FILLER} {FILLER}"},
]


@pytest.fixture
def archive(tmp_path: Path, open_articles) -> OpenedIndex:
    with open_articles(tmp_path, ARTICLES) as opened:
        yield opened


def test_bm25_alone_cannot_tell_the_three_apart(archive: OpenedIndex) -> None:
    found = search(archive, "تیم ملی والیبال قهرمان جام آسیا", snippets=False, collapse=False,
                   ranking=BM25_ONLY)
    scores = {h.id: h.score for h in found.hits}
    assert scores["report"] == pytest.approx(scores["answer"]) == pytest.approx(scores["shuffled"])


def test_the_second_stage_ranks_the_words_in_order_and_together_first(
        archive: OpenedIndex) -> None:
    found = search(archive, "تیم ملی والیبال قهرمان جام آسیا", snippets=False, collapse=False)
    assert [h.id for h in found.hits][0] == "answer"
    assert found.total == 3


def test_passage_alone_lifts_the_words_together(archive: OpenedIndex) -> None:
    found = search(archive, "تیم ملی والیبال قهرمان جام آسیا", snippets=False, collapse=False,
                   ranking=Ranking(phrase=0.0))
    ranked = [h.id for h in found.hits]
    assert ranked.index("report") == 2  # the scattered report is last; order does not matter


def test_a_short_query_gets_no_passage_score(archive: OpenedIndex) -> None:
    plain = search(archive, "والیبال قهرمان", snippets=False, collapse=False,
                   ranking=Ranking(phrase=0.0, passage=0.0))
    local = search(archive, "والیبال قهرمان", snippets=False, collapse=False,
                   ranking=Ranking(phrase=0.0))  # two words: under PASSAGE_MIN_TERMS
    assert [(h.id, h.score) for h in plain.hits] == [(h.id, h.score) for h in local.hits]


# Short queries (a name, a topic) normalise length less: b 0.3 instead of the searcher's 0.5.
@pytest.mark.parametrize(("query", "short"), [
    ("والیبال", True),
    ("والیبال قهرمان", True),
    ("تیم ملی والیبال", False),
    ("تیم ملی والیبال قهرمان جام آسیا", False),
])
def test_b_follows_the_query_length(archive: OpenedIndex, query: str, short: bool) -> None:
    compiled = compile_query(parse_query(query))
    # What was typed: a solid spelling searched beside two words does not lengthen the query.
    terms = [pair for pair in terms_of(compiled.query) if pair[0] not in compiled.joined]
    model = Ranking().model(archive.searcher, terms)
    assert model.b == (SHORT_QUERY_B if short else archive.searcher.weighting.b)
    assert BM25_ONLY.model(archive.searcher, terms) is archive.searcher.weighting
