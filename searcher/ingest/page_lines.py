"""Classify the lines of a saved news page: metadata, site chrome, or article text.

Labels are compared in :func:`searcher.ingest.labels.match_key` form, so «كد خبر», «کد خبر» and
«کد‌خبر» are one label. Values (source, tags, URL) are taken from the original line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from searcher.ingest.dates import parse_datetime
from searcher.ingest.labels import match_key


class Kind(Enum):
    BLANK = "blank"
    NUMBER = "number"  # the page's counter line, a view count
    CODE = "code"  # کد خبر: ۲۴۸۱۵۷
    DATE = "date"  # ۰۹:۴۵ - ۱۲ مهر ۱۴۰۲
    END = "end"  # انتهای پیام/ 417, انتهای خبر
    SOURCE = "source"  # منبع: ایسنا
    TAGS = "tags"  # برچسب‌ها: انرژی، یزد
    URL = "url"  # لینک کوتاه: https://…
    FORM = "form"  # ارسال نظرات: the comment form starts
    CHROME = "chrome"  # نام: / ایمیل: / اشتراک گذاری …
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Line:
    kind: Kind
    text: str = ""  # the line as printed, stripped; for TEXT without a trailing end marker
    value: str | datetime | tuple[str, ...] | None = None
    ends_article: bool = False  # a TEXT line that carried «انتهای پیام» at its end


_CODE = re.compile(r"(?:کد|شناسه) (?:خبر|مطلب)\s*:?\s*(\d+)")
_SOURCE = re.compile(r"منبع(?: خبر)?\s*:\s*(.*\S)")
# Matched on the original text too (to cut it off a body line), so Arabic yeh and ZWNJ are allowed.
_END = re.compile(r"انتها[یي][\s\u200c]*(?:پ[یي]ام|خبر)\s*(?:/\s*[\w.\-]*)?\s*$")
_TAGS = re.compile(r"(?:برچسب ?ها|برچسب|کلید ?واژه ?ها|کلید ?واژه|تگ ?ها|موضوعات|موضوع)\s*:\s*(.*)")
_URL = re.compile(r"(?:(?:لینک|نشانی|ادرس)(?: کوتاه| خبر| مطلب)?|url|link)?\s*:?\s*(https?://\S+)",
                  re.IGNORECASE)
_TAG_SPLIT = re.compile(r"\s*[,،;؛|#]\s*")

# Comment-form headers: what follows them on a page is readers' space, not the article.
_FORM = frozenset(match_key(w) for w in (
    "ارسال نظرات", "ارسال نظر", "ارسال دیدگاه", "نظرات", "نظرات کاربران", "نظر شما", "دیدگاه‌ها",
    "دیدگاه شما",
))
# Whole lines of site chrome, compared after dropping a leading «*» and a trailing «:».
_CHROME = frozenset(match_key(w) for w in (
    "نام", "نام شما", "ایمیل", "پست الکترونیک", "نظر", "متن نظر", "پیام", "اشتراک گذاری",
    "اشتراک‌گذاری", "اشتراک", "لینک کوتاه", "کپی لینک", "کپی شد", "چاپ", "نسخه چاپی",
    "ارسال به دوستان", "ذخیره", "بازگشت", "انصراف", "ارسال", "اخبار مرتبط", "مطالب مرتبط",
    "خبرهای مرتبط", "پربازدیدترین", "پربازدیدترین‌ها", "آخرین اخبار", "تبلیغات", "کد امنیتی",
    "بازدید", "پاسخ", "اشتراک در تلگرام", "نظرات شما", "تعداد نظرات",
    "منبع", "کد خبر", "تاریخ انتشار",  # labels printed without a value
))
# Line openings that mark chrome however the sentence goes on («نظرات حاوی عبارات …»).
_CHROME_PREFIXES = tuple(match_key(w) for w in (
    "نظرات حاوی", "نظرات ارسال", "نظرات ارسالی", "تعداد نظرات", "تعداد بازدید", "بازدید:",
    "برای ارسال نظر", "کد امنیتی", "ایمیل شما منتشر", "آدرس ایمیل شما منتشر",
))
# Body sentences can start like a chrome phrase; only short lines are taken for chrome.
_CHROME_MAX_CHARS = 120
_NUMBER_MAX_DIGITS = 3
_DATE_MAX_CHARS = 80
# Labelled lines (code, source, tags, links, chrome) are short; longer lines are article text.
_LABEL_MAX_CHARS = 300


def classify(raw: str) -> Line:
    """What one line of a saved news page is."""
    text = raw.strip()
    if len(text) > _LABEL_MAX_CHARS:  # a paragraph: only the end marker can hide in it
        return _text(text)
    key = match_key(text)
    if not key:
        return Line(Kind.BLANK)
    if key.isdigit() and len(key) <= _NUMBER_MAX_DIGITS:
        return Line(Kind.NUMBER, text)
    for reader in _READERS:
        if (line := reader(text, key)) is not None:
            return line
    if _may_be_date(key) and (when := parse_datetime(text)) is not None:
        return Line(Kind.DATE, text, when)
    return _text(text)


def _text(text: str) -> Line:
    if match := _END.search(text):
        return Line(Kind.TEXT, text[: match.start()].rstrip(), ends_article=True)
    return Line(Kind.TEXT, text)


def _may_be_date(key: str) -> bool:
    """Cheap test before the date parser: short, with a digit, not a bare number (timestamp)."""
    return len(key) <= _DATE_MAX_CHARS and not key.isdigit() and any(c.isdigit() for c in key)


def split_tags(text: str) -> tuple[str, ...]:
    """«انرژی، یزد | #نیروگاه» → ('انرژی', 'یزد', 'نیروگاه')."""
    return tuple(tag for tag in (t.strip() for t in _TAG_SPLIT.split(text)) if tag)


