"""Every posting block of a window of terms assembled at once by numpy: the data pickles, byte for
byte as ``pickle.dumps`` writes them, and each block's and term's statistics.

:class:`searcher.engine.block_writer.TermBlocks` encodes a term at a time, several dozen Python
steps a term; a 10,000-article segment has tens of thousands of the text field's terms, and
that per-term work (with the lists the window was turned into for it) was over half of the
segment's flush (docs/benchmarks.md, session 12). Here the data pickle of every block is laid out
in one byte array — each posting's id, weight and value opcodes scattered to their places —
and the statistics are reductions over the postings; what is left a block is compressing it
and its header, a term its entry.

The data pickle of a block of ``n`` postings (protocol 3), as ``pickle`` writes
``((id, delta, …), weights, (value, …))``::

    PROTO 3 · [MARK] ids… TUPLE(n) BINPUT 0 · weights · [MARK] (value BINPUT k)… TUPLE(n)
    BINPUT · TUPLE3 BINPUT · STOP

where ``weights`` is NONE (all 1.0), one BINFLOAT (all equal) or a memoized tuple of BINFLOATs,
and TUPLE(n) is TUPLE1/2/3 for up to three items, else MARK … TUPLE. Only what khabar's text
field writes is taken this way (values of variable size, none empty; ids below 2^31; weights
whose sums are exact in any order, so numpy's sums are Python's): :func:`fits` says so, and
anything else goes the term-at-a-time way.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from whoosh.util.numeric import _length_byte_cache

_PROTO3 = 0x80, 0x03
_MARK, _TUPLE, _BINPUT, _STOP = 0x28, 0x74, 0x71, 0x2E
_TUPLES = np.array([_TUPLE, 0x85, 0x86, 0x87], dtype=np.uint8)  # by size: 1-3, else MARK…TUPLE
_NONE, _BINFLOAT, _SHORT_BINBYTES, _BINBYTES = 0x4E, 0x47, 0x43, 0x42
_BININT1, _BININT2, _BININT = 0x4B, 0x4D, 0x4A
_INT4 = 2**31  # BININT's bound: larger ids would need LONG1
# Weights on a grain of 2^-10 sum exactly in a double, in any order, while |weight| times the
# postings stays below 2^42 (fits): numpy's sums are then what Python's compensated sum gives.
_GRAIN = 1024.0
_LENGTHS = np.array(_length_byte_cache, dtype=np.int64)
_LONGEST = 106374  # whoosh's length_to_byte: this length and above are byte 255
_UNKNOWN = np.iinfo(np.int64).max  # no known length among a run's documents


class Blocks(NamedTuple):
    """A window's blocks: postings ``start[b]:start[b] + count[b]`` of term ``term[b]``, the
    data pickles (``data[offset[b]:offset[b + 1]]``) and the header statistics: the last
    id, the largest weight, the length bytes of the shortest and longest known document."""

    term: Any
    term_start: Any  # each term's first posting
    start: Any
    count: Any
    data: Any
    offset: Any
    last_id: Any
    top: Any
    min_byte: Any
    max_byte: Any


def fits(docs: Any, stored: Any, value_lengths: Any, counts: Any, limit: int) -> bool:
    """Whether :func:`assemble` writes these postings as ``pickle`` would (else: term by term)."""
    if not len(docs) or limit > 250:  # memo numbers of a block stay below 256 (one byte)
        return False
    if int(docs.max()) >= _INT4 or int(value_lengths.min()) < 2:
        return False  # LONG1 ids; an empty or one-byte value (shared objects, memo lookups)
    grains = stored * _GRAIN
    if not np.array_equal(grains, np.round(grains)):
        return False
    return float(np.abs(stored).max()) * float(counts.max()) < 2.0**42


def length_bytes(lengths: Any) -> Any:
    """whoosh's ``length_to_byte`` of each of ``lengths`` (0 for 0)."""
    found = np.searchsorted(_LENGTHS, lengths, side="left")
    return np.where(lengths >= _LONGEST, 255, found)


