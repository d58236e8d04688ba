"""Issue 8: a compound typed apart finds the articles that wrote it solid, scored as both parts.

«سرما خوردگی» typed, «سرماخوردگی» written: before, the solid article held neither typed term
and was not found at all. On eval/dev this lifted every question group and the news topics
(docs/benchmarks.md, issue 8, third round).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from searcher.index.opened import OpenedIndex
from searcher.query.compile import compile_query
from searcher.query.parser import parse_query
from searcher.rank.joined import weigh_joined
from searcher.rank.rerank import BM25_ONLY, SHORT_QUERY_B, Ranking
from searcher.rank.search import search
from searcher.rank.top_k import terms_of

ARTICLES = [
    {"id": "solid", "title": "", "body": "سرماخوردگی در زمستان بیشتر می‌شود و استراحت لازم است بیمار."},
    {"id": "apart", "title": "", "body": "سرما خوردگی در زمستان بیشتر می‌شود و استراحت لازم است."},
    {"id": "cold", "title": "", "body": "سرما در زمستان شدید است و مردم در خانه می‌مانند."},
    {"id": "oil", "title": "", "body": "قیمت نفت در بازار جهانی بالا رفت."},
    {"id": "anzali", "title": "", "body": "کشتی‌ها در بندرانزلی پهلو گرفتند."},
]


@pytest.fixture
def archive(tmp_path: Path, open_articles) -> OpenedIndex:
    with open_articles(tmp_path, ARTICLES) as opened:
        yield opened


def _ids(archive: OpenedIndex, query: str, **options) -> list[str]:
    found = search(archive, query, snippets=False, collapse=False, **options)
    return [hit.id for hit in found.hits]


@pytest.mark.parametrize(("query", "expected"), [
    ("سرما خوردگی", {"solid", "apart", "cold"}),
    ("سرما‌خوردگی", {"solid", "apart", "cold"}),  # ZWNJ between: apart, like a space
    ("بندر انزلی", {"anzali"}),
    ("کشتی بندر انزلی", {"anzali"}),
])
def test_a_pair_typed_apart_finds_the_solid_spelling(archive: OpenedIndex, query: str,
                                                     expected: set[str]) -> None:
    assert set(_ids(archive, query)) == expected


def test_the_solid_article_ranks_with_the_apart_one_above_a_single_part(
        archive: OpenedIndex) -> None:
    ranked = _ids(archive, "سرما خوردگی", ranking=BM25_ONLY)
    assert ranked[-1] == "cold"
    assert set(ranked[:2]) == {"solid", "apart"}


def test_the_solid_term_weighs_as_both_parts(archive: OpenedIndex) -> None:
    found = search(archive, "سرما خوردگی", snippets=False, collapse=False, ranking=BM25_ONLY)
    scores = {hit.id: hit.score for hit in found.hits}
    # Same length (a word added to the solid one): one solid word scores as the two apart.
    assert scores["solid"] == pytest.approx(scores["apart"], rel=0.02)


def test_the_solid_term_does_not_lengthen_the_query(archive: OpenedIndex) -> None:
    compiled = compile_query(parse_query("سرما خوردگی"))
    assert compiled.joined == {"سرماخوردگی": ("سرما", "خوردگی")}
    assert len(terms_of(compiled.query)) == 3
    found = search(archive, "سرما خوردگی", snippets=False, collapse=False,
                   ranking=Ranking(phrase=0.0, passage=0.0))
    plain = search(archive, "سرما خوردگی", snippets=False, collapse=False,
                   ranking=Ranking(phrase=0.0, passage=0.0, short_query_b=SHORT_QUERY_B + 0.2))
    # Two typed words are a short query (b 0.3), the solid spelling beside them or not.
    assert [h.score for h in found.hits] != [h.score for h in plain.hits]


@pytest.mark.parametrize(("query", "why"), [
    ("«سرما خوردگی»", "a quoted phrase is searched as typed"),
    ("سرما -خوردگی", "a word that is excluded is not joined to its neighbour"),
    ("نفت و گاز", "a stopword between: not a compound"),
    ("title:سرما خوردگی", "a field word is not a free word"),
])
def test_no_solid_spelling_where_the_words_are_not_free_neighbours(query: str, why: str) -> None:
    assert compile_query(parse_query(query)).joined == {}, why


def test_the_solid_spelling_is_highlighted(archive: OpenedIndex) -> None:
    found = search(archive, "سرما خوردگی", collapse=False)
    solid = next(hit for hit in found.hits if hit.id == "solid")
    snippet = solid.snippet
    assert [snippet.text[start:end] for start, end in snippet.highlights] == ["سرماخوردگی"]


def test_whoosh_scores_the_weighted_query_as_the_fast_path_does(archive: OpenedIndex) -> None:
    searcher = archive.searcher
    compiled = compile_query(parse_query("سرما خوردگی"))
    query = weigh_joined(searcher, compiled.query, compiled.joined)
    whoosh = {searcher.stored_fields(hit.docnum)["id"]: hit.score
              for hit in searcher.search(query, limit=10)}
    fast = {hit.id: hit.score for hit in search(archive, "سرما خوردگی", snippets=False,
                                                 collapse=False, ranking=BM25_ONLY).hits}
    assert fast.keys() == whoosh.keys()
    for key, score in fast.items():
        assert score == pytest.approx(whoosh[key])


NEUTRAL = [
    {"id": "zwnj", "title": "", "body": "سوئیس در این جنگ بی‌طرف ماند."},
    {"id": "solid", "title": "", "body": "کشوری بیطرف میان دو همسایه."},
    {"id": "other", "title": "", "body": "به طور کلی قیمت‌ها بالا رفت."},
]


@pytest.mark.parametrize("query", ["بی طرف", "بی‌طرف", "بیطرف"])
def test_a_compound_of_stopwords_typed_apart_finds_it_written_whole(
        tmp_path: Path, open_articles, query: str) -> None:
    # «بی» and «طرف» alone are stopwords: typed apart, the query had no term and was ignored
    with open_articles(tmp_path, NEUTRAL) as archive:
        found = search(archive, query, snippets=False, collapse=False)
        assert {hit.id for hit in found.hits} == {"zwnj", "solid"}
        assert not found.warnings


@pytest.mark.parametrize("query", ["به طور", "ما در"])
def test_stopwords_that_make_no_word_are_still_ignored(tmp_path: Path, open_articles,
                                                       query: str) -> None:
    # «ما در» ("we in") joined would be مادر, "mother": a pronoun heads no compound
    articles = [*NEUTRAL, {"id": "mother", "title": "", "body": "مادر او معلم بود."}]
    with open_articles(tmp_path, articles) as archive:
        found = search(archive, query, snippets=False, collapse=False)
        assert not found.hits
        assert any("only common words" in m for m in found.warnings)
