"""Posting blocks read by their opcodes: what whoosh's writer emits is read without an unpickler
and equals what the unpickler reads; anything else goes to the allowlisting unpickler."""

from __future__ import annotations

import io
import os
import pickle
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from whoosh.codec import whoosh3
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Positions

from searcher.engine import block_head, safe_pickle
from searcher.engine.block_decoding import FastLeafMatcher
from searcher.engine.block_values import posting_value, posting_values
from searcher.engine.term_arrays import term_arrays

FORMAT = Positions()


def written(postings: list[tuple[int, float, bytes]], blocklimit: int,
            compression: int = 3, protocol: int = 2) -> bytes:
    """The postings file whoosh's W3 writer writes for one term; with ``protocol`` 3, each
    block's data pickled again with it, as khabar's writer pickles them (block_writer)."""
    out = StructFile(io.BytesIO())
    writer = whoosh3.W3PostingsWriter(out, blocklimit, compression=compression)
    writer.start_postings(FORMAT, whoosh3.W3TermInfo())
    for docnum, weight, value in postings:
        writer.add_posting(docnum, weight, value, length=len(value))
    writer.finish_postings()
    data = out.file.getvalue()
    return data if protocol == 2 else _repickled(data, protocol)


def _repickled(data: bytes, protocol: int) -> bytes:
    """A postings file with each block's data pickle made again with ``protocol``."""
    parts = [data[:4]]  # the magic before the first block
    matcher = whoosh3.W3LeafMatcher(StructFile(io.BytesIO(data)), 0, len(data), FORMAT)
    while True:
        start = matcher._nextoffset if parts[1:] else 4
        matcher._goto(start)
        raw = data[matcher._dataoffset:matcher._nextoffset]
        compression = matcher._compression
        block = pickle.dumps(pickle.loads(zlib.decompress(raw) if compression else raw),
                             protocol)
        block = zlib.compress(block, compression) if compression else block
        head = data[start + 4:matcher._dataoffset]
        size = len(head) + len(block)
        parts.append((-size if matcher._lastblock else size).to_bytes(4, "big", signed=True)
                     + head + block)
        if matcher._lastblock:
            return b"".join(parts)


def read(data: bytes, cls: type[whoosh3.W3LeafMatcher]) -> list[tuple[int, float, bytes]]:
    matcher = cls(StructFile(io.BytesIO(data)), 0, len(data), FORMAT)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def heads(data: bytes) -> list[tuple[tuple[int, ...], Any]]:
    """ids and weights of every block, read with every unpickler made to fail."""
    matcher = FastLeafMatcher(StructFile(io.BytesIO(data)), 0, len(data), FORMAT)
    found = []
    while matcher.is_active():
        found.append((tuple(matcher.block_ids()), list(matcher.block_weights())))
        matcher._next_block()
    return found


class _Used(AssertionError):
    pass


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise _Used("an unpickler was used")


