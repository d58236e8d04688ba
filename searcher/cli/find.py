"""The commands that find and read articles: analyze, search, timeline, shell, show, similar.

Plain functions; :mod:`searcher.cli.app` registers them as commands. Each parses its options,
calls the library and renders the result; heavy imports happen inside them (start-up time).
"""

from __future__ import annotations

from typing import Annotated

import typer

from searcher.cli.shared import (
    ExpandOpt, IndexOpt, JsonOpt, bound, index_dir_of, output_env, ranking,
)
from searcher.errors import ExitCode


def analyze(
    text: Annotated[str, typer.Argument(help="Persian text to analyze.")],
    json_out: JsonOpt = False,
) -> None:
    """Show how khabar's analyzer indexes TEXT: each term and its surface in the original.

    Example: khabar analyze "كتابهاي تازه می روند"
    """
    from analyzers import analyze as run

    from searcher.output.render import print_tokens

    print_tokens([(t.term, text[t.start:t.end], t.start, t.end) for t in run(text)], output_env(),
                 as_json=json_out)


def search(
    words: Annotated[list[str], typer.Argument(
        metavar="QUERY...", help="Words, «phrases», +must -not, title:, date:… (one query)")],
    index_dir: IndexOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Hits per page.")] = 10,
    page: Annotated[int, typer.Option(min=1, help="Page number.")] = 1,
    sort: Annotated[str, typer.Option(help="relevance or date.")] = "relevance",
    since: Annotated[str | None, typer.Option(
        help="From this date on: 1402/07/01, 1402/07, 2023-10-01.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to and including this date.")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Only this agency (repeatable).")
                      ] = None,
    snippet: Annotated[bool, typer.Option(help="Add the snippet column to piped output.")
                       ] = False,
    header: Annotated[bool, typer.Option(
        "--header", help="Start piped output with a line of column names.")] = False,
    facets: Annotated[bool, typer.Option(
        "--facets", help="Counts per agency and per Jalali year of every result.")] = False,
    every_copy: Annotated[bool, typer.Option(
        "--all", help="Every copy of a story as its own hit (default: one hit per story).")
                          ] = False,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="Write the hits as csv, tsv or jsonl (a spreadsheet's rows).")] = None,
    all_pages: Annotated[bool, typer.Option(
        "--all-pages", help="With --format: every matching hit, not one page.")] = False,
    expand: ExpandOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Search the index; exit 0 if something matched, 1 if nothing did, 2 on error.

    Example: khabar search "+تورم «بانک مرکزی» date:1402" --sort date
    """
    from searcher.cli.first_run import ensure_index, note_if_empty
    from searcher.index.opened import OpenedIndex
    from searcher.rank.search import Filters
    from searcher.rank.search import search as run

    filters = Filters(since=bound(since, 0) if since else None,
                      until=bound(until, 1) if until else None, sources=tuple(source or ()))
    env = output_env()
    with OpenedIndex(ensure_index(index_dir, env)) as archive:
        if fmt is not None:
            from searcher.cli.newsroom import write_table

            raise typer.Exit(write_table(archive, " ".join(words), fmt, env, sort=sort,
                                         filters=filters, collapse=not every_copy,
                                         all_pages=all_pages, limit=limit,
                                         offset=(page - 1) * limit))
        result = run(archive, " ".join(words), limit=limit, offset=(page - 1) * limit,
                     sort=sort, filters=filters, collapse=not every_copy, facets=facets,
                     ranking=ranking(expand))
        note_if_empty(archive, env)
    from searcher.output.render import print_search

    print_search(result, env, as_json=json_out, snippet=snippet, header=header)
    # A page past the end shows nothing: for scripts that is "found nothing" (exit 1).
    raise typer.Exit(ExitCode.FOUND if result.hits else ExitCode.NOT_FOUND)


def timeline(
    words: Annotated[list[str], typer.Argument(
        metavar="QUERY...", help="What to count, as in search (one query).")],
    index_dir: IndexOpt = None,
    by: Annotated[str | None, typer.Option(
        help="day, week, month or year (default: from the span of the matches).")] = None,
    since: Annotated[str | None, typer.Option(
        help="From this date on: 1402/07/01, 1402/07, 2023-10-01.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to and including this date.")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Only this agency (repeatable).")
                      ] = None,
    json_out: JsonOpt = False,
) -> None:
    """When a story ran: matching articles per Jalali day, week, month or year, as bars.

    Example: khabar timeline «دریاچه ارومیه» --by month --since 1401
    """
    from searcher.cli.first_run import ensure_index
    from searcher.cli.newsroom import run_timeline
    from searcher.rank.search import Filters

    filters = Filters(since=bound(since, 0) if since else None,
                      until=bound(until, 1) if until else None, sources=tuple(source or ()))
    env = output_env()
    raise typer.Exit(run_timeline(ensure_index(index_dir, env), " ".join(words), by, filters,
                                  env, as_json=json_out))


def shell(index_dir: IndexOpt = None) -> None:
    """Interactive search: type queries, :open N, :more, :sort date, :help, :quit.

    Example: khabar shell   (then type: آلودگی هوا)
    """
    from searcher.index.opened import OpenedIndex
    from searcher.cli.first_run import ensure_index, note_if_empty
    from searcher.cli.shell import Shell

    env = output_env()
    with OpenedIndex(ensure_index(index_dir, env)) as archive:
        note_if_empty(archive, env)
        Shell(archive, env).run()


def show(
    article_id: Annotated[str, typer.Argument(help="The article id (from search results).")],
    index_dir: IndexOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Print one article in full.

    Example: khabar show 3f2a9c01d4e5b6a7 --json   (متن کامل خبر)
    """
    from searcher.index.opened import OpenedIndex
    from searcher.output.render import print_article

    with OpenedIndex(index_dir_of(index_dir)) as archive:
        article = archive.article(article_id)
    print_article(article, output_env(), as_json=json_out)


def similar(
    article_id: Annotated[str, typer.Argument(help="The article to find neighbours of.")],
    index_dir: IndexOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 10,
    json_out: JsonOpt = False,
) -> None:
    """Articles most like a given one (its most distinctive words).

    Example: khabar similar 3f2a9c01d4e5b6a7 -n 5   (مشابه این خبر)
    """
    from searcher.cli.first_run import note_if_empty
    from searcher.index.opened import OpenedIndex
    from searcher.output.render import print_search
    from searcher.rank.search import similar as run
    from searcher.results import SearchResult

    env = output_env()
    with OpenedIndex(index_dir_of(index_dir)) as archive:
        if note_if_empty(archive, env):
            result = SearchResult(f"similar:{article_id}", 0, ())
        else:
            result = run(archive, article_id, limit=limit)
    print_search(result, env, as_json=json_out)
    raise typer.Exit(ExitCode.FOUND if result.total else ExitCode.NOT_FOUND)
