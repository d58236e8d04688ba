"""Child-process measurements for the scale benchmark: wall time, CPU and peak memory.

Each command runs as a fresh process (as a script or a person runs ``khabar``), waited for with
``os.wait4`` so that its peak resident memory (``ru_maxrss``, its own and its waited-for
children's) is known. Linux starts a child's peak at the size of the process it was forked from
(the peak survives ``exec``), so a benchmark that already holds hundreds of MiB would report
its own size for every child: each command is therefore started and waited for by a small
launcher interpreter (a few MiB), which reports the command's figures. Used for ``khabar index``
and the peers' builds, and for one-shot ``khabar search`` and ``khabar stats`` (median of several
runs).
"""

from __future__ import annotations

import json
import os
import statistics
import time
import subprocess
import sys
from pathlib import Path
from typing import Any

KHABAR = str(Path(sys.executable).with_name("khabar"))


# Runs in a fresh interpreter without site (small): spawns the command, waits for it, and
# prints its figures. The command's stdout goes to /dev/null, its stderr to the launcher's.
_LAUNCHER = """
import json, os, sys, time
argv = json.loads(sys.argv[1])
started = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
print(json.dumps({"seconds": time.perf_counter() - started,
                  "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
                  "exit": os.waitstatus_to_exitcode(status)}))
"""


def run_child(argv: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``argv`` once; its wall seconds, CPU seconds, peak MiB, exit code and load before."""
    load = os.getloadavg()[0]
    # Byte code may be written, as on a user's machine (pip compiles installed packages): with
    # PYTHONDONTWRITEBYTECODE, khabar's edited sources would be compiled again on every run.
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, json.dumps(argv)],
                          env={**environ, **(env or {})}, capture_output=True, check=False)
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} could not be started:\n{stderr}")
    row = json.loads(done.stdout)
    if row["exit"] not in (0, 1):  # 1: no results, a normal outcome for khabar
        raise SystemExit(f"{' '.join(argv)} failed ({row['exit']}):\n{stderr}")
    return {**row, "load": load}


def medians(argv: list[str], runs: int, env: dict[str, str] | None = None) -> dict[str, Any]:
    """``runs`` runs of ``argv`` (after one unmeasured, to warm the page cache): medians."""
    run_child(argv, env)
    rows = [run_child(argv, env) for _ in range(runs)]
    return {"runs": runs,
            "seconds": statistics.median(r["seconds"] for r in rows),
            "seconds_min": min(r["seconds"] for r in rows),
            "seconds_max": max(r["seconds"] for r in rows),
            "cpu_s": statistics.median(r["cpu_s"] for r in rows),
            "peak_mib": statistics.median(r["peak_mib"] for r in rows),
            "load": statistics.median(r["load"] for r in rows)}


def one_shot(index_dir: Path, query: str, runs: int) -> dict[str, Any]:
    """``khabar search QUERY`` and ``khabar stats`` on ``index_dir``, medians of ``runs``."""
    index = ["--index", str(index_dir)]
    return {"search": medians([KHABAR, "search", query, *index], runs),
            "stats": medians([KHABAR, "stats", *index], runs)}


PEER = [sys.executable, "-c", "import whoosh, typer, rich"]


def side_by_side(indexes: list[Path], query: str, runs: int) -> dict[str, list[dict[str, Any]]]:
    """The peer (``import whoosh, typer, rich``) and, on each index, one-shot ``khabar search
    QUERY`` and ``khabar stats``: ``runs`` interleaved rounds (after one unmeasured), so that a
    change in the machine's load hits every command alike."""
    todo = {"peer": PEER}
    for index_dir in indexes:
        todo[f"search {index_dir}"] = [KHABAR, "search", query, "--index", str(index_dir)]
        todo[f"stats {index_dir}"] = [KHABAR, "stats", "--index", str(index_dir)]
    for argv in todo.values():
        run_child(argv)
    rows: dict[str, list[dict[str, Any]]] = {label: [] for label in todo}
    for _ in range(runs):
        for label, argv in todo.items():
            rows[label].append(run_child(argv))
    return rows


def main() -> None:
    import argparse
    import platform

    parser = argparse.ArgumentParser(description="One-shot khabar search and stats beside the "
                                                 "import of its libraries (medians).")
    parser.add_argument("--index", type=Path, action="append", required=True,
                        help="an index to run on (repeatable: the large one, then a small one)")
    parser.add_argument("--query", default="تحریم نفت")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = side_by_side(args.index, args.query, args.runs)
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}; median of {args.runs} interleaved runs; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end.\n")
    print("| command | wall, median | CPU, median | peak memory, median | 1-min load |")
    print("|---|---:|---:|---:|---:|")
    for label, measured in rows.items():
        print(f"| `{label}` | {statistics.median(r['seconds'] for r in measured):.3f} s | "
              f"{statistics.median(r['cpu_s'] for r in measured):.3f} s | "
              f"{statistics.median(r['peak_mib'] for r in measured):.1f} MiB | "
              f"{statistics.median(r['load'] for r in measured):.2f} |")


if __name__ == "__main__":
    if __package__ in (None, ""):  # run as a script: make the repository importable
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
