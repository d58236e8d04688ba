"""A file of a commit under way (the manifest's journal) can vanish between listing the index
folder and reading its size: what reads the folder's state takes it as gone, never fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from searcher.index.directory import regular_files
from searcher.index.vocabulary import _state


@pytest.fixture
def folder_with_a_ghost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "MAIN_1.toc").write_bytes(b"toc")
    (tmp_path / "khabar.sig").write_text("امضا", encoding="utf-8")
    (tmp_path / "segments").mkdir()
    listed = Path.iterdir

    def with_ghost(self: Path) -> Iterator[Path]:
        yield from listed(self)
        if self == tmp_path:
            yield self / "manifest.sqlite-journal"  # listed, then gone before its stat

    monkeypatch.setattr(Path, "iterdir", with_ghost)
    return tmp_path


def test_regular_files_skip_a_file_that_vanished(folder_with_a_ghost: Path) -> None:
    assert {path.name: found.st_size for path, found in regular_files(folder_with_a_ghost)} == {
        "MAIN_1.toc": 3, "khabar.sig": len("امضا".encode())}


def test_the_vocabulary_key_survives_a_file_that_vanished(folder_with_a_ghost: Path) -> None:
    assert _state(folder_with_a_ghost) == _state(folder_with_a_ghost)
