"""Prepare files in worker processes and hand them back in order, a bounded number ahead.

whoosh's writer is single-threaded Python; reading, parsing and analyzing a file costs more
than writing it. So workers prepare files (:func:`searcher.index.prepare.prepare`) while the
main process writes, and results come back in the order the files were given, so a run gives
the same ids and the same duplicate choices however many workers it used.

whoosh commits are long (seconds for a batch), and the workers must not idle through them: up
to ``AHEAD_FILES`` files are prepared ahead, kept pickled (about 10 KB an article) until the
main process takes them, which bounds memory on any archive size.

The main process never waits idle for a worker: when the work the writer needs next is not
ready, it does the next piece of work no worker has started itself (a future not yet started
can be cancelled), then looks again. On two CPUs one worker and the main process so share the
analysis by how fast each goes, with no third busy process to share a CPU with.

A worker hands its results back in a file of the pool's own folder, and only the file's name
through the pool's pipe: a run's results (~400 KB) written into the pipe made the worker wait,
64 KB at a time, until the pool's reader thread here got the GIL from the busy main thread —
9 % of the worker's time at 100k articles (docs/benchmarks.md, session 10). The other way, the
pipe is made room for whole runs of articles (:data:`TASK_PIPE_BYTES`) for the same reason.
"""

from __future__ import annotations

import atexit
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from itertools import batched
from typing import Any

from searcher.article import Article
from searcher.index import gc_tuning
from searcher.index.prepare import Prepared, PreparedArticle, Task, prepare_articles, prepare_many

CHUNK = 16  # files a round trip
ARTICLE_CHUNK = 64  # articles of one big file a round trip
AHEAD_FILES = 4_096  # prepared ahead of the writer: what workers do while it commits
# Articles of big files handed out ahead: a commit of 10,000 articles lasts about as long as a
# worker takes to analyze 4,000 (about 10 KB an article while they wait, pickled; the parsed
# articles are kept too, for the main process to analyze any no worker has started).
AHEAD_ARTICLES = 8_192
# Below this many files to read, starting worker processes costs more than it saves.
MIN_FILES_FOR_WORKERS = 300


# The main process writes whoosh at about the speed one or two workers prepare files.
MAX_WORKERS = 2
# Runs the main process has taken over and not yet given to the writer, at most: what it
# prepares while it would wait is kept unpickled, so this bounds the memory it holds.
TAKEN_OVER = 8


def default_jobs() -> int:
    """Worker processes for a run: one a CPU beside the main process's, at most two; none on
    a single CPU.

    The main process (parse, write, flush, commit) needs less than half the CPU time of an
    article, and whenever it would wait for a worker it prepares, itself, the next work no
    worker has started (:func:`_taken_over`): so one worker and the main process keep two
    CPUs busy. A second worker there would make three busy processes share two CPUs, which
    costs each about a quarter more CPU an article (docs/benchmarks.md, session 9)."""
    cpus = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    return 0 if (cpus or 1) < 2 else min(MAX_WORKERS, (cpus or 1) - 1)


def start_pool(jobs: int) -> ProcessPoolExecutor:
    """``jobs`` worker processes (the caller shuts them down, which removes their results'
    folder)."""
    import multiprocessing

    try:
        folder: str | None = tempfile.mkdtemp(prefix="khabar-results-")
    except OSError:  # no writable temporary folder: results come through the pipe
        folder = None
    # spawn, not fork: the parent may run threads (the progress bar) and hold the index open.
    return _Pool(jobs, multiprocessing.get_context("spawn"), folder)


class _Pool(ProcessPoolExecutor):
    """A process pool whose workers write their results into ``folder`` (see the module doc;
    None: through the pipe)."""

    def __init__(self, jobs: int, context: Any, folder: str | None) -> None:
        self.folder = folder
        super().__init__(jobs, mp_context=context, initializer=_worker_setup,
                         initargs=(os.getpid(), folder))
        _widen(self._call_queue)  # type: ignore[attr-defined]

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            super().shutdown(wait=wait, cancel_futures=cancel_futures)
        finally:
            # results never read (cancelled, or the run interrupted) go with the folder
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)


# Room in the task pipe for a few runs of articles (~200 KB pickled each): Linux's default
# 64 KB took a run in pieces, the pool's feeder thread winning the GIL back from the busy main
# process between them while the worker waited (docs/benchmarks.md, session 13).
TASK_PIPE_BYTES = 1 << 20
_F_SETPIPE_SZ = 1031  # Linux's fcntl command (fcntl.F_SETPIPE_SZ where Python names it)


