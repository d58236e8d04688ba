"""Query fuzzer: many generated and hostile queries through the search library, counting
tracebacks and timing each query.

    .venv/bin/python bench/fuzz_queries.py --count 100000            # over sample_corpus/
    .venv/bin/python bench/fuzz_queries.py --index DIR --count 20000  # over an existing index

Every query must return a SearchResult: any exception is a traceback, printed with its query
(``--failures FILE`` keeps them as JSON Lines). The fixed hostile list of
bench/hostile_queries.py also runs through the installed ``khabar`` (``--cli``), where exit
status 0 or 1 and no "unexpected error" is the contract. Prints one JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.hostile_queries import HOSTILE_QUERIES, QUERY_PIECES

ROOT = Path(__file__).resolve().parent.parent
# Characters that break naive code: controls, NUL, bidi controls, joiners, lone surrogates,
# quotes of three scripts, Persian and Arabic letters and digits, operators.
ODD = ["\x00", "\x1b", "\x07", "\u202e", "\u202d", "\u2066", "\u2069", "\u200c", "\u200d",
       "\u200f", "\ufeff", "\ud800", "\udfff", "\udcff", "«", "»", "“", "”", '"', "(", ")",
       ":", "*", "+", "-", "!", "|", "&", "..", ">=", "<", "ي", "ك", "ة", "ۀ", "ً", "ّ", "۰",
       "٩", "\t", "\n", " "]
LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


def generated(rng: random.Random) -> str:
    """One query from one of five shapes, chosen at random."""
    shape = rng.randrange(5)
    if shape == 0:  # arrangements of the query language
        return " ".join(rng.choice(QUERY_PIECES) for _ in range(rng.randint(1, 25)))
    if shape == 1:  # random code points, surrogates included
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(1, 60)))
    if shape == 2:  # words of random letters with odd characters between them
        parts = []
        for _ in range(rng.randint(1, 15)):
            parts.append("".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 12))))
            parts.append(rng.choice(ODD) if rng.random() < 0.5 else " ")
        return "".join(parts)
    if shape == 3:  # the crash shape: single letters and numbers, an exclusion
        tokens = [rng.choice(LETTERS) if rng.random() < 0.5 else str(rng.randint(1, 20))
                  for _ in range(rng.randint(3, 12))]
        return " ".join(tokens) + " -" + rng.choice(LETTERS + "123456789")
    base = rng.choice(list(HOSTILE_QUERIES.values()))  # a hostile query, mutated
    cut = rng.randint(0, len(base))
    return base[:cut] + rng.choice(ODD + QUERY_PIECES) + base[cut:]


def queries(count: int, seed: int) -> Iterator[str]:
    """The hostile list first, then generated queries, ``count`` in all."""
    rng = random.Random(seed)
    fixed = list(HOSTILE_QUERIES.values())
    for number in range(count):
        yield fixed[number] if number < len(fixed) else generated(rng)


def _sample_index() -> Path:
    from searcher.index.run import index_paths

    folder = Path(tempfile.mkdtemp(prefix="khabar-fuzz-"))
    index_paths([ROOT / "sample_corpus"], folder / "index")
    return folder / "index"


def _shard(args: tuple[Path, int, int, bool]) -> tuple[list[float], dict[str, float],
                                                       list[tuple[str, str]]]:
    """Run one shard: (each query's seconds, the hostile list's seconds, tracebacks)."""
    from searcher.index.opened import OpenedIndex
    from searcher.rank.search import search

    index_dir, count, seed, with_hostile = args
    times: list[float] = []
    hostile_times: dict[str, float] = {}
    failed: list[tuple[str, str]] = []
    names = list(HOSTILE_QUERIES) if with_hostile else []
    stream = queries(count, seed) if with_hostile else (
        generated(rng) for rng in [random.Random(seed)] for _ in range(count))
    with OpenedIndex(index_dir) as opened:
        for number, query in enumerate(stream):
            started = time.perf_counter()
            try:
                search(opened, query)
            except Exception:  # the fuzzer's whole point: count what escapes
                failed.append((query, traceback.format_exc()))
                print(f"TRACEBACK for {query!r}:\n{failed[-1][1]}", file=sys.stderr)
            took = time.perf_counter() - started
            times.append(took)
            if number < len(names):
                hostile_times[names[number]] = took
    return times, hostile_times, failed


def run_library(index_dir: Path, count: int, seed: int, failures: Path | None,
                jobs: int = 1) -> dict:
    """``count`` queries over ``jobs`` processes (shard 0 also runs the hostile list)."""
    shares = [count // jobs + (1 if i < count % jobs else 0) for i in range(jobs)]
    tasks = [(index_dir, share, seed * 1000 + i, i == 0) for i, share in enumerate(shares)]
    if jobs == 1:
        results = [_shard(tasks[0])]
    else:
        from multiprocessing import Pool

        with Pool(jobs) as pool:
            results = pool.map(_shard, tasks)
    times = sorted(t for shard_times, _, _ in results for t in shard_times)
    hostile_times = results[0][1]
    failed = [f for _, _, shard_failed in results for f in shard_failed]
    if failures:
        with failures.open("w", encoding="utf-8") as sink:
            for query, text in failed:
                sink.write(json.dumps({"query": query, "traceback": text}) + "\n")
    slowest = max(hostile_times, key=hostile_times.__getitem__)
    return {
        "queries": len(times), "tracebacks": len(failed), "jobs": jobs,
        "seconds": round(sum(times), 1),
        "median_ms": round(statistics.median(times) * 1000, 2),
        "p99_ms": round(times[int(len(times) * 0.99)] * 1000, 1),
        "max_ms": round(times[-1] * 1000, 1),
        "hostile_max_ms": round(hostile_times[slowest] * 1000, 1),
        "hostile_slowest": slowest,
    }


def run_cli(index_dir: Path) -> dict:
    """Each hostile query through the installed ``khabar``: exit 0 or 1, no unexpected error."""
    khabar = Path(sys.executable).with_name("khabar")
    env = dict(os.environ, KHABAR_INDEX=str(index_dir))
    bad, times = [], []
    for name, query in HOSTILE_QUERIES.items():
        arg = query.encode("utf-8", "surrogateescape" if "\udcff" in query else "surrogatepass")
        if b"\x00" in arg:  # argv cannot carry NUL: the library run covers it
            continue
        started = time.perf_counter()
        done = subprocess.run([os.fsencode(khabar), b"search", arg], env=env,
                              capture_output=True, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1) or b"unexpected error" in done.stderr:
            bad.append({"name": name, "code": done.returncode,
                        "stderr": done.stderr.decode("utf-8", "replace")[-300:]})
    return {"cli_queries": len(times), "cli_failures": bad,
            "cli_median_s": round(statistics.median(times), 2),
            "cli_max_s": round(max(times), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an index (default: sample_corpus/, "
                        "indexed into a temporary folder)")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--cli", action="store_true", help="also run the hostile list through "
                        "the installed khabar")
    parser.add_argument("--failures", type=Path, help="write each traceback here (JSON Lines)")
    parser.add_argument("--jobs", type=int, default=1, help="processes sharing the queries")
    args = parser.parse_args(argv)
    index_dir = args.index or _sample_index()
    summary = {"machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} CPUs",
               "python": platform.python_version(), "load": os.getloadavg(),
               "index": str(index_dir), "seed": args.seed}
    started = time.perf_counter()
    summary |= run_library(index_dir, args.count, args.seed, args.failures, args.jobs)
    summary["wall_seconds"] = round(time.perf_counter() - started, 1)
    if args.cli:
        summary |= run_cli(index_dir)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 1 if summary["tracebacks"] or summary.get("cli_failures") else 0


if __name__ == "__main__":
    sys.exit(main())
