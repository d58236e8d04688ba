"""Postings written from arrays (searcher.engine.packed_postings) and documents made ready in
the workers (searcher.engine.writer_documents) give the very segment whoosh's own writer gives
from plain documents: every file of it byte for byte, but the postings and the term entries
that point into them, which differ only in which blocks are compressed
(searcher.engine.block_writer) and read back the same."""

from __future__ import annotations

import json
import pickle
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index
from whoosh.writing import SegmentWriter

from searcher.article import Article
from searcher.engine.packed_postings import PackedPostings, pack
from searcher.engine.segment_writer import KhabarWriter
from searcher.engine.writer_documents import STORED_BYTES
from searcher.index.prepare import plain_document, prepare_articles
from searcher.index.schema import build_schema, document
from searcher.ingest.dispatch import parse_file


def _build(directory: Path, writer_class: type[SegmentWriter], documents: list[dict[str, Any]],
           limitmb: float = 16) -> None:
    directory.mkdir()
    ix = index.create_in(str(directory), build_schema())
    writer = writer_class(ix, limitmb=limitmb)
    for doc in documents:
        writer.add_document(**doc)
    writer.commit()


def segment_files(directory: Path) -> dict[str, bytes]:
    """Each file of the index's one segment (inside its compound file), by name without the
    segment's random id."""
    ix = index.open_dir(str(directory))
    [segment] = ix._segments()
    prefix = segment.make_filename("")
    storage = segment.open_compound_file(ix.storage) if segment.is_compound() else ix.storage
    found = {}
    for name in storage.list():
        if name.startswith(prefix):
            with storage.open_file(name) as handle:
                found[name[len(prefix):]] = handle.read()
    storage.close()
    ix.close()
    return found


def postings_read_back(directory: Path) -> dict[tuple[str, bytes], Any]:
    """Every term of the index as whoosh reads it: its statistics, and each posting with the
    statistics of the block it is in."""
    found: dict[tuple[str, bytes], Any] = {}
    with index.open_dir(str(directory)).reader() as reader:
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            matcher = reader.postings(field, term)
            rows = []
            while matcher.is_active():
                rows.append((matcher.id(), matcher.weight(), matcher.value(),
                             matcher.block_min_length(), matcher.block_max_length(),
                             matcher.block_max_weight(), matcher._blocklength))
                matcher.next()
            found[field, term] = (info.weight(), info.doc_frequency(), info.min_length(),
                                  info.max_length(), info.max_weight(), info.min_id(),
                                  info.max_id(), rows)
    return found


def stored_read_back(directory: Path) -> list[dict[str, Any]]:
    with index.open_dir(str(directory)).reader() as reader:
        return [reader.stored_fields(docnum) for docnum in range(reader.doc_count_all())]


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, pages: dict[str, str],
         generated_page: Any, crawl: list[dict]) -> list[Article]:
    """Six real news pages, 200 generated ones and two crawl records (tags, a link, an id of
    its own): common words fill several posting blocks (whoosh's blocks hold 128 postings),
    titles weigh 3, bodies 1; agencies, tags and dates in their own fields."""
    folder = tmp_path_factory.mktemp("news")
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    for number in range(200):
        (folder / f"g{number:03d}.txt").write_text(generated_page(number), encoding="utf-8")
    (folder / "z-crawl.json").write_text(json.dumps(crawl, ensure_ascii=False), encoding="utf-8")
    return [article for path in sorted(folder.iterdir())
            for article in parse_file(path).articles]


def _plain(articles: list[Article]) -> list[dict[str, Any]]:
    """The documents as whoosh's writer takes them: values, analyzed by the writer."""
    return [plain_document(article) for article in articles]


def _ready(articles: list[Article]) -> list[dict[str, Any]]:
    """The documents as the workers hand them to khabar's writer."""
    return [prepared.doc for prepared in prepare_articles(articles)]


@pytest.mark.parametrize(("case", "limitmb"), [
    ("made ready by the workers", 16),
    # a batch bigger than the writer's memory: the arrays are poured into the pool, which
    # spills sorted runs to disk, and the flush streams them back
    ("made ready, poured into a spilling pool", 0.02),
    ("plain documents, analyzed by the writer", 16),
    ("both kinds in one segment", 16),
])
def test_the_segment_is_whoosh_s_byte_for_byte(tmp_path: Path, news: list[Article],
                                               case: str, limitmb: float) -> None:
    plain, ready = _plain(news), _ready(news)
    documents = {"plain documents, analyzed by the writer": plain,
                 "both kinds in one segment": [pair[number % 2] for number, pair in
                                               enumerate(zip(plain, ready, strict=True))],
                 }.get(case, ready)
    _build(tmp_path / "whoosh", SegmentWriter, plain, limitmb)
    _build(tmp_path / "khabar", KhabarWriter, documents, limitmb)
    theirs, ours = segment_files(tmp_path / "whoosh"), segment_files(tmp_path / "khabar")
    assert {".pst", ".trm"} <= set(ours)
    assert set(ours) == set(theirs)
    # the stored fields are compressed by ISA-L where installed (searcher.engine.deflate):
    # they are compared as whoosh reads them back
    for name in set(ours) - {".pst", ".trm", "._stored.col"}:
        assert ours[name] == theirs[name], name
    assert postings_read_back(tmp_path / "khabar") == postings_read_back(tmp_path / "whoosh")
    assert stored_read_back(tmp_path / "khabar") == stored_read_back(tmp_path / "whoosh")
    with index.open_dir(str(tmp_path / "khabar")).reader() as reader:
        common = max(reader.lexicon("text"), key=lambda t: reader.doc_frequency("text", t))
        assert reader.doc_frequency("text", common) > 128, "a term of several blocks"
        assert {"source", "tags", "published", "agency", "url", "news_code"} <= set(
            reader.indexed_field_names())
        assert reader.stored_fields(len(news) - 2)["id"] == "crawl-0001"


