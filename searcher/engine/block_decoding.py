"""Faster block decoding for whoosh's W3 postings, with identical results, for khabar's readers.

whoosh decodes each posting block's document ids with a Python generator (one step per id) and
fills constant weights the same way; on a 100k-article archive that decoding is a large share
of every query. ``itertools.accumulate`` and array repetition do the same work in C.

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


def block_ids(matcher: whoosh3.W3LeafMatcher) -> Sequence[int]:
    """The document ids of the matcher's current block (what ``W3LeafMatcher._read_ids`` sets)."""
    if matcher._data is None:
        matcher._read_data()
    ids = matcher._data[0]
    return ids if matcher._byteids else tuple(accumulate(ids))


def block_weights(matcher: whoosh3.W3LeafMatcher) -> Sequence[float]:
    """The weights of the current block (what ``W3LeafMatcher._read_weights`` sets)."""
    if matcher._data is None:
        matcher._read_data()
    weights = matcher._data[1]
    if weights is None:
        return array("f", [1.0]) * matcher._blocklength
    if isinstance(weights, float):
        return array("f", [weights]) * matcher._blocklength
    return weights


class FastLeafMatcher(whoosh3.W3LeafMatcher):
    """whoosh's W3 leaf matcher with its two block decoders done in C (same values)."""

    def _read_ids(self) -> None:
        self._ids = block_ids(self)

    def _read_weights(self) -> None:
        self._weights = block_weights(self)


def _fast_matcher(terms: whoosh3.W3TermsReader, fieldname: str, tbytes: bytes, format_: Any,
                  scorer: Any = None) -> Any:
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
            terms.matcher = partial(_fast_matcher, terms)
    return searcher
