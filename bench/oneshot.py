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
    done = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, json.dumps(argv)],
                          env={**os.environ, **(env or {})}, capture_output=True, check=False)
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