def test_short_blocks_are_stored_as_they_are_and_long_ones_compressed(
        tmp_path: Path, news: list[Article]) -> None:
    """A rare term's block (a posting or two) is not worth zlib's header and checksum; a
    common term's block of 128 postings is compressed, at BLOCK_LEVEL. (The unique ``id``
    goes through whoosh's own postings writer, which compresses every block.)"""
    from whoosh.compat import dumps

    from searcher.engine.block_writer import BLOCK_LEVEL, COMPRESS_FROM, DATA_PROTOCOL

    _build(tmp_path / "ix", KhabarWriter, _ready(news))
    levels: dict[bool, set[int]] = {True: set(), False: set()}
    with index.open_dir(str(tmp_path / "ix")).reader() as reader:
        for field, term in reader.all_terms():
            if field == "id":
                continue
            matcher = reader.postings(field, term)
            while not matcher._atend:  # block by block
                raw = matcher._postfile.get(matcher._dataoffset,
                                            matcher._nextoffset - matcher._dataoffset)
                data = zlib.decompress(raw) if matcher._compression else raw
                levels[len(data) >= COMPRESS_FROM].add(matcher._compression)
                assert data == dumps(pickle.loads(data), DATA_PROTOCOL), "a pickle, as it is"
                matcher._next_block()
    assert levels == {False: {0}, True: {BLOCK_LEVEL}}


