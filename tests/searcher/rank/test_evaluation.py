"""searcher.rank.evaluation: measures against hand arithmetic, and the TREC file readers."""

from __future__ import annotations

import io
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searcher.errors import UsageError
from searcher.rank.evaluation import (
    EvalReport,
    RunEntry,
    Scores,
    evaluate,
    format_run,
    ndcg_at,
    parse_qrels,
    parse_queries,
    parse_run,
    query_prefix,
    read_qrels,
    read_queries,
    read_run,
    recall_at,
    reciprocal_rank_at,
    write_run,
)

# One relevant document "r" among non-relevant "n1".."n150".
NON = [f"n{i}" for i in range(1, 151)]


def ranked_with(position: int | None, length: int = 120) -> list[str]:
    """A ranking of ``length`` documents with "r" at ``position`` (1-based), or absent."""
    docs = NON[:length]
    if position is None:
        return docs
    return docs[: position - 1] + ["r"] + docs[position - 1 : length - 1]


BINARY = {"r": 1, "n1": 0}


@pytest.mark.parametrize(
    ("position", "ndcg", "mrr", "recall"),
    [
        # rank 1: DCG = 1/log2(2) = 1 = IDCG; MRR = 1/1
        (1, 1.0, 1.0, 1.0),
        # rank 3: DCG = 1/log2(4) = 1/2; MRR = 1/3
        (3, 0.5, 1 / 3, 1.0),
        # rank 7: DCG = 1/log2(8) = 1/3; MRR = 1/7
        (7, 1 / 3, 1 / 7, 1.0),
        # rank 10 is the last counted: 1/log2(11); MRR = 1/10
        (10, 1 / math.log2(11), 0.1, 1.0),
        # rank 11: outside nDCG@10 and MRR@10, inside Recall@100
        (11, 0.0, 0.0, 1.0),
        # rank 100 still counts for recall, rank 101 does not
        (100, 0.0, 0.0, 1.0),
        (101, 0.0, 0.0, 0.0),
        # never retrieved
        (None, 0.0, 0.0, 0.0),
    ],
)
def test_single_relevant_document(position, ndcg, mrr, recall):
    ranked = ranked_with(position)
    assert ndcg_at(ranked, BINARY) == pytest.approx(ndcg)
    assert reciprocal_rank_at(ranked, BINARY) == pytest.approx(mrr)
    assert recall_at(ranked, BINARY) == pytest.approx(recall)


@pytest.mark.parametrize(
    ("ranked", "judged", "ndcg", "reason"),
    [
        # DCG = 1/log2(2) + 2/log2(3) = 1 + 1.26186 = 2.26186
        # IDCG = 2/log2(2) + 1/log2(3) = 2 + 0.63093 = 2.63093  → 0.85973
        (["a", "b"], {"a": 1, "b": 2}, 2.26186 / 2.63093, "graded: better document second"),
        (["b", "a"], {"a": 1, "b": 2}, 1.0, "graded: ideal order"),
        # DCG = 3/log2(2) = 3; IDCG = 3 + 1/log2(3) = 3.63093 → 0.82624
        (["c", "x"], {"c": 3, "d": 1}, 3 / (3 + 1 / math.log2(3)), "graded: one of two found"),
        # DCG = 1/log2(3) + 1/log2(4) = 1.13093; IDCG = 1 + 0.63093 = 1.63093 → 0.69342
        (["x", "a", "b"], {"a": 1, "b": 1}, 1.13093 / 1.63093, "binary: two relevant at 2 and 3"),
        # a negative grade is not relevant and gains nothing (trec_eval treats it the same way)
        (["bad", "a"], {"a": 1, "bad": -1}, 1 / math.log2(3), "negative grade gains nothing"),
    ],
)
def test_ndcg_gain_is_the_grade(ranked, judged, ndcg, reason):
    assert ndcg_at(ranked, judged) == pytest.approx(ndcg, abs=1e-5), reason


def test_recall_counts_each_relevant_document():
    # 2 of the 3 relevant documents within the top 100
    judged = {"a": 1, "b": 2, "c": 1, "z": 0}
    assert recall_at(["a", "z", "c", "x"], judged) == pytest.approx(2 / 3)


def test_reciprocal_rank_ignores_non_relevant_judged_documents():
    # "z" is judged 0: the first relevant is "a" at rank 3 → 1/3
    assert reciprocal_rank_at(["z", "x", "a"], {"a": 1, "z": 0}) == pytest.approx(1 / 3)


