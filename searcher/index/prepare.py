"""One file made ready for the index: read, digested, parsed and analyzed — the costly part of
indexing, done in worker processes (see :mod:`searcher.index.workers`) while the main process
feeds whoosh. Everything here is plain, picklable data.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from searcher.article import Article, key_bytes
from searcher.errors import ParseError
from searcher.index.manifest import FileRecord
from searcher.ingest.outcome import StreamedOutcome

if TYPE_CHECKING:
    from searcher.ingest.outcome import ParseOutcome, Problem

VANISHED = "vanished before it could be read"


@dataclass(frozen=True, slots=True)
class Task:
    """A file to prepare; ``known_digest`` is its digest when it was last indexed."""

    path: str
    known_digest: str | None
    field_map: Mapping[str, str] | None
    max_bytes: int


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article as the writer needs it: id, content key and the whoosh document."""

    id: str
    key: str
    doc: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Prepared:
    """What became of one file: its articles, or why it was skipped, or that it is unchanged."""

    path: str
    record: FileRecord | None = None
    articles: Iterable[PreparedArticle] = ()  # a tuple, or a generator when prepared lazily
    # a tuple, or for a file parsed as its articles are taken the problems met so far
    problems: Sequence[str] = ()
    # why a file parsed as its articles are taken could not be read to its end (its articles
    # ended early): filled as they are taken, like ``problems``
    unread: Sequence[str] = ()
    skipped: str = ""  # the reason, when the file gave nothing to index
    unchanged: bool = False  # touched, but its bytes are those already indexed
    vanished: bool = False


def content_key(article: Article) -> str:
    """Identity of an article's text, for collapsing one article saved under two names."""
    text = " ".join((article.title + "\n" + article.body).split())
    return hashlib.blake2b(key_bytes(text), digest_size=16).hexdigest()


def prepare(task: Task, *, lazy: bool = False,
            analyze: Callable[[Iterable[Article]], Iterable[PreparedArticle]] | None = None
            ) -> Prepared:
    """Read, parse and analyze one file; never raises for a bad or vanished file.

    ``lazy`` (in-process runs) analyzes each article only when the writer takes it;
    ``analyze`` (with ``lazy``) maps the file's articles to prepared ones another way — in
    worker processes, for a big JSON Lines file
    (:meth:`searcher.index.workers.AnalysisAhead.analyzed`), whose lines are then parsed as
    its articles are taken (the problems are complete once they have been).
    """
    from searcher.ingest.dispatch import parse_bytes, parse_file, stream_bytes, stream_file

    try:
        size = _regular_file_size(task.path)
        large = size > task.max_bytes
        # Big files (JSON Lines archives) are hashed and parsed as streams, never held whole.
        data = b""
        if large:
            stat, digest = _stat_and_digest(task.path)
        else:
            stat, data = _read(task.path)
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        record = FileRecord(stat.st_size, stat.st_mtime_ns, digest)
        if digest == task.known_digest:
            return Prepared(task.path, record, unchanged=True)
        outcome: ParseOutcome | StreamedOutcome
        if large:
            # taken as they are parsed (lazy): the file is read a line at a time, never whole
            outcome = (stream_file if lazy else parse_file)(
                Path(task.path), field_map=task.field_map, max_bytes=task.max_bytes)
        else:
            # Taken by workers (analyze): JSON Lines parsed as the workers take its articles,
            # so they start on the first while the rest is still text.
            outcome = (stream_bytes if analyze and lazy else parse_bytes)(
                data, task.path, field_map=task.field_map, max_bytes=task.max_bytes)
    except (FileNotFoundError, _Vanished):
        return Prepared(task.path, skipped=VANISHED, vanished=True)
    except ParseError as exc:
        return Prepared(task.path, skipped=_reason(exc.message, task.path))
    if isinstance(outcome, StreamedOutcome):
        problems = _Problems(outcome.problems, task.path)
        taken = problems.cut_parts_of(outcome.articles)
        return Prepared(task.path, record,
                        analyze(taken) if analyze else map(_prepared, taken), problems,
                        outcome.unread)
    analyzed = (analyze(outcome.articles) if analyze
                else (_prepared(article) for article in outcome.articles))
    articles = analyzed if lazy else tuple(analyzed)
    return Prepared(task.path, record, articles,
                    tuple(str(p) for p in outcome.problems) + _cut_parts(task.path, outcome))


def _cut_parts(path: str, outcome: ParseOutcome) -> tuple[str, ...]:
    """A problem line for each article part indexed only in part (a title past 1,000 words)."""
    return tuple(line for article in outcome.articles for line in _cut_lines(path, article))


