"""The news-site text format of sample_corpus/: pages saved from Persian news sites.

Shape (any line may be missing, repeated or moved)::

    ۲                                    counter
    معاون وزیر نیرو خبر داد:             surtitle (روتیتر)
    آغاز ساخت سومین نیروگاه خورشیدی …    title
    معاون وزیر نیرو امروز … می‌شود.       lead (لید)
    کد خبر: ۲۴۸۱۵۷
    ۰۹:۴۵ - ۱۲ مهر ۱۴۰۲
    به گزارش «…»، …                       body paragraphs
    انتهای پیام/ 417
    منبع: ایسنا
    ارسال نظرات / نام: / ایمیل: / * نظر:  comment form, never part of the article

The text before the first «کد خبر» or date line is the header (surtitle, title, lead); the text
after it is the body. Without such a line, the first line is the title and the rest the body.
Once the body has begun, «انتهای پیام» or the comment form closes it: later text is page chrome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from searcher.article import Article, make_article_id
from searcher.errors import ParseError
from searcher.ingest.dates import parse_published
from searcher.ingest.labels import match_key
from searcher.ingest.paragraphs import join_wrapped
from searcher.ingest.page_lines import Kind, Line, classify_text, split_tags

_ANCHORS = (Kind.CODE, Kind.DATE)
_CLOSERS = (Kind.END, Kind.FORM)
# A header line is the lead, not a title, when it ends like a sentence or runs this long.
_LEAD_MIN_CHARS = 100
# Lines after a bare «برچسب‌ها:» are tags while they stay this short.
_TAG_MAX_WORDS = 5

_REPORTED_QUOTED = re.compile(r"به[\s\u200c]*گزارش\s*«([^»]{1,80})»")
_REPORTED_PLAIN = re.compile(r"به[\s\u200c]*گزارش\s+([^،,:.«»]{1,60})[،,]")
_AGENCY_CUES = ("خبرگزاری", "روزنامه", "پایگاه", "شبکه")


@dataclass
class _Page:
    """What the lines of one page said, gathered in one pass."""

    header: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    code: str = ""
    published: datetime | None = None
    date_only: bool = False
    source: str = ""
    url: str = ""
    tags: list[str] = field(default_factory=list)


def parse_newsite(text: str, path: str) -> Article:
    """One article from a saved news page; ParseError when it has neither title nor body."""
    return parse_news_page_lines(classify_text(text), path)


def parse_news_page_lines(lines: list[Line], path: str) -> Article:
    """:func:`parse_newsite` on lines already classified (format detection classifies them)."""
    page = _gather(lines)
    surtitle, title, lead = _split_header(page.header) if page.header else _title_from(page)
    shown = [title, lead]
    body_paragraphs = [p for p in join_wrapped(page.body) if not _repeats(p, shown)]
    body = "\n\n".join(body_paragraphs)
    if not title and not body:
        raise ParseError(f"{path}: no title or body found in a news page",
                         hint="the page holds only metadata or site chrome; it is skipped")
    source = page.source or reported_source(body_paragraphs[:1] or [lead])
    return Article(
        id=make_article_id(url=page.url, source=source, news_code=page.code, path=path),
        title=title, surtitle=surtitle, lead=lead, body=body, source=source,
        published=page.published, date_only=page.date_only, news_code=page.code, url=page.url,
        tags=tuple(dict.fromkeys(page.tags)), path=path,
    )


def _gather(lines: list[Line]) -> _Page:
    page = _Page()
    anchor = _first_anchor(lines)
    in_body = anchor is None
    closed = False
    taking_tags = False
    previous = ""
    for index, line in enumerate(lines):
        if index == anchor:
            in_body = True
        if taking_tags and line.kind is Kind.TEXT and len(line.text.split()) <= _TAG_MAX_WORDS:
            page.tags.extend(split_tags(line.text))
            continue
        taking_tags = line.kind is Kind.TAGS and not line.value
        _take_metadata(page, line)
        if line.kind in _CLOSERS and any(page.body):
            closed = True  # the body has begun; what follows the marker is page chrome
        if line.kind is Kind.BLANK and in_body and not closed:
            page.body.append("")
        if line.kind is not Kind.TEXT or closed or not line.text or line.text == previous:
            continue
        previous = line.text
        if in_body and _repeats(line.text, page.header):
            continue  # the title printed again above the body
        (page.body if in_body else page.header).append(line.text)
        closed = line.ends_article and in_body
    return page


def _repeats(text: str, shown: list[str]) -> bool:
    """True when ``text`` is one of ``shown`` up to spelling variants. Lengths are compared
    first so that long body paragraphs are not folded for nothing."""
    size = len(text)
    return any(abs(len(s) - size) <= size // 5 + 2 and match_key(s) == match_key(text)
               for s in shown if s)


def _first_anchor(lines: list[Line]) -> int | None:
    """Index of the first code/date line that has article text above it."""
    seen_text = False
    for index, line in enumerate(lines):
        if line.kind is Kind.TEXT:
            seen_text = True
        elif line.kind in _ANCHORS and seen_text:
            return index
    return None


def _take_metadata(page: _Page, line: Line) -> None:
    """First value wins: a repeated date or code line does not overwrite the first."""
    if line.kind is Kind.CODE and not page.code:
        page.code = str(line.value)
    elif line.kind is Kind.DATE and page.published is None:
        assert isinstance(line.value, datetime)
        page.published = line.value
        found = parse_published(line.text)
        page.date_only = found is not None and not found[1]
    elif line.kind is Kind.SOURCE and not page.source:
        page.source = str(line.value)
    elif line.kind is Kind.URL and not page.url:
        page.url = str(line.value)
    elif line.kind is Kind.TAGS and isinstance(line.value, tuple):
        page.tags.extend(line.value)


def _split_header(header: list[str]) -> tuple[str, str, str]:
    """(surtitle, title, lead) from the lines above the first code/date line.

    The lead starts at the first line after the first that reads as a sentence (ends with a
    period, or is long). One line above it is the title; two are surtitle and title. A surtitle
    is one line, so with more lines above the lead, the lead was hard-wrapped and starts at the
    third line. Without any sentence-like line: title; surtitle, title; surtitle, title, lead.
    """
    start = next((i for i in range(1, len(header)) if _looks_like_lead(header[i])), None)
    above = header if start is None else header[:start]
    below = [] if start is None else header[start:]
    if len(above) == 1:
        return "", above[0], " ".join(join_wrapped(below))
    if len(above) == 2 and start is None:
        return above[0], above[1], ""
    return above[0], above[1], " ".join(join_wrapped(above[2:] + below))


def _looks_like_lead(line: str) -> bool:
    core = line.rstrip().rstrip("»\"')")
    return core.endswith((".", "…")) or len(line) >= _LEAD_MIN_CHARS


def _title_from(page: _Page) -> tuple[str, str, str]:
    """No header above a code/date line: the first body line is the title, a «…:» line above it
    the surtitle. The lines taken leave ``page.body``."""
    filled = [i for i, line in enumerate(page.body) if line]
    if not filled:
        return "", "", ""
    first = page.body[filled[0]]
    if len(filled) > 1 and first.endswith(":") and not _looks_like_lead(page.body[filled[1]]):
        title = page.body[filled[1]]
        page.body = page.body[filled[1] + 1:]
        return first, title, ""
    page.body = page.body[filled[0] + 1:]
    return "", first, ""


def reported_source(paragraphs: list[str]) -> str:
    """The agency named by «به گزارش «X»،» or «به گزارش X،» in the opening sentence."""
    opening = paragraphs[0] if paragraphs else ""
    if match := _REPORTED_QUOTED.search(opening[:200]):
        return match.group(1).strip()
    match = _REPORTED_PLAIN.search(opening[:200])
    if not match:
        return ""
    phrase = match.group(1).split(" از ")[0].strip()  # «ایرنا از یزد»: the agency, not the city
    for cue in _AGENCY_CUES:
        if cue in phrase:
            return phrase[phrase.index(cue):]
    # «به گزارش خبرنگار ما» names a reporter, not an agency.
    return "" if phrase.startswith(("خبرنگار", "گروه")) or len(phrase.split()) > 4 else phrase
