"""The fast loop for ranking experiments on eval/dev: index once, score many configurations.

    .venv/bin/python -m bench.relevance_lab --grid "b=0.4,0.6 proximity=0,0.5" [--no-news]
        [--folds] [--run-out bench/out/lab-best.run]

The dev corpus is indexed once per analyzer version (a hash of analyzers/*.py and the index
format names the directory under --work, so an analyzer change re-indexes by itself and an
unchanged one never does). Then every combination of the grid — BM25's ``k1``/``b`` and the
second stage's :class:`searcher.rank.rerank.Ranking` fields — runs every query in this process
through :func:`searcher.rank.search.search` (the product's code, snippets off) and is scored per
query-id prefix. ``--folds`` adds two-fold cross-validation: queries split by a CRC32 of their
id, constants chosen on one half by overall nDCG@10 and reported on the other, both ways.
The dev text never enters the repository: indexes and runs go under --work (bench/out/).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import shutil
import sys
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

from searcher.index.format import INDEX_FORMAT
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.rank.bm25 import B, K1, KhabarBM25
from searcher.rank.evaluation import Qrels, RunEntry, evaluate, read_qrels, read_queries
from searcher.rank.feedback import stored_terms
from searcher.rank.rerank import Ranking
from searcher.rank.joined import weigh_joined
from searcher.rank.search import rank_terms, respelled_query, search
from searcher.rank.top_k import terms_of

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DEV = Path("/work/shared/eval/dev")
BM25_KNOBS = ("k1", "b")
CASTS = {"depth": int, "feedback_docs": int, "feedback_terms": int, "expand": bool,
         "phrase_window": int, "passage_width": int, "passage_min_terms": int,
         "short_query_terms": int, "coordination_min_terms": int}


def analyzer_version() -> str:
    digest = hashlib.sha1(str(INDEX_FORMAT).encode())
    # What turns text into postings: the analyzer, and the schema's part weights.
    for path in [*sorted((REPO / "analyzers").glob("*.py")), REPO / "searcher/index/schema.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def dev_index(dev: Path, work: Path, news: bool) -> Path:
    """The dev corpus (with or without the news articles) indexed by today's analyzer."""
    target = work / f"index-{'news' if news else 'nonews'}-{analyzer_version()}"
    if target.exists():  # complete: a build appears under its name only when it finished
        return target
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus-{'news' if news else 'nonews'}.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for line in (dev / "corpus.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            if news or record.get("collection") != "news":
                out.write(json.dumps({k: record.get(k) or "" for k in ("id", "title", "body")},
                                     ensure_ascii=False) + "\n")
    started = time.perf_counter()
    building = target.with_name(target.name + ".building")
    shutil.rmtree(building, ignore_errors=True)  # a build that died half-way
    index_paths([corpus], building)
    building.rename(target)
    print(f"indexed {target.name} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return target


def parse_grid(text: str) -> list[dict[str, float]]:
    """"b=0.4,0.6 proximity=0,1" → the four combinations; "|" joins grids one after another."""
    if "|" in text:
        return [config for part in text.split("|") for config in parse_grid(part)]
    axes = []
    for item in text.split():
        name, _, values = item.partition("=")
        axes.append([(name, float(v)) for v in values.split(",")])
    return [dict(combo) for combo in itertools.product(*axes)] or [{}]


def run_config(archive: OpenedIndex, queries: dict[str, str], config: dict[str, float]
               ) -> dict[str, list[RunEntry]]:
    k1, b = config.get("k1", K1), config.get("b", B)
    archive._searcher = archive._ix.searcher(weighting=KhabarBM25(k1, b))
    fields = {k: CASTS.get(k, float)(v) for k, v in config.items() if k not in BM25_KNOBS}
    ranking = Ranking(**fields)
    searcher = archive.searcher
    ids = doc_ids(archive)
    out = {}
    for qid, text in queries.items():
        # Free words (nearly every query) skip reading the stored articles of 100 hits.
        compiled, _ = respelled_query(archive, text)
        query = weigh_joined(searcher, compiled.query, compiled.joined) if compiled.query else None
        terms = terms_of(query) if query is not None else None
        if terms is None:
            found = search(archive, text, limit=100, snippets=False, ranking=ranking)
            out[qid] = [RunEntry(qid, h.id, h.rank, h.score) for h in found.hits]
            continue
        ranked, _ = rank_terms(searcher, terms, 100, ranking, doc_terms=cached_terms,
                               joined=compiled.joined)
        out[qid] = [RunEntry(qid, ids[d], r, s) for r, (s, d) in enumerate(ranked, 1)]
    return out


_TERMS: dict[int, Counter[str]] = {}


def cached_terms(searcher: Any, docnum: int) -> Counter[str]:
    """Feedback's article terms, analyzed once per run of the lab (one index per process)."""
    if docnum not in _TERMS:
        _TERMS[docnum] = stored_terms(searcher, docnum)
    return _TERMS[docnum]


def doc_ids(archive: OpenedIndex) -> list[str]:
    """Article id by document number (read once per index)."""
    cached = archive.__dict__.get("_lab_ids")
    if cached is None:
        reader = archive.searcher.reader()
        cached = archive.__dict__["_lab_ids"] = [
            reader.stored_fields(d)["id"] for d in range(reader.doc_count_all())]
    return cached


def summary(qrels: Qrels, run: dict[str, list[RunEntry]]) -> dict[str, float]:
    report = evaluate(qrels, run)
    row = {"all": round(report.overall.ndcg10, 4)}
    row.update({p: round(s.ndcg10, 4) for p, s in sorted(report.by_prefix.items())})
    return row


def fold_of(qid: str) -> int:
    return zlib.crc32(qid.encode("utf-8")) % 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "out" / "lab")
    parser.add_argument("--grid", default="")
    parser.add_argument("--no-news", action="store_true")
    parser.add_argument("--folds", action="store_true")
    parser.add_argument("--run-out", type=Path)
    parser.add_argument("--only", default="", help="query-id prefixes, comma-separated")
    args = parser.parse_args(argv)
    queries = read_queries(args.dev / "queries.tsv")
    qrels = read_qrels(args.dev / "qrels.txt")
    if args.no_news:
        queries = {q: t for q, t in queries.items() if not q.startswith("NEWS-")}
        qrels = {q: r for q, r in qrels.items() if q in queries}
    if args.only:
        queries = {q: t for q, t in queries.items() if q.startswith(tuple(args.only.split(",")))}
        qrels = {q: r for q, r in qrels.items() if q in queries}
    halves = [{q: r for q, r in qrels.items() if fold_of(q) == f} for f in (0, 1)]
    rows = []
    with OpenedIndex(dev_index(args.dev, args.work, not args.no_news)) as archive:
        for config in parse_grid(args.grid):
            started = time.perf_counter()
            run = run_config(archive, queries, config)
            row = {"config": config, **summary(qrels, run),
                   "folds": [summary(h, run)["all"] for h in halves],
                   "seconds": round(time.perf_counter() - started, 1)}
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            if args.run_out and len(rows) == 1:
                with args.run_out.open("w", encoding="utf-8") as out:
                    for entries in run.values():
                        out.writelines(f"{e.qid} Q0 {e.docid} {e.rank} {e.score:.6f} lab\n"
                                       for e in entries)
    if args.folds and len(rows) > 1:
        for train in (0, 1):
            best = max(rows, key=lambda r: r["folds"][train])
            held = 1 - train
            top = max(r["folds"][held] for r in rows)
            print(json.dumps({"train_fold": train, "chosen": best["config"],
                              "held_out": best["folds"][held], "best_on_held_out": top,
                              "gap": round(top - best["folds"][held], 4)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