def run_of(rows: list[tuple[str, str, float]]) -> dict[str, list[RunEntry]]:
    """Build a run through the text format, as a file would arrive."""
    ranks: dict[str, int] = {}
    lines = []
    for qid, docid, score in rows:
        ranks[qid] = ranks.get(qid, 0) + 1
        lines.append(f"{qid} Q0 {docid} {ranks[qid]} {score} t")
    return parse_run(lines)


def test_evaluate_averages_overall_and_per_prefix():
    qrels = parse_qrels([
        "news-1 0 d1 1",
        "news-2 0 d2 1",
        "wiki-1 0 d3 1",
        "wiki-2 0 d4 1",  # not in the run: scores 0 everywhere
        "empty-1 0 d5 0",  # no relevant document: skipped
    ])
    run = run_of([
        ("news-1", "d1", 9.0),  # rank 1: nDCG 1, RR 1
        ("news-2", "d9", 9.0),
        ("news-2", "d8", 8.0),
        ("news-2", "d2", 7.0),  # rank 3: nDCG 0.5, RR 1/3
        ("wiki-1", "d7", 5.0),
        ("wiki-1", "d3", 4.0),  # rank 2: nDCG 1/log2(3) = 0.63093, RR 1/2
        ("other-1", "d1", 1.0),  # not judged: ignored
    ])
    report = evaluate(qrels, run)
    assert report.queries == 4
    assert report.ignored_run_queries == 1
    # news: nDCG (1 + 0.5)/2 = 0.75; MRR (1 + 1/3)/2 = 2/3; recall 1
    assert report.by_prefix["news"] == Scores(pytest.approx(0.75), pytest.approx(2 / 3), 1.0, 2)
    # wiki: nDCG (0.63093 + 0)/2; MRR (1/2 + 0)/2 = 1/4; recall (1 + 0)/2
    wiki = report.by_prefix["wiki"]
    assert (wiki.ndcg10, wiki.mrr10, wiki.recall100, wiki.queries) == pytest.approx(
        (1 / math.log2(3) / 2, 0.25, 0.5, 2))
    # overall: nDCG (1 + 0.5 + 0.63093 + 0)/4; MRR (1 + 1/3 + 1/2 + 0)/4; recall 3/4
    assert report.overall.ndcg10 == pytest.approx((1.5 + 1 / math.log2(3)) / 4)
    assert report.overall.mrr10 == pytest.approx((1 + 1 / 3 + 0.5) / 4)
    assert report.overall.recall100 == pytest.approx(0.75)
    assert set(report.by_prefix) == {"news", "wiki"}


def test_prefix_is_text_before_first_dash():
    assert query_prefix("PQUAD-dev-0001") == "PQUAD"
    assert query_prefix("301") is None


def test_evaluate_without_relevant_judgements_is_a_usage_error():
    with pytest.raises(UsageError, match="no query with a relevant document"):
        evaluate(parse_qrels(["q-1 0 d1 0"]), {})


def test_report_to_json_is_json_ready_data():
    report = EvalReport(Scores(0.5, 0.25, 1.0, 2), {"news": Scores(0.5, 0.25, 1.0, 2)}, 2, 0)
    data = json.loads(json.dumps(report.to_json()))
    assert data["overall"] == {"ndcg10": 0.5, "mrr10": 0.25, "recall100": 1.0,
                               "queries": 2}
    assert data["by_prefix"]["news"]["queries"] == 2


def test_run_orders_by_score_then_rank_column():
    run = parse_run([
        "q-1 Q0 low 1 1.5 t",  # rank column says first, score says last
        "q-1 Q0 high 2 9.0 t",
        "q-1 Q0 tie_b 4 3.0 t",  # equal scores keep rank-column order
        "q-1 Q0 tie_a 3 3.0 t",
    ])
    assert [e.docid for e in run["q-1"]] == ["high", "tie_a", "tie_b", "low"]


def test_format_and_parse_run_round_trip():
    # "خبر-2" found nothing and writes no line; tiny scores keep their digits (8 significant)
    results = {"خبر-1": [("d2", 12.5), ("d1", 3.25), ("d3", 1.2345678e-7)], "خبر-2": []}
    out = io.StringIO()
    write_run(results, out, tag="peer")
    assert out.getvalue().splitlines() == [
        "خبر-1 Q0 d2 1 12.5 peer",
        "خبر-1 Q0 d1 2 3.25 peer",
        "خبر-1 Q0 d3 3 1.2345678e-07 peer",
    ]
    parsed = parse_run(out.getvalue().splitlines())
    assert parsed["خبر-1"][0] == RunEntry("خبر-1", "d2", 1, 12.5, "peer")


