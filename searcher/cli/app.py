"""The ``khabar`` command: each command parses options, calls the library, renders the result.

Imports of whoosh, hazm and the analyzer happen inside commands, so ``khabar --help`` stays
cheap. Errors from the library (:class:`searcher.errors.KhabarError`) become one stderr line with
a hint in :func:`main`, the only place that turns exceptions into exit codes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from searcher.rank.rerank import Ranking

from searcher import settings
from searcher.errors import ExitCode, KhabarError, UsageError

app = typer.Typer(
    name="khabar",
    help="Full-text search for Persian news archives.\n\nExample: khabar search «انتخابات مجلس»",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state: dict[str, Any] = {"debug": False, "bidi": None}

IndexOpt = Annotated[str | None, typer.Option(
    "--index", "-i", help="Index directory (default: $KHABAR_INDEX, else the user data dir).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (logical order, unstyled).")]


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    bidi: Annotated[str | None, typer.Option(
        "--bidi", help="Right-to-left display: auto, on (reorder lines), off. Env: KHABAR_BIDI."
    )] = None,
) -> None:
    """Full-text search for Persian news archives. Example: khabar search «انتخابات مجلس»"""
    _state["debug"] = debug or settings.debug()
    _state["bidi"] = bidi


def _env():
    from searcher.output.render import Environment

    return Environment.from_system(bidi=_state["bidi"])


def _index_dir(option: str | None) -> Path:
    from searcher.index.directory import resolve_index_dir

    return resolve_index_dir(option)


@app.command()
def analyze(
    text: Annotated[str, typer.Argument(help="Persian text to analyze.")],
    json_out: JsonOpt = False,
) -> None:
    """Show how khabar's analyzer indexes TEXT: each term and its surface in the original.

    Example: khabar analyze "كتابهاي تازه می روند"
    """
    from analyzers import analyze as run

    from searcher.output.render import print_tokens

    print_tokens([(t.term, text[t.start:t.end], t.start, t.end) for t in run(text)], _env(),
                 as_json=json_out)


@app.command()
def index(
    paths: Annotated[list[Path], typer.Argument(help="Folders (walked recursively) or files.")],
    index_dir: IndexOpt = None,
    strict: Annotated[bool, typer.Option(
        help="Exit 2 when any file was skipped or ignored (README/LICENSE files excepted).")
    ] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Name every ignored file in the summary.")] = False,
    field: Annotated[list[str] | None, typer.Option(
        "--field", help="Map a JSON key to an article field, e.g. --field matn=body.")] = None,
    follow_symlinks: Annotated[bool, typer.Option(
        "--follow-symlinks", help="Follow symbolic links to files outside the folders given "
        "(by default they are skipped and reported).")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Index article files (news-site text, plain text, JSON, JSON Lines); incremental.

    Example: khabar index ~/archive/اخبار --index ~/khabar-index
    """
    from searcher.cli.index_command import run_index

    code = run_index(paths, _index_dir(index_dir), strict=strict, fields=field or [],
                     as_json=json_out, env=_env(), verbose=verbose,
                     follow_symlinks=follow_symlinks)
    raise typer.Exit(code)


ExpandOpt = Annotated[bool, typer.Option(
    "--expand", help="Add words of the best hits to the query (pseudo-relevance feedback).")]


def _ranking(expand: bool) -> Ranking | None:
    from searcher.rank.rerank import Ranking  # lazily: start-up time

    return Ranking(expand=True) if expand else None


