"""Issue 8: a name that starts like a function word keeps its identity, and the second part of
a compound noun written apart (وزنه برداری، ماشین سازی، جمع‌آوری) is searched."""

from __future__ import annotations

import pytest

from analyzers import terms

# (text, terms it must have, why)
KEPT = [
    ("اینتر میلان", ["اینتر", "میلان"], "Inter is not این + comparative تر"),
    ("هواداران اینتر به ورزشگاه آمدند", ["اینتر"], "the club inside a sentence"),
    ("قهرمانی در وزنه برداری جوانان", ["وزنه", "بردار"], "weightlifting: برداری is a part"),
    ("باشگاه ماشین سازی تبریز", ["ماشین", "سازی", "تبریز"], "Machine Sazi, a club"),
    ("سرمایه گذاری خارجی در صنعت نفت", ["سرمایه", "گذار"], "investment"),
    ("برنامه ریزی برای سال آینده", ["برنامه", "ریز"], "planning"),
    ("تصمیم گیری درباره بودجه", ["تصمیم", "گیر"], "decision making"),
    ("حقوق مصرف کنندگان برق", ["مصرف", "کننده"], "consumers: the plural meets کننده"),
    ("رده بندی جهانی کشتی", ["رده", "بند"], "ranking"),
    ("جمع‌آوری زباله در تهران", ["جمع", "اوری", "زباله"], "collection: the tail after ZWNJ"),
    ("فن‌آوری اطلاعات", ["فن", "اوری", "اطلاعات"], "technology"),
]


@pytest.mark.parametrize(("text", "expected", "why"), KEPT)
def test_compound_parts_and_names_are_searched(text: str, expected: list[str], why: str) -> None:
    found = terms(text)
    assert all(term in found for term in expected), (why, found)


# Function words still drop in every spelling, comparatives of content words still meet.
@pytest.mark.parametrize(("text", "expected"), [
    ("این", []),
    ("اینها", []),
    ("بیشتر", []),
    ("بهترین", []),
    ("بزرگ‌تر", ["بزرگ"]),
    ("ارزان‌ترین", ["ارزان"]),
])
def test_function_words_still_drop(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_the_query_and_the_article_meet_on_the_club() -> None:
    article = set(terms("اینتر در دیدار با میلان به برتری رسید"))
    assert set(terms("اینتر میلان")) <= article
