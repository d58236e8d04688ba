"""A term's postings encoded into W3 posting blocks exactly as whoosh's postings writer
encodes them, a Python step a block instead of several a posting.

whoosh's ``W3PostingsWriter`` takes postings one by one and, per block, delta-codes the ids
with a generator, tests the weights with two generators, sums them into the term's statistics
through method calls, and makes three ``write`` calls. Here a block is pickled and compressed
from list slices, its statistics taken with ``min``/``max``/``sum`` in C, and the blocks and term
entries of a few thousand terms written with one call each (whoosh's terms file,
an ordered hash file, gets each entry and its hash as its ``add`` would give them). The bytes
are whoosh's but for compression: the same pickles (protocol 2), the same term entry
(``W3TermInfo.to_bytes``), the same statistics added in the same order —
``tests/searcher/engine/test_packed_postings.py`` compares whole segments with whoosh's.

Compression is chosen a block at a time (each block's header says whether its data is
compressed, and whoosh's reader and khabar's honour it): a block pickle shorter than
:data:`COMPRESS_FROM` bytes — two thirds of a news segment's blocks, a rare term's posting or
two — is written as it is, since zlib makes it no smaller (its header and checksum cost more
than it finds), and longer ones at zlib level :data:`BLOCK_LEVEL` rather than whoosh's 3:
a segment of 10,000 news articles spends 1.2 s in zlib instead of 2.0 s, for 1 % more
posting bytes (docs/benchmarks.md, issue 12, session 7) — and 0.44 s where ISA-L makes the
zlib streams (:mod:`searcher.engine.deflate`).
"""

from __future__ import annotations

import struct
from array import array
from functools import partial
from hashlib import md5
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.compat import dumps
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from searcher.engine.deflate import compress

# Terms whose blocks and entries are held before one write (a few MB at most).
PENDING_TERMS = 4096
# whoosh's filetables: the lengths before a key/value pair, a hash table's slot
_LENGTHS = struct.Struct("!ii")
_POINTER = struct.Struct("!Iq")
_EMPTY_SLOT = _POINTER.pack(0, 0)
_NO_ID = 0xFFFFFFFF
# Block pickles shorter than this are stored uncompressed; longer ones at this zlib level.
COMPRESS_FROM = 100
BLOCK_LEVEL = 1
# A block's data (ids, weights, values) is pickled with protocol 3, which writes each
# posting's value as bytes; protocol 2 writes bytes as a call of ``_codecs.encode`` on a
# latin-1 string, and that was half of the flush's pickling and zlib time.
DATA_PROTOCOL = 3


