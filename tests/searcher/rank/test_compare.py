"""Issue 8: `khabar eval QRELS RUN RUN_B` — two runs compared query by query."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher.cli.app import main
from searcher.rank.compare import compare, randomisation_p
from searcher.rank.evaluation import parse_qrels, parse_run

QRELS = parse_qrels([f"{g}-{i} 0 rel{g}{i} 1" for g in ("A", "B") for i in range(6)])


def run_with(ranks: dict[str, int]) -> dict:
    """Each query's relevant document at the given rank (1-based) behind fillers."""
    lines = []
    for qid, rank in ranks.items():
        g, i = qid.split("-")
        docs = [f"x{n}" for n in range(rank - 1)] + [f"rel{g}{i}"]
        lines += [f"{qid} Q0 {d} {r} {100 - r} t" for r, d in enumerate(docs, 1)]
    return parse_run(lines)


BASE = {f"{g}-{i}": 3 for g in ("A", "B") for i in range(6)}


def test_wins_losses_ties_and_the_biggest_moves() -> None:
    better = {**BASE, "A-0": 1, "A-1": 1, "B-0": 5}
    result = compare(QRELS, run_with(BASE), run_with(better))
    ndcg = result.groups["all"]["ndcg10"]
    assert (ndcg.wins, ndcg.losses, ndcg.ties) == (2, 1, 9)
    assert result.groups["A"]["ndcg10"].delta == pytest.approx(2 * (1 - 0.5) / 6)
    assert result.groups["B"]["mrr10"].delta == pytest.approx((0.2 - 1 / 3) / 6)
    assert [c.qid for c in result.improved] == ["A-0", "A-1"]
    assert [c.qid for c in result.worsened] == ["B-0"]


def test_identical_runs_give_p_one() -> None:
    result = compare(QRELS, run_with(BASE), run_with(BASE))
    assert result.groups["all"]["ndcg10"].p_value == 1.0
    assert not result.improved and not result.worsened


@pytest.mark.parametrize(("differences", "low", "high"), [
    ([0.5] * 12, 0.0, 0.001),            # every query better: 2 of 4,096 sign patterns as far
    ([0.5, -0.5] * 6, 0.99, 1.0),        # as many up as down
    ([0.5] * 3 + [-0.1] * 3, 0.2, 0.4),  # 6 queries: 16 of 64 patterns at least as far
])
def test_randomisation_test(differences: list[float], low: float, high: float) -> None:
    assert low <= randomisation_p(differences) <= high


def test_the_cli_compares_two_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qrels = tmp_path / "qrels.txt"
    qrels.write_text("".join(f"{g}-{i} 0 rel{g}{i} 1\n" for g in "AB" for i in range(6)),
                     encoding="utf-8")
    runs = []
    for name, ranks in (("a", BASE), ("b", {**BASE, "B-3": 1})):
        path = tmp_path / f"{name}.run"
        path.write_text("".join(f"{e.qid} Q0 {e.docid} {e.rank} {e.score} t\n"
                                for entries in run_with(ranks).values() for e in entries),
                        encoding="utf-8")
        runs.append(str(path))
    assert main(["eval", str(qrels), *runs, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["groups"]["B"]["ndcg10"]["wins"] == 1
    assert report["improved"][0]["qid"] == "B-3"
    assert main(["eval", str(qrels), *runs]) == 0
    shown = capsys.readouterr().out
    assert "improved B-3" in shown and "p " in shown
