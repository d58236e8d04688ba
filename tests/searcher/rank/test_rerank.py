"""Issue 8: the second stage — term proximity and pseudo-relevance feedback — on a small index."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from searcher.index.opened import OpenedIndex
from searcher.rank.feedback import expand
from searcher.rank.proximity import pair_frequencies, term_positions
from searcher.rank.rerank import BM25_ONLY, Ranking
from searcher.rank.search import search

# «near» and «far» hold the same words the same number of times in bodies of the same length;
# only in «near» do «بسته» and «حمایتی» stand side by side.
# «far» comes first, so on equal scores it would rank first.
ARTICLES = [
    {"id": "far", "title": "", "body":
        "دولت بسته تازه را برای خانوارها اعلام کرد و وزیر رفاه از برنامه حمایتی دفاع کرد"},
    {"id": "near", "title": "", "body":
        "دولت بسته حمایتی تازه را برای خانوارها اعلام کرد و وزیر رفاه از برنامه دفاع کرد"},
    {"id": "sport", "title": "پرسپولیس", "body":
        "پرسپولیس در لیگ برتر فوتبال با گل مهاجم خود برنده شد و صدر جدول را گرفت"},
    {"id": "sport2", "title": "", "body":
        "هواداران پرسپولیس پس از برد در لیگ برتر فوتبال به خیابان آمدند"},
    {"id": "league", "title": "", "body":
        "سازمان لیگ برتر فوتبال برنامه هفته بعد را اعلام کرد"},
]


@pytest.fixture
def archive(tmp_path: Path, open_articles) -> OpenedIndex:
    with open_articles(tmp_path, ARTICLES) as opened:
        yield opened


PAIRS = [
    # (positions per term, expected acc, why)
    ({"الف": [3], "ب": [4]}, {"الف": 1.0, "ب": 1.0}, "adjacent: 1/1²"),
    ({"الف": [3], "ب": [5]}, {"الف": 0.25, "ب": 0.25}, "one word between: 1/2²"),
    ({"الف": [3], "ب": [9]}, {"الف": 0.0, "ب": 0.0}, "beyond the window of 5"),
    ({"الف": [3, 4], "ب": []}, {"الف": 0.0, "ب": 0.0}, "one term near itself counts nothing"),
    ({"الف": [1, 7], "ب": [4]}, {"الف": 2 / 9, "ب": 2 / 9}, "two pairs at distance 3"),
]


@pytest.mark.parametrize(("positions", "expected", "why"), PAIRS)
def test_pair_frequencies(positions: dict, expected: dict, why: str) -> None:
    assert pair_frequencies(positions) == pytest.approx(expected), why


def test_positions_come_from_the_index_with_stopword_gaps(archive: OpenedIndex) -> None:
    searcher = archive.searcher
    near = archive.docnum("near")
    found = term_positions(searcher, "حمایت", [near, archive.docnum("far")])
    # body band starts at 10,000; «دولت بسته حمایتی»: حمایتی is the body's third word
    assert found[near] == [10_002]


def test_without_proximity_the_two_tie_and_with_it_near_wins(archive: OpenedIndex) -> None:
    # (the two share most of their text: ranking is compared with every copy shown)
    plain = search(archive, "بسته حمایتی", snippets=False, collapse=False,
                   ranking=BM25_ONLY)
    assert [h.id for h in plain.hits] == ["far", "near"]
    assert plain.hits[0].score == pytest.approx(plain.hits[1].score)
    ranked = search(archive, "بسته حمایتی", snippets=False, collapse=False,
                    ranking=Ranking(proximity=1.0, phrase=0.0, passage=0.0))
    assert [h.id for h in ranked.hits] == ["near", "far"]
    assert ranked.hits[0].score > plain.hits[0].score
    assert ranked.total == plain.total == 2


def test_a_single_word_query_is_not_reranked(archive: OpenedIndex) -> None:
    plain = search(archive, "پرسپولیس", snippets=False, collapse=False,
                   ranking=Ranking(proximity=0.0))
    near = search(archive, "پرسپولیس", snippets=False, collapse=False,
                  ranking=Ranking(proximity=1.0))
    assert [(h.id, h.score) for h in plain.hits] == [(h.id, h.score) for h in near.hits]


def test_feedback_adds_words_of_the_best_hits(archive: OpenedIndex) -> None:
    searcher = archive.searcher
    best = [(2.0, archive.docnum("sport")), (1.0, archive.docnum("sport2"))]
    expanded = dict(expand(searcher, [("پرسپولیس", 1.0)], best, docs=2, size=5, weight=0.5,
                           max_df_share=1.0))
    assert expanded["پرسپولیس"] > 0.5  # the typed word keeps (1 − λ) and gains its share
    assert {"لیگ", "برتر", "فوتبال"} <= set(expanded)


def test_feedback_leaves_out_words_common_in_the_archive(archive: OpenedIndex) -> None:
    best = [(2.0, archive.docnum("sport")), (1.0, archive.docnum("sport2"))]
    # «لیگ برتر فوتبال» is in 3 of 5 articles: over a share of 0.5, but not of 0.6
    strict = dict(expand(archive.searcher, [("پرسپولیس", 1.0)], best, 2, 30, 0.5,
                         max_df_share=0.5))
    loose = dict(expand(archive.searcher, [("پرسپولیس", 1.0)], best, 2, 30, 0.5,
                        max_df_share=0.6))
    assert "لیگ" not in strict and "لیگ" in loose and "پرسپولیس" in strict


def test_feedback_weight_zero_leaves_the_query(archive: OpenedIndex) -> None:
    best = [(2.0, archive.docnum("sport"))]
    terms = [("پرسپولیس", 1.0)]
    assert expand(archive.searcher, terms, best, docs=2, size=5, weight=0.0) == terms


def test_expanded_search_finds_an_article_without_the_typed_word(archive: OpenedIndex) -> None:
    typed = search(archive, "پرسپولیس", snippets=False, collapse=False)
    assert "league" not in {h.id for h in typed.hits}
    expanded = search(archive, "پرسپولیس", snippets=False, collapse=False,
                      ranking=Ranking(expand=True, feedback_docs=5, feedback_terms=6))
    ids = [h.id for h in expanded.hits]
    assert ids[:2] == ["sport", "sport2"] and "league" in ids
    assert expanded.total == typed.total  # the count is the typed query's


def test_feedback_reads_counts_through_the_given_reader(archive: OpenedIndex) -> None:
    seen = []

    def counts(searcher: object, docnum: int) -> Counter[str]:
        seen.append(docnum)
        return Counter({"فوتبال": 2.0})

    best = [(1.0, archive.docnum("sport"))]
    expanded = dict(expand(archive.searcher, [("پرسپولیس", 1.0)], best, 1, 3, 0.5, counts,
                           max_df_share=1.0))
    assert seen == [archive.docnum("sport")] and expanded["فوتبال"] == pytest.approx(0.5)


def test_the_cli_expands_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    open_articles) -> None:
    import json

    from searcher.cli.app import main

    open_articles(tmp_path, ARTICLES).close()
    index = str(tmp_path / "index")
    assert main(["search", "پرسپولیس", "--index", index, "--json"]) == 0
    plain = {hit["id"] for hit in json.loads(capsys.readouterr().out)["hits"]}
    assert main(["search", "پرسپولیس", "--index", index, "--json", "--expand"]) == 0
    expanded = {hit["id"] for hit in json.loads(capsys.readouterr().out)["hits"]}
    assert "league" not in plain and "league" in expanded
