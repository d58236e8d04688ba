"""Pick the parser for a file by its content first and its extension second, and parse it.

Order: a PDF or Word file (by its first bytes) is read for its text, never its bytes; a web page
(a doctype or <html> first, or a .html/.htm file with tags) goes to the HTML parser; text that
starts with ``[`` or ``{`` is JSON (JSON Lines when it is not one document
but its lines are objects); text with the news-site markers («کد خبر», a date line,
«انتهای پیام», «منبع:») is a news page; anything else is plain text. A ``.json``/``.jsonl``
file that is not JSON is an error rather than a plain-text article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath

from searcher.ingest.documents import docx_text, is_docx, is_pdf, pdf_text
from searcher.ingest.encodings import Decoded, decode_detailed, sniff_encoding
from searcher.errors import ParseError
from searcher.ingest.html_page import looks_like_html, parse_html_page
from searcher.ingest.json_files import (
    loads,
    looks_like_json_lines,
    parse_json_document,
    parse_json_lines,
    stream_json_lines,
)
from searcher.ingest.json_record import normalise_field_map
from searcher.ingest.line_stream import SNIFF_BYTES, stream_lines
from searcher.ingest.news_page import parse_news_page_lines
from searcher.ingest.outcome import ParseOutcome, Problem, StreamedOutcome
from searcher.ingest.plain_text import parse_plaintext
from searcher.ingest.page_lines import classify_text, has_site_markers

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 64 * MIB  # one document (text, JSON) is read whole; JSON Lines is streamed
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".jsonlines"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_TAGS = re.compile(r"<(?:body|head|div|p|article)[\s>]", re.IGNORECASE)


def parse_file(path: Path, *, field_map: Mapping[str, str] | None = None,
               root: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ParseOutcome:
    """Parse one file into articles. ``path`` in the articles is relative to ``root`` if given.

    Files over ``max_bytes`` are refused unless they are JSON Lines, which is read a line at a
    time whatever its size. Raises ParseError when nothing in the file can be indexed.
    """
    outcome = _parse_file(path, field_map, root, max_bytes, stream=False)
    assert isinstance(outcome, ParseOutcome)
    return outcome


def stream_file(path: Path, *, field_map: Mapping[str, str] | None = None,
                root: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES
                ) -> ParseOutcome | StreamedOutcome:
    """:func:`parse_file`, but JSON Lines is read and parsed a line at a time as its articles
    are taken (:class:`StreamedOutcome`), never held whole: an archive of a million articles in
    one file costs the memory of the articles not yet taken. A read error past the first
    article ends the articles early and is put in ``unread``."""
    return _parse_file(path, field_map, root, max_bytes, stream=True)


def _parse_file(path: Path, field_map: Mapping[str, str] | None, root: Path | None,
                max_bytes: int, *, stream: bool) -> ParseOutcome | StreamedOutcome:
    name = _display_name(path, root)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _parse_large(path, name, size, max_bytes, field_map, stream=stream)
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{name}: cannot read the file ({exc.strerror or exc})",
                         hint="check that it exists and is readable; it is skipped") from None
    return _parse_bytes(data, name, field_map, max_bytes, stream=stream)


def parse_bytes(data: bytes, name: str, *, field_map: Mapping[str, str] | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> ParseOutcome:
    """Parse the bytes of a file called ``name`` (also the ``path`` its articles carry)."""
    outcome = _parse_bytes(data, name, field_map, max_bytes, stream=False)
    assert isinstance(outcome, ParseOutcome)
    return outcome


def stream_bytes(data: bytes, name: str, *, field_map: Mapping[str, str] | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> ParseOutcome | StreamedOutcome:
    """:func:`parse_bytes`, but JSON Lines is parsed a line at a time as its articles are
    taken (:class:`StreamedOutcome`): indexing hands the first articles to its workers while
    the rest of the file is still text (a 10,000-article file takes two seconds to parse)."""
    return _parse_bytes(data, name, field_map, max_bytes, stream=True)


def _parse_bytes(data: bytes, name: str, field_map: Mapping[str, str] | None, max_bytes: int,
                 *, stream: bool) -> ParseOutcome | StreamedOutcome:
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    if is_pdf(data):
        return _text_outcome(pdf_text(data, name), name, "pdf", "")
    if is_docx(data, name):
        return _text_outcome(docx_text(data, name), name, "docx", "")
    decoded = decode_detailed(data, name)
    outcome = _parse_text(decoded, name, field_map, stream=stream)
    if decoded.replaced:  # damaged text keeps what is good, and says what it lost
        damage = Problem(name, None, f"undecodable bytes replaced with U+FFFD in "
                                     f"{decoded.replaced} place(s), the first at byte offset "
                                     f"{decoded.first_replaced}")
        if isinstance(outcome, StreamedOutcome):
            outcome.problems.insert(0, damage)  # the list the lines' problems go on into
        else:
            outcome = replace(outcome, problems=(damage, *outcome.problems))
    return outcome


def _parse_text(decoded: Decoded, name: str, field_map: Mapping[str, str] | None, *,
                stream: bool = False) -> ParseOutcome | StreamedOutcome:
    text = decoded.text
    if not text.strip():
        raise ParseError(f"{name}: empty file (no text to index)")
    mapping = normalise_field_map(field_map)
    suffix = PurePosixPath(name).suffix.lower()
    if looks_like_html(text) or (suffix in HTML_SUFFIXES and _HTML_TAGS.search(text[:65536])):
        return ParseOutcome((parse_html_page(text, name),), (), "html", decoded.encoding)
    start = text.lstrip()[:1]
    if start in ("[", "{"):
        if start == "{" and looks_like_json_lines(text, named_jsonl=suffix in JSONL_SUFFIXES):
            numbered = enumerate(text.split("\n"), 1)
            if stream:
                streamed, found = stream_json_lines(numbered, name, mapping)
                return StreamedOutcome(streamed, found, "jsonl", decoded.encoding)
            articles, problems = parse_json_lines(numbered, name, mapping)
            return ParseOutcome(tuple(articles), tuple(problems), "jsonl", decoded.encoding)
        articles, problems = parse_json_document(text, name, mapping)
        return ParseOutcome(tuple(articles), tuple(problems), "json", decoded.encoding)
    if suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        raise ParseError(f"{name}: not JSON (a {suffix} file must start with {{ or [)",
                         hint="fix the file or rename it to .txt to index it as text")
    return _text_outcome(text, name, "", decoded.encoding)


def _text_outcome(text: str, name: str, container: str, encoding: str) -> ParseOutcome:
    """A text document: a news page when it has the site markers, else plain text.
    ``container`` names the file format the text came out of (pdf, docx), if any."""
    lines = classify_text(text)
    if has_site_markers(lines):
        article, kind = parse_news_page_lines(lines, name), "newsite"
    else:
        article, kind = parse_plaintext(text, name), "plaintext"
    return ParseOutcome((article,), (), f"{container}:{kind}" if container else kind, encoding)


def _parse_large(path: Path, name: str, size: int, max_bytes: int,
                 field_map: Mapping[str, str] | None, *, stream: bool
                 ) -> ParseOutcome | StreamedOutcome:
    encoding = _large_json_lines(path, name, size, max_bytes)
    mapping = normalise_field_map(field_map)
    lines = stream_lines(path, name, encoding, max_line=max_bytes)
    if not stream:
        articles, problems = parse_json_lines(lines, name, mapping)
        return ParseOutcome(tuple(articles), tuple(problems), "jsonl", encoding)
    unread: list[str] = []
    try:
        streamed, found = stream_json_lines(_until_unreadable(lines, unread), name, mapping)
    except ParseError:
        if unread:  # no article before the read error: that is why, not the lines' problems
            raise ParseError(f"{name}: {unread[0]}", hint="check the disk and run again") from None
        raise
    return StreamedOutcome(streamed, found, "jsonl", encoding, unread)


def _until_unreadable(lines: Iterator[tuple[int, str | ParseError]], unread: list[str]
                      ) -> Iterator[tuple[int, str | ParseError]]:
    """``lines`` up to a read error, which goes into ``unread`` (the lines before it were
    taken; the caller decides what an unfinished file means)."""
    number = 0
    try:
        for number, line in lines:
            yield number, line
    except OSError as exc:
        unread.append(f"could not be read past line {number + 1} ({exc.strerror or exc})")


def _large_json_lines(path: Path, name: str, size: int, max_bytes: int) -> str:
    """The encoding of ``path``, a file over the cap for one document: ParseError unless it is
    JSON Lines (the one format read a line at a time)."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    encoding = sniff_encoding(head, name)
    if not _starts_json_lines(head.decode(encoding, errors="replace"), path.suffix.lower()):
        raise _too_large(name, size, max_bytes)
    return encoding


def _starts_json_lines(head: str, suffix: str) -> bool:
    if suffix in JSONL_SUFFIXES:
        return True
    first = head.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    try:
        return isinstance(loads(first), dict)
    except json.JSONDecodeError:
        return False


def _too_large(name: str, size: int, max_bytes: int) -> ParseError:
    return ParseError(
        f"{name}: {size / MIB:.1f} MiB is over the {max_bytes / MIB:.0f} MiB limit "
        "for one document",
        hint="split it into smaller files, or write it as JSON Lines (one article a line)",
    )


def _display_name(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()
