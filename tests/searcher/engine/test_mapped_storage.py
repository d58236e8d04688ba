"""Index files are read through the memory map: nothing copied, the same answers as whoosh."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from bench.gen_corpus import generate
from searcher.engine.mapped_storage import MappedStorage
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.rank.search import search

QUERIES = ["شورا", "مالیات شورا", "«به گزارش»", "title:شورا", "شور*", "ایران -شورا"]


@pytest.fixture(scope="module")
def generated_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mapped")
    generate(300, 11, root / "corpus", "jsonl")
    index_paths([root / "corpus"], root / "index", batch_size=120)  # three segments
    return root / "index"


def _segment_bytes(index_dir: Path) -> int:
    return sum(p.stat().st_size for p in index_dir.glob("*.seg"))


def test_opening_and_searching_copies_no_segment_into_memory(generated_index: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    with OpenedIndex(generated_index) as warm:  # imports and analyzer caches: not measured
        search(warm, "شورا مالیات")
    tracemalloc.start()
    try:
        with OpenedIndex(generated_index) as opened:
            assert search(opened, "شورا مالیات").total > 0
            _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # whoosh's own BufferFile copies every sub-file it opens: a peak above the segments' size.
    assert peak < _segment_bytes(generated_index) / 4


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_same_results_as_whoosh_own_storage(generated_index: Path, query: str, sort: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_TRUST_INDEX", "1")
    with OpenedIndex(generated_index) as opened:
        mapped = search(opened, query, limit=20, sort=sort)
    monkeypatch.setattr("searcher.engine.mapped_storage.open_mapped_index",
                        lambda path: whoosh_index.open_dir(path))
    with OpenedIndex(generated_index) as opened:
        copied = search(opened, query, limit=20, sort=sort)
    assert mapped.total == copied.total
    assert [(h.id, h.score, h.snippet) for h in mapped.hits] == \
        [(h.id, h.score, h.snippet) for h in copied.hits]


def test_a_sub_file_reads_only_its_own_bytes(tmp_path: Path) -> None:
    data = bytes(range(256)) * 40  # 10,240 bytes: sub-files cross page boundaries
    (tmp_path / "f").write_bytes(data)
    whole = MappedStorage(str(tmp_path)).open_file("f")
    part = whole.subset(4_000, 300)
    assert part.read(10) == data[4_000:4_010]
    assert part.tell() == 10
    part.seek(290)
    assert part.read(100) == data[4_290:4_300]  # stops at the sub-file's end
    part.seek(-5, 2)
    assert part.read() == data[4_295:4_300]
    assert part.get(7, 3) == data[4_007:4_010]
    assert part.subset(100, 4).read() == data[4_100:4_104]
    assert bytes(part.view()) == data[4_000:4_300]
    part.close()
    whole.close()


def test_an_empty_file_opens(tmp_path: Path) -> None:
    (tmp_path / "empty").write_bytes(b"")
    handle = MappedStorage(str(tmp_path)).open_file("empty")
    assert handle.read() == b""
    handle.close()
