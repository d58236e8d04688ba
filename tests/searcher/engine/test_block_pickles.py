"""Posting blocks assembled by numpy (searcher.engine.block_pickles) are, block by block, the
pickles ``pickle.dumps`` writes of whoosh's block data, with whoosh's block statistics."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.util.numeric import length_to_byte

from searcher.engine.block_pickles import assemble, fits, length_bytes

LIMIT = 4  # small blocks, so a few postings give terms of several blocks and every tuple size


@st.composite
def windows(draw: st.DrawFn) -> dict:
    """Terms with their postings: documents ascending in each term, weights on the grain
    whoosh's sums stay exact on, values of 2 to 300 bytes (one-byte and long lengths)."""
    counts = draw(st.lists(st.integers(1, 11), min_size=1, max_size=8))
    docs: list[int] = []
    for count in counts:
        docs += sorted(draw(st.sets(st.one_of(st.integers(0, 300), st.integers(0, 2**31 - 1)),
                                    min_size=count, max_size=count)))
    postings = len(docs)
    weights = draw(st.lists(st.sampled_from([1.0, 1.0, 1.0, 2.0, 3.0, 0.5, 4.25, 7.0, 0.0]),
                            min_size=postings, max_size=postings))
    values = draw(st.lists(st.binary(min_size=2, max_size=300), min_size=postings,
                           max_size=postings))
    lengths = draw(st.lists(st.sampled_from([0, 0, 1, 5, 40, 700, 200_000]),
                            min_size=postings, max_size=postings))
    return {"counts": counts, "docs": docs, "weights": weights, "values": values,
            "lengths": lengths}


def _mini_weights(weights: list[float]) -> object:
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first
    return tuple(weights)


@settings(max_examples=200, deadline=None)
@given(window=windows())
def test_each_block_is_the_pickle_and_the_statistics_whoosh_writes(window: dict) -> None:
    counts, docs, weights = window["counts"], window["docs"], window["weights"]
    # each value its own object, as slices of the batch's buffer are (pickle writes a second
    # reference to one object as a memo lookup)
    values = [bytes(bytearray(value)) for value in window["values"]]
    lengths = window["lengths"]
    value_lengths = np.array([len(value) for value in values], dtype=np.int64)
    starts = np.cumsum(value_lengths) - value_lengths
    joined = np.frombuffer(b"".join(values), dtype=np.uint8)
    weights_array = np.array(weights, dtype=np.float64)
    made = assemble(np.array(counts), np.array(docs, dtype=np.int64), weights_array,
                    weights_array.astype(np.float32).astype(np.float64), starts,
                    value_lengths, joined, np.array(lengths, dtype=np.int64), LIMIT)
    expected = []
    at = 0
    for term, count in enumerate(counts):
        for first in range(at, at + count, LIMIT):
            stop = min(first + LIMIT, at + count)
            ids = (docs[first], *(docs[i] - docs[i - 1] for i in range(first + 1, stop)))
            present = [length for length in lengths[first:stop] if length]
            expected.append((term, pickle.dumps(
                (ids, _mini_weights(weights[first:stop]), tuple(values[first:stop])), 3),
                stop - first, docs[stop - 1], max(weights[first:stop]),
                length_to_byte(min(present) if present else None),
                length_to_byte(max(present) if present else 0)))
        at += count
    data = made.data.tobytes()
    offsets = made.offset.tolist()
    found = [(term, data[offsets[block]:offsets[block + 1]], count, last, top, low, high)
             for block, (term, count, last, top, low, high) in enumerate(zip(
                 made.term.tolist(), made.count.tolist(), made.last_id.tolist(),
                 made.top.tolist(), made.min_byte.tolist(), made.max_byte.tolist(),
                 strict=True))]
    assert found == expected


@pytest.mark.parametrize("length", [0, 1, 2, 3, 17, 106_373, 106_374, 10**9])
def test_length_bytes_are_whoosh_s(length: int) -> None:
    assert length_bytes(np.array([length]))[0] == length_to_byte(length)


@pytest.mark.parametrize(("case", "docs", "stored", "value_lengths", "limit", "taken"), [
    ("khabar's text field", [3, 9, 12], [1.0, 3.0, 4.0], [7, 9, 7], 128, True),
    ("an id past BININT", [3, 2**31], [1.0, 1.0], [7, 7], 128, False),
    ("an empty value (Existence fields)", [3, 4], [1.0, 1.0], [0, 0], 128, False),
    ("a one-byte value (a shared object)", [3, 4], [1.0, 1.0], [1, 7], 128, False),
    ("a weight whose sums round", [3, 4], [0.1, 1.0], [7, 7], 128, False),
    ("blocks too long for one-byte memo numbers", [3, 4], [1.0, 1.0], [7, 7], 251, False),
])
def test_only_postings_numpy_writes_exactly_are_taken(case: str, docs: list[int],
                                                      stored: list[float],
                                                      value_lengths: list[int], limit: int,
                                                      taken: bool) -> None:
    assert fits(np.array(docs, dtype=np.int64), np.array(stored),
                np.array(value_lengths, dtype=np.int64), np.array([len(docs)]), limit) is taken
