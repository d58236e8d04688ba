"""Peak memory of ``khabar index`` on a folder: the whole process tree's resident set, sampled.

    .venv/bin/python bench/index_memory.py CORPUS [CORPUS ...] [--jobs N] [--out FILE]

Each corpus is indexed into a fresh index by the installed ``khabar``; every 0.1 s the resident
set sizes of the main process and its worker processes are read from /proc and summed. Prints
one JSON object a corpus: articles, seconds, peak RSS of the tree and of the main process.
Linux only (/proc).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KHABAR = Path(sys.executable).with_name("khabar")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    found = [int(c) for c in text.split()]
    return found + [g for c in found for g in _children(c)]


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(corpus: Path, jobs: int | None) -> dict[str, object]:
    """Index ``corpus`` into a fresh index, sampling memory; the figures."""
    index_dir = Path(tempfile.mkdtemp(prefix="khabar-mem-"))
    env = dict(os.environ)
    if jobs is not None:
        env["KHABAR_JOBS"] = str(jobs)
    started = time.perf_counter()
    process = subprocess.Popen([str(KHABAR), "index", str(corpus), "--index", str(index_dir),
                                "--json"], env=env, stdout=subprocess.PIPE, text=True)
    peak_tree = peak_main = 0
    while process.poll() is None:
        main = _rss(process.pid)
        peak_main = max(peak_main, main)
        peak_tree = max(peak_tree, main + sum(_rss(c) for c in _children(process.pid)))
        time.sleep(0.1)
    out, _ = process.communicate()
    seconds = time.perf_counter() - started
    report = json.loads(out) if process.returncode == 0 else {}
    shutil.rmtree(index_dir, ignore_errors=True)
    return {"corpus": str(corpus), "returncode": process.returncode,
            "articles": report.get("articles_written"), "seconds": round(seconds, 1),
            "peak_rss_tree_mb": round(peak_tree / 2**20, 1),
            "peak_rss_main_mb": round(peak_main / 2**20, 1), "jobs": jobs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=None, help="KHABAR_JOBS for the runs")
    parser.add_argument("--out", type=Path, help="append the JSON lines here too")
    args = parser.parse_args(argv)
    for corpus in args.corpora:
        line = json.dumps(measure(corpus, args.jobs))
        print(line, flush=True)
        if args.out:
            with args.out.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
