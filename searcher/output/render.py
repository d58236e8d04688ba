"""Where output goes and in which form: rich on a terminal, plain lines in a pipe, JSON on request.

The CLI builds one :class:`Environment` (``Environment.from_system(bidi=...)``) and passes it to
the ``print_*`` functions with the command's ``--json`` flag; everything else — whether stdout is
a terminal, ``NO_COLOR``, whether to reorder right-to-left lines — is decided here, so no caller
can send styled or reordered text into a pipe. Tests build an Environment around a StringIO.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from enum import Enum
from typing import TYPE_CHECKING, TextIO

from searcher.output import plain as render_plain
from searcher.article import Article
from searcher.results import SearchResult
from searcher.output.sanitize import Span
from searcher.output.terminal import resolve_bidi
from searcher.records import Record, record

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# rich and the bidi machinery are imported only when output goes to a terminal: scripts that
# pipe khabar's output do not pay for them.

TokenRow = tuple[str, str, int, int]  # term, surface, start, end


class OutputMode(Enum):
    RICH = "rich"  # a person at a terminal
    PLAIN = "plain"  # a pipe or a file: parseable lines, no escape codes
    JSON = "json"  # asked for with --json


@record
class Environment(Record):
    """The output side of the process: streams, TTY-ness, width, variables, ``--bidi``."""

    stdout: TextIO
    stderr: TextIO
    is_tty: bool
    env: Mapping[str, str] = field(default_factory=dict)
    width: int | None = None  # None: ask the terminal
    bidi: str | None = None  # the --bidi value; None falls back to KHABAR_BIDI, then "auto"

    @classmethod
    def from_system(cls, *, bidi: str | None = None) -> Environment:
        """The real process; raises UsageError now if ``bidi`` or KHABAR_BIDI is invalid."""
        env = dict(os.environ)
        resolve_bidi(bidi, env)  # a bad value is reported before any output, not halfway
        return cls(sys.stdout, sys.stderr, sys.stdout.isatty(), env, bidi=bidi)

    @property
    def no_color(self) -> bool:
        """https://no-color.org: any non-empty NO_COLOR turns colour off (bold etc. stay)."""
        return bool(self.env.get("NO_COLOR"))

    @property
    def reorder(self) -> bool:
        """Whether right-to-left lines are reordered for display (rich mode only)."""
        return resolve_bidi(self.bidi, self.env)

    def mode(self, *, as_json: bool = False) -> OutputMode:
        if as_json:
            return OutputMode.JSON
        return OutputMode.RICH if self.is_tty else OutputMode.PLAIN

    def console(self) -> Console:
        """A rich Console on stdout that reads nothing from the real environment."""
        from rich.console import Console

        return Console(
            file=self.stdout,
            force_terminal=self.is_tty,
            no_color=self.no_color,
            width=self.width,
            markup=False,
            emoji=False,
            highlight=False,
            _environ=self.env,  # so TERM, COLUMNS, FORCE_COLOR come from this Environment
        )


def _write_lines(stream: TextIO, lines: Iterable[str]) -> None:
    stream.writelines(line + "\n" for line in lines)


def _print_rich(env: Environment, renderable: RenderableType) -> None:
    env.console().print(renderable)


def print_search(
    result: SearchResult, env: Environment, *, as_json: bool = False, snippet: bool = False,
    header: bool = False,
) -> None:
    """A page of search results; ``snippet`` adds the snippet column to piped output and
    ``header`` a first line of column names."""
    mode = env.mode(as_json=as_json)
    if mode is OutputMode.JSON:
        env.stdout.write(render_plain.to_json(result.to_json()) + "\n")
    elif mode is OutputMode.PLAIN:
        if result.facets is not None:  # stdout stays one hit a line
            _write_lines(env.stderr, (f"khabar: facet\t{line}"
                                      for line in render_plain.facet_lines(result.facets)))
        _write_lines(env.stdout, render_plain.search_lines(result, snippet=snippet,
                                                           header=header))
        _write_lines(env.stderr, (f"khabar: {note}" for note in render_plain.search_notes(result)))
    else:
        from searcher.output.styled import search_renderable

        _print_rich(env, search_renderable(result, reorder=env.reorder))


def print_article(
    article: Article,
    env: Environment,
    *,
    as_json: bool = False,
    highlights: Mapping[str, Sequence[Span]] | None = None,
) -> None:
    """One article in full; ``highlights`` (field → spans) only styles the terminal view."""
    mode = env.mode(as_json=as_json)
    if mode is OutputMode.JSON:
        env.stdout.write(render_plain.to_json(article.to_json()) + "\n")
    elif mode is OutputMode.PLAIN:
        env.stdout.write(render_plain.article_text(article))
    else:
        from searcher.output.styled import article_renderable

        _print_rich(env, article_renderable(article, highlights, reorder=env.reorder))


def print_tokens(rows: Iterable[TokenRow], env: Environment, *, as_json: bool = False) -> None:
    """The analyzer's output for ``khabar analyze``: (term, surface, start, end) rows."""
    rows = list(rows)
    mode = env.mode(as_json=as_json)
    if mode is OutputMode.JSON:
        env.stdout.write(render_plain.to_json(render_plain.tokens_json(rows)) + "\n")
    elif mode is OutputMode.PLAIN:
        _write_lines(env.stdout, render_plain.token_lines(rows))
    else:
        from searcher.output.styled import tokens_renderable

        _print_rich(env, tokens_renderable(rows, reorder=env.reorder))


def print_stats(
    stats: Mapping[str, object],
    env: Environment,
    *,
    as_json: bool = False,
    title: str | None = None,
) -> None:
    """Label → value pairs (index statistics and the like); the title shows on a terminal only."""
    mode = env.mode(as_json=as_json)
    if mode is OutputMode.JSON:
        env.stdout.write(render_plain.to_json(dict(stats)) + "\n")
    elif mode is OutputMode.PLAIN:
        _write_lines(env.stdout, render_plain.stats_lines(stats))
    else:
        from searcher.output.styled import stats_renderable

        _print_rich(env, stats_renderable(stats, reorder=env.reorder, title=title))


def print_facets(result: SearchResult, env: Environment, *, as_json: bool = False) -> None:
    """The facets of a result alone (the shell's :facets)."""
    mode = env.mode(as_json=as_json)
    if mode is OutputMode.JSON:
        env.stdout.write(render_plain.to_json(result.facets.to_json()) + "\n")
    elif mode is OutputMode.PLAIN:
        _write_lines(env.stdout, render_plain.facet_lines(result.facets))
    else:
        from searcher.output.styled import facets_renderable

        _print_rich(env, facets_renderable(result.facets, reorder=env.reorder))