@pytest.mark.parametrize(
    ("tag", "results", "reason"),
    [
        ("two words", {"q": [("d", 1.0)]}, "tag with a space"),
        ("", {"q": [("d", 1.0)]}, "empty tag"),
        ("t", {"q 1": [("d", 1.0)]}, "query id with a space"),
        ("t", {"q": [("doc 1", 1.0)]}, "document id with a space"),
    ],
)
def test_format_run_rejects_whitespace_in_fields(tag, results, reason):
    with pytest.raises(UsageError, match="whitespace"):
        format_run(results, tag)


def test_queries_tsv_skips_blank_lines_and_keeps_order():
    lines = ["PQA-2\tپایتخت ایران کجاست؟", "", "   ", "PQA-1\tکتاب‌های تاریخی\t"]
    assert list(parse_queries(lines).items()) == [
        ("PQA-2", "پایتخت ایران کجاست؟"),
        ("PQA-1", "کتاب‌های تاریخی"),
    ]


@pytest.mark.parametrize(
    ("lines", "message", "hint"),
    [
        (["q-1\tتهران", "q-2 اصفهان"], "line 2: no tab", "real tab"),
        (["\tتهران"], "line 1: empty query id", "both non-empty"),
        (["q-1\t   "], "line 1: empty query$", "both non-empty"),
        (["q-1\tتهران", "", "q-1\tشیراز"], "line 3: query id 'q-1' appears twice", "own id"),
    ],
)
def test_bad_queries_name_the_line(lines, message, hint):
    with pytest.raises(UsageError, match=message) as caught:
        parse_queries(lines)
    assert hint in caught.value.hint


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["q-1 0 d1"], "line 1: expected 4 fields, found 3"),
        (["q-1 0 d1 1", "q-1 0 d2 yes"], "line 2: relevance 'yes' is not an integer"),
        (["q-1 0 d1 1", "q-1 0 d1 2"], "line 2: q-1 d1 is judged twice"),
    ],
)
def test_bad_qrels_name_the_line(lines, message):
    with pytest.raises(UsageError, match=message):
        parse_qrels(lines)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["q-1 Q0 d1 1 2.0"], "line 1: expected 6 fields, found 5"),
        (["q-1 Q0 d1 first 2.0 t"], "line 1: rank 'first' or score '2.0' is not a number"),
        (["q-1 Q0 d1 1 nan t"], "line 1: score 'nan' is not finite"),
        (["q-1 Q0 d1 1 2.0 t", "q-1 Q0 d1 2 1.0 t"], "line 2: d1 is listed twice for q-1"),
    ],
)
def test_bad_runs_name_the_line(lines, message):
    with pytest.raises(UsageError, match=message):
        parse_run(lines)


def test_readers_accept_utf8_with_bom(tmp_path):
    queries = tmp_path / "queries.tsv"
    queries.write_text("\ufeffq-1\tمی‌روم به مدرسه\n", encoding="utf-8")
    qrels = tmp_path / "qrels.txt"
    qrels.write_text("q-1 0 d1 1\n", encoding="utf-8")
    run = tmp_path / "run.txt"
    run.write_text("q-1 Q0 d1 1 4.0 t\n", encoding="utf-8")
    assert read_queries(queries) == {"q-1": "می‌روم به مدرسه"}
    assert evaluate(read_qrels(qrels), read_run(run)).overall.ndcg10 == 1.0


def test_reader_errors_for_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(UsageError, match="queries file not found"):
        read_queries(tmp_path / "absent.tsv")
    legacy = tmp_path / "legacy.tsv"
    legacy.write_bytes("q-1\tکتاب\n".encode("cp1256"))
    with pytest.raises(UsageError, match="not UTF-8") as caught:
        read_queries(legacy)
    assert "iconv" in caught.value.hint


rankings = st.lists(st.sampled_from([f"d{i}" for i in range(30)]), unique=True, max_size=30)
judgements = st.dictionaries(st.sampled_from([f"d{i}" for i in range(30)]),
                             st.integers(min_value=0, max_value=3), min_size=1)


@given(rankings, judgements)
def test_measures_stay_between_zero_and_one(ranked, judged):
    for value in (ndcg_at(ranked, judged), reciprocal_rank_at(ranked, judged),
                  recall_at(ranked, judged)):
        assert 0.0 <= value <= 1.0 + 1e-12


@given(judgements)
def test_ideal_ranking_scores_one(judged):
    ideal = sorted(judged, key=lambda docid: -judged[docid])
    if any(rel > 0 for rel in judged.values()):
        assert ndcg_at(ideal, judged) == pytest.approx(1.0)
        assert recall_at(ideal, judged) == 1.0
        assert reciprocal_rank_at(ideal, judged) == 1.0