class TermBlocks:
    """Writes one field's terms, in order, through a W3 field writer's files."""

    def __init__(self, fieldwriter: Any, fieldname: str, fieldobj: Any) -> None:
        fieldwriter.start_field(fieldname, fieldobj)
        self._fieldwriter = fieldwriter
        postwriter = fieldwriter._postwriter
        if postwriter._inlinelimit > 1 or postwriter._byteids:
            raise ValueError("whoosh's postings writer inlines rare terms here: not supported")
        self._limit = postwriter._blocklimit
        # whoosh's writer compresses every block; a writer made not to compress stays so
        self._compression = BLOCK_LEVEL if postwriter._compression else 0
        self._fixed = fieldobj.format.fixed_value_size()
        self._postfile = fieldwriter._postfile
        self._position = self._postfile.tell()
        self._key = pack_ushort(fieldwriter._fieldid)
        self._terms = fieldwriter._tindex
        self._blocks: list[bytes] = []  # encoded, not yet written
        self._entries: list[tuple[bytes, bytes]] = []  # (key, term info), not yet added

    def add(self, term: bytes, ids: list[int], deltas: list[int], weights: list[float],
            stored: list[float], values: list[bytes], lengths: list[int | None]) -> None:
        """One term's postings: document ids ascending, each id minus the one before
        (``deltas``), weights as given and as stored (``stored``: rounded to float32), encoded
        values, and each document's field length (None or 0: unknown)."""
        if len(ids) == 1:  # most terms of a segment: one posting, one block
            self._add_one(term, ids[0], weights[0], stored[0], values[0], lengths[0])
            return
        # W3TermInfo's statistics, as its add_block sums them, in its order
        total: float = 0
        df = 0
        minlength: int | None = None
        maxlength = 0
        maxweight: float = 0
        parts = [WHOOSH3_HEADER_MAGIC]
        count = len(ids)
        at = 0
        while at < count:
            stop = min(count, at + self._limit)
            block = stored[at:stop]
            top = max(weights[at:stop])
            blockweight = top if top > 0 else 0  # add_posting starts from an int 0
            present = [length for length in lengths[at:stop] if length]
            blockmin = min(present) if present else None
            blockmax = max(present) if present else 0
            total += sum(block)
            df += stop - at
            if blockmin is not None:  # a field without lengths has none in any block
                minlength = blockmin if minlength is None else min(minlength, blockmin)
            maxlength = max(maxlength, blockmax)
            maxweight = max(maxweight, blockweight)
            data = dumps(((ids[at], *deltas[at + 1:stop]), _mini_weights(block),
                          self._mini_values(values[at:stop])), DATA_PROTOCOL)
            level, data = self._compressed(data)
            head = dumps((stop - at, ids[stop - 1], blockweight, level,
                          length_to_byte(blockmin), length_to_byte(blockmax)), 2)
            size = len(head) + len(data)
            parts += (pack_int(-size if stop == count else size), head, data)
            at = stop
        self._keep(term, b"".join(parts), W3TermInfo._struct.pack(
            False, total, df, 0 if minlength is None else length_to_byte(minlength),
            length_to_byte(maxlength), maxweight, ids[0] if count else _NO_ID,
            ids[-1] if count else 0))

    def takes_arrays(self, counts: Any, docs: Any, stored: Any, value_lengths: Any) -> bool:
        """Whether :meth:`add_arrays` writes these postings (whoosh's bytes, exactly)."""
        from searcher.engine.block_pickles import fits

        return (self._fixed is None or self._fixed < 0) and fits(
            docs, stored, value_lengths, counts, self._limit)

    def add_arrays(self, terms: list[bytes], counts: Any, docs: Any, weights: Any,
                   stored: Any, value_starts: Any, value_lengths: Any, values: Any,
                   doc_lengths: Any) -> None:
        """A window of terms, their postings as numpy arrays (see :meth:`add`; ``values`` a
        uint8 array the values lie in): the blocks assembled at once
        (:mod:`searcher.engine.block_pickles`), then compressed and written a block at a time.
        Only when :meth:`takes_arrays` says so."""
        import numpy as np

        from searcher.engine.block_pickles import assemble, length_byte_bounds

        made = assemble(counts, docs, weights, stored, value_starts, value_lengths, values,
                        doc_lengths, self._limit)
        starts = made.term_start
        min_bytes, max_bytes = length_byte_bounds(doc_lengths, starts)
        term_rows = zip(
            terms, counts.tolist(), np.add.reduceat(stored, starts).tolist(),
            min_bytes.tolist(), max_bytes.tolist(),
            np.maximum(np.maximum.reduceat(weights, starts), 0).tolist(),
            docs[starts].tolist(), docs[starts + counts - 1].tolist(),
            np.bincount(made.term, minlength=len(terms)).tolist(), strict=True)
        data = made.data.tobytes()
        offsets = made.offset.tolist()
        block_rows = zip(made.count.tolist(), made.last_id.tolist(), made.top.tolist(),
                         made.min_byte.tolist(), made.max_byte.tolist(), offsets,
                         offsets[1:], strict=True)
        for term, df, total, min_byte, max_byte, top_weight, first, last, blocks in term_rows:
            if blocks == 1:  # most terms
                written = WHOOSH3_HEADER_MAGIC + self._block(data, next(block_rows), True)
            else:
                written = b"".join([WHOOSH3_HEADER_MAGIC, *(
                    self._block(data, next(block_rows), number == blocks)
                    for number in range(1, blocks + 1))])
            self._blocks.append(written)
            self._entries.append((self._key + term, _ONE_POSTING_INFO(
                False, total, df, min_byte, max_byte, top_weight, first, last,
                self._position, len(written))))
            self._position += len(written)
            if len(self._entries) >= PENDING_TERMS:
                self._write_pending()

    def _block(self, data: bytes, row: tuple[int, int, float, int, int, int, int],
               final: bool) -> bytes:
        """One block of :meth:`add_arrays` as written: its size (negative for a term's last),
        its header pickle and its data, compressed when long enough."""
        count, last_id, top, low, high, start, end = row
        piece = data[start:end]
        level = 0
        if self._compression and end - start >= COMPRESS_FROM:
            level, piece = self._compression, compress(piece, self._compression)
        small = _SMALL_INTS
        head = b"".join((_HEAD_OPEN, _OPS.ints[count], _OPS.ints[last_id],
                         _float_op(top) if top > 0 else small[0], small[level], small[low],
                         small[high], _HEAD_END))
        size = len(head) + len(piece)
        return pack_int(-size if final else size) + head + piece

    def _add_one(self, term: bytes, docnum: int, weight: float, stored: float,
                 value: bytes, length: int | None) -> None:
        """:meth:`add` of a term with one posting (three quarters of a news segment's terms):
        the same bytes, its two pickles put together from their opcodes (:class:`_Opcodes`)
        rather than made by ``pickle.dumps`` from tuples made for it."""
        ops = _OPS
        number = ops.ints[docnum]
        data = b"".join((_DATA_START, number, _TUPLE1_MEMO0,
                         b"N" if stored == 1.0 else _float_op(stored),
                         *self._values_ops(value)))
        level, data = self._compressed(data)
        blockweight = weight if weight > 0 else 0  # add_posting starts from an int 0
        byte = ops.length_bytes[length] if length else 0  # None and 0: byte 0
        small = _SMALL_INTS
        head = b"".join((_HEAD_START, number, _float_op(blockweight) if blockweight else
                         small[0], small[level], small[byte], small[byte], _HEAD_END))
        written = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-(len(head) + len(data))), head,
                            data))
        self._blocks.append(written)
        self._entries.append((self._key + term, _ONE_POSTING_INFO(
            False, stored, 1, byte, byte, blockweight, docnum, docnum, self._position,
            len(written))))
        self._position += len(written)
        if len(self._entries) >= PENDING_TERMS:
            self._write_pending()

    def _values_ops(self, value: bytes) -> tuple[bytes, ...]:
        """The opcodes of a one-posting block's values (as :meth:`_mini_values` gives them)
        and of the end of its data pickle, memo numbers counted on from the id's tuple."""
        fixed = self._fixed
        if fixed is None or fixed < 0:  # a tuple of the value, or () when it is empty
            if not value:
                return (_EMPTY_TUPLE_END,)
            return (_bytes_op(value), value, _BYTES_TUPLE_END)
        if fixed == 0:
            return (_NONE_END,)
        return (_bytes_op(value), value, _BYTES_END)

    def _compressed(self, data: bytes) -> tuple[int, bytes]:
        """A block's pickle as written, and the compression its header gives (0: none)."""
        if self._compression and len(data) >= COMPRESS_FROM:
            return self._compression, compress(data, self._compression)
        return 0, data

    def _keep(self, term: bytes, written: bytes, statistics: bytes) -> None:
        """Hold a term's blocks and its entry: ``statistics`` (W3TermInfo's struct) and, as
        ``W3TermInfo.to_bytes`` gives a term not inlined, its extent in the postings file."""
        self._blocks.append(written)
        info = statistics + pack_long(self._position) + pack_int(len(written))
        self._position += len(written)
        self._entries.append((self._key + term, info))
        if len(self._entries) >= PENDING_TERMS:
            self._write_pending()

    def close(self) -> None:
        self._write_pending()
        self._fieldwriter.finish_field()

    def _write_pending(self) -> None:
        self._postfile.write(b"".join(self._blocks))
        self._blocks.clear()
        _add_entries(self._terms, self._entries)
        self._entries.clear()

    def _mini_values(self, values: list[bytes]) -> Any:
        if not all(values):  # add_posting keeps only non-empty values
            values = [value for value in values if value]
        if self._fixed is None or self._fixed < 0:
            return tuple(values)
        return None if self._fixed == 0 else b"".join(values)


