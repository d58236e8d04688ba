"""One term's postings, a block at a time: the accessor counting and top-k both read.

whoosh's matchers hand out one document per Python call; the fast paths want whole posting
blocks (ids and weights as sequences, read without an unpickler by
:class:`searcher.engine.block_decoding.FastLeafMatcher`).
Deletions are not applied here: the caller removes them once per segment.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import accumulate
from typing import Any, NamedTuple

from whoosh.codec import whoosh3
from whoosh.reading import TermNotFound

from searcher.engine import block_head
from searcher.engine.block_decoding import FastLeafMatcher, fast_matcher
from searcher.engine.block_values import posting_values
from searcher.engine.postings_cache import CACHE, footprint, positions_footprint
from searcher.engine.term_arrays import BlockPlace, term_arrays

Block = tuple[Sequence[int], Sequence[float] | None]


def _leaf_matcher(reader: Any, fieldname: str, text: str) -> Any:
    """A matcher over the term's postings in ``reader``, unfiltered (None: no such term)."""
    if (fieldname, text) not in reader:
        return None
    field = reader.schema[fieldname]
    terms = getattr(reader, "_terms", None)  # a segment reader's own postings, unfiltered
    if type(terms) is whoosh3.W3TermsReader:
        return fast_matcher(terms, fieldname, field.to_bytes(text), field.format)
    if terms is not None:
        return terms.matcher(fieldname, field.to_bytes(text), field.format)
    return reader.postings(fieldname, text)


def posting_blocks(reader: Any, fieldname: str, text: str, *, weights: bool = False
                   ) -> Iterator[Block]:
    """(ids, weights) of each posting block of ``fieldname:text`` in one segment ``reader``.

    ids are segment-local document numbers; weights is None unless asked for. A term that is
    not in the segment yields nothing.
    """
    matcher = _leaf_matcher(reader, fieldname, text)
    if matcher is None:
        return
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


class TermPostings(NamedTuple):
    """One term's postings in one segment, decoded into numpy arrays, and where each posting
    block lies, so the positions of a few articles can be read without walking the list again.

    ``blocks`` holds where each block lies (:class:`~searcher.engine.term_arrays.BlockPlace`)
    for on-disk postings, and ``open_matcher`` makes a matcher over them (that goes to a
    block); both None for postings kept elsewhere (inlined in the term's entry: a rare word;
    another codec). A named tuple, not a dataclass: a one-shot search would compile a
    dataclass's generated methods at import (searcher.records says why that counts).
    """

    fieldname: str
    text: str
    ids: Any  # int64, ascending
    weights: Any  # float64, as whoosh's matcher gives them
    blocks: list[BlockPlace] | None = None
    open_matcher: Callable[[], FastLeafMatcher] | None = None
    postfile: Any = None  # the segment's postings file, where ``blocks`` lie
    format: Any = None  # the field's posting format (it decodes positions)

    def positions(self, reader: Any, docnums: Iterable[int]) -> dict[int, list[int]]:
        """The term's positions in each of ``docnums`` (segment-local) that contains it: the
        same lists whoosh's matcher gives, each block holding one read once."""
        import numpy as np

        wanted = np.fromiter(docnums, dtype=np.int64)
        at = np.searchsorted(self.ids, wanted)
        inside = at < len(self.ids)
        hit = np.zeros(len(wanted), dtype=bool)
        hit[inside] = self.ids[at[inside]] == wanted[inside]
        if not hit.any():
            return {}
        found: dict[int, list[int]] = {}
        if self.blocks is None or self.open_matcher is None or self.format is None:
            # No blocks to go to: whoosh's matcher, document by document.
            stock = reader.postings(self.fieldname, self.text)
            for doc in sorted(int(d) for d in wanted[hit]):
                stock.skip_to(doc)
                found[doc] = stock.value_as("positions")
            return found
        matcher = None
        firsts = [place.first for place in self.blocks]
        by_block: dict[int, list[tuple[int, int]]] = {}
        for doc, index in zip(wanted[hit].tolist(), at[hit].tolist(), strict=True):
            by_block.setdefault(bisect_right(firsts, index) - 1, []).append((index, doc))
        for block, asked in by_block.items():
            place = self.blocks[block]
            asked.sort()
            read = _positions(self.postfile, place, [index - place.first for index, _ in asked],
                              self._decoded)
            for (index, doc), positions in zip(asked, read, strict=True):
                if positions is None:  # not as whoosh writes it: the block through the unpickler
                    matcher = matcher or self.open_matcher()
                    matcher._goto(place.position)
                    matcher._i = index - place.first
                    positions = self._decoded(matcher.value())
                found[doc] = list(positions)
        return found

    def _decoded(self, value: bytes) -> tuple[int, ...]:
        return _decoded_positions(self.format, value)


def _decoded_positions(format_: Any, value: bytes) -> tuple[int, ...]:
    """One posting's positions from its value (read by its opcodes, else by whoosh)."""
    deltas = block_head.position_deltas(value)
    return tuple(accumulate(deltas) if deltas is not None
                 else format_.decoder("positions")(value))


