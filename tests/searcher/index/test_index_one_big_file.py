"""One JSON Lines file of a whole archive (a ``khabar export``, an agency's dump): parsed as
the workers take its articles, never held whole, and committed in batches of bounded size,
so memory stays flat and the workers are not idle through one long flush at its end."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.gen_corpus import generate
from searcher.index import run as run_module
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.ingest import dispatch, json_files

CAP = 64 * 1024  # the test's limit for a document read whole: the archive is over it


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("made")
    generate(420, 5, made, "jsonl", shard_size=210)
    root = tmp_path_factory.mktemp("one")
    lines = [line for shard in sorted(made.glob("*.jsonl"))
             for line in shard.read_text(encoding="utf-8").splitlines()]
    (root / "archive.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert (root / "archive.jsonl").stat().st_size > 4 * CAP
    return root


def _ids(index_dir: Path) -> list[str]:
    with OpenedIndex(index_dir) as opened:
        return sorted(article.id for article in opened.articles())


def _recorded(index_dir: Path) -> list[str]:
    with sqlite3.connect(index_dir / "manifest.sqlite") as db:
        return [row[0] for row in db.execute("SELECT path FROM files")]


def test_the_file_is_parsed_as_its_articles_are_taken(
        archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_module, "AHEAD_ARTICLES", 128)  # two runs handed out ahead
    taken = [0]
    real_take = json_files._take_line

    def counted(*args: object, **kwargs: object) -> None:
        taken[0] += 1
        real_take(*args, **kwargs)  # type: ignore[arg-type]

    at_first_write: list[int] = []
    real_write = run_module._Run._write

    def write(self: run_module._Run, *args: object) -> None:
        if not at_first_write:
            at_first_write.append(taken[0])
        real_write(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(json_files, "_take_line", counted)
    monkeypatch.setattr(run_module._Run, "_write", write)
    report = index_paths([archive], tmp_path / "index", jobs=1, max_bytes=CAP)
    assert report.articles_written == 420 and not report.skipped and not report.problems
    assert at_first_write[0] < 420  # the writer began before the last line was parsed
    assert _ids(tmp_path / "index") == _ids_of_whole(archive, tmp_path)


def _ids_of_whole(archive: Path, tmp_path: Path) -> list[str]:
    index_paths([archive], tmp_path / "whole", jobs=0)  # under the cap: read whole
    return _ids(tmp_path / "whole")


def test_a_batch_holds_at_most_its_cap_of_one_file_s_articles(
        archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committed: list[int] = []
    real_commit = run_module._Run.commit

    def commit(self: run_module._Run) -> None:
        committed.append(self.pending)
        real_commit(self)

    monkeypatch.setattr(run_module._Run, "commit", commit)
    report = index_paths([archive], tmp_path / "index", jobs=1, max_bytes=CAP, batch_size=50)
    assert report.articles_written == 420
    cap = 50 * run_module.FILE_BATCHES
    assert max(committed) <= cap and sum(committed) == 420
    assert len([size for size in committed if size]) >= 420 // cap
    assert _ids(tmp_path / "index") == _ids_of_whole(archive, tmp_path)
    assert _recorded(tmp_path / "index") == [str(archive / "archive.jsonl")]


def test_a_file_that_cannot_be_read_to_its_end_keeps_what_was_read_and_is_read_again(
        archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_lines = dispatch.stream_lines

    def failing(*args: object, **kwargs: object) -> Iterator[tuple[int, object]]:
        for number, line in real_lines(*args, **kwargs):  # type: ignore[arg-type]
            if number > 100:
                raise OSError(errno.EIO, "Input/output error")
            yield number, line

    monkeypatch.setattr(dispatch, "stream_lines", failing)
    index_dir = tmp_path / "index"
    report = index_paths([archive], index_dir, jobs=1, max_bytes=CAP)
    assert report.articles_written == 100  # what was read is indexed
    assert [(s.path.rsplit("/", 1)[-1], "line 101" in s.reason, "Input/output error" in s.reason)
            for s in report.skipped] == [("archive.jsonl", True, True)]
    assert report.new == 0
    assert _recorded(index_dir) == []  # not recorded: the next run reads it again
    monkeypatch.setattr(dispatch, "stream_lines", real_lines)
    again = index_paths([archive], index_dir, jobs=1, max_bytes=CAP)
    assert again.new == 1 and not again.skipped
    assert _ids(index_dir) == _ids_of_whole(archive, tmp_path)  # each article once


def test_a_file_unreadable_before_its_first_article_is_skipped_with_the_cause(
        archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: object, **kwargs: object) -> Iterator[tuple[int, object]]:
        raise OSError(errno.EIO, "Input/output error")
        yield  # a generator, as stream_lines is

    monkeypatch.setattr(dispatch, "stream_lines", failing)
    report = index_paths([archive], tmp_path / "index", jobs=1, max_bytes=CAP)
    assert report.articles_written == 0
    assert [s.reason for s in report.skipped] == [
        "could not be read past line 1 (Input/output error)"]
