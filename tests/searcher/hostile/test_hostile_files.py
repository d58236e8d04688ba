"""Hostile files: each is skipped with a reason, or indexed with what is good in it, and never
costs a neighbouring good file (issue 9, the second trial)."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from searcher.index.opened import OpenedIndex
from searcher.index.run import IndexReport, index_paths
from searcher.rank.search import search

GOOD = "خبرگزاری ایرنا: نرخ تورم نقطه به نقطه در آبان به سی و پنج درصد رسید.\n"
SECRET = "root:x:0:0:root:/root:/bin/bash گذرواژه\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one good article, the neighbour every hostile file must not cost."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail instead of hanging forever (a FIFO opened for reading waits for a writer)."""
    def timeout(*_: object) -> None:
        raise TimeoutError("indexing hung")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _index(folder: Path, tmp_path: Path, **options: object) -> IndexReport:
    return index_paths([folder], tmp_path / "index", jobs=0, **options)  # type: ignore[arg-type]


def _found(tmp_path: Path, query: str) -> int:
    with OpenedIndex(tmp_path / "index") as opened:
        return search(opened, query).total


def _reason(report: IndexReport, name: str) -> str:
    found = [s.reason for s in report.skipped if os.path.basename(s.path) == name]
    assert found, f"{name} not reported: {report.skipped}"
    return found[0]


@pytest.mark.parametrize(("make", "name", "reason"), [
    (os.mkfifo, "pipe.txt", "a named pipe (FIFO), not a regular file: not read"),
], ids=["fifo"])
def test_a_special_file_is_skipped_unread(folder: Path, tmp_path: Path, no_hang: None,
                                          make: object, name: str, reason: str) -> None:
    make(folder / name)  # type: ignore[operator]
    report = _index(folder, tmp_path)
    assert _reason(report, name) == reason
    assert _found(tmp_path, "تورم") == 1


def test_a_socket_is_skipped_unread(folder: Path, tmp_path: Path, no_hang: None) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(folder / "s.txt"))
        report = _index(folder, tmp_path)
    assert _reason(report, "s.txt") == "a socket, not a regular file: not read"
    assert _found(tmp_path, "تورم") == 1


def test_a_symlink_loop_is_skipped(folder: Path, tmp_path: Path) -> None:
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    report = _index(folder, tmp_path)
    assert "symbolic link loop" in _reason(report, "a.txt")
    assert "symbolic link loop" in _reason(report, "b.txt")
    assert _found(tmp_path, "تورم") == 1


def test_an_undecodable_file_name_keeps_its_article(folder: Path, tmp_path: Path) -> None:
    name = os.fsencode(folder) + b"/bad\xffname.txt"
    with open(name, "wb") as handle:
        handle.write(GOOD.replace("تورم", "صادرات").encode("utf-8"))
    report = _index(folder, tmp_path)
    assert (report.new, report.skipped) == (2, [])
    assert _found(tmp_path, "صادرات") == 1
    again = _index(folder, tmp_path)  # the manifest kept the name: nothing to do
    assert (again.new, again.unchanged, again.articles_written) == (0, 2, 0)
    os.remove(name)
    gone = _index(folder, tmp_path)
    assert (gone.removed, gone.articles_removed) == (1, 1)


def test_json_nested_100000_deep_is_skipped(folder: Path, tmp_path: Path) -> None:
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "deep.jsonl").write_text('{"title": "خبر"}\n' + "[" * 100_000 + "\n",
                                       encoding="utf-8")
    report = _index(folder, tmp_path)
    assert "nested too deeply" in _reason(report, "deep.json")
    assert any("deep.jsonl:2: " in p and "nested too deeply" in p for p in report.problems)
    assert _found(tmp_path, "تورم") == 1