def _refused(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("an unpickler was used")


def test_every_block_reads_by_its_opcodes_as_whoosh_reads_it(
        tmp_path: Path, news: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks are pickled with protocol 3 (a posting's positions as bytes, not as a call of
    ``_codecs.encode`` on a latin-1 string as protocol 2 spells bytes): whoosh's matcher reads
    them as before, and khabar's opcode readers read every block's ids, weights and each
    posting's value without an unpickler, the same."""
    from whoosh.codec import whoosh3

    from searcher.engine.block_head import head_parts
    from searcher.engine.block_values import posting_values
    from searcher.engine.term_arrays import term_arrays

    _build(tmp_path / "ix", KhabarWriter, _ready(news))
    read = protocols = 0
    with index.open_dir(str(tmp_path / "ix")).reader() as reader:
        expected = {}
        for field, term in reader.all_terms():
            if field != "id":  # the id goes through whoosh's own postings writer
                matcher = reader.postings(field, term)
                expected[field, term] = rows = []
                while matcher.is_active():
                    rows.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
        monkeypatch.setattr(whoosh3, "loads", _refused)
        monkeypatch.setattr("whoosh.filedb.structfile.load_pickle", _refused)
        postfile = reader._terms._postfile
        for (field, term), rows in expected.items():
            offset, length = reader._terms.term_info(field, term).extent()
            length = length[0] if isinstance(length, tuple) else length  # whoosh's 1-tuple
            decoded = term_arrays(postfile.get(offset, length), offset)
            assert decoded is not None, (field, term)
            ids, weights, blocks = decoded
            values: list[bytes | None] = []
            for place in blocks:
                raw = postfile.get(place.data_at, place.data_end - place.data_at)
                data = zlib.decompress(raw) if place.compression else raw
                protocols += data[:2] == b"\x80\x03"
                head = head_parts(data, place.postings)
                assert head is not None
                values += posting_values(data, head[3], place.postings,
                                         list(range(place.postings)))
            assert list(zip(ids.tolist(), weights.tolist(), values, strict=True)) == rows
            read += len(blocks)
    assert protocols == read > 300


def test_the_pool_is_left_to_the_unique_field(tmp_path: Path, news: list[Article]) -> None:
    """Only the id's postings (whoosh's update_document deletes by its plain value) enter
    whoosh's posting pool (while the others' arrays fit)."""
    (tmp_path / "ix").mkdir()
    writer = KhabarWriter(index.create_in(str(tmp_path / "ix"), build_schema()), limitmb=16)
    for doc in _ready(news) + _plain(news[:3]):
        writer.add_document(**doc)
    assert {posting[0] for posting in writer.pool.current} == {"id"}
    writer.cancel()


def test_a_ready_document_holds_its_stored_fields_as_whoosh_s_column_bytes(
        news: list[Article]) -> None:
    article = news[-2]
    ready = _ready([article])[0]
    assert "doc" not in ready and "spans" not in ready, "stored values travel compressed"
    stored = pickle.loads(zlib.decompress(ready[STORED_BYTES]))
    plain = _plain([article])[0]
    assert stored == {"doc": plain["doc"], "id": "crawl-0001", "spans": plain["spans"]}
    assert plain["spans"]
    assert ready["id"] == "crawl-0001"
    assert all(isinstance(ready[name], PackedPostings) for name in ("text", "source", "tags"))
    assert ready["_stored_published"] == document(article)["published"]  # for its column


@pytest.mark.parametrize("items", [
    [],
    [(b"\xd8\xb3\xdb\x8c\xd9\x84", 2, 4.0, b"ab"), (b"\xd8\xa2\xd8\xa8", 1, 1.0, b"c")],
    [(b"z", 1, 1.5, b""), (b"a", 3, 3.0, b"xyz"), (b"m", 1, 1.0, b"q")],
])
def test_packing_keeps_whoosh_s_tuples_in_term_order(items: list) -> None:
    packed = pack(items)
    assert list(packed.items()) == sorted(items)
    assert packed.length() == sum(frequency for _, frequency, _, _ in items)
    assert list(packed.frequencies) == [f for _, f, _, _ in sorted(items)]


@pytest.mark.parametrize(("name", "value"), [
    ("source", "خبرگزاری جمهوری اسلامی"),
    ("tags", "اقتصاد ، بورس تهران"),
])
def test_a_small_field_s_postings_are_packed_once_a_value(name: str, value: str) -> None:
    from searcher.engine.writer_documents import writer_document

    schema = build_schema()
    first, again = (writer_document(schema, {"id": key, name: value}) for key in ("a", "b"))
    assert again[name] is first[name], "the second article reuses the first one's postings"
    assert list(first[name].items()) == sorted(schema[name].index(value))
    other = writer_document(build_schema(), {"id": "c", name: value})[name]
    assert other is not first[name] and list(other.items()) == list(first[name].items())


def _same(first: PackedPostings, second: PackedPostings) -> bool:
    def parts(packed: PackedPostings) -> tuple[Any, ...]:
        return (tuple(packed.terms), tuple(packed.frequencies), tuple(packed.weights),
                tuple(packed.value_lengths), packed.values)
    return parts(first) == parts(second)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(["agency", "news_code", "url"]),
       value=st.text(min_size=0, max_size=40) | st.sampled_from(
           ["irna", "2784266", "https://mehr.example/news/2784266", "ایسنا", " x "]))
def test_an_id_is_packed_as_whoosh_indexes_it(name: str, value: str) -> None:
    """One term, the value itself: built directly, the same as whoosh's analysis packs it."""
    from searcher.engine.writer_documents import writer_document

    schema = build_schema()
    assert _same(writer_document(schema, {"id": "a", name: value})[name],
                 pack(schema[name].index(value)))


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
def test_a_date_s_tiers_are_packed_as_whoosh_indexes_them(moment: datetime) -> None:
    """The date's eight tiers (its sortable number shifted by 0, 8, … 56 bits), from one
    conversion of the date instead of one a tier: whoosh's terms."""
    from searcher.engine.writer_documents import writer_document

    schema = build_schema()
    packed = writer_document(schema, {"id": "a", "published": moment})["published"]
    assert len(packed.terms) == 8
    assert _same(packed, pack(schema["published"].index(moment)))


@settings(max_examples=300, deadline=None)
@given(positions=st.lists(st.integers(0, 100_000), min_size=1, max_size=60, unique=True))
def test_a_word_s_positions_are_encoded_as_whoosh_encodes_them(positions: list[int]) -> None:
    """The positions of a word met more than once in an article, encoded without whoosh's
    loop a position: the same bytes."""
    from whoosh import formats

    from searcher.index.schema import positions_encoder

    positions.sort()
    form = formats.Positions()
    assert positions_encoder(form)(positions) == form.encode(positions)


def test_blocks_assembled_by_arrays_are_the_bytes_of_blocks_written_term_by_term(
        tmp_path: Path, news: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    """The text field's windows are assembled at once (searcher.engine.block_pickles); the
    segment is the one the term-by-term encoder writes, every file byte for byte."""
    from searcher.engine.block_writer import TermBlocks

    taken: list[int] = []
    real = TermBlocks.add_arrays

    def counted(self: TermBlocks, terms: list[bytes], *args: Any) -> None:
        taken.append(len(terms))
        real(self, terms, *args)

    monkeypatch.setattr(TermBlocks, "add_arrays", counted)
    _build(tmp_path / "arrays", KhabarWriter, _ready(news))
    assert max(taken) > 300, "the text field went the array way"
    monkeypatch.setattr(TermBlocks, "takes_arrays", lambda *_args: False)
    _build(tmp_path / "terms", KhabarWriter, _ready(news))
    assert segment_files(tmp_path / "arrays") == segment_files(tmp_path / "terms")
