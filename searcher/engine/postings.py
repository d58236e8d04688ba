"""One term's postings, a block at a time: the accessor counting and top-k both read.

whoosh's matchers hand out one document per Python call; the fast paths want whole posting
blocks (ids and weights as sequences, read without an unpickler by
:class:`searcher.engine.block_decoding.FastLeafMatcher`).
Deletions are not applied here: the caller removes them once per segment.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Any

from whoosh.codec import whoosh3

from searcher.engine.block_decoding import FastLeafMatcher, fast_matcher

Block = tuple[Sequence[int], Sequence[float] | None]


def posting_blocks(reader: Any, fieldname: str, text: str, *, weights: bool = False
                   ) -> Iterator[Block]:
    """(ids, weights) of each posting block of ``fieldname:text`` in one segment ``reader``.

    ids are segment-local document numbers; weights is None unless asked for. A term that is
    not in the segment yields nothing.
    """
    if (fieldname, text) not in reader:
        return
    field = reader.schema[fieldname]
    terms = getattr(reader, "_terms", None)  # a segment reader's own postings, unfiltered
    if type(terms) is whoosh3.W3TermsReader:
        matcher = fast_matcher(terms, fieldname, field.to_bytes(text), field.format)
    elif terms is not None:
        matcher = terms.matcher(fieldname, field.to_bytes(text), field.format)
    else:
        matcher = reader.postings(fieldname, text)
    if not isinstance(matcher, FastLeafMatcher):
        # Inlined postings (a rare term) or another codec: one block, document by document.
        ids: list[int] = []
        found: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            if weights:
                found.append(matcher.weight())
            matcher.next()
        yield ids, (found if weights else None)
        return
    while matcher.is_active():
        yield matcher.block_ids(), (matcher.block_weights() if weights else None)
        matcher._next_block()


def posting_arrays(reader: Any, fieldname: str, text: str) -> tuple[Any, Any]:
    """All of one term's postings in one segment as two numpy arrays: ids (int64) and
    weights (float64, as whoosh stored them); empty when the term is not in the segment."""
    import numpy as np

    ids: array[int] = array("q")
    weights: array[float] = array("d")
    for block_ids_, block_weights_ in posting_blocks(reader, fieldname, text, weights=True):
        # array.extend takes another array only of its own type (block_decoding may give "f").
        ids.extend(block_ids_ if not isinstance(block_ids_, array) else block_ids_.tolist())
        found = block_weights_ or ()  # asked for: never None here
        weights.extend(found if not isinstance(found, array) else found.tolist())
    return np.frombuffer(ids, dtype=np.int64), np.frombuffer(weights, dtype=np.float64)
