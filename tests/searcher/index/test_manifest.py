"""The manifest: what each file gave, durable only when committed; and how a run recovers when
the manifest and the index disagree after a crash between their two commits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from searcher.index.run import index_paths
from searcher.errors import IndexWriteError
from searcher.index.manifest import MANIFEST_FILE, FileRecord, Manifest

RECORD = FileRecord(size=2048, mtime_ns=1_700_000_000_000_000_000, digest="ab" * 16)


@pytest.fixture
def manifest(tmp_path: Path) -> Manifest:
    opened = Manifest(tmp_path)
    yield opened
    opened.close()


def test_file_and_its_ids_round_trip(manifest: Manifest) -> None:
    manifest.set_file("/news/a.json", RECORD, ["id-1", "id-2"])
    assert manifest.files() == {"/news/a.json": RECORD}
    assert manifest.ids_of("/news/a.json") == {"id-1", "id-2"}
    manifest.set_file("/news/a.json", RECORD, ["id-2"])
    assert manifest.ids_of("/news/a.json") == {"id-2"}, "set_file replaces the ids"


def test_set_record_keeps_the_ids(manifest: Manifest) -> None:
    manifest.set_file("/news/a.txt", RECORD, ["id-1"])
    touched = FileRecord(RECORD.size, RECORD.mtime_ns + 1, RECORD.digest)
    manifest.set_record("/news/a.txt", touched)
    assert manifest.files()["/news/a.txt"] == touched
    assert manifest.ids_of("/news/a.txt") == {"id-1"}


def test_references_and_aliases(manifest: Manifest) -> None:
    manifest.set_file("/news/a.txt", RECORD, ["id-a"])
    manifest.set_file("/news/copy.txt", RECORD, ["id-a"], aliases=["id-a"])
    assert manifest.is_referenced("id-a")
    assert manifest.referenced_elsewhere("id-a", "/news/a.txt")
    assert manifest.alias_holders("id-a") == {"/news/copy.txt"}
    manifest.forget_file("/news/copy.txt")
    assert not manifest.referenced_elsewhere("id-a", "/news/a.txt")
    assert manifest.alias_holders("id-a") == set()
    manifest.forget_file("/news/a.txt")
    assert not manifest.is_referenced("id-a")


def test_articles_by_id_and_by_content(manifest: Manifest) -> None:
    manifest.set_article("id-a", "key-1")
    assert manifest.content_of("id-a") == "key-1"
    assert manifest.id_with_content("key-1") == "id-a"
    manifest.set_article("id-a", "key-2")
    assert manifest.id_with_content("key-1") is None
    manifest.forget_article("id-a")
    assert manifest.content_of("id-a") is None
    assert manifest.article_ids() == []


def test_only_committed_changes_survive(tmp_path: Path) -> None:
    first = Manifest(tmp_path)
    first.set_file("/news/kept.txt", RECORD, ["id-1"])
    first.commit()
    first.set_file("/news/lost.txt", RECORD, ["id-2"])
    first.close()  # no commit: a crash mid-batch
    again = Manifest(tmp_path)
    assert list(again.files()) == ["/news/kept.txt"]
    again.set_file("/news/rolled-back.txt", RECORD, [])
    again.rollback()
    assert list(again.files()) == ["/news/kept.txt"]
    again.close()


def test_stale_articles_make_their_files_look_changed(manifest: Manifest) -> None:
    manifest.set_file("/news/a.txt", RECORD, ["id-a"])
    manifest.set_article("id-a", "key-1")
    manifest.forget_articles_of_stale(["id-a"])
    assert manifest.content_of("id-a") is None
    assert manifest.files()["/news/a.txt"].digest == "", "it will be read and parsed again"


def test_generation_and_reset(manifest: Manifest) -> None:
    assert manifest.generation() is None
    manifest.set_generation(7)
    manifest.set_file("/news/a.txt", RECORD, ["id-a"])
    assert manifest.generation() == 7
    manifest.reset()
    assert (manifest.generation(), manifest.files()) == (None, {})


# --- the manifest and the index disagree ---------------------------------------------------

def test_lost_manifest_adds_nothing_twice(folder: Path, tmp_path: Path, stored_ids) -> None:
    index_dir = tmp_path / "index"
    index_paths([folder], index_dir)
    (index_dir / MANIFEST_FILE).unlink()
    report = index_paths([folder], index_dir)
    assert report.new == 6
    ids = stored_ids(index_dir)
    assert len(ids) == len(set(ids)) == 6


def test_manifest_commit_lost_after_index_commit(folder: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch, ids_with_word,
                                                 pages, stored_ids, write_generated) -> None:
    index_dir = tmp_path / "index"
    index_paths([folder], index_dir)
    (folder / "dams.txt").unlink()
    (folder / "derby.txt").write_text(pages["derby.txt"].replace("پنالتی", "کرنر"),
                                      encoding="utf-8")
    write_generated(folder / "new", 2)

    def die(self: Manifest) -> None:
        raise OSError("disk vanished between the two commits")

    real_commit = Manifest.commit
    monkeypatch.setattr(Manifest, "commit", die)
    with pytest.raises(IndexWriteError, match="disk vanished"):
        index_paths([folder], index_dir)
    monkeypatch.setattr(Manifest, "commit", real_commit)
    assert len(stored_ids(index_dir)) == 7, "whoosh committed the batch"
    report = index_paths([folder], index_dir)
    assert (report.new, report.updated, report.removed) == (2, 1, 1), "redone: manifest missed it"
    ids = stored_ids(index_dir)
    assert len(ids) == len(set(ids)) == 7
    assert ids_with_word(index_dir, "پنالتی") == set()
    assert len(ids_with_word(index_dir, "کرنر")) == 1


def test_index_restored_from_an_older_copy_is_filled_again(folder: Path,
                                                           tmp_path: Path, stored_ids) -> None:
    index_dir = tmp_path / "index"
    index_paths([folder / "dams.txt", folder / "derby.txt"], index_dir)
    shutil.copytree(index_dir, tmp_path / "backup")
    index_paths([folder], index_dir)
    for path in index_dir.iterdir():
        if path.name != MANIFEST_FILE and path.is_file():
            path.unlink()
    for path in (tmp_path / "backup").iterdir():
        if path.name != MANIFEST_FILE:
            shutil.copy(path, index_dir / path.name)
    assert len(stored_ids(index_dir)) == 2
    index_paths([folder], index_dir)
    ids = stored_ids(index_dir)
    assert len(ids) == len(set(ids)) == 6
