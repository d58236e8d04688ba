"""The commands that build and look after an index: index, stats, export, check, trust.

Plain functions; :mod:`searcher.cli.app` registers them as commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from searcher.cli.shared import (
    IndexOpt, JsonOpt, fail, index_dir_of, output_env, warn,
)
from searcher.errors import ExitCode, UsageError


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

    code = run_index(paths, index_dir_of(index_dir), strict=strict, fields=field or [],
                     as_json=json_out, env=output_env(), verbose=verbose,
                     follow_symlinks=follow_symlinks)
    raise typer.Exit(code)


def stats(index_dir: IndexOpt = None, json_out: JsonOpt = False) -> None:
    """Articles, agencies, date range and size of the index.

    Example: khabar stats --index ~/بایگانی-خبر
    """
    from searcher.index.opened import OpenedIndex
    from searcher.output.render import print_stats

    with OpenedIndex(index_dir_of(index_dir)) as archive:
        figures = archive.stats()
    env = output_env()
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

        export_table(index_dir_of(index_dir), fmt, output_env())
        return
    if fmt != "jsonl":
        raise UsageError(f"unknown export format {fmt!r}", hint="use --format jsonl, csv or tsv")
    with OpenedIndex(index_dir_of(index_dir)) as archive:
        out = sys.stdout
        for article in archive.articles():
            out.write(to_json(article.to_json()) + "\n")


def check(index_dir: IndexOpt = None, json_out: JsonOpt = False) -> None:
    """Verify the index: signature, every segment and stored article, manifest agreement.

    Prints ok (exit 0) or each problem (exit 2); khabar index repairs them.
    Example: khabar check --index ~/بایگانی-خبر
    """
    from searcher.index.check import check_index
    from searcher.output.plain import to_json

    directory = index_dir_of(index_dir)
    report = check_index(directory)
    if json_out:
        sys.stdout.write(to_json(report.to_json()) + "\n")
    else:
        sys.stdout.write("ok\n" if report.ok else "".join(f"{p}\n" for p in report.problems))
        for message, hint in report.warnings:
            warn(message, hint)
    if not report.ok:
        fail(f"{len(report.problems)} problems in the index at {directory}",
              f"repair them with: khabar index PATH --index {directory} (the folders it holds)")
        raise typer.Exit(ExitCode.ERROR)


def trust(index_dir: IndexOpt = None) -> None:
    """Vouch for an index you received: khabar will open it from now on.

    Opening an index loads pickled data, which can run code: only trust indexes from people
    you trust. Example: khabar trust --index ~/از-همکار/index
    """
    from searcher.index import trust as signing
    from searcher.index.directory import index_exists

    directory = index_dir_of(index_dir)
    if not index_exists(directory):
        from searcher.errors import IndexMissingError

        raise IndexMissingError(f"no khabar index at {directory}")
    signing.sign(directory)
    typer.echo(f"khabar: {directory} is now trusted on this machine", err=True)