def _add_entries(tindex: Any, entries: list[tuple[bytes, bytes]]) -> None:
    """whoosh's ``OrderedHashWriter.add`` for each (key, value) of ``entries``, keys
    ascending: the same records, positions, hashes and index, with one write."""
    if not entries:
        return
    if tindex.hashtype != 0:  # not MD5: whoosh's own way
        for key, value in entries:
            tindex.add(key, value)
        return
    dbfile = tindex.dbfile
    position = dbfile.tell()
    positions = []
    records = []
    buckets = tindex.buckets
    last = tindex.lastkey
    for key, value in entries:
        if key <= last:
            raise ValueError(f"Keys must increase: {last!r}..{key!r}")
        last = key
        positions.append(position)
        record = _LENGTHS.pack(len(key), len(value)) + key + value
        records.append(record)
        # filetables.md5_hash: the digest's last four bytes as an unsigned int
        hashed = int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")
        buckets[hashed & 255].append((hashed, position))
        position += len(record)
    dbfile.write(b"".join(records))
    _extend(tindex.index, positions)
    tindex.lastkey = last


def write_hash_tables(writer: Any) -> None:
    """Make ``writer`` (a whoosh ``HashWriter``: a segment's terms file) write its 256 hash
    tables, when it closes, in one write: the bytes of its own ``_write_hashes``, which
    writes each slot with a call of its own (twice as many calls as the segment has terms)."""
    writer._write_hashes = partial(_write_hashes, writer)


