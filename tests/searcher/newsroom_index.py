"""An index of the newsroom stories (tests/searcher/stories.py), their republications and a few
articles dated at Jalali month and year edges, for the timeline, facet and collapse tests."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import jdatetime
from stories import QUAKE_DRILL, QUAKE_KERMAN, STORIES, TEHRAN, URMIA_BUDGET, URMIA_LEVEL

from searcher.article import Article
from searcher.index.run import index_paths
from indexing_corpus import write_jsonl

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.synth.republish import republications


def at(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    """A Tehran moment given by its Jalali date."""
    return jdatetime.datetime(y, m, d, hh, mm).togregorian().replace(tzinfo=TEHRAN)


# Three copies of URMIA_LEVEL (ISNA's with a new opening and an added paragraph, Mehr's with a
# new title, Tasnim's trimmed), spelled by their files as ايسنا and «خبرگزاری مهر».
URMIA_COPIES = dict(republications(URMIA_LEVEL))
COPIES = (
    replace(URMIA_COPIES["opening+add"], source="ايسنا"),
    replace(URMIA_COPIES["title"], source="خبرگزاری مهر"),
    replace(URMIA_COPIES["trim"], source="Tasnim"),
)

# Lake Urmia briefs dated at the edges of Jalali periods, Esfand 1403 (a leap year: 30 days).
EDGES = tuple(
    Article(id=f"edge-{n}", title=f"بازدید کارشناسان از ساحل دریاچه ارومیه، نوبت {n}",
            body="وضعیت دریاچه ارومیه بررسی شد.", source=source, published=moment)
    for n, (source, moment) in enumerate([
        ("IRNA", at(1403, 12, 30, 23, 50)),  # last minutes of a leap Esfand
        ("ایرنا", at(1404, 1, 1, 0, 10)),  # Nowruz 1404
        ("ایسنا", at(1403, 11, 30, 23, 59)),  # last minute of Bahman
        ("ایسنا", at(1403, 12, 1, 0, 0)),  # first minute of Esfand
    ])
)
UNDATED = Article(id="undated", title="یادداشتی درباره دریاچه ارومیه",
                  body="دریاچه ارومیه نیازمند توجه بیشتری است.", source="")

ALL = (*STORIES, *COPIES, *EDGES, UNDATED)


def build(directory: Path) -> Path:
    """Index :data:`ALL` into ``directory`` / "index" and return that path."""
    records = [article.to_json() for article in ALL]
    source = write_jsonl(directory / "newsroom.jsonl", records)
    index_dir = directory / "index"
    index_paths([source], index_dir)
    return index_dir


__all__ = ["ALL", "COPIES", "EDGES", "QUAKE_DRILL", "QUAKE_KERMAN", "URMIA_BUDGET",
           "URMIA_LEVEL", "UNDATED", "at", "build"]
