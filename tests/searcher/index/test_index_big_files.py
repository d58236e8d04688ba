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

    def not_here(article: object) -> None:
        raise AssertionError("the main process analyzed an article")

    # Worker processes are spawned: they import their own, unpatched prepare module.
    monkeypatch.setattr("searcher.index.prepare._prepared", not_here)
    parallel = index_paths([archive], tmp_path / "parallel", jobs=1)
    assert parallel.articles_written == single.articles_written == 420
    assert _contents(tmp_path / "parallel") == _contents(tmp_path / "single")


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


@pytest.mark.parametrize(("cpus", "jobs"), [(1, 0), (2, 2), (4, 2), (64, 2)])
def test_workers_fill_the_cpus_beside_the_main_process(monkeypatch: pytest.MonkeyPatch,
                                                       cpus: int, jobs: int) -> None:
    """The main process needs less than half an article's CPU time: on two CPUs two workers
    keep both busy; on one, a worker would only add its messages."""
    from searcher.index import workers

    monkeypatch.setattr(workers.os, "process_cpu_count", lambda: cpus, raising=False)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: cpus)
    assert workers.default_jobs() == jobs
