"""A W3 posting block's info tuple, document ids and weights, read from whoosh's pickle bytes
by their exact opcodes — no unpickler runs.

whoosh writes each posting block as two protocol-2 pickles: an info tuple (posting count, last
id, max weight, compression, min and max length bytes) and a data tuple (delta-coded ids,
weights, each posting's encoded positions); khabar's writer pickles the data tuple with
protocol 3, which spells the ids and weights the same. Ranking and counting need the ids and
weights only. Loading them through the allowlisting unpickler
(:mod:`searcher.engine.safe_pickle`) cost twice ``pickle.loads`` and was over half of a query's
CPU at 30k articles, most of it spent building the positions nobody read.

This reader accepts exactly what whoosh's ``W3PostingsWriter`` emits for those parts — small
ints (``K``/``M``/``J``), floats (``G``), ``None``, tuples of them, memo puts — and builds
nothing but ints and floats, so no byte of an index can make it call anything. On anything
else it returns None and the caller loads the block with the allowlisting unpickler: a block
khabar did not expect is read slowly and as safely as before, never with ``pickle.loads``.
The positions are not read here; a matcher that needs them loads the whole block the safe way.
"""

from __future__ import annotations

import re
import struct
import zlib
from functools import cache
from itertools import accumulate
from typing import Any

_PROTO_2 = b"\x80\x02"
# Data pickles: whoosh's writer's protocol 2, or khabar's 3 (searcher.engine.block_writer);
# the ids and weights are spelt alike in both.
_DATA_PROTOCOLS = (b"\x80\x02", b"\x80\x03")
_MARK, _TUPLE, _STOP, _NONE, _FLOAT = 0x28, 0x74, 0x2E, 0x4E, 0x47
_BININT1, _BININT2, _BININT = 0x4B, 0x4D, 0x4A
_BINPUT, _LONG_BINPUT = 0x71, 0x72
_APPEND, _APPENDS = 0x61, 0x65
_EMPTY_LIST_PUT = b"\x80\x02]q\x00"  # PROTO 2, EMPTY_LIST, BINPUT 0: a positions list
_TUPLE_N = {1: 0x85, 2: 0x86, 3: 0x87}  # TUPLE1..3: small tuples are written without MARK
# A run of one-byte ints (opcode K and its byte), matched in C; most deltas of a common term.
_BYTE_INT_RUN = re.compile(rb"(?:K.)*", re.DOTALL)
_INFO_FIELDS = 6
_PICKLED_INT = rb"(K.|M..|J....)"
# The info tuple as whoosh writes it: five ints and the block's largest weight, a float.
_USUAL_INFO = re.compile(rb"\x80\x02\(" + _PICKLED_INT * 2 + rb"G(.{8})" + _PICKLED_INT * 3
                         + rb"t(?:q.|r....)\.", re.DOTALL)
# The most bytes an info pickle can take: PROTO, MARK, six values of at most 9 bytes, TUPLE,
# LONG_BINPUT, STOP.
INFO_MAX_BYTES = 2 + 1 + 9 * _INFO_FIELDS + 1 + 5 + 1


class _Unexpected(Exception):
    """Bytes outside what whoosh writes: the caller falls back to the safe unpickler."""


@cache
def _floats(count: int) -> struct.Struct:
    # count BINFLOATs in a row: an opcode byte (checked separately) and a big-endian double.
    return struct.Struct(">" + "xd" * count)


def _int(data: bytes, at: int) -> tuple[int, int]:
    """The int written at ``at`` and the position after it."""
    op = data[at]
    if op == _BININT1:
        return data[at + 1], at + 2
    if op == _BININT2:
        return data[at + 1] | data[at + 2] << 8, at + 3
    if op == _BININT:
        return int.from_bytes(data[at + 1:at + 5], "little", signed=True), at + 5
    raise _Unexpected


