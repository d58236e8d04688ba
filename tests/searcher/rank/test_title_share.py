"""Issue 8: the query's words in an article's title (the second stage's title share).

The title already counts three times in BM25's term frequency, which saturates: an article
that names a subject in its body over and over can outscore the one whose headline is that
subject. The second stage multiplies each candidate's score by 1 + TITLE_SHARE × the share of
the query's idf its title holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from searcher.index.opened import OpenedIndex
from searcher.rank.rerank import TITLE_SHARE, Ranking

FILLER = " ".join(["مسئولان استان در نشست خبری از برنامه‌های سال آینده گفتند"] * 6)
ARTICLES = [
    # The subject is the headline.
    {"id": "headline", "title": "ذخایر آب سد کرج", "body": f"ذخایر آب سد کرج کم شد. {FILLER}"},
    # The same words, only in the body, more often.
    {"id": "body", "title": "گزارش هفتگی استان", "body":
        " ".join(["ذخایر آب سد کرج کم شد."] * 8) + f" {FILLER}"},
    # Half of the query's words in the headline.
    {"id": "half", "title": "سد کرج", "body": f"آب شرب تهران از ذخایر این سد است. {FILLER}"},
    *({"id": f"noise{n}", "title": "بازار", "body": f"قیمت نفت در بازار جهانی {n} درصد بالا رفت."}
      for n in range(5)),
]
QUERY = "ذخایر آب سد کرج"
OFF = {"phrase": 0.0, "passage": 0.0, "coordination": 0.0}


@pytest.fixture
def archive(tmp_path: Path, open_articles) -> OpenedIndex:
    with open_articles(tmp_path, ARTICLES) as opened:
        yield opened


def test_the_title_share_multiplies_by_the_idf_the_title_holds(
        archive: OpenedIndex, hit_scores
) -> None:
    without = hit_scores(archive, QUERY, Ranking(title_share=0.0, **OFF))
    found = hit_scores(archive, QUERY, Ranking(title_share=TITLE_SHARE, **OFF))
    # Every word of the query in the headline: the whole share.
    assert found["headline"] == pytest.approx(without["headline"] * (1 + TITLE_SHARE))
    # None in the title: untouched.
    assert found["body"] == pytest.approx(without["body"])
    # Some: a part of it, by idf.
    assert without["half"] < found["half"] < without["half"] * (1 + TITLE_SHARE)


def test_a_headline_on_the_subject_outranks_repetition_in_a_body(
        archive: OpenedIndex, hit_scores
) -> None:
    strong = Ranking(title_share=1.0, **OFF)
    assert list(hit_scores(archive, QUERY, strong))[0] == "headline"
    without = hit_scores(archive, QUERY, Ranking(title_share=0.0, **OFF))
    assert without["body"] > without["headline"]


def test_a_one_word_query_is_left_alone(archive: OpenedIndex, hit_scores) -> None:
    assert hit_scores(archive, "کرج", Ranking()) == hit_scores(archive, "کرج",
                                                       Ranking(title_share=0.0))
