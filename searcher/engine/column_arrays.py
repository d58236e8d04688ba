"""Per-document columns of one segment as numpy arrays, read straight from the segment's bytes.

whoosh answers a column one document at a time (a seek and a ``struct`` unpack per call); the
BM25 length norms asked it 100,000 times per segment set on every one-shot search, and ``stats``
read every stored article. Here a column is one slice of the (memory-mapped) column file turned
into an array: the field lengths whoosh writes at commit (one byte per document), a numeric
column (``published``), and a reference column (``source_name``: each document's index into a
table of distinct values). numpy is imported here, so only when a column is read.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.util.numeric import byte_to_length


def _column_bytes(reader: Any, column: str) -> bytes | None:
    """The whole column file ``column`` of a W3 segment reader, or None if it has none (or
    the reader is not a segment's: an empty index has an empty reader)."""
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None:
        return None
    name = W3Codec.column_filename(perdoc._segment, column)
    storage = perdoc._storage
    if not storage.file_exists(name):
        return None
    handle = storage.open_file(name)
    try:
        return handle.get(0, storage.file_length(name))
    finally:
        handle.close()


def length_codes(reader: Any, fieldname: str) -> bytes:
    """whoosh's one-byte length code of ``fieldname`` for every document (0: none), as bytes
    (no numpy needed: the pure-Python ranking path reads them too)."""
    data = _column_bytes(reader, f"_{fieldname}_len") or b""
    missing = reader.doc_count_all() - len(data)
    # whoosh writes the column only up to the last document with a length.
    return data + bytes(missing) if missing > 0 else data


def code_lengths() -> list[int]:
    """The length each of the 256 byte codes stands for (whoosh's ``byte_to_length``)."""
    return [byte_to_length(code) for code in range(256)]


def numeric_column(reader: Any, fieldname: str, typecode: str, default: int) -> Any:
    """A whoosh NumericColumn (big-endian ``typecode``) for every document; ``default`` where
    nothing was written."""
    import numpy as np

    dtype = np.dtype(">" + typecode)
    values = np.full(reader.doc_count_all(), default, dtype=dtype.newbyteorder("="))
    data = _column_bytes(reader, fieldname)
    if data:
        written = np.frombuffer(data, dtype=dtype)
        values[:len(written)] = written
    return values


# whoosh's DATETIME column: microseconds since datetime.min as big-endian unsigned 64-bit
# integers, and its default (no date) the largest such integer.
DATE_MISSING = 2**64 - 1


def date_column(reader: Any, fieldname: str) -> Any:
    """A sortable DATETIME field's column: each document's time, ``DATE_MISSING`` if none."""
    return numeric_column(reader, fieldname, "Q", DATE_MISSING)


def ref_column(reader: Any, fieldname: str) -> tuple[Any, list[bytes]]:
    """A whoosh RefBytesColumn: each document's reference, and the table of distinct values
    (reference 0 is the column's default, ``b""``)."""
    import numpy as np

    doc_count = reader.doc_count_all()
    data = _column_bytes(reader, fieldname)
    if not data:
        return np.zeros(doc_count, dtype=np.uint16), [b""]
    # Layout (whoosh.columns.RefBytesColumn.Writer.finish): the references (big-endian B or H),
    # then the count of distinct values and each value as varint length + bytes, then the
    # references' typecode as one byte.
    typecode = chr(data[-1])
    dtype = np.dtype(">" + typecode)
    refs = np.frombuffer(data, dtype=dtype, count=doc_count).astype(np.uint16)
    position = doc_count * dtype.itemsize
    count, position = _varint(data, position)
    uniques = []
    for _ in range(count):
        size, position = _varint(data, position)
        uniques.append(data[position:position + size])
        position += size
    return refs, uniques


def _varint(data: bytes, position: int) -> tuple[int, int]:
    """whoosh's unsigned varint at ``position``: (value, position after it)."""
    value = shift = 0
    while True:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7


def deleted_mask(reader: Any) -> Any:
    """True for the segment's deleted documents."""
    import numpy as np

    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    if reader.has_deletions():
        mask[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = True
    return mask
