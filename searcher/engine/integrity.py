"""Reading a whoosh index segment by segment, to say what in it is damaged (``khabar check``).

Each check catches what reading the index throws — a truncated file, a flipped byte, a missing
file surface as struct, zlib, pickle or OS errors deep inside whoosh — and turns it into one
sentence naming the segment. Nothing here repairs anything: ``khabar index`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from searcher.errors import KhabarError

# More problems of one kind than this are counted, not listed.
MAX_LISTED = 10


def is_decoding_error(exc: BaseException) -> bool:
    """Whether ``exc`` is what whoosh raises on bytes it cannot decode: a damaged index shows as
    pickle, zlib and struct errors, a bad file header, a length past the data (Index/Key/Value
    errors, EOF), a huge garbage length (MemoryError), or a bare Exception ("Block tag error").
    A caller confirms with :func:`read_segments` before calling the index damaged."""
    import pickle
    import struct
    import zlib

    from whoosh.filedb.filetables import FileFormatError

    return type(exc) is Exception or isinstance(exc, (
        pickle.UnpicklingError, zlib.error, struct.error, FileFormatError, EOFError,
        LookupError, ValueError, TypeError, AttributeError, OverflowError, MemoryError))


@dataclass
class SegmentsReport:
    """What reading every segment found: live ids (repeats kept) and the problems."""

    ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    segments: int = 0
    doc_count: int = 0


def _why(exc: BaseException) -> str:
    if isinstance(exc, KhabarError):
        return exc.message
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror + (f": {exc.filename}" if exc.filename else "")
    return f"{type(exc).__name__}: {exc}"[:200]


def read_segments(ix: Any, decode: Callable[[dict[str, Any]], str]) -> SegmentsReport:
    """Open each segment, walk every field's terms and the id postings, decode every stored
    article with ``decode`` (which returns its id); the doc counts are compared too."""
    from whoosh.reading import SegmentReader

    report = SegmentsReport()
    try:
        segments = ix._segments()
        schema = ix.schema
    except Exception as exc:
        report.problems.append(f"the table of contents cannot be read: {_why(exc)}")
        return report
    report.segments = len(segments)
    for segment in segments:
        name = segment.segment_id()
        try:
            reader = SegmentReader(ix.storage, schema, segment)
        except Exception as exc:
            report.problems.append(f"segment {name} cannot be opened: {_why(exc)}")
            continue
        try:
            _read_one(reader, name, decode, report)
        finally:
            reader.close()
    try:
        total = ix.doc_count()
    except Exception as exc:
        report.problems.append(f"the index's document count cannot be read: {_why(exc)}")
        return report
    if total != report.doc_count:
        report.problems.append(f"the index counts {total} articles, its segments "
                               f"{report.doc_count}")
    return report


def _decode_postings(reader: Any) -> None:
    """Decode every posting of every term: ids, weights and values (positions), block by
    block, as a query may ask for any of them. The term table is walked in its file order
    (not looked up term by term), which is most of what this would otherwise cost."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    terms = reader._terms
    formats = {name: reader.schema[name].format for name in reader.indexed_field_names()}
    for (fieldname, term), info in terms.items():
        matcher = terms._codec.postings_reader(terms._postfile, info, formats[fieldname],
                                               term=(fieldname, term))
        if not isinstance(matcher, W3LeafMatcher):  # inlined: decoded with the term
            for _ in matcher.all_items():
                pass
            continue
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            matcher._read_values()
            matcher._next_block()


def _decode_columns(reader: Any) -> None:
    """Read every column value (agency, dates, story…) and every field length (BM25's)."""
    every = range(reader.doc_count_all())
    for fieldname in reader.schema.names():
        if reader.has_column(fieldname):
            for _ in reader.column_reader(fieldname, translate=False):  # raw: no date sentinels
                pass
    for fieldname in reader.schema.scorable_names():
        for doc in every:
            reader.doc_field_length(doc, fieldname)


def _read_one(reader: Any, name: str, decode: Callable[[dict[str, Any]], str],
              report: SegmentsReport) -> None:
    for what, read in (("terms or postings", _decode_postings), ("columns", _decode_columns)):
        try:
            read(reader)
        except Exception as exc:
            report.problems.append(f"segment {name}: its {what} cannot be read: {_why(exc)}")
            return
    try:
        live_in_postings = 0
        for term in reader.lexicon("id"):
            live_in_postings += sum(1 for doc in reader.postings("id", term).all_ids()
                                    if not reader.is_deleted(doc))
    except Exception as exc:
        report.problems.append(f"segment {name}: its terms or postings cannot be read: "
                               f"{_why(exc)}")
        return
    bad: list[str] = []
    live = 0
    for docnum in _live_docs(reader, name, report):
        live += 1
        try:
            report.ids.append(decode(reader.stored_fields(docnum)))
        except Exception as exc:
            bad.append(f"segment {name}: stored article {docnum} cannot be read: {_why(exc)}")
    report.problems.extend(bad[:MAX_LISTED])
    if len(bad) > MAX_LISTED:
        report.problems.append(f"segment {name}: {len(bad) - MAX_LISTED} more stored articles "
                               "cannot be read")
    report.doc_count += live
    if live != reader.doc_count():
        report.problems.append(f"segment {name} counts {reader.doc_count()} articles, "
                               f"holds {live}")
    if live_in_postings != live:
        report.problems.append(f"segment {name}: {live} articles but {live_in_postings} "
                               "in its id postings")


def _live_docs(reader: Any, name: str, report: SegmentsReport) -> Iterator[int]:
    try:
        docnums = [doc for doc in range(reader.doc_count_all()) if not reader.is_deleted(doc)]
    except Exception as exc:
        report.problems.append(f"segment {name}: its deletions cannot be read: {_why(exc)}")
        return
    yield from docnums
