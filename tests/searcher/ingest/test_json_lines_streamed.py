"""JSON Lines parsed as its articles are taken (indexing's workers start on the first ones while
the rest of the file is still text): the same articles and the same problems as parsing it
whole, the problems complete once the articles are; a file with no article is refused before
any is taken, as it is whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from searcher.errors import ParseError
from searcher.ingest.dispatch import parse_bytes, stream_bytes
from searcher.ingest.json_files import stream_json_lines
from searcher.ingest.outcome import StreamedOutcome

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "parsers"

LINES = [
    '{"title": "سیل در گلستان", "body": "بارش شدید باران در گرگان ادامه دارد."}',
    "{نه جیسون",
    "",
    '["آرایه", "نه شیء"]',
    '{"title": "زلزله در کرمان", "body": "زمین‌لرزه‌ای روستاهای شمال استان را لرزاند.",'
    ' "date": "دیروز عصر"}',
    "{ناقص",
    '{"title": "افزایش قیمت نان", "body": "نرخ جدید نان از شنبه اجرا می‌شود."}',
]


def _damaged() -> bytes:
    """~100 KB of JSON Lines with one byte that is not UTF-8 in an article's body."""
    lines = LINES + [f'{{"title": "خبر {n}", "body": "بانک مرکزی از کاهش نرخ سود خبر داد."}}'
                     for n in range(1_000)]
    data = bytearray("\n".join(lines).encode("utf-8"))
    data[data.index("گرگان".encode())] = 0xFF
    return bytes(data)


@pytest.mark.parametrize("data", [
    "\n".join(LINES).encode(),
    "\r\n".join(LINES).encode() + b"\n",
    (FIXTURES / "articles.jsonl").read_bytes(),
    _damaged(),  # the damage is reported first, as for a file parsed whole
])
def test_the_articles_and_problems_of_a_file_parsed_whole(data: bytes) -> None:
    whole = parse_bytes(data, "archive.jsonl")
    streamed = stream_bytes(data, "archive.jsonl")
    assert isinstance(streamed, StreamedOutcome)
    articles = list(streamed.articles)
    assert articles == list(whole.articles)
    assert streamed.problems == list(whole.problems)
    assert (streamed.format, streamed.encoding) == (whole.format, whole.encoding)


def test_lines_are_read_only_as_far_as_the_articles_taken() -> None:
    read: list[int] = []

    def numbered() -> object:
        for number, line in enumerate(LINES, 1):
            read.append(number)
            yield number, line

    articles, problems = stream_json_lines(numbered(), "archive.jsonl", {})  # type: ignore[arg-type]
    assert read == [1]  # up to the first article
    assert next(articles).title == "سیل در گلستان"
    assert next(articles).title == "زلزله در کرمان"
    assert read == [1, 2, 3, 4, 5]
    assert [problem.line for problem in problems] == [2, 4, 5]  # so far
    assert [article.title for article in articles] == ["افزایش قیمت نان"]
    assert [problem.line for problem in problems] == [2, 4, 5, 6]


@pytest.mark.parametrize("data", [
    b"{bad\n[1, 2]\n\n",
    b'{"title": ""}\n{"body": "   "}\n',
])
def test_a_file_without_an_article_is_refused_as_when_parsed_whole(data: bytes) -> None:
    with pytest.raises(ParseError) as whole:
        parse_bytes(data, "empty.jsonl")
    with pytest.raises(ParseError) as streamed:
        stream_bytes(data, "empty.jsonl")
    assert streamed.value.message == whole.value.message


@pytest.mark.parametrize("data", [
    '{"title": "یک خبر", "body": "متن"}'.encode(),  # one JSON document
    "سیل در گلستان\n\nبارش شدید باران ادامه دارد.".encode(),  # plain text
])
def test_other_files_are_parsed_whole(data: bytes) -> None:
    assert stream_bytes(data, "a.txt" if b"{" not in data else "a.json") == parse_bytes(
        data, "a.txt" if b"{" not in data else "a.json")


def test_a_file_for_the_workers_is_ready_once_its_first_article_is_parsed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from searcher.index.prepare import Task, prepare
    from searcher.ingest import json_files

    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    parsed: list[int] = []
    real = json_files._add

    def counted(*args: object) -> None:
        parsed.append(1)
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(json_files, "_add", counted)
    prepared = prepare(Task(str(path), None, None, 1 << 20), lazy=True,
                       analyze=lambda articles: (article.title for article in articles))
    assert len(parsed) == 1  # the first record: the rest wait for the workers
    assert list(prepared.articles) == ["سیل در گلستان", "زلزله در کرمان", "افزایش قیمت نان"]
    assert len(parsed) == 4  # every record, once taken
    assert [problem.split(": ")[0] for problem in prepared.problems] == [
        f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:6"]
