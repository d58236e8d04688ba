"""Issue 8: words joined by «و» and the seats of a hamza before و meet in every spelling.

Persian news writes «گفت‌وگو» (the Academy's spelling), «گفت‌و‌گو», «گفت و گو» and «گفتگو» for
one word, and «کسب‌وکار» / «کسب و کار», «مسئول» / «مسؤول» / «مسوول» alike; a reader types any of
them. Before this table «گفت‌وگو» analyzed to no term at all and «کسب‌وکار» to کسب + وکار.
"""

from __future__ import annotations

import pytest

from analyzers import analyze, terms

SPELLINGS = [
    # (spellings of one word or phrase, why)
    (["گفت‌وگو", "گفت‌و‌گو", "گفت و گو", "گفتگو"], "a word whose solid spelling drops its و"),
    (["گفت‌وگوی", "گفتگوی", "گفت و گوی"], "the same with an ezafe"),
    (["گفت‌وگوها", "گفتگوها", "گفت‌و‌گوها"], "the same in the plural"),
    (["جست‌وجو", "جست و جو", "جستجو"], "جستجو too"),
    (["شست‌وشو", "شست و شو", "شستشو"], "شستشو too"),
    (["کسب‌وکار", "کسب و کار"], "two words joined by و: ZWNJ and space alike"),
    (["آموزش‌وپرورش", "آموزش و پرورش"], "a ministry's name"),
    (["حمل‌ونقل", "حمل و نقل"], "transport"),
    (["ساخت‌وسازهای", "ساخت و سازهای"], "construction, with an ezafe"),
    (["بیست‌وهفتمین", "بیست و هفتمین"], "an ordinal number"),
    (["رفت‌وآمد", "رفت و آمد"], "a verb's form after the و"),
    (["زد‌وخورد", "زد و خورد"], "two verbs' stems"),
    (["مسئول", "مسؤول", "مسوول"], "hamza before و: on yeh, on waw, or none (the seat doubled)"),
    (["مسئولان", "مسؤولان", "مسوولان"], "the same in the plural"),
    (["مسئولیت", "مسؤولیت", "مسوولیت"], "and its noun"),
    (["شئون", "شؤون"], "hamza before و again"),
    (["داوود", "داود"], "a name written with one و or two"),
    (["طاووس", "طاوس"], "a word written with one و or two"),
]


@pytest.mark.parametrize(("spellings", "why"), SPELLINGS)
def test_spellings_meet(spellings: list[str], why: str) -> None:
    found = {tuple(terms(text)) for text in spellings}
    assert len(found) == 1 and found != {()}, (why, found)


KEPT_WHOLE = [
    # (a word whose part after ZWNJ starts with و but is no conjunction, its term, why)
    ("نخست‌وزیر", ["وزیر"], "وزیر is a word (نخست a stopword)"),
    ("هم‌وطنان", ["وطن"], "وطنان is a word's plural"),
    ("بی‌وقفه", ["وقفه"], "بی + وقفه"),
    ("بهره‌وری", ["بهره", "وری"], "-وری is a suffix, not و + ری"),
    ("شعله‌ور", ["شعله", "ور"], "-ور is a suffix"),
    ("امید‌وار", ["امید", "وار"], "-وار is a suffix"),
    ("می‌ورزد", ["ورزید"], "a verb after its prefix"),
]


@pytest.mark.parametrize(("word", "expected", "why"), KEPT_WHOLE)
def test_a_part_that_starts_with_waw_is_not_split(word: str, expected: list[str],
                                                  why: str) -> None:
    assert terms(word) == expected, why


def test_a_conjoined_word_keeps_its_span_and_the_gap_of_its_and() -> None:
    text = "گفت‌وگوی وزیر و کسب‌وکار مردم"
    tokens = analyze(text)
    assert [(t.term, text[t.start:t.end]) for t in tokens] == [
        ("گفتگو", "گفت‌وگوی"), ("وزیر", "وزیر"), ("کسب", "کسب"), ("کار", "کار"),
        ("مردم", "مردم")]
    spaced = analyze("گفتگوی وزیر و کسب و کار مردم")
    assert [t.pos for t in tokens] == [t.pos for t in spaced]


def test_in_a_news_sentence() -> None:
    academy = terms("گفت‌وگوی مسئولان آموزش‌وپرورش درباره ساخت‌وساز مدارس")
    typed = terms("گفتگوی مسوولان آموزش و پرورش درباره ساخت و ساز مدارس")
    assert academy == typed and "گفتگو" in academy


COMPOUNDS_OF_STOPWORDS = [
    # (spellings, the one term, why)
    (["بی‌طرف", "بیطرف"], "بیطرف", "بی and طرف are both stopwords: the compound kept no term"),
    (["بی‌طرفی", "بیطرفی"], "بیطرف", "and its noun"),
    (["پیش‌روی", "پیشروی"], "پیشروی", "پیش and روی"),
]


@pytest.mark.parametrize("word", ["به‌طور", "این‌گونه", "همان‌طور", "هیچ‌گاه", "نه‌تنها", "هم‌اکنون"])
def test_a_compound_that_is_a_function_word_stays_out(word: str) -> None:
    assert terms(word) == []


@pytest.mark.parametrize(("spellings", "term", "why"), COMPOUNDS_OF_STOPWORDS)
def test_a_compound_of_stopwords_is_its_solid_word(spellings: list[str], term: str,
                                                    why: str) -> None:
    assert {tuple(terms(word)) for word in spellings} == {(term,)}, why


def test_stopwords_typed_apart_stay_apart() -> None:
    # «ما در» is not مادر, «آن به» not انبه: only a ZWNJ makes two stopwords one word
    assert terms("ما در خانه آن به او") == ["خانه"]
