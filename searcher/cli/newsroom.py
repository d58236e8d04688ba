"""The newsroom commands' CLI side: ``khabar timeline``, ``search --format``, and the shell's
``:timeline``, ``:facets`` and ``:all``. Each parses nothing itself: it calls the library
(:mod:`searcher.rank.timeline`, :func:`searcher.rank.search.ranked_hits`) and a renderer."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from searcher.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from searcher.cli.shell import Shell
    from searcher.index.opened import OpenedIndex
    from searcher.output.render import Environment
    from searcher.rank.search import Filters


def run_timeline(directory: Path, query: str, by: str | None, filters: Filters,
                 env: Environment, *, as_json: bool) -> int:
    """Print the timeline of ``query``; the exit code (0 if anything matched, else 1)."""
    from searcher.cli.first_run import note_if_empty
    from searcher.index.opened import OpenedIndex
    from searcher.output.timeline_view import print_timeline
    from searcher.rank.periods import GRANULARITIES
    from searcher.rank.timeline import timeline

    if by is not None and by not in GRANULARITIES:
        raise UsageError(f"unknown period {by!r}", hint="use --by day, week, month or year")
    with OpenedIndex(directory) as archive:
        note_if_empty(archive, env)  # as search says it: no bars is not "nothing matched"
        line = timeline(archive, query, by=by, filters=filters)
    print_timeline(line, env, as_json=as_json)
    return ExitCode.FOUND if line.total else ExitCode.NOT_FOUND


def write_table(archive: OpenedIndex, query: str, fmt: str, env: Environment, *, sort: str,
                filters: Filters, collapse: bool, all_pages: bool, limit: int,
                offset: int) -> int:
    """``search --format``: the page (or with ``all_pages`` every hit) as CSV, TSV or JSONL."""
    from itertools import islice

    from searcher.output.hit_table import FORMATS, HIT_COLUMNS, hit_row, write_rows
    from searcher.rank.search import ranked_hits

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", hint="use --format csv, tsv or jsonl")
    hits = ranked_hits(archive, query, sort=sort, filters=filters, collapse=collapse)
    if not all_pages:
        hits = islice(hits, offset, offset + limit)
    written = write_rows(env.stdout, fmt, HIT_COLUMNS, (hit_row(hit) for hit in hits))
    return ExitCode.FOUND if written else ExitCode.NOT_FOUND


def export_table(directory: Path, fmt: str, env: Environment) -> None:
    """``export --format csv|tsv``: every stored article, a row each."""
    from searcher.index.opened import OpenedIndex
    from searcher.output.hit_table import ARTICLE_COLUMNS, article_row, write_rows

    with OpenedIndex(directory) as archive:
        write_rows(env.stdout, fmt, ARTICLE_COLUMNS,
                   (article_row(article) for article in archive.articles()))


def shell_timeline(shell: Shell, arg: str) -> None:
    """``:timeline [day|week|month|year]``: the current query's timeline, filters applied."""
    from searcher.output.timeline_view import print_timeline
    from searcher.rank.periods import GRANULARITIES
    from searcher.rank.timeline import timeline

    if not shell.state.query:
        shell.say("type a query first")
        return
    if arg and arg not in GRANULARITIES:
        shell.say("use :timeline, or :timeline day, week, month or year")
        return
    print_timeline(timeline(shell.archive, shell.state.query, by=arg or None,
                            filters=shell.state.filters), shell.env)


def shell_facets(shell: Shell, _arg: str) -> None:
    """``:facets``: agencies and Jalali years of every result of the current query."""
    from searcher.output.render import print_facets
    from searcher.rank.search import search

    if not shell.state.query:
        shell.say("type a query first")
        return
    result = search(shell.archive, shell.state.query, limit=1, sort=shell.state.sort,
                    filters=shell.state.filters, snippets=False,
                    collapse=shell.state.collapse, facets=True)
    print_facets(result, shell.env)


def shell_all(shell: Shell, _arg: str) -> None:
    """``:all``: every copy of a story as its own result, or (again) one hit per story."""
    shell.state = replace(shell.state, collapse=not shell.state.collapse, page=1)
    shell.say("copies: " + ("one hit per story" if shell.state.collapse else "every copy shown"))
    if shell.state.query:
        shell.show()
