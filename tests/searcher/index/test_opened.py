"""The opened index: how it notices a newer commit, and what a failed open leaves behind."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths

# Two articles on different days; the second file is committed after the index is opened.
FIRST = {"id": "tabriz-1", "title": "بارش برف در تبریز", "body": "برف سنگین راه‌های تبریز را بست.",
         "published": "2024-01-10"}
SECOND = {"id": "shiraz-1", "title": "جشنواره گل در شیراز",
          "body": "جشنواره گل و گیاه در شیراز آغاز شد.", "published": "2024-04-02"}


def _age(directory: Path, seconds: float = 60.0) -> None:
    """Date the directory back, as if its last commit were a minute old."""
    old = time.time() - seconds
    os.utime(directory, (old, old))


@pytest.fixture
def listings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every directory whoosh lists (each freshness check of a searcher lists the index)."""
    import whoosh.filedb.filestore as filestore

    seen: list[str] = []
    real = filestore.os.listdir

    def counted(path: str) -> list[str]:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(filestore.os, "listdir", counted)
    return seen


def test_asking_for_the_searcher_again_does_not_list_an_unchanged_index(
        tmp_path: Path, write_jsonl: Callable[[Path, list[dict]], Path],
        listings: list[str]) -> None:
    index_paths([write_jsonl(tmp_path / "a.jsonl", [FIRST])], tmp_path / "index")
    _age(tmp_path / "index")
    with OpenedIndex(tmp_path / "index") as archive:
        listings.clear()
        first = archive.searcher
        assert all(archive.searcher is first for _ in range(20))
        assert len(archive) == 1
        assert archive.doc_freq("تبریز") == 1
    assert listings == []


def test_a_commit_after_opening_is_seen(tmp_path: Path,
                                        write_jsonl: Callable[[Path, list[dict]], Path]) -> None:
    index_paths([write_jsonl(tmp_path / "a.jsonl", [FIRST])], tmp_path / "index")
    _age(tmp_path / "index")
    with OpenedIndex(tmp_path / "index") as archive:
        assert archive.doc_freq("شیراز") == 0
        index_paths([write_jsonl(tmp_path / "b.jsonl", [SECOND])], tmp_path / "index")
        assert len(archive) == 2
        assert archive.doc_freq("شیراز") == 1
        assert archive.article("shiraz-1").title == SECOND["title"]


def test_a_commit_in_the_same_second_as_opening_is_seen(
        tmp_path: Path, write_jsonl: Callable[[Path, list[dict]], Path]) -> None:
    """A directory stamped within the file system's clock tick of a check cannot vouch for
    itself: the commit right after opening must still be noticed."""
    index_paths([write_jsonl(tmp_path / "a.jsonl", [FIRST])], tmp_path / "index")
    with OpenedIndex(tmp_path / "index") as archive:
        assert len(archive) == 1
        index_paths([write_jsonl(tmp_path / "b.jsonl", [SECOND])], tmp_path / "index")
        stamp = (tmp_path / "index").stat().st_mtime_ns
        os.utime(tmp_path / "index", ns=(stamp, stamp))
        assert len(archive) == 2


def test_a_failed_open_keeps_no_closed_index(tmp_path: Path,
                                            write_jsonl: Callable[[Path, list[dict]], Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import searcher.engine.block_decoding as block_decoding

    index_paths([write_jsonl(tmp_path / "a.jsonl", [FIRST])], tmp_path / "index")

    def broken(searcher: object) -> object:
        raise RuntimeError("no searcher today")

    monkeypatch.setattr(block_decoding, "use_fast_decoding", broken)
    half_built = object.__new__(OpenedIndex)
    half_built.index_dir = tmp_path / "index"
    with pytest.raises(RuntimeError, match="no searcher today"):
        half_built._open()
    assert not hasattr(half_built, "_ix")


def test_an_opened_index_reads_articles_through_summed_offsets(sample_archive) -> None:
    """searcher.engine.stored_offsets: the same articles, without whoosh's per-document loop."""
    from whoosh.index import open_dir

    searcher = sample_archive.searcher
    kept = [n for n in range(searcher.doc_count_all()) if not searcher.reader().is_deleted(n)]
    every = [searcher.stored_fields(n) for n in kept]
    readers = [reader._perdoc._readers["_stored"]._child
               for reader, _ in searcher.reader().leaf_readers()]
    assert {type(reader).__name__ for reader in readers} == {"_OffsetsSummedInC"}
    with open_dir(str(sample_archive.index_dir)).searcher() as stock:
        assert every == [stock.stored_fields(n) for n in kept]
    assert len(every) > 20 and all("id" in fields for fields in every)
