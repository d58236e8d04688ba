"""Untrusted article text loses escapes and spoofing controls but keeps Persian spelling."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searcher.output.sanitize import clean_line, clean_map, clean_text, clean_with_spans

ESC = "\x1b"

CLEAN_CASES = [
    # (raw, cleaned, reason)
    (f"{ESC}[31mسرخ{ESC}[0m", "سرخ", "SGR colour sequence"),
    (f"{ESC}[2J{ESC}[Hخبر", "خبر", "clear screen and cursor home"),
    ("\x9b31mخبر", "خبر", "CSI in its one-byte C1 form"),
    (f"{ESC}]8;;https://evil.example{ESC}\\پیوند{ESC}]8;;{ESC}\\", "پیوند", "OSC 8 hyperlink"),
    (f"{ESC}]0;عنوان پنجره\x07متن", "متن", "OSC window title ended by BEL"),
    (f"{ESC}cمتن", "متن", "ESC c resets the terminal"),
    (f"{ESC}(Bمتن", "متن", "charset designation with an intermediate byte"),
    (f"{ESC}]ناتمام", "ناتمام", "unterminated OSC: its opener goes, the payload is inert text"),
    ("قیمت\x00\x07\x08 نفت", "قیمت نفت", "NUL, BEL and backspace"),
    ("نفت\x7f\x85", "نفت", "DEL and a C1 control"),
    ("خط یک\r\nخط دو", "خط یک\nخط دو", "CRLF becomes a newline"),
    ("جعلی\rواقعی", "جعلی\nواقعی", "a lone CR would overwrite the line"),
    ("ستون\tدوم", "ستون\tدوم", "tab kept in multi-line text"),
    ("بند\x0cبعدی", "بند بعدی", "form feed separates words, so it becomes a space"),
    ("فایل\u202eexe.txt", "فایلexe.txt", "RLO spoofs the displayed order"),
    ("\u202aالف\u202c \u2067ب\u2069 \u2066ج\u2069 \u2068د\u2069", "الف ب ج د",
     "embeddings, PDF and isolates"),
    ("می\u200cروم", "می\u200cروم", "ZWNJ is Persian spelling"),
    ("\u200fدر ۲۰۲۳\u200e", "\u200fدر ۲۰۲۳\u200e", "RLM/LRM are plain strong marks, kept"),
    ("کتاب\ud800ها", "کتاب\ufffdها", "a lone surrogate would crash the write"),
    ("[bold]تیتر[/bold]", "[bold]تیتر[/bold]", "rich markup is ordinary text here"),
]


@pytest.mark.parametrize(("raw", "cleaned", "reason"), CLEAN_CASES)
def test_clean_text(raw: str, cleaned: str, reason: str) -> None:
    assert clean_text(raw) == cleaned, reason


def test_clean_line_maps_line_breaks_and_tabs_to_spaces() -> None:
    assert clean_line("تیتر\nدوم\tسوم\r\nچهارم\u2029پنجم") == "تیتر دوم سوم چهارم پنجم"


def test_spans_move_past_removed_sequences() -> None:
    raw = f"{ESC}[1mتهران{ESC}[0m و قم"
    cleaned, spans = clean_with_spans(raw, [(4, 9), (16, 18)])
    assert cleaned == "تهران و قم"
    assert [cleaned[s:e] for s, e in spans] == ["تهران", "قم"]


def test_span_over_removed_characters_only_is_dropped() -> None:
    cleaned, spans = clean_with_spans(f"الف{ESC}[0mب", [(3, 7)])
    assert (cleaned, spans) == ("الفب", ())


def test_out_of_range_span_is_clipped() -> None:
    assert clean_with_spans("ایران", [(2, 50)]) == ("ایران", ((2, 5),))


# Text drawn from Persian letters, ZWNJ, Latin, and the characters and sequences cleaning removes.
_PIECES = st.sampled_from([
    "ک", "ت", "ا", "ب", "\u200c", "a", "1", " ", "\n", "\t", "\r", "\x00", "\x1b", "[", "m",
    f"{ESC}[31m", f"{ESC}]8;;x{ESC}\\", "\x07", "\u202e", "\u2067", "\x9b", "\ud800", "\u2028",
])
_TEXT = st.lists(_PIECES, max_size=40).map("".join)


@given(text=_TEXT, one_line=st.booleans(), data=st.data())
def test_spans_stay_in_bounds_and_on_the_same_characters(
    text: str, one_line: bool, data: st.DataObject
) -> None:
    bound = st.integers(0, len(text))
    spans = data.draw(st.lists(st.tuples(bound, bound).map(sorted).map(tuple), max_size=5))
    cleaned, moved = clean_with_spans(text, spans, one_line=one_line)
    _, origins = clean_map(text, one_line=one_line)
    kept = [(s, e) for s, e in spans if any(s <= o < e for o in origins)]
    assert len(moved) == len(kept)
    for (start, end), (new_start, new_end) in zip(kept, moved, strict=True):
        assert 0 <= new_start < new_end <= len(cleaned)
        # exactly the surviving characters of the old span, nothing else
        assert [o for o in origins if start <= o < end] == list(origins[new_start:new_end])


@given(text=_TEXT, one_line=st.booleans())
def test_cleaned_text_has_no_escape_or_control_left(text: str, one_line: bool) -> None:
    cleaned, origins = clean_map(text, one_line=one_line)
    assert cleaned == clean_text(text, one_line=one_line)
    assert list(origins) == sorted(set(origins))
    allowed = {" "} if one_line else {" ", "\n", "\t"}
    for char in cleaned:
        assert char.isprintable() or char in allowed or char == "\u200c", repr(char)
    assert not set(cleaned) & {"\x1b", "\u202e", "\u2067", "\x9b", "\ud800"}