@contextmanager
def unpicklers_refused() -> Iterator[None]:
    """Any unpickling of a posting block (info or data) fails inside the block."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(whoosh3, "loads", _refuse)
        patch.setattr("whoosh.filedb.structfile.load_pickle", _refuse)
        yield


def _postings(draw: Any) -> list[tuple[int, float, bytes]]:
    ids = sorted(draw(st.sets(st.integers(0, 2**31 - 2), min_size=1, max_size=300)))
    weight = st.floats(1 / 64, 4096, width=32)
    kind = draw(st.sampled_from(["ones", "equal", "varied"]))
    if kind == "varied":
        weights = [draw(weight) for _ in ids]
    else:
        same = 1.0 if kind == "ones" else draw(weight)
        weights = [same] * len(ids)
    values = [draw(st.binary(min_size=1, max_size=12)) for _ in ids]
    return list(zip(ids, weights, values, strict=True))


postings_lists = st.composite(_postings)()


@settings(max_examples=150, deadline=None)
@given(postings=postings_lists, blocklimit=st.integers(1, 130), protocol=st.sampled_from([2, 3]))
def test_what_whoosh_writes_reads_the_same_without_an_unpickler(
        postings: list[tuple[int, float, bytes]], blocklimit: int, protocol: int) -> None:
    data = written(postings, blocklimit, protocol=protocol)
    expected = read(data, whoosh3.W3LeafMatcher)
    assert read(data, FastLeafMatcher) == expected
    with unpicklers_refused():
        found = heads(data)
    assert [(d, w) for ids, ws in found for d, w in zip(ids, ws, strict=True)] == \
        [(d, w) for d, w, _ in expected]


@pytest.mark.parametrize("protocol", [2, 3])
def test_uncompressed_blocks_are_read_too(protocol: int) -> None:
    postings = [(n * 7, float(n % 3 + 1), b"\x01") for n in range(300)]
    data = written(postings, 128, compression=0, protocol=protocol)
    with unpicklers_refused():
        assert [d for ids, _ in heads(data) for d in ids] == [n * 7 for n in range(300)]


@pytest.mark.parametrize("size", [1, 255, 256, 70_000])
def test_a_long_value_in_a_protocol_3_block_is_read_by_its_opcodes(size: int) -> None:
    """Protocol 3 spells bytes of 256 or more with a four-byte length (BINBYTES), shorter
    ones with one (SHORT_BINBYTES)."""
    values = [bytes([n % 251 + 1]) * size + bytes([n]) for n in range(5)]
    data = pickle.dumps(((3, 1, 1, 1, 1), None, tuple(values)), 3)
    head = block_head.head_parts(data, 5)
    assert head is not None
    assert posting_values(data, head[3], 5, [0, 2, 4]) == values[::2]
    assert posting_values(data[:-10], head[3], 5, [0, 4]) == [values[0], None]


def _data_pickle(ids: tuple[int, ...], weights: Any, protocol: int = 2) -> bytes:
    return pickle.dumps((ids, weights, tuple(b"\x01" for _ in ids)), protocol)


class _RunsACommand:
    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (self.command,)


# Pickles of a block's data that whoosh's writer does not produce: none is read by opcodes.
UNEXPECTED = {
    "protocol 4": _data_pickle((1, 2, 3, 4), None, protocol=4),
    "protocol 0": _data_pickle((1, 2, 3, 4), None, protocol=0),
    "an id past 2**31": _data_pickle((1, 2**40, 3, 4), None),
    "a list of ids": pickle.dumps(([1, 2, 3, 4], None, ()), 2),
    "fewer ids than postings": _data_pickle((1, 2, 3), None),
    "a weight that is an int": _data_pickle((1, 2, 3, 4), 2),
    "truncated": _data_pickle((1, 2, 3, 4), (1.0, 2.0, 3.0, 4.0))[:40],
    "a call": pickle.dumps((_RunsACommand("true"), None, ()), 2),
    "a call for the ids": pickle.dumps(_RunsACommand("true"), 2),
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(UNEXPECTED))
def test_anything_else_is_left_to_the_unpickler(name: str) -> None:
    assert block_head.ids_and_weights(UNEXPECTED[name], 4) is None


def test_info_tuples_whoosh_writes_are_read_and_others_are_not() -> None:
    info = (128, 70_000, 3.0, 3, 12, 200)
    data = pickle.dumps(info, 2) + b"rest of the block"
    assert block_head.info(data) == (info, len(pickle.dumps(info, 2)))
    for other in (pickle.dumps(info, 4), pickle.dumps(info[:5], 2),
                  pickle.dumps((128, 70_000, 3.0, 3.0, 12, 200), 2),
                  pickle.dumps(_RunsACommand("true"), 2), pickle.dumps(info, 2)[:20]):
        assert block_head.info(other) is None


def _block_file(info: tuple[Any, ...], data: bytes) -> bytes:
    """A postings file of one block, its info and data pickles as given (data uncompressed)."""
    infobytes = pickle.dumps(info, 2)
    out = StructFile(io.BytesIO())
    out.write(whoosh3.WHOOSH3_HEADER_MAGIC)
    out.write_int(-(len(infobytes) + len(data)))
    out.write(infobytes)
    out.write(data)
    return out.file.getvalue()


def test_an_unexpected_block_is_read_by_the_unpickler() -> None:
    # The same postings as whoosh writes them, pickled with protocol 4: still read right.
    data = _block_file((4, 10, 2.0, 0, 1, 1), _data_pickle((1, 2, 3, 4), (1.0, 2.0, 1.0, 2.0), 4))
    assert heads(data) == [((1, 3, 6, 10), [1.0, 2.0, 1.0, 2.0])]


def test_a_block_that_would_run_a_command_runs_nothing(tmp_path: Path) -> None:
    """With the allowlist installed (as every khabar open does), a posting block whose ids or
    positions would call os.system is refused; ids and weights read by opcodes run nothing."""
    safe_pickle.install()
    marker = tmp_path / "pwned"
    evil = pickle.dumps(_RunsACommand(f"touch {marker}"), 2)
    data = _block_file((4, 10, 1.0, 0, 1, 1), evil)
    with pytest.raises(safe_pickle.RefusedPickle, match="posix.system"):
        heads(data)
    # Valid ids and weights, then positions that call: the ids are read, the positions refused.
    head = pickle.dumps(((1, 2, 3, 4), None), 2)
    head = head[:head.rindex(b"\x86")]  # PROTO, the ids tuple, None; not yet a pair
    data = _block_file((4, 10, 1.0, 0, 1, 1), head + evil[2:-1] + b"\x87.")
    matcher = FastLeafMatcher(StructFile(io.BytesIO(data)), 0, len(data), FORMAT)
    assert tuple(matcher.block_ids()) == (1, 3, 6, 10)
    with pytest.raises(safe_pickle.RefusedPickle, match="posix.system"):
        matcher.value()
    assert not marker.exists()


def test_compressed_garbage_goes_to_the_unpickler() -> None:
    assert block_head.block_head(b"not zlib at all", 4, 3) is None
    assert block_head.block_head(zlib.compress(b"\x80\x02garbage"), 4, 3) is None


def _block_arrays(data: bytes) -> list[tuple[list[int], list[float]]]:
    """ids and weights of every block as numpy arrays, read by opcodes (None: not read)."""
    matcher = FastLeafMatcher(StructFile(io.BytesIO(data)), 0, len(data), FORMAT)
    found = []
    while matcher.is_active():
        raw = matcher._postfile.get(matcher._dataoffset,
                                    matcher._nextoffset - matcher._dataoffset)
        arrays = block_head.head_arrays(raw, matcher._blocklength, matcher._compression)
        assert arrays is not None
        ids, weights = arrays
        assert ids.dtype.name == "int64" and weights.dtype.name == "float64"
        found.append((ids.tolist(), weights.tolist()))
        matcher._next_block()
    return found


@settings(max_examples=150, deadline=None)
@given(postings=postings_lists, blocklimit=st.integers(1, 130),
       compression=st.sampled_from([0, 3]), protocol=st.sampled_from([2, 3]))
# a block of three postings of one weight whose pickle ends before the 27th byte after that
# weight, where a tuple of three floats would have its TUPLE3 (found by CI, session 10)
@example(postings=[(0, 2.0, b"\x00"), (1, 2.0, b"\x00"), (2, 2.0, b"\x00")], blocklimit=3,
         compression=0, protocol=3)
def test_blocks_decoded_into_arrays_equal_the_opcode_reader(
        postings: list[tuple[int, float, bytes]], blocklimit: int, compression: int,
        protocol: int) -> None:
    """The numpy decoding gives each block's ids and weights as the matcher's blocks give them
    (float32 weights widened exactly), with every unpickler made to fail."""
    data = written(postings, blocklimit, compression, protocol)
    with unpicklers_refused():
        expected = heads(data)
        found = _block_arrays(data)
    assert found == [(list(ids), [float(w) for w in ws]) for ids, ws in expected]


@pytest.mark.parametrize("name", sorted(UNEXPECTED))
def test_anything_else_is_not_decoded_into_arrays(name: str) -> None:
    assert block_head.ids_and_weights_arrays(UNEXPECTED[name], 4) is None


def test_wide_ids_are_decoded_into_arrays_too() -> None:
    ids = (5, 300, 70_000, 2**31 - 2)  # one-, two- and four-byte deltas after the first
    arrays = block_head.ids_and_weights_arrays(_data_pickle(ids, (1.0, 2.5, 3.0, 0.5)), 4)
    assert arrays is not None
    assert arrays[0].tolist() == list(accumulate(ids))
    assert arrays[1].tolist() == [1.0, 2.5, 3.0, 0.5]


@settings(max_examples=150, deadline=None)
@given(positions=st.lists(st.integers(0, 2**31 - 1), min_size=1, max_size=2_500, unique=True),
       stop=st.booleans())
def test_positions_are_read_by_their_opcodes_as_whoosh_reads_them(
        positions: list[int], stop: bool) -> None:
    """A posting's positions (batches of a thousand deltas and a lone last one included), with
    or without the pickle's STOP, decode to what whoosh's Positions format decodes."""
    value = FORMAT.encode(sorted(positions))
    value = value if stop else value[:-1]
    deltas = block_head.position_deltas(value)
    assert deltas is not None
    assert list(accumulate(deltas)) == FORMAT.decode_positions(value) == sorted(positions)


@pytest.mark.parametrize("value", [
    FORMAT.encode([3, 9])[:-3],  # truncated
    FORMAT.encode([3, 9]) + b"more",  # bytes after the STOP
    b"\x00\x00\x00\x02" + pickle.dumps([3, 6], 4),  # another protocol
    b"\x00\x00\x00\x03" + pickle.dumps([3, 6], 2),  # fewer deltas than counted
    b"\x00\x00\x00\x01" + pickle.dumps([2**40], 2),  # a long int
    b"\x00\x00\x00\x01" + pickle.dumps(_RunsACommand("true"), 2),
    b"",
])
def test_other_position_values_are_left_to_whoosh(value: bytes) -> None:
    assert block_head.position_deltas(value) is None


@settings(max_examples=150, deadline=None)
@given(postings=postings_lists, blocklimit=st.integers(1, 130),
       compression=st.sampled_from([0, 3]), protocol=st.sampled_from([2, 3]))
def test_a_whole_term_is_decoded_in_one_pass_as_its_blocks_are(
        postings: list[tuple[int, float, bytes]], blocklimit: int, compression: int,
        protocol: int) -> None:
    """A term's postings file decoded in one pass (whoosh's blocks, and khabar's pickled with
    protocol 3): the ids and weights its blocks hold, and where each block starts, with every
    unpickler made to fail."""
    data = written(postings, blocklimit, compression, protocol)
    with unpicklers_refused():
        expected = heads(data)
        found = term_arrays(data)
    assert found is not None
    ids, weights, blocks = found
    assert ids.tolist() == [d for block_ids, _ in expected for d in block_ids]
    assert weights.tolist() == [float(w) for _, ws in expected for w in ws]
    matcher = FastLeafMatcher(StructFile(io.BytesIO(data)), 0, len(data), FORMAT)
    values = [value for _, _, value in postings]
    for place in blocks:
        matcher._goto(place.position)
        assert (place.data_at, place.data_end, place.postings, place.compression) == \
            (matcher._dataoffset, matcher._nextoffset, matcher._blocklength,
             matcher._compression)
        assert tuple(matcher.block_ids()) == tuple(ids[place.first:place.first + place.postings])
        # Each posting's value read by its opcodes, as the unpickler reads it. A value that may
        # be one shared object (one byte, or equal to another: Python and hypothesis reuse
        # them) is pickled once and then referred to: it and the values after it are left to
        # the unpickler (whoosh encodes each posting's positions into a bytes of its own).
        raw = data[place.data_at:place.data_end]
        whole = zlib.decompress(raw) if place.compression else raw
        head = block_head.head_parts(whole, place.postings)
        assert head is not None
        block_values = values[place.first:place.first + place.postings]
        for n, value in enumerate(block_values):
            seen = block_values[:n + 1]
            shared = any(len(v) == 1 or seen.count(v) > 1 for v in seen)
            assert posting_value(whole, head[3], place.postings, n) in (
                (value, None) if shared else (value,))


@pytest.mark.parametrize("name", sorted(UNEXPECTED))
def test_a_term_with_an_unexpected_block_is_left_to_the_matcher(name: str) -> None:
    assert term_arrays(_block_file((4, 10, 2.0, 0, 1, 1), UNEXPECTED[name])) is None
