"""The whole chain: every common spelling of a word meets, and every token knows its span."""

from __future__ import annotations

import pytest

from analyzers import Token, analyze, terms

Z = "\u200c"  # ZWNJ

VARIANT_GROUPS = [
    # (spellings that must meet, their terms, reason)
    ([f"می{Z}روم", "میروم", "می روم", f"می{Z} روم"], ["رفت"],
     "verbal prefix: ZWNJ, solid, space, ZWNJ typed before a space"),
    ([f"نمی{Z}دانند", "نمیدانند", "نمی دانند"], ["دانست"], "negative prefix"),
    ([f"کتاب{Z}ها", "کتابها", "کتاب ها"], ["کتاب"], "plural suffix"),
    ([f"بزرگ{Z}ترین", "بزرگترین", "بزرگ ترین"], ["بزرگ"], "superlative suffix"),
    ([f"خانه{Z}ای", "خانه ای"], ["خانه"], "indefinite ای after ه"),
    (["۱۴۰۲", "1402", "١٤٠٢"], ["1402"], "Persian, ASCII and Arabic-Indic digits"),
    (["۵۰٫۵", "50.5", "٥٠٫٥"], ["50.5"], "a decimal number stays whole"),
    (["۱۲٬۵۰۰", "12,500", "12500"], ["12500"], "thousands separators"),
    (["كتاب", "کتاب"], ["کتاب"], "Arabic kaf"),
    (["رئيس", "رئیس", "ریيس"], ["رییس"], "yeh with hamza and Arabic yeh"),
    (["مؤسسهٔ", "موسسه"], ["موسسه"], "waw with hamza, heh with yeh above"),
    (["آغاز", "اغاز", "ٱغاز"], ["اغاز"], "alef madda and alef wasla"),
    (["کَرده‌اند", "کرده‌اند"], [], "diacritics: a light verb, dropped in both spellings"),
    (["دانشمَندان", "دانشمندان", "دانشمـندان"], ["دانشمند"], "diacritic and tatweel"),
    (["IRNA", "irna", "ＩＲＮＡ"], ["irna"], "Latin case and fullwidth forms"),
]


@pytest.mark.parametrize(("spellings", "expected", "reason"), VARIANT_GROUPS)
def test_spellings_of_a_word_meet(spellings: list[str], expected: list[str], reason: str) -> None:
    assert [terms(spelling) for spelling in spellings] == [expected] * len(spellings), reason


SENTENCE_GROUPS = [
    # (sentence with {} for the word, spellings, reason)
    ("وزیر گفت: من فردا به مشهد {} و با استاندار دیدار می‌کنم.",
     [f"می{Z}روم", "میروم", "می روم"], "a verb in a quoted sentence"),
    ("کارشناسان می‌گویند مردم هنوز {} یارانه کی واریز می‌شود.",
     [f"نمی{Z}دانند", "نمیدانند", "نمی دانند"], "a negative verb mid-sentence"),
    ("{} درسی سال تحصیلی جدید هنوز به مدارس نرسیده است.",
     [f"کتاب{Z}ها", "کتابها", "کتاب ها"], "a plural at the start of a sentence"),
    ("این {} پروژه عمرانی استان اصفهان است.",
     [f"بزرگ{Z}ترین", "بزرگترین", "بزرگ ترین"], "a superlative before its noun"),
    ("سیل بامداد امروز به {} در حاشیه روستا آسیب زد.",
     [f"خانه{Z}ای", "خانه ای"], "an indefinite noun"),
    ("لایحه بودجه سال {} در مجلس شورای اسلامی تصویب شد.", ["۱۴۰۲", "1402"], "a year"),
    ("نرخ تورم نقطه به نقطه در پایان اسفند به {} درصد رسید.", ["۵۰٫۵", "50.5"], "a percentage"),
]


@pytest.mark.parametrize(("template", "spellings", "reason"), SENTENCE_GROUPS)
def test_spellings_meet_inside_news_sentences(
    template: str, spellings: list[str], reason: str
) -> None:
    analyses = []
    for spelling in spellings:
        text = template.format(spelling)
        tokens = analyze(text)
        assert tokens, reason
        # The word's own token covers exactly the spelling as written.
        at = template.index("{}")
        assert next(t for t in tokens if t.start == at).end == at + len(spelling), reason
        analyses.append([(t.term, t.pos) for t in tokens])
    assert all(analysis == analyses[0] for analysis in analyses), reason


def test_arabic_keyboard_text_meets_persian_keyboard_text() -> None:
    arabic = "بانك مركزي اعلام كرد كه نرخ تورم در ماه گذشته كاهش يافته است."
    persian = "بانک مرکزی اعلام کرد که نرخ تورم در ماه گذشته کاهش یافته است."
    assert terms(arabic) == terms(persian)
    assert terms(persian)[:2] == ["بانک", "مرکزی"]