def _ints(data: bytes, at: int, count: int) -> tuple[list[int], int]:
    """``count`` ints written one after another from ``at``."""
    found: list[int] = []
    while True:
        ones = _BYTE_INT_RUN.match(data, at)
        assert ones is not None  # a run may be empty: the pattern always matches
        run = min((ones.end() - at) // 2, count - len(found))
        found.extend(data[at + 1:at + 2 * run:2])
        at += 2 * run
        if len(found) == count:
            return found, at
        value, at = _int(data, at)
        found.append(value)


def _tuple_end(data: bytes, at: int, count: int) -> int:
    """Past the TUPLE (or TUPLEn) closing a tuple of ``count`` items and its memo put."""
    if data[at] != (_TUPLE if count > 3 else _TUPLE_N[count]):
        raise _Unexpected
    at += 1
    if data[at] == _BINPUT:
        return at + 2
    if data[at] == _LONG_BINPUT:
        return at + 5
    raise _Unexpected


def _tuple_start(data: bytes, at: int, count: int) -> int:
    if count > 3:
        if data[at] != _MARK:
            raise _Unexpected
        return at + 1
    if count < 1:
        raise _Unexpected
    return at


def info(data: bytes) -> tuple[tuple[int, int, float, int, int, int], int] | None:
    """A block's info tuple from the bytes starting at its pickle, and the pickle's length;
    None for anything whoosh's writer does not produce."""
    usual = _USUAL_INFO.match(data)
    if usual is not None:  # one match in C instead of a Python step per value
        ints = [_int(usual[n], 0)[0] for n in (1, 2, 4, 5, 6)]
        top = struct.unpack(">d", usual[3])[0]
        return (ints[0], ints[1], top, ints[2], ints[3], ints[4]), usual.end()
    try:
        if data[:2] != _PROTO_2 or data[2] != _MARK:
            raise _Unexpected
        at = 3
        values: list[int | float] = []
        for _ in range(_INFO_FIELDS):
            if data[at] == _FLOAT:
                values.append(struct.unpack_from(">d", data, at + 1)[0])
                at += 9
            else:
                value, at = _int(data, at)
                values.append(value)
        at = _tuple_end(data, at, _INFO_FIELDS)
        if data[at] != _STOP:
            raise _Unexpected
    except (_Unexpected, IndexError, struct.error):
        return None
    count, last, top, compression, shortest, longest = values
    if not all(type(v) is int for v in (count, last, compression, shortest, longest)):
        return None
    return (count, last, top, compression, shortest, longest), at + 1  # type: ignore[return-value]


def _one_weight(data: bytes, at: int, count: int) -> bool:
    """Whether the weights of a ``count``-posting block, from ``at``, are one float for all
    (whoosh's ``_mini_weights`` when all are equal) rather than a tuple of up to three floats,
    which is written without MARK and so also starts with BINFLOAT. The pickle may end before
    where that tuple's TUPLE opcode would stand: a slice, not an index, looks there."""
    if data[at] != _FLOAT:
        return False
    end = at + 9 * count
    return not (count <= 3 and data[end:end + 1] == bytes((_TUPLE_N[count],))
                and data[at:end:9] == b"G" * count)


def head_bytes_bound(count: int) -> int:
    """The most bytes the ids and weights of a ``count``-posting block can take in the pickle."""
    return 2 + (1 + 5 * count + 1 + 5) + (1 + 9 * count + 1 + 5)


def ids_and_weights(data: bytes, count: int) -> tuple[tuple[int, ...], tuple[float, ...] |
                                                      float | None] | None:
    """The document ids (delta-decoded) and the weights as whoosh stored them (None: all 1.0;
    a float: all equal; else one per posting) of a ``count``-posting block's data pickle, of
    which ``data`` holds at least the first :func:`head_bytes_bound` bytes; None for anything
    whoosh's writer does not produce."""
    try:
        if data[:2] not in _DATA_PROTOCOLS:
            raise _Unexpected
        deltas, at = _ints(data, _tuple_start(data, 2, count), count)
        at = _tuple_end(data, at, count)
        op = data[at]
        weights: tuple[float, ...] | float | None
        if op == _NONE:
            weights = None
        elif _one_weight(data, at, count):
            weights = struct.unpack_from(">d", data, at + 1)[0]
        else:
            at = _tuple_start(data, at, count)
            end = at + 9 * count
            if data[at:end:9] != b"G" * count:
                raise _Unexpected
            weights = _floats(count).unpack(data[at:end])
            _tuple_end(data, end, count)
    except (_Unexpected, IndexError, struct.error):
        return None
    return tuple(accumulate(deltas)), weights


def inflated_head(raw: bytes, count: int, compression: int) -> bytes | None:
    """The start of a block's data pickle that holds its ids and weights (None: not zlib)."""
    if not compression:
        return raw
    try:
        return zlib.decompressobj().decompress(raw, head_bytes_bound(count))
    except zlib.error:
        return None


def position_deltas(value: bytes) -> list[int] | None:
    """The position deltas of one posting's value as whoosh's ``Positions`` format writes it
    (a big-endian count, then the pickled list of deltas); None for anything else."""
    try:
        count = int.from_bytes(value[:4], "big")
        if value[4:9] != _EMPTY_LIST_PUT or count < 1:
            raise _Unexpected
        at = 9
        deltas: list[int] = []
        while len(deltas) < count:  # pickle appends in batches of 1000, a batch of one alone
            left = count - len(deltas)
            if left == 1:
                batch, at = _ints(value, at, 1)
                closing = _APPEND
            elif value[at] == _MARK:
                batch, at = _ints(value, at + 1, min(1000, left))
                closing = _APPENDS
            else:
                raise _Unexpected
            if value[at] != closing:
                raise _Unexpected
            deltas.extend(batch)
            at += 1
        if value[at:] not in (b".", b""):  # whoosh's reader adds a missing STOP
            raise _Unexpected
    except (_Unexpected, IndexError):
        return None
    return deltas


def block_head(raw: bytes, count: int, compression: int) -> tuple[
        tuple[int, ...], tuple[float, ...] | float | None] | None:
    """ids and weights of a block's data as stored (``raw``, zlib-compressed if
    ``compression``), inflating only the part that holds them."""
    data = inflated_head(raw, count, compression)
    return None if data is None else ids_and_weights(data, count)


@cache
def _one_byte_ints(count: int) -> bytes:
    return b"K" * count


_UNIT_RECORD = b"G" + struct.pack(">d", 1.0)
_F32 = struct.Struct("<f")


def head_parts(data: bytes, count: int) -> tuple[int, bytes | list[int], bytes, int] | None:
    """A block's ids and weights in the shapes numpy reads in one call each: the first id, the
    deltas of the others (bytes, one a delta, when all are below 256 — most blocks; else a
    list), and the weights as ``count`` nine-byte records (an opcode byte, then a big-endian
    double: how whoosh pickles a tuple of floats; equal weights, stored once, are spelled out
    as the float32 whoosh's matcher hands out); then where the postings' values start. None
    for anything whoosh's writer does not produce; ``data`` as for :func:`ids_and_weights`."""
    try:
        if data[:2] not in _DATA_PROTOCOLS:
            raise _Unexpected
        first, at = _int(data, _tuple_start(data, 2, count))  # the first id, not a delta
        end = at + 2 * (count - 1)
        deltas: bytes | list[int]
        if data[at:end:2] == _one_byte_ints(count - 1):
            deltas = data[at + 1:end:2]
            at = end
        else:
            deltas, at = _ints(data, at, count - 1)
        at = _tuple_end(data, at, count)
        op = data[at]
        if op == _NONE:
            records = _UNIT_RECORD * count
            values_at = at + 1
        elif _one_weight(data, at, count):
            same = _F32.unpack(_F32.pack(struct.unpack_from(">d", data, at + 1)[0]))[0]
            records = (b"G" + struct.pack(">d", same)) * count
            values_at = at + 9
        else:
            at = _tuple_start(data, at, count)
            end = at + 9 * count
            records = data[at:end]
            if len(records) != 9 * count or records[::9] != b"G" * count:
                raise _Unexpected
            values_at = _tuple_end(data, end, count)
    except (_Unexpected, IndexError, struct.error, OverflowError):
        return None
    return first, deltas, records, values_at


def ids_and_weights_arrays(data: bytes, count: int) -> tuple[Any, Any] | None:
    """:func:`ids_and_weights` as two numpy arrays, ids (int64) and weights (float64: whoosh's
    float32 for equal weights, widened exactly), decoded in C without a Python number per
    posting; None for anything whoosh's writer does not produce."""
    from searcher.engine.term_arrays import assembled

    parts = head_parts(data, count)
    return None if parts is None else assembled([parts[:3]])


def head_arrays(raw: bytes, count: int, compression: int) -> tuple[Any, Any] | None:
    """:func:`block_head` as numpy arrays (:func:`ids_and_weights_arrays`)."""
    data = inflated_head(raw, count, compression)
    return None if data is None else ids_and_weights_arrays(data, count)
