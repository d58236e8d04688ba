"""A whoosh document made ready for khabar's writer in an indexing worker: the costly,
per-document part of writing it done where there are cores to spare.

The writer (:class:`searcher.engine.segment_writer.KhabarWriter`, in the main process, the
pipeline's serial part) then only appends: each indexed field's postings come packed
(:class:`~searcher.engine.packed_postings.PackedPostings`: analyzed and sorted here), and the
stored fields come as the very bytes whoosh's per-document writer would put in the segment's
``_stored`` column (the stored values, pickled with protocol 2 in field-name order, then
compressed as that column compresses). A field whose values name a document
(``unique``: the ``id`` that ``update_document`` deletes by) stays a plain value.
"""

from __future__ import annotations

import pickle
from datetime import datetime
from typing import Any

from whoosh import analysis, fields, formats
from whoosh.codec import whoosh3

from searcher.engine.packed_postings import PackedPostings, pack

# The document key holding the stored fields' column bytes (whoosh ignores keys starting with
# "_" but for its own "_boost", "_<field>_boost" and "_stored_<field>").
STORED_BYTES = "_khabar_stored"
# whoosh3's _stored column: pickled values in a zlib-compressed bytes column.
_COMPRESSED = whoosh3.STORED_COLUMN._child


def writer_document(schema: Any, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` (field name → value, as for whoosh's ``add_document``) with its indexed fields'
    postings packed and its stored values replaced by their column bytes.

    A packed field that is stored or has a column keeps its value as ``_stored_<field>``
    (whoosh's way of giving a stored value apart from the indexed one)."""
    ready: dict[str, Any] = {}
    stored: dict[str, Any] = {}
    for name in sorted(doc):
        value = doc[name]
        if name.startswith("_") or value is None:
            ready[name] = value
            continue
        field = schema[name]
        if field.stored and doc.get(f"_stored_{name}", value) is not None:
            stored[name] = doc.get(f"_stored_{name}", value)
        if not field.indexed or field.unique or isinstance(value, PackedPostings):
            if field.indexed or field.column_type:
                ready[name] = value
            continue
        ready[name] = field.packed(value) if hasattr(field, "packed") else _small_packed(
            schema, name, field, value)
        if field.column_type and f"_stored_{name}" not in doc:
            ready[f"_stored_{name}"] = value
    if stored:
        ready[STORED_BYTES] = stored_bytes(stored)
    return ready


# A text field's postings by value, for the schema last seen: a source's name, a list of tags
# recur article after article, and whoosh analyzing one again costs fifty times a lookup.
_SMALL_KEPT = 16_384
_small: dict[tuple[str, Any], PackedPostings] = {}
_small_schema: list[Any] = [None]


def _small_packed(schema: Any, name: str, field: Any, value: Any) -> PackedPostings:
    # An id (a url, a news code: one a document) and a date's tiers are built directly: going
    # through whoosh's analysis cost more than the article's other small fields together.
    kind = type(field)
    if kind is fields.ID and type(value) is str and _plain_id(field):
        return PackedPostings((value.encode("utf-8"),), (1,), (field.format.field_boost,),
                              (0,), b"")
    if kind is fields.DATETIME and type(value) is datetime and field.shift_step:
        return _tiers(field, value)
    if _small_schema[0] is not schema:
        _small.clear()
        _small_schema[0] = schema
    key = (name, value)
    try:
        found = _small.get(key)
    except TypeError:  # an unhashable value: whoosh's own error, if any, comes from index
        return pack(field.index(value))
    if found is None:
        if len(_small) >= _SMALL_KEPT:
            _small.clear()
        found = _small[key] = pack(field.index(value))
    return found


def _plain_id(field: Any) -> bool:
    """Whether an ID field indexes a value as the one term it is (whoosh's defaults)."""
    return (type(field.analyzer) is analysis.IDTokenizer and type(field.format)
            is formats.Existence)


def _tiers(field: Any, value: datetime) -> PackedPostings:
    """whoosh's terms for a date: its sortable number shifted by each ``shift_step`` bits,
    from one conversion of the date (whoosh's ``index`` converts it again for each tier)."""
    first = field.to_bytes(value, 0)
    sortable = field._struct.unpack(first[1:])[0]
    terms = sorted([first, *(field.sortable_to_bytes(sortable, shift)
                             for shift in range(field.shift_step, field.bits, field.shift_step))])
    count = len(terms)
    return PackedPostings(tuple(terms), (1,) * count, (1.0,) * count, (0,) * count, b"")


def stored_bytes(stored: dict[str, Any]) -> bytes:
    """What whoosh's per-document writer adds to the ``_stored`` column for these stored
    values (in field-name order, as its ``add_document`` collects them)."""
    return _compress(pickle.dumps(stored, 2))


def _compress(data: bytes) -> bytes:
    from searcher.engine.deflate import compress
    from searcher.engine.heap import keep_freed_memory

    keep_freed_memory()  # the compressor's work space reused, not faulted in again (heap)
    # whoosh's level, by ISA-L where installed: a third of zlib's time (searcher.engine.deflate)
    return compress(data, _COMPRESSED._level)


def add_stored_bytes(perdocwriter: Any, docnum: int, data: bytes) -> None:
    """Put :func:`stored_bytes` into the ``_stored`` column of ``perdocwriter`` (a whoosh3
    per-document writer) for ``docnum``, as its ``finish_doc`` would have after compressing."""
    from whoosh.columns import VarBytesColumn

    column = perdocwriter._colwriters["_stored"]._child  # the compressed-bytes writer
    VarBytesColumn.Writer.add(column, docnum, data)  # its parent's add: stored as given
