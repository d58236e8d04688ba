"""Issue 13 in the shell: the pager gets what it needs (item 3), the header shows the active
filters (item 8), ``:similar`` is titled with the article and keeps the filters (item 10),
and ``:sort date`` lists undated articles last (item 1)."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from searcher.cli.shell import Shell
from searcher.index.opened import OpenedIndex
from searcher.output.render import Environment

ELECTION = "انتخابات مجلس"


@pytest.fixture
def archive(sample_archive: OpenedIndex) -> OpenedIndex:
    return sample_archive


def _shell(archive: OpenedIndex, variables: dict[str, str] | None = None, *,
           tty: bool = False) -> Shell:
    env = Environment(io.StringIO(), io.StringIO(), is_tty=tty, env=variables or {},
                      width=100, bidi="off")
    return Shell(archive, env, read=input)


def _out(shell: Shell) -> str:
    return shell.env.stdout.getvalue()  # type: ignore[attr-defined]


# --- item 3: the pager -----------------------------------------------------------------------

def _fake_pager(folder: Path, name: str) -> Path:
    """A pager script that records $LESS and what it was given."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text('#!/bin/sh\nprintf "%s" "${LESS-unset}" > "$0.less"\ncat > "$0.input"\n',
                      encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.parametrize(("name", "variables", "less", "colour"), [
    # the default pager, no LESS: khabar asks less for raw colour codes
    ("less", {}, "-R", True),
    # the user's own LESS is kept; without R in it, the article goes as plain text
    ("less", {"LESS": "-X"}, "-X", False),
    ("less", {"LESS": "-FRX"}, "-FRX", True),
    # a pager khabar does not know gets plain text
    ("pg", {"PAGER": "{dir}/pg"}, "unset", False),
    ("more", {"MANPAGER": "{dir}/more", "PAGER": "{dir}/less"}, "unset", False),
])
def test_open_gives_the_pager_what_it_needs(archive: OpenedIndex, tmp_path: Path, name: str,
                                            variables: dict[str, str], less: str,
                                            colour: bool, without_sgr) -> None:
    bin_dir = tmp_path / "bin"
    script = _fake_pager(bin_dir, name)
    _fake_pager(bin_dir, "less")
    given = {key: value.replace("{dir}", str(bin_dir)) for key, value in variables.items()}
    shell = _shell(archive, {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **given},
                   tty=True)
    shell.handle(ELECTION)
    shell.handle(":open 1")
    shown = Path(f"{script}.input").read_text(encoding="utf-8")
    assert shell.state.result.hits[0].title in without_sgr(shown)
    assert ("\x1b[" in shown) is colour
    assert Path(f"{script}.less").read_text(encoding="utf-8") == less


# --- item 8: the header shows the active filters --------------------------------------------

def test_the_header_shows_the_active_filters(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    shell.handle(":since 1385/01")
    shell.handle(":source ایرنا")
    shell.handle(ELECTION)
    header = _out(shell).splitlines()
    assert "filters: since ۱ فروردین ۱۳۸۵ · source ایرنا" in header
    shell.handle(":since")
    shell.handle(":source")
    shell.env.stdout.truncate(0)  # type: ignore[attr-defined]
    shell.handle(ELECTION)
    assert not [line for line in _out(shell).splitlines() if line.startswith("filters:")]


# --- item 10: :similar ----------------------------------------------------------------------

def test_similar_is_titled_with_the_article_and_keeps_the_filters(archive: OpenedIndex) -> None:
    shell = _shell(archive, tty=True)
    shell.handle(ELECTION)
    first = shell.state.result.hits[0]
    shell.handle(":since 1402/01")
    shell.env.stdout.truncate(0)  # type: ignore[attr-defined]
    shell.env.stdout.seek(0)  # type: ignore[attr-defined]
    shell.handle(":similar 1")
    shown = _out(shell)
    assert f"articles like «{first.title}»" in shown
    assert "results for" not in shown and f"similar:{first.id}" not in shown
    since = shell.state.filters.since
    assert shell.state.result.hits
    for hit in shell.state.result.hits:
        assert hit.published is None or hit.published >= since
