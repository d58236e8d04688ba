"""Top-k for the commonest query shape — free words, an OR of terms — without whoosh's matchers.

whoosh scores a disjunction document by document through a tree of Python matcher objects,
several microseconds per document; a 100k-article archive gives a typical query tens of
thousands of postings. This module scores term at a time instead, each posting block decoded
in C (``searcher.engine.postings``), the per-article length part of BM25 from a table built
once per segment (:func:`searcher.rank.bm25.norms`), the count of matching articles for free.

Two accumulators, one result: a dictionary (one update per posting; no import, so a one-shot
search on a small archive stays quick to start) and a dense numpy array per segment (a whole
term's postings in a few array operations, ``partition`` for the top k), taken once numpy is
imported or a query walks ``ARRAYS_FROM_POSTINGS`` postings. Both do the same floating-point
operations in the same order, so scores agree to the bit with each other and with
:class:`searcher.rank.bm25.KhabarBM25` through whoosh (tests/searcher/rank/test_top_k_reference.py).
"""

from __future__ import annotations

import heapq
import sys
from typing import Any

from whoosh import query as wq

from searcher.engine.leaves import leaves
from searcher.engine.postings import TermPostings, posting_blocks, term_postings
from searcher.rank.counting import matching_ids, matching_mask
from searcher.rank.bm25 import KhabarBM25, norm_array, norms, robertson_idf
from searcher.index.schema import TEXT_FIELD

# Postings of a query (the sum of its terms' document frequencies) from which the numpy path
# is taken even before numpy is imported: below it, the import costs more than it saves.
ARRAYS_FROM_POSTINGS = 50_000


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
          filter_query: Any = None, collect: list[tuple[int, Any]] | None = None,
          postings: dict[tuple[int, str], TermPostings] | None = None
          ) -> tuple[list[tuple[float, int]], int]:
    """The best ``k`` (score, docnum) pairs, best first (equal scores: lower docnum first),
    and the number of matches. ``collect``, when given, receives each segment's matches
    (offset, segment-local dict keys or numpy mask) for :class:`searcher.rank.matches.Matches`;
    ``postings`` the terms' decoded postings by (segment offset, term), when the array path
    decoded them (the second stage reads positions through them)."""
    doc_count = searcher.doc_count_all()
    avgdl = searcher.avg_field_length(TEXT_FIELD) or 1.0
    frequencies = {term: searcher.doc_frequency(TEXT_FIELD, term) for term, _ in terms}
    weights = {term: boost * robertson_idf(doc_count, frequencies[term]) * (model.k1 + 1.0)
               for term, boost in terms}
    segments = leaves(searcher)
    rank = _rank_arrays if _arrays_pay(sum(frequencies.values())) else _rank_dict
    best: list[tuple[float, int]] = []
    total = 0
    for segment, offset in segments:
        allowed = None
        if filter_query is not None:  # a mask for the array path, a set for the dictionary
            keep = matching_mask if rank is _rank_arrays else matching_ids
            allowed = keep(filter_query, segment)
        kept: dict[str, TermPostings] | None = {} if postings is not None else None
        found, matched = rank(segment.reader(), weights, k, model, avgdl, allowed, kept)
        if kept and postings is not None:
            postings.update(((offset, term), found_) for term, found_ in kept.items())
        best.extend((score, docnum + offset) for score, docnum in found)
        total += len(matched) if isinstance(matched, dict) else int(matched.sum())
        if collect is not None:
            collect.append((offset, matched))
    return sorted(best, key=_best_first)[:k], total


def _arrays_pay(postings: int) -> bool:
    """numpy's import (tens of milliseconds) pays for itself on big queries; once it is
    imported (the shell, batch runs, a server), every query uses it."""
    return postings >= ARRAYS_FROM_POSTINGS or "numpy" in sys.modules


def _best_first(pair: tuple[float, int]) -> tuple[float, int]:
    return -pair[0], pair[1]


def _rank_dict(reader: Any, weights: dict[str, float], k: int, model: KhabarBM25,
               avgdl: float, allowed: set[int] | None, _kept: dict[str, TermPostings] | None
               ) -> tuple[list[tuple[float, int]], Any]:
    """One segment, a dictionary of scores: cheapest for small queries. The best k, and the
    scores of every match (its keys are the matches)."""
    table = norms(reader, TEXT_FIELD, model.k1, model.b, avgdl)
    scores: dict[int, float] = {}
    for term, c in weights.items():
        _accumulate(reader, term, c, table, scores)
    if reader.has_deletions():
        for docnum in reader.deleted_docs_set:
            scores.pop(docnum, None)
    if allowed is not None:
        scores = {d: s for d, s in scores.items() if d in allowed}
    found = heapq.nsmallest(k, ((s, d) for d, s in scores.items()), key=_best_first)
    return found, scores


def _accumulate(reader: Any, term: str, c: float, table: list[float],
                scores: dict[int, float]) -> None:
    get = scores.get
    for ids, weights in posting_blocks(reader, TEXT_FIELD, term, weights=True):
        for docnum, weight in zip(ids, weights or (), strict=True):
            scores[docnum] = get(docnum, 0.0) + c * weight / (weight + table[docnum])


def _rank_arrays(reader: Any, weights: dict[str, float], k: int, model: KhabarBM25,
                 avgdl: float, allowed: Any, kept: dict[str, TermPostings] | None
                 ) -> tuple[list[tuple[float, int]], Any]:
    """One segment, a dense numpy accumulator: the same floating-point operations in the same
    order as :func:`_rank_dict` (so the same scores, bit for bit), done a term at a time.
    The best k, and the mask of matches; ``allowed`` is a filter's mask
    (:func:`searcher.rank.counting.matching_mask`), ``kept`` receives each term's postings."""
    import numpy as np

    norm = norm_array(reader, TEXT_FIELD, model.k1, model.b, avgdl)
    scores = np.zeros(len(norm), dtype=np.float64)
    hit = np.zeros(len(norm), dtype=bool)
    for term, c in weights.items():
        postings = term_postings(reader, TEXT_FIELD, term)
        ids, weight = postings.ids, postings.weights
        if kept is not None and len(ids):
            kept[term] = postings
        if len(ids):
            # Within one term a document occurs once: fancy-index += is exact here.
            scores[ids] += c * weight / (weight + norm[ids])
            hit[ids] = True
    if reader.has_deletions():
        hit[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = False
    if allowed is not None:
        hit &= allowed
    docs = np.flatnonzero(hit)
    if len(docs) > k:
        # Every document scoring at least the k-th best score, so ties at the cut are
        # settled by document number below, as in the dictionary path.
        kth = np.partition(scores[docs], len(docs) - k)[len(docs) - k]
        docs = docs[scores[docs] >= kth]
    order = np.lexsort((docs, -scores[docs]))[:k]
    return [(float(scores[d]), int(d)) for d in docs[order]], hit
