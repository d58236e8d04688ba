"""What parsing one file produced: its articles and the problems that did not stop it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from searcher.article import Article


@dataclass(frozen=True, slots=True)
class Problem:
    """A part of a file that was skipped (a bad JSON line, a date not understood)."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParseOutcome:
    """The articles of one file, the problems met on the way, and how the file was read.

    ``format`` is one of ``newsite``, ``plaintext``, ``json``, ``jsonl``, ``html``, or
    ``pdf:…``/``docx:…`` (the text format found inside); ``encoding`` is the codec
    :mod:`searcher.ingest.encodings` detected ("" for PDF and Word files).
    """

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()
    format: str = ""
    encoding: str = ""


@dataclass(frozen=True, slots=True)
class StreamedOutcome:
    """A JSON Lines file parsed as its articles are taken: ``problems`` grows as they are, and
    is complete once ``articles`` is exhausted (:func:`searcher.ingest.dispatch.stream_bytes`,
    :func:`~searcher.ingest.dispatch.stream_file`). ``unread`` gets why the file could not be
    read to its end, if it could not (a read error on the disk: "could not be read past line
    N (…)"): its articles then end early."""

    articles: Iterator[Article]
    problems: list[Problem]
    format: str = "jsonl"
    encoding: str = ""
    unread: list[str] = field(default_factory=list)
