"""Faster block decoding for whoosh's W3 postings, with identical results, for khabar's readers.

whoosh reads every posting block's info tuple and data tuple with the unpickler (since issue 9
the allowlisting one, :mod:`searcher.engine.safe_pickle`, twice as slow as ``pickle.loads``),
builds every posting's positions even when only ids and weights are wanted, and decodes the ids
with a Python generator. :class:`FastLeafMatcher` reads the info tuple, ids and weights by their
opcodes (:mod:`searcher.engine.block_head`: ints and floats only, nothing is called), inflates
only the start of the block that holds them, and delta-decodes in C; the positions, and any
block the opcode reader does not recognise, still go through the allowlisting unpickler.

Nothing is patched: :func:`use_fast_decoding` gives the term readers of one opened searcher a
``matcher`` that builds :class:`FastLeafMatcher` (a subclass of whoosh's W3 leaf matcher), so
other whoosh users in the process keep stock whoosh. tests/searcher/engine compare both.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from functools import partial
from itertools import accumulate
from typing import Any

from whoosh.codec import whoosh3
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util.numeric import byte_to_length

from searcher.engine import block_head

Head = tuple[Sequence[int], Sequence[float] | float | None]


class FastLeafMatcher(whoosh3.W3LeafMatcher):
    """whoosh's W3 leaf matcher with block info, ids and weights read without an unpickler
    (same values)."""

    _head: Head | None = None
    _data: Any  # whoosh's: the unpickled block, set by _read_data
    _ids: Any
    _weights: Any

    def _goto(self, position: int) -> None:
        # whoosh's W3LeafMatcher._goto, the info tuple read by block_head.info.
        postfile = self._postfile
        self._data = None
        self._head = None
        self._ids = None
        self._weights = None
        self._values = None
        self._i = 0
        start = postfile.get(position, _INT_SIZE + block_head.INFO_MAX_BYTES)
        length = unpack_int(start[:_INT_SIZE])[0]
        if length < 0:  # a negative length marks the last block
            self._lastblock = True
            length = -length
        self._nextoffset = position + _INT_SIZE + length
        parsed = block_head.info(start[_INT_SIZE:])
        if parsed is None:  # not what whoosh writes: the allowlisting unpickler decides
            postfile.seek(position + _INT_SIZE)
            info = postfile.read_pickle()
            self._dataoffset = postfile.tell()
        else:
            info, size = parsed
            self._dataoffset = position + _INT_SIZE + size
        (self._blocklength, self._maxid, self._maxweight, self._compression, shortest,
         longest) = info
        self._minlength = byte_to_length(shortest)
        self._maxlength = byte_to_length(longest)

    def _read_head(self) -> Head:
        if self._head is None:
            head = None
            if self._data is None and not self._byteids:
                raw = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
                head = block_head.block_head(raw, self._blocklength, self._compression)
            if head is None:  # the whole block, through the allowlisting unpickler
                if self._data is None:
                    self._read_data()
                ids, weights = self._data[0], self._data[1]
                head = (ids if self._byteids else tuple(accumulate(ids)), weights)
            self._head = head
        return self._head

    def block_arrays(self) -> tuple[Any, Any]:
        """ids (int64) and weights (float64) of the current block as numpy arrays, the same
        values :meth:`block_ids` and :meth:`block_weights` give."""
        import numpy as np

        if self._data is None and not self._byteids:
            raw = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
            arrays = block_head.head_arrays(raw, self._blocklength, self._compression)
            if arrays is not None:
                return arrays
        return (np.array(self.block_ids(), dtype=np.int64),
                np.array(self.block_weights(), dtype=np.float64))

    def block_ids(self) -> Sequence[int]:
        """The document ids of the current block (what ``W3LeafMatcher._read_ids`` sets)."""
        return self._read_head()[0]

    def block_weights(self) -> Sequence[float]:
        """The weights of the current block (what ``W3LeafMatcher._read_weights`` sets)."""
        weights = self._read_head()[1]
        if weights is None:
            return array("f", [1.0]) * self._blocklength
        if isinstance(weights, float):
            return array("f", [weights]) * self._blocklength
        return weights

    def _read_ids(self) -> None:
        self._ids = self.block_ids()

    def _read_weights(self) -> None:
        self._weights = self.block_weights()


def fast_matcher(terms: whoosh3.W3TermsReader, fieldname: str, tbytes: bytes, format_: Any,
                 scorer: Any = None) -> Any:
    """``terms.matcher(…)`` building a :class:`FastLeafMatcher` for on-disk postings."""
    # W3TermsReader.matcher + W3Codec.postings_reader, building the subclass for on-disk
    # postings; inlined postings (rare terms) keep whoosh's own ListMatcher.
    terminfo = terms.term_info(fieldname, tbytes)
    if terminfo.is_inlined():
        return whoosh3.W3TermsReader.matcher(terms, fieldname, tbytes, format_, scorer)
    offset, length = terminfo.extent()
    return FastLeafMatcher(terms._postfile, offset, length, format_, term=(fieldname, tbytes),
                           scorer=scorer)


def use_fast_decoding(searcher: Any) -> Any:
    """Give ``searcher``'s W3 segment readers the faster matchers; returns ``searcher``.

    Readers of other codecs are left as they are (whoosh's own decoding).
    """
    for reader, _offset in searcher.reader().leaf_readers():
        terms = getattr(reader, "_terms", None)
        if terms is not None and type(terms) is whoosh3.W3TermsReader:
            terms.matcher = partial(fast_matcher, terms)
    return searcher
