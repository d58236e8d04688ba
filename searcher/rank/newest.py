"""``--sort date`` for free words: the newest matches from posting arrays and the date column.

whoosh's sorted search visits every match through its matcher tree and asks the date column for
each one's sort key, a few microseconds of Python per document: on a 100k-article archive a
common word took over half a second. Here, segment by segment, the matches are a boolean mask
(the union of the words' posting arrays, a filter's mask, deletions and undated articles
removed) and the newest are picked from the date column with numpy, ordered exactly as whoosh's
reversed sort orders (date key, document number) pairs: newest first, equal dates the higher
document number first. Each hit's score is the date key, as whoosh's sorted results give it.
Tests hold the pages, scores, totals and undated counts to whoosh's sorted search.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from searcher.engine.column_arrays import date_column, deleted_mask
from searcher.engine.leaves import leaves
from searcher.engine.postings import term_postings
from searcher.index.schema import TEXT_FIELD
from searcher.rank.counting import matching_mask

DATE_FIELD = "published"
# Each open searcher's undated documents as a sorted array (made once from the set).
_UNDATED: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()


def newest_first(searcher: Any, terms: list[tuple[str, float]], filter_query: Any, k: int,
                 undated: set[int], collect: list[tuple[int, Any]] | None = None
                 ) -> tuple[list[tuple[Any, int]], int, set[int]]:
    """The ``k`` newest dated matches of the OR of ``terms`` (within ``filter_query``) as
    (date key, docnum) pairs, the number of live matches, and the undated matches
    (``undated``: every live undated document). ``collect`` receives each segment's mask of
    live matches (:class:`searcher.rank.matches.Matches` parts)."""
    import numpy as np

    undated_ids = _UNDATED.get(searcher)
    if undated_ids is None:
        undated_ids = _UNDATED[searcher] = np.array(sorted(undated), dtype=np.int64)
    keys, docs, undated_found = [], [], []
    total = 0
    for segment, offset in leaves(searcher):
        reader = segment.reader()
        size = reader.doc_count_all()
        match = np.zeros(size, dtype=bool)
        for term, _boost in terms:
            match[term_postings(reader, TEXT_FIELD, term).ids] = True
        if filter_query is not None:
            match &= matching_mask(filter_query, segment)
        match &= ~deleted_mask(reader)
        total += int(match.sum())
        if collect is not None:
            collect.append((offset, match))
        lo, hi = np.searchsorted(undated_ids, [offset, offset + size])
        no_date = np.zeros(size, dtype=bool)
        no_date[undated_ids[lo:hi] - offset] = True
        undated_found.append(np.flatnonzero(match & no_date) + offset)
        dated = np.flatnonzero(match & ~no_date)
        keys.append(date_column(reader, DATE_FIELD)[dated])
        docs.append(dated + offset)
    key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint64)
    doc = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
    if len(key) > k:  # every match dated at least the k-th newest; ties settled below
        keep = key >= np.partition(key, len(key) - k)[len(key) - k]
        key, doc = key[keep], doc[keep]
    order = np.lexsort((doc, key))[::-1][:k]
    ranked = [(int(key[i]), int(doc[i])) for i in order]
    return ranked, total, set(np.concatenate(undated_found).tolist()) if undated_found else set()
