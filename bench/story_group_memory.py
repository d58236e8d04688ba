"""Memory and CPU of grouping stories (``story_labels``), which every commit runs over the
whole index: random 64-value signatures, with a share of near copies of earlier rows.

    .venv/bin/python bench/story_group_memory.py 100000 300000 [--copies 0 0.67] [--runs 3]

Prints one line per size and share: the signatures' size, the extra memory ``tracemalloc``
saw at the peak (numpy's arrays included) and the CPU seconds of each run.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from searcher.index.story_groups import story_labels


def signatures(rows: int, copies: float, seed: int = 1) -> np.ndarray:
    """Random signatures; the last ``copies`` share copy earlier rows with a fifth changed."""
    rng = np.random.default_rng(seed)
    found = rng.integers(1, 2**32, size=(rows, 64), dtype=np.uint64).astype("<u4")
    copied = int(rows * copies)
    found[rows - copied:] = found[rng.integers(0, rows - copied, size=copied)]
    edited = rng.random((copied, 64)) < 0.2
    found[rows - copied:][edited] = rng.integers(1, 2**32, size=int(edited.sum()),
                                                 dtype=np.uint64).astype("<u4")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", nargs="+", type=int)
    parser.add_argument("--copies", nargs="+", type=float, default=[0.0, 0.67])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    for rows in args.rows:
        for copies in args.copies:
            found = signatures(rows, copies)
            tracemalloc.start()
            story_labels(found)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            seconds = []
            for _ in range(args.runs):
                started = time.process_time()
                stories = len(np.unique(story_labels(found)))
                seconds.append(time.process_time() - started)
            print(f"{rows:,} rows, {copies:.0%} copies: signatures {found.nbytes / 2**20:.0f} MiB, "
                  f"extra at the peak {peak / 2**20:.0f} MiB, {stories:,} stories, CPU s "
                  + " ".join(f"{s:.2f}" for s in seconds), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