def skipped_positions(reader: Any, fieldname: str, text: str, docnums: Sequence[int]
                      ) -> dict[int, list[int]]:
    """The term's positions in each of ``docnums`` (segment-local, ascending) that holds it,
    its posting list skipped through to them: only the blocks holding one are read, and of
    those only the values asked for (kept in the cache as :class:`TermPostings` keeps them),
    not whoosh's whole block through the unpickler. For a few documents of a term whose
    postings nobody decoded (a one-shot search, the cache off)."""
    matcher = _leaf_matcher(reader, fieldname, text)
    found: dict[int, list[int]] = {}
    if matcher is None:
        return found
    fast = isinstance(matcher, FastLeafMatcher)
    decoded = partial(_decoded_positions, reader.schema[fieldname].format)
    for doc in docnums:
        if not matcher.is_active():
            break
        if matcher.id() < doc:
            matcher.skip_to(doc)
        if not matcher.is_active() or matcher.id() != doc:
            continue
        positions = None
        if fast:
            place = BlockPlace(0, 0, matcher._dataoffset, matcher._nextoffset,
                               matcher._blocklength, matcher._compression)
            positions = _positions(matcher._postfile, place, [matcher._i], decoded)[0]
        found[doc] = list(positions) if positions is not None else matcher.value_as(
            "positions")
    return found


def _positions(postfile: Any, place: BlockPlace, indexes: list[int],
               decoded: Callable[[bytes], tuple[int, ...]]) -> list[tuple[int, ...] | None]:
    """The positions of postings ``indexes`` (ascending) of the block at ``place`` (None where
    a value is not as whoosh writes it); those read are kept, when the cache has room, for
    later queries. Only the values asked for are read: a block's values are walked one by
    one, and reading them all would cost more than a cache that cannot hold them all saves."""
    kept = CACHE.get(postfile, place.data_at)
    missing = indexes if kept is None else [index for index in indexes if index not in kept]
    if missing:
        data, values_at = _block_data(postfile, place)
        values = (posting_values(data, values_at, place.postings, missing)
                  if data is not None else [None] * len(missing))
        found = [None if value is None else decoded(value) for value in values]
        if not CACHE.budget:
            return found
        kept = {**(kept or {}), **dict(zip(missing, found, strict=True))}
        CACHE.put(postfile, place.data_at, kept, positions_footprint(kept.values()))
    return [kept[index] for index in indexes]


def _block_data(postfile: Any, place: BlockPlace) -> tuple[bytes | None, int]:
    """A block's whole data pickle, inflated, and where its values start (None: unexpected)."""
    raw = postfile.get(place.data_at, place.data_end - place.data_at)
    try:
        data = zlib.decompress(raw) if place.compression else raw
    except zlib.error:
        return None, 0
    head = block_head.head_parts(data, place.postings)
    return (None, 0) if head is None else (data, head[3])


def term_postings(reader: Any, fieldname: str, text: str) -> TermPostings:
    """All of ``fieldname:text``'s postings in one segment ``reader`` (empty when absent),
    kept between queries within :mod:`searcher.engine.postings_cache`'s budget."""
    terms: Any = getattr(reader, "_terms", None)  # a segment reader's own, unfiltered
    if type(terms) is not whoosh3.W3TermsReader:
        return _decoded(reader, terms, fieldname, text)
    found = CACHE.get(terms, (fieldname, text))
    if found is None:
        found = _decoded(reader, terms, fieldname, text)
        found.ids.flags.writeable = found.weights.flags.writeable = False  # shared from now on
        CACHE.put(terms, (fieldname, text), found, footprint(found))
    return found


def kept_postings(reader: Any, fieldname: str, text: str) -> TermPostings | None:
    """``fieldname:text``'s postings in ``reader`` if the cache holds them (None: it does
    not), without decoding them: for readers of a few documents' positions, which skip
    through the list themselves when it is not kept."""
    terms: Any = getattr(reader, "_terms", None)
    if type(terms) is not whoosh3.W3TermsReader:
        return None
    return CACHE.get(terms, (fieldname, text))


def _decoded(reader: Any, terms: Any, fieldname: str, text: str) -> TermPostings:
    import numpy as np

    if type(terms) is whoosh3.W3TermsReader:
        field = reader.schema[fieldname]
        tbytes = field.to_bytes(text)
        try:
            terminfo = terms.term_info(fieldname, tbytes)
        except TermNotFound:
            return TermPostings(fieldname, text, np.zeros(0, dtype=np.int64),
                                np.zeros(0, dtype=np.float64))
        if not terminfo.is_inlined():
            offset, length = terminfo.extent()
            # whoosh reads the stored length back as a 1-tuple (struct.unpack's result).
            length = length[0] if isinstance(length, tuple) else length
            matcher = partial(FastLeafMatcher, terms._postfile, offset, length, field.format,
                              term=(fieldname, tbytes))
            found = term_arrays(terms._postfile.get(offset, length), offset)
            if found is not None:
                ids, weights, blocks = found
                return TermPostings(fieldname, text, ids, weights, blocks, matcher,
                                    terms._postfile, field.format)
            return _walked(fieldname, text, matcher, field.format)
    ids, weights = posting_arrays(reader, fieldname, text)
    return TermPostings(fieldname, text, ids, weights)


def _walked(fieldname: str, text: str, open_matcher: Callable[[], FastLeafMatcher],
            format_: Any) -> TermPostings:
    """A term's postings read block by block through its matcher (a block the one-pass reader
    does not recognise goes to the allowlisting unpickler there)."""
    import numpy as np

    matcher = open_matcher()
    id_parts, weight_parts, blocks = [], [], []
    first, position = 0, matcher._baseoffset
    while matcher.is_active():
        ids, weights = matcher.block_arrays()
        id_parts.append(ids)
        weight_parts.append(weights)
        blocks.append(BlockPlace(first, position, matcher._dataoffset, matcher._nextoffset,
                                 matcher._blocklength, matcher._compression))
        first += len(ids)
        position = matcher._nextoffset
        matcher._next_block()
    return TermPostings(fieldname, text, np.concatenate(id_parts),
                       np.concatenate(weight_parts), blocks, open_matcher, matcher._postfile,
                       format_)


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
