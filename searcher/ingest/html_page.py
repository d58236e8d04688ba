"""Web pages saved from news sites (.html): the article without the site around it.

trafilatura finds the article's text among menus, related-news lists and comment forms, and
reads the page's title, description and site name (og:, article: and plain meta tags). What it
leaves out, khabar reads itself from the page's text lines with the same classifier as its
text pages (:mod:`searcher.ingest.page_lines`): «کد خبر», the Jalali date line, «منبع».

Published date, first found wins: the ``article:published_time`` meta tag (or ``datePublished``);
a Jalali date line with a time of day (a site's «today» banner has none); the date htmldate
reads from the page; any date line. Agency: a «منبع:» line in the article; the site's domain
if it is a known Iranian outlet; ``og:site_name``; «به گزارش …» in the opening sentence.

trafilatura (with lxml and htmldate) is imported only when a page is parsed: it costs a few
hundred ms to import.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from searcher.article import Article, make_article_id
from searcher.errors import ParseError
from searcher.ingest.dates import parse_datetime
from searcher.ingest.labels import match_key
from searcher.ingest.news_page import reported_source
from searcher.ingest.page_lines import Kind, Line, classify_text, split_tags

# trafilatura drops every non-printable character, ZWNJ included (می‌شود would become میشود):
# ZWNJ travels through it as a printable stand-in that news text does not use.
_ZWNJ_STAND_INS = ("\u2e3f", "\u2e3e", "\u2e3d")
_ZWNJ_ENTITIES = re.compile(r"&(?:zwnj|#8204|#x200c);", re.IGNORECASE)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
_HTML_START = re.compile(r"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>])",
                         re.IGNORECASE | re.DOTALL)
# Without a title, fewer words than this are a menu or a caption that the extractor kept.
MIN_UNTITLED_WORDS = 12
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—»]\s+")
_PUBLISHED_META = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate' or @name='publishdate' or @name='date']/@content",
)
# Iranian outlets by their web domain («www.» and subdomains included).
DOMAIN_AGENCIES = {
    "irna.ir": "ایرنا", "isna.ir": "ایسنا", "farsnews.ir": "فارس", "farsnews.com": "فارس",
    "mehrnews.com": "مهر", "tasnimnews.com": "تسنیم", "hamshahrionline.ir": "همشهری آنلاین",
    "khabaronline.ir": "خبرآنلاین", "ilna.ir": "ایلنا", "yjc.ir": "باشگاه خبرنگاران جوان",
    "iribnews.ir": "صدا و سیما", "entekhab.ir": "انتخاب", "tabnak.ir": "تابناک",
    "asriran.com": "عصر ایران", "donya-e-eqtesad.com": "دنیای اقتصاد", "varzesh3.com": "ورزش۳",
    "radiofarda.com": "رادیو فردا", "bbc.com": "بی‌بی‌سی فارسی", "shargh.ir": "شرق",
    "sharghdaily.com": "شرق", "etemadonline.com": "اعتماد", "kayhan.ir": "کیهان",
    "borna.news": "برنا", "iqna.ir": "ایکنا", "aftabnews.ir": "آفتاب",
}


def looks_like_html(text: str) -> bool:
    """True when ``text`` is a web page (a doctype or <html> first, after comments)."""
    return _HTML_START.match(text[:4096]) is not None


def agency_of_domain(url: str) -> str:
    """The outlet a web address belongs to, or "" when it is none of :data:`DOMAIN_AGENCIES`.

    >>> agency_of_domain("https://www.mehrnews.com/news/5912345/")
    'مهر'
    """
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0].split(":")[0]
    for domain, agency in DOMAIN_AGENCIES.items():
        if host == domain or host.endswith("." + domain):
            return agency
    return ""


def parse_html_page(html: str, path: str) -> Article:
    """One article from a saved web page; ParseError when the page holds no article text."""
    stand_in = next((c for c in _ZWNJ_STAND_INS if c not in html), "")
    if stand_in:
        html = _ZWNJ_ENTITIES.sub("\u200c", html).replace("\u200c", stand_in)
    page = _extract(html, path)

    def restored(text: str | None) -> str:
        return (text or "").replace(stand_in, "\u200c") if stand_in else (text or "")

    page_lines = classify_text("\n".join(restored(t) for t in page["all_text"]))
    main_lines = classify_text(restored(page["text"]))
    title = _clean_title(restored(page["title"]), restored(page["sitename"]))
    lead = restored(page["description"])
    surtitle, body, found = _split_main(main_lines, title, lead)
    if not title and len(body.split()) < MIN_UNTITLED_WORDS:
        raise ParseError(f"{path}: no article text found in the web page",
                         hint="the page holds only site chrome (a front page or a list?); "
                              "it is skipped")
    url = page["url"] or ""
    code = _first(found + page_lines, Kind.CODE) or ""
    source = (_first(found, Kind.SOURCE) or agency_of_domain(url)
              or _site_name(restored(page["sitename"]))
              or reported_source(body.split("\n\n")[:1]))
    tags = [t for raw in page["tags"] for t in split_tags(restored(raw))]
    return Article(
        id=make_article_id(url=url, source=source, news_code=code, path=path),
        title=title, surtitle=surtitle, lead=lead, body=body, source=source,
        published=_published(page, found + page_lines), news_code=str(code), url=url,
        tags=tuple(dict.fromkeys(tags)), path=path,
    )


def _extract(html: str, path: str) -> dict[str, Any]:
    """trafilatura's reading of the page, plus every text line and the date meta tags."""
    try:
        import trafilatura
        from lxml import html as lxml_html
    except ImportError as exc:
        raise ParseError(f"{path}: reading web pages needs trafilatura ({exc.name} is "
                         "missing): pip install trafilatura lxml_html_clean, then index "
                         "again") from None
    try:
        tree = lxml_html.document_fromstring(html)
    except Exception as exc:  # lxml raises several types for pages it cannot read
        raise ParseError(f"{path}: not a readable web page ({exc})") from None
    published = [v for xpath in _PUBLISHED_META for v in tree.xpath(xpath)]
    saved_from = _SAVED_FROM.search(html[:4096])
    document = trafilatura.bare_extraction(
        html, url=saved_from.group(1) if saved_from else None, with_metadata=True,
        include_comments=False, include_tables=True)
    for junk in tree.xpath("//script|//style|//noscript|//template"):
        junk.drop_tree()
    meta = document or None
    return {
        "title": getattr(meta, "title", None), "text": getattr(meta, "text", None) or "",
        "description": getattr(meta, "description", None),
        "sitename": getattr(meta, "sitename", None), "url": getattr(meta, "url", None)
        or (saved_from.group(1) if saved_from else ""),
        "date": getattr(meta, "date", None), "tags": list(getattr(meta, "tags", None) or ()),
        "published_meta": published,
        "all_text": [t.strip() for t in tree.itertext() if t.strip()],
    }


