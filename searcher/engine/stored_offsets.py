"""A segment's stored articles located by offsets summed in C, for khabar's readers.

whoosh stores each article (the ``_stored`` column) as compressed bytes, with one length per
document; below 32,768 documents a segment stores no offsets, and whoosh's column reader sums
the lengths into offsets in a Python loop the first time a stored article is read — once per
segment, 12.7 ms for the 100,000 articles of a ten-segment archive, on every one-shot search.
:func:`use_fast_stored_fields` gives one opened searcher's W3 segment readers a column reader
that sums them with ``itertools.accumulate`` (same offsets; a segment that stores its offsets
is read as whoosh reads it). Nothing is patched: other whoosh users keep stock whoosh.
tests/searcher/engine/test_stored_offsets.py compares both.
"""

from __future__ import annotations

import struct
from array import array
from functools import partial
from itertools import accumulate
from typing import Any

from whoosh import columns
from whoosh.codec import whoosh3

_STORED = "_stored"  # whoosh3's column of stored fields


class _OffsetsSummedInC(columns.CompressedBytesColumn.Reader):
    """whoosh's compressed-bytes column reader, its offsets derived without a Python loop."""

    def _read_offsets_and_lengths(self) -> None:
        dbfile, doccount = self._dbfile, self._doccount
        last = self._basepos + self._length - 1  # the lengths' type code (whoosh's layout)
        code = chr(dbfile.get_byte(last))
        if code == "X":  # the writer stored the offsets too: whoosh reads them as they are
            super()._read_offsets_and_lengths()
            return
        lengths = dbfile.get_array(last - struct.calcsize(code) * doccount, code, doccount)
        offsets = array("L", accumulate(lengths, initial=0))
        offsets.pop()  # the last sum is the column's end, not a document's start
        self._offsets, self._lengths = offsets, lengths


class _CompressedBytes(columns.CompressedBytesColumn):
    Reader = _OffsetsSummedInC


# whoosh3.STORED_COLUMN (pickled values in zlib-compressed bytes) with the reader above.
STORED_COLUMN = columns.PickleColumn(_CompressedBytes())


def _stored_fields(perdoc: whoosh3.W3PerDocReader, docnum: int) -> Any:
    if _STORED not in perdoc._readers and perdoc.has_column(_STORED):
        perdoc._readers[_STORED] = perdoc.column_reader(_STORED, STORED_COLUMN)
    return whoosh3.W3PerDocReader.stored_fields(perdoc, docnum)


def use_fast_stored_fields(searcher: Any) -> Any:
    """Give ``searcher``'s W3 segment readers the stored-field reader above; returns it."""
    for reader, _offset in searcher.reader().leaf_readers():
        perdoc: Any = getattr(reader, "_perdoc", None)
        if type(perdoc) is whoosh3.W3PerDocReader:
            perdoc.stored_fields = partial(_stored_fields, perdoc)
    return searcher
