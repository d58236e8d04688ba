"""bench.relevance_baselines: the peers on a tiny hand-written set, and the script end to end."""

from __future__ import annotations

import json

import pytest

from bench.relevance_baselines import SYSTEMS, Fts5, PlainWhoosh, main
from searcher.article import Article

DOCS = [
    Article(id="d-bread", title="قیمت نان در تهران",
            body="نانوایی‌های تهران از امروز نان را با قیمت تازه می‌فروشند."),
    Article(id="d-rain", title="",
            body="باران شدید در شمال کشور جاده‌های گیلان و مازندران را بست."),
    Article(id="d-book", title="نمایشگاه کتاب",
            body="نمایشگاه کتاب تهران امسال با حضور ناشران خارجی برگزار می‌شود."),
]


@pytest.fixture(params=sorted(SYSTEMS))
def system(request):
    built = SYSTEMS[request.param]()
    built.build(DOCS)
    yield built
    built.close()


@pytest.mark.parametrize(
    ("query", "expected_first", "reason"),
    [
        ("قیمت نان", "d-bread", "both words in the title and body of one article"),
        ("باران گیلان؟", "d-rain", "Persian ؟ is neither syntax nor part of the word"),
        ("کتاب تهران", "d-book", "تهران is in two articles; کتاب decides"),
    ],
)
def test_peer_ranks_the_matching_article_first(system, query, expected_first, reason):
    hits = system.search(query, 10)
    assert hits[0][0] == expected_first, reason
    scores = [score for _docid, score in hits]
    assert scores == sorted(scores, reverse=True), "best first, higher score is better"


def test_peer_returns_at_most_k(system):
    # تهران occurs in two articles; k = 1 keeps one
    assert len(system.search("تهران", 1)) == 1


@pytest.mark.parametrize(
    "query",
    ['"نان', "نان*", "title:نان", "نان AND OR NOT", "(باران", "؟", "- -", ""],
)
def test_peer_treats_query_syntax_as_text(system, query):
    # none of these may raise: the peers take words, never a query language
    assert isinstance(system.search(query, 10), list)


def test_fts5_quotes_every_word():
    assert Fts5.match_expression('نان "تازه" OR') == '"نان" OR """تازه""" OR "OR"'


def test_whoosh_analyzer_splits_at_zwnj():
    # plain whoosh's \w+ stops at ZWNJ, so «نانوایی‌های» is two words: the baseline's weakness
    words = [token.text for token in PlainWhoosh().analyzer("نانوایی‌های")]
    assert words == ["نانوایی", "های"]


def write_dataset(folder):
    folder.mkdir()
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for doc in DOCS:
            out.write(json.dumps({"id": doc.id, "title": doc.title, "body": doc.body},
                                 ensure_ascii=False) + "\n")
    (folder / "queries.tsv").write_text(
        "news-1\tقیمت نان\nnews-2\tباران گیلان\nbook-1\tنمایشگاه کتاب\n", encoding="utf-8")
    (folder / "qrels.txt").write_text(
        "news-1 0 d-bread 1\nnews-2 0 d-rain 1\nbook-1 0 d-book 1\n", encoding="utf-8")


def test_main_measures_every_system_and_writes_json(tmp_path, capsys):
    write_dataset(tmp_path / "data")
    out = tmp_path / "out"
    assert main(["--data", str(tmp_path / "data"), "--out", str(out)]) == 0
    payload = json.loads((out / "relevance_baselines.json").read_text(encoding="utf-8"))
    by_name = {system["name"]: system for system in payload["systems"]}
    assert set(by_name) == set(SYSTEMS)
    for system in by_name.values():
        assert system["overall"]["ndcg10"] == 1.0  # every query finds its article first
        assert set(system["by_prefix"]) == {"news", "book"}
    assert (out / "run-fts5.txt").read_text(encoding="utf-8").startswith("news-1 Q0 d-bread 1 ")
    assert "| fts5 | 2 | news | 1.000 |" in capsys.readouterr().out


def test_main_rejects_an_unknown_system(tmp_path, capsys):
    write_dataset(tmp_path / "data")
    code = main(["--data", str(tmp_path / "data"), "--out", str(tmp_path), "--systems", "lucene"])
    assert code == 2
    assert "unknown system(s): lucene" in capsys.readouterr().err
