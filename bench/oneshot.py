"""Child-process measurements for the scale benchmark: wall time, CPU and peak memory.

Each command runs as a fresh process (as a script or a person runs ``khabar``), waited for with
``os.wait4`` so its peak resident memory (``ru_maxrss``, its own and its waited-for children's)
is its own. Used for ``khabar index`` and the peers' builds, and for one-shot ``khabar search`` and
``khabar stats`` (median of several runs).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

KHABAR = str(Path(sys.executable).with_name("khabar"))


def run_child(argv: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``argv`` once; its wall seconds, CPU seconds, peak MiB, exit code and load before."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen(argv, env={**os.environ, **(env or {})},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    stderr = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # 1: no results, a normal outcome for khabar
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}):\n{stderr}")
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_mib": usage.ru_maxrss / 1024, "exit": child.returncode, "load": load}


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
