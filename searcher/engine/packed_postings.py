"""One field's postings of a batch held as arrays, and written to the segment a block at a time.

whoosh's writer spends Python calls on every posting: the posting pool's ``add`` (and, once the
pool is full, sorted runs written to disk and read back), the sort, the field writer's
``add_posting`` (type assertions, block statistics) and a field-length lookup. The ``text``
field has about 170 postings an article, and this was most of the main process's time; the
small fields (agency, tags, the date's tiers, url, news code) a score more, each rare term a
block of its own.

Instead an indexing worker packs each field's postings (:class:`PackedPostings`: its terms in
order, their weights, frequencies and encoded positions, the positions as one string), the
writer appends them to a :class:`FieldBatch` (a few array extends an article), and at the flush
:func:`write_field` sorts the batch once (numpy) and hands whoosh's own postings writer whole
blocks. The blocks are encoded, compressed and summed by whoosh's code, so the segment holds
the bytes whoosh's writer would write (``tests/searcher/engine/test_packed_postings.py``
compares the segment files).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, repeat
from typing import Any

# Postings converted from arrays to Python lists at a time while writing (bounds the flush's
# transient memory to a few MB whatever the batch).
WINDOW = 1 << 16


class PackedPostings:
    """One document's postings in one field: whoosh's (term, frequency, weight, value) tuples
    as parallel sequences, terms ascending; ``values`` is every posting's encoded value joined.

    The sequences are arrays for the text field (hundreds of postings: compact to send from a
    worker) and tuples for the small fields (a few postings: cheaper to pickle than arrays)."""

    __slots__ = ("frequencies", "terms", "value_lengths", "values", "weights")

    def __init__(self, terms: tuple[bytes, ...], frequencies: Sequence[int],
                 weights: Sequence[float], value_lengths: Sequence[int], values: bytes) -> None:
        self.terms = terms
        self.frequencies = frequencies  # array "I" or a tuple
        self.weights = weights  # array "d" or a tuple
        self.value_lengths = value_lengths  # array "I" or a tuple
        self.values = values

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return PackedPostings, (self.terms, self.frequencies, self.weights, self.value_lengths,
                                self.values)

    def items(self) -> Iterator[tuple[bytes, int, float, bytes]]:
        """whoosh's ``field.index`` tuples, for a writer that takes postings one by one."""
        at = 0
        for term, frequency, weight, size in zip(self.terms, self.frequencies, self.weights,
                                                 self.value_lengths, strict=True):
            yield term, frequency, weight, self.values[at:at + size]
            at += size

    def length(self) -> int:
        """The field's length in the document (whoosh's: the sum of the frequencies)."""
        return sum(self.frequencies)


_EMPTY = PackedPostings((), (), (), (), b"")


def pack(items: Iterable[tuple[bytes, int, float, bytes]]) -> PackedPostings:
    """:class:`PackedPostings` of whoosh's ``field.index`` tuples (in any order), as tuples."""
    ordered = sorted(items)
    if not ordered:
        return _EMPTY
    terms, frequencies, weights, values = zip(*ordered, strict=True)
    values = tuple(value or b"" for value in values)
    return PackedPostings(terms, frequencies, weights, tuple(map(len, values)),
                          b"".join(values))


class _Vocabulary(dict):
    """term → number, numbering a term the first time it is looked up (from C, by ``map``)."""

    def __missing__(self, term: bytes) -> int:
        number = self[term] = len(self)
        return number


