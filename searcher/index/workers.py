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
# Articles of big files prepared ahead: a commit of 10,000 articles lasts about as long as two
# workers take to analyze 8,000 (about 10 KB an article while they wait, pickled).
AHEAD_ARTICLES = 8_192
# Below this many files to read, starting worker processes costs more than it saves.
MIN_FILES_FOR_WORKERS = 300


# The main process writes whoosh at about the speed one or two workers prepare files.
MAX_WORKERS = 2


def default_jobs() -> int:
    """Worker processes for a run: one per CPU, at most two; none on a single CPU.

    The main process (parse, write, flush, commit) needs less than half the CPU time of an
    article (docs/benchmarks.md, issue 12's fifth wave), so on two CPUs one worker would leave
    a core idle whenever the main process waits or the worker does: two workers keep both
    cores busy, and the main process's share is never its bound. Workers wait while enough
    articles are analyzed ahead, so the main process is not starved of its core."""
    cpus = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    return 0 if (cpus or 1) < 2 else min(MAX_WORKERS, cpus or 1)


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


class AnalysisAhead:
    """The articles of a run of big files (JSON Lines archives) analyzed by a pool's workers,
    in order, up to ``ahead`` runs of ``ARTICLE_CHUNK`` articles ahead of the writer — across
    file boundaries.

    A JSON Lines archive is a few files of thousands of articles each: file by file, one
    process would do all the analysis. This process parses the lines (cheap) and the workers
    analyze runs of articles. Each file of 10,000 articles ends with a commit of several
    seconds; the runs of the next file already handed out (its articles registered by
    :meth:`analyzed` before the writer reaches its end) keep the workers busy through it.
    """

    def __init__(self, pool: ProcessPoolExecutor, ahead: int) -> None:
        self._pool = pool
        self._ahead = ahead
        self._files: deque[_FileRuns] = deque()  # registered and not yet read to the end
        self._outstanding = 0

    def analyzed(self, articles: Iterable[Article]) -> Iterator[PreparedArticle]:
        """Register one file's articles (after those registered before); its prepared
        articles, in order, as the writer reads them."""
        runs = _FileRuns(iter(batched(articles, ARTICLE_CHUNK)))
        self._files.append(runs)
        self._hand_out()
        return self._read(runs)

    def _hand_out(self) -> None:
        # Files in order: a later file's runs go out only once an earlier one has none left.
        for runs in self._files:
            while self._outstanding < self._ahead and not runs.exhausted:
                chunk = next(runs.chunks, None)
                if chunk is None:
                    runs.exhausted = True
                    break
                runs.futures.append(self._pool.submit(_prepare_articles_pickled, list(chunk)))
                self._outstanding += 1
            if self._outstanding >= self._ahead:
                return

    def _read(self, runs: _FileRuns) -> Iterator[PreparedArticle]:
        # Files are read in order: one registered before this one and still here was left
        # unread, and must not hold the workers' window.
        while self._files and self._files[0] is not runs:
            self._abandon(self._files.popleft())
        while True:
            self._hand_out()  # first in line: its next run goes out if it has one
            if not runs.futures:
                break
            future = runs.futures.popleft()
            self._outstanding -= 1
            yield from pickle.loads(future.result())
        if self._files and self._files[0] is runs:
            self._files.popleft()

    def _abandon(self, runs: _FileRuns) -> None:
        for future in runs.futures:
            future.cancel()
        self._outstanding -= len(runs.futures)
        runs.futures.clear()


class _FileRuns:
    """One file's runs of articles: those not handed out yet, and the futures of those out."""

    __slots__ = ("chunks", "exhausted", "futures")

    def __init__(self, chunks: Iterator[tuple[Article, ...]]) -> None:
        self.chunks = chunks
        self.futures: deque[Future[bytes]] = deque()
        self.exhausted = False


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