def _cut_lines(path: str, article: Article) -> list[str]:
    from searcher.index.schema import unsearchable_tails

    return [f"{path}: article {article.id}: {tail}" for tail in unsearchable_tails(article)]


class _Problems(Sequence[str]):
    """The problems of a file parsed as its articles are taken (a
    :class:`~searcher.ingest.outcome.StreamedOutcome`): the lines' problems, then the parts
    indexed only in part, as :func:`prepare` gives them for a file parsed whole — complete
    once the articles have been taken."""

    def __init__(self, parsed: list[Problem], path: str) -> None:
        self._parsed = parsed
        self._path = path
        self._cut: list[str] = []

    def cut_parts_of(self, articles: Iterator[Article]) -> Iterator[Article]:
        """``articles``, noting each one's parts past their bands as it passes."""
        for article in articles:
            self._cut.extend(_cut_lines(self._path, article))
            yield article

    def _all(self) -> list[str]:
        return [str(problem) for problem in self._parsed] + self._cut

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._parsed) + len(self._cut)


def prepare_many(tasks: list[Task]) -> list[Prepared]:
    """:func:`prepare` for a chunk of files: one round trip to a worker process."""
    return [prepare(task) for task in tasks]


def prepare_articles(articles: Iterable[Article]) -> list[PreparedArticle]:
    """Analyze a run of one file's articles: a worker's share of a big JSON Lines file."""
    return [_prepared(article) for article in articles]


_SCHEMA: Any = None


def _prepared(article: Article) -> PreparedArticle:
    from searcher.engine.writer_documents import writer_document
    from searcher.index.schema import SPANS_FIELD, build_schema, document

    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = build_schema()
    doc = document(article)
    # Analyzed here, in a worker, and packed as arrays; the same analysis gives the snippet's
    # word spans (searcher.index.word_spans); the stored fields compressed here too: the
    # writer (the main process, the pipeline's serial part) only appends them.
    doc["text"], doc[SPANS_FIELD] = _SCHEMA["text"].packed_with_spans(doc["text"])
    return PreparedArticle(article.id, content_key(article), writer_document(_SCHEMA, doc))


def plain_document(article: Article) -> dict[str, Any]:
    """The whoosh document of ``article`` with plain values (text parts, stored values as
    they are, its word spans), as whoosh's own writer takes it: the document the one
    :func:`prepare_articles` makes ready for khabar's writer stands for (tests compare the
    segments the two writers write)."""
    from searcher.index.schema import SPANS_FIELD, build_schema, document

    doc = document(article)
    doc[SPANS_FIELD] = build_schema()["text"].packed_with_spans(doc["text"])[1]
    return doc


class _Vanished(Exception):
    """The file disappeared between the directory walk and the read."""


def _stat_and_digest(path: str) -> tuple[os.stat_result, str]:
    def digest(handle: Any) -> str:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()

    return _opened(path, digest)


def _read(path: str) -> tuple[os.stat_result, bytes]:
    return _opened(path, lambda handle: handle.read())


def _regular_file_size(path: str) -> int:
    """The size of the regular file at ``path``; ParseError for anything else (a FIFO would
    block the read forever, a device would never end), found without opening it."""
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise _Vanished from exc
    except OSError as exc:
        raise _unreadable(path, exc) from None
    kind = _special_kind(info.st_mode)
    if kind:
        raise ParseError(f"{path}: {kind}, not a regular file: not read")
    return info.st_size


def _special_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return kind
    return "" if stat.S_ISREG(mode) else "not a regular file"


def _unreadable(path: str, exc: OSError) -> ParseError:
    if exc.errno == errno.ELOOP:
        return ParseError(f"{path}: a symbolic link loop (too many levels of links)")
    if isinstance(exc, PermissionError):
        return ParseError(f"{path}: not readable (permission denied)")
    return ParseError(f"{path}: could not be read ({exc.strerror or exc})")


def _opened(path: str, use: Callable[[Any], Any]) -> tuple[os.stat_result, Any]:
    try:
        # O_NONBLOCK: if a FIFO replaced the file since it was checked, opening does not wait
        # for a writer; the check below then refuses it unread.
        handle = open(path, "rb", opener=_nonblocking)  # noqa: SIM115 (closed below)
    except FileNotFoundError as exc:
        raise _Vanished from exc
    except OSError as exc:
        raise _unreadable(path, exc) from None
    with handle:
        info = os.fstat(handle.fileno())
        kind = _special_kind(info.st_mode)
        if kind:
            raise ParseError(f"{path}: {kind}, not a regular file: not read")
        try:
            return info, use(handle)
        except OSError as exc:
            raise _unreadable(path, exc) from None


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _reason(message: str, name: str) -> str:
    prefix = name + ": "
    return message.removeprefix(prefix)
