"""kill -9 of `khabar index` at a handful of the twenty points of bench/faults.py — before the
first commit, inside a commit, at the manifest update, between commits, at the very end: each
leaves an index that checks (or names what the re-run repairs), answers a search, and converges
to exactly the articles of a clean run (issue 9, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.faults import CI_POINTS, clean_export, kill_points, survive
from bench.gen_corpus import generate

ARTICLES, BATCH = 60, 20
POINTS = [kill_points(ARTICLES, BATCH)[i] for i in CI_POINTS]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A generated folder and the export of its clean index (one per module: it is costly)."""
    work = tmp_path_factory.mktemp("faults")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHABAR_KEY_FILE", str(work / "index.key"))
        generate(ARTICLES, 1402, work / "corpus")
        return work / "corpus", clean_export(work / "corpus", work, BATCH)


def test_the_twenty_points_are_distinct_and_cover_every_moment() -> None:
    points = kill_points(3000, 300)
    assert len(points) == len(set(points)) == 20
    assert {name for name, _ in points} == {"article", "commit", "segment", "toc", "resign",
                                            "manifest", "committed", "end"}


@pytest.mark.parametrize("point", POINTS, ids=[f"{n}:{k}" for n, k in POINTS])
def test_killed_run_converges_to_the_clean_article_set(
        corpus: tuple[Path, list[str]], point: tuple[str, int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder, clean = corpus
    monkeypatch.setenv("KHABAR_KEY_FILE", str(folder.parent / "index.key"))
    outcome = survive(point, folder, tmp_path, BATCH, clean, "تهران")
    assert outcome.killed, outcome.errors
    assert outcome.errors == []
    assert (outcome.lost, outcome.duplicated, outcome.changed) == (0, 0, 0)
    assert outcome.check_ok and outcome.survived


def test_killed_inside_a_merge_keeps_the_last_commit_and_converges(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits of 5 one-article files: the 11th commit merges the ten segments before it
    (searcher.engine.merge_policy); kill -9 while the merged postings are being written."""
    monkeypatch.setenv("KHABAR_KEY_FILE", str(tmp_path / "index.key"))
    articles, batch = 11 * 5, 5
    generate(articles, 1402, tmp_path / "corpus")
    clean = clean_export(tmp_path / "corpus", tmp_path, batch)
    outcome = survive(("merge", 4), tmp_path / "corpus", tmp_path, batch, clean, "تهران")
    assert outcome.killed, outcome.errors
    assert outcome.errors == []
    assert (outcome.lost, outcome.duplicated, outcome.changed) == (0, 0, 0)
    assert outcome.check_ok and outcome.survived