def _write_hashes(writer: Any) -> None:
    dbfile = writer.dbfile
    position = dbfile.tell()
    tables = []
    for entries in writer.buckets:
        slots = 2 * len(entries)
        writer.directory.append((position, slots))
        if not slots:
            continue
        table: list[tuple[int, int] | None] = [None] * slots
        for hashed, at in entries:  # linear probing, in the order the keys were added
            slot = (hashed >> 8) % slots
            while table[slot] is not None:
                slot = (slot + 1) % slots
            table[slot] = (hashed, at)
        packed = b"".join([_EMPTY_SLOT if entry is None else _POINTER.pack(*entry)
                           for entry in table])
        tables.append(packed)
        position += len(packed)
    dbfile.write(b"".join(tables))


def _extend(index: Any, positions: list[int]) -> None:
    """``index.append`` of each of ``positions`` (ascending) on a whoosh GrowableArray: its
    array widened where a position does not fit, as its append widens it."""
    values = index.array
    if isinstance(values, array):
        try:
            array(values.typecode, positions[-1:])  # the largest fits: all do
        except OverflowError:
            for position in positions:
                index.append(position)
            return
    values.extend(positions)


# A one-posting block's pickles, by opcode (pickle's own choice of opcodes, protocols 2 and 3):
# the data ``((docnum,), weight or None, values)`` and the header
# ``(1, docnum, max weight, compression, length byte, length byte)``.
_DATA_START = b"\x80\x03"  # PROTO 3
_TUPLE1_MEMO0 = b"\x85q\x00"  # TUPLE1, BINPUT 0: the ids' tuple
_BYTES_TUPLE_END = b"q\x01\x85q\x02\x87q\x03."  # the value, its tuple, the block's: memo 1-3
_EMPTY_TUPLE_END = b")\x87q\x01."  # no value: EMPTY_TUPLE (not memoized), the block's tuple
_NONE_END = b"N\x87q\x01."
_BYTES_END = b"q\x01\x87q\x02."  # fixed-size values joined into one bytes
_HEAD_OPEN = b"\x80\x02("  # PROTO 2, MARK
_HEAD_START = _HEAD_OPEN + b"K\x01"  # … the posting count 1
_HEAD_END = b"tq\x00."  # TUPLE, BINPUT 0, STOP
_SMALL_INTS = tuple(b"K" + bytes((number,)) for number in range(256))  # BININT1
_MAX_INT4 = 2**31 - 1  # BININT's largest
_DOUBLE = struct.Struct(">d")
# a term's entry: W3TermInfo's statistics and its extent in the postings file
_ONE_POSTING_INFO = struct.Struct(W3TermInfo._struct.format + "qi").pack


def _bytes_op(value: bytes) -> bytes:
    """SHORT_BINBYTES or BINBYTES, before the bytes themselves."""
    size = len(value)
    return b"C" + bytes((size,)) if size < 256 else b"B" + size.to_bytes(4, "little")


class _Memo(dict[Any, Any]):
    """key → ``make(key)``, made once; bounded (cleared when full)."""

    def __init__(self, make: Any) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> Any:
        if len(self) >= 1 << 16:
            self.clear()
        made = self[key] = self._make(key)
        return made


def _int_op(number: int) -> bytes:
    """A non-negative int as pickle writes it (BININT1/2/BININT; LONG1 past four bytes)."""
    if number < 256:
        return _SMALL_INTS[number]
    if number < 65536:
        return b"M" + number.to_bytes(2, "little")
    if number <= _MAX_INT4:
        return b"J" + number.to_bytes(4, "little")
    return dumps(number, 2)[2:-1]  # without PROTO and STOP (an int is never memoized)


def _float_op(number: float) -> bytes:
    """BINFLOAT (not memoized by value: 0.0 and -0.0 are equal keys, and so are no NaNs)."""
    return b"G" + _DOUBLE.pack(number)


class _Opcodes:
    """Opcodes met again and again in a segment: document numbers, and length bytes
    (whoosh's ``length_to_byte``, a bisection)."""

    def __init__(self) -> None:
        self.ints = _Memo(_int_op)
        self.length_bytes = _Memo(length_to_byte)


_OPS = _Opcodes()


def _mini_weights(weights: list[float]) -> Any:
    """whoosh's ``_mini_weights``: None when all are 1, the one weight when all are equal."""
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first
    return tuple(weights)