def assemble(counts: Any, docs: Any, weights: Any, stored: Any, value_starts: Any,
             value_lengths: Any, values: Any, doc_lengths: Any, limit: int) -> Blocks:
    """The blocks of terms with ``counts`` postings each (in order; postings term by term,
    documents ascending), at most ``limit`` postings a block. ``values`` is a uint8 array the
    postings' values lie in (``value_starts``, ``value_lengths``); ``doc_lengths`` each
    posting's document length in the field (0: unknown)."""
    terms = len(counts)
    per_term = (counts + limit - 1) // limit
    term = np.repeat(np.arange(terms), per_term)
    term_start = np.cumsum(counts) - counts
    first_block = np.cumsum(per_term) - per_term
    start = term_start[term] + (np.arange(len(term)) - first_block[term]) * limit
    stop = np.minimum(start + limit, (term_start + counts)[term])
    size = stop - start
    postings = len(docs)
    block = np.repeat(np.arange(len(term)), size)  # each posting's block
    rank = np.arange(postings) - start[block]  # its place in the block
    mark = (size > 3).astype(np.int64)  # MARK … TUPLE, else TUPLE1/2/3 alone
    closer = _TUPLES[np.where(size > 3, 0, size)]

    # ids: the block's first as it is, the others as the step from the one before
    ids = np.where(rank == 0, docs, docs - np.concatenate(([0], docs[:-1])))
    id_size = np.where(ids < 256, 2, np.where(ids < 65536, 3, 5))
    # weights: NONE when all are 1.0, one BINFLOAT when all are equal, else a tuple of them
    first_weight = stored[start]
    uniform = np.minimum.reduceat(stored == first_weight[block], start)
    weight_kind = np.where(uniform, np.where(first_weight == 1.0, 0, 1), 2)
    weight_size = np.select([weight_kind == 0, weight_kind == 1], [1, 9], mark + 9 * size + 3)
    value_head = np.where(value_lengths < 256, 2, 5)
    value_size = value_head + value_lengths + 2  # the opcode and length, the bytes, BINPUT

    ids_at = 2 + mark
    ids_end = ids_at + _sums(id_size, start)
    weights_at = ids_end + 3  # TUPLE(n), BINPUT 0
    values_at = weights_at + weight_size
    values_end = values_at + mark + _sums(value_size, start)
    block_size = values_end + 7  # TUPLE(n) BINPUT k, TUPLE3 BINPUT k+1, STOP
    offset = np.zeros(len(term) + 1, dtype=np.int64)
    np.cumsum(block_size, out=offset[1:])
    base = offset[:-1]
    out = np.zeros(int(offset[-1]), dtype=np.uint8)

    out[base] = _PROTO3[0]
    out[base + 1] = _PROTO3[1]
    out[(base + 2)[mark == 1]] = _MARK
    _scatter(out, base[block] + ids_at[block] + _before(id_size, start, block),
             _int_ops(ids), id_size)
    out[base + ids_end] = closer
    out[base + ids_end + 1] = _BINPUT
    out[base + ids_end + 2] = 0
    memo = np.where(weight_kind == 2, 2, 1)  # the first value's memo number
    # weights
    at = base + weights_at
    out[at[weight_kind == 0]] = _NONE
    single = weight_kind == 1
    _scatter(out, at[single], _float_ops(first_weight[single]), 9)
    listed = weight_kind == 2
    out[at[listed & (mark == 1)]] = _MARK
    in_list = listed[block]
    _scatter(out, (at + mark)[block][in_list] + 9 * rank[in_list],
             _float_ops(stored[in_list]), 9)
    tail = (at + mark + 9 * size)[listed]
    out[tail] = closer[listed]
    out[tail + 1] = _BINPUT
    out[tail + 2] = 1
    # values, each memoized
    out[(base + values_at)[mark == 1]] = _MARK
    value_at = (base + values_at + mark)[block] + _before(value_size, start, block)
    _scatter(out, value_at, _bytes_ops(value_lengths), value_head)
    _copy(out, value_at + value_head, values, value_starts, value_lengths)
    after = value_at + value_head + value_lengths
    out[after] = _BINPUT
    out[after + 1] = memo[block] + rank
    end = base + values_end
    out[end] = closer
    out[end + 1] = _BINPUT
    out[end + 2] = memo + size
    out[end + 3] = 0x87  # TUPLE3: (ids, weights, values)
    out[end + 4] = _BINPUT
    out[end + 5] = memo + size + 1
    out[end + 6] = _STOP

    min_byte, max_byte = length_byte_bounds(doc_lengths, start)
    return Blocks(term=term, term_start=term_start, start=start, count=size, data=out,
                  offset=offset, last_id=docs[stop - 1],
                  top=np.maximum.reduceat(weights, start), min_byte=min_byte, max_byte=max_byte)


