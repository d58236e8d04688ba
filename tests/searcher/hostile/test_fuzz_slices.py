"""The CI slice of bench/fuzz_queries.py and bench/fuzz_files.py: the same code, small counts
(the recorded runs, 100,000 queries and 10,000 files, are in docs/benchmarks.md)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench.fuzz_files import fuzz, mutations, seeds
from bench.fuzz_queries import run_library


def test_mutated_files_are_indexed_or_skipped_and_spare_their_neighbour(tmp_path: Path) -> None:
    counts = fuzz(files=150, batch=150, seed=5, big_line_mb=3, workdir=tmp_path)
    assert (counts["tracebacks"], counts["neighbour_lost"], counts["unaccounted"]) == (0, 0, 0)
    assert counts["indexed"] > 0 and counts["skipped"] > 0


def test_every_format_is_seeded_and_cut_at_every_97th_byte() -> None:
    names = set(seeds())
    assert {".txt", ".json", ".jsonl"} <= {Path(n).suffix for n in names}
    stream = mutations(seeds(), random.Random(1))
    page = len(seeds()["page.txt"])
    cuts = [next(stream)[0] for _ in range(-(-page // 97))]
    assert cuts == [f"cut{cut}-page.txt" for cut in range(0, page, 97)]


def test_generated_and_hostile_queries_raise_nothing(sample_home,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    sample_home.apply(monkeypatch)
    summary = run_library(sample_home.index_dir, count=400, seed=3, failures=None)
    assert summary["queries"] == 400 and summary["tracebacks"] == 0
