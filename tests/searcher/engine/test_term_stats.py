"""Document frequencies remembered per searcher: the counts whoosh gives, each counted once."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.reading import SegmentReader

from searcher.engine import term_stats
from searcher.engine.term_stats import remember_doc_frequencies
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.rank.search import search

SAMPLE = Path(__file__).resolve().parents[3] / "sample_corpus"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("term-stats")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHABAR_KEY_FILE", str(root / "index.key"))
        index_paths([SAMPLE], root / "index")
    return root / "index"


def test_each_terms_frequency_is_whooshs_and_counted_once(index_dir: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    with OpenedIndex(index_dir) as opened:
        searcher = opened.searcher
        reader = searcher.reader()
        terms = [t.decode("utf-8") for t in reader.lexicon("text")][:400] + ["ناموجودترین"]
        calls: list[str] = []

        class Counting:
            def doc_frequency(self, fieldname: str, text: str) -> int:
                calls.append(text)
                return reader.doc_frequency(fieldname, text)

        remembered = remember_doc_frequencies(Counting())
        for _ in range(3):
            assert [remembered.doc_frequency("text", t) for t in terms] == [
                reader.doc_frequency("text", t) for t in terms]
        assert sorted(calls) == sorted(terms)
        assert searcher.doc_frequency("text", "ناموجودترین") == 0
        assert searcher.doc_frequency("text", terms[0]) == reader.doc_frequency("text", terms[0])


def test_a_query_asks_each_segment_once_per_term(index_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    asked: list[str] = []
    counted = SegmentReader.doc_frequency

    def counting(self: SegmentReader, fieldname: str, text: str) -> int:
        asked.append(text)
        return counted(self, fieldname, text)

    monkeypatch.setattr(SegmentReader, "doc_frequency", counting)  # before whoosh copies it
    with OpenedIndex(index_dir) as opened:
        first = search(opened, "قیمت نفت و بنزین در بازار تهران", limit=5)
        again = search(opened, "قیمت نفت و بنزین در بازار تهران", limit=5)
        assert first == again and first.total > 0
        assert asked and len(asked) == len(set(asked))


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(term_stats, "MAX_TERMS", 10)
    calls: list[str] = []

    class Counting:
        def doc_frequency(self, fieldname: str, text: str) -> int:
            calls.append(text)
            return len(text)

    remembered = remember_doc_frequencies(Counting())
    words = [f"واژه{n}" for n in range(25)]
    assert [remembered.doc_frequency("text", w) for w in words] == [len(w) for w in words]
    assert [remembered.doc_frequency("text", w) for w in words[-4:]] == [len(w) for w in
                                                                         words[-4:]]
    assert len(calls) == 25  # the last few were still remembered
    remembered.doc_frequency("text", words[0])
    assert len(calls) == 26  # the first had been forgotten
