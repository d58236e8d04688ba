"""A disk that refuses a write during a commit (full, over the file-size limit, failing): one line
naming the cause, exit 2, the last commit intact and searchable, and no debris after the next
run (issue 9, item 4)."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from searcher.cli.app import main
from searcher.engine import segment_writer
from searcher.engine.leftovers import segment_files
from searcher.index import trust
from searcher.index.directory import open_index
from searcher.index.run import index_paths
from searcher.rank.search import search

KEPT = {"khabar.lock", "khabar.sig", "khabar.format", "khabar.stories", "manifest.sqlite",
        "MAIN_WRITELOCK"}


def only_live_files(index_dir: Path) -> None:
    """Nothing in the folder but khabar's own files, the TOC and its segments' files."""
    ix = open_index(index_dir)
    try:
        live = segment_files(ix) | {f"_MAIN_{ix.latest_generation()}.toc"}
    finally:
        ix.close()
    assert {p.name for p in index_dir.iterdir()} == KEPT | live


@pytest.fixture
def committed(tmp_path: Path, write_generated, write_pages) -> tuple[Path, Path]:
    """An index of the six pages, and a folder of 40 more to index next."""
    write_pages(tmp_path / "news")
    index_paths([tmp_path / "news"], tmp_path / "index")
    write_generated(tmp_path / "news" / "more", 40)
    return tmp_path / "news", tmp_path / "index"


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "No space left on device (ENOSPC)"),
    (errno.EIO, "Input/output error (EIO)"),
    (errno.EFBIG, "File too large (EFBIG)"),
])
def test_write_error_in_a_commit_keeps_the_last_commit(
        committed: tuple[Path, Path], code: int, words: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], markers,
        stored_ids) -> None:
    news, index_dir = committed
    real_flush = segment_writer.KhabarWriter._flush_segment

    def flush_then_fail(self) -> None:  # the segment's files are half there, no TOC
        real_flush(self)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(segment_writer.KhabarWriter, "_flush_segment", flush_then_fail)
    assert main(["index", str(news), "--index", str(index_dir)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"khabar: error: could not write the index at {index_dir}: {words}")
    assert "run the same command again" in line
    assert trust.is_trusted(index_dir)
    assert len(stored_ids(index_dir)) == len(markers), "the last commit, whole"
    assert search(index_dir, "ماملو").total == 1
    monkeypatch.setattr(segment_writer.KhabarWriter, "_flush_segment", real_flush)
    report = index_paths([news], index_dir)
    assert report.new == 40
    assert len(set(stored_ids(index_dir))) == len(stored_ids(index_dir)) == 46
    only_live_files(index_dir)


def test_debris_of_a_failed_commit_is_removed_by_the_next_run(
        committed: tuple[Path, Path]) -> None:
    news, index_dir = committed
    (index_dir / "_MAIN_7.toc.1712345678.25").write_bytes(b"half a table of contents")
    (index_dir / "MAIN_d34dd34dd34dd34d.seg").write_bytes(b"\x00" * 512)
    (index_dir / "MAIN_x1.tmp").mkdir()
    (index_dir / "MAIN_x1.tmp" / "run0.pst").write_bytes(b"\x01")
    index_paths([news], index_dir)
    only_live_files(index_dir)


def test_file_size_limit_in_a_real_process(committed: tuple[Path, Path], ids_with_word,
                                           khabar_command, markers, stored_ids,
                                           write_generated) -> None:
    """`ulimit -f` makes the kernel refuse the write (EFBIG); Python ignores SIGXFSZ."""
    news, index_dir = committed
    write_generated(news / "bulk", 400)
    argv = " ".join(f"'{arg}'" for arg in khabar_command("index", str(news), "--index",
                                                         str(index_dir)))
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1", "KHABAR_JOBS": "0"}
    limited = subprocess.run(["bash", "-c", f"ulimit -f 64 && exec {argv}"], env=env,
                             capture_output=True, text=True, timeout=300, check=False)
    assert limited.returncode == 2, limited.stderr
    (line,) = limited.stderr.strip().splitlines()
    assert "could not write the index" in line and ("EFBIG" in line or "full" in line), line
    assert trust.is_trusted(index_dir)
    kept = stored_ids(index_dir)
    assert len(kept) == len(set(kept)) >= len(markers)
    assert ids_with_word(index_dir, "ماملو")
    again = subprocess.run(khabar_command("index", str(news), "--index", str(index_dir)),
                           env=env, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    index_paths([news], news.parent / "clean")
    assert sorted(stored_ids(index_dir)) == sorted(stored_ids(news.parent / "clean"))
    only_live_files(index_dir)
