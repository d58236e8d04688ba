"""An index in another format is refused with one re-index line, before whoosh reads it.

tests/fixtures/index_layout_v0 was written by khabar before the pipeline layout (its pickled
classes live at searcher.schema.*); it is signed with its own signing.key, by a signature version
that did not bind file contents yet: with that key, the format is what refuses it.
"""

from __future__ import annotations

import io
import json
import pickle
import shutil
from pathlib import Path

import pytest

from searcher.cli.app import main
from searcher.errors import IndexFormatError, IndexUntrustedError
from searcher.index import trust
from searcher.index.format import FORMAT_FILE, INDEX_FORMAT, check_format, stored_format
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "index_layout_v0"
ARTICLE = {"id": "f1", "title": "افزایش قیمت نفت در بازار جهانی",
           "body": "قیمت نفت خام برنت امروز دو درصد بالا رفت.", "source": "ایرنا"}


@pytest.fixture
def old_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the format-0 fixture, trusted (its own key), whoosh forbidden to open it."""
    copy = tmp_path / "old-index"
    shutil.copytree(FIXTURE, copy)
    monkeypatch.setenv("KHABAR_KEY_FILE", str(copy / "signing.key"))

    def no_unpickling(*args: object, **kwargs: object) -> None:
        raise AssertionError("whoosh was asked to open an index in another format")

    monkeypatch.setattr("whoosh.index.open_dir", no_unpickling)
    monkeypatch.setattr("whoosh.filedb.filestore.FileStorage.open_index", no_unpickling)
    return copy


def _one_refusal(capsys: pytest.CaptureFixture[str], index_dir: Path, code: int) -> str:
    assert code == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, lines
    assert captured.out == ""
    assert "Traceback" not in lines[0] and "unexpected" not in lines[0]
    assert f"khabar index PATH --index {index_dir}" in lines[0]
    return lines[0]


@pytest.mark.parametrize("command", [
    ["search", "نفت"], ["stats"], ["show", "f1"], ["export"], ["shell"], ["similar", "f1"],
])
def test_every_command_refuses_an_old_layout_index(
        old_index: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    line = _one_refusal(capsys, old_index, main([*command, "--index", str(old_index)]))
    assert "older khabar (format 0" in line
    assert f"reads format {INDEX_FORMAT}" in line


def test_indexing_into_an_old_layout_index_is_refused(
        old_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.json").write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    _one_refusal(capsys, old_index, main(["index", str(corpus), "--index", str(old_index)]))


def test_the_library_raises_the_format_error(old_index: Path) -> None:
    with pytest.raises(IndexFormatError):
        OpenedIndex(old_index)


def test_trusting_an_old_index_does_not_make_it_readable(
        old_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trust", "--index", str(old_index)]) == 0
    capsys.readouterr()
    _one_refusal(capsys, old_index, main(["stats", "--index", str(old_index)]))


@pytest.fixture
def new_index(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.json").write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    index_paths([corpus], tmp_path / "index")
    return tmp_path / "index"


def test_a_new_index_stores_this_format(new_index: Path) -> None:
    assert stored_format(new_index) == INDEX_FORMAT
    check_format(new_index)
    with OpenedIndex(new_index) as opened:
        assert opened.article("f1").title == ARTICLE["title"]


@pytest.mark.parametrize("written, says", [
    (f"{INDEX_FORMAT + 1}\n", "newer khabar"), ("یک\n", "unreadable format"), ("", "unreadable"),
])
def test_a_format_this_khabar_does_not_read_is_refused(
        new_index: Path, capsys: pytest.CaptureFixture[str], written: str, says: str) -> None:
    (new_index / FORMAT_FILE).write_text(written, encoding="utf-8")
    trust.sign(new_index)  # as if that khabar had written it: the format is what refuses
    line = _one_refusal(capsys, new_index, main(["search", "نفت", "--index", str(new_index)]))
    assert says in line


def test_the_signature_covers_the_format_file(new_index: Path) -> None:
    (new_index / FORMAT_FILE).write_text(f"{INDEX_FORMAT + 1}\n", encoding="ascii")
    assert not trust.is_trusted(new_index)
    with pytest.raises(IndexUntrustedError):
        OpenedIndex(new_index)


def test_an_added_format_file_does_not_pass_for_a_signed_one(old_index: Path) -> None:
    # Writing today's version into an old index is not a way round the check.
    (old_index / FORMAT_FILE).write_text(f"{INDEX_FORMAT}\n", encoding="ascii")
    assert not trust.is_trusted(old_index)


def test_the_pickled_classes_are_the_ones_format_py_lists(new_index: Path) -> None:
    # Moving one of these classes changes the index format: this test names it when it happens.
    from whoosh.filedb.filestore import FileStorage

    from searcher.index.format import PICKLED_CLASSES

    seen: set[str] = set()

    class Recording(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> object:
            seen.add(f"{module}.{name}")
            return super().find_class(module, name)

    with FileStorage(str(new_index)).open_index().reader() as reader:
        Recording(io.BytesIO(pickle.dumps(reader.schema))).load()
    khabar = sorted(name for name in seen if name.split(".")[0] in ("searcher", "analyzers"))
    assert khabar == sorted(PICKLED_CLASSES), (
        "the classes pickled into an index changed: bump INDEX_FORMAT in searcher/index/format.py "
        "and update PICKLED_CLASSES and ARCHITECTURE.md")
