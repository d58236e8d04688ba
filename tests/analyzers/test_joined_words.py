"""Issue 8: a compound typed as two words meets the same compound written solid.

«سرما خوردگی» and «سرماخوردگی», «بندر انزلی» and «بندرانزلی» are one word spelled two ways;
an article that wrote it solid must be found by a query that typed it apart (and scored as if
it held both parts). The analyzer proposes the solid term of each adjacent pair; the search
layer keeps those the index holds.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzers import terms
from analyzers.analyze import joined_terms

# (typed query, (first term, second term, solid term) of each adjacent pair, why)
JOINED = [
    ("سرما خوردگی", [("سرما", "خوردگی", "سرماخوردگی")], "the common cold"),
    ("ملوان بندر انزلی", [("ملوان", "بندر", "ملوانبندر"), ("بندر", "انزلی", "بندرانزلی")],
     "every adjacent pair is proposed; the index decides which exist"),
    ("زاینده‌رود", [("زاینده", "رود", "زایندهرود")], "apart by ZWNJ, solid in other texts"),
    ("آهن ربا", [("اهن", "ربا", "اهنربا")], "folded like every term"),
    ("بند ناف نوزاد", [("بند", "ناف", "بندناف"), ("ناف", "نوزاد", "نافنوزاد")], "umbilical cord"),
]

# (typed query, why nothing is proposed)
NOT_JOINED = [
    ("نفت و گاز", "a dropped stopword stands between: not adjacent"),
    ("تهران، اصفهان", "punctuation between the words"),
    ("کتابخانه", "a single word"),
    ("کتاب ها", "the plural suffix already attaches: one word"),
    ("", "nothing typed"),
]


@pytest.mark.parametrize(("text", "expected", "why"), JOINED)
def test_adjacent_pairs_propose_their_solid_term(
        text: str, expected: list[tuple[str, str, str]], why: str) -> None:
    assert joined_terms(text) == expected, why


@pytest.mark.parametrize(("text", "why"), NOT_JOINED)
def test_no_solid_term_across_a_gap(text: str, why: str) -> None:
    assert joined_terms(text) == [], why


@pytest.mark.parametrize(("typed", "solid"), [
    ("سرما خوردگی", "سرماخوردگی"),
    ("بندر انزلی", "بندرانزلی"),
    ("زاینده‌رود", "زایندهرود"),
    ("آهن ربا", "آهنربا"),
    ("سرما خوردگی‌ها", "سرماخوردگیها"),
])
def test_the_solid_term_is_the_term_of_the_solid_spelling(typed: str, solid: str) -> None:
    assert [joined for _, _, joined in joined_terms(typed)] == terms(solid)


PERSIAN_WORDS = st.sampled_from(
    "سرما خوردگی بندر انزلی کتاب خانه ها می روم و در به تیم ملی آهن ربا نفت ، زاینده‌رود".split())


@given(st.lists(PERSIAN_WORDS, max_size=8).map(" ".join))
def test_solid_terms_join_two_consecutive_terms(text: str) -> None:
    found = terms(text)
    consecutive = set(zip(found, found[1:], strict=False))
    pairs = joined_terms(text)
    for first, second, solid in pairs:
        assert solid not in (first, second)
        assert (first, second) in consecutive
    assert len(pairs) <= max(len(found) - 1, 0)
