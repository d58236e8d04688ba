"""The text field's postings written from arrays (searcher.engine.packed_postings) give the very
segment whoosh's own writer gives: every file of it, byte for byte."""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any

import pytest
from whoosh import index
from whoosh.writing import SegmentWriter

from searcher.engine.packed_postings import PackedPostings, pack
from searcher.engine.segment_writer import KhabarWriter
from searcher.index.prepare import Task, prepare
from searcher.index.schema import build_schema


def _documents(folder: Path) -> list[dict[str, Any]]:
    return [article.doc for path in sorted(folder.iterdir())
            for article in prepare(Task(str(path), None, None, 1 << 20)).articles]


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


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, pages: dict[str, str],
         generated_page: Any) -> list[dict[str, Any]]:
    """The documents of six real news pages and 200 generated ones: common words fill several posting blocks
    (whoosh's blocks hold 128 postings), titles weigh 3, bodies 1."""
    folder = tmp_path_factory.mktemp("news")
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    for number in range(200):
        (folder / f"g{number:03d}.txt").write_text(generated_page(number), encoding="utf-8")
    return _documents(folder)


def _as_text(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with its text given as text parts, analyzed by the writer."""
    packed = doc["text"]
    assert isinstance(packed, PackedPostings)
    return {**doc, "text": {"body": "سیل در استان گیلان؛ سیل دوباره آمد"}}


@pytest.mark.parametrize(("case", "limitmb"), [
    ("packed by the workers", 16),
    # a batch bigger than the writer's memory: the arrays are poured into the pool, which
    # spills sorted runs to disk, and the flush streams them back
    ("packed, poured into a spilling pool", 0.02),
    ("text analyzed by the writer", 16),
])
def test_the_segment_is_whoosh_s_byte_for_byte(tmp_path: Path, news: list[dict[str, Any]],
                                               case: str, limitmb: float) -> None:
    documents = news
    if case == "text analyzed by the writer":
        documents = [_as_text(doc) if number % 2 else doc
                     for number, doc in enumerate(documents)]
    _build(tmp_path / "whoosh", SegmentWriter, documents, limitmb)
    _build(tmp_path / "khabar", KhabarWriter, documents, limitmb)
    theirs, ours = segment_files(tmp_path / "whoosh"), segment_files(tmp_path / "khabar")
    assert {".pst", ".trm"} <= set(ours)
    assert ours == theirs
    with index.open_dir(str(tmp_path / "khabar")).reader() as reader:
        common = max(reader.lexicon("text"), key=lambda t: reader.doc_frequency("text", t))
        assert reader.doc_frequency("text", common) > 128, "a term of several blocks"


def test_the_pool_is_left_to_the_other_fields(tmp_path: Path, news: list[dict[str, Any]]
                                              ) -> None:
    """The text field's postings never enter whoosh's posting pool (while they fit)."""
    documents = news
    (tmp_path / "ix").mkdir()
    writer = KhabarWriter(index.create_in(str(tmp_path / "ix"), build_schema()), limitmb=16)
    for doc in documents:
        writer.add_document(**doc)
    pooled = {posting[0] for posting in writer.pool.current}
    assert "text" not in pooled and {"id", "agency"} <= pooled
    writer.cancel()


@pytest.mark.parametrize("items", [
    [],
    [(b"\xd8\xb3\xdb\x8c\xd9\x84", 2, 4.0, b"ab"), (b"\xd8\xa2\xd8\xa8", 1, 1.0, b"c")],
    [(b"z", 1, 1.5, b""), (b"a", 3, 3.0, b"xyz"), (b"m", 1, 1.0, b"q")],
])
def test_packing_keeps_whoosh_s_tuples_in_term_order(items: list) -> None:
    packed = pack(items)
    assert list(packed.items()) == sorted(items)
    assert packed.length() == sum(frequency for _, frequency, _, _ in items)
    assert packed.frequencies == array("I", sorted(f for _, f, _, _ in items)) or items
