"""Issue 13, items 5–7: indexing as a new user meets it.

A file where the index should go is one error line; a refused folder is left as it was;
progress counts articles; every ignored file is named; ``--strict`` fails on what was not
indexed; files indexed one by one survive a later run over their folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher.cli.app import main
from searcher.index.run import index_paths


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- item 5: where the index cannot go -------------------------------------------------------

def test_an_index_path_that_is_a_file_is_one_error_line(
        folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notadir = tmp_path / "notadir.txt"
    notadir.write_text("یادداشت", encoding="utf-8")
    code, out, err = run(capsys, "index", str(folder), "--index", str(notadir))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert f"{notadir} is a file, not a folder" in err and "(hint: " in err
    assert "unexpected" not in err
    assert notadir.read_text(encoding="utf-8") == "یادداشت"


def test_refusing_a_non_index_folder_leaves_it_as_it_was(
        folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "my-notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("خرید نان", encoding="utf-8")
    code, _, err = run(capsys, "index", str(folder), "--index", str(mine))
    assert code == 2 and "is not empty and holds no khabar index" in err
    assert sorted(p.name for p in mine.iterdir()) == ["todo.txt"]


# --- item 6: progress counts articles --------------------------------------------------------

def test_progress_moves_through_one_big_json_lines_file(tmp_path: Path, write_jsonl) -> None:
    records = [{"title": f"گزارش شماره {n} از بازار نفت", "body": f"قیمت نفت در روز {n} تغییر کرد.",
                "id": f"feed-{n}"} for n in range(300)]
    write_jsonl(tmp_path / "feed" / "all.jsonl", records)
    seen: list[tuple[int, int, int]] = []
    index_paths([tmp_path / "feed"], tmp_path / "index", jobs=0,
                progress=lambda files, total, articles, _path: seen.append((files, total,
                                                                             articles)))
    during = sorted({articles for files, total, articles in seen if articles < 300})
    assert len(during) >= 5, seen[:10]  # the count moved while the one file was written
    assert all(total == 1 for _, total, _ in seen)
    assert max(articles for _, _, articles in seen) == 300


# --- item 7: ignored files, --strict, explicit files and their folder ------------------------

def _with_strays(folder: Path) -> list[Path]:
    strays = [folder / "photo.jpg", folder / "sub" / "page.odt"]
    strays[1].parent.mkdir()
    for stray in strays:
        stray.write_bytes(b"\x00\x01not an article")
    (folder / "README.md").write_text("این پوشه اخبار است", encoding="utf-8")
    return strays


def test_every_ignored_file_is_named_in_json(folder: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    strays = _with_strays(folder)
    code, out, _ = run(capsys, "index", str(folder), "--index", str(tmp_path / "ix"), "--json")
    report = json.loads(out)
    assert code == 0
    named = {item["path"]: item["reason"] for item in report["ignored_files"]}
    assert set(named) == {str(p.resolve()) for p in strays} | {str(folder.resolve() /
                                                                   "README.md")}
    assert named[str(strays[0].resolve())] == "not an article file (.jpg)"
    assert report["ignored"] == 3


def test_the_summary_names_ignored_files_on_request(folder: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    strays = _with_strays(folder)
    _, _, quiet = run(capsys, "index", str(folder), "--index", str(tmp_path / "a"))
    assert "3 ignored" in quiet and "--verbose" in quiet and str(strays[0]) not in quiet
    _, _, told = run(capsys, "index", str(folder), "--index", str(tmp_path / "b"), "--verbose")
    for stray in strays:
        assert f"ignored {stray.resolve()}: not an article file ({stray.suffix})" in told


@pytest.mark.parametrize(("stray", "code"), [
    (None, 0),  # everything indexed
    ("README.md", 0),  # a folder's README is documentation, left out on purpose
    ("photo.jpg", 2),  # a file khabar cannot read: a strict run fails
    ("empty.txt", 2),  # an article file with nothing in it (skipped)
])
def test_strict_fails_when_a_file_was_not_indexed(folder: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  stray: str | None, code: int) -> None:
    if stray:
        (folder / stray).write_bytes(b"" if stray == "empty.txt" else b"\xff\xd8")
    got, _, err = run(capsys, "index", str(folder), "--index", str(tmp_path / "ix"), "--strict")
    assert got == code
    if code:
        assert "--strict: 1 file was not indexed" in err


def test_files_indexed_one_by_one_survive_a_run_over_their_folder(
        tmp_path: Path, index_dir: Path, ids_with_word, markers, stored_ids, write_pages) -> None:
    folder = tmp_path / "news"
    pages = write_pages(folder)
    # A page saved under a name a folder walk does not take, given explicitly.
    odd = folder / "dams.page"
    pages["dams.txt"].rename(odd)
    index_paths([odd, pages["derby.txt"]], index_dir)
    before = sorted(stored_ids(index_dir))
    report = index_paths([folder], index_dir)
    assert (report.removed, report.articles_removed) == (0, 0)
    assert ids_with_word(index_dir, markers["dams.txt"])
    assert set(before) <= set(stored_ids(index_dir))
    odd.unlink()  # once the file is gone, its articles go
    gone = index_paths([folder], index_dir)
    assert gone.removed == 1 and not ids_with_word(index_dir, markers["dams.txt"])
