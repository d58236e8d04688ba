"""Output for pipes and scripts: tab-separated lines, plain text, JSON. No styles, no escapes.

Text stays in logical order. Every field is cleaned (:mod:`searcher.output.sanitize`), and one-line
fields have tabs and newlines turned into spaces so a line always splits into the same columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from searcher.article import Article
from searcher.results import SearchResult
from searcher.output.sanitize import clean_line, clean_text

# Characters a JSON string may hold raw but a terminal showing the JSON might act on (C1
# controls, bidi overrides and isolates) or a writer might choke on (lone surrogates). Escaping
# them keeps the JSON equal in value; they can only occur inside strings, never in its syntax.
_ESCAPE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def to_json(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False)``, with the few risky characters \\u-escaped."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return _ESCAPE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def iso_date(published: datetime | None) -> str:
    return published.date().isoformat() if published else ""


def search_lines(result: SearchResult, *, snippet: bool = False, header: bool = False
                 ) -> list[str]:
    """One line per hit: rank, id, ISO date, source, title [, snippet], url, tab-separated;
    ``header`` puts the column names first. The URL came last, so earlier columns kept their
    places."""
    names = ["rank", "id", "date", "source", "title", *(["snippet"] if snippet else []), "url"]
    lines = ["\t".join(names)] if header else []
    for hit in result.hits:
        fields = [str(hit.rank), hit.id, iso_date(hit.published), hit.source, hit.title]
        if snippet:
            fields.append(hit.snippet.text)
        fields.append(hit.url)
        lines.append("\t".join(clean_line(field) for field in fields))
    return lines


def search_notes(result: SearchResult) -> list[str]:
    """The suggestion and warnings, for stderr, so stdout stays one hit a line."""
    notes = [f"did you mean: {clean_line(result.suggestion)}"] if result.suggestion else []
    respelling = result.respelling_note()
    if respelling:
        notes.append(f"note: {clean_line(respelling)}")
    notes.extend(f"warning: {clean_line(warning)}" for warning in result.warnings)
    return notes


def article_text(article: Article) -> str:
    """``field: value`` header lines, a blank line, then the lead and the body."""
    from searcher.ingest.dates import format_jalali  # jdatetime: only when an article is shown

    header = {
        "id": article.id,
        "title": article.title,
        "surtitle": article.surtitle,
        "source": article.source,
        "published": article.published_text,
        "jalali": (format_jalali(article.published, with_time=not article.date_only)
                   if article.published else ""),
        "url": article.url,
        "tags": ", ".join(article.tags),
    }
    lines = [f"{name}: {clean_line(value)}" for name, value in header.items() if value]
    blocks = ["\n".join(lines)]
    blocks.extend(clean_text(text).strip() for text in (article.lead, article.body) if text.strip())
    return "\n\n".join(blocks) + "\n"


def token_lines(rows: Iterable[tuple[str, str, int, int]]) -> list[str]:
    """``term<TAB>surface<TAB>start<TAB>end`` per token."""
    return [
        f"{clean_line(term)}\t{clean_line(surface)}\t{start}\t{end}"
        for term, surface, start, end in rows
    ]


def tokens_json(rows: Iterable[tuple[str, str, int, int]]) -> list[dict[str, Any]]:
    return [
        {"term": term, "surface": surface, "start": start, "end": end}
        for term, surface, start, end in rows
    ]


def stats_lines(stats: Mapping[str, object]) -> list[str]:
    """``label<TAB>value`` per entry; sequences joined with commas, None as empty."""
    lines = []
    for label, value in stats.items():
        if isinstance(value, (list, tuple)):
            value = ",".join(str(item) for item in value)
        lines.append(f"{clean_line(label)}\t{clean_line('' if value is None else str(value))}")
    return lines


def facet_lines(facets: Any) -> list[str]:
    """``source<TAB>name<TAB>count`` and ``year<TAB>1402<TAB>count`` lines (undated as
    ``year<TAB><TAB>count``)."""
    lines = [f"source\t{clean_line(name)}\t{count}" for name, count in facets.source]
    lines.extend(f"year\t{year}\t{count}" for year, count in facets.year)
    if facets.undated:
        lines.append(f"year\t\t{facets.undated}")
    return lines
