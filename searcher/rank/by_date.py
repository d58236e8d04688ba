"""Date order, and the articles that have no date.

``--sort date`` lists the dated matches newest first and the undated ones after them (by
relevance); a date restriction leaves the undated out, and the search says how many. whoosh
keeps no term for a missing date, so the undated articles are every live one outside
:data:`ANY_DATE`, found once per open searcher.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from whoosh import query as wq

from searcher.engine.leaves import leaves
from searcher.rank.counting import matching_ids

# Every dated article: whoosh keeps no term for a missing date, so "undated" is NOT this.
ANY_DATE = wq.DateRange("published", datetime(1, 1, 1), datetime(9999, 12, 31))

# The undated documents of each open searcher, found once: a range over every date is costly
# to run per query (it walks the whole date field), a set lookup is not. A set, not a frozenset:
# whoosh takes only a set as a filter or mask. Never changed once made.
_UNDATED: WeakKeyDictionary[Any, set[int]] = WeakKeyDictionary()


def undated_docs(searcher: Any) -> set[int]:
    """Numbers of the live documents with no publication date (do not change the set)."""
    found = _UNDATED.get(searcher)
    if found is None:
        undated: set[int] = set()
        for segment, offset in leaves(searcher):
            reader = segment.reader()
            dated = matching_ids(ANY_DATE, segment)
            undated.update(offset + n for n in range(reader.doc_count_all())
                           if n not in dated and not reader.is_deleted(n))
        found = _UNDATED[searcher] = undated
    return found


def matching_docs(searcher: Any, query: wq.Query, filter_query: wq.Query | None) -> set[int]:
    """Numbers of the live documents ``query`` (and ``filter_query``) match."""
    found: set[int] = set()
    for segment, offset in leaves(searcher):
        ids = matching_ids(query, segment)
        if filter_query is not None:
            ids &= matching_ids(filter_query, segment)
        reader = segment.reader()
        found.update(offset + n for n in ids if not reader.is_deleted(n))
    return found


def by_date(searcher: Any, query: wq.Query, filter_query: wq.Query | None, limit: int,
            offset: int, terms: list[tuple[str, float]] | None = None,
            collect: list[Any] | None = None) -> tuple[list[tuple[float, int]], int, int]:
    """One page sorted newest first, undated articles after the dated ones (by relevance):
    (score, docnum) pairs, the total and how many matches have no date. ``terms``: the query's
    free words when it is only that (:func:`searcher.rank.top_k.terms_of`), whose dated page
    is then picked from arrays (:mod:`searcher.rank.newest`), and whose matches ``collect``
    then receives (left empty otherwise)."""
    ranked: list[tuple[float, int]] = []
    if terms is not None:
        from searcher.rank.newest import newest_first

        newest, total, undated_matches = newest_first(searcher, terms, filter_query,
                                                      offset + limit, undated_docs(searcher),
                                                      collect)
        dated = total - len(undated_matches)
        ranked = [(key or 0.0, docnum) for key, docnum in newest[offset:offset + limit]]
    else:
        matched = matching_docs(searcher, query, filter_query)
        undated_matches = matched & undated_docs(searcher)
        total, dated = len(matched), len(matched) - len(undated_matches)
    if offset < dated and terms is None:
        results = searcher.search(query, limit=offset + limit, filter=filter_query,
                                  mask=undated_docs(searcher), sortedby="published",
                                  reverse=True)
        ranked = [(hit.score or 0.0, hit.docnum) for hit in results[offset:offset + limit]]
    wanted = limit - len(ranked)
    if wanted > 0 and undated_matches:
        skip = max(0, offset - dated)
        results = searcher.search(query, limit=skip + wanted, filter=undated_matches)
        ranked += [(hit.score or 0.0, hit.docnum) for hit in results[skip:skip + wanted]]
    return ranked, total, len(undated_matches)
