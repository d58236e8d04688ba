"""Newsroom features beside a plain search, in the same run: --facets, collapsing, timeline.

    .venv/bin/python bench/bench_newsroom.py --index bench/out/idx100k [--queries 40] [--rounds 5]

Queries are words of the index chosen by document frequency (seeded): ``--queries`` one- and
two-word queries of 200–20,000 matching articles, and for the timeline the most common word
matching at least 20,000 articles (or the most common there is). Each round runs every query
four ways — plain (no collapsing, no facets), with ``facets=True``, with ``collapse=True``, and
the timeline — interleaved, after a warm-up round; the table shows medians over rounds of the
per-way p50 and p90 (ms). The first use of the newsroom data on an opened index (reading
``khabar.stories`` and the column arrays) is timed apart: it happens once per opened index.
``--one-shot N`` also times N one-shot ``khabar search`` processes collapsed (the default) and
with ``--all`` (no collapsing), alternating: what a single search from the shell pays.
"""

from __future__ import annotations

import argparse
import random
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from searcher.index.opened import OpenedIndex
from searcher.rank.search import search
from searcher.rank.timeline import timeline


def _doc_freqs(archive: OpenedIndex) -> list[tuple[int, str]]:
    reader = archive.searcher.reader()
    return [(info.doc_frequency(), term.decode("utf-8") if isinstance(term, bytes) else term)
            for term, info in reader.iter_field("text")]


def pick_queries(archive: OpenedIndex, count: int, seed: int) -> tuple[list[str], str]:
    freqs = _doc_freqs(archive)
    rng = random.Random(seed)
    low, high = (200, 20_000) if len(archive) > 10_000 else (2, len(archive))
    middling = sorted(term for df, term in freqs if low <= df <= high and len(term) > 2)
    singles = rng.sample(middling, count // 2)
    pairs = [" ".join(rng.sample(middling, 2)) for _ in range(count - len(singles))]
    common = sorted(freqs, reverse=True)
    big = next((term for df, term in reversed(common) if df >= 20_000), common[0][1])
    return singles + pairs, big


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1402)
    parser.add_argument("--one-shot", type=int, default=0, metavar="N")
    args = parser.parse_args()
    with OpenedIndex(args.index) as archive:
        queries, big = pick_queries(archive, args.queries, args.seed)
        first = _ms(lambda: search(archive, queries[0], collapse=True, facets=True))
        plain_first = _ms(lambda: search(archive, queries[0], collapse=False))
        print(f"{len(archive):,} articles; first newsroom search on the opened index "
              f"{first:.0f} ms (stories and columns read), a plain search then "
              f"{plain_first:.0f} ms")
        if args.one_shot:
            one_shot(args.index, queries[0], args.one_shot)
        ways = {
            "plain search": lambda q: search(archive, q, collapse=False),
            "search --facets": lambda q: search(archive, q, collapse=False, facets=True),
            "search, collapsed": lambda q: search(archive, q, collapse=True),
            "timeline": lambda q: timeline(archive, q),
        }
        for way in ways.values():  # warm-up
            for q in queries:
                way(q)
        per_round: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
        big_times: list[float] = []
        for _ in range(args.rounds):
            times: dict[str, list[float]] = {name: [] for name in ways}
            for q in queries:
                for name, way in ways.items():
                    times[name].append(_ms(lambda: way(q)))  # noqa: B023
            big_times.append(_ms(lambda: timeline(archive, big)))
            for name, values in times.items():
                values.sort()
                per_round[name].append((statistics.median(values),
                                        values[int(0.9 * (len(values) - 1))]))
        matched = timeline(archive, big).total
        plain = statistics.median(p50 for p50, _ in per_round["plain search"])
        print("| way | p50 ms | p90 ms | p50 vs plain |")
        print("|---|---|---|---|")
        for name, rounds in per_round.items():
            p50 = statistics.median(r[0] for r in rounds)
            p90 = statistics.median(r[1] for r in rounds)
            print(f"| {name} | {p50:.1f} | {p90:.1f} | {p50 / plain - 1:+.0%} |")
        print(f"| timeline «{big}» ({matched:,} articles) | "
              f"{statistics.median(big_times):.1f} | {max(big_times):.1f} (max) | |")


def one_shot(index: Path, query: str, runs: int) -> None:
    """Median wall time of ``khabar search`` processes, collapsed and with --all, alternating."""
    khabar = Path(sys.executable).with_name("khabar")
    times: dict[str, list[float]] = {"collapsed": [], "--all": []}
    for _ in range(runs):
        for name, extra in (("collapsed", []), ("--all", ["--all"])):
            command = [str(khabar), "search", query, "--index", str(index), *extra]
            times[name].append(_ms(lambda c=command: subprocess.run(  # type: ignore[misc]
                c, check=True, capture_output=True, env={**os.environ, "COLUMNS": "100"})))
    print(f"one-shot khabar search «{query}», {runs} runs each: " + ", ".join(
        f"{name} p50 {statistics.median(values):.0f} ms" for name, values in times.items()))


if __name__ == "__main__":
    main()
