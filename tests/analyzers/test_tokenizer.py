"""The tokenizer: which spans are words, and how ZWNJ groups the parts of one word."""

from __future__ import annotations

import pytest

from analyzers.tokenizer import (
    ATTACH_AFTER_HEH,
    ATTACH_SUFFIX,
    NO_ATTACH,
    TOKEN_PATTERN,
    describe,
    joins_across,
)

ZWNJ = "\u200c"


def _join(parts: tuple[str, ...]) -> str:
    return "+".join(parts)


def _words(surface: str) -> list[tuple[str, str]]:
    """(parts joined with +, the original span) for each word in one surface."""
    info = describe(surface, _join)
    return [(piece.term or "", surface[piece.start:piece.end]) for piece in info.pieces]


SCAN_CASES = [
    # (text, surfaces found, reason)
    ("خبرگزاری ایرنا گزارش داد.", ["خبرگزاری", "ایرنا", "گزارش", "داد"], "spaces and punctuation"),
    ("«تهران»، «اصفهان» و «تبریز»؛", ["تهران", "اصفهان", "و", "تبریز"],
     "Persian quotes, comma and semicolon separate"),
    ("کَرد و خِرَد", ["کَرد", "و", "خِرَد"], "a diacritic stays inside its word (whoosh's \\w+ splits)"),
    ("کـــتـــاب", ["کـــتـــاب"], "tatweel inside a word"),
    ("ـــخبر", ["خبر"], "a word starts at a letter, not at tatweel"),
    ("می\u200cروم", ["می\u200cروم"], "ZWNJ inside a word keeps one surface"),
    ("می\u200c روم", ["می", "روم"], "a ZWNJ before a space is not part of the surface"),
    ("تهر\u200dان", ["تهر\u200dان"], "ZWJ inside a word keeps it whole"),
    ("\u202bمجلس\u202c", ["مجلس"], "direction marks at a word's edges stay outside it"),
    ("ای\u200fران", ["ای\u200fران"], "an invisible mark between letters stays inside"),
    ("کتابٌ", ["کتابٌ"], "a final diacritic is drawn with the word, so it is inside"),
    ("سال۱۴۰۲", ["سال", "۱۴۰۲"], "letters and digits are separate words"),
    ("نرخ ۵۰٫۵ درصد", ["نرخ", "۵۰٫۵", "درصد"], "a decimal number is one word"),
    ("۱۲٬۵۰۰٬۰۰۰ ریال", ["۱۲٬۵۰۰٬۰۰۰", "ریال"], "thousands separators keep a number whole"),
    ("۱،۲ و ۳", ["۱", "۲", "و", "۳"], "the Persian comma ، separates numbers in a list"),
    ("تورم ۴۰/۲ درصد", ["تورم", "۴۰/۲", "درصد"], "a slash between two numbers is a decimal point"),
    ("۱۴۰۳/۰۵/۱۲", ["۱۴۰۳", "۰۵", "۱۲"], "a date's slashes separate its parts"),
    ("۹۹/۰۵/۱۲", ["۹۹", "۰۵", "۱۲"], "a two-digit year's date too"),
    ("۱۴۰۳/۵", ["۱۴۰۳", "۵"], "a four-digit year and its month: not a decimal"),
    ("۲ / ۵", ["۲", "۵"], "a slash between spaces separates"),
    ("COVID-19 و Tehran", ["COVID", "19", "و", "Tehran"], "a hyphen separates Latin words"),
    ("ＩＲＮＡ１۲", ["ＩＲＮＡ１۲"], "fullwidth Latin and digits of any script are one word"),
    ("Москва و 北京", ["Москва", "و", "北京"], "other scripts are words too"),
    ("ﻻریجانی", ["ﻻریجانی"], "a presentation-form ligature is a letter"),
]


@pytest.mark.parametrize(("text", "surfaces", "reason"), SCAN_CASES)
def test_scanning(text: str, surfaces: list[str], reason: str) -> None:
    assert TOKEN_PATTERN.findall(text) == surfaces, reason


ZWNJ_CASES = [
    # (surface, [(parts, span)], reason)
    ("می\u200cروم", [("می+روم", "می\u200cروم")], "verbal prefix می attaches across ZWNJ"),
    ("نمی\u200cدانند", [("نمی+دانند", "نمی\u200cدانند")], "negative prefix نمی attaches"),
    ("کتاب\u200cها", [("کتاب+ها", "کتاب\u200cها")], "plural ها attaches"),
    ("کتاب\u200cهایشان", [("کتاب+هایشان", "کتاب\u200cهایشان")], "plural with possessive"),
    ("بزرگ\u200cترین", [("بزرگ+ترین", "بزرگ\u200cترین")], "superlative ترین attaches"),
    ("خانه\u200cای", [("خانه+ای", "خانه\u200cای")], "indefinite ای attaches"),
    ("رفته\u200cاند", [("رفته+اند", "رفته\u200cاند")], "perfect ending اند attaches"),
    ("می\u200cخواسته\u200cاند", [("می+خواسته+اند", "می\u200cخواسته\u200cاند")],
     "prefix and ending on one verb"),
    ("راه\u200cآهن", [("راه", "راه"), ("اهن", "آهن")],
     "between two words ZWNJ separates like a space: راه‌آهن meets راه آهن"),
    ("رئیس\u200cجمهور", [("رییس", "رئیس"), ("جمهور", "جمهور")], "a compound is two words"),
    ("سیاست\u200cگذاری\u200cها", [("سیاست", "سیاست"), ("گذاری+ها", "گذاری\u200cها")],
     "the suffix belongs to the last word of the compound"),
    ("خانه\u200c\u064e\u200cها", [("خانه+ها", "خانه\u200c\u064e\u200cها")],
     "a segment of marks only is no part"),
    ("میروم", [("میروم", "میروم")], "solid spelling is one part; morphology splits it"),
]


