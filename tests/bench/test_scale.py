"""The scale benchmark's inputs and peers: question queries, query modes, the FTS5 peer."""

from __future__ import annotations

import json
from pathlib import Path

from bench.gen_corpus import generate
from bench.gen_queries import write_queries
from bench.peers import Fts5, words_and_phrase
from bench.scale import read_queries

SEED = 7


def test_questions_are_added_without_changing_the_other_queries(tmp_path: Path) -> None:
    write_queries(tmp_path / "plain.tsv", 40, SEED)
    write_queries(tmp_path / "mixed.tsv", 40, SEED, questions=15)
    plain = (tmp_path / "plain.tsv").read_text(encoding="utf-8").splitlines()
    mixed = (tmp_path / "mixed.tsv").read_text(encoding="utf-8").splitlines()
    assert mixed[:40] == plain
    questions = [line.split("\t") for line in mixed[40:]]
    assert [qid for qid, _ in questions] == [f"QUESTION-{n:04d}" for n in range(1, 16)]
    assert len({q for _, q in questions}) == 15
    for _, question in questions:
        assert question.endswith("؟")
        assert 5 <= len(question.split()) <= 13


def test_query_modes_split_phrases_from_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "q.tsv"
    path.write_text("W1-0001\tتحریم\nPHRASE-0002\t«بازار سرمایه» بورس\n"
                    "QUESTION-0001\tچرا قیمت نفت بالا رفت؟\n", encoding="utf-8")
    assert read_queries(path, 0) == {"topics": ["تحریم", "چرا قیمت نفت بالا رفت؟"],
                                     "phrases": ["«بازار سرمایه» بورس"]}


def test_peer_queries_keep_words_and_the_phrase_and_drop_syntax() -> None:
    assert words_and_phrase("«بازار سرمایه» بورس؟") == (["بورس"], "بازار سرمایه")
    assert words_and_phrase("نفت: -تحریم") == (["نفت", "تحریم"], None)


def test_fts5_peer_indexes_the_corpus_and_answers_every_mode(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate(30, SEED, corpus, "jsonl")
    assert Fts5.build(corpus, tmp_path / "fts.sqlite") == 30
    peer = Fts5(tmp_path / "fts.sqlite")
    first = next(corpus.glob("*.jsonl")).read_text(encoding="utf-8").splitlines()[0]
    record = json.loads(first)
    word = max(record["title"].split(), key=len)
    assert peer.run(word, snippets=True) >= 1
    assert peer.run(word, snippets=False, by_date=True) >= 1
    assert peer.run(word, snippets=True, source=record["source"]) >= 1
    assert peer.run(word, snippets=True, source="نه‌چنین‌خبرگزاری") == 0


def test_the_query_profile_splits_a_query_into_its_stages(tmp_path: Path,
                                                          open_articles) -> None:
    """bench/profile_query.py's stage split: every stage of a query with snippets is timed
    and the stages fit inside the query's own time."""
    from bench.profile_query import STAGES, stage_times
    from searcher.rank.search import search

    articles = [{"id": f"a{n}", "title": "قیمت نفت", "body": f"بازار نفت و دلار امروز {n} بار"}
                for n in range(30)]
    with open_articles(tmp_path, articles) as archive:
        found = stage_times(lambda q: search(archive, q, limit=10), ["قیمت نفت", "دلار بازار"])
    stages = found["stages_mean_ms"]
    assert found["queries"] == 2 and set(stages) == set(STAGES.values())
    assert all(ms > 0 for name, ms in stages.items() if name != STAGES["suggest"])
    assert sum(stages.values()) <= found["cpu_mean_ms"]


def test_khabar_without_the_postings_cache_neither_reads_nor_fills_it(tmp_path: Path,
                                                                       open_articles) -> None:
    """``khabar-nocache`` answers as ``khabar`` does, and the cache ``khabar`` filled is
    neither read nor changed by it."""
    from bench.scale import Khabar, KhabarUncached
    from searcher.engine import postings_cache

    articles = [{"id": f"a{n}", "title": "قیمت نفت", "body": f"بازار نفت و دلار امروز {n} بار"}
                for n in range(30)]
    open_articles(tmp_path, articles).close()
    cached, uncached = Khabar(tmp_path / "index"), KhabarUncached(tmp_path / "index")
    try:
        postings_cache.set_budget(postings_cache.DEFAULT_BUDGET)
        assert cached.run("نفت دلار", snippets=True) == 30
        kept = dict(postings_cache.CACHE._entries)
        assert kept
        assert uncached.run("نفت دلار", snippets=True) == 30
        assert uncached.run("بازار", snippets=False) == 30
        assert dict(postings_cache.CACHE._entries) == kept
    finally:
        cached.archive.close()
        uncached.archive.close()
