r"""Local evidence for the second stage: the query's words in order, and the best passage.

BM25 scores an article as a bag of words, so a long article that mentions each query word
somewhere can outrank the short one where they stand together. Two signals read the positions
the index already stores (only for the first stage's best candidates):

* **Ordered pairs.** For each pair of consecutive query terms (a, b), the occurrences of b at
  most ``window`` positions after an occurrence of a. Positions count dropped stopwords, so a
  window of 3 covers «وزارت ورزش و جوانان» (ورزش … جوان, one stopword between). Each pair's
  count is saturated like BM25's tf, with the article's length norm, and weighted by the mean
  idf of its two terms — a sequential-dependence bigram, without a second index::

      pairs(d, q) = Σ_(a,b) (idf(a) + idf(b)) / 2 · c · (k1 + 1) / (c + norm(d))

* **Best passage.** For a long question (several content words), the best ``width``-word
  window's score Σ_t idf(t) · c_t · (k1 + 1) / (c_t + k1), with no length norm: an answer
  passage holds the question's words in a few lines, a long article spreads them over pages.

Weights and the passage's minimum query size were chosen on eval/dev with two-fold
cross-validation (docs/benchmarks.md, issue 8).
"""

from __future__ import annotations

from bisect import bisect_right


def ordered_count(first: list[int], second: list[int], window: int) -> int:
    """Occurrences of the second term 1…``window`` positions after one of the first.

    >>> ordered_count([10, 40], [11, 13, 50], 3)
    2
    >>> ordered_count([11], [10], 3)
    0
    """
    return sum(bisect_right(second, p + window) - bisect_right(second, p) for p in first)


def pair_bonus(positions: dict[str, list[int]], order: list[str], idf: dict[str, float],
               k1: float, norm: float, window: int) -> float:
    """The saturated ordered-pair evidence of one article; ``norm`` is k1·(1 − b + b·dl/avgdl)
    and ``positions`` each term's sorted positions in it (absent terms left out)."""
    bonus = 0.0
    for a, b in zip(order, order[1:], strict=False):
        if a in positions and b in positions:
            count = ordered_count(positions[a], positions[b], window)
            if count:
                bonus += (idf[a] + idf[b]) / 2.0 * count * (k1 + 1.0) / (count + norm)
    return bonus


def best_passage(positions: dict[str, list[int]], idf: dict[str, float], width: int,
                 k1: float) -> float:
    """The best score of any window of ``width`` consecutive positions.

    >>> round(best_passage({"الف": [0, 100], "ب": [5]}, {"الف": 1.0, "ب": 2.0}, 20, 1.2), 3)
    3.0
    """
    events = sorted((p, t) for t, poslist in positions.items() for p in poslist)
    counts = dict.fromkeys(positions, 0)
    best = 0.0
    start = 0
    for pos, term in events:
        counts[term] += 1
        while events[start][0] <= pos - width:
            counts[events[start][1]] -= 1
            start += 1
        score = sum(idf[t] * c * (k1 + 1.0) / (c + k1) for t, c in counts.items() if c)
        best = max(best, score)
    return best
