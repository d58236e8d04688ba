"""The line under each title (agency · Jalali date · id) with --bidi on: it takes its direction
from the agency's name, as a bidi terminal would, so an id that starts with digits stays whole."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

from rich.console import Console

from searcher.article import Article
from searcher.output.styled import article_renderable, search_renderable
from searcher.results import Hit, SearchResult, Snippet

PUBLISHED = datetime(2024, 2, 22, 9, 0, tzinfo=timezone(timedelta(hours=3, minutes=30)))
DIGIT_ID = "24f4abb1ebf85881"  # ids are hex: most start with a digit


def _screen(renderable: object) -> list[str]:
    console = Console(file=io.StringIO(), width=70, color_system=None, markup=False)
    console.print(renderable)
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


def _meta_line(lines: list[str]) -> str:
    return next(line for line in lines if DIGIT_ID in line)


def test_hit_meta_reads_right_to_left_with_the_id_whole_at_its_end() -> None:
    hit = Hit(1, DIGIT_ID, 3.2, "تبلیغات نامزدها آغاز شد", "تسنیم", PUBLISHED, Snippet(""))
    result = SearchResult("نامزد", 1, (hit,))
    line = _meta_line(_screen(search_renderable(result, reorder=True)))
    # read from the right: تسنیم · ۳ اسفند ۱۴۰۲ · id; the id is the leftmost word
    assert line.rstrip().endswith("مینست")
    assert line.split()[0] == DIGIT_ID
    assert line.index(DIGIT_ID) < line.index("۱۴۰۲") < line.index("دنفسا")


def test_article_meta_takes_the_same_direction() -> None:
    article = Article(id=DIGIT_ID, title="تبلیغات نامزدها آغاز شد", source="تسنیم",
                      published=PUBLISHED, body="متن خبر")
    line = _meta_line(_screen(article_renderable(article, reorder=True)))
    assert line.strip().startswith(DIGIT_ID) and line.rstrip().endswith("مینست")
