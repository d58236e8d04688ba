"""Read a large JSON Lines file one line at a time, in the encoding its first bytes showed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from searcher.ingest.encodings import decode_line
from searcher.errors import ParseError

SNIFF_BYTES = 64 * 1024
MIB = 1024 * 1024
# One line is one article: no article is this long, and a longer line would be held whole.
MAX_LINE = 64 * MIB

Numbered = tuple[int, str | ParseError]


def stream_lines(path: Path, name: str, encoding: str, max_line: int = MAX_LINE
                 ) -> Iterator[Numbered]:
    """(line number, text) pairs in ``encoding`` (see ``sniff_encoding``); a line that does not
    decode, or is longer than ``max_line`` bytes, comes as its ParseError (a 200 MB line is
    never held whole: its rest is read past in chunks)."""
    if encoding.startswith(("utf-16", "utf-32")):
        yield from _wide_lines(path, name, encoding[:6], max_line)
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(iter(lambda: handle.readline(max_line + 1), b""), 1):
            if len(raw) > max_line:
                _read_past_line(handle, b"\n")
                yield number, _too_long(name, max_line)
                continue
            try:
                yield number, decode_line(raw, encoding, name).rstrip("\n")
            except ParseError as exc:
                yield number, exc


def _read_past_line(handle: Any, newline: Any) -> None:
    while True:
        chunk = handle.readline(1 << 20)
        if not chunk or chunk.endswith(newline):
            return


def _too_long(name: str, max_line: int) -> ParseError:
    return ParseError(f"{name}: a line over the {max_line / MIB:.0f} MiB limit for one "
                      "article, skipped")


def _wide_lines(path: Path, name: str, codec: str, max_line: int) -> Iterator[Numbered]:
    # Bytes of a UTF-16/32 newline are not b"\n" alone, so the text layer splits the lines;
    # a decoding error there leaves the rest of the file unreadable.
    number = 0
    with path.open("r", encoding=codec, newline=None) as handle:
        try:
            for number, line in enumerate(iter(lambda: handle.readline(max_line + 1), ""), 1):
                if len(line) > max_line:
                    _read_past_line(handle, "\n")
                    yield number, _too_long(name, max_line)
                    continue
                yield number, line.rstrip("\n")
        except UnicodeDecodeError as exc:
            yield number + 1, ParseError(f"{name}: invalid {codec.upper()} after line {number} "
                                         f"({exc.reason}); the rest of the file is skipped")
