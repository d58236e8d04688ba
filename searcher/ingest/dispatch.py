"""Pick the parser for a file by its content first and its extension second, and parse it.

Order: text that starts with ``[`` or ``{`` is JSON (JSON Lines when it is not one document
but its lines are objects); text with the news-site markers («کد خبر», a date line,
«انتهای پیام», «منبع:») is a news page; anything else is plain text. A ``.json``/``.jsonl``
file that is not JSON is an error rather than a plain-text article.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from searcher.ingest.encodings import decode_detailed, sniff_encoding
from searcher.errors import ParseError
from searcher.ingest.json_files import looks_like_json_lines, parse_json_document, parse_json_lines
from searcher.ingest.json_record import normalise_field_map
from searcher.ingest.line_stream import SNIFF_BYTES, stream_lines
from searcher.ingest.news_page import parse_news_page_lines
from searcher.ingest.outcome import ParseOutcome
from searcher.ingest.plain_text import parse_plaintext
from searcher.ingest.page_lines import classify_text, has_site_markers

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 64 * MIB  # one document (text, JSON) is read whole; JSON Lines is streamed
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".jsonlines"})


def parse_file(path: Path, *, field_map: Mapping[str, str] | None = None,
               root: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ParseOutcome:
    """Parse one file into articles. ``path`` in the articles is relative to ``root`` if given.

    Files over ``max_bytes`` are refused unless they are JSON Lines, which is read a line at a
    time whatever its size. Raises ParseError when nothing in the file can be indexed.
    """
    name = _display_name(path, root)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _parse_large(path, name, size, max_bytes, field_map)
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{name}: cannot read the file ({exc.strerror or exc})",
                         hint="check that it exists and is readable; it is skipped") from None
    return parse_bytes(data, name, field_map=field_map, max_bytes=max_bytes)


def parse_bytes(data: bytes, name: str, *, field_map: Mapping[str, str] | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> ParseOutcome:
    """Parse the bytes of a file called ``name`` (also the ``path`` its articles carry)."""
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    decoded = decode_detailed(data, name)
    text = decoded.text
    if not text.strip():
        raise ParseError(f"{name}: empty file (no text to index)")
    mapping = normalise_field_map(field_map)
    suffix = PurePosixPath(name).suffix.lower()
    start = text.lstrip()[:1]
    if start in ("[", "{"):
        if start == "{" and looks_like_json_lines(text, named_jsonl=suffix in JSONL_SUFFIXES):
            numbered = enumerate(text.split("\n"), 1)
            articles, problems = parse_json_lines(numbered, name, mapping)
            return ParseOutcome(tuple(articles), tuple(problems), "jsonl", decoded.encoding)
        articles, problems = parse_json_document(text, name, mapping)
        return ParseOutcome(tuple(articles), tuple(problems), "json", decoded.encoding)
    if suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        raise ParseError(f"{name}: not JSON (a {suffix} file must start with {{ or [)",
                         hint="fix the file or rename it to .txt to index it as text")
    lines = classify_text(text)
    if has_site_markers(lines):
        return ParseOutcome((parse_news_page_lines(lines, name),), (), "newsite", decoded.encoding)
    return ParseOutcome((parse_plaintext(text, name),), (), "plaintext", decoded.encoding)


def _parse_large(path: Path, name: str, size: int, max_bytes: int,
                 field_map: Mapping[str, str] | None) -> ParseOutcome:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    encoding = sniff_encoding(head, name)
    if not _starts_json_lines(head.decode(encoding, errors="replace"), path.suffix.lower()):
        raise _too_large(name, size, max_bytes)
    mapping = normalise_field_map(field_map)
    articles, problems = parse_json_lines(stream_lines(path, name, encoding), name, mapping)
    return ParseOutcome(tuple(articles), tuple(problems), "jsonl", encoding)


def _starts_json_lines(head: str, suffix: str) -> bool:
    if suffix in JSONL_SUFFIXES:
        return True
    first = head.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
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