class FieldBatch:
    """The postings of one field for a batch's documents, in the order they were added."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._vocabulary = _Vocabulary()
        self._term_numbers = array("I")
        self._docs = array("I")
        self._weights = array("d")
        self._value_lengths = array("I")
        self._values = bytearray()

    def __len__(self) -> int:
        return len(self._docs)

    def nbytes(self) -> int:
        """About the memory held: the arrays and ~100 bytes a distinct term."""
        return 20 * len(self._docs) + len(self._values) + 100 * len(self._vocabulary)

    def add(self, docnum: int, packed: PackedPostings, boost: float = 1.0) -> None:
        """Append document ``docnum``'s postings (documents come in ascending order)."""
        self._term_numbers.extend(map(self._vocabulary.__getitem__, packed.terms))
        self._docs.extend(repeat(docnum, len(packed.terms)))
        if boost == 1.0:
            self._weights.extend(packed.weights)
        else:  # whoosh's add_document multiplies each weight by the field's boost
            self._weights.extend([weight * boost for weight in packed.weights])
        self._value_lengths.extend(packed.value_lengths)
        self._values += packed.values

    def _sorted(self) -> tuple[list[bytes], Any, Any, Any, Any, tuple[Any, Any]]:
        """Terms ascending, the postings' order (by term, then document), each term's
        postings count in that order, and the documents, weights and value starts."""
        import numpy as np

        terms = sorted(self._vocabulary)
        numbers = np.fromiter(map(self._vocabulary.__getitem__, terms), dtype=np.int64,
                              count=len(terms))
        rank = np.empty(len(terms), dtype=np.int64)
        rank[numbers] = np.arange(len(terms))
        term_numbers = np.frombuffer(self._term_numbers, dtype=np.uint32)
        # stable: a term's postings stay in the order added, documents ascending
        order = np.argsort(rank[term_numbers], kind="stable")
        counts = np.bincount(term_numbers, minlength=len(terms))[numbers]
        lengths = np.frombuffer(self._value_lengths, dtype=np.uint32).astype(np.int64)
        starts = np.cumsum(lengths) - lengths
        return (terms, order, counts, np.frombuffer(self._docs, dtype=np.uint32),
                np.frombuffer(self._weights, dtype=np.float64), (starts, lengths))

    def array_windows(self) -> Iterator[tuple[Any, ...]]:
        """The postings by term, a window of whole terms at a time, as numpy arrays: the
        terms, each term's count, then per posting its document, weight as given and as
        whoosh stores it (float32), and where its value lies in :meth:`value_bytes`."""
        import numpy as np

        terms, order, counts, docs, weights, (starts, lengths) = self._sorted()
        ends = np.cumsum(counts)
        first_term = first = 0
        while first_term < len(terms):
            last_term = int(np.searchsorted(ends, first + WINDOW, side="right"))
            last_term = max(last_term, first_term + 1)
            last = int(ends[last_term - 1])
            at = order[first:last]
            window_weights = weights[at]
            yield (terms[first_term:last_term], counts[first_term:last_term],
                   docs[at].astype(np.int64), window_weights,
                   window_weights.astype(np.float32).astype(np.float64), starts[at],
                   lengths[at])
            first_term, first = last_term, last

    def value_bytes(self) -> Any:
        """Every posting's value, joined in the order added (a uint8 array)."""
        import numpy as np

        return np.frombuffer(self._values, dtype=np.uint8)

    def postings(self, fieldname: str) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """whoosh's sorted posting tuples, for the writer's streamed paths (merges)."""
        joined = bytes(self._values)
        for terms, counts, docs, weights, _stored, starts, lengths in self.array_windows():
            term_of = chain.from_iterable(map(repeat, terms, counts.tolist()))
            for term, doc, weight, value in zip(term_of, docs.tolist(), weights.tolist(),
                                                _sliced(joined, starts, lengths), strict=True):
                yield fieldname, term, doc, weight, value


def _sliced(joined: bytes, starts: Any, lengths: Any) -> list[bytes]:
    """Each posting's value, cut out of the batch's values joined."""
    return [joined[start:start + length]
            for start, length in zip(starts.tolist(), lengths.tolist(), strict=True)]


def write_field(fieldwriter: Any, fieldname: str, fieldobj: Any, batch: FieldBatch,
                doc_lengths: list[int | None] | None) -> None:
    """Write ``batch`` as field ``fieldname`` through whoosh's W3 field writer's files, terms
    in order (:class:`searcher.engine.block_writer.TermBlocks` encodes them as whoosh would).

    ``doc_lengths`` is each document's field length as whoosh's flush looks it up (the
    length column read back: an approximation, or None for 0) — block statistics use it.
    """
    import numpy as np

    from searcher.engine.block_writer import TermBlocks

    blocks = TermBlocks(fieldwriter, fieldname, fieldobj)
    # None (unknown) as 0: block statistics treat the two alike
    known = None if doc_lengths is None else _lengths_array(doc_lengths)
    values = batch.value_bytes()
    joined: list[bytes] = []  # the values as one bytes, for the term-by-term way
    for terms, counts, docs, weights, stored, starts, lengths in batch.array_windows():
        window_lengths = np.zeros(len(docs), dtype=np.int64) if known is None else known[docs]
        if blocks.takes_arrays(counts, docs, stored, lengths):
            blocks.add_arrays(terms, counts, docs, weights, stored, starts, lengths, values,
                              window_lengths)
            continue
        if not joined:
            joined.append(values.tobytes())
        _add_terms(blocks, terms, counts, docs, weights, stored, starts, lengths, joined[0],
                   window_lengths)
    blocks.close()


def _add_terms(blocks: Any, terms: list[bytes], counts: Any, docs: Any, weights: Any,
               stored: Any, starts: Any, lengths: Any, joined: bytes, doc_lengths: Any
               ) -> None:
    """A window's terms one at a time (:meth:`TermBlocks.add`), from lists."""
    import numpy as np

    add, add_one = blocks.add, blocks._add_one
    doc_list, deltas = docs.tolist(), np.diff(docs, prepend=0).tolist()
    weight_list, stored_list, length_list = weights.tolist(), stored.tolist(), \
        doc_lengths.tolist()
    value_list = _sliced(joined, starts, lengths)
    at = 0
    for term, count in zip(terms, counts.tolist(), strict=True):
        if count == 1:  # most terms: one posting (no slices)
            add_one(term, doc_list[at], weight_list[at], stored_list[at], value_list[at],
                    length_list[at])
            at += 1
            continue
        stop = at + count
        add(term, doc_list[at:stop], deltas[at:stop], weight_list[at:stop],
            stored_list[at:stop], value_list[at:stop], length_list[at:stop])
        at = stop


def _lengths_array(doc_lengths: list[int | None]) -> Any:
    import numpy as np

    return np.array([length or 0 for length in doc_lengths], dtype=np.int64)