def test_a_symlink_out_of_the_folders_is_not_followed(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text(SECRET, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    report = _index(folder, tmp_path)
    assert _reason(report, "passwd.txt") == (
        f"a symbolic link to {secret}, outside the folders given: not followed "
        "(--follow-symlinks follows it)")
    assert _found(tmp_path, "گذرواژه") == 0 and _found(tmp_path, "تورم") == 1


def test_follow_symlinks_follows_it(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text(SECRET, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    report = _index(folder, tmp_path, follow_symlinks=True)
    assert report.skipped == [] and _found(tmp_path, "گذرواژه") == 1


def test_a_symlink_inside_the_folders_is_followed(folder: Path, tmp_path: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "other.txt").write_text(GOOD.replace("تورم", "واردات"), encoding="utf-8")
    (folder / "link.txt").symlink_to(folder / "sub" / "other.txt")
    report = _index(folder, tmp_path)
    assert report.skipped == [] and _found(tmp_path, "واردات") == 1


def test_one_bad_byte_in_100_kb_keeps_the_file(folder: Path, tmp_path: Path) -> None:
    text = ("کاهش نرخ سود\n\n" + "بانک مرکزی امروز از کاهش نرخ سود سپرده خبر داد.\n" * 2_500
            + "در پایان، وزیر اقتصاد از صادرات پسته گفت.\n")
    data = bytearray(text.encode("utf-8"))
    assert len(data) > 100_000
    data[50_001] = 0xFF
    (folder / "damaged.txt").write_bytes(bytes(data))
    report = _index(folder, tmp_path)
    assert report.skipped == []
    assert any(p.startswith(f"{folder / 'damaged.txt'}: undecodable bytes replaced")
               and "byte offset 50000" in p for p in report.problems)
    assert _found(tmp_path, "پسته") == 1  # the text after the bad byte is indexed


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(folder: Path, tmp_path: Path, codec: str) -> None:
    (folder / "u16.txt").write_bytes(GOOD.replace("تورم", "پتروشیمی").encode(codec))
    report = _index(folder, tmp_path)
    assert report.skipped == [] and _found(tmp_path, "پتروشیمی") == 1


def test_a_nul_line_in_json_lines_costs_that_line_only(folder: Path, tmp_path: Path) -> None:
    records = [{"id": "steel", "title": "فولاد", "body": "تولید فولاد بیشتر شد"},
               {"id": "copper", "title": "مس", "body": "تولید مس کمتر شد"}]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    (folder / "a.jsonl").write_text(f"{lines[0]}\n\x00\n{lines[1]}\n", encoding="utf-8")
    report = _index(folder, tmp_path)
    assert report.skipped == []
    assert [p.split(": ", 1)[0].rsplit("/", 1)[1] for p in report.problems] == ["a.jsonl:2"]
    assert _found(tmp_path, "فولاد") == _found(tmp_path, "مس") == 1


def test_the_cli_reports_a_link_it_does_not_follow(folder: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from searcher.cli.app import main

    secret = tmp_path / "passwd"
    secret.write_text(SECRET, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    assert main(["index", str(folder), "--index", str(tmp_path / "index")]) == 0
    err = capsys.readouterr().err
    assert f"skipped {folder / 'passwd.txt'}: a symbolic link to {secret}" in err
    assert main(["index", str(folder), "--index", str(tmp_path / "index"),
                 "--follow-symlinks"]) == 0
    assert _found(tmp_path, "گذرواژه") == 1


def test_a_line_over_the_limit_costs_that_line_only(folder: Path, tmp_path: Path) -> None:
    """JSON Lines over the one-document cap is streamed; a line over it is skipped unread
    (the 200 MB single line of the file fuzzer held 2.5 GB before)."""
    good = json.dumps({"id": "tea", "title": "چای", "body": "برداشت چای لاهیجان"},
                      ensure_ascii=False)
    huge = json.dumps({"id": "big", "title": "خط بلند", "body": "نفت " * 800_000},
                      ensure_ascii=False)
    (folder / "big.jsonl").write_text(f"{huge}\n{good}\n", encoding="utf-8")
    report = _index(folder, tmp_path, max_bytes=1024 * 1024)
    assert report.skipped == []
    assert report.problems == [
        f"{folder / 'big.jsonl'}:1: a line over the 1 MiB limit for one article, skipped"]
    assert _found(tmp_path, "چای") == 1 and _found(tmp_path, "نفت") == 0
