"""Fixed-width whoosh columns read whole, as bytes, one segment at a time.

whoosh's column readers hand out one value per call (a Python call and a ``struct`` unpack per
document); a timeline over 100,000 articles wants the whole column at once. A
``FixedBytesColumn`` is stored as one contiguous run of fixed-width records for the first
``count`` documents (later documents take the default), so its bytes can be read in one call
and viewed as a numpy array by the caller. This reads whoosh's reader attributes (``_dbfile``,
``_basepos``, ``_count``, ``_fixedlen``); whoosh is frozen, and tests pin the values.
"""

from __future__ import annotations

from typing import Any

from whoosh import columns


def fixed_width_column(segment_reader: Any, fieldname: str, width: int, default: bytes) -> bytes:
    """All ``doc_count_all()`` records of a fixed-width column of one segment, concatenated."""
    doc_count = segment_reader.doc_count_all()
    reader = segment_reader.column_reader(fieldname, translate=False)
    if isinstance(reader, columns.EmptyColumnReader) or not hasattr(reader, "_basepos"):
        if isinstance(reader, columns.EmptyColumnReader):
            return default * doc_count
        return b"".join(reader[docnum] for docnum in range(doc_count))  # an unknown layout
    stored = min(reader._count, doc_count)
    data = reader._dbfile.get(reader._basepos, stored * width) if stored else b""
    return bytes(data) + default * (doc_count - stored)
