"""The search library: query text in, ranked hits with snippets out (plain dataclasses).

``search(index, query, ...)`` accepts an opened :class:`~searcher.index.opened.OpenedIndex` (fast for
repeated queries) or an index directory.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import query as wq

from analyzers import analyze
from searcher.index.opened import OpenedIndex
from searcher.query.compile import compile_query
from searcher.rank.counting import count
from searcher.rank.rerank import Ranking, rerank
from searcher.rank.top_k import terms_of, top_k
from searcher.errors import UsageError
from searcher.query.parser import parse_query
from searcher.rank.bm25 import robertson_idf
from searcher.results import Hit, SearchResult, Snippet
from searcher.index.schema import TEXT_FIELD, stored_article, to_utc_naive
from searcher.rank.snippets import make_snippet
from searcher.rank.suggest import suggest

SORTS = ("relevance", "date")
SIMILAR_TERMS = 25


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions that do not change ranking: a date window and agencies."""

    since: datetime | None = None
    until: datetime | None = None  # exclusive
    sources: tuple[str, ...] = ()


def _archive(index: OpenedIndex | Path | str | None) -> tuple[OpenedIndex, bool]:
    if isinstance(index, OpenedIndex):
        return index, False
    return OpenedIndex(index), True


def _filter_query(filters: Filters | None) -> wq.Query | None:
    if filters is None:
        return None
    parts: list[wq.Query] = []
    if filters.since or filters.until:
        start = to_utc_naive(filters.since) if filters.since else datetime(1900, 1, 1)
        end = to_utc_naive(filters.until) if filters.until else datetime(2200, 1, 1)
        parts.append(wq.DateRange("published", start, end, endexcl=True))
    sources = []
    for name in filters.sources:
        terms = [wq.Term("source", t.term) for t in analyze(name)]
        if terms:
            sources.append(terms[0] if len(terms) == 1 else wq.And(terms))
    if sources:
        parts.append(wq.Or(sources))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def search(
    index: OpenedIndex | Path | str | None,
    query: str,
    *,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    filters: Filters | None = None,
    snippets: bool = True,
    ranking: Ranking | None = None,
) -> SearchResult:
    """Rank articles for ``query``; never raises on a malformed query (see ``warnings``).

    ``snippets=False`` (batch runs) leaves every snippet empty and skips their cost;
    ``ranking`` sets the second stage (default: :class:`~searcher.rank.rerank.Ranking`()).
    """
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}", hint="use --sort relevance or --sort date")
    if limit < 1 or offset < 0:
        raise UsageError("limit must be at least 1 and page at least 1")
    archive, owned = _archive(index)
    try:
        return _search(archive, query, limit, offset, sort, filters, snippets,
                       ranking or Ranking())
    finally:
        if owned:
            archive.close()


def _search(archive: OpenedIndex, text: str, limit: int, offset: int, sort: str,
            filters: Filters | None, snippets: bool, ranking: Ranking) -> SearchResult:
    compiled = compile_query(parse_query(text))
    warnings = compiled.warnings
    if compiled.only_negative:
        warnings.append("only exclusions (-word or NOT) were given: add a word to search for")
    if compiled.query is None or archive.is_empty:
        suggestion = None if archive.is_empty else _suggestion(archive, text, compiled.words)
        return SearchResult(text, 0, (), suggestion, tuple(warnings))
    filter_query = _filter_query(filters)
    kwargs: dict[str, Any] = {"limit": offset + limit, "filter": filter_query}
    if sort == "date":
        kwargs["sortedby"] = "published"
        kwargs["reverse"] = True
    searcher = archive.searcher
    terms = terms_of(compiled.query) if sort == "relevance" else None
    if terms is not None:  # free words: the fast term-at-a-time path
        ranked, total = rank_terms(searcher, terms, offset + limit, ranking, filter_query)
        hits = _hits_of(searcher, ranked[offset:], offset,
                        compiled.terms if snippets else None)
    else:
        results = searcher.search(compiled.query, **kwargs)
        total = count(searcher, compiled.query, filter_query)
        hits = _hits_of(searcher, [(hit.score or 0.0, hit.docnum)
                                   for hit in results[offset:offset + limit]], offset,
                        compiled.terms if snippets else None)
    return SearchResult(text, total, hits, _suggestion(archive, text, compiled.words),
                        tuple(warnings))


