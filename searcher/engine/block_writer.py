"""A term's postings encoded into W3 posting blocks exactly as whoosh's postings writer
encodes them, a Python step a block instead of several a posting.

whoosh's ``W3PostingsWriter`` takes postings one by one and, per block, delta-codes the ids
with a generator, tests the weights with two generators, sums them into the term's statistics
through method calls, and makes three ``write`` calls. Here a block is pickled and compressed
from list slices, its statistics taken with ``min``/``max``/``sum`` in C, and a term's blocks
written in one call. The bytes are whoosh's: the same pickles (protocol 2), the same zlib level,
the same term entry (``W3TermInfo.to_bytes``), the same statistics added in the same order —
``tests/searcher/engine/test_packed_postings.py`` compares whole segments with whoosh's.
"""

from __future__ import annotations

import zlib
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.compat import dumps
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import length_to_byte


class TermBlocks:
    """Writes one field's terms, in order, through a W3 field writer's files."""

    def __init__(self, fieldwriter: Any, fieldname: str, fieldobj: Any) -> None:
        fieldwriter.start_field(fieldname, fieldobj)
        self._fieldwriter = fieldwriter
        postwriter = fieldwriter._postwriter
        if postwriter._inlinelimit > 1 or postwriter._byteids:
            raise ValueError("whoosh's postings writer inlines rare terms here: not supported")
        self._limit = postwriter._blocklimit
        self._compression = postwriter._compression
        self._fixed = fieldobj.format.fixed_value_size()
        self._postfile = fieldwriter._postfile
        self._position = self._postfile.tell()
        self._key = pack_ushort(fieldwriter._fieldid)
        self._terms = fieldwriter._tindex

    def add(self, term: bytes, ids: list[int], deltas: list[int], weights: list[float],
            stored: list[float], values: list[bytes], lengths: list[int | None]) -> None:
        """One term's postings: document ids ascending, each id minus the one before
        (``deltas``), weights as given and as stored (``stored``: rounded to float32), encoded
        values, and each document's field length (None or 0: unknown)."""
        info = W3TermInfo()
        parts = [WHOOSH3_HEADER_MAGIC]
        count = len(ids)
        comp = self._compression
        at = 0
        while at < count:
            stop = min(count, at + self._limit)
            block = stored[at:stop]
            top = max(weights[at:stop])
            maxweight = top if top > 0 else 0  # add_posting starts from an int 0
            present = [length for length in lengths[at:stop] if length]
            minlength = min(present) if present else None
            maxlength = max(present) if present else 0
            # W3TermInfo.add_block, in its order
            info._weight += sum(block)
            info._df += stop - at
            info._minlength = minlength if info._minlength is None else min(info._minlength,
                                                                            minlength)
            info._maxlength = max(info._maxlength, maxlength)
            info._maxweight = max(info._maxweight, maxweight)
            if info._minid is None:
                info._minid = ids[at]
            info._maxid = ids[stop - 1]
            data = dumps(((ids[at], *deltas[at + 1:stop]), _mini_weights(block),
                          self._mini_values(values[at:stop])), 2)
            if comp:
                data = zlib.compress(data, comp)
            head = dumps((stop - at, ids[stop - 1], maxweight, comp, length_to_byte(minlength),
                          length_to_byte(maxlength)), 2)
            size = len(head) + len(data)
            parts += (pack_int(-size if stop == count else size), head, data)
            at = stop
        written = b"".join(parts)
        self._postfile.write(written)
        info.set_extent(self._position, len(written))
        self._position += len(written)
        self._terms.add(self._key + term, info.to_bytes())

    def close(self) -> None:
        self._fieldwriter.finish_field()

    def _mini_values(self, values: list[bytes]) -> Any:
        if not all(values):  # add_posting keeps only non-empty values
            values = [value for value in values if value]
        if self._fixed is None or self._fixed < 0:
            return tuple(values)
        return None if self._fixed == 0 else b"".join(values)


def _mini_weights(weights: list[float]) -> Any:
    """whoosh's ``_mini_weights``: None when all are 1, the one weight when all are equal."""
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first
    return tuple(weights)
