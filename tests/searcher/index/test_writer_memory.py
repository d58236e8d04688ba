"""The indexing writer reads existing segments through the memory map (issue 9): whoosh's own
storage copies every sub-file of every segment into memory when the writer opens them (to
delete a replaced article, to merge), so a run's memory grew with the whole index at every
commit — 1.2 GB at 35,000 articles, 100 MB more a commit."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from searcher.engine.segment_writer import open_writer
from searcher.index.directory import open_or_create_for_write, write_lock
from searcher.index.run import index_paths

SAMPLE = Path(__file__).resolve().parents[3] / "sample_corpus"


def test_deleting_through_the_writer_does_not_copy_the_index(index_dir: Path) -> None:
    index_paths([SAMPLE], index_dir)
    size = sum(p.stat().st_size for p in index_dir.iterdir() if p.is_file())
    with write_lock(index_dir):
        ix = open_or_create_for_write(index_dir)
        writer = open_writer(ix, limitmb=16)
        try:
            tracemalloc.start()
            writer.delete_by_term("id", "no-such-article")  # opens every segment
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            writer.cancel()
            ix.close()
    assert peak < size / 4, f"{peak} bytes held to delete from a {size}-byte index"


def test_a_commit_assembles_its_segment_without_mapping_it(index_dir: Path, monkeypatch
                                                           ) -> None:
    """The new segment's files are copied into its compound file with plain reads: mapped,
    every page of them was resident at once (after a merge of 240,000 articles, a 1.1 GB
    segment: issue 9's 300k run peaked there)."""
    from searcher.engine.mapped_storage import MappedStorage

    opened: list[str] = []
    mapped_open = MappedStorage.open_file

    def recording(self: MappedStorage, name: str, **kwargs: object) -> object:
        opened.append(name)
        return mapped_open(self, name, **kwargs)

    monkeypatch.setattr(MappedStorage, "open_file", recording)
    index_paths([SAMPLE], index_dir)
    assert opened, "the run read the index through the map"
    # the segments and TOCs, and the new segment's field lengths, read once by its flush
    assert all(name.endswith((".seg", ".toc", "_len.col")) for name in opened), opened
