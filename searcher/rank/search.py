"""The search library: query text in, ranked hits with snippets out (plain dataclasses).

``search(index, query, ...)`` accepts an opened :class:`~searcher.index.opened.OpenedIndex`
(fast for repeated queries) or an index directory.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import query as wq

from searcher.engine.exclusion import AndNot

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
from searcher.query.sources import source_query

SORTS = ("relevance", "date")
# A query is cut to this many characters (with a warning): nobody types more, and a pasted
# article must not cost seconds of parsing and a union of a thousand words.
MAX_QUERY_CHARS = 2_000
_SURROGATES = re.compile("[\ud800-\udfff]")
# Did-you-mean looks at most this many words of a query (the first ones typed).
MAX_WORDS_CORRECTED = 8
SIMILAR_TERMS = 25
# Every dated article: whoosh keeps no term for a missing date, so "undated" is NOT this.
ANY_DATE = wq.DateRange("published", datetime(1, 1, 1), datetime(9999, 12, 31))


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
    sources = [q for q in map(source_query, filters.sources) if q is not None]
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
    searched = _bounded(text)
    compiled = compile_query(parse_query(searched))
    warnings = compiled.warnings
    if len(text) > MAX_QUERY_CHARS:
        warnings.insert(0, f"the query is {len(text):,} characters long: only the first "
                           f"{len(searched):,} were searched")
    if compiled.only_negative:
        warnings.append("only exclusions (-word or NOT) were given: add a word to search for")
    if compiled.query is None or archive.is_empty:
        suggestion = None if archive.is_empty else _suggestion(archive, text, compiled.words)
        return SearchResult(text, 0, (), suggestion, tuple(warnings))
    filter_query = _filter_query(filters)
    searcher = archive.searcher
    terms = terms_of(compiled.query) if sort == "relevance" else None
    if terms is not None:  # free words: the fast term-at-a-time path
        ranked, total = rank_terms(searcher, terms, offset + limit, ranking, filter_query)
        ranked = ranked[offset:]
    elif sort == "date":
        ranked, total, undated = _by_date(searcher, compiled.query, filter_query, limit, offset)
        if undated:
            warnings.append(f"{undated:,} {_articles(undated)} no date and {_are(undated)} "
                            "listed last (--sort date lists the dated newest first)")
    else:
        results = searcher.search(compiled.query, limit=offset + limit, filter=filter_query)
        total = count(searcher, compiled.query, filter_query)
        ranked = [(hit.score or 0.0, hit.docnum) for hit in results[offset:offset + limit]]
    hits = _hits_of(searcher, ranked, offset, compiled.terms if snippets else None,
                    compiled.phrases)
    if compiled.dated or (filters and (filters.since or filters.until)):
        left_out = _undated_left_out(searcher, text, filters)
        if left_out:
            warnings.append(f"{left_out:,} {_articles(left_out, 'without')} a date "
                            f"{_were(left_out)} left out by the date filter")
    if total and offset >= total:
        last = (total + limit - 1) // limit
        warnings.append(f"page {offset // limit + 1} is past the last page ({last}); "
                        "no hits shown")
    return SearchResult(text, total, hits, _suggestion(archive, text, compiled.words),
                        tuple(warnings))


def _literally(text: str) -> Callable[[re.Match[str]], str]:
    """A re.sub replacement that inserts ``text`` as it is (no backslash escapes)."""
    return lambda _match: text


def _suggestion(archive: OpenedIndex, text: str, words: list[str]) -> str | None:
    """The query with its typing slips corrected, or None when it has none."""
    if not words:
        return None
    # Did-you-mean prices each word against the vocabulary: a pasted paragraph must not cost
    # one scan a word (suggest bounds the cost of each word itself).
    fixes = suggest(words[:MAX_WORDS_CORRECTED], archive)
    if not fixes:
        return None
    for typed, fixed in fixes.items():
        # «خبر  گزاری» is one fix for two words, whatever space the user typed between them
        pattern = r"\s+".join(re.escape(part) for part in typed.split())
        text = re.sub(pattern, _literally(fixed), text, count=1)
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


def _articles(n: int, has: str = "has") -> str:
    if has == "has":
        return "article has" if n == 1 else "articles have"
    return f"article {has}" if n == 1 else f"articles {has}"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def _were(n: int) -> str:
    return "was" if n == 1 else "were"


def _by_date(searcher: Any, query: wq.Query, filter_query: wq.Query | None, limit: int,
             offset: int) -> tuple[list[tuple[float, int]], int, int]:
    """One page sorted newest first, undated articles after the dated ones (by relevance):
    (score, docnum) pairs, the total and how many matches have no date."""
    dated_only = ANY_DATE if filter_query is None else wq.And([filter_query, ANY_DATE])
    total = count(searcher, query, filter_query)
    dated = count(searcher, query, dated_only)
    ranked: list[tuple[float, int]] = []
    if offset < dated:
        results = searcher.search(query, limit=offset + limit, filter=dated_only,
                                  sortedby="published", reverse=True)
        ranked = [(hit.score or 0.0, hit.docnum) for hit in results[offset:offset + limit]]
    wanted = limit - len(ranked)
    if wanted > 0 and total > dated:
        skip = max(0, offset - dated)
        results = searcher.search(query, limit=skip + wanted, filter=filter_query,
                                  mask=ANY_DATE)
        ranked += [(hit.score or 0.0, hit.docnum) for hit in results[skip:skip + wanted]]
    return ranked, total, total - dated


def _undated_left_out(searcher: Any, text: str, filters: Filters | None) -> int:
    """Matches a date restriction (date: or --since/--until) left out for having no date."""
    free = compile_query(parse_query(text), dates=False).query
    if free is None:
        return 0
    rest = _filter_query(replace(filters, since=None, until=None)) if filters else None
    return count(searcher, free, rest) - count(
        searcher, free, ANY_DATE if rest is None else wq.And([rest, ANY_DATE]))


def _bounded(text: str) -> str:
    """``text`` cut to MAX_QUERY_CHARS, at the last space before the limit when there is one,
    lone surrogates (undecodable bytes of a command line) made spaces: no index term holds one,
    and whoosh cannot encode one. ``text`` itself when there is nothing to change."""
    if _SURROGATES.search(text):
        text = _SURROGATES.sub(" ", text)
    if len(text) <= MAX_QUERY_CHARS:
        return text
    head = text[:MAX_QUERY_CHARS]
    space = head.rfind(" ")
    return head[:space] if space > MAX_QUERY_CHARS // 2 else head


def _hits_of(searcher: Any, ranked: list[tuple[float, int]], offset: int,
             terms: set[str] | None,
             phrases: Sequence[tuple[str, ...]] = ()) -> tuple[Hit, ...]:
    """Plain hits from (score, docnum) pairs, read while the searcher is open; ``terms=None``
    leaves snippets empty."""
    hits = []
    for rank, (score, docnum) in enumerate(ranked, offset + 1):
        article = stored_article(searcher.stored_fields(docnum))
        snippet = (make_snippet(article, terms, phrases=phrases) if terms is not None
                   else Snippet(""))
        hits.append(Hit(rank, article.id, float(score), article.title, article.source,
                        article.published, snippet, article.url, article.date_only))
    return tuple(hits)


def query_terms(query: str) -> set[str]:
    """The index terms a query searches for (what snippets and :open highlight)."""
    return compile_query(parse_query(query)).terms


def similar(index: OpenedIndex | Path | str | None, article_id: str, *, limit: int = 10,
            filters: Filters | None = None) -> SearchResult:
    """Articles most like ``article_id``: an OR of its most distinctive terms (tf · idf),
    inside ``filters``. The result's heading names the article by its title."""
    archive, owned = _archive(index)
    try:
        source = archive.article(article_id)
        heading = f"articles like «{source.title or article_id}»"
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
                                ("the article has no words shared with any other article",),
                                heading=heading)
        top = weighted[0][0]
        q = wq.Or([wq.Term(TEXT_FIELD, term, boost=max(score / top, 0.1))
                   for score, term in weighted])
        q = AndNot(q, wq.Term("id", article_id))
        searcher = archive.searcher
        filter_query = _filter_query(filters)
        results = searcher.search(q, limit=limit, filter=filter_query)
        hits = _hits_of(searcher, [(hit.score or 0.0, hit.docnum) for hit in results[:limit]],
                        0, {term for _, term in weighted})
        return SearchResult(f"similar:{article_id}", count(searcher, q, filter_query), hits,
                            heading=heading)
    finally:
        if owned:
            archive.close()
