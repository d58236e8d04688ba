"""Decoded postings kept between queries: handed out again unchanged, within their budget."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from searcher.engine import postings_cache
from searcher.engine.postings import skipped_positions, term_postings
from searcher.engine.postings_cache import PostingsCache, footprint
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.rank.rerank import Ranking
from searcher.rank.search import rank_terms, search

WORDS = ["نفت", "گاز", "تورم", "دلار", "مجلس", "انتخابات", "کتاب", "تهران", "هوا", "آلودگی",
         "بازار", "بورس", "سهام", "قیمت", "صادرات"]
QUERIES = ["نفت گاز", "قیمت دلار در بازار", "انتخابات مجلس", "آلودگی هوا تهران",
           "صادرات نفت و گاز", "بورس سهام قیمت", "کتاب"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Three segments; the common words span several posting blocks (100 postings each)."""
    root = tmp_path_factory.mktemp("postings-cache")
    corpus = root / "corpus"
    corpus.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHABAR_KEY_FILE", str(root / "index.key"))
        for batch in range(3):
            for n in range(batch * 150, (batch + 1) * 150):
                words = " ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 2 + n % 9))
                article = {"id": f"c{n}", "title": f"گزارش {WORDS[n % len(WORDS)]}",
                           "body": f"{words} در روز {n} {words}", "source": "ایرنا"}
                (corpus / f"{n:03d}.json").write_text(json.dumps(article, ensure_ascii=False),
                                                      encoding="utf-8")
            index_paths([corpus], root / "index", batch_size=1000)
        yield root / "index"


@pytest.fixture
def budget() -> Iterator[None]:
    yield
    postings_cache.set_budget(postings_cache.DEFAULT_BUDGET)


def _segments(opened: OpenedIndex) -> list:
    return [segment.reader() for segment, _ in opened.searcher.subsearchers]


