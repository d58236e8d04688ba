"""Prepare files in worker processes and hand them back in order, a bounded number ahead.

whoosh's writer is single-threaded Python; reading, parsing and analyzing a file costs more
than writing it. So workers prepare files (:func:`searcher.index.prepare.prepare`) while the
main process writes, and results come back in the order the files were given, so a run gives
the same ids and the same duplicate choices however many workers it used.

whoosh commits are long (seconds for a batch), and the workers must not idle through them: up
to ``AHEAD_FILES`` files are prepared ahead, kept pickled (about 10 KB an article) until the
main process takes them, which bounds memory on any archive size.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import batched
from typing import Any

from searcher.article import Article
from searcher.index.prepare import Prepared, PreparedArticle, Task, prepare_articles, prepare_many

CHUNK = 16  # files a round trip
ARTICLE_CHUNK = 64  # articles of one big file a round trip
AHEAD_FILES = 4_096  # prepared ahead of the writer: what workers do while it commits
# Below this many files to read, starting worker processes costs more than it saves.
MIN_FILES_FOR_WORKERS = 300


# The main process writes whoosh at about the speed one or two workers prepare files.
MAX_WORKERS = 2


def default_jobs() -> int:
    """Worker processes for a run: the CPUs left beside the main process, at most two."""
    cpus = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    return max(0, min(MAX_WORKERS, (cpus or 1) - 1))


def start_pool(jobs: int) -> ProcessPoolExecutor:
    """``jobs`` worker processes (the caller shuts them down)."""
    import multiprocessing

    # spawn, not fork: the parent may run threads (the progress bar) and hold the index open.
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_setup,
                               initargs=(os.getpid(),))


def prepared_in_order(tasks: list[Task], jobs: int) -> Iterator[Prepared]:
    """Prepared files, in the order of ``tasks``, from ``jobs`` worker processes."""
    pool = start_pool(jobs)
    try:
        yield from _in_order(pool, _prepare_pickled, batched(tasks, CHUNK), AHEAD_FILES // CHUNK)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def analyzed_in_workers(pool: ProcessPoolExecutor, articles: Iterable[Article]
                        ) -> Iterator[PreparedArticle]:
    """The articles of one big file analyzed by ``pool``'s workers, in order.

    A JSON Lines archive is a few files of thousands of articles each: file by file, one
    process would do all the analysis. This process parses the lines (cheap) and the workers
    analyze runs of ``ARTICLE_CHUNK`` articles, as many ahead as ``AHEAD_FILES`` allows.
    """
    yield from _in_order(pool, _prepare_articles_pickled, batched(articles, ARTICLE_CHUNK),
                         AHEAD_FILES // ARTICLE_CHUNK)


def _in_order(pool: ProcessPoolExecutor, work: Callable[[list[Any]], bytes],
              chunks: Iterable[tuple[Any, ...]], ahead: int) -> Iterator[Any]:
    window: deque[Future[bytes]] = deque()
    for chunk in chunks:
        window.append(pool.submit(work, list(chunk)))
        if len(window) >= ahead:
            yield from pickle.loads(window.popleft().result())
    while window:
        yield from pickle.loads(window.popleft().result())


def _prepare_pickled(tasks: list[Task]) -> bytes:
    # Pickled here, unpickled only when the writer takes them: compact while they wait.
    return pickle.dumps(prepare_many(tasks), protocol=pickle.HIGHEST_PROTOCOL)


def _prepare_articles_pickled(articles: list[Article]) -> bytes:
    return pickle.dumps(prepare_articles(articles), protocol=pickle.HIGHEST_PROTOCOL)


def _worker_setup(parent: int) -> None:
    # Ctrl-C reaches the whole process group: the main process alone decides what to keep.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """A worker outlives a parent killed with -9 (it holds its own end of the task pipe)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
