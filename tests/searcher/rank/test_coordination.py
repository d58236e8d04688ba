"""Issue 8: a long question wants most of its words (the second stage's coordination factor).

An article that repeats three of a question's rarer words can out-score, by BM25 alone, the
article that holds all of them once; for questions of seven terms or more the second stage
multiplies each candidate's score by the share of the question's idf it holds (to the power
COORDINATION), counting a solid spelling (سرماخوردگی) as both of the words typed apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from searcher.index.opened import OpenedIndex
from searcher.query.compile import compile_query
from searcher.query.parser import parse_query
from searcher.rank.rerank import COORDINATION_MIN_TERMS, Ranking
from searcher.rank.top_k import terms_of

QUESTION = "کدام دانشمند ایرانی برای درمان بیماری سرما خوردگی داروی گیاهی ساخت"
REPORT = " ".join(["روند کار آزمایشگاه و نظر کارشناسان و آمار تولید و فروش"] * 15)
ARTICLES = [
    # Every word of the question once, in a long report.
    {"id": "answer", "title": "", "body":
        f"دانشمند ایرانی داروی گیاهی برای درمان بیماری سرما خوردگی ساخت. {REPORT}"},
    # Four of its words over and over in a short note, none of the others.
    {"id": "repeats", "title": "", "body":
        "دارو گیاهی درمان بیماری، دارو گیاهی درمان بیماری، دارو گیاهی درمان بیماری، "
        "دارو گیاهی درمان بیماری، دارو گیاهی درمان بیماری."},
    # The answer again, the compound written solid (a word added: the same length).
    {"id": "solid", "title": "", "body":
        f"دانشمند ایرانی داروی گیاهی برای درمان بیماری سرماخوردگی ساخت امروز. {REPORT}"},
    *({"id": f"noise{n}", "title": "", "body": f"قیمت نفت در بازار جهانی {n} درصد بالا رفت."}
      for n in range(5)),
]

LOCAL_OFF = {"phrase": 0.0, "passage": 0.0}


@pytest.fixture
def archive(tmp_path: Path, open_articles) -> OpenedIndex:
    with open_articles(tmp_path, ARTICLES) as opened:
        yield opened


def test_the_question_is_long_enough() -> None:
    compiled = compile_query(parse_query(QUESTION))
    typed = [t for t, _ in terms_of(compiled.query) if t not in compiled.joined]
    assert len(typed) >= COORDINATION_MIN_TERMS


def test_repeating_a_few_words_no_longer_beats_holding_them_all(
        archive: OpenedIndex, hit_scores
) -> None:
    without = hit_scores(archive, QUESTION, Ranking(coordination=0.0, **LOCAL_OFF))
    assert without["repeats"] > without["answer"]  # BM25 alone: the repeats win
    found = hit_scores(archive, QUESTION, Ranking(**LOCAL_OFF))
    assert found["answer"] > found["repeats"]


def test_a_solid_spelling_covers_both_words(archive: OpenedIndex, hit_scores) -> None:
    found = hit_scores(archive, QUESTION, Ranking(**LOCAL_OFF))
    without = hit_scores(archive, QUESTION, Ranking(coordination=0.0, **LOCAL_OFF))
    # The solid article holds every word: coordination leaves it as the answer's, untouched.
    assert found["solid"] == pytest.approx(without["solid"])
    assert found["answer"] == pytest.approx(without["answer"])
    assert found["repeats"] < without["repeats"]


@pytest.mark.parametrize("query", ["داروی گیاهی", "درمان سرما خوردگی با داروی گیاهی"])
def test_shorter_queries_are_left_alone(archive: OpenedIndex, query: str, hit_scores) -> None:
    assert hit_scores(archive, query, Ranking()) == hit_scores(archive, query,
                                                         Ranking(coordination=0.0))
