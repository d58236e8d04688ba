"""One posting's value (its encoded positions) read from a block's pickle by its opcodes.

khabar's writer pickles a block's data with protocol 3, where each value is bytes as they are:
``SHORT_BINBYTES <length byte> <bytes>`` (``BINBYTES`` and four length bytes from 256 on) and
a memo put; the values are stepped over by their lengths. whoosh's own writer (merges, the
unique id, indexes written before) uses protocol 2, read as follows.

The second stage wants the positions of a few candidate articles, one posting of a block each;
unpickling the whole block for it builds all ~128 postings' values through ``codecs.encode``
(whoosh pickles each value, a ``bytes``, as a call of ``_codecs.encode(text, "latin1")``) and
cost ~120 µs a block through the allowlisting unpickler. Here the values are stepped over by
their length prefixes, one regular-expression match each, up to the one wanted; its text is
turned back into bytes as ``codecs.encode`` would. Nothing is called, and anything that is not
exactly what whoosh's writer emits gives None (the caller then unpickles the block safely).

Each value is ``GET(encode) X <length> <text> PUT GET(latin1) TUPLE2 PUT REDUCE PUT``; the
first one of a block names ``_codecs encode`` and ``latin1`` in full instead of GETs.
"""

from __future__ import annotations

import re

_PUT = rb"(?:q.|r....)"
_GET = rb"(?:h.|j....)"
_FIRST = re.compile(rb"c_codecs\nencode\n" + _PUT + rb"X(....)", re.DOTALL)
_FIRST_TAIL = _PUT + rb"X\x06\x00\x00\x00latin1" + _PUT + rb"\x86" + _PUT + rb"R" + _PUT
_TAIL = _PUT + _GET + rb"\x86" + _PUT + rb"R" + _PUT
_HEAD = _GET + rb"X(....)"
_SECOND = re.compile(_FIRST_TAIL + _HEAD, re.DOTALL)
_NEXT = re.compile(_TAIL + _HEAD, re.DOTALL)
_ENDS = (re.compile(_FIRST_TAIL, re.DOTALL), re.compile(_TAIL, re.DOTALL))
_SHORT_BINBYTES, _BINBYTES, _BINPUT, _LONG_BINPUT = 0x43, 0x42, 0x71, 0x72


def posting_values(data: bytes, values_at: int, count: int, indexes: list[int]
                   ) -> list[bytes | None]:
    """The values of postings ``indexes`` (ascending) of a ``count``-posting block whose whole
    data pickle is ``data`` and whose values tuple starts at ``values_at``, in one walk; None
    for each value not exactly as khabar's or whoosh's writer emits it (and for all after it)."""
    found: list[bytes | None] = [None] * len(indexes)
    if not indexes or indexes[0] < 0 or indexes[-1] >= count:
        return found
    at = values_at
    if count > 3:  # a tuple of more than three items opens with a MARK
        if data[at:at + 1] != b"(":
            return found
        at += 1
    if data[:2] == b"\x80\x03":
        _bytes_values(data, at, indexes, found)
        return found
    head = _FIRST.match(data, at)
    wanted = 0
    for index in range(indexes[-1] + 1):
        if head is None:
            break
        start = head.end()
        end = start + int.from_bytes(head[1], "little")
        if index == indexes[wanted]:
            if _ENDS[index > 0].match(data, end) is None:
                break
            try:
                found[wanted] = data[start:end].decode("utf-8").encode("latin-1")
            except UnicodeError:  # not text whoosh's latin-1 round trip could have written
                break
            wanted += 1
            if wanted == len(indexes):
                break
        head = (_SECOND if index == 0 else _NEXT).match(data, end)
    return found


def _bytes_values(data: bytes, at: int, indexes: list[int], found: list[bytes | None]
                  ) -> None:
    """:func:`posting_values` of a protocol-3 pickle's values, from ``at``, into ``found``."""
    wanted = 0
    try:
        for index in range(indexes[-1] + 1):
            op = data[at]
            if op == _SHORT_BINBYTES:
                start = at + 2
                end = start + data[at + 1]
            elif op == _BINBYTES:
                start = at + 5
                end = start + int.from_bytes(data[at + 1:start], "little")
            else:  # a memo get (one object twice), or anything else: left to the unpickler
                return
            put = data[end]  # IndexError when the data ends early
            if put == _BINPUT:
                at = end + 2
            elif put == _LONG_BINPUT:
                at = end + 5
            else:
                return
            if at > len(data):
                return
            if index == indexes[wanted]:
                found[wanted] = data[start:end]
                wanted += 1
    except IndexError:
        return


def posting_value(data: bytes, values_at: int, count: int, index: int) -> bytes | None:
    """The value of posting ``index`` alone (:func:`posting_values`)."""
    return posting_values(data, values_at, count, [index])[0]
