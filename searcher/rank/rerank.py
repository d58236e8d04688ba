"""The second stage: re-order the first stage's best candidates with evidence BM25 lacks.

:func:`searcher.rank.top_k.top_k` ranks every matching article by BM25 (fast, and held equal to
whoosh's scoring by tests); this module takes its best ``Ranking.depth`` candidates and adds a
bonus for the query's words standing in order and, for long questions, the score of the best
passage (:mod:`searcher.rank.locality`), or optionally a BM25TP term-proximity bonus
(:mod:`searcher.rank.proximity`); :func:`searcher.rank.search.rank_terms`
may first expand the query by pseudo-relevance feedback (:mod:`searcher.rank.feedback`). The
constants live in :class:`Ranking`, so experiments (bench/relevance_lab.py) and the product run
the same code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from searcher.engine.leaves import leaves
from searcher.index.schema import BANDS, TEXT_FIELD
from searcher.records import Record, record
from searcher.rank.bm25 import norms, robertson_idf
from searcher.rank.locality import best_passage, pair_bonus
from searcher.rank.proximity import (
    PositionsRead,
    pair_frequencies,
    proximity_bonus,
    term_positions,
)

# Chosen on eval/dev with two-fold cross-validation: docs/benchmarks.md, issue 8. Reranking
# the best 20 ranks the first page as well as reranking the best 100 did, for a fifth of the
# positions read.
PROXIMITY = 0.0
PHRASE = 0.3
PHRASE_WINDOW = 3
# The best passage's share was 0.2 until solid spellings were searched (issue 8, third round);
# with them 0.4 was best overall (+0.0012, the passages +0.002); fold 0 chose 0.4, fold 1 0.5,
# 0.0003 above 0.4 on it.
PASSAGE = 0.4
PASSAGE_WIDTH = 20
PASSAGE_MIN_TERMS = 5
DEPTH = 20
# Length normalisation by query length (He & Ounis found BM25's best b depends on it): a query
# of one or two words — a name, a topic — is about what an article is *about*, and a long
# article that names it throughout is more often about it than a short one that names it once;
# a question's words are better met in a short text. b 0.3 for such queries (the searcher's b,
# searcher.rank.bm25.B, for longer ones) lifted the news topics by 0.008 nDCG@10 and moved no
# other group.
SHORT_QUERY_TERMS = 2
# A long question (seven terms or more) wants most of its words: the second stage multiplies a
# candidate's score by the share of the question's idf it contains, to this power (Lucene's
# classic coordination factor, softened). Shorter queries are left alone: their articles
# often answer with a synonym for one of the words. 0.6 since words in no article are searched
# respelled (issue 8, fifth round: one fold chose it, the other 0.5, 0.0003 away).
COORDINATION = 0.6
COORDINATION_MIN_TERMS = 7
# The title counts three times in BM25's term frequency (searcher.index.schema), which
# saturates: an article naming a subject in its body over and over could outscore the one
# whose headline is that subject. The second stage multiplies a candidate's score by
# 1 + TITLE_SHARE × the share of the query's idf its title holds. 0.06 on eval/dev (session 5):
# +0.0012 overall, both folds up (fold 0 chose 0.06, fold 1 0.1, 0.0004 above 0.06 on it).
TITLE_SHARE = 0.06
SHORT_QUERY_B = 0.3
# Positions below this are the title's (searcher.index.schema.BANDS).
TITLE_END = BANDS["title"][1]
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 20
FEEDBACK_WEIGHT = 0.5


@record
class Ranking(Record):
    """Ranking constants beyond the searcher's BM25: b for short queries and the second stage.
    :data:`BM25_ONLY` ranks by the searcher's BM25 alone; ``expand=False`` keeps the query as
    typed."""

    proximity: float = PROXIMITY
    phrase: float = PHRASE
    phrase_window: int = PHRASE_WINDOW
    passage: float = PASSAGE
    passage_width: int = PASSAGE_WIDTH
    passage_min_terms: int = PASSAGE_MIN_TERMS
    depth: int = DEPTH
    short_query_terms: int = SHORT_QUERY_TERMS
    coordination: float = COORDINATION
    coordination_min_terms: int = COORDINATION_MIN_TERMS
    title_share: float = TITLE_SHARE
    short_query_b: float | None = SHORT_QUERY_B
    expand: bool = False
    feedback_docs: int = FEEDBACK_DOCS
    feedback_terms: int = FEEDBACK_TERMS
    feedback_weight: float = FEEDBACK_WEIGHT

    @property
    def reranks(self) -> bool:
        return (self.proximity > 0 or self.phrase > 0 or self.passage > 0
                or self.coordination > 0 or self.title_share > 0)

    def model(self, searcher: Any, terms: list[tuple[str, float]]) -> Any:
        """The BM25 weighting for a query of these terms: the searcher's, or for a short query
        the same with ``short_query_b``."""
        model = searcher.weighting
        short = self.short_query_b
        if short is None or len(terms) > self.short_query_terms or model.b == short:
            return model
        return type(model)(model.k1, short)


# The first stage alone: what whoosh's BM25 would rank (the tests that hold scores to it).
BM25_ONLY = Ranking(proximity=0.0, phrase=0.0, passage=0.0, coordination=0.0,
                    title_share=0.0, short_query_b=None)


def rerank(searcher: Any, terms: list[tuple[str, float]], ranked: list[tuple[float, int]],
           ranking: Ranking, model: Any = None, postings: Mapping[tuple[int, str], Any] | None
           = None, joined: Mapping[str, tuple[str, str]] | None = None,
           read: PositionsRead | None = None) -> list[tuple[float, int]]:
    """``ranked`` (score, docnum), best first, re-scored and re-sorted (``model``: the BM25
    weighting of the first stage, by default the searcher's; ``postings``: the terms'
    postings the first stage decoded, see :func:`searcher.rank.proximity.term_positions`;
    ``joined``: solid spellings searched beside the typed terms, each → its two terms;
    ``read``: the search's positions read, which the positions read here join)."""
    if not ranking.reranks or len(terms) < 2 or not ranked:
        return ranked
    model = model or searcher.weighting
    doc_count = searcher.doc_count_all()
    idf = {t: robertson_idf(doc_count, searcher.doc_frequency(TEXT_FIELD, t)) for t, _ in terms}
    docnums = [d for _, d in ranked]
    positions_of = read.positions if read is not None else term_positions
    positions = {t: positions_of(searcher, t, docnums, postings) for t, _ in terms}
    doc_norm = _norm_lookup(searcher, model.k1, model.b)
    order = [t for t, _ in terms]
    passage = ranking.passage if len(terms) >= ranking.passage_min_terms else 0.0
    coordination = ranking.coordination if len(terms) >= ranking.coordination_min_terms else 0.0
    solid = _solid_holders(searcher, joined or {}, docnums, postings) if coordination else {}
    mass = sum(idf.values())
    rescored = []
    for score, doc in ranked:
        found = {t: p[doc] for t, p in positions.items() if doc in p}
        norm = doc_norm(doc)
        if ranking.proximity:
            score += ranking.proximity * proximity_bonus(pair_frequencies(found), idf,
                                                         model.k1, norm)
        if ranking.phrase:
            score += ranking.phrase * pair_bonus(found, order, idf, model.k1, norm,
                                                 ranking.phrase_window)
        if passage:
            local = best_passage(found, idf, ranking.passage_width, model.k1)
            score = (1.0 - passage) * score + passage * local
        if ranking.title_share:
            in_title = sum(idf[t] for t, p in found.items() if len(p) and p[0] < TITLE_END)
            score *= 1.0 + ranking.title_share * in_title / mass
        if coordination:
            covered = found.keys() | solid.get(doc, set())
            score *= (sum(idf[t] for t in covered if t in idf) / mass) ** coordination
        rescored.append((score, doc))
    return sorted(rescored, key=lambda pair: (-pair[0], pair[1]))


def _solid_holders(searcher: Any, joined: Mapping[str, tuple[str, str]], docnums: list[int],
                   postings: Mapping[tuple[int, str], Any] | None) -> dict[int, set[str]]:
    """docnum → the typed terms it holds only as part of a solid spelling (سرماخوردگی holds
    سرما and خوردگی), for the candidates in ``docnums``."""
    out: dict[int, set[str]] = {}
    for spelling, parts in joined.items():
        for doc in term_positions(searcher, spelling, docnums, postings):
            out.setdefault(doc, set()).update(parts)
    return out


def _norm_lookup(searcher: Any, k1: float, b: float) -> Any:
    """docnum → k1·(1 − b + b·dl/avgdl), from each segment's length table."""
    avgdl = searcher.avg_field_length(TEXT_FIELD) or 1.0
    tables = [(offset, norms(segment.reader(), TEXT_FIELD, k1, b, avgdl))
              for segment, offset in leaves(searcher)]

    def lookup(doc: int) -> float:
        for offset, table in reversed(tables):
            if doc >= offset:
                return table[doc - offset]
        raise IndexError(doc)

    return lookup
