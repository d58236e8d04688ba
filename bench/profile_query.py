"""Where a warm query's CPU goes: each stage's share, then cProfile's heaviest functions.

    .venv/bin/python bench/profile_query.py INDEX_DIR QUERIES.tsv [--max-queries 150]
        [--no-snippets] [--top 25] [--postings-cache-mb MB]

The topic and question queries of a ``gen_queries.py`` file (an even spread, as
``bench/scale.py`` takes them), each run once to warm up. Then one timed pass (CPU time per
query, and per stage of :func:`searcher.rank.search.search`: the first-stage ranking, the second
stage, snippets, did-you-mean) and one pass under cProfile, printed by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The stages, as the search library names the functions it calls for them, and the module
# that calls each (where it is timed).
STAGES = {"top_k": "first stage (BM25 top-k, total)", "rerank": "second stage",
          "make_snippet": "snippets", "suggest": "did-you-mean"}
CALLED_FROM = {"top_k": "searcher.rank.search", "rerank": "searcher.rank.search",
               "make_snippet": "searcher.rank.hits", "suggest": "searcher.rank.search"}


def _timed(function: Callable[..., Any], spent: dict[str, float], name: str
           ) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - started
    return timed


def stage_times(run: Callable[[str], Any], queries: list[str]) -> dict[str, Any]:
    """CPU ms per query (p50, p99, mean) and each stage's mean ms, over one pass."""
    import importlib

    spent: dict[str, float] = {}
    callers = {name: importlib.import_module(CALLED_FROM[name]) for name in STAGES}
    originals = {name: getattr(callers[name], name) for name in STAGES}
    for name, function in originals.items():
        setattr(callers[name], name, _timed(function, spent, name))
    try:
        times = []
        for query in queries:
            started = time.process_time()
            run(query)
            times.append(time.process_time() - started)
    finally:
        for name, function in originals.items():
            setattr(callers[name], name, function)
    ordered = sorted(times)
    return {"queries": len(times), "cpu_p50_ms": 1000 * statistics.median(times),
            "cpu_p99_ms": 1000 * ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
            "cpu_mean_ms": 1000 * statistics.fmean(times),
            "stages_mean_ms": {STAGES[name]: 1000 * spent.get(name, 0.0) / len(times)
                               for name in STAGES}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", type=Path, help="gen_queries.py output")
    parser.add_argument("--max-queries", type=int, default=150)
    parser.add_argument("--no-snippets", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", type=Path, help="also write the profile here (pstats)")
    from bench.scale import add_postings_cache_option, apply_postings_cache_option, read_queries

    add_postings_cache_option(parser)
    args = parser.parse_args(argv)
    apply_postings_cache_option(args)
    from searcher.index.opened import OpenedIndex
    from searcher.rank.search import search

    queries = read_queries(args.queries, args.max_queries)["topics"]
    archive = OpenedIndex(args.index)

    def run(query: str) -> Any:
        return search(archive, query, limit=10, snippets=not args.no_snippets)

    for query in queries:  # warm-up: caches, pages of the mapped files
        run(query)
    print({"load": os.getloadavg()[0], **stage_times(run, queries)}, flush=True)
    profile = cProfile.Profile()
    profile.enable()
    for query in queries:
        run(query)
    profile.disable()
    stats = pstats.Stats(profile)
    if args.save:
        stats.dump_stats(args.save)
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
