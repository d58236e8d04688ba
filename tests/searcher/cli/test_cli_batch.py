"""khabar batch writes a TREC run that khabar eval scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher.cli.app import main

ARTICLES = [
    {"id": "oil", "title": "صادرات نفت ایران افزایش یافت", "body": "صادرات نفت خام بیشتر شد."},
    {"id": "vote", "title": "نتایج انتخابات مجلس اعلام شد", "body": "نمایندگان تهران مشخص شدند."},
    {"id": "book", "title": "نمایشگاه کتاب تهران آغاز شد", "body": "کتاب‌ها با تخفیف فروخته شدند."},
]


@pytest.fixture
def index(tmp_path: Path, write_jsonl) -> Path:
    corpus = tmp_path / "a.jsonl"
    write_jsonl(corpus, ARTICLES)
    assert main(["index", str(corpus), "--index", str(tmp_path / "ix")]) == 0
    return tmp_path / "ix"


def test_batch_then_eval(index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    queries = tmp_path / "q.tsv"
    queries.write_text("A-1\tصادرات نفت\nA-2\tانتخابات مجلس\nB-1\tکتابها\nB-2\tzzzz\n",
                       encoding="utf-8")
    capsys.readouterr()
    assert main(["batch", str(queries), "--index", str(index), "--limit", "5"]) == 0
    run_lines = capsys.readouterr().out.splitlines()
    first = {line.split()[0]: line.split() for line in reversed(run_lines)}
    assert first["A-1"][1:4] == ["Q0", "oil", "1"]
    assert first["A-2"][2] == "vote"
    assert first["B-1"][2] == "book"
    assert all(line.split()[5] == "khabar" for line in run_lines)
    assert "B-2" not in first  # nothing found, nothing written

    run = tmp_path / "run.txt"
    run.write_text("\n".join(run_lines) + "\n", encoding="utf-8")
    qrels = tmp_path / "qrels.txt"
    qrels.write_text("A-1 0 oil 1\nA-2 0 book 1\nB-1 0 book 1\nB-2 0 vote 1\n",
                     encoding="utf-8")
    assert main(["eval", str(qrels), str(run), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # A-1 and B-1 find their article first; A-2's is not ranked first; B-2 finds nothing.
    assert report["by_prefix"]["B"]["mrr10"] == pytest.approx(0.5)
    assert 0.5 <= report["overall"]["mrr10"] < 0.9


def test_batch_reports_a_bad_queries_file(index: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab on this line\n", encoding="utf-8")
    assert main(["batch", str(bad), "--index", str(index)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("khabar: error:") and err.count("\n") == 1
