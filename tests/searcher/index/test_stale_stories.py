"""A ``khabar.stories`` that does not fit the index (a writer killed between its commit and the
stories, or a file copied from another commit) is a warning of ``khabar check``, with the hint
that ``khabar index`` stores them again — and it does, even when no file changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher.cli.app import main
from searcher.index import trust
from searcher.index.check import check_index
from searcher.index.run import index_paths
from searcher.index.stories import STORIES_FILE


@pytest.fixture
def two_commits(tmp_path: Path, write_generated) -> tuple[Path, Path, bytes]:
    """An index of two commits and the stories file of its first."""
    news, index_dir = tmp_path / "news", tmp_path / "index"
    write_generated(news / "one", 12)
    index_paths([news], index_dir)
    first = (index_dir / STORIES_FILE).read_bytes()
    write_generated(news / "two", 12)
    index_paths([news], index_dir)
    assert (index_dir / STORIES_FILE).read_bytes() != first
    return news, index_dir, first


def _as_if_killed_before_the_stories(index_dir: Path, stories: bytes | None) -> None:
    """The older stories (or none) in place, the directory signed as the writer signs it."""
    if stories is None:
        (index_dir / STORIES_FILE).unlink()
    else:
        (index_dir / STORIES_FILE).write_bytes(stories)
    trust.sign(index_dir)


@pytest.mark.parametrize(("older", "said"), [(True, "another commit"), (False, "is missing")])
def test_check_warns_of_stories_that_do_not_fit(two_commits, older: bool, said: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    news, index_dir, first = two_commits
    _as_if_killed_before_the_stories(index_dir, first if older else None)
    report = check_index(index_dir)
    assert report.ok and len(report.warnings) == 1  # a slower search, not a damaged index
    message, hint = report.warnings[0]
    assert STORIES_FILE in message and said in message and "khabar index" in hint
    assert main(["check", "--index", str(index_dir)]) == 0
    out, err = capsys.readouterr()
    assert out == "ok\n"
    assert err.startswith(f"khabar: warning: {STORIES_FILE}") and "(hint: " in err
    assert main(["check", "--json", "--index", str(index_dir)]) == 0
    warned = json.loads(capsys.readouterr().out)["warnings"]
    assert warned == [{"message": message, "hint": hint}]


def test_khabar_index_stores_them_again_with_nothing_to_index(two_commits) -> None:
    news, index_dir, first = two_commits
    fitting = (index_dir / STORIES_FILE).read_bytes()
    _as_if_killed_before_the_stories(index_dir, first)
    report = index_paths([news], index_dir)
    assert report.articles_written == 0
    assert (index_dir / STORIES_FILE).read_bytes() == fitting
    assert check_index(index_dir).warnings == [] and trust.mismatches(index_dir) == []


def test_a_sound_index_has_no_warnings(two_commits) -> None:
    _, index_dir, _ = two_commits
    assert check_index(index_dir).warnings == []