@app.command()
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

    filters = Filters(since=_bound(since, 0) if since else None,
                      until=_bound(until, 1) if until else None, sources=tuple(source or ()))
    env = _env()
    with OpenedIndex(ensure_index(index_dir, env)) as archive:
        if fmt is not None:
            from searcher.cli.newsroom import write_table

            raise typer.Exit(write_table(archive, " ".join(words), fmt, env, sort=sort,
                                         filters=filters, collapse=not every_copy,
                                         all_pages=all_pages, limit=limit,
                                         offset=(page - 1) * limit))
        result = run(archive, " ".join(words), limit=limit, offset=(page - 1) * limit,
                     sort=sort, filters=filters, collapse=not every_copy, facets=facets,
                     ranking=_ranking(expand))
        note_if_empty(archive, env)
    from searcher.output.render import print_search

    print_search(result, env, as_json=json_out, snippet=snippet, header=header)
    # A page past the end shows nothing: for scripts that is "found nothing" (exit 1).
    raise typer.Exit(ExitCode.FOUND if result.hits else ExitCode.NOT_FOUND)


def _bound(value: str, side: int):
    from searcher.ingest.dates import parse_date_bound

    return parse_date_bound(value)[side]


@app.command()
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

    filters = Filters(since=_bound(since, 0) if since else None,
                      until=_bound(until, 1) if until else None, sources=tuple(source or ()))
    env = _env()
    raise typer.Exit(run_timeline(ensure_index(index_dir, env), " ".join(words), by, filters,
                                  env, as_json=json_out))


@app.command()
def shell(index_dir: IndexOpt = None) -> None:
    """Interactive search: type queries, :open N, :more, :sort date, :help, :quit.

    Example: khabar shell   (then type: آلودگی هوا)
    """
    from searcher.index.opened import OpenedIndex
    from searcher.cli.first_run import ensure_index, note_if_empty
    from searcher.cli.shell import Shell

    env = _env()
    with OpenedIndex(ensure_index(index_dir, env)) as archive:
        note_if_empty(archive, env)
        Shell(archive, env).run()


@app.command()
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

    with OpenedIndex(_index_dir(index_dir)) as archive:
        article = archive.article(article_id)
    print_article(article, _env(), as_json=json_out)


@app.command()
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

    env = _env()
    with OpenedIndex(_index_dir(index_dir)) as archive:
        if note_if_empty(archive, env):
            result = SearchResult(f"similar:{article_id}", 0, ())
        else:
            result = run(archive, article_id, limit=limit)
    print_search(result, env, as_json=json_out)
    raise typer.Exit(ExitCode.FOUND if result.total else ExitCode.NOT_FOUND)


@app.command()
def stats(index_dir: IndexOpt = None, json_out: JsonOpt = False) -> None:
    """Articles, agencies, date range and size of the index.

    Example: khabar stats --index ~/بایگانی-خبر
    """
    from searcher.index.opened import OpenedIndex
    from searcher.output.render import print_stats

    with OpenedIndex(_index_dir(index_dir)) as archive:
        figures = archive.stats()
    env = _env()
    if json_out:
        print_stats(figures.to_json(), env, as_json=True)
        return
    from searcher.ingest.dates import format_jalali

    print_stats({
        "articles": figures.articles,
        "sources": "، ".join(f"{name} ({count})" for name, count in figures.sources.items()),
        "first": format_jalali(figures.first) if figures.first else "—",
        "last": format_jalali(figures.last) if figures.last else "—",
        "undated": figures.undated,
        "index size": f"{figures.index_bytes / 1e6:.1f} MB",
        "index": figures.index_dir,
    }, env, title="khabar")


@app.command()
def export(
    index_dir: IndexOpt = None,
    fmt: Annotated[str, typer.Option(
        "--format", help="jsonl (every field), csv or tsv (a spreadsheet's rows).")] = "jsonl",
) -> None:
    """Every stored article: JSON Lines (all fields, UTF-8, logical order), CSV or TSV.

    Example: khabar export > اخبار.jsonl   ·   khabar export --format csv > اخبار.csv
    """
    from searcher.index.opened import OpenedIndex
    from searcher.output.plain import to_json

    if fmt in ("csv", "tsv"):
        from searcher.cli.newsroom import export_table

        export_table(_index_dir(index_dir), fmt, _env())
        return
    if fmt != "jsonl":
        raise UsageError(f"unknown export format {fmt!r}", hint="use --format jsonl, csv or tsv")
    with OpenedIndex(_index_dir(index_dir)) as archive:
        out = sys.stdout
        for article in archive.articles():
            out.write(to_json(article.to_json()) + "\n")