def _widen(queue: Any) -> None:
    """Give the pipe under ``queue`` (a multiprocessing queue) :data:`TASK_PIPE_BYTES`, where
    the system allows it; as it was elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    import fcntl

    # The queue's end of the pipe has no public name; a limit below 1 MB (pipe-max-size), or
    # another Python's queue: the pipe stays as it was.
    with suppress(AttributeError, OSError):
        fcntl.fcntl(queue._writer.fileno(), _F_SETPIPE_SZ, TASK_PIPE_BYTES)  # noqa: SLF001


def prepared_in_order(tasks: list[Task], jobs: int) -> Iterator[Prepared]:
    """Prepared files, in the order of ``tasks``, from ``jobs`` worker processes (and from
    this one, whenever it would wait)."""
    pool = start_pool(jobs)
    try:
        yield from _in_order(pool, _Work(_prepare_pickled, prepare_many),
                             batched(tasks, CHUNK), AHEAD_FILES // CHUNK)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Work:
    """A task both ways: as a worker runs it (its result pickled) and as this process does."""

    __slots__ = ("here", "pickled")

    def __init__(self, pickled: Callable[[list[Any]], bytes | str],
                 here: Callable[[list[Any]], list[Any]]) -> None:
        self.pickled, self.here = pickled, here


class _Run:
    """One chunk of work handed to the pool: its future, and the chunk itself, kept so this
    process can do it instead when no worker has started it."""

    __slots__ = ("chunk", "done_here", "future")

    def __init__(self, future: Future[bytes | str], chunk: list[Any]) -> None:
        self.future, self.chunk = future, chunk
        self.done_here: list[Any] | None = None

    def result(self, work: _Work, later: Collection[_Run]) -> list[Any]:
        """The chunk's results: done here if no worker has started it; while its worker is
        still at it, this process does the next runs of ``later`` (walked from its first run
        at each look) no worker has started instead of waiting."""
        if self.done_here is None and self.future.cancel():
            self.done_here = work.here(self.chunk)
        while (self.done_here is None and not self.future.done()
               and _taken_over(work, later)):
            pass
        if self.done_here is not None:
            return self.done_here
        return loaded(self.future.result())


def _taken_over(work: _Work, runs: Collection[_Run]) -> bool:
    """Do the first of ``runs`` (in order) no worker has started, here — the writer needs it
    soonest, so what is done here is not held long; False when there is none, or when enough
    done here wait for the writer already (:data:`TAKEN_OVER`)."""
    held = 0
    for run in runs:
        if run.done_here is not None:
            held += 1
            if held >= TAKEN_OVER:
                return False
        elif run.future.cancel():
            run.done_here = work.here(run.chunk)
            return True
    return False


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
                articles = list(chunk)
                runs.futures.append(_Run(self._pool.submit(_prepare_articles_pickled, articles),
                                         articles))
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
            run = runs.futures.popleft()
            self._outstanding -= 1
            # a list: each look for work to take over walks the runs from the first again
            yield from run.result(_ARTICLES, list(self._later()))
        if self._files and self._files[0] is runs:
            self._files.popleft()

    def _later(self) -> Iterator[_Run]:
        """The runs handed out and not yet read, in order, across files."""
        for runs in self._files:
            yield from runs.futures

    def _abandon(self, runs: _FileRuns) -> None:
        for run in runs.futures:
            run.future.cancel()
        self._outstanding -= len(runs.futures)
        runs.futures.clear()


class _FileRuns:
    """One file's runs of articles: those not handed out yet, and the futures of those out."""

    __slots__ = ("chunks", "exhausted", "futures")

    def __init__(self, chunks: Iterator[tuple[Article, ...]]) -> None:
        self.chunks = chunks
        self.futures: deque[_Run] = deque()  # handed out, not yet read
        self.exhausted = False


def _in_order(pool: ProcessPoolExecutor, work: _Work, chunks: Iterable[tuple[Any, ...]],
              ahead: int) -> Iterator[Any]:
    window: deque[_Run] = deque()
    for chunk in chunks:
        items = list(chunk)
        window.append(_Run(pool.submit(work.pickled, items), items))
        if len(window) >= ahead:
            yield from window.popleft().result(work, window)
    while window:
        yield from window.popleft().result(work, window)


def _prepare_pickled(tasks: list[Task]) -> bytes | str:
    return _handed_back(prepare_many(tasks))


def _prepare_articles_pickled(articles: list[Article]) -> bytes | str:
    return _handed_back(prepare_articles(articles))


# The folder a worker writes its results into (set when the worker starts).
_RESULTS: list[str] = []


def _handed_back(results: list[Any]) -> bytes | str:
    """``results`` pickled (compact while they wait for the writer) into a file of the pool's
    folder: its path; the pickle itself if no file could be written (a full disk)."""
    data = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
    if _RESULTS:
        try:
            handle, path = tempfile.mkstemp(dir=_RESULTS[0])
        except OSError:
            return data
        try:
            with open(handle, "wb") as file:
                file.write(data)
        except OSError:
            with suppress(OSError):
                os.unlink(path)
            return data
        return path
    return data


def loaded(handed: bytes | str) -> list[Any]:
    """A worker's results from what it handed back (:func:`_handed_back`); a file is read
    once and removed."""
    if isinstance(handed, str):
        with open(handed, "rb") as file:
            data = file.read()
        os.unlink(handed)
        return pickle.loads(data)
    return pickle.loads(handed)


_ARTICLES = _Work(_prepare_articles_pickled, prepare_articles)


def _worker_setup(parent: int, results: str | None) -> None:
    # Ctrl-C reaches the whole process group: the main process alone decides what to keep.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc_tuning.for_bulk_work()  # a worker only indexes, until the run ends
    _RESULTS[:] = [results] if results else []
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    atexit.register(_exit_now)


def _exit_now() -> None:
    """End a worker without tearing its interpreter down: freeing the analyzer's caches and
    every object one by one took a second at the end of a 100k run, while the main process
    waited for the pool to shut down; the operating system takes the memory back at once."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            stream.flush()
    os._exit(0)


def _exit_with(parent: int) -> None:
    """A worker outlives a parent killed with -9 (it holds its own end of the task pipe)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
