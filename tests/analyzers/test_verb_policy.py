"""Issue 8: which verbs a query keeps, and the infinitive meeting its conjugations."""

from __future__ import annotations

import pytest

from analyzers import terms

# (question or sentence, a term it must keep, why)
MEANINGFUL_VERBS = [
    ("چه کسانی بسته حمایتی نمی گیرند؟", "گرفت", "the question is about the verb: قرار نمی‌گیرند"),
    ("کدام حیوان شاخ دارد؟", "داشت", "داشتن as possession carries the question"),
    ("چه کسی جایزه نوبل را به او داد؟", "داد", "دادن: who gave it"),
    ("این تیم چند مدال آورد؟", "اورد", "آوردن (folded آ → ا): what was won"),
    ("پلیس جسد را در رودخانه یافت.", "یافت", "یافتن: found"),
]


@pytest.mark.parametrize(("text", "term", "reason"), MEANINGFUL_VERBS)
def test_meaningful_verbs_are_kept(text: str, term: str, reason: str) -> None:
    assert term in terms(text), reason


# Light verbs drop, but the noun of their compound stays and carries the meaning.
LIGHT_VERB_COMPOUNDS = [
    ("دولت به سیل‌زدگان کمک کرد.", "کمک", "کرد"),
    ("قرارداد بازیکن تمدید شد.", "تمدید", "شد"),
    ("مجلس این طرح را تصویب می‌کند.", "تصویب", "کرد"),
]


@pytest.mark.parametrize(("text", "noun", "light"), LIGHT_VERB_COMPOUNDS)
def test_light_verbs_drop_while_their_noun_stays(text: str, noun: str, light: str) -> None:
    found = terms(text)
    assert noun in found and light not in found


def test_question_and_answer_share_the_verb() -> None:
    question = set(terms("چه کسانی بسته حمایتی نمی گیرند؟"))
    answer = set(terms("خانوارهای پردرآمد مشمول بسته حمایتی قرار نمی‌گیرند."))
    assert {"بسته", "حمایت", "گرفت"} <= question & answer


QUESTIONS = [
    ("پلاستیک چیه؟", ["پلاستیک"]),
    ("بعلبک در کجا قرار دارد؟", ["بعلبک", "قرار", "داشت"]),
    ("اندازه زمین والیبال چقدر است؟", ["اندازه", "زمین", "والیبال"]),
    ("عوارض کم خوابی در انسان کدامند؟", ["عوارض", "خواب", "انسان"]),
    ("پایتخت استرالیا کجاست؟", ["پایتخت", "استرالیا"]),
]


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_question_words_are_not_terms(question: str, expected: list[str]) -> None:
    """An answer passage does not ask «کجاست»: only the question's subject is searched."""
    assert terms(question) == expected


INFINITIVES = [
    # (infinitive, a conjugation, the shared term)
    ("شکافتن", "می‌شکافد", "شکافت"),
    ("شکافتن", "شکافت", "شکافت"),
    ("نوشتن", "نمی‌نویسند", "نوشت"),
    ("ساختن", "ساخته‌اند", "ساخت"),
    ("پرداختن", "می‌پردازد", "پرداخت"),
]


@pytest.mark.parametrize(("infinitive", "conjugation", "term"), INFINITIVES)
def test_the_infinitive_meets_its_conjugations(infinitive: str, conjugation: str,
                                               term: str) -> None:
    assert terms(infinitive) == terms(conjugation) == [term]


def test_infinitive_inside_a_question_meets_the_answer() -> None:
    question = terms("شکافتن اتم اولین بار توسط چه کسی انجام شد؟")
    answer = terms("رادرفورد نخستین کسی بود که هسته اتم را شکافت.")
    assert {"شکافت", "اتم"} <= set(question) & set(answer)