def test_a_term_asked_again_is_its_postings_decoded_again(index_dir: Path, budget: None,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    postings_cache.set_budget(postings_cache.DEFAULT_BUDGET)
    with OpenedIndex(index_dir) as opened:
        readers = _segments(opened)
        assert len(readers) == 3
        for reader in readers:
            for word in [*WORDS, "ناموجود"]:
                first = term_postings(reader, "text", word)
                again = term_postings(reader, "text", word)
                assert again is first  # kept
                postings_cache.set_budget(0)
                fresh = term_postings(reader, "text", word)
                postings_cache.set_budget(postings_cache.DEFAULT_BUDGET)
                assert fresh is not first
                assert np.array_equal(fresh.ids, first.ids)
                assert np.array_equal(fresh.weights, first.weights)
                assert fresh.blocks == first.blocks
                assert not first.ids.flags.writeable and not first.weights.flags.writeable


def test_the_cache_never_holds_more_than_its_budget(index_dir: Path, budget: None,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    with OpenedIndex(index_dir) as opened:
        readers = _segments(opened)
        sizes = {(n, w): footprint(term_postings(r, "text", w))
                 for n, r in enumerate(readers) for w in WORDS}
        budget_bytes = sum(sorted(sizes.values())[-5:])  # the five largest fit, not all
        postings_cache.set_budget(budget_bytes)
        cache = postings_cache.CACHE
        asked = []
        for n, reader in enumerate(readers):
            for word in WORDS:
                term_postings(reader, "text", word)
                asked.append((n, word))
                assert cache.size <= budget_bytes
        assert 0 < len(cache) < len(asked)
        # The most recently asked are the ones kept.
        last = asked[-1]
        assert term_postings(readers[last[0]], "text", last[1]) is term_postings(
            readers[last[0]], "text", last[1])
        assert cache.size == sum(entry[2] for entry in cache._entries.values())


def test_no_budget_keeps_nothing(index_dir: Path, budget: None,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    postings_cache.set_budget(0)
    with OpenedIndex(index_dir) as opened:
        for reader in _segments(opened):
            assert term_postings(reader, "text", "نفت") is not term_postings(reader, "text",
                                                                              "نفت")
    assert len(postings_cache.CACHE) == 0 and postings_cache.CACHE.size == 0


def test_eviction_is_least_recently_used_first() -> None:
    class Postings:
        def __init__(self, n: int) -> None:
            self.ids = np.zeros(n, dtype=np.int64)
            self.weights = np.zeros(n, dtype=np.float64)
            self.blocks = None

    owner = object()
    one = footprint(Postings(100))
    cache = PostingsCache(budget=3 * one)
    for word in ("الف", "ب", "پ"):
        cache.put(owner, ("text", word), Postings(100), one)
    assert cache.get(owner, ("text", "الف")) is not None  # now the most recent
    cache.put(owner, ("text", "ت"), Postings(100), one)
    assert cache.get(owner, ("text", "ب")) is None
    assert all(cache.get(owner, ("text", w)) is not None for w in ("الف", "پ", "ت"))
    assert cache.get(object(), ("text", "الف")) is None  # another reader's: another key
    big = Postings(1000)
    cache.put(owner, ("text", "بزرگ"), big, footprint(big))  # more than the whole budget
    assert cache.get(owner, ("text", "بزرگ")) is None and cache.size <= 3 * one


@pytest.mark.parametrize("text", QUERIES)
def test_rankings_from_kept_postings_are_the_same_floats(index_dir: Path, budget: None,
                                                         text: str,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    with OpenedIndex(index_dir) as opened:
        results = {}
        for name, size in (("uncached", 0), ("first", postings_cache.DEFAULT_BUDGET),
                           ("kept", None)):
            if size is not None:
                postings_cache.set_budget(size)
            results[name] = search(opened, text, limit=20, collapse=False)
        assert len(postings_cache.CACHE) > 0
        for name in ("first", "kept"):
            assert results[name] == results["uncached"]
        terms = [(w, 1.0) for w in text.split() if w != "و" and w != "در"]
        assert rank_terms(opened.searcher, terms, 100, Ranking()) == rank_terms(
            opened.searcher, terms, 100, Ranking())


def _stock_positions(reader, word: str) -> dict[int, list[int]]:
    found = {}
    matcher = reader.postings("text", word)
    while matcher.is_active():
        found[matcher.id()] = matcher.value_as("positions")
        matcher.next()
    return found


def test_positions_from_kept_block_values_are_whooshs(index_dir: Path, budget: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    with OpenedIndex(index_dir) as opened:
        for reader in _segments(opened):
            docs = list(range(reader.doc_count_all()))
            for word in (w for w in WORDS if ("text", w) in reader):
                stock = _stock_positions(reader, word)
                found = {}
                for size in (0, postings_cache.DEFAULT_BUDGET, None):  # none, filled, kept
                    if size is not None:
                        postings_cache.set_budget(size)
                    postings = term_postings(reader, "text", word)
                    found[size] = postings.positions(reader, docs[::3])
                    assert found[size] == {d: p for d, p in stock.items() if d % 3 == 0}
                assert len(postings.blocks) > 1 or len(stock) < 100
                asked = {int(d) for d in postings.ids if d % 3 == 0}
                for place, end in zip(postings.blocks, [*(b.first for b in postings.blocks[1:]),
                                                        len(postings.ids)], strict=True):
                    held = asked & {int(d) for d in postings.ids[place.first:end]}
                    kept = postings_cache.CACHE.get(postings.postfile, place.data_at)
                    assert (kept is not None) == bool(held)
                    if held:  # the values asked for, no others
                        assert set(kept) == {int(i) for i in np.flatnonzero(
                            np.isin(postings.ids[place.first:end], list(held)))}
                for handed in postings.positions(reader, docs).values():
                    handed.append(-1)  # a caller's list is its own: what is kept stays
                assert postings.positions(reader, docs) == stock
                assert all(len(postings_cache.CACHE.get(postings.postfile, place.data_at))
                           == place.postings for place in postings.blocks)


def test_positions_skipped_to_are_whooshs(index_dir: Path, budget: None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A few documents' positions read by skipping through a posting list nobody decoded
    (a one-shot search, the cache off) are whoosh's, whether blocks are kept or not."""
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    with OpenedIndex(index_dir) as opened:
        for reader in _segments(opened):
            docs = list(range(reader.doc_count_all()))
            for word in [*(w for w in WORDS if ("text", w) in reader), "ناموجود"]:
                stock = _stock_positions(reader, word) if ("text", word) in reader else {}
                for size in (0, postings_cache.DEFAULT_BUDGET, None):  # none, filled, kept
                    if size is not None:
                        postings_cache.set_budget(size)
                    for step in (1, 7):
                        assert skipped_positions(reader, "text", word, docs[::step]) == {
                            d: p for d, p in stock.items() if d % step == 0}
