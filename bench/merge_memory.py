"""Peak memory and CPU of merging every segment of an index: khabar's streamed merge beside
whoosh's (every posting poured into the writer's pool), each on its own copy of the index.

    .venv/bin/python bench/merge_memory.py INDEX_DIR WORK_DIR

Each merge runs in a fresh child process that samples its own resident set every 50 ms
(``VmRSS``, ``RssAnon``, ``RssFile``); prints one JSON line a merge. Linux only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIELDS = ("VmRSS", "RssAnon", "RssFile")


def _status() -> dict[str, float]:
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in FIELDS:
            found[name] = int(value.split()[0]) / 1024
    return found


def merge(mode: str, index_dir: Path) -> dict[str, Any]:
    """Merge every segment of ``index_dir`` in this process, ``mode`` "khabar" or "whoosh"."""
    from whoosh.reading import SegmentReader

    from searcher.engine.segment_writer import KhabarWriter, _FileReads
    from searcher.index.directory import open_or_create_for_write
    from searcher.index.run import WRITER_POOL_MB

    ix = open_or_create_for_write(index_dir)
    peak = _status()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for name, value in _status().items():
                peak[name] = max(peak[name], value)
            time.sleep(0.05)

    def streamed(writer: KhabarWriter, segments: list[Any]) -> list[Any]:
        storage = _FileReads(writer.storage.folder)
        for segment in segments:
            writer.merge_segment(SegmentReader(storage, writer.schema, segment))
        return []

    def pooled(writer: KhabarWriter, segments: list[Any]) -> list[Any]:
        for segment in segments:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return []

    before = _status()
    threading.Thread(target=sample, daemon=True).start()
    segments = len(ix._segments())
    started = time.process_time()
    KhabarWriter(ix, limitmb=WRITER_POOL_MB).commit(
        mergetype=streamed if mode == "khabar" else pooled)
    done.set()
    return {"merge": mode, "segments": segments, "documents": ix.doc_count_all(),
            "cpu_seconds": round(time.process_time() - started, 1),
            "before_mb": {k: round(v, 1) for k, v in before.items()},
            "peak_mb": {k: round(v, 1) for k, v in peak.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--child", choices=("khabar", "whoosh"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(merge(args.child, args.work)))
        return 0
    for mode in ("khabar", "whoosh"):
        copy = args.work / f"merge-{mode}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(args.index, copy)
        subprocess.run([sys.executable, __file__, str(args.index), str(copy), "--child", mode],
                       check=True)
        shutil.rmtree(copy, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
