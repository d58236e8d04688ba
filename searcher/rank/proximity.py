r"""Term proximity: articles where the query's words stand close together rank higher.

A BM25TP-style bonus (Rasolofo & Savoy, 2003), computed only for the first stage's best
candidates from the positions the index already stores. Every pair of occurrences of two
*different* query terms at most ``WINDOW`` words apart adds ``1 / distance²`` to both terms'
proximity frequency ``acc(t)``; the bonus saturates like BM25's tf::

    bonus(d, q) = Σ_t min(1, idf(t)) · acc(t) · (k1 + 1) / (acc(t) + k1 · (1 − b + b · dl / avgdl))

Positions count dropped stopwords (see analyzers.analyze), so «قرار نمی‌گیرند» and «قرار
گرفتن» are one word apart either way; article parts sit in separate position bands
(searcher.index.schema), so a title word and a body word never count as near.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from searcher.engine.leaves import leaves
from searcher.engine.postings import kept_postings, skipped_positions
from searcher.index.schema import TEXT_FIELD

WINDOW = 5


def term_positions(searcher: Any, term: str, docnums: Iterable[int],
                   postings: Mapping[tuple[int, str], Any] | None = None
                   ) -> dict[int, list[int]]:
    """Positions of ``term`` in each of ``docnums`` that contains it (global document numbers).

    ``postings``: the term's decoded postings by (segment offset, term), as the first stage
    kept them (:class:`searcher.engine.postings.TermPostings`): each candidate's block is gone
    to directly, as it is through the postings the cache holds
    (:func:`searcher.engine.postings.kept_postings`). Otherwise the posting list is skipped
    through block by block (:func:`searcher.engine.postings.skipped_positions`), so only blocks
    holding a candidate are read: the cost follows the candidates, not the term's document
    frequency."""
    wanted = sorted(docnums)
    found: dict[int, list[int]] = {}
    for segment, offset in leaves(searcher):
        reader = segment.reader()
        end = offset + reader.doc_count_all()
        local = [d - offset for d in wanted if offset <= d < end]
        if not local:
            continue
        known = postings.get((offset, term)) if postings else None
        if known is None:  # the cache may hold them (the ranking just decoded them)
            known = kept_postings(reader, TEXT_FIELD, term)
            if known is not None and not len(known.ids):
                continue  # not in this segment
        if known is not None:
            found.update((d + offset, p) for d, p in known.positions(reader, local).items())
            continue
        found.update((d + offset, p) for d, p in
                     skipped_positions(reader, TEXT_FIELD, term, local).items())
    return found


class PositionsRead:
    """The positions one search has read, by term and article: the second stage reads its
    candidates', and the snippets of the hits among them read none again."""

    def __init__(self) -> None:
        self._asked: dict[str, set[int]] = {}
        self._found: dict[str, dict[int, list[int]]] = {}

    def positions(self, searcher: Any, term: str, docnums: Iterable[int],
                  postings: Mapping[tuple[int, str], Any] | None = None
                  ) -> dict[int, list[int]]:
        """:func:`term_positions`, reading only the articles not asked for before."""
        wanted = list(docnums)
        asked = self._asked.setdefault(term, set())
        found = self._found.setdefault(term, {})
        missing = [docnum for docnum in wanted if docnum not in asked]
        if missing:
            found.update(term_positions(searcher, term, missing, postings))
            asked.update(missing)
        return {docnum: found[docnum] for docnum in wanted if docnum in found}


def pair_frequencies(positions: dict[str, list[int]], window: int = WINDOW) -> dict[str, float]:
    """acc(t): Σ 1/distance² over nearby occurrences of t and another query term.

    >>> pair_frequencies({"قرار": [4, 20], "گرفت": [5]})
    {'قرار': 1.0, 'گرفت': 1.0}
    """
    merged = sorted((pos, term) for term, poslist in positions.items() for pos in poslist)
    acc = dict.fromkeys(positions, 0.0)
    for i, (pos, term) in enumerate(merged):
        for later, other in merged[i + 1:]:
            gap = later - pos
            if gap > window:
                break
            if other != term:
                near = 1.0 / (gap * gap)
                acc[term] += near
                acc[other] += near
    return acc


def proximity_bonus(acc: dict[str, float], idf: dict[str, float], k1: float,
                    norm: float) -> float:
    """The saturated bonus for one article; ``norm`` is its k1·(1 − b + b·dl/avgdl)."""
    return sum(min(1.0, idf[t]) * a * (k1 + 1.0) / (a + norm) for t, a in acc.items() if a)
