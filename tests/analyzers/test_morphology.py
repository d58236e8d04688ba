"""Morphology: a stemmer guarded by hazm's lexicon, verb lemmas, names and stopwords."""

from __future__ import annotations

import pytest

from analyzers import terms
from analyzers.lexicon import join_form
from analyzers.morphology import KEEP, PROTECTED_NAMES, stem, stop_terms, word_term

STEM_CASES = [
    # (word as written, stem, reason)
    ("کتاب‌هایش", "کتاب", "plural + possessive"),
    ("قیمت‌هایشان", "قیمت", "plural + plural possessive"),
    ("کتاب‌ها", "کتاب", "plural ها"),
    ("دانشجویان", "دانشجو", "plural یان after a vowel"),
    ("دانشجویانش", "دانشجو", "possessive over a plural"),
    ("خبرنگاران", "خبرنگار", "plural ان"),
    ("نمایندگان", "نماینده", "plural گان restores the final ه"),
    ("نمایندگانشان", "نماینده", "possessive over a گان plural"),
    ("بزرگ‌تر", "بزرگ", "comparative تر"),
    ("بزرگترین", "بزرگ", "superlative ترین, written solid"),
    ("کتابشان", "کتاب", "possessive شان"),
    ("کتابی", "کتاب", "indefinite ی"),
    ("دولتی", "دولت", "relational ی"),
    ("سال‌های", "سال", "the more frequent base wins: سال + های, not ساله + ای"),
    ("آسمانی", "اسمان", "آسمان + ی, not آسم + ان + ی: no plural under a suffix that leaves a word"),
    ("مهمانی", "مهمان", "مهمان + ی, not مهم + ان + ی"),
    ("جوانان", "جوان", "جوان + ان, not جو + ان + ان"),
    ("همتای", "همتا", "ezafe ی after ا, not همت + ای: ای follows only ه or ی"),
    ("دمای", "دما", "دمای هوا is دما, not دم"),
    ("کشتی‌اش", "کشتی", "possessive اش after ی"),
    ("تهران", "تهران", "a name: hazm's Stemmer makes it تهر"),
    ("ایران", "ایران", "a name: hazm's Stemmer makes it ایر"),
    ("کرمان", "کرمان", "a name that looks like کرم + ان"),
    ("رئیسی", "رییسی", "a name that looks like رئیس + ی (ئ folds to ی)"),
    ("پزشکیان", "پزشکیان", "a name that looks like پزشک + یان"),
    ("سلیمانی", "سلیمانی", "a name that looks like سلیمان + ی"),
    ("کتابت", "کتابت", "a lexicon word is never stemmed, though it ends in ت"),
    ("اینستاگرام", "اینستاگرام", "no lexicon word under the suffix: left alone"),
    ("ها", "ها", "too short to stem"),
]


@pytest.mark.parametrize(("word", "expected", "reason"), STEM_CASES)
def test_stem(word: str, expected: str, reason: str) -> None:
    assert stem(join_form(word)) == expected, reason


@pytest.mark.parametrize("name", sorted(PROTECTED_NAMES))
def test_protected_names_keep_their_identity(name: str) -> None:
    assert word_term((name,)) == name


VERB_CASES = [
    # (parts as the tokenizer gives them, lemma, reason)
    (("میروم",), "رفت", "present with می, written solid"),
    (("می", "روم"), "رفت", "present with می across ZWNJ or a space"),
    (("نمیدانند",), "دانست", "negative present"),
    (("نمی", "دانند"), "دانست", "negative present in parts"),
    (("میرود",), "رفت", "third person present"),
    (("رفتند",), "رفت", "simple past"),
    (("رفته", "اند"), "رفت", "present perfect"),
    (("بروند",), "رفت", "subjunctive with ب"),
    (("نرفت",), "رفت", "negative past"),
    (("میخواهند",), "خواست", "present of خواستن"),
    (("رود",), "رود", "unprefixed: keeps the noun reading «river»"),
    (("بستر",), "بستر", "unprefixed: keeps the noun reading «bed»"),
    (("نشست",), "نشست", "a news word («meeting»), kept though hazm lists it as a stopword"),
]


@pytest.mark.parametrize(("parts", "lemma", "reason"), VERB_CASES)
def test_verb_lemmas(parts: tuple[str, ...], lemma: str, reason: str) -> None:
    assert word_term(parts) == lemma, reason


def test_a_known_boundary_picks_the_reading() -> None:
    assert word_term(("خانه", "ای")) == "خانه"
    assert word_term(("کتاب", "هایش")) == "کتاب"


STOPWORD_CASES = [
    # (word, reason)
    ("از", "preposition"),
    ("و", "conjunction"),
    ("این", "demonstrative"),
    ("اين", "demonstrative with Arabic yeh: the list is folded too"),
    ("آن‌ها", "pronoun with a plural suffix"),
    ("آنها", "the same, written solid"),
    ("است", "copula"),
    ("کرد", "light verb"),
    ("شد", "light verb"),
    ("می‌شود", "light verb, present: dropped in every spelling"),
    ("نمی‌شود", "negative light verb"),
    ("گفت", "reporting verb, in every news item"),
    ("همچنین", "discourse adverb"),
]


@pytest.mark.parametrize(("word", "reason"), STOPWORD_CASES)
def test_stopwords_are_dropped(word: str, reason: str) -> None:
    parts = tuple(join_form(part) for part in word.split("\u200c"))
    assert word_term(parts) is None, reason


def test_content_words_on_hazms_list_are_kept() -> None:
    kept = {word: word_term((word,)) for word in KEEP}
    assert all(kept.values()), [word for word, term in kept.items() if term is None]


def test_stop_terms_are_folded_like_documents() -> None:
    terms = stop_terms()
    assert terms and all(term == join_form(term) for term in terms)


SPOKEN_QUESTIONS = [
    # (a question as typed into a search box, its terms, why)
    ("فیفا کدوم ورزش ها رو اداره می کنه؟", ["فیفا", "ورزش", "اداره"],
     "کدوم is کدام, not کدو (pumpkin); می کنه is می‌کند"),
    ("واسه سرماخوردگی چی خوبه", ["سرماخوردگی", "خوبه"], "واسه is برای"),
    ("اینو از کجا بخرم", ["خرید"], "اینو is این را"),
    ("فیفا کدوم ورزش هارو اداره میکنه", ["فیفا", "ورزش", "اداره"], "هارو is ها + را"),
    ("کتابهارو", ["کتاب"], "the same written solid"),
]


@pytest.mark.parametrize(("question", "expected", "why"), SPOKEN_QUESTIONS)
def test_spoken_function_words_are_dropped(question: str, expected: list[str],
                                           why: str) -> None:
    assert terms(question) == expected, why


def test_a_car_maker_is_not_a_spoken_word() -> None:
    assert terms("خودروسازی کیا") == ["خودروسازی", "کیا"]
