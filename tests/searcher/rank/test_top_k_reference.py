"""The term-at-a-time top-k (both accumulators: dictionary and numpy) against the reference:
whoosh's own search with KhabarBM25, top 100, rankings and scores, on the sample corpus and on
a generated corpus with several segments and deleted documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.gen_corpus import generate
from bench.synth.lexicon import load_lexicon
from bench.synth.newsroom import CorpusSpec
from bench.synth.queries import iter_queries, iter_questions
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.query.compile import compile_query
from searcher.query.parser import parse_query
from searcher.rank import top_k as top_k_module
from searcher.rank.counting import count
from searcher.rank.top_k import terms_of, top_k

SAMPLE = Path(__file__).resolve().parents[3] / "sample_corpus"
SEED = 5
SAMPLE_QUERIES = ["انتخابات مجلس", "نفت", "قیمت دلار و طلا در بازار", "تهران هوا آلودگی",
                  "چرا قیمت بنزین افزایش یافت؟", "کتاب نمایشگاه ناشران ایران", "ورزش فوتبال"]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("reference")
    generate(500, SEED, root / "generated", "jsonl", shard_size=100)
    index_paths([root / "generated"], root / "generated-index", batch_size=120)
    # Rewrite one shard with other text under the same ids: deleted documents in old segments.
    shard = sorted((root / "generated").glob("*.jsonl"))[1]
    shard.write_text(shard.read_text(encoding="utf-8").replace("به گزارش", "به نوشته"),
                     encoding="utf-8")
    index_paths([root / "generated"], root / "generated-index", batch_size=120)
    index_paths([SAMPLE], root / "sample-index")
    return {"generated": root / "generated-index", "sample": root / "sample-index"}


def _generated_queries() -> list[str]:
    spec = CorpusSpec(SEED, load_lexicon())
    words = [q for qid, q in iter_queries(spec, 40) if not qid.startswith("PHRASE")]
    return words + [q for _, q in iter_questions(spec, 12)]


CASES = [("sample", q) for q in SAMPLE_QUERIES] + [("generated", q) for q in _generated_queries()]


def _reference(searcher, query, limit: int) -> list[tuple[float, int]]:
    return [(hit.score, hit.docnum) for hit in searcher.search(query, limit=limit)]


@pytest.mark.parametrize(("corpus", "text"), CASES)
def test_top_100_rankings_and_scores_match_whoosh(indexes: dict[str, Path], corpus: str,
                                                  text: str, monkeypatch: pytest.MonkeyPatch
                                                  ) -> None:
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")  # built under another test's signing key
    with OpenedIndex(indexes[corpus]) as opened:
        searcher = opened.searcher
        if corpus == "generated":
            assert searcher.reader().has_deletions() and len(searcher.subsearchers) > 1
        query = compile_query(parse_query(text)).query
        terms = terms_of(query)
        assert terms is not None
        reference = _reference(searcher, query, 100)
        found = {}
        for path, pays in (("dict", False), ("arrays", True)):
            monkeypatch.setattr(top_k_module, "_arrays_pay", lambda postings, pays=pays: pays)
            found[path] = top_k(searcher, terms, 100, searcher.weighting)
        assert found["dict"] == found["arrays"]  # the same floats, the same order
        ranked, total = found["arrays"]
        assert total == count(searcher, query)
        assert len(ranked) == len(reference) == min(100, total)
        assert [s for s, _ in ranked] == pytest.approx([s for s, _ in reference], rel=1e-12)
        if not reference:
            return
        # Above the last score on the page the order is the same (the last score's ties may be
        # cut at a different document).
        cut = reference[-1][0]
        above = lambda hits: [d for s, d in hits if s > cut * (1 + 1e-12)]  # noqa: E731
        assert above(ranked) == above(reference)
        assert any(reference) and total > 0


@pytest.mark.parametrize("text", _generated_queries()[:12])
def test_both_accumulators_collect_every_match_as_set_algebra_finds_them(
        indexes: dict[str, Path], text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Collapsing and facets take the whole result set from the ranking pass: it must be the
    same set a second pass finds, deletions and a filter applied, across segments."""
    from whoosh import query as wq

    from searcher.rank.matches import Matches, matches_of

    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    with OpenedIndex(indexes["generated"]) as opened:
        searcher = opened.searcher
        terms = terms_of(compile_query(parse_query(text)).query)
        assert terms is not None
        query = compile_query(parse_query(text)).query
        first_word = wq.Term("text", terms[0][0])
        for filter_query in (None, first_word):
            expected = list(matches_of(searcher, query, filter_query))
            for pays in (False, True):
                monkeypatch.setattr(top_k_module, "_arrays_pay", lambda postings, p=pays: p)
                collected: list = []
                _, total = top_k(searcher, terms, 10, searcher.weighting, filter_query,
                                 collected)
                matches = Matches(collected)
                assert list(matches) == expected
                assert len(matches) == total
                assert matches.array().tolist() == expected
                assert all(d in matches for d in expected)
                assert not any(d in matches for d in range(searcher.doc_count_all())
                               if d not in set(expected))


@pytest.mark.parametrize(("corpus", "text"), [case for case in CASES if len(case[1].split()) > 1])
def test_the_second_stage_ranks_the_same_from_the_kept_postings(
        indexes: dict[str, Path], corpus: str, text: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The product's ranking (BM25, then the second stage over the best candidates' positions):
    positions read through the postings the array path kept give the same top 100, the same
    floats, as positions found by skipping through whoosh's matchers (the dictionary path)."""
    from searcher.engine.postings import TermPostings
    from searcher.rank.rerank import Ranking
    from searcher.rank.search import rank_terms

    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    read_from_kept = []
    positions = TermPostings.positions
    monkeypatch.setattr(TermPostings, "positions",
                        lambda self, *args: read_from_kept.append(self) or positions(self, *args))
    with OpenedIndex(indexes[corpus]) as opened:
        searcher = opened.searcher
        terms = terms_of(compile_query(parse_query(text)).query)
        assert terms is not None
        found = {}
        for path, pays in (("dict", False), ("arrays", True)):
            monkeypatch.setattr(top_k_module, "_arrays_pay", lambda postings, pays=pays: pays)
            found[path] = rank_terms(searcher, terms, 100, Ranking())
            assert bool(read_from_kept) is pays or len(terms) < 2 or not found[path][0]
    assert found["dict"] == found["arrays"]
