"""A term's whole posting list decoded into numpy arrays in one pass over its bytes.

Ranking needs every posting of every query term (the exact total counts them all), so a
common word at 100k articles is hundreds of posting blocks a query. Going block by block
through a matcher cost ~35 µs of Python a block (a matcher's state, two reads of the mapped
file, a parse of the info tuple, half a dozen numpy calls). Here the term's bytes are read once,
each block's info tuple is one regular-expression match, its head is inflated and cut into
byte strings (:func:`searcher.engine.block_head.head_parts`), and numpy decodes all blocks
together: one array of deltas, one of nine-byte weight records, one running sum.

Anything whoosh's writer would not write — in any block — makes the whole term return None,
and the caller reads it through the matcher (and the allowlisting unpickler) instead.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from searcher.engine.block_head import INFO_MAX_BYTES, head_parts, inflated_head, info

class BlockPlace(NamedTuple):
    """Where one posting block lies in the postings file, for reading a posting's value."""

    first: int  # index of its first posting in the term's postings
    position: int  # of the block (its length), where a matcher's _goto starts
    data_at: int  # its data pickle, compressed or not, from here
    data_end: int
    postings: int
    compression: int


_HEADER = b"W3Bl"  # whoosh's WHOOSH3_HEADER_MAGIC, before a term's first block
_LENGTH_BYTES = 4


def assembled(parts: list[tuple[int, bytes | list[int], bytes]]) -> tuple[Any, Any]:
    """ids (int64) and weights (float64) of consecutive blocks from their
    :func:`~searcher.engine.block_head.head_parts`."""
    import numpy as np

    counts = np.fromiter((1 + len(deltas) for _, deltas, _ in parts), dtype=np.int64,
                         count=len(parts))
    starts = np.cumsum(counts) - counts
    steps = np.empty(int(counts.sum()), dtype=np.int64)
    rest = np.ones(len(steps), dtype=bool)
    rest[starts] = False
    steps[rest] = np.concatenate([np.frombuffer(deltas, np.uint8) if type(deltas) is bytes
                                  else np.array(deltas, dtype=np.int64)
                                  for _, deltas, _ in parts])
    steps[starts] = [first for first, _, _ in parts]
    # One running sum over every block, then each block's share of the blocks before it taken
    # off: each block's ids are its own first id plus its deltas, whatever the others hold.
    running = np.cumsum(steps)
    before = np.zeros(len(parts), dtype=np.int64)
    before[1:] = running[starts[1:] - 1]
    ids = running - np.repeat(before, counts)
    records = np.frombuffer(b"".join(r for _, _, r in parts),
                            dtype=np.dtype([("op", "u1"), ("value", ">f8")]))
    return ids, records["value"].astype(np.float64)


def term_arrays(postings: bytes, base: int = 0) -> tuple[Any, Any, list[BlockPlace]] | None:
    """ids, weights and the block directory of a term's on-disk postings (``postings``: its
    bytes from the header on, found at ``base`` in the postings file); None when any block is
    not as whoosh writes it."""
    if postings[:len(_HEADER)] != _HEADER:
        return None
    at = len(_HEADER)
    parts = []
    blocks = []
    first = 0
    while True:
        length = int.from_bytes(postings[at:at + _LENGTH_BYTES], "big", signed=True)
        end = at + _LENGTH_BYTES + abs(length)
        parsed = info(postings[at + _LENGTH_BYTES:at + _LENGTH_BYTES + INFO_MAX_BYTES])
        if parsed is None or end > len(postings):
            return None
        (count, _last, _top, compression, _short, _long), size = parsed
        data_at = at + _LENGTH_BYTES + size
        data = inflated_head(postings[data_at:end], count, compression)
        found = head_parts(data, count) if data is not None and count > 0 else None
        if found is None:
            return None
        parts.append(found[:3])
        blocks.append(BlockPlace(first, base + at, base + data_at, base + end, count, compression))
        first += count
        if length < 0:  # the last block
            break
        at = end
    ids, weights = assembled(parts)
    return ids, weights, blocks
