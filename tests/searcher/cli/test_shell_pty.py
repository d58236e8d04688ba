"""``khabar shell`` as a person uses it: a real process on a pseudo-terminal, typed at with
pexpect, readline history in a file, :open through a real pager ($PAGER=cat)."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from searcher.rank.search import search

# pexpect forks a pty child that execs at once; xdist's threads make Python warn about forking.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")

PROMPT = "khabar> "
UP_ARROW = "\x1b[A"


def _spawn(home, argv: list[str], **extra: str) -> pexpect.spawn:
    env = home.environ(TERM="xterm-256color", PAGER="cat", KHABAR_BIDI="off", **extra)
    child = pexpect.spawn(argv[0], argv[1:], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 110))
    child.expect_exact(PROMPT)
    return child


def _ask(child: pexpect.spawn, line: str) -> str:
    """Type ``line`` and Enter; what the shell printed up to its next prompt (styles kept)."""
    child.sendline(line)
    child.expect_exact(PROMPT)
    return child.before


def _expect_prompt_after_interrupt(child: pexpect.spawn) -> None:
    """The prompt after Ctrl-C. On a loaded machine the SIGINT can still land while readline
    handles the echoed keys, and is then only noticed at the next key: Ctrl-E (end of line, a
    no-op on the empty line that follows) is that key, sent only if the prompt is late."""
    for _ in range(3):
        try:
            child.expect_exact(PROMPT, timeout=10)
            return
        except pexpect.TIMEOUT:
            child.send("\x05")
    child.expect_exact(PROMPT)


def _finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_a_session_types_opens_pages_sorts_and_quits(sample_home,
                                                     monkeypatch: pytest.MonkeyPatch, without_sgr,
                                                     yellow_runs, khabar_command) -> None:
    sample_home.apply(monkeypatch)
    by_relevance = search(sample_home.index_dir, "تهران", limit=10)
    by_date = search(sample_home.index_dir, "تهران", limit=10, sort="date")
    assert by_relevance.total > 10  # so :more has a second page
    child = _spawn(sample_home, khabar_command("shell"))

    listing = without_sgr(_ask(child, "تهران"))
    assert "results for «تهران»" in listing
    assert by_relevance.hits[0].title in listing
    assert f"(:more for results 11–{min(by_relevance.total, 20)})" in listing

    opened = _ask(child, ":open 1")
    assert by_relevance.hits[0].id in opened
    assert "تهران" in yellow_runs(opened)  # the query word, highlighted in the pager

    assert f"showing 11–{min(by_relevance.total, 20)}" in without_sgr(_ask(child, ":more"))

    listing = without_sgr(_ask(child, ":sort date"))
    assert "showing 1–10" in listing
    assert listing.index(by_date.hits[0].title) < listing.index(by_date.hits[1].title)

    child.send("نیمه‌کاره")  # half a line, then Ctrl-C: the line goes, the shell stays
    # Wait for the echo, as a person would: a SIGINT that lands while readline is still
    # handling keys (not waiting in select) is only noticed at the next key.
    child.expect_exact("نیمه‌کاره")
    child.sendintr()
    _expect_prompt_after_interrupt(child)
    assert "results for" not in without_sgr(child.before)
    assert ":open N" in _ask(child, ":help")

    child.sendline(":quit")
    assert _finish(child) == 0


def test_history_is_kept_between_sessions(sample_home, without_sgr, khabar_command) -> None:
    sample_home.history.unlink(missing_ok=True)
    query = "دریاچه ارومیه"
    first = _spawn(sample_home, khabar_command("shell"))
    assert f"results for «{query}»" in without_sgr(_ask(first, query))
    first.sendeof()  # Ctrl-D leaves too
    assert _finish(first) == 0
    assert query in sample_home.history.read_text(encoding="utf-8").splitlines()

    second = _spawn(sample_home, khabar_command("shell"))
    second.send(UP_ARROW)  # recall the first session's query
    assert f"results for «{query}»" in without_sgr(_ask(second, ""))
    second.sendline(":q")
    assert _finish(second) == 0


def test_first_shell_on_a_fresh_machine_indexes_the_sample(tmp_path: Path, khabar_command,
                                                           without_sgr, make_home) -> None:
    home = make_home(tmp_path, corpus=None)
    env = home.environ(TERM="xterm-256color", KHABAR_BIDI="off")
    del env["KHABAR_INDEX"]  # the default location, which is still empty
    argv = khabar_command("shell")
    child = pexpect.spawn(argv[0], argv[1:], env=env, encoding="utf-8", timeout=60,
                          dimensions=(40, 110))
    child.expect_exact("indexing the sample corpus")
    child.expect_exact(PROMPT)
    assert "results for «انتخابات مجلس»" in without_sgr(_ask(child, "انتخابات مجلس"))
    child.sendline(":quit")
    assert _finish(child) == 0
    assert (tmp_path / "data" / "khabar" / "index").is_dir()
