"""whoosh's segment writer, with the changes that matter to indexing speed and memory.

When whoosh writes a segment's postings it asks, for every posting, the length of the field in
that document — reading it back from the segment's length column each time (a seek and a
struct unpack per posting; a sixth of the main process's time on news articles). This writer
reads each field's lengths once per segment and answers from a list.

Merges: whoosh merges a segment by pouring all its postings into the writer's posting pool,
which sorts them again (spilling runs to disk and reading them back) — although each segment's
postings are already in term order. This writer merges the sorted streams instead (the batch's
pool, then each merged segment's postings, renumbered), so a merge holds no postings in memory
and sorts nothing; it reads the merged segments as plain files, not through the memory map,
so their pages stay in the page cache instead of the process's resident set. Which segments
are merged is :mod:`searcher.engine.merge_policy`'s choice. The segments hold what whoosh's
own writer and merge write: the same postings, lengths and term statistics (tests compare).
"""

from __future__ import annotations

import gc
import heapq
import marshal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import batched
from operator import itemgetter
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.writing import PostingPool, SegmentWriter

from searcher.engine.block_writer import write_hash_tables
from searcher.engine.heap import keep_freed_memory
from searcher.engine.merge_policy import segments_to_merge
from searcher.engine.packed_postings import FieldBatch, PackedPostings, pack, write_field
from searcher.engine.writer_documents import STORED_BYTES, add_stored_bytes

Posting = tuple[str, bytes, int, float, bytes]


class _LengthsOnce:
    """``doc_field_length`` over a per-document reader, each field read once in full.

    A field that is not scorable has no lengths (whoosh records none): every document's is the
    default, answered without asking the reader, which looks for the field's length column on
    disk on every call (a ``stat`` a document and field)."""

    def __init__(self, reader: Any, doc_count: int, scorable: frozenset[str]) -> None:
        self._reader = reader
        self._doc_count = doc_count
        self._scorable = scorable
        self._fields: dict[str, list[int | None]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        return self.of_field(fieldname, default)[docnum]

    def of_field(self, fieldname: str, default: int = 0) -> list[int | None]:
        """Every document's length in ``fieldname``, as whoosh's reader gives them."""
        lengths = self._fields.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            lengths = ([read(doc, fieldname, default) for doc in range(self._doc_count)]
                       if fieldname in self._scorable else [default] * self._doc_count)
            self._fields[fieldname] = lengths
        return lengths


# Postings a run file holds per marshal record.
RUN_CHUNK = 4096


class KhabarPool(PostingPool):
    """whoosh's posting pool, its sorted runs written and read a few thousand postings a call.

    A batch of 10,000 articles holds about 1.7 million postings, more than the pool keeps in
    memory, so they go to run files and back; whoosh pickles and unpickles each posting with a
    call of its own, a quarter of the main process's time. Same postings, same order.
    """

    def add(self, item: Posting) -> None:
        # whoosh's add, one call a posting, without its type assertions (khabar's postings come
        # from its own schema) and with the same size estimate, so runs split where whoosh's do.
        self.fieldnames.add(item[0])
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f: Any, items: Iterable[Posting]) -> None:
        for chunk in batched(items, RUN_CHUNK):
            marshal.dump(chunk, f)
        f.close()

    def _read_run(self, path: str) -> Iterator[Posting]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = marshal.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class _FileReads(FileStorage):
    """The index's files read with ``read``, never mapped: a merge and the assembly of a
    compound segment read each byte once, and pages read stay in the page cache, not in the
    process's resident set (mapped, a new segment of 1.1 GB was resident while assembled)."""

    def __init__(self, folder: str) -> None:
        # An instance attribute (FileStorage sets one): without it a compound segment maps
        # itself and copies each sub-file it opens into memory (whoosh's BufferFile).
        super().__init__(folder, supports_mmap=False)


def merge_tiered(writer: KhabarWriter, segments: list[Any]) -> list[Any]:
    """whoosh merge-policy function: merge what :func:`segments_to_merge` chooses, streaming;
    the segments kept, in their order (the new one is appended by the commit)."""
    chosen = set(segments_to_merge([segment.doc_count_all() for segment in segments]))
    if chosen:
        storage = _FileReads(writer.storage.folder)
        for position in sorted(chosen):
            writer.merge_segment(SegmentReader(storage, writer.schema, segments[position]))
    return [segment for position, segment in enumerate(segments) if position not in chosen]


# Documents between two looks at the packed batches' size (each look sums seven batches').
_SIZE_EVERY = 16


class _FieldPlan:
    """What adding a field's value needs, looked up once: the field, its batch of packed
    postings (None: through the pool), the keys of its boost and its stored value, its
    column."""

    __slots__ = ("batch", "boost_key", "column", "field", "indexed", "scorable", "stored",
                 "stored_key")

    def __init__(self, field: Any, batch: FieldBatch | None, fieldname: str) -> None:
        self.field, self.batch = field, batch
        self.indexed, self.scorable, self.stored = field.indexed, field.scorable, field.stored
        self.boost_key = f"_{fieldname}_boost"  # whoosh's _field_boost
        self.stored_key = f"_stored_{fieldname}"
        self.column = field.column_type


