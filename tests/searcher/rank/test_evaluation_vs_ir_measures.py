"""The hand-written measures of searcher.rank.evaluation held equal to ir-measures (trec_eval).

khabar keeps its three formulas (no numpy/scipy at run time); ir-measures, from the ``eval``
extra that the ``test`` extra includes, is the reference they must agree with on random runs
without score ties (trec_eval breaks ties by docid, khabar by the system's order).
"""

from __future__ import annotations

import ir_measures
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searcher.rank.evaluation import RunEntry, query_scores

DOCS = [f"d{i}" for i in range(150)]


@st.composite
def judged_runs(draw: st.DrawFn) -> tuple[dict, dict]:
    qrels, run = {}, {}
    for q in range(draw(st.integers(1, 5))):
        qid = f"G-{q}"
        judged = draw(st.lists(st.sampled_from(DOCS), min_size=1, max_size=12, unique=True))
        grades = draw(st.lists(st.integers(0, 3), min_size=len(judged), max_size=len(judged)))
        if not any(grades):
            grades[0] = 1
        qrels[qid] = dict(zip(judged, grades, strict=True))
        ranked = draw(st.lists(st.sampled_from(DOCS), max_size=120, unique=True))
        run[qid] = [RunEntry(qid, doc, rank, 1000.0 - rank) for rank, doc in
                    enumerate(ranked, 1)]
    return qrels, run


@settings(max_examples=60, deadline=None)
@given(judged_runs())
def test_measures_equal_trec_eval(case: tuple[dict, dict]) -> None:
    qrels, run = case
    ours = query_scores(qrels, run)
    measures = [ir_measures.nDCG @ 10, ir_measures.RR @ 10, ir_measures.R @ 100]
    theirs: dict[tuple[str, str], float] = {}
    scored = {q: {e.docid: e.score for e in entries} for q, entries in run.items()}
    for metric in ir_measures.iter_calc(measures, qrels, scored):
        theirs[(metric.query_id, str(metric.measure))] = metric.value
    for qid, scores in ours.items():
        expected = [theirs.get((qid, str(m)), 0.0) for m in measures]
        assert [scores.ndcg10, scores.mrr10, scores.recall100] == pytest.approx(expected,
                                                                              abs=1e-12)
