"""Republications of an article, built by the edits Iranian outlets make to each other's reports.

Used by the collapse tests and by ``bench/collapse_eval.py`` (the labelled set whose recall
chooses the near-duplicate threshold). Each edit is a small pure function on an
:class:`~searcher.article.Article`; :func:`republications` applies them alone and combined,
each copy under another outlet, with its own id and a later time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

from searcher.article import Article

OUTLETS = ("ایرنا", "ایسنا", "مهر", "تسنیم", "فارس", "خبرآنلاین", "همشهری", "ایلنا")
_OPENING = re.compile(r"^\s*(?:به\s*گزارش|به\s*نقل\s*از)[^\n،,]{0,100}[،,]\s*")
# Paragraphs an outlet adds: background it keeps on file, or a closing line of its own.
_ADDED = (
    "گفتنی است این موضوع پیش از این نیز در جلسات متعدد کارشناسی بررسی شده بود و "
    "مسئولان وعده داده بودند که گزارش کامل آن به زودی در اختیار رسانه‌ها قرار گیرد.",
    "به گفته کارشناسان، پیگیری این تصمیم در ماه‌های آینده نشان خواهد داد که برنامه‌های "
    "اعلام‌شده تا چه اندازه در عمل اجرا می‌شوند و چه اثری بر زندگی مردم خواهند داشت.",
)


def _paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n") if p.strip()]


def retitle(article: Article, outlet: str) -> Article:
    """A new headline: the outlet's own wording of the same news."""
    return replace(article, title=f"{article.title}؛ جزئیات تازه از زبان مسئولان")


def new_opening(article: Article, outlet: str) -> Article:
    """«به گزارش ایرنا،» becomes «به گزارش خبرنگار مهر،» (or is added when missing)."""
    body = _OPENING.sub("", article.body, count=1)
    return replace(article, body=f"به گزارش خبرنگار {outlet}، {body}")


def trim_last(article: Article, outlet: str) -> Article:
    """The last paragraph cut (kept when the article has only one)."""
    paragraphs = _paragraphs(article.body)
    if len(paragraphs) < 2:
        return article
    return replace(article, body="\n".join(paragraphs[:-1]))


def add_paragraph(article: Article, outlet: str) -> Article:
    """A paragraph of the outlet's own added at the end."""
    extra = _ADDED[len(outlet) % len(_ADDED)]
    return replace(article, body=article.body.rstrip() + "\n" + extra)


Edit = Callable[[Article, str], Article]
EDITS: dict[str, tuple[Edit, ...]] = {
    "title": (retitle,),
    "opening": (new_opening,),
    "trim": (trim_last,),
    "add": (add_paragraph,),
    "title+opening": (retitle, new_opening),
    "opening+trim": (new_opening, trim_last),
    "opening+add": (new_opening, add_paragraph),
    "title+opening+trim": (retitle, new_opening, trim_last),
    "title+opening+add": (retitle, new_opening, add_paragraph),
}


def republications(article: Article) -> Iterator[tuple[str, Article]]:
    """(edit name, copy) for every edit in :data:`EDITS`, each copy under another outlet."""
    for number, (name, edits) in enumerate(EDITS.items()):
        outlet = OUTLETS[number % len(OUTLETS)]
        copy = article
        for edit in edits:
            copy = edit(copy, outlet)
        published = article.published + timedelta(minutes=20 * (number + 1)) \
            if article.published else None
        yield name, replace(copy, id=f"{article.id}-{name}", source=outlet, published=published,
                            url="", news_code="", path="")
