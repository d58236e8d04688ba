"""JSON documents (an object, an array of objects, or an object wrapping such an array) and
JSON Lines (one object a line).

A JSON document that does not parse is one ParseError: it is truncated or broken as a whole.
In JSON Lines each line stands alone, so a bad line is a :class:`Problem` and the other lines
are still read. A file that yields no article at all is a ParseError either way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from searcher.article import Article
from searcher.errors import ParseError
from searcher.ingest.json_record import ALIASES, TAG_FIELDS, article_from_record
from searcher.ingest.outcome import Problem

# Keys under which dumps wrap their list of articles: {"articles": [...]}.
_WRAPPERS = ("articles", "items", "data", "results", "news", "posts", "entries", "docs")
_KNOWN_KEYS = frozenset(a for aliases in ALIASES.values() for a in aliases) | set(TAG_FIELDS)

Parsed = tuple[list[Article], list[Problem]]


def loads(text: str) -> Any:
    """``json.loads``, with nesting too deep for Python's reader (``[[[[…`` 100,000 deep) a
    JSONDecodeError like any other malformed JSON rather than a RecursionError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def parse_json_document(text: str, path: str, field_map: Mapping[str, str]) -> Parsed:
    """Articles of a whole JSON document; ``field_map`` as from ``normalise_field_map``."""
    try:
        data = loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"{path}: truncated or malformed JSON at line {exc.lineno}, column {exc.colno} "
            f"({exc.msg})",
            hint="check the end of the file; one article a line (JSON Lines) survives bad lines",
        ) from None
    articles: list[Article] = []
    problems: list[Problem] = []
    for index, record in enumerate(_records(data)):
        _add(record, path, index, None, field_map, articles, problems)
    return _require_articles(articles, problems, path)


def parse_json_lines(lines: Iterable[tuple[int, str | ParseError]], path: str,
                     field_map: Mapping[str, str]) -> Parsed:
    """Articles of JSON Lines given as (line number, text or the error decoding it)."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for number, line in lines:
        _take_line(number, line, path, field_map, articles, problems)
    return _require_articles(articles, problems, path)


def stream_json_lines(lines: Iterable[tuple[int, str | ParseError]], path: str,
                      field_map: Mapping[str, str]) -> tuple[Iterator[Article], list[Problem]]:
    """:func:`parse_json_lines` a line at a time: the articles as the lines are taken, and the
    list their problems go into as they are met (complete once the articles are exhausted).

    Lines are read up to the first article before this returns, so a file without any is a
    ParseError here, as it is there; the rest wait for the caller.
    """
    lines = iter(lines)
    first: list[Article] = []
    problems: list[Problem] = []
    for number, line in lines:
        _take_line(number, line, path, field_map, first, problems)
        if first:
            break
    _require_articles(first, problems, path)
    return _the_rest(first, lines, path, field_map, problems), problems


def _the_rest(first: list[Article], lines: Iterator[tuple[int, str | ParseError]], path: str,
              field_map: Mapping[str, str], problems: list[Problem]) -> Iterator[Article]:
    yield from first
    found: list[Article] = []
    for number, line in lines:
        _take_line(number, line, path, field_map, found, problems)
        if found:
            yield from found
            found.clear()


def _take_line(number: int, line: str | ParseError, path: str, field_map: Mapping[str, str],
               articles: list[Article], problems: list[Problem]) -> None:
    """One line of JSON Lines: its article into ``articles``, or why not into ``problems``."""
    if isinstance(line, ParseError):
        problems.append(Problem(path, number, line.message.removeprefix(f"{path}: ")))
        return
    if not line.strip():
        return
    try:
        record = loads(line)
    except json.JSONDecodeError as exc:
        problems.append(Problem(path, number, f"not JSON ({exc.msg}, column {exc.colno})"))
        return
    _add(record, path, number - 1, number, field_map, articles, problems)


def looks_like_json_lines(text: str, *, named_jsonl: bool = False) -> bool:
    """True when ``text`` is not one JSON value and either its name says JSON Lines or some
    of its first lines are JSON objects."""
    try:
        loads(text)
        return False
    except json.JSONDecodeError:
        pass
    if named_jsonl:
        return True
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and any(_is_object(line) for line in lines[:20])


def _is_object(line: str) -> bool:
    try:
        return isinstance(loads(line), dict)
    except json.JSONDecodeError:
        return False


def _records(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and not _KNOWN_KEYS & {str(k).lower() for k in data}:
        for key in _WRAPPERS:
            if isinstance(data.get(key), list):
                return data[key]
    return [data]


def _add(record: Any, path: str, index: int, line: int | None, field_map: Mapping[str, str],
         articles: list[Article], problems: list[Problem]) -> None:
    where = "" if line is not None else f"item {index + 1}: "
    if not isinstance(record, dict):
        problems.append(Problem(path, line, f"{where}not a JSON object"))
        return
    try:
        article, warnings = article_from_record(record, path=path, index=index,
                                                field_map=field_map)
    except ParseError as exc:
        problems.append(Problem(path, line, exc.message.removeprefix(f"{path}: ")))
        return
    articles.append(article)
    problems.extend(Problem(path, line, where + warning) for warning in warnings)


def _require_articles(articles: list[Article], problems: list[Problem], path: str) -> Parsed:
    if not articles:
        first = f"; first problem: {problems[0]}" if problems else ""
        raise ParseError(f"{path}: no article in this JSON ({len(problems)} problems{first})",
                         hint="each article must be an object with a title or a body")
    return articles, problems
