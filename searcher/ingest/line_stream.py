"""Read a large JSON Lines file one line at a time, in the encoding its first bytes showed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from searcher.ingest.encodings import decode_line
from searcher.errors import ParseError

SNIFF_BYTES = 64 * 1024

Numbered = tuple[int, str | ParseError]


def stream_lines(path: Path, name: str, encoding: str) -> Iterator[Numbered]:
    """(line number, text) pairs in ``encoding`` (see ``sniff_encoding``); a line that does not
    decode comes as its ParseError."""
    if encoding.startswith(("utf-16", "utf-32")):
        yield from _wide_lines(path, name, encoding[:6])
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                yield number, decode_line(raw, encoding, name).rstrip("\n")
            except ParseError as exc:
                yield number, exc


def _wide_lines(path: Path, name: str, codec: str) -> Iterator[Numbered]:
    # Bytes of a UTF-16/32 newline are not b"\n" alone, so the text layer splits the lines;
    # a decoding error there leaves the rest of the file unreadable.
    number = 0
    with path.open("r", encoding=codec, newline=None) as handle:
        try:
            for number, line in enumerate(handle, 1):
                yield number, line.rstrip("\n")
        except UnicodeDecodeError as exc:
            yield number + 1, ParseError(f"{name}: invalid {codec.upper()} after line {number} "
                                         f"({exc.reason}); the rest of the file is skipped")