@app.command()
def batch(
    queries: Annotated[Path, typer.Argument(help="TSV file: qid<TAB>query a line.")],
    index_dir: IndexOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 100,
    expand: ExpandOpt = False,
) -> None:
    """Run many queries; write a TREC run (qid Q0 docid rank score khabar) to stdout.

    Example: khabar batch پرسش‌ها.tsv --limit 100 > run.txt
    """
    from searcher.index.opened import OpenedIndex
    from searcher.rank.evaluation import read_queries, write_run
    from searcher.rank.search import search as run

    todo = read_queries(queries)
    results = {}
    with OpenedIndex(_index_dir(index_dir)) as archive:
        for qid, text in todo.items():
            found = run(archive, text, limit=limit, snippets=False, collapse=False,
                        ranking=_ranking(expand))
            results[qid] = [(hit.id, hit.score) for hit in found.hits]
    write_run(results, sys.stdout)


@app.command(name="eval")
def evaluate(
    qrels: Annotated[Path, typer.Argument(help="TREC qrels: qid 0 docid rel.")],
    run_file: Annotated[Path, typer.Argument(metavar="RUN", help="TREC run from khabar batch.")],
    run_b: Annotated[Path | None, typer.Argument(
        metavar="[RUN_B]", help="A second run: compare it against RUN.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """nDCG@10, MRR@10 and Recall@100, overall and per query-id prefix; with RUN_B, B − A per
    group, wins/losses/ties, a paired randomisation test and the queries that changed most.

    Example: khabar eval qrels.txt run.txt   (ارزیابی رتبه‌بندی)
    """
    from searcher.output.render import print_stats
    from searcher.rank.evaluation import evaluate as score
    from searcher.rank.evaluation import read_qrels, read_run

    judged = read_qrels(qrels)
    env = _env()
    if run_b is not None:
        from searcher.rank.compare import compare

        comparison = compare(judged, read_run(run_file), read_run(run_b))
        if json_out:
            print_stats(comparison.to_json(), env, as_json=True)
            return
        print_stats(_comparison_rows(comparison), env, title="B − A")
        return
    report = score(judged, read_run(run_file))
    if json_out:
        print_stats(report.to_json(), env, as_json=True)
        return
    rows: dict[str, object] = {"queries": report.queries}
    for name, scores in [("all", report.overall), *sorted(report.by_prefix.items())]:
        rows[name] = (f"nDCG@10 {scores.ndcg10:.4f}  MRR@10 {scores.mrr10:.4f}  "
                      f"Recall@100 {scores.recall100:.4f}")
    print_stats(rows, env, title="evaluation")


def _comparison_rows(comparison: Any) -> dict[str, object]:
    rows: dict[str, object] = {}
    for group, deltas in comparison.groups.items():
        for measure, d in deltas.items():
            rows[f"{group} {measure}"] = (
                f"A {d.a:.4f}  B {d.b:.4f}  B−A {d.delta:+.4f}  wins {d.wins} losses {d.losses} "
                f"ties {d.ties}  p {d.p_value:.4f}")
    for label, moved in (("improved", comparison.improved), ("worsened", comparison.worsened)):
        for change in moved:
            rows[f"{label} {change.qid}"] = f"nDCG@10 {change.a:.3f} → {change.b:.3f}"
    return rows


@app.command()
def check(index_dir: IndexOpt = None, json_out: JsonOpt = False) -> None:
    """Verify the index: signature, every segment and stored article, manifest agreement.

    Prints ok (exit 0) or each problem (exit 2); khabar index repairs them.
    Example: khabar check --index ~/بایگانی-خبر
    """
    from searcher.index.check import check_index
    from searcher.output.plain import to_json

    directory = _index_dir(index_dir)
    report = check_index(directory)
    if json_out:
        sys.stdout.write(to_json(report.to_json()) + "\n")
    else:
        sys.stdout.write("ok\n" if report.ok else "".join(f"{p}\n" for p in report.problems))
    if not report.ok:
        _fail(f"{len(report.problems)} problems in the index at {directory}",
              f"repair them with: khabar index PATH --index {directory} (the folders it holds)")
        raise typer.Exit(ExitCode.ERROR)


@app.command()
def trust(index_dir: IndexOpt = None) -> None:
    """Vouch for an index you received: khabar will open it from now on.

    Opening an index loads pickled data, which can run code: only trust indexes from people
    you trust. Example: khabar trust --index ~/از-همکار/index
    """
    from searcher.index import trust as signing
    from searcher.index.directory import index_exists

    directory = _index_dir(index_dir)
    if not index_exists(directory):
        from searcher.errors import IndexMissingError

        raise IndexMissingError(f"no khabar index at {directory}")
    signing.sign(directory)
    typer.echo(f"khabar: {directory} is now trusted on this machine", err=True)


def _usage_errors() -> tuple[type[Exception], ...]:
    """click's usage errors: from the click package (typer < 0.29) or typer's vendored copy."""
    import importlib

    found: list[type[Exception]] = []
    for module in ("click.exceptions", "typer._click.exceptions"):
        try:
            found.append(importlib.import_module(module).ClickException)
        except ImportError:
            continue
    return tuple(found)


def click_group(argv: list[str]) -> Any:
    """typer's click group for the command line ``argv``.

    typer builds the click command of every registered command from its signature before it
    dispatches (~10 ms for all of khabar's, most of a one-shot search's own start-up). When the
    first word of ``argv`` is a command, the group holds only the commands ``argv`` names
    (the one run is among them); help and anything else (a mistyped command: click suggests
    from all of them) get every command.
    """
    from typer.main import get_command_name

    names = {command.name or get_command_name(command.callback.__name__): command
             for command in app.registered_commands if command.callback is not None}
    first = next((word for word in argv if not word.startswith("-")), None)
    if first not in names or any(word in argv for word in ("-h", "--help")):
        return typer.main.get_command(app)
    import copy

    only = copy.copy(app)
    only.registered_commands = [command for name, command in names.items() if name in argv]
    return typer.main.get_command(only)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and translate every failure into one stderr line."""
    from searcher.cli import import_stubs

    # Only the command, a short-lived process, opts in; importing the library never does this.
    import_stubs.install()
    try:
        from searcher.cli.arguments import normalize

        argv = sys.argv[1:] if argv is None else argv
        command = click_group(argv)
        args = normalize(argv, command)
        # Without standalone mode click hands back the code of a typer.Exit as a return value.
        code = command.main(args=args, standalone_mode=False, prog_name="khabar")
        return code if isinstance(code, int) else ExitCode.FOUND
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        _fail("interrupted", None)
        return ExitCode.INTERRUPTED
    except _usage_errors() as exc:  # click's: a bad option, a missing argument
        from searcher.cli.arguments import usage_hint

        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        _fail(message, usage_hint(exc))
        return ExitCode.ERROR
    except KhabarError as exc:
        if _state["debug"]:
            raise
        _fail(exc.message, exc.hint)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", None)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (khabar search … | head): not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.FOUND
    except Exception as exc:
        if _state["debug"]:
            raise
        _fail(f"unexpected error: {type(exc).__name__}: {exc}",
              "run again with --debug for the traceback, and report it")
        return ExitCode.ERROR


def _fail(message: str, hint: str | None) -> None:
    from searcher.output.sanitize import clean_line

    line = f"khabar: error: {clean_line(message)}"
    if hint:
        line += f" (hint: {clean_line(hint)})"
    sys.stderr.write(line + "\n")


if __name__ == "__main__":
    sys.exit(main())
