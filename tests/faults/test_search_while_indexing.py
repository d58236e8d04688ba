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
