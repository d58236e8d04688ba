"""Choose BM25's k1, b and the title weight on eval/dev by measurement.

    .venv/bin/python bench/tune_ranking.py --dev ../shared/eval/dev --work bench/out/tune

Indexes the dev passages once per title weight (a temporary index; the dev text never enters
the repository), then for each (k1, b) runs every dev query and scores nDCG@10, MRR@10 and
Recall@100 overall and per query-id prefix. Prints a table sorted by overall nDCG@10.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from searcher.index import schema
from searcher.index.opened import OpenedIndex
from searcher.rank.evaluation import evaluate, read_qrels, read_queries
from searcher.rank.evaluation import RunEntry
from searcher.index.run import index_paths
from searcher.rank.bm25 import KhabarBM25
from searcher.rank.search import search


def dev_jsonl(dev: Path, work: Path) -> Path:
    out = work / "dev.jsonl"
    if not out.exists():
        with out.open("w", encoding="utf-8") as handle:
            for line in (dev / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                handle.write(json.dumps({k: record[k] for k in ("id", "title", "body")},
                                        ensure_ascii=False) + "\n")
    return out


def run(archive: OpenedIndex, queries: dict[str, str], k1: float, b: float) -> dict:
    archive._searcher = archive._ix.searcher(weighting=KhabarBM25(k1, b))
    results = {}
    for qid, text in queries.items():
        found = search(archive, text, limit=100, snippets=False)
        results[qid] = [RunEntry(qid, h.id, h.rank, h.score) for h in found.hits]
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--k1", default="0.9,1.2,1.5,2.0")
    parser.add_argument("--b", default="0.4,0.6,0.75,0.9")
    parser.add_argument("--title", default="2.0")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = dev_jsonl(args.dev, args.work)
    queries = read_queries(args.dev / "queries.tsv")
    qrels = read_qrels(args.dev / "qrels.txt")
    rows = []
    for title in [float(x) for x in args.title.split(",")]:
        schema.WEIGHTS["title"] = title
        target = args.work / f"index-title{title}"
        shutil.rmtree(target, ignore_errors=True)
        index_paths([corpus], target)
        with OpenedIndex(target) as archive:
            for k1 in [float(x) for x in args.k1.split(",")]:
                for b in [float(x) for x in args.b.split(",")]:
                    report = evaluate(qrels, run(archive, queries, k1, b))
                    row = {"title": title, "k1": k1, "b": b,
                           "ndcg10": report.overall.ndcg10, "mrr10": report.overall.mrr10,
                           "recall100": report.overall.recall100,
                           **{f"{p}_ndcg10": s.ndcg10 for p, s in report.by_prefix.items()}}
                    rows.append(row)
                    print(json.dumps(row), flush=True)
    rows.sort(key=lambda r: -r["ndcg10"])
    print("best:", json.dumps(rows[0]))
    (args.work / "tune.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
