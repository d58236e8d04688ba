r"""Pseudo-relevance feedback (RM3): expand a query with words of its best first-stage hits.

The first stage's top ``docs`` articles stand in for the relevant ones. Each term's relevance
model weight is the score-weighted mean of its share in those articles::

    P(t | R) ∝ Σ_{d ∈ top} score(d) / Σ score · tf(t, d) / |d|

The ``terms`` heaviest become the expansion, renormalised to sum to 1, and are interpolated with
the original query (whose words count qf each): boost(t) = (1 − λ) · qf(t) + λ · |q| · P(t | R).
Articles are re-analyzed from their stored text (the index keeps no term vectors), so the
cost grows with their length: see docs/benchmarks.md, issue 8, for whether it is on by default.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from analyzers import analyze
from searcher.index.schema import WEIGHTS, stored_article

DocTerms = Callable[[Any, int], Counter[str]]


def stored_terms(searcher: Any, docnum: int) -> Counter[str]:
    """An article's terms with their part-weighted counts, as the index weighs them."""
    article = stored_article(searcher.stored_fields(docnum))
    counts: Counter[str] = Counter()
    for part in ("title", "surtitle", "lead", "body"):
        weight = WEIGHTS[part]
        for token in analyze(getattr(article, part) or ""):
            counts[token.term] += weight  # type: ignore[assignment]  # float weights
    return counts


def expand(searcher: Any, terms: list[tuple[str, float]], ranked: list[tuple[float, int]],
           docs: int, size: int, weight: float,
           doc_terms: DocTerms | None = None) -> list[tuple[str, float]]:
    """``terms`` (term, qf) interpolated with the relevance model of ``ranked``'s best ``docs``;
    ``doc_terms`` reads an article's term counts (default: :func:`stored_terms`)."""
    doc_terms = doc_terms or stored_terms
    top = [(score, doc) for score, doc in ranked[:docs] if score > 0]
    total = sum(score for score, _ in top)
    if not top or total <= 0 or weight <= 0:
        return terms
    model: Counter[str] = Counter()
    for score, doc in top:
        counts = doc_terms(searcher, doc)
        length = sum(counts.values()) or 1.0
        share = score / total / length
        for term, tf in counts.items():
            model[term] += share * tf  # type: ignore[assignment]  # float weights
    chosen = model.most_common(size)
    mass = sum(p for _, p in chosen) or 1.0
    query_size = sum(qf for _, qf in terms)
    boosts = {term: (1.0 - weight) * qf for term, qf in terms}
    for term, p in chosen:
        boosts[term] = boosts.get(term, 0.0) + weight * query_size * p / mass
    return list(boosts.items())
