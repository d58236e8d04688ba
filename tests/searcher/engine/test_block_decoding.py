"""khabar's block decoding and posting-block accessor read exactly what stock whoosh reads."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from whoosh import index
from whoosh.codec import whoosh3

from searcher.engine.block_decoding import FastLeafMatcher, use_fast_decoding
from searcher.engine import postings as postings_module
from searcher.engine.postings import posting_blocks, term_postings
from searcher.index.run import index_paths

WORDS = ["نفت", "گاز", "تورم", "دلار", "مجلس", "انتخابات", "کتاب", "تهران", "هوا", "آلودگی"]


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[index.Index]:
    """An index whose common words span several posting blocks (whoosh's blocks hold 100
    postings), with words of varying frequency and one-article words (inlined postings)."""
    root = tmp_path_factory.mktemp("engine")
    corpus = root / "corpus"
    corpus.mkdir()
    for n in range(260):
        body = " ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 1 + n % 7))
        article = {"id": f"e{n}", "title": f"گزارش {WORDS[n % len(WORDS)]}",
                   "body": f"{body} شماره{n} {body}", "source": "ایرنا"}
        (corpus / f"{n:03d}.json").write_text(json.dumps(article, ensure_ascii=False),
                                              encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHABAR_KEY_FILE", str(root / "index.key"))
        index_paths([corpus], root / "index", batch_size=200)
    opened = index.open_dir(str(root / "index"))
    yield opened
    opened.close()


def _terms(reader) -> list[str]:
    return [t.decode("utf-8") for t in reader.lexicon("text")]


def _stock_postings(reader, term: str) -> list[tuple[int, float]]:
    found = []
    matcher = reader.postings("text", term)
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight()))
        matcher.next()
    return found


def test_fast_matchers_read_what_whoosh_reads(ix: index.Index) -> None:
    with ix.searcher() as stock, use_fast_decoding(ix.searcher()) as fast:
        leaves = zip(stock.reader().leaf_readers(), fast.reader().leaf_readers(), strict=True)
        kinds = set()
        for (stock_reader, _), (fast_reader, _) in leaves:
            for term in _terms(stock_reader):
                kinds.add(type(fast_reader.postings("text", term)))
                assert _stock_postings(fast_reader, term) == _stock_postings(stock_reader, term)
        assert kinds == {FastLeafMatcher}


def test_posting_blocks_equal_the_stock_postings(ix: index.Index) -> None:
    with ix.searcher() as searcher:
        multi_block = 0
        for reader, _ in searcher.reader().leaf_readers():
            for term in _terms(reader):
                blocks = list(posting_blocks(reader, "text", term, weights=True))
                multi_block += len(blocks) > 1
                read = [(d, w) for ids, ws in blocks for d, w in zip(ids, ws, strict=True)]
                assert read == _stock_postings(reader, term)
                assert all(ws is None for _, ws in posting_blocks(reader, "text", term))
        assert multi_block > 0


def test_other_matchers_come_as_one_block(ix: index.Index) -> None:
    # A reader over several segments has no W3 blocks of its own: the accessor falls back to
    # whoosh's matcher, document by document, and reads the same postings.
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert not reader.is_atomic()
        for term in _terms(reader):
            blocks = list(posting_blocks(reader, "text", term, weights=True))
            assert len(blocks) == 1
            ids, weights = blocks[0]
            assert list(zip(ids, weights, strict=True)) == _stock_postings(reader, term)


def test_a_term_absent_from_a_segment_has_no_blocks(ix: index.Index) -> None:
    with ix.searcher() as searcher:
        reader = searcher.reader().leaf_readers()[0][0]
        assert list(posting_blocks(reader, "text", "واژه‌ای‌که‌نیست")) == []


def test_fast_decoding_is_limited_to_the_searcher_given(ix: index.Index) -> None:
    stock_class = dict(vars(whoosh3.W3LeafMatcher))
    with use_fast_decoding(ix.searcher()) as fast, ix.searcher() as other:
        term = "نفت"
        assert type(fast.reader().leaf_readers()[0][0].postings("text", term)) is FastLeafMatcher
        assert type(other.reader().leaf_readers()[0][0].postings("text", term)) \
            is whoosh3.W3LeafMatcher
    assert dict(vars(whoosh3.W3LeafMatcher)) == stock_class


def test_ranking_reads_a_khabar_index_without_an_unpickler(
        ix: index.Index, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every block of a real index: info, ids and weights read by opcodes (block_head)."""
    with ix.searcher() as searcher:
        expected = {(n, term): _stock_postings(reader, term)
                    for n, (reader, _) in enumerate(searcher.reader().leaf_readers())
                    for term in _terms(reader)}

        def refuse(*_args: object) -> None:
            raise AssertionError("an unpickler was used")

        monkeypatch.setattr(whoosh3, "loads", refuse)
        monkeypatch.setattr("whoosh.filedb.structfile.load_pickle", refuse)
        for (n, term), postings in expected.items():
            reader = searcher.reader().leaf_readers()[n][0]
            blocks = posting_blocks(reader, "text", term, weights=True)
            assert [(d, w) for ids, ws in blocks for d, w in zip(ids, ws, strict=True)] \
                == postings


def _stock_positions(reader, term: str) -> dict[int, list[int]]:
    found = {}
    matcher = reader.postings("text", term)
    while matcher.is_active():
        found[matcher.id()] = matcher.value_as("positions")
        matcher.next()
    return found


@pytest.mark.parametrize("one_pass", [True, False])
def test_term_postings_hold_the_stock_postings_and_their_positions(
        ix: index.Index, one_pass: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A term's postings decoded into arrays (ids, weights) equal whoosh's, and the positions
    looked up through their block directory equal whoosh's for every article, the absent ones
    left out, whether the postings are in blocks or inlined (a one-article word); read in one
    pass (positions by their opcodes), or block by block through the matcher (what a term with
    an unexpected block gets)."""
    if one_pass:  # and each candidate's positions read by their opcodes, not unpickled
        monkeypatch.setattr(FastLeafMatcher, "value", None)
    else:
        monkeypatch.setattr(postings_module, "term_arrays", lambda *_args: None)
    with ix.searcher() as searcher:
        kinds = set()
        for reader, _ in searcher.reader().leaf_readers():
            for term in _terms(reader):
                postings = term_postings(reader, "text", term)
                stock = _stock_postings(reader, term)
                assert list(zip(postings.ids.tolist(), postings.weights.tolist(),
                                strict=True)) == stock
                kinds.add(postings.blocks is not None and len(postings.blocks) > 1)
                positions = _stock_positions(reader, term)
                asked = [0, *positions, reader.doc_count_all() - 1][::2]
                assert postings.positions(reader, asked) == \
                    {d: positions[d] for d in asked if d in positions}
        assert kinds == {True, False}  # multi-block terms and the others


def test_an_absent_term_has_empty_postings(ix: index.Index) -> None:
    with ix.searcher() as searcher:
        reader = searcher.reader().leaf_readers()[0][0]
        postings = term_postings(reader, "text", "واژه‌ای‌که‌نیست")
        assert len(postings.ids) == len(postings.weights) == 0
        assert postings.positions(reader, [0, 1]) == {}
