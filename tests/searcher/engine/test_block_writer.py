"""The terms file's hash tables written in one go (searcher.engine.block_writer) are the bytes
whoosh's ``HashWriter`` writes entry by entry, collisions and empty buckets included."""

from __future__ import annotations

import io

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
