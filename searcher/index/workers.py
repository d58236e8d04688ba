"""Prepare files in worker processes and hand them back in order, a bounded number ahead.

whoosh's writer is single-threaded Python; reading, parsing and analyzing a file costs more
than writing it. So workers prepare files (:func:`searcher.index.prepare.prepare`) while the
main process writes, and results come back in the order the files were given, so a run gives
the same ids and the same duplicate choices however many workers it used.

whoosh commits are long (seconds for a batch), and the workers must not idle through them: up
to ``AHEAD_FILES`` files are prepared ahead, kept pickled (about 10 KB an article) until the
main process takes them, which bounds memory on any archive size.

Nor must the main process idle: when the writer needs work a worker has not finished, the main
process takes back the next work no worker has started and does it itself (its
results wait in memory, in order). So on two CPUs one worker and the main process keep both
busy, where two workers beside the main process made three processes take turns on two CPUs —
each switch costing the others their caches (docs/benchmarks.md, issue 12, session 7).
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
# Articles of one big file a round trip; also what the main process takes back at a time
# when it would wait (a chunk of 64 kept it from its own work for ~100 ms, too long).
ARTICLE_CHUNK = 16
AHEAD_FILES = 4_096  # prepared ahead of the writer: what workers do while it commits
# Articles of big files prepared ahead: a commit of 10,000 articles lasts about as long as two
# workers take to analyze 8,000 (about 10 KB an article while they wait, pickled).
AHEAD_ARTICLES = 8_192
# Below this many files to read, starting worker processes costs more than it saves.
MIN_FILES_FOR_WORKERS = 300


# The main process writes whoosh at about the speed one or two workers prepare files.
MAX_WORKERS = 2


def default_jobs() -> int:
    """Worker processes for a run: one per CPU beside the main process's, at most two; none
    on a single CPU.

    The main process (parse, write, flush, commit) needs less than half the CPU time of an
    article (docs/benchmarks.md, issue 12), and whenever it would wait for a worker it
    analyzes work taken back from the queue itself: on two CPUs it and one worker keep both
    busy. A second worker there made three busy processes on two CPUs, and the switches
    between them cost more CPU than the second worker added (session 7: 2.2 against 1.7 ms
    of CPU an article analyzed, three processes against two)."""
    cpus = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    return 0 if (cpus or 1) < 2 else min(MAX_WORKERS, (cpus or 1) - 1)


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
        yield from _in_order(pool, _prepare_pickled, prepare_many, batched(tasks, CHUNK),
                             AHEAD_FILES // CHUNK)
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
                work = list(chunk)
                runs.futures.append(_Work(self._pool.submit(_prepare_articles_pickled, work),
                                          work))
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
            while not runs.futures[0].done() and self._take_back():
                pass  # the worker is still at it: the main process does the next in line
            work = runs.futures.popleft()
            self._outstanding -= 1
            yield from work.result()
        if self._files and self._files[0] is runs:
            self._files.popleft()

    def _take_back(self) -> bool:
        """Do here the next run of articles no worker has started (False: none)."""
        return any(_take_back_next(runs.futures, prepare_articles) for runs in self._files)

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
        self.futures: deque[_Work] = deque()
        self.exhausted = False


class _Work:
    """A chunk of work sent to the pool, and its results: a worker's (pickled), or this
    process's once it took the chunk back before any worker started it."""

    __slots__ = ("done_here", "future", "items")

    def __init__(self, future: Future[bytes], items: list[Any]) -> None:
        self.future = future
        self.items = items
        self.done_here: list[Any] | None = None

    def done(self) -> bool:
        return self.done_here is not None or self.future.done()

    def cancel(self) -> bool:
        return self.future.cancel()

    def result(self) -> list[Any]:
        if self.done_here is not None:
            return self.done_here
        return pickle.loads(self.future.result())


def _take_back_next(window: deque[_Work], work: Callable[[list[Any]], list[Any]]) -> bool:
    """Do here the first chunk of ``window`` that no worker has started; False when none.
    (The first, not the last: its results wait the least before the writer takes them.)"""
    for item in window:
        if item.done_here is None and item.cancel():
            item.done_here = work(item.items)
            return True
    return False


def _in_order(pool: ProcessPoolExecutor, remote: Callable[[list[Any]], bytes],
              here: Callable[[list[Any]], list[Any]], chunks: Iterable[tuple[Any, ...]],
              ahead: int) -> Iterator[Any]:
    window: deque[_Work] = deque()

    def first() -> list[Any]:
        while not window[0].done() and _take_back_next(window, here):
            pass  # the workers are still at it: this process does the next in line
        return window.popleft().result()

    for chunk in chunks:
        items = list(chunk)
        window.append(_Work(pool.submit(remote, items), items))
        if len(window) >= ahead:
            yield from first()
    while window:
        yield from first()


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