def _clean_title(title: str, sitename: str) -> str:
    """«عنوان - خبرگزاری مهر | Mehr News Agency» → «عنوان»: the site's name is not the title."""
    parts = _TITLE_SEPARATORS.split(title.strip())
    site = match_key(_site_name(sitename)) if sitename else ""
    kept = [p for p in parts[1:] if not (site and site in match_key(p))
            and "خبرگزاری" not in p and not re.search(r"[A-Za-z]{3}", p)]
    return " - ".join([parts[0], *kept]) if parts[0] else title.strip()


def _site_name(sitename: str) -> str:
    """The first part of og:site_name: «خبرگزاری مهر | اخبار ایران و جهان» → «خبرگزاری مهر»."""
    return _TITLE_SEPARATORS.split(sitename.strip())[0] if sitename else ""


def _split_main(lines: list[Line], title: str, lead: str) -> tuple[str, str, list[Line]]:
    """(surtitle, body, metadata lines) from the article text trafilatura kept: the title and
    lead printed again above the body leave it, a «…:» line just above the title is the
    surtitle, and «انتهای پیام» or a comment form ends it."""
    shown = {match_key(t) for t in (title, lead) if t}
    surtitle, paragraphs, found = "", list[str](), list[Line]()
    for line in lines:
        if line.kind in (Kind.END, Kind.FORM) and paragraphs:
            break
        if line.kind is not Kind.TEXT:
            found.append(line)
            continue
        if match_key(line.text) in shown:
            if paragraphs and not surtitle and match_key(title) == match_key(line.text) \
                    and len(paragraphs) == 1 and paragraphs[0].endswith(":"):
                surtitle = paragraphs.pop()
            continue
        paragraphs.append(line.text)
        if line.ends_article:
            break
    return surtitle, "\n\n".join(paragraphs), found


def _first(lines: list[Line], kind: Kind) -> Any:
    return next((line.value for line in lines if line.kind is kind and line.value), None)


def _published(page: dict[str, Any], lines: list[Line]) -> datetime | None:
    for value in page["published_meta"]:
        if moment := _iso(value):
            return moment
    dated = [line for line in lines if line.kind is Kind.DATE]
    timed = [line for line in dated if re.search(r"\d[:：]\d", line.text)]
    if timed:
        return timed[0].value  # type: ignore[return-value]
    if page["date"] and (moment := parse_datetime(page["date"])):
        return moment
    return dated[0].value if dated else None  # type: ignore[return-value]


def _iso(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return parse_datetime(value)
    return moment if moment.tzinfo else parse_datetime(value)
