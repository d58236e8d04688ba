"""The terms file's hash tables written in one go (searcher.engine.block_writer) are the bytes
whoosh's ``HashWriter`` writes entry by entry, collisions and empty buckets included."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter
from whoosh.filedb.structfile import StructFile

from searcher.engine.block_writer import write_hash_tables


class _Kept(io.BytesIO):
    def close(self) -> None:  # the writer closes its file; the test reads it after
        pass


def _written(entries: list[tuple[bytes, bytes]], ours: bool) -> bytes:
    out = _Kept()
    writer = OrderedHashWriter(StructFile(out))
    for key, value in entries:
        writer.add(key, value)
    if ours:
        write_hash_tables(writer)
    writer.close()
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(keys=st.sets(st.binary(min_size=1, max_size=12), max_size=600),
       value=st.binary(max_size=30))
def test_hash_tables_are_whoosh_s(keys: set[bytes], value: bytes) -> None:
    entries = [(key, value + key) for key in sorted(keys)]
    ours = _written(entries, ours=True)
    assert ours == _written(entries, ours=False)
    reader = OrderedHashReader(StructFile(io.BytesIO(ours)), len(ours))
    assert all(reader[key] == found for key, found in entries)


def test_a_segment_s_worth_of_persian_terms() -> None:
    words = ["تحریم", "نفت", "انتخابات", "مجلس", "بورس", "ارز", "قیمت", "خودرو"]
    keys = sorted({f"{a}{b}{n}".encode() for a in words for b in words for n in range(60)})
    entries = [(key, key[::-1]) for key in keys]
    assert _written(entries, ours=True) == _written(entries, ours=False)


# --- a term with one posting (three quarters of a news segment's terms) ---------------------

def _reference_one_posting(docnum: int, weight: float, stored: float, value: bytes,
                           length: int | None, fixed: int | None, compression: int
                           ) -> tuple[bytes, bytes]:
    """A one-posting term's blocks and statistics as whoosh's postings writer makes them:
    the block's data and header pickled by ``pickle`` itself (and compressed as khabar
    compresses a block, searcher.engine.deflate)."""
    from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
    from whoosh.compat import dumps
    from whoosh.system import pack_int
    from whoosh.util.numeric import length_to_byte

    from searcher.engine.block_writer import BLOCK_LEVEL, COMPRESS_FROM, DATA_PROTOCOL
    from searcher.engine.deflate import compress

    values: object
    if fixed is None or fixed < 0:
        values = (value,) if value else ()
    else:
        values = None if fixed == 0 else value
    data = dumps(((docnum,), None if stored == 1.0 else stored, values), DATA_PROTOCOL)
    level = 0
    if compression and len(data) >= COMPRESS_FROM:
        level, data = BLOCK_LEVEL, compress(data, BLOCK_LEVEL)
    blockweight = weight if weight > 0 else 0
    byte = length_to_byte(length) if length else 0
    head = dumps((1, docnum, blockweight, level, byte, byte), 2)
    written = WHOOSH3_HEADER_MAGIC + pack_int(-(len(head) + len(data))) + head + data
    return written, W3TermInfo._struct.pack(False, stored, 1, byte, byte, blockweight, docnum,
                                            docnum)


_FORMATS = {None: "Positions", 0: "Existence", 4: "Frequency"}


def _one_posting_blocks(fixed: int | None, compression: int) -> Any:
    from whoosh import fields, formats
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.filedb.filestore import RamStorage

    from searcher.engine.block_writer import TermBlocks

    storage = RamStorage()
    codec = W3Codec(compression=compression)  # whoosh's level; TermBlocks writes BLOCK_LEVEL
    fieldwriter = codec.field_writer(storage, codec.new_segment(storage, "x"))
    field = fields.FieldType(getattr(formats, _FORMATS[fixed])(), None)
    return TermBlocks(fieldwriter, "f", field)


_WEIGHTS = st.one_of(st.sampled_from([1.0, 3.0, 0.0, -2.0, 4.5]),
                     st.floats(-1e6, 1e6, allow_nan=False, width=32))


@settings(max_examples=400, deadline=None)
@given(docnum=st.one_of(st.integers(0, 300), st.integers(0, 70_000), st.integers(0, 2**31 - 1),
                       st.integers(2**31 - 2, 2**32 - 1)),  # whoosh's term entry: "I"
       weight=_WEIGHTS, stored=_WEIGHTS,
       value=st.one_of(st.binary(max_size=8), st.binary(min_size=90, max_size=400)),
       length=st.one_of(st.none(), st.integers(0, 200_000)),
       fixed=st.sampled_from([None, 0, 4]), compression=st.sampled_from([0, 3]))
def test_a_one_posting_term_is_written_as_whoosh_s_pickles_write_it(
        docnum: int, weight: float, stored: float, value: bytes, length: int | None,
        fixed: int | None, compression: int) -> None:
    """The one-posting path builds each pickle from its opcodes, not with ``pickle.dumps``:
    the same bytes, for any document number (one, two or four bytes, or more), weight (a float, or the
    int 0 whoosh starts a block's weight from), value (short or long, compressed or not)."""
    if fixed == 4:
        value = value[:4].ljust(4, b"\0")
    blocks = _one_posting_blocks(fixed, compression)
    start = blocks._position
    blocks.add("تحریم".encode(), [docnum], [docnum], [weight], [stored], [value], [length])
    written, statistics = _reference_one_posting(docnum, weight, stored, value, length, fixed,
                                                 compression)
    assert blocks._blocks == [written]
    from whoosh.system import pack_int, pack_long
    assert blocks._entries == [(blocks._key + "تحریم".encode(),
                                statistics + pack_long(start) + pack_int(len(written)))]
