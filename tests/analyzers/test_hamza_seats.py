"""Issue 8: the spellings of a hamza word meet, whichever seat the writer gave it."""

from __future__ import annotations

import pytest

from analyzers import terms

SPELLINGS = [
    # (spellings of one word, why)
    (["مسئله", "مسأله", "مساله", "مسئلهٔ"], "hamza between consonants: on yeh, on alef, or none"),
    (["هیئت", "هیأت", "هیات"], "the same after ی"),
    (["جرئت", "جرأت", "جرات"], "the same after ر"),
    (["رئیس", "رییس", "رئيس"], "before ی the seat is a glide: ی"),
    (["پائیز", "پاییز"], "after ا and before ی: ی"),
    (["مسائل", "مسایل"], "after ا: ی"),
    (["دائم", "دایم"], "after ا, before a consonant: still ی"),
    (["سئوال", "سؤال", "سوال"], "hamza before و in an Arabic word: a waw"),
    (["ویدئو", "ویدیو"], "ئو in a borrowed word spells a vowel: a yeh"),
    (["لئوناردو", "لیوناردو"], "the same in a name"),
    (["یوونتوس", "یونتوس"], "a name written with one و or two"),
    (["اعضاء", "اعضا"], "a final hamza after ا is often left out"),
    (["امضاء", "امضا"], "the same"),
    (["وزراء", "وزرا"], "the same in a broken plural"),
    (["اجراء", "اجرا"], "the same"),
    (["شیء", "شی"], "and after ی"),
]


@pytest.mark.parametrize(("spellings", "why"), SPELLINGS)
def test_spellings_meet(spellings: list[str], why: str) -> None:
    found = {tuple(terms(word)) for word in spellings}
    assert len(found) == 1, (why, found)


def test_in_a_news_sentence() -> None:
    older = terms("هیأت دولت مسأله آب را بررسی کرد")
    newer = terms("هیئت دولت مسئله آب را بررسی کرد")
    assert older == newer and "مساله" in newer


@pytest.mark.parametrize(("word", "other"), [("جزء", "جز"), ("سوء", "سو")])
def test_a_final_hamza_after_a_consonant_or_waw_stays(word: str, other: str) -> None:
    # جزء "part" is not جز "except", سوء "ill-" not سو "side"
    assert terms(word) != terms(other)
