"""The stored map of where each word of a snippet's text stands (searcher.index.word_spans):
what it decodes to is what analysing the joined text gives, word for word."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import analyze
from searcher.index.schema import BANDS, TEXT_FIELD, build_schema
from searcher.index.word_spans import decode, encode, snippet_text

FIELD = build_schema()[TEXT_FIELD]
LEAD = "وزیر نفت گفت: تولید نفت خام ایران به روزانه ۳ میلیون بشکه رسید."
BODY = ("به گزارش ایرنا، وزیر نفت در جمع خبرنگاران افزود: با بهره‌برداری از چاه‌های جدید "
        "سهم این منطقه افزایش یافته و پیش‌بینی می‌شود تا پایان امسال ادامه یابد.\n"
        "وی گفت صادرات نفت خام و میعانات گازی روند رو به رشدی داشته است.")


def _spans(title: str, lead: str, body: str):
    _, spans = FIELD.packed_with_spans({"title": title, "surtitle": "", "lead": lead,
                                        "body": body})
    return spans


def _index_places(title: str, lead: str, body: str) -> list[int]:
    """The positions the index gives the snippet text's words (each part in its band)."""
    parts = [("lead", lead), ("body", body)] if lead or body else [("title", title)]
    return [BANDS[name][0] + t.pos for name, text in parts if text for t in analyze(text)]


@pytest.mark.parametrize(("title", "lead", "body", "why"), [
    ("تیتر", LEAD, BODY, "lead and body, joined by a blank line"),
    ("تیتر", "", BODY, "a body alone"),
    ("تیتر", LEAD, "", "a lead alone"),
    ("قیمت نفت خام بالا رفت", "", "", "the title when there is neither"),
    ("تیتر", "کتابهاي ما را می خواند", "نمی‌ روم و نمی روم", "attached words, dropped stopwords"),
    ("تیتر", "نفت", "قیمت " * 20_000, "a text past 32,767 characters (two halves)"),
])
def test_the_map_gives_the_joined_texts_words(title: str, lead: str, body: str, why: str
                                              ) -> None:
    text = snippet_text(title, lead, body)
    found = decode(_spans(title, lead, body))
    words = analyze(text)
    assert found.text_length == len(text), why
    assert list(map(found.span, range(len(found.positions)))) == [(t.start, t.end) for t in words]
    assert found.positions == _index_places(title, lead, body), why


def test_the_snippet_text_is_lead_and_body_or_the_title() -> None:
    assert snippet_text("تیتر", "لید", "متن") == "لید\n\nمتن"
    assert snippet_text("تیتر", "", "متن") == "متن"
    assert snippet_text("تیتر", "", "") == "تیتر"
    assert snippet_text("", "", "") == ""


@pytest.mark.parametrize(("title", "lead", "body", "why"), [
    ("تیتر", "", "نفت" + "." * 56_000 + "گاز", "a word ending 56,003 characters after the "
     "word before: a surrogate code point, which UTF-8 does not carry"),
    ("تیتر", "گزارش " * 8_001, "نفت", "a lead past its band: the index lacks its last words"),
    ("سیل " * 1_001, "", "", "a title past its band"),
    ("", "", "", "no text at all"),
    ("تیتر", "", "و از به", "stopwords only: no word to place"),
])
def test_no_map_where_it_could_not_be_right(title: str, lead: str, body: str, why: str
                                            ) -> None:
    spans = _spans(title, lead, body)
    assert spans is None or decode(spans).positions == [], why


def test_far_apart_words_past_the_surrogates_are_mapped() -> None:
    body = "نفت" + "." * 70_000 + "گاز"
    found = decode(_spans("تیتر", "", body))
    assert list(map(found.span, range(2))) == [(0, 3), (70_003, 70_006)]


def test_numbers_past_the_last_code_point_are_refused() -> None:
    assert decode(encode(1 << 31, [])).text_length == 1 << 31  # two halves of 15 bits
    word = analyze("نفت")[0]
    far = word._replace(start=word.start + 1_200_000, end=word.end + 1_200_000)
    assert encode(1_200_010, [(10_000, 0, [far])]) is None  # past 1,114,111


TEXTS = st.lists(st.sampled_from(["نفت", "می", "رود", "ها", "و", "در", "۱۴۰۲", "3.5", "،",
                                  "کتاب‌ها", "نمی", "خواهد", "شد", "«بازار»", "ی", "؟"]),
                 max_size=25).map(" ".join)
BREAKS = st.sampled_from(["", " ", "\n", "\u200c", "\r\n"])


@settings(max_examples=200, deadline=None)
@given(lead=TEXTS, body=TEXTS, lead_end=BREAKS, body_start=BREAKS)
def test_no_word_joins_across_the_blank_line(lead: str, body: str, lead_end: str,
                                             body_start: str) -> None:
    # the parts are analysed apart, the snippet text joined: the words must be the same
    lead, body = lead + lead_end, body_start + body
    text = snippet_text("تیتر", lead, body)
    spans = _spans("تیتر", lead, body)
    words = analyze(text)
    if spans is None:
        assert not words
        return
    found = decode(spans)
    assert list(map(found.span, range(len(found.positions)))) == [(t.start, t.end) for t in words]
