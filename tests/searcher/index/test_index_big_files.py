"""A few big JSON Lines files: parsed in the main process, analyzed in worker processes, and
the index is the one a single process writes."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import pytest

from bench.gen_corpus import generate
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.rank.search import search


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("jsonl")
    generate(420, 3, root, "jsonl", shard_size=210)  # two files of ~0.6 MB
    return root


def _contents(index_dir: Path) -> tuple[list, list]:
    with OpenedIndex(index_dir) as opened:
        articles = [a.to_json() for a in opened.articles()]
        hits = [(h.id, h.score) for q in ("شورا مالیات", "«به گزارش»", "تهران")
                for h in search(opened, q, limit=20).hits]
    return articles, hits


def test_big_files_are_analyzed_in_workers_with_the_same_result(
        archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    single = index_paths([archive], tmp_path / "single", jobs=0)
    analyzed_here = []
    from searcher.index import prepare

    real = prepare._prepared

    def counted(article: object) -> object:
        analyzed_here.append(article)
        return real(article)  # type: ignore[arg-type]

    # Worker processes are spawned: they import their own, uncounted prepare module.
    monkeypatch.setattr("searcher.index.prepare._prepared", counted)
    parallel = index_paths([archive], tmp_path / "parallel", jobs=1)
    assert parallel.articles_written == single.articles_written == 420
    assert _contents(tmp_path / "parallel") == _contents(tmp_path / "single")
    # the main process analyzes only what it took over while it would have waited
    assert len(analyzed_here) < 420


def test_a_bad_line_in_a_big_file_is_reported_and_the_rest_indexed(
        archive: Path, tmp_path: Path) -> None:
    shard = sorted(archive.glob("*.jsonl"))[0]
    broken = tmp_path / "broken"
    broken.mkdir()
    lines = shard.read_text(encoding="utf-8").splitlines()
    (broken / "a.jsonl").write_text("\n".join(lines[:100] + ["{نه جیسون"] + lines[100:]) + "\n",
                                    encoding="utf-8")
    (broken / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = index_paths([broken], tmp_path / "index", jobs=1)
    assert report.articles_written == 210  # b.jsonl repeats a.jsonl's articles: duplicates
    assert report.duplicates == 210
    assert any("a.jsonl" in problem for problem in report.problems)


class _RecordingPool:
    """A pool that runs each task at once, here, and records the order tasks were handed out
    in (the ids of the articles of each run) and when the writer read them."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def submit(self, work: Callable[[list], bytes], articles: list) -> Future[bytes]:
        self.events.append(("out", articles[0].id))
        future: Future[bytes] = Future()
        future.set_result(work(articles))
        return future


def _articles(prefix: str, count: int) -> list:
    from searcher.article import Article

    return [Article(id=f"{prefix}{n}", title=f"بارش برف در {prefix} شماره {n}",
                    body="بارش سنگین برف راه‌های روستایی استان را بست و مدرسه‌ها تعطیل شد.")
            for n in range(count)]


def test_the_next_file_s_articles_go_to_the_workers_before_the_writer_ends_this_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from searcher.index import workers

    monkeypatch.setattr(workers, "ARTICLE_CHUNK", 2)
    pool = _RecordingPool()
    ahead = workers.AnalysisAhead(pool, 3)  # type: ignore[arg-type]
    first = ahead.analyzed(_articles("a", 6))  # runs a0 a2 a4
    second = ahead.analyzed(_articles("b", 4))  # runs b0 b2
    read = []
    for article in first:
        read.append(article.id)
        pool.events.append(("read", article.id))
    assert read == [f"a{n}" for n in range(6)]
    # b0's run went out while the writer still had a4 and a5 to take: the workers go on
    # into the next file through the commit that follows the end of this one
    assert pool.events.index(("out", "b0")) < pool.events.index(("read", "a4"))
    assert [article.id for article in second] == ["b0", "b1", "b2", "b3"]


def test_a_file_left_unread_does_not_hold_the_next_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from searcher.index import workers

    monkeypatch.setattr(workers, "ARTICLE_CHUNK", 2)
    ahead = workers.AnalysisAhead(_RecordingPool(), 2)  # type: ignore[arg-type]
    ahead.analyzed(_articles("a", 8))  # never read
    second = ahead.analyzed(_articles("b", 5))
    assert [article.id for article in second] == ["b0", "b1", "b2", "b3", "b4"]


