"""`khabar check` finds what is wrong with an index, and `khabar index` repairs every problem it
reports: corrupt, check, re-index, check (issue 9, item 2). Every other command meets a damaged
index with one line naming `khabar check`, never a traceback."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from searcher.cli.app import main
from searcher.index.check import check_index
from searcher.index.manifest import MANIFEST_FILE
from searcher.index.run import index_paths


def segment(index_dir: Path) -> Path:
    return sorted(index_dir.glob("MAIN_*.seg"), key=lambda p: p.stat().st_size)[-1]


def truncate_segment(index_dir: Path) -> None:
    path = segment(index_dir)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def flip_toc_byte(index_dir: Path) -> None:
    (toc,) = index_dir.glob("_MAIN_*.toc")
    data = bytearray(toc.read_bytes())
    data[len(data) // 2] ^= 0x10
    toc.write_bytes(bytes(data))


def delete_segment(index_dir: Path) -> None:
    segment(index_dir).unlink()


def delete_manifest(index_dir: Path) -> None:
    (index_dir / MANIFEST_FILE).unlink()


def _manifest(index_dir: Path, *statements: tuple[str, tuple]) -> None:
    db = sqlite3.connect(index_dir / MANIFEST_FILE)
    with db:
        for sql, args in statements:
            db.execute(sql, args)
    db.close()


def orphan_an_article(index_dir: Path) -> None:
    """The manifest forgets which file gave one article: the index holds an orphan."""
    _manifest(index_dir, ("DELETE FROM file_articles WHERE id = "
                          "(SELECT id FROM file_articles ORDER BY id LIMIT 1)", ()))


def list_a_missing_article(index_dir: Path) -> None:
    _manifest(index_dir,
              ("INSERT INTO articles (id, content) VALUES (?, ?)", ("feedfacefeedface", "x")),
              ("INSERT INTO file_articles (path, id) SELECT path, ? FROM files LIMIT 1",
               ("feedfacefeedface",)))


def manifest_misses_the_last_commit(index_dir: Path) -> None:
    _manifest(index_dir, ("UPDATE meta SET value = value - 1 WHERE name = 'generation'", ()))


CORRUPTIONS: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated segment": (truncate_segment, "changed size since it was signed"),
    "flipped TOC byte": (flip_toc_byte, "same size, other bytes"),
    "missing segment file": (delete_segment, "is missing"),
    "missing manifest": (delete_manifest, "manifest.sqlite is missing"),
    "orphan article": (orphan_an_article, "given by no file (orphans)"),
    "manifest lists a missing article": (list_a_missing_article,
                                         "the manifest lists are not in the index"),
    "manifest misses the last commit": (manifest_misses_the_last_commit,
                                        "the last batch is not recorded"),
}


@pytest.fixture
def indexed(tmp_path: Path, write_generated, write_pages) -> tuple[Path, Path]:
    news = tmp_path / "news"
    write_pages(news)
    write_generated(news / "more", 30)
    index_paths([news], tmp_path / "index", batch_size=10)
    return news, tmp_path / "index"


def test_a_sound_index_checks_ok(indexed: tuple[Path, Path],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    _, index_dir = indexed
    assert main(["check", "--index", str(index_dir)]) == 0
    assert capsys.readouterr().out == "ok\n"
    assert main(["check", "--json", "--index", str(index_dir)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["problems"], report["articles"]) == (True, [], 36)


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_corrupt_check_reindex_check(indexed: tuple[Path, Path], name: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    news, index_dir = indexed
    clean = sorted(a for a in _export(index_dir, capsys))
    corrupt, says = CORRUPTIONS[name]
    corrupt(index_dir)
    assert main(["check", "--index", str(index_dir)]) == 2
    out, err = capsys.readouterr()
    assert any(says in line for line in out.splitlines()), out
    assert f"khabar index PATH --index {index_dir}" in err
    assert main(["check", "--json", "--index", str(index_dir)]) == 2
    assert json.loads(capsys.readouterr().out)["ok"] is False
    assert main(["index", str(news), "--index", str(index_dir)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert check_index(index_dir).problems == []
    assert sorted(_export(index_dir, capsys)) == clean, "the repaired index holds the same"


@pytest.mark.parametrize("name", ["truncated segment", "flipped TOC byte",
                                  "missing segment file"])
@pytest.mark.parametrize("argv", [["search", "تهران"], ["stats"], ["export"],
                                  ["show", "0123456789abcdef"], ["similar", "x"]],
                         ids=lambda argv: argv[0])
def test_every_command_meets_damage_with_one_line(indexed: tuple[Path, Path], name: str,
                                                  argv: list[str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _, index_dir = indexed
    CORRUPTIONS[name][0](index_dir)
    assert main([*argv, "--index", str(index_dir)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "khabar check" in line and "unexpected" not in line, line


def _export(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["export", "--index", str(index_dir)]) == 0
    return capsys.readouterr().out.splitlines()