class KhabarWriter(SegmentWriter):
    """A SegmentWriter whose segment flush reads field lengths once and whose merges stream
    (see the module doc). ``on_merge`` is called as each merged segment's postings begin."""

    def __init__(self, ix: Any, *, limitmb: int, on_merge: Callable[[], None] | None = None
                 ) -> None:
        keep_freed_memory()  # zlib's work space for each block, reused (searcher.engine.heap)
        super().__init__(ix, limitmb=limitmb)
        self.pool = KhabarPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self._on_merge = on_merge
        self._merging: list[tuple[Any, int, dict[int, int] | None]] = []
        # Fields whose postings are kept as arrays (packed_postings): every indexed field but
        # the unique one (update_document deletes by its plain value), whatever form its
        # values come in, so a field's postings are never split with the pool — unless the
        # arrays outgrow the pool's memory: then they are poured into it.
        self._packed = {name: FieldBatch() for name, field in self.schema.items()
                        if field.indexed and not field.unique}
        self._packed_limit = limitmb * 1024 * 1024
        self._packed_in_pool = False
        self._plans: dict[str, _FieldPlan] = {}
        self._names: dict[tuple[str, ...], list[str]] = {}

    def add_document(self, **fields: Any) -> None:
        # whoosh's SegmentWriter.add_document, with a packed field's postings appended to its
        # FieldBatch instead of the pool (and no per-posting type checks or boost products);
        # what a field needs is looked up once a writer (_FieldPlan), the field names once
        # for each set of keys documents come with
        self._check_state()
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        keys = tuple(fields)
        fieldnames = self._names.get(keys)
        if fieldnames is None:
            fieldnames = sorted(name for name in fields if not name.startswith("_"))
            self._check_fields(self.schema, fieldnames)
            self._names[keys] = fieldnames
        # stored values already pickled and compressed (writer_documents, in a worker)
        stored_bytes = fields.get(STORED_BYTES)
        plans = self._plans
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                plan = plans.get(fieldname) or self._plan(fieldname)
                field = plan.field
                length = 0
                if plan.indexed:
                    fieldboost = (float(fields[plan.boost_key]) if plan.boost_key in fields
                                  else docboost)
                    batch = plan.batch
                    if batch is not None:
                        packed = value if isinstance(value, PackedPostings) else pack(
                            field.index(value))
                        batch.add(docnum, packed, fieldboost)
                        if plan.scorable:
                            length = packed.length()
                    else:
                        add_post = self.pool.add
                        for tbytes, freq, weight, vbytes in field.index(value):
                            if plan.scorable:
                                length += freq
                            add_post((fieldname, tbytes, docnum, weight * fieldboost, vbytes))
                customval = fields.get(plan.stored_key, value)
                stored = plan.stored and stored_bytes is None
                perdocwriter.add_field(fieldname, field, customval if stored else None, length)
                if plan.column and customval is not None:
                    perdocwriter.add_column_value(fieldname, plan.column,
                                                  field.to_column_value(customval))
            if stored_bytes is not None:
                add_stored_bytes(perdocwriter, docnum, stored_bytes)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        # the batches' size looked at every few documents: a few KB over the limit at most
        if not docnum % _SIZE_EVERY and (sum(batch.nbytes() for batch in self._packed.values())
                                         > self._packed_limit):
            self._pour_packed_into_pool()

    def _plan(self, fieldname: str) -> _FieldPlan:
        field = self.schema[fieldname]
        if field.separate_spelling() or field.vector:
            raise NotImplementedError(f"{fieldname}: spelling and vector fields are "
                                      "not written by khabar's writer")
        plan = self._plans[fieldname] = _FieldPlan(field, self._packed.get(fieldname),
                                                   fieldname)
        return plan

    def _pour_packed_into_pool(self) -> None:
        """The packed postings held so far into the pool (which spills to disk): memory stays
        bounded on a batch of any size; the flush then streams them from there."""
        for name, batch in self._packed.items():
            for posting in batch.postings(name):
                self.pool.add(posting)
            batch.clear()
        self._packed_in_pool = True

    def _merge_segments(self, mergetype: Any, optimize: Any, merge: Any) -> list[Any]:
        # commit()'s default (merge, no optimize, no policy given) is khabar's policy
        merging = self.merge if merge is None else merge
        if mergetype is None and self.mergetype is None and merging and not (
                optimize or self.optimize):
            mergetype = merge_tiered
        return super()._merge_segments(mergetype, optimize, merge)

    def merge_segment(self, reader: Any) -> None:
        """Add ``reader``'s segment: its documents now, its postings at the flush (streamed)."""
        self._check_state()
        basedoc = self.docnum
        fieldnames = set(self.schema.names()) | {
            name for name in reader.indexed_field_names() if name in self.schema}
        docmap = self.write_per_doc(fieldnames, reader)
        self._merging.append((reader, basedoc, docmap))
        self._added = True

    def _flush_segment(self) -> None:
        # whoosh's SegmentWriter._flush_segment, with the lengths read through _LengthsOnce
        # and the merged segments' postings streamed in.
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        scorable = frozenset(name for name, field in self.schema.items() if field.scorable)
        lengths = _LengthsOnce(reader, self.docnum, scorable) if reader else None
        packed = {name: batch for name, batch in sorted(self._packed.items()) if len(batch)}
        if self._merging or self._packed_in_pool:
            # streamed, posting by posting: the batch's, then each merged segment's
            streams: list[Iterable[Posting]] = [self.pool.iter_postings()]
            streams.extend(batch.postings(name) for name, batch in packed.items())
            for merged, basedoc, docmap in self._merging:
                streams.append(self._merged_postings(merged, basedoc, docmap))
            postings = streams[0] if len(streams) == 1 else _in_term_order(streams)
            self.fieldwriter.add_postings(self.schema, lengths, postings)
        else:
            pooled = _Lookahead(self.pool.iter_postings())
            for name, batch in packed.items():
                self.fieldwriter.add_postings(self.schema, lengths, pooled.fields_before(name))
                write_field(self.fieldwriter, name, self.schema[name], batch,
                            lengths.of_field(name) if lengths else None)
            self.fieldwriter.add_postings(self.schema, lengths, pooled.rest())
        for batch in self._packed.values():
            batch.clear()
        write_hash_tables(self.fieldwriter._tindex)
        self.fieldwriter.close()
        if reader:
            reader.close()

    def _assemble_segment(self) -> None:
        # whoosh's, with the segment's files copied into the compound file by plain reads
        if self.compound:
            segment = self.get_segment()
            segment.create_compound_file(_FileReads(self.storage.folder))
            segment.compound = True

    def _merged_postings(self, reader: Any, basedoc: int, docmap: dict[int, int] | None
                         ) -> Iterator[Posting]:
        if self._on_merge:
            self._on_merge()
        yield from self._process_posts(reader.iter_postings(), basedoc, docmap)

    def _close_segment(self) -> None:
        try:
            super()._close_segment()
        finally:
            for merged, _basedoc, _docmap in self._merging:
                merged.close()
            self._merging.clear()


