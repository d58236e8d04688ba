"""Top-k for the commonest query shape — free words, an OR of terms — without whoosh's matchers.

whoosh scores a disjunction document by document through a tree of Python matcher objects,
several microseconds per document; a 100k-article archive gives a typical query tens of
thousands of postings. This module scores term at a time instead: each posting block is decoded
in C (``searcher.engine.postings``), every posting costs one dictionary update, and the
per-article length part of BM25 comes from a table built once per segment
(:func:`searcher.rank.bm25.norms`). The count of matching articles falls out for free. Scores are
the same formula as :class:`searcher.rank.bm25.KhabarBM25`, and tests hold the two paths to the
same ranking.
"""

from __future__ import annotations

import heapq
from operator import itemgetter
from typing import Any

from whoosh import query as wq

from searcher.engine.postings import posting_blocks
from searcher.rank.counting import matching_ids
from searcher.rank.bm25 import KhabarBM25, norms, robertson_idf
from searcher.index.schema import TEXT_FIELD


_score = itemgetter(1)


def terms_of(q: Any) -> list[tuple[str, float]] | None:
    """(term, boost) pairs when ``q`` is a Term or an OR of Terms on the text field."""
    parts = q.subqueries if isinstance(q, wq.Or) else [q]
    if not all(isinstance(p, wq.Term) and p.fieldname == TEXT_FIELD for p in parts):
        return None
    merged: dict[str, float] = {}
    for part in parts:  # a word typed twice counts twice (query term frequency), as in whoosh
        merged[part.text] = merged.get(part.text, 0.0) + part.boost
    return list(merged.items())


def top_k(searcher: Any, terms: list[tuple[str, float]], k: int, model: KhabarBM25,
          filter_query: Any = None) -> tuple[list[tuple[float, int]], int]:
    """The best ``k`` (score, docnum) pairs, best first, and the number of matches."""
    doc_count = searcher.doc_count_all()
    avgdl = searcher.avg_field_length(TEXT_FIELD) or 1.0
    weights = {term: boost * robertson_idf(doc_count, searcher.doc_frequency(TEXT_FIELD, term))
               * (model.k1 + 1.0) for term, boost in terms}
    best: list[tuple[float, int]] = []
    total = 0
    for segment, offset in searcher.subsearchers or [(searcher, 0)]:
        reader = segment.reader()
        table = norms(reader, TEXT_FIELD, model.k1, model.b, avgdl)
        scores: dict[int, float] = {}
        for term, c in weights.items():
            _accumulate(reader, term, c, table, scores)
        if reader.has_deletions():
            for docnum in reader.deleted_docs_set:
                scores.pop(docnum, None)
        if filter_query is not None:
            allowed = matching_ids(filter_query, segment)
            scores = {d: s for d, s in scores.items() if d in allowed}
        total += len(scores)
        best.extend((s, d + offset) for d, s in heapq.nlargest(k, scores.items(), key=_score))
    # Equal scores: the lower document number first, as in whoosh.
    return sorted(best, key=lambda pair: (-pair[0], pair[1]))[:k], total


def _accumulate(reader: Any, term: str, c: float, table: list[float],
                scores: dict[int, float]) -> None:
    get = scores.get
    for ids, weights in posting_blocks(reader, TEXT_FIELD, term, weights=True):
        for docnum, weight in zip(ids, weights or (), strict=True):
            scores[docnum] = get(docnum, 0.0) + c * weight / (weight + table[docnum])
