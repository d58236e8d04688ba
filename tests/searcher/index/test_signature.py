"""Story signatures: republished copies agree, different stories on one topic do not."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from stories import QUAKE_DRILL, QUAKE_KERMAN, STORIES, URMIA_BUDGET, URMIA_LEVEL

from searcher.index.signature import EMPTY, signature, similarity, without_opening
from searcher.index.story_groups import SAME_STORY

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from bench.synth.republish import EDITS, republications


def _sig(article):
    return signature(article.lead, article.body)


@pytest.mark.parametrize("story", STORIES, ids=[s.id for s in STORIES])
@pytest.mark.parametrize("edit", list(EDITS))
def test_a_republished_copy_is_the_same_story(story, edit: str) -> None:
    copy = dict(republications(story))[edit]
    assert similarity(_sig(story), _sig(copy)) >= SAME_STORY, edit


@pytest.mark.parametrize(("first", "second"), [
    (URMIA_LEVEL, URMIA_BUDGET),  # both about Lake Urmia
    (QUAKE_KERMAN, QUAKE_DRILL),  # both about earthquakes
    (URMIA_LEVEL, QUAKE_KERMAN),
])
def test_different_stories_on_one_topic_are_not(first, second) -> None:
    assert similarity(_sig(first), _sig(second)) < SAME_STORY / 2


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


def test_the_signature_is_the_same_in_every_process() -> None:
    # Fixed hash constants, not Python's per-process hash(): an index is read by other processes.
    import os
    import subprocess

    code = ("from stories import URMIA_LEVEL as a; from searcher.index.signature import signature;"
            "print(signature(a.lead, a.body).hex())")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(Path(__file__).parents[1])}
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                           check=True).stdout.strip()
    assert other == _sig(URMIA_LEVEL).hex()
