"""Indexing throughput: ``khabar index`` beside tantivy on the same corpus, in the same run.

    .venv/bin/python bench/index_throughput.py CORPUS --work DIR [--runs 3]
        [--code LABEL=SOURCE_DIR ...]

Each run builds a fresh index in a child process; the systems alternate run by run, so load
changes hit all of them alike. Reported per system: articles, median wall seconds and
articles/s, median CPU seconds of the whole process tree (main process and workers) and CPU
milliseconds an article, and the 1-minute load before each run. ``--code LABEL=DIR`` runs
``khabar`` with ``DIR`` (a checkout of another commit) first on the import path, to compare
two versions of khabar in one run (``--only-code``: those alone, beside tantivy). Prints
one JSON line a system; ``--out`` appends them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

KHABAR = Path(sys.executable).with_name("khabar")
REPO = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of ``command`` (and its children), and its stdout."""
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed: {done.stderr.strip()[-400:]}")
    return time.perf_counter() - started, _children_cpu() - cpu, done.stdout


def khabar_run(corpus: Path, target: Path, code: Path | None) -> tuple[int, float, float]:
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    wall, cpu, out = _timed([*_khabar_command(code), "index", str(corpus), "--index",
                             str(target), "--json", "--follow-symlinks"], env)
    return json.loads(out)["articles_written"], wall, cpu


def _khabar_command(code: Path | None) -> list[str]:
    """The installed ``khabar`` script; for another checkout, what its console script does
    (code from before ``searcher.cli.app.run`` has only ``main``, which the script exited with)."""
    if code is None:
        return [str(KHABAR)]
    return [sys.executable, "-c", "import sys; from searcher.cli import app; "
            "sys.exit(getattr(app, 'run', app.main)())"]


def tantivy_run(corpus: Path, target: Path) -> tuple[int, float, float]:
    wall, cpu, out = _timed([sys.executable, "-m", "bench.peers", "tantivy", str(corpus),
                             str(target)], dict(os.environ, PYTHONPATH=str(REPO)))
    return int(out.strip()), wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", action="append", default=[],
                        help="LABEL=DIR: also run khabar from the checkout DIR")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--only-code", action="store_true",
                        help="run only the --code checkouts (and tantivy), not this one")
    args = parser.parse_args(argv)
    systems: dict[str, object] = {} if args.only_code else {"khabar": None}
    for spec in args.code:
        label, _, folder = spec.partition("=")
        systems[f"khabar@{label}"] = Path(folder)
    systems["tantivy"] = "tantivy"
    runs: dict[str, list[tuple[int, float, float, float]]] = {name: [] for name in systems}
    for number in range(args.runs):
        for name, code in systems.items():
            target = args.work / f"{name.replace('@', '-')}-{number}"
            shutil.rmtree(target, ignore_errors=True)
            load = os.getloadavg()[0]
            if code == "tantivy":
                articles, wall, cpu = tantivy_run(args.corpus, target)
            else:
                articles, wall, cpu = khabar_run(args.corpus, target,
                                                 code if isinstance(code, Path) else None)
            if not articles:
                raise SystemExit(f"{name} indexed no articles from {args.corpus}: give a "
                                 "folder of *.jsonl files (what every system reads)")
            runs[name].append((articles, wall, cpu, load))
            print(json.dumps({"run": number, "system": name, "articles": articles,
                              "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                              "load": round(load, 2)}), file=sys.stderr, flush=True)
            shutil.rmtree(target, ignore_errors=True)
    for name, measured in runs.items():
        articles = measured[0][0]
        wall = statistics.median(m[1] for m in measured)
        cpu = statistics.median(m[2] for m in measured)
        line = json.dumps({
            "system": name, "articles": articles, "runs": len(measured),
            "wall_s": round(wall, 1), "articles_per_s": round(articles / wall, 1),
            "cpu_s": round(cpu, 1), "cpu_ms_per_article": round(1000 * cpu / articles, 2),
            "walls": [round(m[1], 1) for m in measured], "loads": [round(m[3], 2) for m in measured],
        })
        print(line, flush=True)
        if args.out:
            with args.out.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
