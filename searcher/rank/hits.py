"""Ranked documents made plain hits: the stored article, its snippet, its story's copies."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from searcher.index.columns import seconds_of, shown_agency
from searcher.index.schema import SPANS_FIELD, stored_article
from searcher.index.word_spans import decode
from searcher.rank.proximity import PositionsRead, term_positions
from searcher.rank.snippets import Located, make_snippet
from searcher.results import Copy, Hit, Snippet

# docnum → where each of the query's terms stands in it (term → positions)
Places = Callable[[int], Mapping[str, Sequence[int]]]


def hits_of(searcher: Any, ranked: list[tuple[float, int]], offset: int,
            terms: set[str] | None, phrases: Sequence[tuple[str, ...]] = (),
            read: PositionsRead | None = None) -> tuple[Hit, ...]:
    """Plain hits from (score, docnum) pairs, read while the searcher is open; ``terms=None``
    leaves snippets empty; ``read``: positions the ranking read already."""
    places = _places(searcher, [docnum for _, docnum in ranked], terms, phrases, read)
    return tuple(_hit(searcher, rank, score, docnum, terms, phrases, places)
                 for rank, (score, docnum) in enumerate(ranked, offset + 1))


def _places(searcher: Any, docnums: list[int], terms: Collection[str] | None,
            phrases: Sequence[tuple[str, ...]], read: PositionsRead | None) -> Places:
    """Where the snippets' terms stand in the hits ``docnums``, for all the hits at once, when
    first asked: from ``read`` (the second stage's) or the index (the postings the ranking just
    decoded are in the postings cache)."""
    found: dict[str, dict[int, list[int]]] = {}
    positions_of = read.positions if read is not None else term_positions

    def places(docnum: int) -> Mapping[str, Sequence[int]]:
        if not found and terms is not None:
            found.update((term, positions_of(searcher, term, docnums))
                         for term in sorted(set(terms).union(*phrases)))
        return {term: at[docnum] for term, at in found.items() if docnum in at}

    return places


def _hit(searcher: Any, rank: int, score: float, docnum: int, terms: set[str] | None,
         phrases: Sequence[tuple[str, ...]], places: Places, copies: tuple[Copy, ...] = ()
         ) -> Hit:
    stored = searcher.stored_fields(docnum)
    article = stored_article(stored)
    if terms is None:
        snippet = Snippet("")
    else:
        spans = stored.get(SPANS_FIELD)
        located = Located(decode(spans), places(docnum)) if spans else None
        snippet = make_snippet(article, terms, phrases=phrases, located=located)
    return Hit(rank, article.id, float(score), article.title,
               shown_agency(article.source), article.published, snippet,
               article.url, article.date_only, copies)


def story_hits(searcher: Any, stories: list[Any], offset: int, terms: set[str] | None,
               phrases: Sequence[tuple[str, ...]] = (), read: PositionsRead | None = None
               ) -> tuple[Hit, ...]:
    """One hit per story: its best copy, with the other copies (id, agency, date) listed
    earliest first, undated ones last."""
    places = _places(searcher, [story.leader for story in stories], terms, phrases, read)
    hits = []
    for rank, story in enumerate(stories, offset + 1):
        copies = []
        for docnum in story.copies:
            article = stored_article(searcher.stored_fields(docnum))
            copies.append(Copy(article.id, shown_agency(article.source),
                               article.published))
        copies.sort(key=_earliest_first)
        hits.append(_hit(searcher, rank, story.score, story.leader, terms, phrases, places,
                         tuple(copies)))
    return tuple(hits)


def _earliest_first(copy: Copy) -> tuple[bool, int]:
    return copy.published is None, seconds_of(copy.published) if copy.published else 0
