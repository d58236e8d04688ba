"""Results out to a spreadsheet: hits (or whole articles) as CSV, TSV or JSON Lines, streamed.

CSV is written the way Excel and LibreOffice open Persian without asking: UTF-8 with a byte
order mark, RFC 4180 quoting (fields with commas, quotes or line breaks in double quotes, quotes
doubled, CRLF line ends); a text cell starting with = + - @ gets a leading apostrophe so a
spreadsheet never runs article text as a formula. TSV is one line a row, tabs and line breaks
inside fields turned into spaces. JSON Lines is one object a row, the same keys as the CSV
header. Rows are written as they come, so ``--all-pages`` over tens of thousands of hits never
holds them all.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from searcher.article import Article
from searcher.output.plain import to_json
from searcher.output.sanitize import clean_line, clean_text
from searcher.results import Hit

FORMATS = ("csv", "tsv", "jsonl")
HIT_COLUMNS = ("rank", "id", "date_jalali", "date", "source", "title", "url", "snippet",
               "copies")
ARTICLE_COLUMNS = ("id", "date_jalali", "date", "source", "agency", "title", "surtitle", "lead",
                   "body", "url", "news_code", "tags")
BOM = "\ufeff"


def _dates(article_or_hit: Any) -> tuple[str, str]:
    """(Jalali ``1402/07/12``, ISO ``2023-10-04``): numeric, so a spreadsheet sorts them."""
    published = article_or_hit.published
    if published is None:
        return "", ""
    import jdatetime

    from searcher.ingest.dates import TEHRAN

    local = published.astimezone(TEHRAN) if published.tzinfo else published
    jalali = jdatetime.date.fromgregorian(date=local.date())
    return f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}", local.date().isoformat()


def hit_row(hit: Hit) -> dict[str, Any]:
    """The spreadsheet row of a hit; ``copies`` lists the story's other copies' ids."""
    jalali, iso = _dates(hit)
    return {"rank": hit.rank, "id": hit.id, "date_jalali": jalali, "date": iso,
            "source": hit.source, "title": hit.title, "url": hit.url,
            "snippet": hit.snippet.text, "copies": " ".join(copy.id for copy in hit.copies)}


def article_row(article: Article) -> dict[str, Any]:
    """The spreadsheet row of a stored article (``source`` as the file said, ``agency``
    canonical)."""
    from searcher.ingest.agencies import canonical_agency

    jalali, iso = _dates(article)
    return {"id": article.id, "date_jalali": jalali, "date": iso, "source": article.source,
            "agency": canonical_agency(article.source), "title": article.title,
            "surtitle": article.surtitle, "lead": article.lead, "body": article.body,
            "url": article.url, "news_code": article.news_code, "tags": "، ".join(article.tags)}


def write_rows(out: TextIO, fmt: str, columns: tuple[str, ...],
               rows: Iterable[dict[str, Any]]) -> int:
    """Write ``rows`` in ``fmt`` (a header first for CSV and TSV); the number of rows written."""
    written = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal written
        for row in rows:
            written += 1
            yield row

    for line in _lines(fmt, columns, counted()):
        out.write(line)
    return written


def _lines(fmt: str, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    if fmt == "jsonl":
        for row in rows:
            yield to_json(row) + "\n"
        return
    if fmt == "tsv":
        yield "\t".join(columns) + "\n"
        for row in rows:
            yield "\t".join(clean_line(str(row[name])) for name in columns) + "\n"
        return
    line = _CsvLine()
    writer = csv.writer(line, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    yield BOM + line.take()
    for row in rows:
        writer.writerow([_cell(row[name]) for name in columns])
        yield line.take()


def _cell(value: Any) -> str:
    """A CSV cell: cleaned text; text a spreadsheet would run as a formula (=, +, -, @ first)
    gets a leading apostrophe, as OWASP advises, since article text is untrusted."""
    text = clean_text(str(value))
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


class _CsvLine:
    """A file-like sink for csv.writer that hands each written row back as a string."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def write(self, text: str) -> None:
        self._parts.append(text)

    def take(self) -> str:
        text = "".join(self._parts)
        self._parts.clear()
        return text
