"""The CLI's contract with scripts and people: exit codes, JSON that parses, pipes without escape
codes, hostile article text that stays text, NO_COLOR, --bidi, warnings, and the first run.

Most tests call ``searcher.cli.app.main(argv)`` in this process (stdout is a pipe there, or a
StringIO that says it is a terminal); a few run the installed ``khabar`` as a child process.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from searcher.cli.app import main
from searcher.rank.search import search

# pexpect forks a pty child that execs at once; xdist's threads make Python warn about forking.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")

ELECTION = "انتخابات مجلس"
NOTHING = "پنگوئن"  # in no sample article
HOSTILE_TITLE = "\x1b[31mهشدار\x1b[0m [bold]تورم[/bold] [link=http://x]بازار[/link]"
CLEAN_TITLE = "هشدار [bold]تورم[/bold] [link=http://x]بازار[/link]"
HOSTILE_BODY = ("نرخ تورم \x1b[1m[bold]ماهانه[/bold]\x1b[0m به پنج درصد رسید. "
                "\x1b]8;;http://evil.example\x1b\\گزارش کامل\x1b]8;;\x1b\\ "  # OSC 8 link
                "[link=http://x]اینجا[/link]")
_ESCAPE = re.compile(r"\x1b(?!\[[0-9;]*m)")  # any escape that is not a plain SGR style


class TerminalBuffer(io.StringIO):
    """A stdout that says it is a terminal, as a person's would."""

    def isatty(self) -> bool:
        return True


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _run_on_terminal(argv: list[str], monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    screen = TerminalBuffer()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "100")
    code = main(argv)
    capsys.readouterr()
    return code, screen.getvalue()


@pytest.fixture
def home(sample_home, monkeypatch: pytest.MonkeyPatch):
    sample_home.apply(monkeypatch)
    monkeypatch.setenv("KHABAR_JOBS", "1")
    return sample_home


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory: pytest.TempPathFactory, make_home):
    """An index of one article whose title and body try escapes, markup and hyperlinks."""
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    record = {"title": HOSTILE_TITLE, "body": HOSTILE_BODY, "source": "خبرگزاری آزمون",
              "date": "2024-01-10T10:00:00+03:30"}
    (corpus / "hostile.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    return make_home(tmp_path_factory.mktemp("khabar-hostile"), corpus)


@pytest.fixture
def first_id(home) -> str:
    return search(home.index_dir, ELECTION).hits[0].id


# --- exit codes --------------------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "code"), [
    (["search", ELECTION], 0),  # something matched
    (["search", NOTHING], 1),  # nothing did, like grep
    (["search", ELECTION, "--colour"], 2),  # no such option
    (["serch", ELECTION], 2),  # no such command
    (["search"], 2),  # missing query
    (["search", ELECTION, "--limit", "0"], 2),  # below the minimum
    (["search", ELECTION, "--sort", "size"], 2),  # unknown sort
    (["search", ELECTION, "--since", "junk"], 2),  # not a date
    (["search", ELECTION, "--until", "1402/13/01"], 2),  # no thirteenth month
    (["--bidi", "sideways", "search", ELECTION], 2),  # bad --bidi
    (["show", "0000000000000000"], 2),  # unknown article
    (["export", "--format", "xlsx"], 2),  # unknown export format
])
def test_exit_codes(home, capsys: pytest.CaptureFixture[str], argv: list[str],
                    code: int) -> None:
    got, out, err = _run(argv, capsys)
    assert got == code
    if code == 2:  # one line on stderr with a hint, nothing on stdout
        assert out == ""
        assert err.count("\n") == 1 and err.startswith("khabar: error: ") and "(hint: " in err


@pytest.mark.parametrize("argv", [["search", ELECTION], ["stats"], ["show", "0123456789abcdef"]])
def test_a_missing_index_at_an_explicit_location_is_an_error(
        home, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        argv: list[str]) -> None:
    empty = tmp_path / "no-index-here"
    code, out, err = _run([*argv, "--index", str(empty)], capsys)
    assert (code, out) == (2, "")
    assert f"no khabar index at {empty}" in err
    assert not empty.exists()  # an explicit location is never filled with the sample


