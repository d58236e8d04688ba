"""khabar's segment writer writes what whoosh's writes: same postings, lengths and term stats."""

from __future__ import annotations

from pathlib import Path
from whoosh import index
from whoosh.writing import SegmentWriter

from searcher.index.prepare import Task, prepare
from searcher.engine.segment_writer import KhabarWriter
from searcher.index.schema import build_schema


def build(directory: Path, writer_class: type[SegmentWriter], folder: Path) -> None:
    directory.mkdir()
    ix = index.create_in(str(directory), build_schema())
    writer = writer_class(ix, limitmb=16)
    for path in sorted(folder.iterdir()):
        for article in prepare(Task(str(path), None, None, 1 << 20)).articles:
            writer.add_document(**article.doc)
    writer.commit()


def contents(directory: Path) -> tuple[list, list, list]:
    with index.open_dir(str(directory)).reader() as reader:
        postings = list(reader.iter_postings())
        lengths = [(doc, reader.doc_field_length(doc, "text")) for doc in reader.all_doc_ids()]
        stats = []
        for term in reader.lexicon("text"):
            info = reader.term_info("text", term)
            stats.append((term, info.doc_frequency(), info.weight(), info.min_length(),
                          info.max_length(), info.max_weight()))
        return postings, lengths, stats


def test_same_segment_as_whoosh_writes(tmp_path: Path, generated_page, pages) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    for number in range(30):
        (folder / f"g{number:02d}.txt").write_text(generated_page(number), encoding="utf-8")
    build(tmp_path / "whoosh", SegmentWriter, folder)
    build(tmp_path / "khabar", KhabarWriter, folder)
    theirs, ours = contents(tmp_path / "whoosh"), contents(tmp_path / "khabar")
    assert len(ours[1]) == 36
    assert {length for _, length in ours[1]} != {0}, "lengths were recorded"
    assert ours == theirs
