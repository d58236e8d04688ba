"""The README and the built-in help stay true to the code: every command of the typer app is in
the README's command table and has help with a Persian example; every shell command is
documented; the README opens with exactly the two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from searcher.cli.app import app, main
from searcher.cli.shell import COMMANDS as SHELL_COMMANDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
CLI_COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
TABLE_ROW = re.compile(r"^\| `khabar ([a-z]+)\b[^`]*` \| *\S", re.MULTILINE)


def test_the_readme_opens_with_the_two_set_up_commands() -> None:
    first_block = re.search(r"^```[a-z]*\n(.*?)^```", README, re.MULTILINE | re.DOTALL)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert [command for command in commands if command] == ["make demo", "make test"]
    assert README.index("```") < README.index("\n## ")  # before any section


def test_the_command_table_lists_exactly_the_commands() -> None:
    assert set(TABLE_ROW.findall(README)) == set(CLI_COMMANDS)


@pytest.mark.parametrize("name", sorted(CLI_COMMANDS))
def test_every_command_has_help_with_a_persian_example(name: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert (CLI_COMMANDS[name].help or "").strip(), f"khabar {name} has no help text"
    assert main([name, "--help"]) == 0
    shown = capsys.readouterr().out
    examples = [line for line in shown.splitlines() if "Example:" in line]
    assert examples, f"khabar {name} --help shows no example"
    assert ARABIC_SCRIPT.search(" ".join(examples)), f"khabar {name}'s example is not Persian"


def test_the_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    listed = re.findall(r"^  ([a-z]+) ", capsys.readouterr().out, re.MULTILINE)
    assert set(CLI_COMMANDS) <= set(listed)


@pytest.mark.parametrize("name", sorted(SHELL_COMMANDS))
def test_every_shell_command_is_in_the_readme(name: str) -> None:
    assert f"`:{name}" in README, f"the README does not mention the shell's :{name}"


def _environment_table() -> set[str]:
    section = README.split("\n## Environment\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return {name for cell in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)", cell)}


def test_the_environment_table_is_the_settings_table() -> None:
    from searcher.settings import VARIABLES

    assert _environment_table() == {variable.name for variable in VARIABLES}


def test_every_khabar_variable_in_the_code_is_a_documented_setting() -> None:
    from searcher.settings import VARIABLES

    root = Path(__file__).resolve().parent.parent
    used = {name for package in ("analyzers", "searcher")
            for path in (root / package).rglob("*.py")
            for name in re.findall(r"\bKHABAR_[A-Z0-9_]+", path.read_text(encoding="utf-8"))}
    assert used <= {variable.name for variable in VARIABLES}
