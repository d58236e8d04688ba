"""The search library: query text in, ranked hits with snippets out (plain dataclasses).

``search(index, query, ...)`` accepts an opened :class:`~searcher.index.opened.OpenedIndex`
(fast for repeated queries) or an index directory.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import query as wq

from searcher.engine.exclusion import AndNot

from analyzers import analyze
from searcher.index.opened import OpenedIndex
from searcher.query.compile import compile_query
from searcher.rank.by_date import by_date, matching_docs, undated_docs
from searcher.rank.counting import count
from searcher.rank.hits import hits_of, story_hits
from searcher.rank.proximity import PositionsRead
from searcher.rank.rerank import Ranking, rerank
from searcher.rank.joined import weigh_joined
from searcher.rank.top_k import terms_of, top_k
from searcher.errors import UsageError
from searcher.records import Record, record
from searcher.query.parser import parse_query
from searcher.rank.bm25 import robertson_idf
from searcher.results import Hit, SearchResult
from searcher.index.schema import TEXT_FIELD, to_utc_naive
from searcher.rank.suggest import respellings, suggest
from searcher.query.sources import source_query

SORTS = ("relevance", "date")
# A query is cut to this many characters (with a warning): nobody types more, and a pasted
# article must not cost seconds of parsing and a union of a thousand words.
MAX_QUERY_CHARS = 2_000
_SURROGATES = re.compile("[\ud800-\udfff]")
# Did-you-mean looks at most this many words of a query (the first ones typed).
MAX_WORDS_CORRECTED = 8
SIMILAR_TERMS = 25


@record
class Filters(Record):
    """Restrictions that do not change ranking: a date window and agencies."""

    since: datetime | None = None
    until: datetime | None = None  # exclusive
    sources: tuple[str, ...] = ()


def _archive(index: OpenedIndex | Path | str | None) -> tuple[OpenedIndex, bool]:
    if isinstance(index, OpenedIndex):
        return index, False
    return OpenedIndex(index), True


@contextmanager
def opened(index: OpenedIndex | Path | str | None) -> Iterator[OpenedIndex]:
    """``index`` opened for the block (closed after it when this opened it)."""
    archive, owned = _archive(index)
    if not owned:
        yield archive
        return
    with archive:  # which turns an error from damaged bytes into the one-line damage error
        yield archive


def compiled_query(text: str, respell: Mapping[str, str] | None = None) -> Any:
    """The query text parsed and compiled (a :class:`searcher.query.compile` result);
    ``respell``: free words to search in another spelling."""
    searched = _bounded(text)
    compiled = compile_query(parse_query(searched), respell=respell)
    if len(text) > MAX_QUERY_CHARS:
        compiled.warnings.insert(0, f"the query is {len(text):,} characters long: only the "
                                    f"first {len(searched):,} were searched")
    if compiled.only_negative:
        compiled.warnings.append(
            "only exclusions (-word or NOT) were given: add a word to search for")
    return compiled


def respelled_query(archive: OpenedIndex, text: str) -> tuple[Any, str | None]:
    """:func:`compiled_query`, each free word that is in no article searched as its likeliest
    spelling (:func:`searcher.rank.suggest.respellings`), and the did-you-mean for the rest
    (None when there is none)."""
    compiled = compiled_query(text)
    if archive.is_empty or not compiled.words:
        return compiled, None
    # Did-you-mean prices each word against the vocabulary: a pasted paragraph must not cost
    # one scan a word (suggest bounds the cost of each word itself).
    fixes = suggest(compiled.words[:MAX_WORDS_CORRECTED], archive)
    respell = respellings(fixes, archive) if compiled.query is not None else {}
    if respell:
        compiled = compiled_query(text, respell=respell)
    offered = {typed: fixed for typed, fixed in fixes.items() if typed not in compiled.respelled}
    return compiled, _suggestion(text, offered)


def filter_query_of(filters: Filters | None) -> wq.Query | None:
    """The whoosh query that keeps only articles within ``filters`` (None: no restriction)."""
    return _filter_query(filters)


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
    collapse: bool = True,
    facets: bool = False,
) -> SearchResult:
    """Rank articles for ``query``; never raises on a malformed query (see ``warnings``).

    ``snippets=False`` (batch runs) leaves every snippet empty and skips their cost;
    ``ranking`` sets the second stage (default: :class:`~searcher.rank.rerank.Ranking`()).
    ``collapse`` folds copies of one story into one hit (``total`` then counts stories and
    ``total_articles`` articles); ``facets`` adds per-agency and per-year counts of the whole
    result set.
    """
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}", hint="use --sort relevance or --sort date")
    if limit < 1 or offset < 0:
        raise UsageError("limit must be at least 1 and page at least 1")
    with opened(index) as archive:
        return _search(archive, query, limit, offset, sort, filters, snippets,
                       ranking or Ranking(), collapse, facets)


def _search(archive: OpenedIndex, text: str, limit: int, offset: int, sort: str,
            filters: Filters | None, snippets: bool, ranking: Ranking, collapse: bool,
            with_facets: bool) -> SearchResult:
    compiled, suggestion = respelled_query(archive, text)
    warnings = compiled.warnings
    if compiled.query is None or archive.is_empty:
        return SearchResult(text, 0, (), suggestion, tuple(warnings),
                            respelled=compiled.respelled)
    filter_query = _filter_query(filters)
    searcher = archive.searcher
    terms = compiled.terms if snippets else None
    # The snippets' words are found from positions; those the second stage read are kept.
    read = PositionsRead() if snippets else None
    # Collapsing and facets need every match: the ranking pass collects them.
    collected: list[Any] | None = [] if collapse or with_facets else None
    matches: Any = None
    total_articles = None
    if collapse:
        from searcher.index.stories import stories_of
        from searcher.rank.collapse import fold_ranking, story_count

        stories = stories_of(archive.index_dir, searcher)
        want = offset + limit
        k = want * 3 + 20
        while True:  # copies take places in the ranking: rank deeper until the page is full
            ranked, total, undated = _ranked(searcher, compiled, sort, filter_query, k, ranking,
                                             collected, read)
            if matches is None:
                matches = _whole_set(collected, searcher, compiled.query, filter_query)
                collected = None  # the set is known: deeper rankings need not collect again
            folded = fold_ranking(ranked, matches, stories, want)
            if len(folded) >= want or k >= total:
                break
            k *= 4
        hits = story_hits(searcher, folded[offset:], offset, terms, compiled.phrases, read)
        total_articles, total = total, story_count(matches, stories)
    else:
        ranked, total, undated = _ranked(searcher, compiled, sort, filter_query,
                                         offset + limit, ranking, collected, read)
        hits = hits_of(searcher, ranked[offset:], offset, terms, compiled.phrases, read)
        if with_facets:
            matches = _whole_set(collected, searcher, compiled.query, filter_query)
    if undated:
        warnings.append(f"{undated:,} {_articles(undated)} no date and {_are(undated)} "
                        "listed last (--sort date lists the dated newest first)")
    if compiled.dated or (filters and (filters.since or filters.until)):
        left_out = _undated_left_out(searcher, _bounded(text), filters)
        if left_out:
            warnings.append(f"{left_out:,} {_articles(left_out, 'without')} a date "
                            f"{_were(left_out)} left out by the date filter")
    if total and offset >= total:
        last = (total + limit - 1) // limit
        warnings.append(f"page {offset // limit + 1} is past the last page ({last}); "
                        "no hits shown")
    found_facets = None
    if with_facets:
        from searcher.rank.doc_values import doc_values
        from searcher.rank.facets import facet_counts

        found_facets = facet_counts(doc_values(searcher), matches.array())
    return SearchResult(text, total, hits, suggestion,
                        tuple(warnings), total_articles=total_articles, facets=found_facets,
                        respelled=compiled.respelled)


def _ranked(searcher: Any, compiled: Any, sort: str, filter_query: Any, k: int,
            ranking: Ranking, collect: list[Any] | None = None,
            read: PositionsRead | None = None) -> tuple[list[tuple[float, int]], int, int]:
    """The best ``k`` (score, docnum) pairs, how many articles match, and (sorting by date)
    how many of them have no date. ``collect`` receives every match when the ranking pass
    visits them all (free words by relevance or by date, other shapes by relevance; the
    total is then its size); else it is left empty. ``read`` keeps the positions the second
    stage reads."""
    query = weigh_joined(searcher, compiled.query, compiled.joined)
    terms = terms_of(query) if sort == "relevance" else None
    if terms is not None:  # free words: the fast term-at-a-time path
        return (*rank_terms(searcher, terms, k, ranking, filter_query, collect=collect,
                            joined=compiled.joined, read=read), 0)
    if sort == "date":
        return by_date(searcher, query, filter_query, k, 0, terms=terms_of(query),
                       collect=collect)
    # One pass of whoosh's matchers ranks and keeps every match (a phrase's spans are costly).
    from searcher.rank.every_match import ranked_and_matched

    ranked, found = ranked_and_matched(searcher, query, k, filter_query)
    if collect is not None:
        collect.extend(found.parts)
    return ranked, len(found), 0


def _whole_set(collected: list[Any] | None, searcher: Any, query: wq.Query,
               filter_query: wq.Query | None) -> Any:
    """Every match: what the ranking pass collected, else a pass of its own."""
    from searcher.rank.matches import Matches, matches_of

    if collected:
        return Matches(collected)
    return matches_of(searcher, query, filter_query)


def ranked_hits(index: OpenedIndex, query: str, *, sort: str = "relevance",
                filters: Filters | None = None, collapse: bool = True,
                chunk: int = 200) -> Iterator[Hit]:
    """Every matching hit, best first, built ``chunk`` at a time (for --format … --all-pages).

    With ``collapse`` only the best copy of each story is yielded, its copies listed.
    """
    searcher = index.searcher
    compiled = compiled_query(query)
    if compiled.query is None or index.is_empty:
        return
    filter_query = _filter_query(filters)
    everything = count(searcher, compiled.query, filter_query)
    collected: list[Any] = []
    ranked, _, _ = _ranked(searcher, compiled, sort, filter_query, max(everything, 1),
                           Ranking(), collected if collapse else None)
    if collapse:
        from searcher.index.stories import stories_of
        from searcher.rank.collapse import fold_ranking

        matches = _whole_set(collected, searcher, compiled.query, filter_query)
        folded = fold_ranking(ranked, matches, stories_of(index.index_dir, searcher),
                              len(ranked))
        for start in range(0, len(folded), chunk):
            yield from story_hits(searcher, folded[start:start + chunk], start,
                                  compiled.terms, compiled.phrases)
    else:
        for start in range(0, len(ranked), chunk):
            yield from hits_of(searcher, ranked[start:start + chunk], start, compiled.terms,
                               compiled.phrases)


def _literally(text: str) -> Callable[[re.Match[str]], str]:
    """A re.sub replacement that inserts ``text`` as it is (no backslash escapes)."""
    return lambda _match: text


def _suggestion(text: str, fixes: Mapping[str, str]) -> str | None:
    """The query with its typing slips (``fixes``) corrected, or None when it has none."""
    if not fixes:
        return None
    for typed, fixed in fixes.items():
        # «خبر  گزاری» is one fix for two words, whatever space the user typed between them
        pattern = r"\s+".join(re.escape(part) for part in typed.split())
        text = re.sub(pattern, _literally(fixed), text, count=1)
    return text


def rank_terms(searcher: Any, terms: list[tuple[str, float]], k: int, ranking: Ranking,
               filter_query: wq.Query | None = None, doc_terms: Any = None,
               collect: list[Any] | None = None,
               joined: Mapping[str, tuple[str, str]] | None = None,
               read: PositionsRead | None = None) -> tuple[list[tuple[float, int]], int]:
    """Free words ranked: BM25's first stage, then the second stage (``ranking``) over its
    best candidates; the best ``k`` (score, docnum) pairs and the number of matches
    (``collect``: see :func:`searcher.rank.top_k.top_k`). Terms in ``joined`` (solid
    spellings of typed pairs) are searched in the first stage: the query's length and word
    order, which the rest reads, are what was typed; the second stage counts a solid spelling
    as both of its words (``read``: where the positions it reads are kept)."""
    depth = max(k, ranking.depth if ranking.reranks else 0)
    joined = joined or {}
    typed = [pair for pair in terms if pair[0] not in joined]
    model = ranking.model(searcher, typed)
    postings: dict[tuple[int, str], Any] = {}
    ranked, total = top_k(searcher, terms, depth, model, filter_query, collect, postings)
    if ranking.expand:
        from searcher.rank.feedback import expand

        expanded = expand(searcher, typed, ranked, ranking.feedback_docs,
                          ranking.feedback_terms, ranking.feedback_weight, doc_terms)
        # The count stays the typed query's: expansion re-orders, it does not widen the total.
        ranked, _ = top_k(searcher, expanded, depth, model, filter_query)
    return rerank(searcher, typed, ranked, ranking, model, postings, joined, read)[:k], total


def _articles(n: int, has: str = "has") -> str:
    if has == "has":
        return "article has" if n == 1 else "articles have"
    return f"article {has}" if n == 1 else f"articles {has}"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def _were(n: int) -> str:
    return "was" if n == 1 else "were"


def _undated_left_out(searcher: Any, text: str, filters: Filters | None) -> int:
    """Matches a date restriction (date: or --since/--until) left out for having no date."""
    free = compile_query(parse_query(text), dates=False).query
    if free is None:
        return 0
    rest = _filter_query(replace(filters, since=None, until=None)) if filters else None
    return len(matching_docs(searcher, free, rest) & undated_docs(searcher))


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


def query_terms(query: str) -> set[str]:
    """The index terms of the words a query asks for (its phrases are highlighted whole)."""
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
        hits = hits_of(searcher, [(hit.score or 0.0, hit.docnum) for hit in results[:limit]],
                       0, {term for _, term in weighted})
        return SearchResult(f"similar:{article_id}", count(searcher, q, filter_query), hits,
                            heading=heading)
    finally:
        if owned:
            archive.close()
