"""Story signatures: republished copies agree, different stories on one topic do not."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synth.republish import EDITS, republications
from searcher.index.signature import EMPTY, signature, similarity, story_words, without_opening
from searcher.index.story_groups import SAME_STORY


def _sig(article):
    return signature(article.lead, article.body)


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_republished_copy_is_the_same_story(story, edit: str) -> None:
    # ``story``: each newsroom story in turn (tests/searcher/conftest.py)
    copy = dict(republications(story))[edit]
    assert similarity(_sig(story), _sig(copy)) >= SAME_STORY, edit


@pytest.mark.parametrize(("first", "second"), [
    ("urmia_level", "urmia_budget"),  # both about Lake Urmia
    ("quake_kerman", "quake_drill"),  # both about earthquakes
    ("urmia_level", "quake_kerman"),
])
def test_different_stories_on_one_topic_are_not(first: str, second: str,
                                                 request: pytest.FixtureRequest) -> None:
    a, b = (request.getfixturevalue(story) for story in (first, second))  # newsroom fixtures
    assert similarity(_sig(a), _sig(b)) < SAME_STORY / 2


@pytest.mark.parametrize(("text", "left"), [
    ("به گزارش ایرنا، وزیر نیرو گفت", "وزیر نیرو گفت"),
    ("به گزارش خبرنگار اقتصادی خبرگزاری مهر از تهران، بانک مرکزی", "بانک مرکزی"),
    ("به نقل از ایسنا، نرخ تورم", "نرخ تورم"),
    ("تهران - ایرنا - رئیس‌جمهور امروز", "رئیس‌جمهور امروز"),
    ("وزیر نیرو گفت به گزارش ایرنا، آب", "وزیر نیرو گفت به گزارش ایرنا، آب"),  # not at start
])
def test_the_opening_attribution_is_dropped(text: str, left: str) -> None:
    assert without_opening(text) == left


def test_too_short_a_text_has_no_signature_and_matches_nothing() -> None:
    brief = signature("", "زلزله چهار ریشتری کرمان را لرزاند")
    assert brief == EMPTY
    assert similarity(brief, brief) == 0.0


def test_the_signature_is_the_same_in_every_process(urmia_level) -> None:
    # Fixed hash constants, not Python's per-process hash(): an index is read by other processes.
    import os
    import subprocess

    code = ("import sys; from searcher.index.signature import signature;"
            "print(signature(sys.argv[1], sys.argv[2]).hex())")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", code, urmia_level.lead, urmia_level.body],
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert other == _sig(urmia_level).hex()


def test_the_story_column_is_as_wide_as_a_signature() -> None:
    """columns.py states the width without importing this module (a search never signs)."""
    from searcher.index.columns import STORY_BYTES
    from searcher.index.signature import SIGNATURE_BYTES

    assert STORY_BYTES == SIGNATURE_BYTES == len(signature("", " ".join(["خبر"] * 40)))


def _reference_signature(lead: str, body: str) -> bytes:
    """The signature as defined, written plainly, shingle by shingle, with analyzers' own fold:
    the set of 3-word shingle strings; each hashed as Σ code point · B^i mod 2^64, then
    SplitMix64's finalizer; its top 6 bits choose a bin, which keeps the smallest of the next
    32 bits; an empty bin takes the value of the first filled bin in its donor order."""
    import re

    import numpy as np

    from analyzers.chars import fold
    from searcher.index.signature import _BASE, _MIX, MIN_WORDS, SHINGLE, donor_orders

    text = without_opening(lead.strip()) + "\n" + body if lead.strip() else body
    words = re.findall(r"\w+", fold(without_opening(text.strip())).replace("\u200c", " ").lower())
    if len(words) < MIN_WORDS:
        return EMPTY
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    lowest: list[int | None] = [None] * 64
    for shingle in shingles:
        value = sum(ord(char) * _BASE ** place for place, char in enumerate(shingle)) % 2**64
        value = (value ^ (value >> 30)) * _MIX[0] % 2**64
        value = (value ^ (value >> 27)) * _MIX[1] % 2**64
        value ^= value >> 31
        slot, kept = value >> 58, (value >> 26) % 2**32
        lowest[slot] = kept if lowest[slot] is None else min(kept, lowest[slot])
    found = [next(lowest[donor] for donor in order if lowest[donor] is not None)
             for order in donor_orders()]
    return np.array(found, dtype="<u4").tobytes()


def test_each_bin_s_donor_order_starts_with_itself_and_holds_every_bin() -> None:
    from searcher.index.signature import donor_orders

    orders = donor_orders()
    assert [order[0] for order in orders] == list(range(64))
    assert all(sorted(order) == list(range(64)) for order in orders)
    assert len({tuple(order[1:4]) for order in orders}) > 60, "orders of their own"


# Letters as news text has them: Persian and Arabic variants (ك ي ة ئ أ), digits of three
# scripts, the zero-width non-joiner, Latin capitals, punctuation, an emoji beyond the BMP.
_NEWS_CHARS = st.sampled_from(list(
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیكيةئأإآءۀ‌ ،. - :۰۱۲۳٤٥٦0123456789AÉZaéz\n") + ["😀"])


@settings(max_examples=150, deadline=None)
@given(lead=st.text(_NEWS_CHARS, max_size=60), body=st.text(_NEWS_CHARS, max_size=400))
def test_the_signature_is_the_definition_s_bit_for_bit(lead: str, body: str) -> None:
    assert signature(lead, body) == _reference_signature(lead, body)


def test_real_articles_sign_as_the_definition_says(urmia_level, urmia_budget, quake_kerman
                                                   ) -> None:
    for article in (urmia_level, urmia_budget, quake_kerman):
        assert signature(article.lead, article.body) != EMPTY
        assert signature(article.lead, article.body) == _reference_signature(article.lead,
                                                                              article.body)


def test_a_very_long_article_signs_as_a_short_one_would(urmia_level) -> None:
    """Past the characters whose powers of the hash's base are kept, tables of its own: the
    same definition. And the kept tables, used again afterwards, are as they were."""
    from searcher.index.signature import _KEPT_POWERS

    body = " ".join(f"{urmia_level.body} گزارش {n}" for n in range(120))
    assert len(body) > _KEPT_POWERS
    assert signature("", body) == _reference_signature("", body)
    short = signature(urmia_level.lead, urmia_level.body)
    assert short == _reference_signature(urmia_level.lead, urmia_level.body)
    assert signature("", body) != short


@settings(max_examples=200, deadline=None)
@given(st.text(_NEWS_CHARS, max_size=200))
def test_folding_by_table_is_analyzers_fold(text: str) -> None:
    from analyzers.chars import fold
    from searcher.index.signature import _folded

    assert _folded(text) == fold(text)


def _words_the_long_way(text: str) -> list[str]:
    import re

    from analyzers.chars import fold

    return re.findall(r"\w+", fold(text).replace("\u200c", " ").lower())


def test_every_character_the_word_table_answers_for_splits_words_as_the_definition() -> None:
    """Each code point of the Basic Multilingual Plane between two letters, and alone between
    spaces: where the table answers, the words are those of fold, lower and ``\\w+``."""
    from searcher.index.signature import _table_text, _table_words

    answered = 0
    for point in range(0x10000):
        if 0xD800 <= point < 0xE000:
            continue
        for text in (f"ب{chr(point)}z", f" {chr(point)} ", f"A{chr(point)}"):
            words = _table_words(text)
            if words is not None:
                answered += 1
                assert words == _words_the_long_way(text), hex(point)
                assert _table_text(text) == (" ".join(words), len(words)), hex(point)
    assert answered > 3 * 60_000, "nearly every character is answered by the table"


@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(_NEWS_CHARS, st.sampled_from(list("ΣσςΟΔİIıßﷲﻻ\u064b\u0640ـ_"))),
               max_size=120))
def test_words_by_table_are_the_definition_s(text: str) -> None:
    from searcher.index.signature import _table_text, _table_words, story_words

    words = _table_words(text)
    assert words is None or words == _words_the_long_way(text)
    joined = _table_text(text)  # the words joined by one space each, and how many
    assert (joined is None) == (words is None)
    assert joined is None or joined == (" ".join(words), len(words))
    assert story_words("", text) == _words_the_long_way(without_opening(text.strip()))


@pytest.mark.parametrize(("text", "long_way"), [
    ("ΟΔΟΣ ΣΟΦΙΑ", True),  # final sigma: lowercased by its place
    ("İstanbul", True),  # lowercases to two code points
    # ئ: fold looks at its neighbours (on an alef, a waw or a yeh), the table after that
    ("هیئت دولت", False), ("مسئولان و رئیس سازمان", False), ("سئوال درباره ویدئو", False),
    ("ئ", False), ("مسئله‌ای", False),
    ("خبر 😀 فوری", True),  # past the table
    ("وزیر نیرو، امروز گفت: «آب» کافی است.", False),
    ("كتاب‌هاي ARAK ۱۴۰۲ 1402", False),
])
def test_which_texts_take_the_long_way(text: str, long_way: bool) -> None:
    from searcher.index.signature import _table_words

    assert (_table_words(text) is None) == long_way
    assert story_words("", text) == _words_the_long_way(text)
