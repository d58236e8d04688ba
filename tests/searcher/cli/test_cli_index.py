"""`khabar index`, `stats`, `export` and `show` through the CLI entry point: exit codes,
stdout and stderr apart, and where the index lives."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from searcher.article import Article
from searcher.cli.app import main


@pytest.fixture
def folder(tmp_path: Path, write_crawl, write_pages) -> Path:
    write_pages(tmp_path / "news")
    write_crawl(tmp_path / "news" / "crawl.json")
    return tmp_path / "news"


@pytest.fixture
def index_dir(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["index", str(folder), "--index", str(tmp_path / "index")]) == 0
    capsys.readouterr()
    return tmp_path / "index"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_prints_a_summary_on_stderr(folder: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "index", str(folder), "--index", str(tmp_path / "ix"))
    assert (code, out) == (0, "")
    assert "files: 7 new, 0 updated, 0 removed, 0 unchanged, 0 skipped" in err
    assert "articles: 8 written" in err


def test_index_json_report(folder: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "empty.txt").write_bytes(b"")
    code, out, _ = run(capsys, "index", str(folder), "--index", str(tmp_path / "ix"), "--json")
    report = json.loads(out)
    assert code == 0
    assert (report["new"], report["articles_written"]) == (7, 8)
    assert report["skipped"] == [{"path": str(folder.resolve() / "empty.txt"),
                                  "reason": "empty file (no text to index)"}]
    assert report["index"] == str(tmp_path / "ix")


@pytest.mark.parametrize("value", ["0", "-5", "many", "2.5"])
def test_bad_batch_size_in_the_environment_is_one_error_line(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], value: str) -> None:
    monkeypatch.setenv("KHABAR_BATCH", value)
    code, _, err = run(capsys, "index", str(folder), "--index", str(tmp_path / "ix"))
    assert code == 2
    assert err.count("\n") == 1 and "KHABAR_BATCH" in err


def test_index_of_a_missing_folder_is_an_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "index", str(tmp_path / "nowhere"), "--index",
                       str(tmp_path / "ix"))
    assert code == 2
    assert err.startswith("khabar: error: no such file or folder") and err.count("\n") == 1


def test_stats_json(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", "--index", str(index_dir), "--json")
    stats = json.loads(out)
    assert code == 0
    assert stats["articles"] == 8
    # ایرنا in dams.txt, ايرنا (Arabic yeh) in metro.txt: one agency, shown by one spelling.
    irna = [name for name in stats["sources"] if name.replace("ي", "ی") == "ایرنا"]
    assert len(irna) == 1 and stats["sources"][irna[0]] == 2
    assert stats["sources"]["ایسنا"] == 2
    assert sum(stats["sources"].values()) == 8
    assert stats["first"] == "2022-10-30T14:40:00+03:30", "metro.txt, 8 Aban 1401"
    assert stats["last"] == "2024-01-02T07:30:00+03:30", "the crawl's snow story"
    assert stats["undated"] == 1, "bookfair.txt is plain text without a date"
    assert stats["index_bytes"] > 10_000
    assert stats["index_dir"] == str(index_dir)


def test_export_gives_one_json_object_a_line(index_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--index", str(index_dir), "--format", "jsonl")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 8
    records = [json.loads(line) for line in lines]
    fields = {f.name for f in dataclasses.fields(Article)} - {"date_only"}  # in "published"
    assert all(set(record) == fields for record in records)
    assert len({record["id"] for record in records}) == 8
    assert "سدهای تهران" in out and "\\u06" not in out, "Persian text unescaped"
    snow = next(r for r in records if r["id"] == "crawl-0001")
    assert Article.from_json(snow).tags == ("راه", "برف")
    assert snow["published"] == "2024-01-02T07:30:00+03:30"


def test_export_round_trips_every_article(index_dir: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "export", "--index", str(index_dir))
    for line in out.splitlines():
        record = json.loads(line)
        assert Article.from_json(record).to_json() == record


def test_export_of_an_unknown_format_is_an_error(index_dir: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--index", str(index_dir), "--format", "xml")
    assert (code, out) == (2, "")
    assert "--format jsonl, csv or tsv" in err and err.count("\n") == 1


def test_show_json(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "crawl-0001", "--index", str(index_dir), "--json")
    article = json.loads(out)
    assert code == 0
    assert article["title"] == "بارش برف راه‌های کوهستانی مازندران را بست"
    assert article["url"] == "https://news.example/snow-chalus"
    assert article["source"] == "ایسنا"


def test_show_of_an_unknown_id_is_an_error_with_a_hint(index_dir: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    code, out, err = run(capsys, "show", "0000000000000000", "--index", str(index_dir))
    assert (code, out) == (2, "")
    assert err.startswith("khabar: error: no article with id '0000000000000000'")
    assert "(hint: " in err and err.count("\n") == 1


def test_show_without_an_index_says_how_to_build_one(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "crawl-0001", "--index", str(tmp_path / "none"))
    assert code == 2
    assert "no khabar index at" in err and "khabar index" in err


# --- where the index lives: --index, else $KHABAR_INDEX, else the user data directory -------

def indexed_at(capsys: pytest.CaptureFixture[str], folder: Path, *option: str) -> Path:
    code, _, err = run(capsys, "index", str(folder.resolve() / "dams.txt"), *option)
    assert code == 0, err
    return Path(next(line for line in err.splitlines() if line.startswith("index: "))[7:])


def test_index_option_wins_over_the_environment(folder: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KHABAR_INDEX", str(tmp_path / "from-env"))
    assert indexed_at(capsys, folder, "--index", str(tmp_path / "from-option")) == \
        tmp_path / "from-option"
    assert not (tmp_path / "from-env").exists()
    assert run(capsys, "stats", "--index", str(tmp_path / "from-option"))[0] == 0


def test_environment_wins_over_the_data_directory(folder: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KHABAR_INDEX", str(tmp_path / "from-env"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert indexed_at(capsys, folder) == tmp_path / "from-env"
    assert not (tmp_path / "data").exists()
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["index_dir"] == str(tmp_path / "from-env")


def test_user_data_directory_is_the_default(folder: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("KHABAR_INDEX")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert indexed_at(capsys, folder) == tmp_path / "data" / "khabar" / "index"
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["articles"] == 1
