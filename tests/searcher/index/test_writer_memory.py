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
