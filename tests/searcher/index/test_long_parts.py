"""A title (or surtitle, or lead) longer than its band of positions is indexed up to the band
and the indexing report says so: nothing is cut silently."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from searcher.index.run import index_paths
from searcher.rank.search import search

# 1,100 words of a title that runs on; the word after the 1,000th is one nothing else has.
RUN_ON = " ".join(["سیل", "باران", "هشدار", "جاده"] * 250) + " زعفران " + "سیل " * 99
BODY = "بارش شدید باران در استان گلستان راه‌های روستایی را بست."


def _titled(title: str) -> dict[str, str]:
    return {"id": "flood-1", "title": title, "body": BODY, "published": "2024-03-19"}


def test_a_json_title_past_its_band_is_reported(
        tmp_path: Path, write_jsonl: Callable[[Path, list[dict]], Path]) -> None:
    report = index_paths([write_jsonl(tmp_path / "a.jsonl", [_titled(RUN_ON)])],
                         tmp_path / "index")
    assert report.articles_written == 1
    [problem] = report.problems
    assert "a.jsonl" in problem and "flood-1" in problem
    assert "title" in problem and "1,000 words" in problem and "not searchable" in problem
    assert search(tmp_path / "index", "گلستان").total == 1  # the article is indexed
    assert search(tmp_path / "index", "زعفران").total == 0  # past the band, as reported


def test_a_news_page_title_past_its_band_is_reported(tmp_path: Path) -> None:
    """A page without a «کد خبر» or date line: its first line is the title, however long."""
    page = tmp_path / "news" / "flood.txt"
    page.parent.mkdir()
    page.write_text(f"{RUN_ON}\n\n{BODY}\nانتهای پیام\n", encoding="utf-8")
    report = index_paths([page.parent], tmp_path / "index")
    assert report.articles_written == 1
    [problem] = report.problems
    assert "flood.txt" in problem and "title longer than 1,000 words" in problem
    assert search(tmp_path / "index", "گلستان").total == 1


@pytest.mark.parametrize(("part", "words"), [("title", 999), ("lead", 7_999)])
def test_a_part_within_its_band_is_not_reported(
        tmp_path: Path, write_jsonl: Callable[[Path, list[dict]], Path], part: str,
        words: int) -> None:
    record = _titled("سیل در گلستان") | {part: " ".join(["باران"] * words)}
    report = index_paths([write_jsonl(tmp_path / "a.jsonl", [record])], tmp_path / "index")
    assert report.problems == []


def test_a_lead_past_its_band_is_reported(
        tmp_path: Path, write_jsonl: Callable[[Path, list[dict]], Path]) -> None:
    record = _titled("سیل در گلستان") | {"lead": " ".join(["باران"] * 8_100)}
    report = index_paths([write_jsonl(tmp_path / "a.jsonl", [record])], tmp_path / "index")
    [problem] = report.problems
    assert "lead" in problem and "8,000 words" in problem