@pytest.mark.parametrize(("surface", "words", "reason"), ZWNJ_CASES)
def test_zwnj_policy(surface: str, words: list[tuple[str, str]], reason: str) -> None:
    assert _words(surface) == words, reason


ATTACH_CASES = [
    # (surface, attach to the previous word across a space, waits for a verb, reason)
    ("ها", ATTACH_SUFFIX, False, "کتاب ها: plural typed after a space"),
    ("هایشان", ATTACH_SUFFIX, False, "plural with possessive after a space"),
    ("ترین", ATTACH_SUFFIX, False, "بزرگ ترین: superlative after a space"),
    ("تر", ATTACH_SUFFIX, False, "بزرگ تر: read as the comparative, not «wet»"),
    ("ای", ATTACH_AFTER_HEH, False, "خانه ای: indefinite only after ه; alone it is a vocative"),
    ("است", NO_ATTACH, False, "«است» after a space is the verb"),
    ("ام", NO_ATTACH, False, "too short to trust after a space"),
    ("کتاب", NO_ATTACH, False, "an ordinary word"),
    ("می", NO_ATTACH, True, "می روم: a bare prefix waits for its verb"),
    ("نمی", NO_ATTACH, True, "نمی دانند"),
    ("راه\u200cمی", NO_ATTACH, True, "the last word of the surface decides"),
]


@pytest.mark.parametrize(("surface", "attach", "open_prefix", "reason"), ATTACH_CASES)
def test_attachment_across_spaces(surface: str, attach: int, open_prefix: bool, reason: str) -> None:
    info = describe(surface, _join)
    assert (info.attach, info.open_prefix) == (attach, open_prefix), reason


NON_PERSIAN_CASES = [
    # (surface, term, reason)
    ("۱۴۰۲", "1402", "Persian digits"),
    ("١٤٠٢", "1402", "Arabic-Indic digits"),
    ("۵۰٫۵", "50.5", "Arabic decimal separator"),
    ("50.5", "50.5", "ASCII decimal point"),
    ("۵۰/۵", "50.5", "a slash as Persian writing's decimal point"),
    ("۱۲٬۵۰۰", "12500", "thousands separator removed: the number is whole"),
    ("12,500", "12500", "ASCII thousands separator removed"),
    ("Tehran", "tehran", "Latin lowercased"),
    ("ＵＮ", "un", "fullwidth Latin"),
    ("Москва", "москва", "Cyrillic lowercased"),
]


@pytest.mark.parametrize(("surface", "term", "reason"), NON_PERSIAN_CASES)
def test_numbers_and_other_scripts(surface: str, term: str, reason: str) -> None:
    info = describe(surface, _join)
    assert not info.fa
    assert [(p.term, p.start, p.end) for p in info.pieces] == [(term, 0, len(surface))], reason


GAP_CASES = [
    # (text between two surfaces, whether an affix attaches across it, reason)
    (" ", True, "one space: «کتاب ها»"),
    ("  ", True, "two spaces"),
    ("\n", True, "a hard-wrapped line"),
    ("\r\n", True, "a hard-wrapped line with CRLF"),
    ("\u200c ", True, "ZWNJ typed before the space: «می‌ روم»"),
    (" \u200f", True, "an RLM among the spaces"),
    ("\n\n", False, "a blank line ends a paragraph"),
    ("\n \n", False, "a blank line with a stray space"),
    ("\r\n\r\n", False, "a blank line with CRLF"),
    ("، ", False, "a comma"),
    (". ", False, "a full stop"),
]


@pytest.mark.parametrize(("gap", "joins", "reason"), GAP_CASES)
def test_joins_across(gap: str, joins: bool, reason: str) -> None:
    assert joins_across(gap) is joins, reason


def test_every_character_a_token_can_start_with_is_one_the_scan_stops_at() -> None:
    """The scan tries the token pattern only at a ``\\w`` character or at one of
    ``TOKEN_STARTS_OUTSIDE_W``: every character that can begin a token — alone, or followed by
    a letter, a digit or a Latin letter — must be one of them, or a word would be lost."""
    import re
    import sys

    from analyzers.tokenizer import TOKEN_STARTS_OUTSIDE_W

    starts = re.compile(f"[\\w{TOKEN_STARTS_OUTSIDE_W}]")
    missed = [hex(point) for point in range(sys.maxunicode + 1)
              if not 0xD800 <= point < 0xE000 and not starts.match(chr(point))
              and any(TOKEN_PATTERN.match(chr(point) + tail) for tail in ("", "ب", "۱", "a"))]
    assert missed == []
