"""Warm search latency of ranking configurations side by side, on one index, in one run.

    .venv/bin/python -m bench.bench_ranking_latency --corpus bench/out/syn100k-jsonl \
        --queries /path/queries.tsv --work bench/out/rank100k --configs "base;proximity=1"

Indexes --corpus under --work once (reused after), then runs every query once per
configuration to warm up and --rounds more times, the configurations alternating query by
query so load on a shared machine falls on all alike. Each configuration is a ``;``-separated
item of ``field=value`` pairs of :class:`searcher.rank.rerank.Ranking` (``base`` = defaults).
Reports p50/p99 of ``search(archive, query, limit=10)`` (snippets included, as a person sees
it) per configuration and the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import fields
from pathlib import Path

from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.rank.evaluation import read_queries
from searcher.rank.rerank import Ranking
from searcher.rank.search import search

_TYPES = {f.name: f.type for f in fields(Ranking)}


def parse_config(text: str) -> Ranking:
    values: dict[str, object] = {}
    for pair in text.split():
        if pair == "base":
            continue
        name, _, value = pair.partition("=")
        kind = _TYPES[name]
        values[name] = (value not in ("0", "false") if kind == "bool" else
                        int(value) if kind == "int" else float(value))
    return Ranking(**values)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--configs", default="base;proximity=1")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--max-queries", type=int, default=0)
    args = parser.parse_args(argv)
    target = args.work / "index"
    if not target.exists():
        started = time.perf_counter()
        index_paths([args.corpus], target)
        print(f"indexed in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    queries = list(read_queries(args.queries).values())
    if args.max_queries:
        step = max(1, len(queries) // args.max_queries)
        queries = queries[::step][:args.max_queries]
    names = [c.strip() for c in args.configs.split(";")]
    configs = [parse_config(c) for c in names]
    timings: dict[str, list[float]] = {name: [] for name in names}
    load = os.getloadavg()[0]
    with OpenedIndex(target) as archive:
        for round_number in range(args.rounds + 1):
            for query in queries:
                for name, config in zip(names, configs, strict=True):
                    started = time.perf_counter()
                    search(archive, query, limit=10, ranking=config)
                    if round_number:  # round 0 warms up
                        timings[name].append((time.perf_counter() - started) * 1000)
    result = {"queries": len(queries), "rounds": args.rounds, "load_1min_start": load,
              "load_1min_end": os.getloadavg()[0], "configs": {}}
    for name, values in timings.items():
        p99 = statistics.quantiles(values, n=100, method="inclusive")[98]
        result["configs"][name] = {"p50_ms": round(statistics.median(values), 2),
                                   "p99_ms": round(p99, 2)}
    print(json.dumps(result, indent=1))
    (args.work / "result.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
