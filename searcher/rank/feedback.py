r"""Pseudo-relevance feedback (RM3): expand a query with words of its best first-stage hits.

The first stage's top ``docs`` articles stand in for the relevant ones. Each term's relevance
model weight is the score-weighted mean of its share in those articles::

    P(t | R) ∝ Σ_{d ∈ top} score(d) / Σ score · tf(t, d) / |d|

The ``terms`` heaviest become the expansion, renormalised to sum to 1, and are interpolated with
the original query (whose words count qf each): boost(t) = (1 − λ) · qf(t) + λ · |q| · P(t | R).
Articles are re-analyzed from their stored text (the index keeps no term vectors): only the
title and the first ``HEAD_CHARS`` of the rest, where a news article states its subject, so
the cost stays flat on 40,000-character articles. Terms in more than ``MAX_DF_SHARE`` of the
articles are not added: they tell nothing about the subject and their long posting lists are
what a second pass would pay for. See docs/benchmarks.md, issue 8, for whether it is on by
default.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from analyzers import analyze
from searcher.index.schema import TEXT_FIELD, WEIGHTS, stored_article

DocTerms = Callable[[Any, int], Counter[str]]
HEAD_CHARS = 3000
MAX_DF_SHARE = 0.1


def stored_terms(searcher: Any, docnum: int) -> Counter[str]:
    """An article's terms with their part-weighted counts, as the index weighs them."""
    article = stored_article(searcher.stored_fields(docnum))
    counts: Counter[str] = Counter()
    room = HEAD_CHARS
    for part in ("title", "surtitle", "lead", "body"):
        weight = WEIGHTS[part]
        text = getattr(article, part) or ""
        if part in ("lead", "body"):
            text, room = text[:room], max(0, room - len(text))
        for token in analyze(text):
            counts[token.term] += weight  # type: ignore[assignment]  # float weights
    return counts


def expand(searcher: Any, terms: list[tuple[str, float]], ranked: list[tuple[float, int]],
           docs: int, size: int, weight: float,
           doc_terms: DocTerms | None = None, max_df_share: float = MAX_DF_SHARE
           ) -> list[tuple[str, float]]:
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
    # A small archive keeps every term the feedback articles could share.
    common = max(max_df_share * searcher.doc_count_all(), docs)
    typed = {term for term, _ in terms}
    chosen = [(term, p) for term, p in model.most_common()
              if term in typed or searcher.doc_frequency(TEXT_FIELD, term) <= common][:size]
    mass = sum(p for _, p in chosen) or 1.0
    query_size = sum(qf for _, qf in terms)
    boosts = {term: (1.0 - weight) * qf for term, qf in terms}
    for term, p in chosen:
        boosts[term] = boosts.get(term, 0.0) + weight * query_size * p / mass
    return list(boosts.items())
