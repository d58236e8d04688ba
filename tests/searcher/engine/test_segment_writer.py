"""khabar's segment writer writes what whoosh's writes: same postings, lengths and term stats,
also when it merges (streamed, at most MERGE_FACTOR segments at once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh import index
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from searcher.article import Article
from searcher.engine.merge_policy import MERGE_FACTOR, segments_to_merge
from searcher.engine.segment_writer import KhabarWriter
from searcher.index.prepare import plain_document, prepare_articles
from searcher.index.schema import build_schema
from searcher.ingest.dispatch import parse_file


def documents(articles: list[Article], writer_class: type[SegmentWriter]) -> list[dict]:
    """The articles' documents as each writer takes them: made ready by the workers for
    khabar's, plain values for whoosh's."""
    if issubclass(writer_class, KhabarWriter):
        return [prepared.doc for prepared in prepare_articles(articles)]
    return [plain_document(article) for article in articles]


def build(directory: Path, writer_class: type[SegmentWriter], folder: Path,
          limitmb: float = 16) -> None:
    directory.mkdir()
    ix = index.create_in(str(directory), build_schema())
    writer = writer_class(ix, limitmb=limitmb)
    for doc in documents(_articles(folder), writer_class):
        writer.add_document(**doc)
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


def test_same_segment_as_whoosh_when_the_pool_spills_to_runs(tmp_path: Path, generated_page,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """A pool of 20 KB: the postings go to many sorted run files and are merged back (khabar's
    writer pours its text postings, held as arrays, into the pool when they outgrow it)."""
    from whoosh.writing import PostingPool

    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(30):
        (folder / f"g{number:02d}.txt").write_text(generated_page(number), encoding="utf-8")
    runs: list[int] = []
    save = PostingPool.save

    def counted(self: PostingPool) -> None:
        runs.append(1)
        save(self)

    monkeypatch.setattr(PostingPool, "save", counted)
    build(tmp_path / "whoosh", SegmentWriter, folder, limitmb=0.02)
    whoosh_runs = len(runs)
    build(tmp_path / "khabar", KhabarWriter, folder, limitmb=0.02)
    assert whoosh_runs > 3 and len(runs) - whoosh_runs > 3
    assert contents(tmp_path / "khabar") == contents(tmp_path / "whoosh")


def _articles(folder: Path) -> list[Article]:
    return [article for path in sorted(folder.iterdir()) for article in parse_file(path).articles]


def _segments_of_three(directory: Path, articles: list[Article], deleted: str) -> Any:
    """An index of ``articles`` in commits of three, never merged, one article deleted."""
    directory.mkdir()
    ix = index.create_in(str(directory), build_schema())
    ready = documents(articles, KhabarWriter)
    for start in range(0, len(articles) - 3, 3):
        writer = KhabarWriter(ix, limitmb=16)
        for doc in ready[start:start + 3]:
            writer.add_document(**doc)
        writer.commit(merge=False)
    writer = KhabarWriter(ix, limitmb=16)
    writer.delete_by_term("id", deleted)
    writer.commit(merge=False)
    return ix


def test_a_commit_merges_at_most_merge_factor_segments_streamed_as_whoosh_would(
        tmp_path: Path, generated_page) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(39):
        (folder / f"g{number:02d}.txt").write_text(generated_page(number), encoding="utf-8")
    articles = _articles(folder)
    deleted = articles[4].id  # in the second segment: merged, its postings left out
    ours = _segments_of_three(tmp_path / "khabar", articles, deleted)
    theirs = _segments_of_three(tmp_path / "whoosh", articles, deleted)
    assert len(ours._segments()) == 12
    calls: list[int] = []
    writer = KhabarWriter(ours, limitmb=16, on_merge=lambda: calls.append(1))
    for doc in documents(articles[-3:], KhabarWriter):
        writer.add_document(**doc)
    writer.commit()  # khabar's policy: the ten smallest of twelve segments, streamed
    assert len(calls) == MERGE_FACTOR
    # whoosh merges the same ten segments its own way (through the posting pool)
    chosen = sorted(segments_to_merge([s.doc_count_all() for s in theirs._segments()]))
    writer = SegmentWriter(theirs, limitmb=16)
    for doc in documents(articles[-3:], SegmentWriter):
        writer.add_document(**doc)
    writer.commit(mergetype=lambda w, segments: _merged_by_whoosh(w, segments, chosen))
    assert len(ours._segments()) == len(theirs._segments()) == 12 - MERGE_FACTOR + 1
    assert contents(tmp_path / "khabar") == contents(tmp_path / "whoosh")
    with ours.searcher() as searcher:
        ids = {fields["id"] for fields in searcher.all_stored_fields()}
    assert ids == {article.id for article in articles} - {deleted}


def _merged_by_whoosh(writer: SegmentWriter, segments: list, chosen: list[int]) -> list:
    for position in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segments[position])
        writer.add_reader(reader)
        reader.close()
    return [s for position, s in enumerate(segments) if position not in chosen]


def test_a_failure_inside_a_merge_keeps_the_last_commit(tmp_path: Path, generated_page
                                                        ) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(39):
        (folder / f"g{number:02d}.txt").write_text(generated_page(number), encoding="utf-8")
    articles = _articles(folder)
    ix = _segments_of_three(tmp_path / "ix", articles, articles[0].id)
    before = contents(tmp_path / "ix")

    def fail() -> None:
        raise OSError(28, "No space left on device")

    writer = KhabarWriter(ix, limitmb=16, on_merge=fail)
    writer.add_document(**documents(articles[-1:], KhabarWriter)[0])
    with pytest.raises(OSError):
        writer.commit()
    writer.cancel()
    assert contents(tmp_path / "ix") == before


def test_a_merge_reads_segments_without_copying_them(tmp_path: Path, generated_page,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Merged segments are read as files, never copied into memory: whoosh's storage copies
    each sub-file it opens (a BufferFile over the mapped segment), and a merge opens them
    all — postings, terms, stored articles of ten segments at once."""
    from whoosh.filedb import structfile

    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(39):
        (folder / f"g{number:02d}.txt").write_text(generated_page(number), encoding="utf-8")
    ix = _segments_of_three(tmp_path / "ix", _articles(folder), "none")
    copied: list[str] = []
    buffer_init = structfile.BufferFile.__init__

    def recording(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        copied.append(str(name))
        buffer_init(self, buf, name=name, onclose=onclose)

    monkeypatch.setattr(structfile.BufferFile, "__init__", recording)
    KhabarWriter(ix, limitmb=16).commit()
    assert len(ix._segments()) == 12 - MERGE_FACTOR + 1
    assert copied == []
