"""Issue 13, item 12: a date without a time is stored and shown as a date (never an invented
midnight), with its Jalali date; piped search lines carry the URL and can have a header."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher.article import Article
from searcher.cli.app import main
from searcher.ingest.dates import parse_published

RECORDS = [
    {"id": "day-only", "title": "برف سنگین در تبریز", "body": "برف سنگین مدارس تبریز را تعطیل کرد.",
     "source": "ایرنا", "date": "2004-01-17", "url": "https://example.ir/news/برف-تبریز"},
    {"id": "with-time", "title": "برف در اردبیل", "body": "برف جاده‌های اردبیل را بست.",
     "source": "ایسنا", "date": "2004-01-18T09:30:00+03:30"},
]


@pytest.fixture
def index_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str], write_jsonl) -> Path:
    write_jsonl(tmp_path / "c" / "snow.jsonl", RECORDS)
    assert main(["index", str(tmp_path / "c"), "--index", str(tmp_path / "ix")]) == 0
    capsys.readouterr()
    return tmp_path / "ix"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("text", "iso", "has_time"), [
    ("2004-01-17", "2004-01-17T00:00:00+03:30", False),
    ("۲۷ دی ۱۳۸۲", "2004-01-17T00:00:00+03:30", False),
    ("۰۹:۴۵ - ۱۲ مهر ۱۴۰۲", "2023-10-04T09:45:00+03:30", True),
    ("2004-01-18T00:00:00+03:30", "2004-01-18T00:00:00+03:30", True),  # a real midnight
])
def test_parse_published_says_whether_a_time_was_given(text: str, iso: str,
                                                       has_time: bool) -> None:
    moment, timed = parse_published(text)
    assert (moment.isoformat(), timed) == (iso, has_time)


def test_a_date_only_article_round_trips_as_a_date() -> None:
    moment, _ = parse_published("2004-01-17")
    article = Article("a", title="برف", published=moment, date_only=True)
    data = article.to_json()
    assert data["published"] == "2004-01-17"
    assert Article.from_json(data) == article


def test_piped_show_prints_the_date_and_the_jalali_date(index_dir: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    _, out, _ = _run(capsys, "show", "day-only", "--index", str(index_dir))
    assert "published: 2004-01-17\n" in out and "T00:00" not in out
    assert "jalali: ۲۷ دی ۱۳۸۲\n" in out
    _, timed, _ = _run(capsys, "show", "with-time", "--index", str(index_dir))
    assert "published: 2004-01-18T09:30:00+03:30\n" in timed
    assert "jalali: ۲۸ دی ۱۳۸۲، ۰۹:۳۰\n" in timed


def test_show_json_keeps_a_date_only_value(index_dir: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "show", "day-only", "--index", str(index_dir), "--json")
    assert json.loads(out)["published"] == "2004-01-17"
    _, out, _ = _run(capsys, "search", "برف", "--index", str(index_dir), "--json")
    published = {hit["id"]: hit["published"] for hit in json.loads(out)["hits"]}
    assert published == {"day-only": "2004-01-17", "with-time": "2004-01-18T09:30:00+03:30"}


def test_piped_search_lines_end_with_the_url_and_can_have_a_header(
        index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "search", "تبریز", "--index", str(index_dir))
    (row,) = [line.split("\t") for line in out.splitlines()]
    assert row[:5] == ["1", "day-only", "2004-01-17", "ایرنا", "برف سنگین در تبریز"]
    assert row[5] == "https://example.ir/news/برف-تبریز"
    _, out, _ = _run(capsys, "search", "تبریز", "--index", str(index_dir), "--header",
                     "--snippet")
    header, line = out.splitlines()
    assert header.split("\t") == ["rank", "id", "date", "source", "title", "snippet", "url"]
    assert line.split("\t")[6] == "https://example.ir/news/برف-تبریز"
