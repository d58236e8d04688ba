"""Exact hit counts without walking every posting in Python.

whoosh finds the top hits with block-max skipping, but it then counts all matches by iterating
the query's matcher document by document — on a 100k-article archive that count took longer
than the search itself. Here a query tree of terms is counted as set algebra over whole posting
blocks (``set.update`` on a block's id array runs in C), one segment at a time: Term → its
documents, Or → union, And → intersection, AndNot → difference, AndMaybe → its required side.
Anything else (phrases, field bands, prefixes, date ranges) falls back to whoosh's own
document iteration for that subquery. Deleted documents are removed per segment.

Posting blocks come from :func:`searcher.engine.postings.posting_blocks` (the one place that
reads whoosh's blocks); tests pin the counts to whoosh's own.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq

from searcher.engine.leaves import leaves
from searcher.engine.postings import posting_blocks, term_postings


def _term_ids(reader: Any, fieldname: str, text: str) -> set[int]:
    ids: set[int] = set()
    for block, _weights in posting_blocks(reader, fieldname, text):
        ids.update(block)
    return ids


def matching_ids(q: Any, segment: Any) -> set[int]:
    """Segment-local numbers of the documents ``q`` matches (deletions not yet removed)."""
    reader = segment.reader()
    if isinstance(q, wq.Term):
        return _term_ids(reader, q.fieldname, q.text)
    if isinstance(q, wq.Or):
        found: set[int] = set()
        for sub in q.subqueries:
            found |= matching_ids(sub, segment)
        return found
    if isinstance(q, wq.And):
        parts = [matching_ids(sub, segment) for sub in q.subqueries]
        return set.intersection(*parts) if parts else set()
    if isinstance(q, wq.AndNot):
        return matching_ids(q.a, segment) - matching_ids(q.b, segment)
    if isinstance(q, wq.AndMaybe):
        return matching_ids(q.a, segment)
    return set(segment.docs_for_query(q))


def matching_mask(q: Any, segment: Any) -> Any:
    """:func:`matching_ids` as a numpy boolean mask over the segment's documents, built from
    whole posting arrays (a filter of the array path: no Python int per document)."""
    import numpy as np

    reader = segment.reader()
    if isinstance(q, wq.Term):
        mask = np.zeros(reader.doc_count_all(), dtype=bool)
        mask[term_postings(reader, q.fieldname, q.text).ids] = True
        return mask
    if isinstance(q, wq.Or | wq.And) and q.subqueries:
        parts = [matching_mask(sub, segment) for sub in q.subqueries]
        combine = np.logical_or if isinstance(q, wq.Or) else np.logical_and
        return combine.reduce(parts)
    if isinstance(q, wq.AndNot):
        return matching_mask(q.a, segment) & ~matching_mask(q.b, segment)
    if isinstance(q, wq.AndMaybe):
        return matching_mask(q.a, segment)
    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    found = matching_ids(q, segment)
    mask[np.fromiter(found, dtype=np.int64, count=len(found))] = True
    return mask


def count(searcher: Any, q: Any, filter_query: Any = None) -> int:
    """Documents matching ``q`` (and ``filter_query``, if given), deletions excluded."""
    total = 0
    for segment, _offset in leaves(searcher):
        found = matching_ids(q, segment)
        if filter_query is not None:
            found &= matching_ids(filter_query, segment)
        deleted = segment.reader().deleted_docs_set if segment.reader().has_deletions() else ()
        total += len(found.difference(deleted)) if deleted else len(found)
    return total