def test_a_bad_khabar_bidi_variable_is_an_error(home,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_BIDI", "rtl")
    code, out, err = _run(["search", ELECTION], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("khabar: error: KHABAR_BIDI must be one of auto, on, off")


# --- JSON, pipes -------------------------------------------------------------------------------

def _eval_files(home, first_id: str) -> list[str]:
    qrels, run = home.root / "qrels.txt", home.root / "run.txt"
    qrels.write_text(f"election-1 0 {first_id} 2\n", encoding="utf-8")
    run.write_text(f"election-1 Q0 {first_id} 1 3.5 khabar\n", encoding="utf-8")
    return [str(qrels), str(run)]


Argv = Callable[..., list[str]]  # (home, an article id) → arguments
JSON_COMMANDS: list[tuple[str, Argv, Callable[[object], bool]]] = [
    ("search", lambda h, i: ["search", ELECTION],
     lambda d: d["total"] > 0 and d["hits"][0]["snippet"]["highlights"]),
    ("similar", lambda h, i: ["similar", i, "-n", "3"], lambda d: 0 < len(d["hits"]) <= 3),
    ("show", lambda h, i: ["show", i], lambda d: d["id"] and d["title"]),
    ("stats", lambda h, i: ["stats"], lambda d: d["articles"] > 0),
    ("analyze", lambda h, i: ["analyze", "كتابهاي تازه"],
     lambda d: [t["term"] for t in d] == ["کتاب", "تازه"]),
    ("index", lambda h, i: ["index", str(h.root / "corpus"), "--index", str(h.root / "ix2")],
     lambda d: d["index"].endswith("ix2")),
    ("eval", lambda h, i: ["eval", *_eval_files(h, i)], lambda d: d is not None),
]


@pytest.mark.parametrize(("name", "argv", "check"), JSON_COMMANDS,
                         ids=[command[0] for command in JSON_COMMANDS])
def test_json_of_every_data_command_parses(home, first_id: str, name: str,
                                           argv: Argv, check: Callable[[object], bool],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    corpus = home.root / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "خبر.txt").write_text("بارش برف در تهران\n\nمدارس تهران فردا تعطیل است.\n",
                                    encoding="utf-8")
    code, out, err = _run([*argv(home, first_id), "--json"], capsys)
    assert code == 0, err
    assert out.count("\n") == 1  # one JSON document
    assert check(json.loads(out))


def test_export_writes_one_json_object_a_line(home,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["export"], capsys)
    articles = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(articles) == json.loads(_run(["stats", "--json"], capsys)[1])[
        "articles"]


@pytest.mark.parametrize("argv", [
    ["search", ELECTION, "--snippet"], ["similar", "{id}"], ["show", "{id}"], ["stats"],
    ["analyze", "می روند"], ["search", "«" + ELECTION],
])
def test_piped_output_has_no_escape_codes(home, first_id: str, argv: list[str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run([a.replace("{id}", first_id) for a in argv], capsys)
    assert code == 0 and out
    assert "\x1b" not in out + err


def test_piped_search_lines_are_rank_id_date_source_title(
        home, capsys: pytest.CaptureFixture[str]) -> None:
    expected = search(home.index_dir, ELECTION)
    _, out, _ = _run(["search", ELECTION], capsys)
    rows = [line.split("\t") for line in out.splitlines()]
    assert [row[:2] for row in rows] == [[str(h.rank), h.id] for h in expected.hits]
    assert all(len(row) == 6 and re.fullmatch(r"\d{4}-\d\d-\d\d", row[2]) for row in rows)
    _, out, _ = _run(["search", ELECTION, "--snippet"], capsys)
    first_line = out.splitlines()[0]
    assert first_line.split("\t")[5] == expected.hits[0].snippet.text


def test_a_real_pipe_gets_plain_lines_and_a_terminal_gets_styles(home, khabar_command,
                                                                 without_sgr) -> None:
    argv = khabar_command("search", ELECTION)
    piped = subprocess.run(argv, env=home.environ(), capture_output=True, text=True,
                           encoding="utf-8", timeout=60, check=False)
    assert piped.returncode == 0
    assert "\x1b" not in piped.stdout + piped.stderr
    assert all(line.count("\t") == 5 for line in piped.stdout.splitlines())
    nothing = subprocess.run(khabar_command("search", NOTHING), env=home.environ(),
                             capture_output=True, timeout=60, check=False)
    assert (nothing.returncode, nothing.stdout) == (1, b"")

    terminal = pexpect.spawn(argv[0], argv[1:], env=home.environ(TERM="xterm-256color"),
                             encoding="utf-8", timeout=60, dimensions=(40, 100))
    screen = terminal.read()
    terminal.close()
    assert terminal.exitstatus == 0
    assert "\x1b[" in screen and "results for «" in without_sgr(screen)


# --- untrusted text ----------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["search", "show"])
def test_hostile_title_in_json_round_trips_as_data(hostile_home, command: str,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    hostile_home.apply(monkeypatch)
    argv = ["search", "تورم"] if command == "search" else ["show", _hostile_id(hostile_home)]
    _, out, _ = _run([*argv, "--json"], capsys)
    data = json.loads(out)
    title = data["hits"][0]["title"] if command == "search" else data["title"]
    assert title == HOSTILE_TITLE  # the stored text, unchanged
    assert "\x1b" not in out  # written as \u001b, which no terminal acts on


@pytest.mark.parametrize("command", ["search", "show"])
def test_hostile_title_piped_is_stripped_of_escapes_and_keeps_brackets(
        hostile_home, command: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    hostile_home.apply(monkeypatch)
    argv = ["search", "تورم", "--snippet"] if command == "search" else [
        "show", _hostile_id(hostile_home)]
    _, out, _ = _run(argv, capsys)
    assert "\x1b" not in out
    assert CLEAN_TITLE in out
    assert "[link=http://x]اینجا[/link]" in out and "[bold]ماهانه[/bold]" in out


@pytest.mark.parametrize("bidi", ["off", "on"])
@pytest.mark.parametrize("command", ["search", "show"])
def test_hostile_title_on_a_terminal_prints_its_brackets_never_their_styles(
        hostile_home, command: str, bidi: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], sgr_codes, without_sgr) -> None:
    hostile_home.apply(monkeypatch)
    argv = ["search", "تورم"] if command == "search" else ["show", _hostile_id(hostile_home)]
    code, screen = _run_on_terminal(["--bidi", bidi, *argv], monkeypatch, capsys)
    assert code == 0
    assert not _ESCAPE.search(screen)  # no hyperlink (OSC 8), no cursor moves: styles only
    assert 31 not in sgr_codes(screen)  # the article's red never reaches the terminal
    # Title and body hold eight bracketed tags between them; read as markup they would vanish.
    # --bidi on moves and mirrors the brackets around the Latin runs but keeps every one.
    text = without_sgr(screen)
    assert text.count("[") + text.count("]") == 16
    assert (text.count("bold"), text.count("link=http://x")) == (4, 2)
    if bidi == "off":
        assert CLEAN_TITLE in text


def _hostile_id(home) -> str:
    return search(home.index_dir, "تورم").hits[0].id


# --- colour, bidi, warnings --------------------------------------------------------------------

def test_no_color_drops_colours_but_keeps_bold(home,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str], is_colour,
                                               sgr_codes, without_sgr) -> None:
    _, coloured = _run_on_terminal(["search", ELECTION], monkeypatch, capsys)
    assert any(is_colour(code) for code in sgr_codes(coloured))
    monkeypatch.setenv("NO_COLOR", "1")
    _, plain = _run_on_terminal(["search", ELECTION], monkeypatch, capsys)
    codes = sgr_codes(plain)
    assert 1 in codes and not any(is_colour(code) for code in codes)
    assert without_sgr(plain) == without_sgr(coloured)


def _rtl_title(home) -> str:
    title = search(home.index_dir, ELECTION).hits[0].title
    assert re.fullmatch(r"[\u0600-\u06ff\u200c ]+", title)  # reversal is then plain [::-1]
    return title


@pytest.mark.parametrize(("argv", "variable", "reordered"), [
    (["--bidi", "on"], None, True),
    (["--bidi", "off"], None, False),
    ([], "on", True),  # KHABAR_BIDI=on
    (["--bidi", "off"], "on", False),  # the option wins over the variable
])
def test_bidi_on_reorders_the_title_on_a_terminal(
        home, argv: list[str], variable: str | None, reordered: bool,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], without_sgr) -> None:
    title = _rtl_title(home)
    if variable:
        monkeypatch.setenv("KHABAR_BIDI", variable)
    _, screen = _run_on_terminal([*argv, "search", ELECTION], monkeypatch, capsys)
    text = without_sgr(screen)
    assert (title[::-1] in text, title in text) == (reordered, not reordered)


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_bidi_on_leaves_pipes_and_json_in_logical_order(
        home, json_flag: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    title = _rtl_title(home)
    _, out, _ = _run(["--bidi", "on", "search", ELECTION, *json_flag], capsys)
    assert title in (json.loads(out)["hits"][0]["title"] if json_flag else out)
    assert title[::-1] not in out


def test_warnings_go_to_stderr_when_piped_and_into_json(
        home, capsys: pytest.CaptureFixture[str]) -> None:
    malformed = "«" + ELECTION  # the guillemet is never closed
    code, out, err = _run(["search", malformed], capsys)
    assert code == 0
    assert all(line.count("\t") == 5 for line in out.splitlines())
    assert err.startswith("khabar: warning: ")
    code, out, err = _run(["search", malformed, "--json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["warnings"]


# --- first run ---------------------------------------------------------------------------------

def test_first_search_on_a_fresh_machine_indexes_the_sample_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], make_home) -> None:
    fresh = make_home(tmp_path, corpus=None)
    fresh.apply(monkeypatch, with_index=False)
    code, out, err = _run(["search", ELECTION], capsys)
    default = tmp_path / "data" / "khabar" / "index"
    assert code == 0 and out
    assert "no index yet; indexing the sample corpus" in err and str(default) in err
    assert re.search(r"khabar: indexed \d+ articles", err)
    code, _, err = _run(["search", ELECTION], capsys)
    assert (code, err) == (0, "")  # only once


def _as_if_an_older_khabar_wrote(index_dir: Path) -> None:
    """Mark ``index_dir`` as format 12 and sign it, as the khabar before format 13 left it."""
    from searcher.index import trust
    from searcher.index.format import FORMAT_FILE

    (index_dir / FORMAT_FILE).write_text("12\n", encoding="ascii")
    trust.sign(index_dir)


@pytest.fixture
def old_sample_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str], make_home) -> Path:
    """The default location, where a first search indexed the sample corpus, as an older
    khabar left it."""
    make_home(tmp_path, corpus=None).apply(monkeypatch, with_index=False)
    assert _run(["search", ELECTION], capsys)[0] == 0
    default = tmp_path / "data" / "khabar" / "index"
    _as_if_an_older_khabar_wrote(default)
    return default


def test_a_sample_index_an_older_khabar_built_is_built_again(
        old_sample_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from searcher.index.format import INDEX_FORMAT, stored_format

    default = old_sample_index
    code, out, err = _run(["search", ELECTION], capsys)
    assert code == 0 and out
    assert "older khabar" in err and "indexing the sample corpus" in err and str(default) in err
    assert stored_format(default) == INDEX_FORMAT
    assert [p.name for p in default.parent.iterdir()] == ["index"]  # nothing left beside it
    assert _run(["search", ELECTION], capsys)[::2] == (0, "")


def test_an_older_default_index_of_the_users_own_articles_is_refused_untouched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], make_home) -> None:
    make_home(tmp_path, corpus=None).apply(monkeypatch, with_index=False)
    own = tmp_path / "desk"
    own.mkdir()
    (own / "a.json").write_text(json.dumps(
        {"id": "desk-1", "title": "انتخابات مجلس در تهران", "body": "نامزدهای انتخابات مجلس "
         "امروز فهرست خود را اعلام کردند.", "source": "ایرنا"}, ensure_ascii=False),
        encoding="utf-8")
    default = tmp_path / "data" / "khabar" / "index"
    assert _run(["index", str(own), "--index", str(default)], capsys)[0] == 0
    _as_if_an_older_khabar_wrote(default)
    before = {p.name: p.read_bytes() for p in default.iterdir()}
    code, out, err = _run(["search", ELECTION], capsys)
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and "older khabar" in err
    assert f"khabar index PATH --index {default}" in err
    assert {p.name: p.read_bytes() for p in default.iterdir()} == before


def test_a_search_rebuilding_the_old_sample_index_while_another_does_still_answers(
        old_sample_index: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # The other process has moved the old index aside (to swap its own in) while this one was
    # still building: nothing to move aside here, this one's goes in.
    from searcher.index import run
    from searcher.index.format import INDEX_FORMAT, stored_format

    default = old_sample_index
    real = run.index_paths

    def meanwhile_the_other_process(paths, index_dir, *args, **kwargs):
        report = real(paths, index_dir, *args, **kwargs)
        default.rename(default.with_name("index.gone"))
        return report

    monkeypatch.setattr(run, "index_paths", meanwhile_the_other_process)
    code, out, err = _run(["search", ELECTION], capsys)
    assert code == 0 and out and "Traceback" not in err
    assert stored_format(default) == INDEX_FORMAT
    assert sorted(p.name for p in default.parent.iterdir()) == ["index", "index.gone"]
