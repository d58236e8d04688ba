"""What verifying an index's signature costs on open, at scale: every file's bytes are signed
(khabar.sig version 3), and a (size, inode, mtime, ctime) cache spares re-hashing.

    .venv/bin/python bench/trust_open_cost.py INDEX_DIR [--repeat 5]

On a copy of INDEX_DIR signed with this machine's key, the median of ``--repeat`` runs of:
verifying with the cache fresh (what every open pays), verifying a copy whose files the cache
does not know (a restored or copied index: every byte hashed), and, as the floor, a bare
``os.stat`` of every file and reading the TOC (what any open pays anyway).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from searcher.index import trust


def _median(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _floor(index_dir: Path) -> None:
    for path in index_dir.iterdir():
        path.stat()
    for toc in index_dir.glob("_MAIN_*.toc"):
        toc.read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="khabar-trust-"))
    signed = work / "signed"
    shutil.copytree(args.index, signed)
    trust.sign(signed)
    trust.sign(signed)  # the TOC's entry now holds its own inode and times
    size = sum(p.stat().st_size for p in signed.iterdir() if p.is_file())
    assert trust.is_trusted(signed)
    copies = []

    def cold() -> None:
        copy = work / f"copy{len(copies)}"
        shutil.copytree(signed, copy)
        copies.append(copy)
        started = time.perf_counter()
        assert trust.is_trusted(copy)
        cold_times.append(time.perf_counter() - started)

    cold_times: list[float] = []
    for _ in range(args.repeat):
        cold()
    figures = {
        "index_mb": round(size / 1e6, 1),
        "files": sum(1 for _ in signed.iterdir()),
        "verify_cached_ms": round(_median(lambda: trust.is_trusted(signed), args.repeat) * 1e3, 2),
        "verify_uncached_ms": round(statistics.median(cold_times) * 1e3, 1),
        "stat_and_toc_floor_ms": round(_median(lambda: _floor(signed), args.repeat) * 1e3, 2),
        "repeat": args.repeat,
        "load": os.getloadavg()[0],
    }
    print(json.dumps(figures))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
