"""Issue 13, item 4: the command line reads the way people type it.

Several query arguments are one query, a query may start with ``-`` (``--`` ends the options),
and the global options (``--index``, ``--bidi``, ``--debug``) work before or after the command.
"""

from __future__ import annotations

import pytest

from searcher.cli.app import main
from searcher.cli.arguments import normalize

ELECTION = "انتخابات مجلس"


@pytest.fixture
def home(sample_home, monkeypatch: pytest.MonkeyPatch):
    sample_home.apply(monkeypatch)
    return sample_home


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("typed", "same_as"), [
    (["search", "انتخابات", "مجلس"], ["search", ELECTION]),  # several words: one query
    (["search", "مجلس", "-انتخابات"], ["search", "مجلس -انتخابات"]),  # an exclusion after
    (["search", "-انتخابات", "مجلس"], ["search", "-انتخابات مجلس"]),  # … and first
    (["search", "--", "-انتخابات", "مجلس"], ["search", "-انتخابات مجلس"]),  # -- ends options
    (["search", ELECTION, "--bidi", "off"], ["--bidi", "off", "search", ELECTION]),
    (["search", ELECTION, "--debug"], ["--debug", "search", ELECTION]),
    (["search", "انتخابات", "-n", "2", "مجلس"], ["search", ELECTION, "-n", "2"]),
])
def test_typed_forms_give_the_same_output(home, capsys: pytest.CaptureFixture[str],
                                          typed: list[str], same_as: list[str]) -> None:
    expected = _run(same_as, capsys)
    assert expected[0] in (0, 1) and expected[2] == ""
    assert _run(typed, capsys) == expected


def test_a_query_starting_with_minus_is_a_query_not_an_option(
        home, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["search", "-دلار", "نفت"], capsys)
    assert "No such option" not in err
    assert code in (0, 1)


def test_the_index_option_works_before_the_command(home, tmp_path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    after = _run(["search", ELECTION, "--index", str(home.index_dir)], capsys)
    before = _run(["--index", str(home.index_dir), "search", ELECTION], capsys)
    assert before == after and before[0] == 0
    missing = tmp_path / "nowhere"
    code, out, err = _run(["-i", str(missing), "stats"], capsys)
    assert (code, out) == (2, "") and f"no khabar index at {missing}" in err


@pytest.mark.parametrize(("argv", "hint"), [
    (["search", ELECTION, "--colour"], "khabar search --help"),
    (["search", "-x"], "after --"),
])
def test_a_bad_option_says_what_to_do_instead(home,
                                              capsys: pytest.CaptureFixture[str],
                                              argv: list[str], hint: str) -> None:
    code, out, err = _run(argv, capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and hint in err.split("(hint: ", 1)[1]


@pytest.mark.parametrize(("argv", "normal"), [
    (["search", "a", "b"], ["search", "--", "a", "b"]),
    (["search", "a", "--bidi=on"], ["--bidi=on", "search", "--", "a"]),
    (["--index", "D", "stats"], ["stats", "--index", "D"]),
    (["stats", "--json", "--debug"], ["--debug", "stats", "--json"]),
    (["search", "--limit", "3", "-دلار"], ["search", "--limit", "3", "--", "-دلار"]),
    (["search", "a", "--", "--json"], ["search", "--", "a", "--json"]),
    (["--help"], ["--help"]),
    (["serch", "x"], ["serch", "x"]),  # unknown command: click says so
])
def test_normalize(argv: list[str], normal: list[str]) -> None:
    import typer

    from searcher.cli.app import app

    assert normalize(argv, typer.main.get_command(app)) == normal


def test_a_page_past_the_end_is_a_note_and_exit_1(home,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 13, item 10."""
    code, out, err = _run(["search", ELECTION, "--page", "999"], capsys)
    assert (code, out) == (1, "")
    assert "khabar: warning: page 999 is past the last page (" in err
