"""A loop of searches in one process while another indexes and commits several batches: every
search sees an old or a new state, never an error, and the totals never go down (issue 9,
items 1 and 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from searcher.index.opened import OpenedIndex
from searcher.rank.search import search

ROOT = Path(__file__).resolve().parents[2]


def test_searches_during_commits_never_fail_and_never_lose_articles(tmp_path: Path,
                                                                    write_generated) -> None:
    folder, index_dir = tmp_path / "news", tmp_path / "index"
    write_generated(folder, 150)
    env = {**os.environ, "KHABAR_BATCH": "15", "KHABAR_JOBS": "0"}
    writer = subprocess.Popen([sys.executable, "-m", "searcher.cli.app", "index", str(folder),
                               "--index", str(index_dir)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    one_shot: list[int] = []
    shell: list[int] = []
    opened = None
    try:
        while writer.poll() is None or not one_shot:
            if not index_dir.joinpath("khabar.format").exists() or not any(
                    index_dir.glob("_MAIN_*.toc")):
                continue
            one_shot.append(search(index_dir, "تبریز OR شیراز OR اصفهان OR مشهد").total)
            if opened is None:
                opened = OpenedIndex(index_dir)
            shell.append(len(opened))
            assert search(opened, "تهران").total >= 0
    finally:
        if opened is not None:
            opened.close()
        _, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    for totals in (one_shot, shell):
        assert totals == sorted(totals), "a total went down without a deletion"
    with OpenedIndex(index_dir) as archive:
        assert len(archive) == 150
    assert len(set(shell)) > 1, "the searches saw several commits"


def test_a_commit_between_choosing_and_reading_the_toc_is_retried(
        tmp_path: Path, write_generated, monkeypatch) -> None:
    # The rare failure of the test above (FileNotFoundError: _MAIN_2.toc): a reader lists the
    # newest TOC, a writer commits the next generation and deletes it, the reader opens it.
    from searcher.engine import mapped_storage
    from searcher.index.run import index_paths

    write_generated(tmp_path / "first", 3)
    for page in write_generated(tmp_path / "second", 6)[:3]:
        page.unlink()  # the second run brings three other articles
    index_dir = tmp_path / "index"
    index_paths([tmp_path / "first"], index_dir)
    real_open = mapped_storage.open_mapped_index
    calls = []

    def commit_while_opening(path: str) -> object:
        calls.append(path)
        if len(calls) == 1:
            monkeypatch.setattr(mapped_storage, "open_mapped_index", real_open)  # the writer's
            index_paths([tmp_path / "second"], index_dir)  # the next generation lands
            monkeypatch.setattr(mapped_storage, "open_mapped_index", commit_while_opening)
            raise FileNotFoundError(2, "No such file or directory", "_MAIN_1.toc")
        return real_open(path)

    monkeypatch.setattr(mapped_storage, "open_mapped_index", commit_while_opening)
    with OpenedIndex(index_dir) as archive:
        assert len(archive) == 6
    assert len(calls) == 2


def test_a_missing_toc_without_a_commit_is_not_retried_forever(
        tmp_path: Path, write_generated, monkeypatch) -> None:
    from searcher.engine import mapped_storage
    from searcher.index.run import index_paths

    write_generated(tmp_path / "first", 3)
    index_dir = tmp_path / "index"
    index_paths([tmp_path / "first"], index_dir)
    calls = []

    def always_missing(path: str) -> object:
        calls.append(path)
        raise FileNotFoundError(2, "No such file or directory", "_MAIN_1.toc")

    monkeypatch.setattr(mapped_storage, "open_mapped_index", always_missing)
    try:
        OpenedIndex(index_dir)
    except FileNotFoundError:
        pass
    assert len(calls) == 1  # nothing changed on disk: no reason to look again