@pytest.mark.parametrize(("cpus", "jobs"), [(1, 0), (2, 1), (3, 2), (4, 2), (64, 2)])
def test_workers_fill_the_cpus_beside_the_main_process(monkeypatch: pytest.MonkeyPatch,
                                                       cpus: int, jobs: int) -> None:
    """One worker a CPU beside the main process's (which analyzes what no worker has started
    whenever it would wait): three busy processes on two CPUs cost a quarter more CPU an
    article than two; on one CPU, a worker would only add its messages."""
    from searcher.index import workers

    monkeypatch.setattr(workers.os, "process_cpu_count", lambda: cpus, raising=False)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: cpus)
    assert workers.default_jobs() == jobs


def _same(these: list, those: list) -> bool:
    """Whether two lists of prepared articles hold the same ids, keys and documents (packed
    postings compare by their pickles)."""
    import pickle

    def plain(prepared: list) -> list:
        return [(p.id, p.key, pickle.dumps(p.doc)) for p in prepared]

    return plain(these) == plain(those)


class _IdlePool:
    """A pool whose worker never starts a task: each future stays pending (cancellable) until
    the main process takes it over."""

    def __init__(self) -> None:
        self.futures: list[Future[bytes]] = []

    def submit(self, work: Callable[[list], bytes], articles: list) -> Future[bytes]:
        future: Future[bytes] = Future()
        self.futures.append(future)
        return future