def length_byte_bounds(doc_lengths: Any, starts: Any) -> tuple[Any, Any]:
    """For each run of postings beginning at ``starts`` (a block's, a term's): the length
    byte of its shortest known document (0 when none is known) and of its longest."""
    known = np.where(doc_lengths > 0, doc_lengths, _UNKNOWN)
    shortest = np.minimum.reduceat(known, starts)
    return (np.where(shortest == _UNKNOWN, 0, length_bytes(np.minimum(shortest, _LONGEST))),
            length_bytes(np.maximum.reduceat(doc_lengths, starts)))


def _sums(sizes: Any, start: Any) -> Any:
    return np.add.reduceat(sizes, start)


def _before(sizes: Any, start: Any, block: Any) -> Any:
    """For each posting, the sizes of the postings before it in its block, summed."""
    running = np.cumsum(sizes) - sizes
    return running - running[start][block]


def _int_ops(numbers: Any) -> Any:
    """BININT1 / BININT2 / BININT of each non-negative int below 2^31, as rows of 5 bytes."""
    rows = np.zeros((len(numbers), 5), dtype=np.uint8)
    rows[:, 0] = np.where(numbers < 256, _BININT1, np.where(numbers < 65536, _BININT2,
                                                            _BININT))
    rows[:, 1:] = numbers.astype("<u4").view(np.uint8).reshape(-1, 4)
    return rows


def _float_ops(numbers: Any) -> Any:
    """BINFLOAT of each float (big-endian double), as rows of 9 bytes."""
    rows = np.empty((len(numbers), 9), dtype=np.uint8)
    rows[:, 0] = _BINFLOAT
    rows[:, 1:] = numbers.astype(">f8").view(np.uint8).reshape(-1, 8)
    return rows


def _bytes_ops(lengths: Any) -> Any:
    """SHORT_BINBYTES or BINBYTES and the length, before each value's bytes, as rows of 5."""
    rows = np.zeros((len(lengths), 5), dtype=np.uint8)
    short = lengths < 256
    rows[:, 0] = np.where(short, _SHORT_BINBYTES, _BINBYTES)
    rows[:, 1:] = lengths.astype("<u4").view(np.uint8).reshape(-1, 4)
    return rows


def _scatter(out: Any, at: Any, rows: Any, sizes: Any) -> None:
    """``rows[i, :sizes[i]]`` written at ``out[at[i]:]``."""
    sizes = np.broadcast_to(sizes, (len(at),))
    for column in range(rows.shape[1]):
        chosen = sizes > column
        out[at[chosen] + column] = rows[chosen, column]


def _copy(out: Any, at: Any, source: Any, starts: Any, lengths: Any) -> None:
    """``source[starts[i]:starts[i] + lengths[i]]`` copied to ``out[at[i]:]``, all at once."""
    total = int(lengths.sum())
    step = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    out[np.repeat(at, lengths) + step] = source[np.repeat(starts, lengths) + step]
