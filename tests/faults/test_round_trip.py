"""`khabar export`, indexed again into a fresh index, exports identically: same ids, fields and
text — the export is a backup a user can trust (issue 9, item 5). On the sample corpus and on the
fault suite's generated corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.gen_corpus import generate
from searcher.cli.app import main

ROOT = Path(__file__).resolve().parents[2]


def export(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["export", "--index", str(index_dir)]) == 0
    return capsys.readouterr().out.splitlines()


def index(folder: Path, index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(folder), "--index", str(index_dir)]) == 0, capsys.readouterr().err


def sample(tmp_path: Path) -> Path:
    return ROOT / "sample_corpus"


def generated(tmp_path: Path) -> Path:
    generate(150, 1402, tmp_path / "generated")
    return tmp_path / "generated"


@pytest.mark.parametrize("corpus", [sample, generated], ids=["sample corpus", "fault corpus"])
def test_export_index_export_is_identical(corpus, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    index(corpus(tmp_path), tmp_path / "first", capsys)
    first = export(tmp_path / "first", capsys)
    assert len(first) > 50
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "export.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    index(backup, tmp_path / "second", capsys)
    second = export(tmp_path / "second", capsys)
    assert sorted(second) == sorted(first)
    records = [json.loads(line) for line in first]
    assert all(r["title"] or r["body"] for r in records)
    assert any(r["published"] for r in records) and any(r["source"] for r in records)
