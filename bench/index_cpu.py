"""Where indexing's CPU goes: the main process (by phase) and the worker processes, separately.

    .venv/bin/python bench/index_cpu.py CORPUS --work DIR [--runs 3] [--jobs N]
        [--code LABEL=SOURCE_DIR ...] [--out FILE]

The pipeline is bound by its serial part (the main process: parse, write, flush, commit) when
the workers keep up, and by the total CPU when both cores are busy; on a shared machine
wall-clock says little, CPU time per article says which bound is near. Each run indexes
``CORPUS`` into a fresh index in a child process that reports: the main process's CPU (all its
threads, ``process_time``; the main thread alone, ``thread_time``), the workers' CPU (their
``rusage`` once the pool has ended), the main thread's CPU in each phase it was wrapped for
(``add_document``, the flush, the commit, the manifest, …; a phase missing from the code
measured is left out), the bytes of the messages workers sent back, and wall time.
``--code LABEL=DIR`` runs a checkout of another commit the same way (first on the import
path); the versions alternate run by run. The predicted quiet-machine rate is
``1 / max(main CPU, total CPU / 2)`` an article on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# (module, class or "", attribute, phase): main-thread CPU summed per phase.
PHASES = (
    ("searcher.engine.segment_writer", "KhabarWriter", "add_document", "add_document"),
    ("searcher.engine.segment_writer", "KhabarWriter", "_flush_segment", "flush"),
    ("searcher.engine.segment_writer", "KhabarWriter", "_assemble_segment", "assemble"),
    ("searcher.engine.segment_writer", "KhabarWriter", "commit", "commit (all)"),
    ("searcher.index.manifest", "Manifest", "set_article", "manifest"),
    ("searcher.index.manifest", "Manifest", "content_of", "manifest"),
    ("searcher.index.manifest", "Manifest", "id_with_content", "manifest"),
    ("searcher.index.manifest", "Manifest", "set_file", "manifest"),
    ("searcher.index.manifest", "Manifest", "commit", "manifest"),
    ("searcher.index.run", "", "write_stories", "stories"),
    ("searcher.index.trust", "", "sign", "sign"),
    ("searcher.index.run", "", "prepare", "prepare (parse)"),
)

_CHILD = r"""
import json, os, pickle, resource, sys, time
from collections import defaultdict
from importlib import import_module
from pathlib import Path

phases = defaultdict(float)
received = [0, 0]

def wrap(owner, name, label):
    original = getattr(owner, name, None)
    if original is None:
        return
    def timed(*args, **kwargs):
        started = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            phases[label] += time.thread_time() - started
    setattr(owner, name, timed)

for module, cls, name, label in json.loads(sys.argv[3]):
    owner = import_module(module)
    wrap(getattr(owner, cls) if cls else owner, name, label)

loads = pickle.loads
def counted(data, *args, **kwargs):
    received[0] += 1
    received[1] += len(data)
    started = time.thread_time()
    try:
        return loads(data, *args, **kwargs)
    finally:
        phases["results unpickled"] += time.thread_time() - started
import searcher.index.workers as workers
workers.pickle = type(sys)("pickle_counted")
workers.pickle.loads, workers.pickle.dumps = counted, pickle.dumps
workers.pickle.HIGHEST_PROTOCOL = pickle.HIGHEST_PROTOCOL

from searcher.index.run import index_paths
jobs = None if sys.argv[4] == "" else int(sys.argv[4])
wall, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
report = index_paths([Path(sys.argv[1])], Path(sys.argv[2]), jobs=jobs)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "articles": report.articles_written, "wall_s": time.perf_counter() - wall,
    "main_cpu_s": time.process_time() - cpu, "main_thread_s": time.thread_time() - main,
    "workers_cpu_s": children.ru_utime + children.ru_stime,
    "messages": received[0], "message_bytes": received[1], "phases": phases}))
"""


def one_run(corpus: Path, target: Path, code: Path | None, jobs: int | None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (code or REPO, REPO))
    shutil.rmtree(target, ignore_errors=True)
    # -P: not the current folder first on the import path, only the code chosen
    done = subprocess.run([sys.executable, "-P", "-c", _CHILD, str(corpus), str(target),
                           json.dumps(PHASES), "" if jobs is None else str(jobs)],
                          env=env, capture_output=True, text=True, check=False)
    shutil.rmtree(target, ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-600:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(name: str, runs: list[dict]) -> dict:
    articles = runs[0]["articles"]

    def per_article(key: str) -> float:
        return round(1000 * statistics.median(r[key] for r in runs) / articles, 3)

    main = per_article("main_cpu_s")
    total = round(statistics.median(
        1000 * (r["main_cpu_s"] + r["workers_cpu_s"]) / articles for r in runs), 3)
    phases = sorted({p for r in runs for p in r["phases"]})
    return {
        "system": name, "articles": articles, "runs": len(runs),
        "main_ms": main, "main_thread_ms": per_article("main_thread_s"),
        "workers_ms": per_article("workers_cpu_s"), "total_ms": total,
        "predicted_quiet_per_s": round(1000 / max(main, total / 2)),
        "wall_s": [round(r["wall_s"], 1) for r in runs],
        "message_bytes_per_article": round(runs[0]["message_bytes"] / articles),
        "phases_ms": {p: round(1000 * statistics.median(r["phases"].get(p, 0.0) for r in runs)
                               / articles, 3) for p in phases},
        "loads": [r["load"] for r in runs],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, action="append", default=[],
                        help="worker processes (default: khabar's choice); given twice or "
                             "more, each code version runs with each number")
    parser.add_argument("--code", action="append", default=[],
                        help="LABEL=DIR: also run the checkout DIR")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--only-code", action="store_true",
                        help="run only the --code checkouts, not this one")
    args = parser.parse_args(argv)
    codes: dict[str, Path | None] = {} if args.only_code else {"khabar": None}
    for spec in args.code:
        label, _, folder = spec.partition("=")
        codes[f"khabar@{label}"] = Path(folder).resolve()
    systems = {(f"{name} jobs={jobs}" if jobs is not None and len(args.jobs) > 1 else name):
               (code, jobs) for name, code in codes.items() for jobs in (args.jobs or [None])}
    runs: dict[str, list[dict]] = {name: [] for name in systems}
    for number in range(args.runs):
        for name, (code, jobs) in systems.items():
            load = os.getloadavg()[0]
            folder = name.replace("@", "-").replace(" ", "-").replace("=", "")
            measured = one_run(args.corpus, args.work / f"{folder}-{number}", code, jobs)
            measured["load"] = round(load, 2)
            runs[name].append(measured)
            print(json.dumps({"run": number, "system": name, **measured}), file=sys.stderr,
                  flush=True)
    for name, measured in runs.items():
        line = json.dumps(summary(name, measured), ensure_ascii=False)
        print(line, flush=True)
        if args.out:
            with args.out.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
