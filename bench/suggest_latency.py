"""One-shot ``khabar search`` wall time with and without a typing slip, against a peer build.

    .venv/bin/python bench/suggest_latency.py --index DIR --peer /path/to/other/checkout

Each query runs as a fresh process (what a user's one-shot search pays), ``--repeat`` times,
alternating khabar and the peer so machine load hits both alike; prints medians in ms. The peer
is another khabar checkout (e.g. main before this change) run with this interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUERIES = ("تحریم", "تحرم", "احمدی نزاد", "انتخابت", "قیمت دلار")


def _run(checkout: Path, query: str, index: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "searcher.cli.app", "search", query, "--index",
                    str(index), "--limit", "10"], env=env, cwd=checkout,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--peer", type=Path, required=True, help="another khabar checkout")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    here = Path(__file__).resolve().parent.parent
    print(f"{'query':14} {'khabar ms':>10} {'peer ms':>10}")
    for query in QUERIES:
        ours, peer = [], []
        for _ in range(args.repeat):
            ours.append(_run(here, query, args.index))
            peer.append(_run(args.peer, query, args.index))
        print(f"{query:14} {statistics.median(ours):10.0f} {statistics.median(peer):10.0f}")


if __name__ == "__main__":
    main()
