"""A run of articles reaches a worker in one write: the pool's task pipe holds a whole run.

A run of 64 articles pickled is ~200 KB; through a 64 KB pipe the pool's feeder thread wrote
it a piece at a time, taking the GIL back from the busy main process between pieces while the
worker waited (its mid-run busy share 96-97 % at 20k articles; 98-99 % with the pipe holding
whole runs: docs/benchmarks.md, session 13)."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

from searcher.index import workers
from searcher.index.workers import ARTICLE_CHUNK
from searcher.ingest.dispatch import parse_file

SAMPLE = Path(__file__).resolve().parents[2].parent / "sample_corpus"

F_GETPIPE_SZ = 1032


def _a_run_pickled() -> int:
    articles = []
    for path in sorted(SAMPLE.rglob("*")):
        if path.is_file() and path.suffix in {".json", ".jsonl", ".txt", ".md"}:
            articles.extend(parse_file(path, field_map=None, max_bytes=1 << 30).articles)
    assert len(articles) >= 10
    run = (articles * (ARTICLE_CHUNK // len(articles) + 1))[:ARTICLE_CHUNK]
    return len(pickle.dumps(run, protocol=pickle.HIGHEST_PROTOCOL))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are Linux's")
def test_the_task_pipe_holds_two_runs_of_articles() -> None:
    import fcntl

    pool = workers.start_pool(1)
    try:
        capacity = fcntl.fcntl(pool._call_queue._writer.fileno(), F_GETPIPE_SZ)  # type: ignore[attr-defined]
        assert capacity >= 2 * _a_run_pickled()
        assert pool.submit(sum, [1, 2, 3]).result(timeout=120) == 6  # still a working pool
    finally:
        pool.shutdown(wait=True)
