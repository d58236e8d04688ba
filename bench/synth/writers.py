"""Put synthetic articles on disk: news-site pages (one file each) or JSON Lines shards.

Writers take one article at a time and keep at most one open file, so memory stays flat
however large the corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Protocol

import jdatetime

from bench.synth.newsroom import SynthArticle
from bench.synth.style import PERSIAN_DIGITS

FILES_PER_FOLDER = 1000
ARTICLES_PER_SHARD = 10_000
JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
                 "دی", "بهمن", "اسفند")
# The comment form that news sites print under every article; not part of the article.
COMMENT_FORM = ("ارسال نظرات", "نظرات حاوی عبارات توهین آمیز منتشر نخواهد شد", "نام:", "ایمیل:",
                "* نظر:")


class ArticleWriter(Protocol):
    def write(self, item: SynthArticle) -> int:
        """Write one article; return the bytes written."""

    def close(self) -> None:
        """Flush and close whatever is open."""


def jalali_line(item: SynthArticle) -> str:
    """«09:45 - 12 مهر 1402» in the article's digits, from its Tehran-time ``published``."""
    published = item.article.published
    assert published is not None  # every synthetic article has a date
    day = jdatetime.date.fromgregorian(date=published.date())
    line = f"{published:%H:%M} - {day.day} {JALALI_MONTHS[day.month - 1]} {day.year}"
    return _digits(line, item)


def _digits(text: str, item: SynthArticle) -> str:
    return text.translate(PERSIAN_DIGITS) if item.style.persian_digits else text


def render_site_page(item: SynthArticle) -> str:
    """The article as a saved news-site page (the format ``sample_corpus/`` uses)."""
    article = item.article
    lines: list[str] = []
    if item.has_counter:
        lines.append(_digits(str(item.counter), item))
    if article.surtitle:
        lines.append(article.surtitle)
    lines += ["", article.title, "", article.lead]
    lines.append(f"کد خبر: {_digits(article.news_code, item)}")
    lines.append(jalali_line(item))
    lines += article.body.split("\n")
    lines.append(f"انتهای پیام/ {item.end_code}")
    lines.append(f"منبع: {article.source}")
    if item.has_comment_form:
        lines += COMMENT_FORM
    return "\n".join(lines) + "\n"


def site_path(root: Path, number: int) -> Path:
    """Where article ``number`` goes: 1,000 files a folder."""
    return root / f"{number // FILES_PER_FOLDER:04d}" / f"{number:07d}.txt"


class SiteWriter:
    """One UTF-8 text file per article, in folders of ``FILES_PER_FOLDER``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, item: SynthArticle) -> int:
        path = site_path(self.root, item.number)
        if item.number % FILES_PER_FOLDER == 0 or not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        data = render_site_page(item).encode("utf-8")
        path.write_bytes(data)
        return len(data)

    def close(self) -> None:
        """Nothing stays open between articles."""


def jsonl_record(item: SynthArticle) -> dict[str, object]:
    """The JSON object for one article: the ``Article`` fields without ``path``."""
    data = item.article.to_json()
    del data["path"]
    return data


class JsonlWriter:
    """JSON Lines shards of ``per_shard`` articles: ``articles-00000.jsonl``, ..."""

    def __init__(self, root: Path, per_shard: int = ARTICLES_PER_SHARD) -> None:
        self.root = root
        self.per_shard = per_shard
        self._handle: IO[bytes] | None = None
        self._shard = -1

    def write(self, item: SynthArticle) -> int:
        shard = item.number // self.per_shard
        if shard != self._shard or self._handle is None:
            self.close()
            self.root.mkdir(parents=True, exist_ok=True)
            self._handle = (self.root / f"articles-{shard:05d}.jsonl").open("wb")
            self._shard = shard
        data = (json.dumps(jsonl_record(item), ensure_ascii=False) + "\n").encode("utf-8")
        self._handle.write(data)
        return len(data)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
