"""Two runs on the same qrels, side by side: what a ranking change did, query by query.

For each measure (nDCG@10, MRR@10, Recall@100), overall and per query-id prefix: the mean of
run A, of run B, their difference, how many queries B wins, loses and ties, and the two-sided
p-value of a paired randomisation test (Fisher's: under the null hypothesis the two systems are
exchangeable per query, so each per-query difference's sign is flipped at random; the p-value is
the share of ``PERMUTATIONS`` flips whose mean difference is at least as far from zero as the
observed one, +1 smoothed). The seed is fixed, so a comparison reads the same every time.
Then the queries whose nDCG@10 changed most, both ways: the material of a failure analysis.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import Any

from searcher.rank.evaluation import Qrels, Run, Scores, query_prefix, query_scores

MEASURES = ("ndcg10", "mrr10", "recall100")
PERMUTATIONS = 5000
SEED = 8
CHANGED_SHOWN = 10
_TIE = 1e-9


@dataclass(frozen=True, slots=True)
class Delta:
    """One measure over one group of queries: A, B, B − A, B's wins/losses/ties, p-value."""

    a: float
    b: float
    delta: float
    wins: int
    losses: int
    ties: int
    p_value: float


@dataclass(frozen=True, slots=True)
class Changed:
    """A query whose nDCG@10 moved: its id, A's and B's value."""

    qid: str
    a: float
    b: float


@dataclass(frozen=True, slots=True)
class Comparison:
    """Per group ("all" first, then each prefix): measure → Delta; and the biggest moves."""

    groups: dict[str, dict[str, Delta]] = field(default_factory=dict)
    improved: list[Changed] = field(default_factory=list)
    worsened: list[Changed] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def randomisation_p(differences: list[float], permutations: int = PERMUTATIONS,
                    seed: int = SEED) -> float:
    """Two-sided p-value of the paired randomisation (sign-flip) test on per-query differences.

    >>> randomisation_p([0.0, 0.0, 0.0])
    1.0
    """
    n = len(differences)
    observed = abs(sum(differences))
    if n == 0 or observed <= _TIE:
        return 1.0
    rng = random.Random(seed)
    at_least = 0
    for _ in range(permutations):
        bits = rng.getrandbits(n)
        total = 0.0
        for i, d in enumerate(differences):
            total += -d if bits >> i & 1 else d
        if abs(total) >= observed - _TIE:
            at_least += 1
    return (at_least + 1) / (permutations + 1)


def _delta(pairs: list[tuple[Scores, Scores]], measure: str) -> Delta:
    diffs = [getattr(b, measure) - getattr(a, measure) for a, b in pairs]
    n = len(pairs) or 1
    mean_a = sum(getattr(a, measure) for a, _ in pairs) / n
    mean_b = sum(getattr(b, measure) for _, b in pairs) / n
    return Delta(mean_a, mean_b, mean_b - mean_a, sum(d > _TIE for d in diffs),
                 sum(d < -_TIE for d in diffs), sum(abs(d) <= _TIE for d in diffs),
                 randomisation_p(diffs))


def compare(qrels: Qrels, run_a: Run, run_b: Run, shown: int = CHANGED_SHOWN) -> Comparison:
    """Compare run B against run A (the reference) on every judged query."""
    scores_a, scores_b = query_scores(qrels, run_a), query_scores(qrels, run_b)
    members: dict[str, list[str]] = {"all": list(scores_a)}
    for qid in scores_a:
        prefix = query_prefix(qid)
        if prefix is not None:
            members.setdefault(prefix, []).append(qid)
    groups = {}
    for name in ["all", *sorted(k for k in members if k != "all")]:
        pairs = [(scores_a[q], scores_b[q]) for q in members[name]]
        groups[name] = {m: _delta(pairs, m) for m in MEASURES}
    def moved(sign: float) -> list[Changed]:
        """The ``shown`` biggest moves in one direction, biggest first, ties by qid."""
        order = sorted(scores_a, key=lambda q: (sign * (scores_a[q].ndcg10 - scores_b[q].ndcg10),
                                                q))
        return [Changed(q, scores_a[q].ndcg10, scores_b[q].ndcg10) for q in order[:shown]
                if sign * (scores_b[q].ndcg10 - scores_a[q].ndcg10) > _TIE]

    return Comparison(groups, improved=moved(1.0), worsened=moved(-1.0))