def test_what_no_worker_has_started_the_main_process_analyzes_itself(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from searcher.index import workers
    from searcher.index.prepare import prepare_articles

    monkeypatch.setattr(workers, "ARTICLE_CHUNK", 2)
    pool = _IdlePool()
    ahead = workers.AnalysisAhead(pool, 3)  # type: ignore[arg-type]
    articles = _articles("a", 7)
    read = list(ahead.analyzed(articles))
    assert [a.id for a in read] == [a.id for a in articles]
    assert _same(read, prepare_articles(articles))  # as a worker would have
    assert pool.futures and all(future.cancelled() for future in pool.futures)


def test_while_a_worker_is_busy_the_main_process_takes_over_the_next_runs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle
    import threading

    from searcher.index import workers
    from searcher.index.prepare import prepare_articles

    monkeypatch.setattr(workers, "ARTICLE_CHUNK", 2)
    pool = _IdlePool()
    ahead = workers.AnalysisAhead(pool, 4)
    articles = _articles("a", 8)
    stream = ahead.analyzed(articles)
    busy = pool.futures[0]
    assert busy.set_running_or_notify_cancel()  # the worker has started the first run
    finished = threading.Timer(0.3, lambda: busy.set_result(
        pickle.dumps(prepare_articles(articles[:2]))))
    finished.start()
    try:
        read = list(stream)
    finally:
        finished.join()
    assert [a.id for a in read] == [a.id for a in articles]
    assert not busy.cancelled()
    # the later runs were taken over while the first was being analyzed
    assert all(future.cancelled() for future in pool.futures[1:])


def test_many_small_files_the_main_process_prepares_what_no_worker_started(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from searcher.index import workers
    from searcher.index.prepare import Task, prepare_many

    tasks = []
    for n in range(40):
        path = tmp_path / f"{n}.json"
        path.write_text(json.dumps({"id": f"f{n}", "title": f"خبر شماره {n}",
                                    "body": "باران در تهران بارید."}, ensure_ascii=False),
                        encoding="utf-8")
        tasks.append(Task(str(path), None, None, 1 << 20))
    pool = _IdlePool()
    monkeypatch.setattr(workers, "start_pool", lambda jobs: _Shutdown(pool))
    done = list(workers.prepared_in_order(tasks, 1))
    assert [(p.path, [a.id for a in p.articles]) for p in done] == [
        (p.path, [a.id for a in p.articles]) for p in prepare_many(tasks)]
    assert all(future.cancelled() for future in pool.futures)


class _Shutdown:
    def __init__(self, pool: _IdlePool) -> None:
        self.pool = pool

    def submit(self, work: Callable[[list], bytes], items: list) -> Future[bytes]:
        return self.pool.submit(work, items)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_the_main_process_holds_at_most_taken_over_runs_ahead_of_the_writer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle
    import threading

    from searcher.index import workers
    from searcher.index.prepare import prepare_articles

    monkeypatch.setattr(workers, "ARTICLE_CHUNK", 2)
    monkeypatch.setattr(workers, "TAKEN_OVER", 2)
    pool = _IdlePool()
    ahead = workers.AnalysisAhead(pool, 6)
    articles = _articles("a", 12)
    first_run = pickle.dumps(prepare_articles(articles[:2]))  # the analyzer loaded beforehand
    stream = ahead.analyzed(articles)
    busy = pool.futures[0]
    assert busy.set_running_or_notify_cancel()
    taken_when_done = []

    def finish() -> None:
        taken_when_done.append(sum(future.cancelled() for future in pool.futures))
        busy.set_result(first_run)

    finished = threading.Timer(1.0, finish)
    finished.start()
    try:
        read = list(stream)
    finally:
        finished.join()
    assert [a.id for a in read] == [a.id for a in articles]
    # while the first run was being analyzed, the main process took over two runs, not five
    assert taken_when_done == [2]


def test_a_worker_hands_its_results_back_in_a_file_not_through_the_pool_s_pipe() -> None:
    """A run's results (~400 KB) written into the pool's pipe made the worker wait, a pipe's
    64 KB at a time, for this process's busy main thread to let the pool's reader run (9 % of
    the worker's time at 100k): they go into a file, and only its name through the pipe."""
    from searcher.index import workers
    from searcher.index.prepare import prepare_articles

    articles = _articles("a", 3)
    pool = workers.start_pool(1)
    try:
        handed = pool.submit(workers._prepare_articles_pickled, articles).result(timeout=120)
        assert isinstance(handed, str)
        folder = Path(handed).parent
        assert folder.is_dir()
        assert _same(workers.loaded(handed), prepare_articles(articles))
        assert not Path(handed).exists()  # read once, then gone
    finally:
        pool.shutdown(wait=True)
    assert not folder.exists()  # the run's folder goes with the pool


def test_results_that_cannot_be_written_to_a_file_come_back_through_the_pipe(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from searcher.index import workers
    from searcher.index.prepare import prepare_articles

    articles = _articles("a", 2)
    monkeypatch.setattr(workers, "_RESULTS", [str(tmp_path / "gone")])  # removed, or full
    handed = workers._prepare_articles_pickled(articles)
    assert isinstance(handed, bytes)
    assert _same(workers.loaded(handed), prepare_articles(articles))
    assert not (tmp_path / "gone").exists()


def test_without_a_writable_temporary_folder_results_come_through_the_pipe(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from searcher.index import workers
    from searcher.index.prepare import prepare_articles

    def refused(**_kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    articles = _articles("a", 2)
    pool = workers.start_pool(1)
    try:
        handed = pool.submit(workers._prepare_articles_pickled, articles).result(timeout=120)
    finally:
        pool.shutdown(wait=True)
    assert isinstance(handed, bytes)
    assert _same(workers.loaded(handed), prepare_articles(articles))


def test_a_big_file_s_problems_are_reported_as_when_one_process_reads_it(
        archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Taken by workers, a JSON Lines file is parsed as its articles are handed out: its bad
    lines, dates not understood and parts past their bands are all reported, in order —
    also those met after the writer began taking its articles."""
    from searcher.index import run

    monkeypatch.setattr(run, "AHEAD_ARTICLES", 128)  # two runs handed out ahead
    lines = [line for shard in sorted(archive.glob("*.jsonl"))
             for line in shard.read_text(encoding="utf-8").splitlines()]
    folder = tmp_path / "corpus"
    folder.mkdir()
    long_title = '{"id": "long", "title": "' + "سیل " * 1_001 + '", "body": "بارش باران"}'
    odd_date = '{"id": "odd", "title": "خبر", "body": "متن خبر", "date": "دیروز عصر"}'
    (folder / "a.jsonl").write_text("\n".join(
        lines[:3] + ["{نه جیسون"] + lines[3:150] + [long_title, "[1, 2]"] + lines[150:]
        + [odd_date]) + "\n", encoding="utf-8")
    single = index_paths([folder], tmp_path / "single", jobs=0)
    parallel = index_paths([folder], tmp_path / "parallel", jobs=1)
    assert parallel.articles_written == single.articles_written == 422
    assert parallel.problems == single.problems
    assert [problem.split(": ")[0].rsplit("/", 1)[-1] for problem in parallel.problems] == [
        "a.jsonl:4", "a.jsonl:153", "a.jsonl:424", "a.jsonl"]
