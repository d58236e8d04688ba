"""Stored articles read through offsets summed in C are exactly what stock whoosh reads."""

from __future__ import annotations

from pathlib import Path

from whoosh import columns, fields
from whoosh.filedb.filestore import RamStorage
from whoosh.index import create_in

from searcher.engine.stored_offsets import STORED_COLUMN, use_fast_stored_fields

HEADLINES = ["افزایش قیمت نفت", "", "انتخابات مجلس دوازدهم", "نمایشگاه کتاب تهران",
             "تورم و دلار", "آلودگی هوا " * 40]  # an empty one, and a long one


def _index(folder: Path) -> object:
    schema = fields.Schema(id=fields.ID(stored=True), title=fields.STORED)
    ix = create_in(str(folder), schema)
    for batch in range(3):  # three segments, one with a document deleted
        with ix.writer() as writer:
            writer.mergetype = lambda writer, segments: segments  # keep every segment
            for n, title in enumerate(HEADLINES):
                writer.add_document(id=f"{batch}-{n}", title=title)
    with ix.writer() as writer:
        writer.mergetype = lambda writer, segments: segments
        writer.delete_by_term("id", "1-2")
    return ix


def test_every_stored_document_reads_as_whoosh_reads_it(tmp_path: Path) -> None:
    ix = _index(tmp_path)
    with ix.searcher() as stock, use_fast_stored_fields(ix.searcher()) as fast:
        assert len(fast.reader().leaf_readers()) == 3
        every = range(stock.doc_count_all())
        assert [fast.stored_fields(n) for n in every if not stock.reader().is_deleted(n)] \
            == [stock.stored_fields(n) for n in every if not stock.reader().is_deleted(n)]
        perdoc = fast.reader().leaf_readers()[0][0]._perdoc
        assert type(perdoc._readers["_stored"]._child).__name__ == "_OffsetsSummedInC"


def _column(cutoff: int) -> tuple[list[bytes], object, object]:
    """A column of pickled values written with offsets (cutoff below the count) or without."""
    values = [{"title": title, "n": n} for n, title in enumerate(HEADLINES * 3)]
    storage = RamStorage()
    out = storage.create_file("col")
    writer = columns.PickleColumn(columns.CompressedBytesColumn()).writer(out)
    writer._child.cutoff = cutoff
    for n, value in enumerate(values):
        writer.add(n, value)
    writer.finish(len(values))
    length = out.tell()
    out.close()
    stock = columns.PickleColumn(columns.CompressedBytesColumn()).reader(
        storage.open_file("col"), 0, length, len(values))
    fast = STORED_COLUMN.reader(storage.open_file("col"), 0, length, len(values))
    return values, stock, fast


def test_offsets_are_whooshs_with_and_without_stored_offsets() -> None:
    for cutoff, stored in ((2**15, False), (4, True)):
        values, stock, fast = _column(cutoff)
        assert fast._child.had_stored_offsets is stored
        assert list(fast._child._offsets) == list(stock._child._offsets)
        assert [fast[n] for n in range(len(values))] == values == list(stock)
