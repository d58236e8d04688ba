"""CPU of whoosh's posting pool beside khabar's on one real batch: add every posting, spill the
sorted runs, merge them back (what a commit of a batch bigger than the pool does).

    .venv/bin/python bench/posting_pool.py INDEX_DIR WORK_DIR [--runs 3]

The postings are those of the index's first segment, in the order a writer receives them
(document by document); the two pools alternate; prints the CPU seconds of each run as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.reading import SegmentReader
    from whoosh.writing import PostingPool

    from searcher.engine.mapped_storage import MappedStorage
    from searcher.engine.segment_writer import KhabarPool
    from searcher.index.run import WRITER_POOL_MB

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    ix = MappedStorage(str(args.index)).open_index()
    segment = ix._segments()[0]
    reader = SegmentReader(ix.storage, ix.schema, segment)
    postings = sorted(reader.iter_postings(), key=lambda p: p[2])
    args.work.mkdir(parents=True, exist_ok=True)
    temp = FileStorage(str(args.work))
    seconds: dict[str, list[float]] = {}
    for _ in range(args.runs):
        for pool_class in (PostingPool, KhabarPool):
            pool = pool_class(temp, segment, limitmb=WRITER_POOL_MB)
            started = time.process_time()
            for posting in postings:
                pool.add(posting)
            count = sum(1 for _ in pool.iter_postings())
            pool.cleanup()
            assert count == len(postings)
            seconds.setdefault(pool_class.__name__, []).append(
                round(time.process_time() - started, 1))
    print(json.dumps({"postings": len(postings), "documents": segment.doc_count_all(),
                      "cpu_seconds": seconds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