SPAN_CASES = [
    # (text, [(term, surface)], reason)
    ("کتاب‌هایش را به کتابخانه ملی اهدا کرد.",
     [("کتاب", f"کتاب{Z}هایش"), ("کتابخانه", "کتابخانه"), ("ملی", "ملی"), ("اهدا", "اهدا")],
     "a span covers the word with its suffixes"),
    ("او به مدرسه می رود و کتاب ها را می برد.",
     [("مدرسه", "مدرسه"), ("رفت", "می رود"), ("کتاب", "کتاب ها"), ("برد", "می برد")],
     "a word joined across a space spans both parts"),
    ("مردم نمی‌\nدانند", [("مردم", "مردم"), ("دانست", "نمی‌\nدانند")],
     "a hard line break inside a word (ZWNJ at the end of the line)"),
    ("دانشجویان دانشگاه تهـــران امروز تجمع کردند.",
     [("دانشجو", "دانشجویان"), ("دانشگاه", "دانشگاه"), ("تهران", "تهـــران"),
      ("امروز", "امروز"), ("تجمع", "تجمع")],
     "tatweel inside a name: term without it, span with it"),
    ("نشست خبری \u200fسخنگوی\u200f دولت",
     [("نشست", "نشست"), ("خبر", "خبری"), ("سخنگو", "سخنگوی"), ("دولت", "دولت")],
     "RLM around a word stays outside the span"),
    ("رئیس\u200dجمهور در مَجلِس حاضر شد",
     [("رییسجمهور", "رئیس\u200dجمهور"), ("مجلس", "مَجلِس"), ("حاضر", "حاضر")],
     "ZWJ and harakat inside words; spans point into the original"),
    ("ﻻریجانی در ＩＲＮＡ گفت",
     [("لاریجانی", "ﻻریجانی"), ("irna", "ＩＲＮＡ")],
     "presentation forms expanded in the term, one character in the text"),
    ("شرکت Apple و سامسونگ", [("شرکت", "شرکت"), ("apple", "Apple"), ("سامسونگ", "سامسونگ")],
     "Latin lowercased inside Persian text"),
]


@pytest.mark.parametrize(("text", "expected", "reason"), SPAN_CASES)
def test_terms_and_original_spans(text: str, expected: list[tuple[str, str]], reason: str) -> None:
    assert [(t.term, text[t.start:t.end]) for t in analyze(text)] == expected, reason


JOIN_LIMIT_CASES = [
    # (text, terms, reason)
    ("کتاب\n\nها", ["کتاب", "ها"], "a blank line (paragraph break) never joins"),
    ("قیمت کتاب، ها و دفتر", ["قیمت", "کتاب", "ها", "دفتر"], "punctuation never joins"),
    ("یک کتاب ای", ["کتاب", "ای"], "ای joins only a word ending in ه"),
    ("ای ایران ای مرز پرگهر", ["ای", "ایران", "ای", "مرز", "پرگهر"], "vocative ای stays"),
    ("راه‌آهن و راه آهن", ["راه", "اهن", "راه", "اهن"], "a ZWNJ compound splits like a space"),
]


@pytest.mark.parametrize(("text", "expected", "reason"), JOIN_LIMIT_CASES)
def test_what_never_joins(text: str, expected: list[str], reason: str) -> None:
    assert terms(text) == expected, reason


def test_stopwords_leave_position_gaps() -> None:
    text = "وزیر امور خارجه به ایران سفر کرد و با همتای خود دیدار کرد."
    tokens = analyze(text)
    assert [(t.term, t.pos) for t in tokens] == [
        ("وزیر", 0), ("امور", 1), ("خارجه", 2), ("ایران", 4), ("سفر", 5),
        ("همتا", 9), ("دیدار", 11),
    ]


def test_names_keep_identity_while_inflections_fold() -> None:
    text = "دانشجویان تهران و ایران کتاب‌هایش را بزرگ‌تر از رئیسی و پزشکیان دیدند."
    assert terms(text)[:7] == [
        "دانشجو", "تهران", "ایران", "کتاب", "بزرگ", "رییسی", "پزشکیان"
    ]


def test_token_is_a_named_tuple_with_the_public_fields() -> None:
    (token,) = analyze("تهران")
    assert token == Token(term="تهران", start=0, end=5, pos=0)
    assert Token._fields == ("term", "start", "end", "pos")


@pytest.mark.parametrize("text", ["", " \n\t", "«»،؛.!؟", "\u200c\u200f\u0640"])
def test_text_without_words_has_no_tokens(text: str) -> None:
    assert analyze(text) == []


# Persian writes a decimal with the Arabic decimal separator, a slash or a point: a reader
# searching «۴۰/۲ درصد» means the article that printed «۴۰٫۲ درصد».
DECIMAL_SPELLINGS = [
    ("نرخ تورم ۴۰٫۲ درصد", "نرخ تورم ۴۰/۲ درصد"),
    ("رشد ۲/۵ درصدی", "رشد 2.5 درصدی"),
    ("جمعیت ۹٫۷ میلیون نفر", "جمعیت ۹/۷ میلیون نفر"),
]


@pytest.mark.parametrize(("printed", "typed"), DECIMAL_SPELLINGS)
def test_every_spelling_of_a_decimal_meets(printed: str, typed: str) -> None:
    assert [t.term for t in analyze(printed)] == [t.term for t in analyze(typed)]
