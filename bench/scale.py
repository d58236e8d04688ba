"""The scale benchmark: khabar beside tantivy and SQLite FTS5 on one corpus, in one run.

    .venv/bin/python bench/gen_corpus.py --count 100000 --format jsonl --jobs 2 \\
        --out bench/out/syn100k
    .venv/bin/python bench/gen_queries.py --count 700 --questions 300 --out bench/out/q1000.tsv
    .venv/bin/python bench/scale.py --corpus bench/out/syn100k --queries bench/out/q1000.tsv \\
        --work bench/out/scale100k [--small bench/out/scale10k]

1. **build**: each system indexes the corpus in a child process (``khabar index``; the peers
   through :mod:`bench.peers`), unless its index is already under ``--work``: seconds,
   articles/s, CPU seconds, peak memory, the 1-minute load before.
2. **warm**: every system open in this process; each query once to warm up, then ``--rounds``
   times, the systems alternating query by query; p50/p99 per mode: ``snippets`` (the topic and
   question queries, top 10 with snippets), ``nosnip`` (the same, no snippets), ``date``
   (``--sort date``), ``phrase`` (the «…» queries), ``filter`` (the topic queries restricted to
   one agency, a different one for each query).
3. **oneshot**: ``khabar search`` and ``khabar stats`` as fresh processes, median of
   ``--oneshot-runs``, on this index and on ``--small`` (an index of a smaller corpus).

``khabar-nocache`` is khabar with no decoded postings kept between queries
(:mod:`searcher.engine.postings_cache`; the warm rounds repeat the warm-up's queries, so the
cache holds every term they ask for once its budget does): list it beside ``khabar`` to have
both figures in one run. ``--postings-cache-mb`` sets the cache's budget.

Results: stdout and ``--work/scale.json``. Needs the ``bench`` extra (tantivy).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_index
from bench.oneshot import KHABAR, one_shot, run_child
from bench.peers import Fts5, Tantivy, iter_records

SYSTEMS = ("khabar", "khabar-nocache", "tantivy", "fts5")
MODES = ("snippets", "nosnip", "date", "phrase", "filter")
ONE_SHOT_QUERY = "تحریم نفت"


class Khabar:
    name = "khabar"

    def __init__(self, path: Path) -> None:
        from searcher.index.opened import OpenedIndex
        from searcher.rank.search import Filters, search

        self.archive = OpenedIndex(path)
        self._search, self._filters = search, Filters

    def run(self, text: str, *, snippets: bool, by_date: bool = False,
            source: str | None = None) -> int:
        filters = self._filters(sources=(source,)) if source else None
        return self._search(self.archive, text, limit=10, snippets=snippets,
                            sort="date" if by_date else "relevance", filters=filters).total


class KhabarUncached(Khabar):
    """khabar with no decoded postings kept between queries (its own opened index; the
    process's cache, which ``khabar`` fills, is set aside during each of its queries)."""

    name = "khabar-nocache"

    def run(self, text: str, **options: Any) -> int:
        from searcher.engine import postings
        from searcher.engine.postings_cache import PostingsCache

        kept, postings.CACHE = postings.CACHE, PostingsCache(budget=0)
        try:
            return super().run(text, **options)
        finally:
            postings.CACHE = kept


def machine() -> dict[str, Any]:
    return {**bench_index.machine(), "time": time.strftime("%H:%M UTC", time.gmtime()),
            "load": os.getloadavg()}


def build(system: str, corpus: Path, target: Path) -> dict[str, Any] | None:
    """Index ``corpus`` into ``target`` with ``system`` in a child process, unless done."""
    if target.exists():
        return None
    if system == "khabar":
        argv = [KHABAR, "index", str(corpus), "--index", str(target)]
    else:
        argv = [sys.executable, "-m", "bench.peers", system, str(corpus), str(target)]
    row = run_child(argv, {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    row["articles"] = sum(1 for _ in iter_records(corpus))
    row["articles_per_s"] = row["articles"] / row["seconds"]
    files = [target] if target.is_file() else [p for p in target.rglob("*") if p.is_file()]
    row["index_mib"] = sum(p.stat().st_size for p in files) / 2**20
    return row


def add_postings_cache_option(parser: argparse.ArgumentParser) -> None:
    """``--postings-cache-mb``: khabar's budget of decoded postings kept between queries."""
    parser.add_argument("--postings-cache-mb", type=float, default=None,
                        help="decoded postings kept between queries (0: none; default: "
                             "khabar's own budget)")


def apply_postings_cache_option(args: argparse.Namespace) -> None:
    """Set the budget ``--postings-cache-mb`` asked for, if it asked."""
    if args.postings_cache_mb is not None:
        from searcher.engine.postings_cache import set_budget

        set_budget(int(args.postings_cache_mb * 2**20))


def read_queries(path: Path, limit: int) -> dict[str, list[str]]:
    """Queries by mode: the «…» ones for ``phrase``, the others (topic words, questions) for
    the rest; each list an even spread of at most ``limit``."""
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines()
            if "\t" in line]
    phrases = [q.strip() for qid, q in rows if qid.startswith("PHRASE")]
    topics = [q.strip() for qid, q in rows if not qid.startswith("PHRASE")]

    def spread(items: list[str]) -> list[str]:
        if not limit or len(items) <= limit:
            return items
        step = len(items) / limit
        return [items[int(i * step)] for i in range(limit)]

    return {"topics": spread(topics), "phrases": spread(phrases)}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def mode_calls(mode: str, queries: dict[str, list[str]], agencies: list[str]
               ) -> list[Callable[[Any], int]]:
    """One call per query of ``mode``: given a system, run the query on it."""
    if mode == "phrase":
        return [lambda s, q=q: s.run(q, snippets=True) for q in queries["phrases"]]
    topics = queries["topics"]
    if mode == "filter":
        return [lambda s, q=q, a=agencies[i % len(agencies)]: s.run(q, snippets=True, source=a)  # noqa: B008 (binds each query's agency)
                for i, q in enumerate(topics)]
    options = {"snippets": {"snippets": True}, "nosnip": {"snippets": False},
               "date": {"snippets": True, "by_date": True}}[mode]
    return [lambda s, q=q: s.run(q, **options) for q in topics]


def warm(systems: list[Any], queries: dict[str, list[str]], agencies: list[str],
         rounds: int, modes: tuple[str, ...]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for mode in modes:
        calls = mode_calls(mode, queries, agencies)
        times: dict[str, list[float]] = {s.name: [] for s in systems}
        cpu: dict[str, list[float]] = {s.name: [] for s in systems}
        load = os.getloadavg()[0]
        for call in calls:  # warm-up: caches, OS pages
            for system in systems:
                call(system)
        for _ in range(rounds):
            for call in calls:
                for system in systems:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    call(system)
                    times[system.name].append(time.perf_counter() - started)
                    cpu[system.name].append(time.process_time() - cpu_started)
        results[mode] = {"queries": len(calls), "rounds": rounds, "load": load,
                         **{name: {"p50_ms": 1000 * statistics.median(values),
                                   "p99_ms": 1000 * percentile(values, 0.99),
                                   "mean_ms": 1000 * statistics.fmean(values),
                                   "cpu_p50_ms": 1000 * statistics.median(cpu[name]),
                                   "cpu_p99_ms": 1000 * percentile(cpu[name], 0.99)}
                            for name, values in times.items()}}
        print(json.dumps({mode: results[mode]}, ensure_ascii=False), flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="JSON Lines corpus folder")
    parser.add_argument("--queries", type=Path, required=True, help="gen_queries.py output")
    parser.add_argument("--work", type=Path, required=True, help="indexes and results here")
    parser.add_argument("--small", type=Path, help="a smaller khabar index for one-shot figures")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--max-queries", type=int, default=300, help="per query list; 0: all")
    parser.add_argument("--oneshot-runs", type=int, default=5)
    parser.add_argument("--skip", default="", help="phases to skip: build,warm,oneshot")
    add_postings_cache_option(parser)
    args = parser.parse_args(argv)
    apply_postings_cache_option(args)
    os.environ.setdefault("KHABAR_KEY_FILE", str(args.work / "index.key"))
    args.work.mkdir(parents=True, exist_ok=True)
    names = [n for n in args.systems.split(",") if n]
    skip = set(args.skip.split(","))
    report: dict[str, Any] = {"machine": machine(), "corpus": str(args.corpus)}
    print(json.dumps(report["machine"]), flush=True)
    paths = {name: args.work / ("fts5.sqlite" if name == "fts5" else name.split("-")[0])
             for name in names}
    if "build" not in skip:
        report["build"] = {}
        for name in names:
            row = build(name, args.corpus, paths[name])
            if row:
                report["build"][name] = row
                print(json.dumps({"build": name, **row}), flush=True)
    if "warm" not in skip:
        from bench.synth.newsroom import AGENCIES

        opener = {"khabar": Khabar, "khabar-nocache": KhabarUncached, "tantivy": Tantivy,
                  "fts5": Fts5}
        systems = [opener[name](paths[name]) for name in names]
        queries = read_queries(args.queries, args.max_queries)
        report["warm"] = warm(systems, queries, [a.short for a in AGENCIES], args.rounds,
                              tuple(m for m in args.modes.split(",") if m))
    if "oneshot" not in skip:
        report["oneshot"] = {"large": one_shot(paths["khabar"], ONE_SHOT_QUERY,
                                               args.oneshot_runs)}
        if args.small:
            report["oneshot"]["small"] = one_shot(args.small, ONE_SHOT_QUERY, args.oneshot_runs)
        print(json.dumps({"oneshot": report["oneshot"]}), flush=True)
    report["machine"]["load_end"] = os.getloadavg()
    (args.work / "scale.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
