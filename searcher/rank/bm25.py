r"""BM25 over the article's weighted parts (a BM25F with one length normalisation).

For a query q and an article d::

    score(d, q) = Σ_{t ∈ q} qf(t) · idf(t) · tf̃(t, d) · (k1 + 1)
                                        / (tf̃(t, d) + k1 · (1 − b + b · dl(d) / avgdl))

    tf̃(t, d) = Σ_part WEIGHT[part] · tf(t, d, part)      (title 3, surtitle 1.5, lead 1.5, body 1)
    idf(t)   = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))  (Robertson/Lucene; never negative)
    dl(d)    = indexed words of d over all parts (stopwords excluded); avgdl its mean over N

N is the number of articles, df(t) the number containing t. whoosh's stock BM25F instead uses
idf = ln(N / (df + 1)) + 1 and scores each field separately; khabar keeps one field (see
searcher.index.schema) and uses the Robertson idf, which does not reward words in most articles.
whoosh stores dl in one byte (exact up to a few dozen words, ~6% steps beyond), so scores
follow the stored dl. The part weights were chosen on eval/dev: see docs/benchmarks.md,
"Ranking constants"; K1 and B on eval/dev with its news articles (a mixed archive of short
passages and long articles), with two-fold cross-validation: docs/benchmarks.md, "Issue 8".
"""

from __future__ import annotations

from math import log
from typing import Any

from whoosh.scoring import BaseScorer, WeightingModel, WeightScorer

# Chosen on eval/dev with two-fold cross-validation, together with the b of short queries
# (searcher.rank.rerank.SHORT_QUERY_B): one b for every query had to sit at 0.5 — higher lifted
# the questions and sank the news topics. With one- and two-word queries normalised apart, the
# questions' own optimum holds. On the mixed archive (passages and long news articles) both folds
# choose b 0.7, k1 1.5 (+0.004 over 0.5/1.2); on the passages alone that costs 0.005, while b 0.6,
# k1 1.5 stays within 0.002 of the best on both shapes (0.0014 below it mixed, 0.0020 alone):
# the smallest worst-case loss across collection shapes, which is what an unseen archive needs.
K1 = 1.5
B = 0.6


def robertson_idf(doc_count: int, doc_freq: int) -> float:
    """ln(1 + (N − df + 0.5) / (df + 0.5))."""
    return log(1.0 + (doc_count - doc_freq + 0.5) / (doc_freq + 0.5))


def bm25_term(idf: float, tf: float, dl: float, avgdl: float, k1: float = K1,
              b: float = B) -> float:
    """One query term's contribution (tf is the part-weighted term frequency)."""
    return idf * tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * dl / avgdl))


class KhabarBM25(WeightingModel):
    """whoosh weighting model computing the formula above."""

    def __init__(self, k1: float = K1, b: float = B) -> None:
        self.k1 = k1
        self.b = b

    def supports_block_quality(self) -> bool:
        return True

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:  # dates, ids: match without a score
            return WeightScorer.for_(searcher, fieldname, text)
        return _Scorer(searcher, fieldname, text, self.k1, self.b, qf)


class _Scorer(BaseScorer):
    """The formula with its per-article denominator precomputed: on a 100k-article archive a
    query scores thousands of postings, and each saves a length lookup and four operations."""

    def __init__(self, searcher: Any, fieldname: str, text: bytes, k1: float, b: float,
                 qf: int) -> None:
        parent = searcher.get_parent()
        self._idf = robertson_idf(parent.doc_count_all(), parent.doc_frequency(fieldname, text))
        self._avgdl = parent.avg_field_length(fieldname) or 1.0
        self._k1, self._b, self._qf = k1, b, qf
        self._c = qf * self._idf * (k1 + 1.0)
        self._norm = norms(searcher.reader(), fieldname, k1, b, self._avgdl)
        info = searcher.term_info(fieldname, text)
        self._max = self._quality(info.max_weight(), info.min_length())

    def _quality(self, weight: float, length: float) -> float:
        """The best score a block can give: the formula at its largest weight, shortest text."""
        if not weight:
            return 0.0
        return self._qf * bm25_term(self._idf, weight, length, self._avgdl, self._k1, self._b)

    def supports_block_quality(self) -> bool:
        return True

    def score(self, matcher: Any) -> float:
        weight = matcher.weight()
        return self._c * weight / (weight + self._norm[matcher.id()])

    def max_quality(self) -> float:
        return self._max

    def block_quality(self, matcher: Any) -> float:
        return self._quality(matcher.block_max_weight(), matcher.block_min_length())


def norms(reader: Any, fieldname: str, k1: float, b: float, avgdl: float) -> list[float]:
    """k1·(1 − b + b·dl/avgdl) for every document of one segment, computed once per reader.

    dl comes from the one-byte length codes whoosh stores per document at commit (a column
    read in one slice, :mod:`searcher.engine.columns`): 256 possible values, so the norm is
    computed once per code and looked up per document.
    """
    cache = reader.__dict__.setdefault("_khabar_norms", {})
    key = (fieldname, k1, b, avgdl)
    if key not in cache:
        from searcher.engine.column_arrays import code_lengths, length_codes

        kb, kd = k1 * (1.0 - b), k1 * b / avgdl
        by_code = [kb + kd * length for length in code_lengths()]
        cache[key] = [by_code[code] for code in length_codes(reader, fieldname)]
    return cache[key]


def norm_array(reader: Any, fieldname: str, k1: float, b: float, avgdl: float) -> Any:
    """:func:`norms` as a numpy array (float64, the same values), cached beside it."""
    cache = reader.__dict__.setdefault("_khabar_norm_arrays", {})
    key = (fieldname, k1, b, avgdl)
    if key not in cache:
        import numpy as np

        cache[key] = np.array(norms(reader, fieldname, k1, b, avgdl), dtype=np.float64)
    return cache[key]
