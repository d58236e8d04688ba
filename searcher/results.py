"""Plain result records returned by the search library (no whoosh objects cross this line).

A search's hits; the counts of the newsroom views (timeline, facets) are in
:mod:`searcher.tallies`, which a plain search does not import.
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from typing import Any

from searcher.records import Record, record


@record
class Snippet(Record):
    """A passage of an article and the (start, end) offsets of matched words inside ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@record
class Copy(Record):
    """Another outlet's copy of a hit's story (same report, lightly edited)."""

    id: str
    source: str
    published: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source,
                "published": self.published.isoformat() if self.published else None}


@record
class Hit(Record):
    """One ranked article: what a result line shows, and its story's other copies."""

    rank: int
    id: str
    score: float
    title: str
    source: str  # the canonical agency name (searcher.ingest.agencies)
    published: datetime | None
    snippet: Snippet
    url: str = ""
    date_only: bool = False  # ``published`` is a day without a time (see Article.date_only)
    copies: tuple[Copy, ...] = ()  # the story's other copies, earliest first

    @property
    def first_source(self) -> str:
        """The agency that published the story first (this hit's, when no copy is earlier)."""
        dated = [(c.published, c.source) for c in self.copies if c.published]
        if self.published:
            dated.append((self.published, self.source))
        return min(dated)[1] if dated else self.source

    @property
    def published_text(self) -> str:
        from searcher.article import published_text

        return published_text(self.published, self.date_only)


@record
class SearchResult(Record):
    """A page of hits for a query, with the total, a did-you-mean and warnings."""

    query: str
    total: int
    hits: tuple[Hit, ...] = ()
    suggestion: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # Shown instead of "N results for «query»" when the query is not something typed
    # (``similar``: "articles like «title»", where a count of loosely related articles means
    # nothing).
    heading: str | None = None
    total_articles: int | None = None  # matching articles, when ``total`` counts stories
    facets: Any = None  # searcher.tallies.Facets, when asked for
    # Typed words in no article, searched in their likeliest spelling (typed → searched).
    respelled: dict[str, str] = field(default_factory=dict)

    def respelling_note(self) -> str | None:
        """One line saying which typed words were searched in another spelling."""
        if not self.respelled:
            return None
        pairs = ", ".join(f"«{searched}» for «{typed}»"
                         for typed, searched in self.respelled.items())
        return f"searched {pairs}: in no article as typed (quote a word to search it as typed)"

    def to_json(self) -> dict[str, Any]:
        """The documented ``--json`` shape; text stays in logical order."""
        data: dict[str, Any] = {
            "query": self.query,
            "total": self.total,
            "total_articles": self.total if self.total_articles is None else self.total_articles,
            "hits": [
                {
                    "rank": h.rank,
                    "id": h.id,
                    "score": round(h.score, 6),
                    "title": h.title,
                    "source": h.source,
                    "published": h.published_text or None,
                    "snippet": {
                        "text": h.snippet.text,
                        "highlights": [list(span) for span in h.snippet.highlights],
                    },
                    "copies": [copy.to_json() for copy in h.copies],
                }
                for h in self.hits
            ],
            "suggestion": self.suggestion,
            "respelled": dict(self.respelled),
            "warnings": list(self.warnings),
        }
        if self.facets is not None:
            data["facets"] = self.facets.to_json()
        return data
