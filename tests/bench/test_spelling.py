"""bench.spelling: the misspelling table is well formed, documented, and corrected on the sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers import terms
from bench.spelling import evaluate, read_table
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths

ROOT = Path(__file__).resolve().parents[2]
KINDS = {"sound", "dropped", "doubled", "key", "swapped", "space"}


def test_table_has_a_hundred_real_slips() -> None:
    rows = read_table()
    assert len(rows) >= 100
    assert {kind for _, _, kind in rows} == KINDS
    assert len({typed for typed, _, _ in rows}) == len(rows), "a slip listed twice"
    for typed, intended, _ in rows:
        assert typed != intended and terms(intended), (typed, intended)


def test_every_row_is_in_the_docs() -> None:
    docs = (ROOT / "docs" / "spelling.md").read_text(encoding="utf-8")
    missing = [typed for typed, intended, _ in read_table()
               if f"| {typed} | {intended} |" not in docs]
    assert missing == []


def test_sample_corpus_corrects_most_slips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_KEY_FILE", str(tmp_path / "key"))
    index_paths([ROOT / "sample_corpus"], tmp_path / "index")
    with OpenedIndex(tmp_path / "index") as archive:
        outcome = evaluate(archive, read_table(), repeat=1)
    reachable, done = outcome["reachable"].total(), outcome["done"].total()
    assert reachable >= 100
    assert done / reachable >= 0.9, outcome["failures"]
    assert outcome["false_alarms"] == []
