"""The whoosh analyzer: one chain at index and query time, picklable, offsets into the original."""

from __future__ import annotations

import pickle

import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.query import Term

from analyzers import analyze
from analyzers.whoosh_analyzer import PersianTokenizer, build_analyzer

Z = "\u200c"

TRICKY = [
    # (text, reason)
    ("دانشجويان دانشگاه تهران مي‌روند و كتاب‌هايشان را مى برند.", "Arabic ي ك ى, ZWNJ and a space"),
    ("نرخ تورم ۵۰٫۵ درصد و قیمت دلار 58,500 تومان شد.", "numbers in two scripts"),
    ("کَرده\u200cاند؛ تهـــران\u200f، ﻻریجانی و ＩＲＮＡ", "marks, tatweel, RLM, ligature, fullwidth"),
    ("مردم نمی‌\nدانند و کتاب\n\nها", "a hard wrap joins, a blank line does not"),
    ("", "empty text"),
]


def _tokens(analyzer: PersianTokenizer, text: str, mode: str) -> list[tuple[str, int, int, int]]:
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer(text, positions=True, chars=True, mode=mode)
    ]


@pytest.mark.parametrize(("text", "reason"), TRICKY)
def test_index_and_query_time_agree(text: str, reason: str) -> None:
    analyzer = build_analyzer()
    assert _tokens(analyzer, text, "query") == _tokens(analyzer, text, "index"), reason


@pytest.mark.parametrize(("text", "reason"), TRICKY)
def test_tokens_carry_analyze_positions_and_spans(text: str, reason: str) -> None:
    expected = [(t.term, t.pos, t.start, t.end) for t in analyze(text)]
    assert _tokens(build_analyzer(), text, "index") == expected, reason


def test_offsets_shift_by_start_pos_and_start_char() -> None:
    tokens = build_analyzer()("کتاب‌ها", positions=True, chars=True, start_pos=10, start_char=100)
    assert [(t.text, t.pos, t.startchar, t.endchar) for t in tokens] == [("کتاب", 10, 100, 107)]


def test_keeporiginal_gives_the_surface() -> None:
    tokens = build_analyzer()("می روم", keeporiginal=True)
    assert [(t.text, t.original) for t in tokens] == [("رفت", "می روم")]


def test_untokenized_value_passes_through() -> None:
    tokens = build_analyzer()("تهران", tokenize=False, positions=True, chars=True)
    assert [(t.text, t.pos, t.startchar, t.endchar) for t in tokens] == [("تهران", 0, 0, 5)]


def test_pickles_without_state_and_still_works() -> None:
    analyzer = build_analyzer()
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored == analyzer
    assert _tokens(restored, TRICKY[0][0], "index") == _tokens(analyzer, TRICKY[0][0], "index")


def test_an_index_finds_every_spelling() -> None:
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=build_analyzer(), phrase=True))
    # Creating the index pickles the schema, analyzer included.
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        writer.add_document(id="1", body="دانشجويان دانشگاه تهران به كتابخانه مي‌روند.")
        writer.add_document(id="2", body="قیمت کتاب‌ها در سال ۱۴۰۲ بزرگترین خبر بود.")
    queries = {
        "دانشجویان": "1", f"می{Z}روند": "1", "میروند": "1", "تهران": "1",
        "کتاب ها": "2", "1402": "2", "بزرگ ترین": "2",
    }
    with index.searcher() as searcher:
        for query, doc_id in queries.items():
            (term,) = [t.term for t in analyze(query)]
            found = [hit["id"] for hit in searcher.search(Term("body", term))]
            assert found == [doc_id], query
