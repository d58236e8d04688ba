"""Issue 13, item 11: with --bidi on, Latin runs keep their order and each part of a line keeps
its own direction — a URL stays copyable, a Latin agency's line shows its Jalali date whole,
and stats stays in a sane width. Fixed-width consoles, as a terminal of that size shows them."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from rich.console import Console

from searcher.article import Article
from searcher.output.styled import article_renderable, search_renderable, stats_renderable
from searcher.results import Hit, SearchResult, Snippet

TEHRAN = timezone(timedelta(hours=3, minutes=30))
BAHMAN_16 = datetime(2017, 2, 4, 10, 0, tzinfo=TEHRAN)  # ۱۶ بهمن ۱۳۹۵
SHOWN_DATE = "۱۳۹۵ نمهب ۱۶"  # read right to left: ۱۶ بهمن ۱۳۹۵
URL = "https://www.farsnews.ir/news/13951116000123/افزایش-صادرات-نفت"


def _screen(renderable: object, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, markup=False)
    console.print(renderable)
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [60, 100, 140])
def test_a_latin_agency_line_shows_the_date_whole(width: int) -> None:
    hit = Hit(1, "FARS-5-224", 2.0, "افزایش صادرات نفت", "Fars News", BAHMAN_16, Snippet(""))
    lines = _screen(search_renderable(SearchResult("نفت", 1, (hit,)), reorder=True), width)
    meta = next(line for line in lines if "FARS-5-224" in line)
    assert "Fars News" in meta and SHOWN_DATE in meta
    assert "۱۶ ۱۳۹۵" not in meta


@pytest.mark.parametrize("source", ["Fars News", "خبرگزاری فارس"])
def test_article_lines_keep_urls_and_ids_in_logical_order(source: str) -> None:
    article = Article(id="FARS-5-224", title="افزایش صادرات نفت", source=source,
                      published=BAHMAN_16, url=URL, body="صادرات نفت افزایش یافت.")
    lines = _screen(article_renderable(article, reorder=True), 120)
    assert any(URL in line for line in lines)  # copyable as it is stored
    meta = next(line for line in lines if "FARS-5-224" in line)
    assert SHOWN_DATE in meta


def test_stats_values_start_next_to_their_labels() -> None:
    stats = {
        "articles": 11746,
        "sources": "، ".join(f"خبرگزاری شماره {n} ({n * 10})" for n in range(1, 9)),
        "first": "۱ فروردین ۱۳۸۵",
        "last": "۱۶ بهمن ۱۳۹۵",
    }
    lines = _screen(stats_renderable(stats, reorder=True, title="khabar"), 140)
    for label in ("first", "last"):
        line = next(line for line in lines if line.startswith(label))
        digits = [i for i, char in enumerate(line) if "\u06f0" <= char <= "\u06f9"]
        assert digits and max(digits) < 40, line
