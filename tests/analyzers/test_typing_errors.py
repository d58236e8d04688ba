"""The price of Persian typing slips: sound-alike letters and dropped vowels are cheap."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzers.lexicon import join_form
from analyzers.typing_errors import (
    DOUBLED,
    NEIGHBOUR_KEY,
    OTHER,
    SOUND_ALIKE,
    SWAPPED,
    VOWEL_LETTER,
    substitution_cost,
    weighted_distance,
)


@pytest.mark.parametrize(
    ("typed", "meant", "cost", "reason"),
    [
        ("نزاد", "نژاد", SOUND_ALIKE, "ز for ژ"),
        ("برگذار", "برگزار", SOUND_ALIKE, "ذ for ز, the commonest real slip"),
        ("اعتراز", "اعتراض", SOUND_ALIKE, "ز for ض"),
        ("نزام", "نظام", SOUND_ALIKE, "ز for ظ"),
        ("سنعت", "صنعت", SOUND_ALIKE, "س for ص"),
        ("حادسه", "حادثه", SOUND_ALIKE, "س for ث"),
        ("نفط", "نفت", SOUND_ALIKE, "ط for ت"),
        ("نیروگاح", "نیروگاه", SOUND_ALIKE, "ح for ه"),
        ("عرز", "ارز", SOUND_ALIKE, "ع for ا"),
        ("غیمت", "قیمت", SOUND_ALIKE, "غ for ق"),
        ("جنک", "جنگ", SOUND_ALIKE, "ک for گ (an Arabic keyboard has no گ)"),
        ("رعیس", "رئیس", SOUND_ALIKE, "ع for the hamza seat ئ (folded to ی)"),
        ("تحرم", "تحریم", VOWEL_LETTER, "a dropped vowel letter"),
        ("انتخابت", "انتخابات", VOWEL_LETTER, "a dropped ا"),
        ("مجللس", "مجلس", DOUBLED, "a letter typed twice"),
        ("فیمت", "قیمت", NEIGHBOUR_KEY, "ف is next to ق on the keyboard"),
        ("نهران", "تهران", NEIGHBOUR_KEY, "ن is next to ت"),
        ("مجسل", "مجلس", SWAPPED, "two neighbours swapped"),
        ("تحرم", "تیرم", OTHER, "ح for ی: unrelated letters, the full price"),
        ("تحریم", "تحریم", 0.0, "no slip"),
    ],
)
def test_cost_of_a_slip(typed: str, meant: str, cost: float, reason: str) -> None:
    # callers compare folded spellings, where ئ is ی
    assert weighted_distance(join_form(typed), join_form(meant)) == pytest.approx(cost), reason


@pytest.mark.parametrize(
    ("typed", "nearer", "farther"),
    [
        ("تحرم", "تحریم", "تیرم"),
        ("نزاد", "نژاد", "نهاد"),
        ("انتخابت", "انتخابات", "انتخاب"),
        ("اسلاح", "اصلاح", "اسلام"),
    ],
)
def test_intended_word_is_nearer_than_plain_edit_distance_says(typed: str, nearer: str,
                                                              farther: str) -> None:
    assert weighted_distance(typed, nearer) < weighted_distance(typed, farther)


def test_substitution_is_symmetric_and_ranked() -> None:
    assert substitution_cost("ژ", "ز") == substitution_cost("ز", "ژ") == SOUND_ALIKE
    assert SOUND_ALIKE < NEIGHBOUR_KEY < OTHER


persian = st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی", max_size=8)


@given(persian, persian)
def test_distance_is_bounded_by_plain_edits(a: str, b: str) -> None:
    cost = weighted_distance(a, b)
    assert (cost == 0) == (a == b)
    # never dearer than deleting every letter of one and typing the other
    assert cost <= OTHER * (len(a) + len(b))
