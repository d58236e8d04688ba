"""An index with no articles is a normal state: never committed, every file skipped, every file
deleted and re-indexed. Every command opens it and answers honestly (issue 9, item 1)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from searcher.cli.app import main
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.index.directory import open_or_create_for_write, write_lock


def every_file_skipped(tmp_path: Path, index_dir: Path) -> None:
    """The issue's reproduction: the only file is terminal escape codes, skipped as binary."""
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "a.txt").write_bytes(b"\x1b[31mred\x1b[0m text\n")
    report = index_paths([evil], index_dir)
    assert len(report.skipped) == 1 and report.articles_written == 0


def never_committed(tmp_path: Path, index_dir: Path) -> None:
    """What kill -9 before the first commit leaves: a created index, no segment."""
    with write_lock(index_dir):
        open_or_create_for_write(index_dir).close()


def every_file_deleted(tmp_path: Path, index_dir: Path) -> None:
    news = tmp_path / "news"  # the six pages of the ``folder`` fixture
    assert index_paths([news], index_dir).new == 6
    shutil.rmtree(news)
    news.mkdir()
    assert index_paths([news], index_dir).removed == 6


EMPTY_STATES: dict[str, Callable[[Path, Path], None]] = {
    "every file skipped": every_file_skipped,
    "never committed": never_committed,
    "every file deleted and re-indexed": every_file_deleted,
}


@pytest.fixture(params=list(EMPTY_STATES))
def empty_index(request: pytest.FixtureRequest, tmp_path: Path, folder: Path) -> Path:
    index_dir = tmp_path / "index"
    EMPTY_STATES[request.param](tmp_path, index_dir)
    return index_dir


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_prints_nothing_exits_1_and_says_the_index_is_empty(
        empty_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "خبر", "--index", str(empty_index))
    assert (code, out) == (1, "")
    (line,) = err.strip().splitlines()
    assert "empty" in line and f"khabar index PATH --index {empty_index}" in line


def test_search_json_on_an_empty_index_is_an_empty_result(
        empty_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "تورم بانک", "--json", "--index", str(empty_index))
    assert code == 1
    assert json.loads(out)["total"] == 0 and json.loads(out)["hits"] == []


def test_similar_prints_nothing_exits_1_and_says_the_index_is_empty(
        empty_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "similar", "0123456789abcdef", "--index", str(empty_index))
    assert (code, out) == (1, "")
    (line,) = err.strip().splitlines()
    assert "empty" in line


def test_stats_shows_zero_articles(empty_index: Path, capsys: pytest.CaptureFixture[str]
                                   ) -> None:
    code, out, _ = run(capsys, "stats", "--json", "--index", str(empty_index))
    assert code == 0
    figures = json.loads(out)
    assert (figures["articles"], figures["sources"], figures["first"]) == (0, {}, None)


def test_export_prints_nothing(empty_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", "--index", str(empty_index)) == (0, "", "")


def test_show_is_the_usual_unknown_id_error(empty_index: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "0123456789abcdef", "--index", str(empty_index))
    assert (code, out) == (2, "")
    (line,) = err.strip().splitlines()
    assert line.startswith("khabar: error: no article with id '0123456789abcdef'")


def test_library_answers_on_an_empty_index(empty_index: Path) -> None:
    from searcher.rank.search import search
    from searcher.rank.timeline import timeline

    with OpenedIndex(empty_index) as archive:
        assert len(archive) == 0
        assert list(archive.articles()) == []
        assert search(archive, "«بانک مرکزی» OR title:نفت -دلار").total == 0
        assert search(archive, "تورم", sort="date").hits == ()
        assert search(archive, "تورم", facets=True).total == 0
        assert timeline(archive, "تورم").total == 0
        assert archive.stats().articles == 0


def test_timeline_prints_no_bars_exits_1_and_says_the_index_is_empty(
        empty_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "timeline", "تورم", "--index", str(empty_index))
    assert code == 1
    assert "█" not in out
    (line,) = err.strip().splitlines()
    assert "empty" in line and f"khabar index PATH --index {empty_index}" in line


def test_shell_says_so_once_and_keeps_working(tmp_path: Path, khabar_command) -> None:
    index_dir = tmp_path / "index"
    every_file_skipped(tmp_path, index_dir)
    env = {**os.environ, "KHABAR_INDEX": str(index_dir), "KHABAR_HISTORY": str(tmp_path / "h"),
           "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    done = subprocess.run(khabar_command("shell"), input="تورم\n:sort date\nبانک\n:q\n",
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    both = done.stdout + done.stderr
    assert both.count("empty") == 1, both
    assert "error" not in both


def test_opened_index_sees_the_first_commit_of_another_writer(tmp_path: Path, write_pages) -> None:
    """A shell opened on an empty index finds the articles indexed meanwhile (refresh)."""
    index_dir = tmp_path / "index"
    never_committed(tmp_path, index_dir)
    news = tmp_path / "news"
    write_pages(news)
    with OpenedIndex(index_dir) as archive:
        assert len(archive) == 0
        index_paths([news], index_dir)
        assert len(archive) == 6
        assert len(list(archive.articles())) == 6
