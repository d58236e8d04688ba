"""Plain result records returned by the search library (no whoosh objects cross this line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Snippet:
    """A passage of an article and the (start, end) offsets of matched words inside ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    rank: int
    id: str
    score: float
    title: str
    source: str
    published: datetime | None
    snippet: Snippet
    url: str = ""
    date_only: bool = False  # ``published`` is a day without a time (see Article.date_only)

    @property
    def published_text(self) -> str:
        from searcher.article import published_text

        return published_text(self.published, self.date_only)


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    total: int
    hits: tuple[Hit, ...] = ()
    suggestion: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # Shown instead of "N results for «query»" when the query is not something typed
    # (``similar``: "articles like «title»", where a count of loosely related articles means
    # nothing).
    heading: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The documented ``--json`` shape; text stays in logical order."""
        return {
            "query": self.query,
            "total": self.total,
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
                }
                for h in self.hits
            ],
            "suggestion": self.suggestion,
            "warnings": list(self.warnings),
        }