def _suggestion(archive: OpenedIndex, text: str, words: list[str]) -> str | None:
    """The query with its typing slips corrected, or None when it has none."""
    if not words:
        return None
    fixes = suggest(words, archive)
    if not fixes:
        return None
    for typed, fixed in fixes.items():
        # «خبر  گزاری» is one fix for two words, whatever space the user typed between them
        pattern = r"\s+".join(re.escape(part) for part in typed.split())
        text = re.sub(pattern, lambda _: fixed, text, count=1)
    return text


def rank_terms(searcher: Any, terms: list[tuple[str, float]], k: int, ranking: Ranking,
               filter_query: wq.Query | None = None, doc_terms: Any = None
               ) -> tuple[list[tuple[float, int]], int]:
    """Free words ranked: BM25's first stage, then the second stage (``ranking``) over its
    best candidates; the best ``k`` (score, docnum) pairs and the number of matches."""
    depth = max(k, ranking.depth if ranking.reranks else 0)
    ranked, total = top_k(searcher, terms, depth, searcher.weighting, filter_query)
    if ranking.expand:
        from searcher.rank.feedback import expand

        expanded = expand(searcher, terms, ranked, ranking.feedback_docs,
                          ranking.feedback_terms, ranking.feedback_weight, doc_terms)
        # The count stays the typed query's: expansion re-orders, it does not widen the total.
        ranked, _ = top_k(searcher, expanded, depth, searcher.weighting, filter_query)
    return rerank(searcher, terms, ranked, ranking)[:k], total


def _hits_of(searcher: Any, ranked: list[tuple[float, int]], offset: int,
             terms: set[str] | None) -> tuple[Hit, ...]:
    """Plain hits from (score, docnum) pairs, read while the searcher is open; ``terms=None``
    leaves snippets empty."""
    hits = []
    for rank, (score, docnum) in enumerate(ranked, offset + 1):
        article = stored_article(searcher.stored_fields(docnum))
        snippet = make_snippet(article, terms) if terms is not None else Snippet("")
        hits.append(Hit(rank, article.id, float(score), article.title, article.source,
                        article.published, snippet))
    return tuple(hits)


def query_terms(query: str) -> set[str]:
    """The index terms a query searches for (what snippets and :open highlight)."""
    return compile_query(parse_query(query)).terms


def similar(index: OpenedIndex | Path | str | None, article_id: str, *, limit: int = 10
            ) -> SearchResult:
    """Articles most like ``article_id``: an OR of its most distinctive terms (tf · idf)."""
    archive, owned = _archive(index)
    try:
        source = archive.article(article_id)
        counts = Counter(t.term for part in (source.title, source.title, source.lead,
                                             source.body) for t in analyze(part))
        n = len(archive)
        weighted = sorted(
            ((tf * robertson_idf(n, df), term) for term, tf in counts.items()
             if (df := archive.doc_freq(term)) > 1),
            reverse=True,
        )[:SIMILAR_TERMS]
        if not weighted:
            return SearchResult(f"similar:{article_id}", 0, (), None,
                                ("the article has no words shared with any other article",))
        top = weighted[0][0]
        q = wq.Or([wq.Term(TEXT_FIELD, term, boost=max(score / top, 0.1))
                   for score, term in weighted])
        q = wq.AndNot(q, wq.Term("id", article_id))
        searcher = archive.searcher
        results = searcher.search(q, limit=limit)
        hits = _hits_of(searcher, [(hit.score or 0.0, hit.docnum) for hit in results[:limit]],
                        0, {term for _, term in weighted})
        return SearchResult(f"similar:{article_id}", count(searcher, q), hits)
    finally:
        if owned:
            archive.close()