def _code(text: str, key: str) -> Line | None:
    match = _CODE.fullmatch(key)
    return Line(Kind.CODE, text, match.group(1)) if match else None


def _source(text: str, key: str) -> Line | None:
    if not _SOURCE.fullmatch(key):
        return None
    return Line(Kind.SOURCE, text, text.split(":", 1)[1].strip().rstrip(".،,"))


def _end(text: str, key: str) -> Line | None:
    return Line(Kind.END, text) if _END.match(key) else None


def _tags(text: str, key: str) -> Line | None:
    if not _TAGS.fullmatch(key):
        return None
    return Line(Kind.TAGS, text, split_tags(text.split(":", 1)[1]))


def _url(text: str, key: str) -> Line | None:
    match = _URL.fullmatch(key)
    if not match:
        return None
    found = re.search(r"https?://\S+", text)
    return Line(Kind.URL, text, found.group(0) if found else match.group(1))


def _form(text: str, key: str) -> Line | None:
    return Line(Kind.FORM, text) if _chrome_key(key) in _FORM else None


def _chrome(text: str, key: str) -> Line | None:
    if len(key) > _CHROME_MAX_CHARS:
        return None
    bare = _chrome_key(key)
    if bare in _CHROME or key.startswith(_CHROME_PREFIXES) or bare.startswith(_CHROME_PREFIXES):
        return Line(Kind.CHROME, text)
    return None


def _chrome_key(key: str) -> str:
    return key.lstrip("*").rstrip(":").strip()


_READERS = (_code, _source, _end, _tags, _url, _form, _chrome)


def classify_text(text: str) -> list[Line]:
    """Every line of ``text`` classified."""
    return [classify(raw) for raw in text.split("\n")]


def has_site_markers(lines: list[Line]) -> bool:
    """True when the lines carry the news-site format's metadata (code, date, end, source)."""
    markers = (Kind.CODE, Kind.DATE, Kind.END, Kind.SOURCE)
    return any(line.kind in markers or line.ends_article for line in lines)
