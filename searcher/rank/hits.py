"""Ranked documents made plain hits: the stored article, its snippet, its story's copies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from searcher.index.columns import seconds_of, shown_agency
from searcher.index.schema import stored_article
from searcher.rank.snippets import make_snippet
from searcher.results import Copy, Hit, Snippet


def hits_of(searcher: Any, ranked: list[tuple[float, int]], offset: int,
            terms: set[str] | None,
            phrases: Sequence[tuple[str, ...]] = ()) -> tuple[Hit, ...]:
    """Plain hits from (score, docnum) pairs, read while the searcher is open; ``terms=None``
    leaves snippets empty."""
    return tuple(_hit(searcher, rank, score, docnum, terms, phrases)
                 for rank, (score, docnum) in enumerate(ranked, offset + 1))


def _hit(searcher: Any, rank: int, score: float, docnum: int, terms: set[str] | None,
         phrases: Sequence[tuple[str, ...]], copies: tuple[Copy, ...] = ()) -> Hit:
    article = stored_article(searcher.stored_fields(docnum))
    snippet = (make_snippet(article, terms, phrases=phrases) if terms is not None
               else Snippet(""))
    return Hit(rank, article.id, float(score), article.title,
               shown_agency(article.source), article.published, snippet,
               article.url, article.date_only, copies)


def story_hits(searcher: Any, stories: list[Any], offset: int, terms: set[str] | None,
               phrases: Sequence[tuple[str, ...]] = ()) -> tuple[Hit, ...]:
    """One hit per story: its best copy, with the other copies (id, agency, date) listed
    earliest first, undated ones last."""
    hits = []
    for rank, story in enumerate(stories, offset + 1):
        copies = []
        for docnum in story.copies:
            article = stored_article(searcher.stored_fields(docnum))
            copies.append(Copy(article.id, shown_agency(article.source),
                               article.published))
        copies.sort(key=_earliest_first)
        hits.append(_hit(searcher, rank, story.score, story.leader, terms, phrases,
                         tuple(copies)))
    return tuple(hits)


def _earliest_first(copy: Copy) -> tuple[bool, int]:
    return copy.published is None, seconds_of(copy.published) if copy.published else 0
