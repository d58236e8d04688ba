"""The newsroom features at the command line: timeline, --facets, --all, --format, export, shell.

Each test indexes the newsroom stories (the ``build_newsroom`` fixture) and runs
``searcher.cli.app.main`` in this process.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest

from searcher.cli.app import main


class TerminalBuffer(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, build_newsroom) -> Path:
    import os

    home = tmp_path_factory.mktemp("newsroom-cli")
    os.environ["KHABAR_KEY_FILE"] = str(home / "index.key")
    return build_newsroom(home)


@pytest.fixture(autouse=True)
def _key(index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_KEY_FILE", str(index.parent / "index.key"))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def on_terminal(argv: list[str], monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str]) -> str:
    screen = TerminalBuffer()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setenv("COLUMNS", "100")
    assert main(argv) == 0
    capsys.readouterr()
    return re.sub(r"\x1b\[[0-9;]*m", "", screen.getvalue())  # styles off: the text alone


# --- timeline ------------------------------------------------------------------------------

def test_timeline_piped_is_period_start_count(index: Path, capsys: pytest.CaptureFixture[str]
                                              ) -> None:
    code, out, err = run(["timeline", "بازدید", "--by", "month", "--index", str(index)], capsys)
    assert code == 0
    assert out.splitlines() == ["بهمن ۱۴۰۳\t2025-01-20\t1", "اسفند ۱۴۰۳\t2025-02-19\t2",
                                "فروردین ۱۴۰۴\t2025-03-21\t1"]


def test_timeline_json(index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["timeline", "دریاچه", "ارومیه", "--by", "year", "--json",
                        "--index", str(index)], capsys)
    data = json.loads(out)
    assert code == 0 and data["query"] == "دریاچه ارومیه" and data["by"] == "year"
    assert [(b["label"], b["start"], b["end"], b["count"]) for b in data["buckets"]] == [
        ("۱۴۰۲", "2023-03-21", "2024-03-19", 5), ("۱۴۰۳", "2024-03-20", "2025-03-20", 3),
        ("۱۴۰۴", "2025-03-21", "2026-03-20", 1)]
    assert data["undated"] == 1


def test_timeline_on_a_terminal_draws_labelled_bars_with_bidi_on_and_off(
        index: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["timeline", "بازدید", "--by", "month", "--index", str(index)]
    logical = on_terminal(["--bidi", "off", *argv], monkeypatch, capsys)
    assert "اسفند ۱۴۰۳" in logical and "█" in logical
    visual = on_terminal(["--bidi", "on", *argv], monkeypatch, capsys)
    assert "۱۴۰۳ دنفسا" in visual  # reordered for a terminal that does not
    assert "█" in visual


def test_timeline_of_nothing_exits_1_and_a_bad_period_exits_2(
        index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["timeline", "پنگوئن", "--index", str(index)], capsys)[0] == 1
    code, _, err = run(["timeline", "بازدید", "--by", "hour", "--index", str(index)], capsys)
    assert code == 2 and "hint:" in err and "Traceback" not in err


# --- facets, --all ---------------------------------------------------------------------------

def test_search_json_has_facets_copies_and_both_totals(
        index: Path, capsys: pytest.CaptureFixture[str], copies, urmia_level) -> None:
    code, out, _ = run(["search", "تراز", "دریاچه", "ارومیه", "--facets", "--json",
                        "--index", str(index)], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["total_articles"] == data["total"] + len(copies)
    top = data["hits"][0]
    assert {c["id"] for c in top["copies"]} | {top["id"]} == \
        {urmia_level.id, *(c.id for c in copies)}
    assert all(set(c) == {"id", "source", "published"} for c in top["copies"])
    sources = {f["name"]: f["count"] for f in data["facets"]["source"]}
    assert sources["تسنیم"] == 1  # written «Tasnim» in its file
    assert {f["name"] for f in data["facets"]["year"]} <= {"1402", "1403", "1404"}


def test_all_shows_every_copy(index: Path, capsys: pytest.CaptureFixture[str], copies,
                              urmia_level) -> None:
    _, out, _ = run(["search", "تراز", "دریاچه", "--all", "--json", "--index", str(index)],
                    capsys)
    data = json.loads(out)
    assert data["total"] == data["total_articles"]
    assert {urmia_level.id, *(c.id for c in copies)} <= {h["id"] for h in data["hits"]}


def test_a_collapsed_hit_lists_its_copies_on_a_terminal(
        index: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    screen = on_terminal(["--bidi", "off", "search", "تراز دریاچه ارومیه", "--facets",
                          "--index", str(index)], monkeypatch, capsys)
    assert "+۳ از" in screen and "نخستین: ایرنا" in screen
    assert "agencies" in screen and "stories" in screen


# --- results out -----------------------------------------------------------------------------

def test_csv_round_trips_with_bom_and_quoting(index: Path, capsys: pytest.CaptureFixture[str]
                                              , newsroom_articles, urmia_level) -> None:
    code, out, _ = run(["search", "دریاچه ارومیه", "--format", "csv", "--all-pages", "--all",
                        "--index", str(index)], capsys)
    assert code == 0 and out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    assert len(rows) == 10  # every matching article (--all: copies too)
    assert [r["rank"] for r in rows] == [str(n) for n in range(1, 11)]
    titles = {a.id: a.title for a in newsroom_articles}
    assert all(r["title"] == titles[r["id"]] for r in rows)
    level = next(r for r in rows if r["id"] == urmia_level.id)
    assert level["date"] == "2023-04-12" and level["date_jalali"] == "1402/01/23"
    assert level["source"] == "ایرنا"


def test_csv_quotes_commas_quotes_and_line_breaks() -> None:
    from searcher.output.hit_table import write_rows

    out = io.StringIO()
    rows = [{"a": 'گفت: «سلام»، "نقل" قول', "b": "سطر یک\nسطر دو"}, {"a": "=1+1", "b": 2}]
    assert write_rows(out, "csv", ("a", "b"), rows) == 2
    text = out.getvalue()
    assert "\r\n" in text and '"گفت: «سلام»، ""نقل"" قول"' in text
    back = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert back == [["a", "b"], ['گفت: «سلام»، "نقل" قول', "سطر یک\nسطر دو"], ["'=1+1", "2"]]


def test_tsv_and_jsonl_write_one_row_a_line(index: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    _, tsv, _ = run(["search", "دریاچه ارومیه", "--format", "tsv", "--all-pages",
                     "--index", str(index)], capsys)
    lines = tsv.splitlines()
    assert lines[0].split("\t")[:4] == ["rank", "id", "date_jalali", "date"]
    assert all(len(line.split("\t")) == 9 for line in lines)
    _, jsonl, _ = run(["search", "دریاچه ارومیه", "--format", "jsonl", "--limit", "2",
                       "--index", str(index)], capsys)
    rows = [json.loads(line) for line in jsonl.splitlines()]
    assert [r["rank"] for r in rows] == [1, 2]


def test_export_csv_keeps_the_files_spelling_and_adds_the_agency(
        index: Path, capsys: pytest.CaptureFixture[str], copies, newsroom_articles,
        urmia_level) -> None:
    code, out, _ = run(["export", "--format", "csv", "--index", str(index)], capsys)
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    assert code == 0 and len(rows) == len(newsroom_articles)
    tasnim = next(r for r in rows if r["id"] == copies[2].id)
    assert (tasnim["source"], tasnim["agency"]) == ("Tasnim", "تسنیم")
    assert "\n" in next(r for r in rows if r["id"] == urmia_level.id)["body"]


def test_an_unknown_format_is_one_error_line(index: Path, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    code, out, err = run(["search", "دریاچه", "--format", "xlsx", "--index", str(index)], capsys)
    assert code == 2 and out == "" and "csv, tsv or jsonl" in err


# --- the shell -------------------------------------------------------------------------------

def _shell(index: Path):
    from searcher.cli.shell import Shell
    from searcher.index.opened import OpenedIndex
    from searcher.output.render import Environment

    env = Environment(io.StringIO(), io.StringIO(), is_tty=False, env={}, width=100, bidi="off")
    return Shell(OpenedIndex(index), env, read=lambda _prompt: ":quit")


def test_shell_all_toggles_every_copy(index: Path, copies, urmia_level) -> None:
    shell = _shell(index)
    shell.handle("تراز دریاچه ارومیه")
    story = {urmia_level.id, *(c.id for c in copies)}
    assert len(story & {h.id for h in shell.state.result.hits}) == 1
    shell.handle(":all")
    assert story <= {h.id for h in shell.state.result.hits}
    shell.handle(":all")
    assert len(story & {h.id for h in shell.state.result.hits}) == 1


def test_shell_facets_and_timeline_of_the_current_query(index: Path) -> None:
    shell = _shell(index)
    shell.handle(":timeline")
    assert "type a query first" in shell.env.stdout.getvalue()
    shell.handle("بازدید")
    shell.handle(":facets")
    out = shell.env.stdout.getvalue()
    assert "source\tایرنا\t2" in out and "source\tایسنا\t2" in out and "year\t1403\t3" in out
    shell.handle(":timeline month")
    assert "اسفند ۱۴۰۳\t2025-02-19\t2" in shell.env.stdout.getvalue()
    shell.handle(":timeline hour")
    assert "use :timeline" in shell.env.stdout.getvalue()
