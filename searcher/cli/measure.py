"""The commands that measure ranking: batch (a TREC run) and eval (its scores, or two runs
compared).

Plain functions; :mod:`searcher.cli.app` registers them as commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from searcher.cli.shared import (
    ExpandOpt, IndexOpt, JsonOpt, index_dir_of, output_env, ranking,
)


def batch(
    queries: Annotated[Path, typer.Argument(help="TSV file: qid<TAB>query a line.")],
    index_dir: IndexOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 100,
    expand: ExpandOpt = False,
) -> None:
    """Run many queries; write a TREC run (qid Q0 docid rank score khabar) to stdout.

    Example: khabar batch پرسش‌ها.tsv --limit 100 > run.txt
    """
    from searcher.index.opened import OpenedIndex
    from searcher.rank.evaluation import read_queries, write_run
    from searcher.rank.search import search as run

    todo = read_queries(queries)
    results = {}
    with OpenedIndex(index_dir_of(index_dir)) as archive:
        for qid, text in todo.items():
            found = run(archive, text, limit=limit, snippets=False, collapse=False,
                        ranking=ranking(expand))
            results[qid] = [(hit.id, hit.score) for hit in found.hits]
    write_run(results, sys.stdout)


def evaluate(
    qrels: Annotated[Path, typer.Argument(help="TREC qrels: qid 0 docid rel.")],
    run_file: Annotated[Path, typer.Argument(metavar="RUN", help="TREC run from khabar batch.")],
    run_b: Annotated[Path | None, typer.Argument(
        metavar="[RUN_B]", help="A second run: compare it against RUN.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """nDCG@10, MRR@10 and Recall@100, overall and per query-id prefix; with RUN_B, B − A per
    group, wins/losses/ties, a paired randomisation test and the queries that changed most.

    Example: khabar eval qrels.txt run.txt   (ارزیابی رتبه‌بندی)
    """
    from searcher.output.render import print_stats
    from searcher.rank.evaluation import evaluate as score
    from searcher.rank.evaluation import read_qrels, read_run

    judged = read_qrels(qrels)
    env = output_env()
    if run_b is not None:
        from searcher.rank.compare import compare

        comparison = compare(judged, read_run(run_file), read_run(run_b))
        if json_out:
            print_stats(comparison.to_json(), env, as_json=True)
            return
        print_stats(_comparison_rows(comparison), env, title="B − A")
        return
    report = score(judged, read_run(run_file))
    if json_out:
        print_stats(report.to_json(), env, as_json=True)
        return
    rows: dict[str, object] = {"queries": report.queries}
    for name, scores in [("all", report.overall), *sorted(report.by_prefix.items())]:
        rows[name] = (f"nDCG@10 {scores.ndcg10:.4f}  MRR@10 {scores.mrr10:.4f}  "
                      f"Recall@100 {scores.recall100:.4f}")
    print_stats(rows, env, title="evaluation")


def _comparison_rows(comparison: Any) -> dict[str, object]:
    rows: dict[str, object] = {}
    for group, deltas in comparison.groups.items():
        for measure, d in deltas.items():
            rows[f"{group} {measure}"] = (
                f"A {d.a:.4f}  B {d.b:.4f}  B−A {d.delta:+.4f}  wins {d.wins} losses {d.losses} "
                f"ties {d.ties}  p {d.p_value:.4f}")
    for label, moved in (("improved", comparison.improved), ("worsened", comparison.worsened)):
        for change in moved:
            rows[f"{label} {change.qid}"] = f"nDCG@10 {change.a:.3f} → {change.b:.3f}"
    return rows