class _Lookahead:
    """The pool's sorted postings, taken field by field (the packed fields go between)."""

    def __init__(self, postings: Iterable[Posting]) -> None:
        self._postings = iter(postings)
        self._next: Posting | None = next(self._postings, None)

    def fields_before(self, fieldname: str) -> Iterator[Posting]:
        while self._next is not None and self._next[0] < fieldname:
            yield self._next
            self._next = next(self._postings, None)

    def rest(self) -> Iterator[Posting]:
        if self._next is not None:
            yield self._next
            self._next = None
        yield from self._postings


def _in_term_order(streams: list[Iterable[Posting]]) -> Iterator[Posting]:
    """Postings of several streams, each in (field, term) order with documents ascending and
    every stream's documents after the previous stream's: one stream in that order.

    heapq.merge keeps streams' order among equal keys, so a term's documents stay ascending.
    A stream out of order would write a corrupt segment: checked, at one comparison a posting.
    """
    last: tuple[str, bytes, int] = ("", b"", -1)
    for posting in heapq.merge(*streams, key=itemgetter(0, 1)):
        key = (posting[0], posting[1], posting[2])
        if key <= last:
            raise RuntimeError(f"postings out of order in a merge: {key!r} after {last!r}")
        last = key
        yield posting


def open_writer(ix: Any, *, limitmb: int, on_merge: Callable[[], None] | None = None
                ) -> SegmentWriter:
    """A writer on ``ix`` (takes whoosh's write lock, like ``ix.writer()``); its commits merge
    by :func:`merge_tiered`, calling ``on_merge`` as each merged segment's postings begin."""
    return KhabarWriter(ix, limitmb=limitmb, on_merge=on_merge)


@contextmanager
def quiet_release() -> Iterator[None]:
    """Let go of a failing writer inside the block without a second report.

    After a write error (a full disk, a file-size limit) whoosh's posting pool still holds
    buffered temporary files; when they are collected their flush fails again, and Python
    prints "Exception ignored in …" with a traceback. The first error is the one to show:
    drop every reference to the writer inside the block; it is collected before the block ends.
    """
    previous = sys.unraisablehook

    def quiet(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, OSError):
            previous(unraisable)

    sys.unraisablehook = quiet
    try:
        yield
        gc.collect()
    finally:
        sys.unraisablehook = previous
