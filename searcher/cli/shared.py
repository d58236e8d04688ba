"""What the commands share: option types, the run's global options, the output environment,
the index directory, and the one-line error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from searcher.output.render import Environment
    from searcher.rank.rerank import Ranking

# The global options (--debug, --bidi) as the app's callback found them.
state: dict[str, Any] = {"debug": False, "bidi": None}

IndexOpt = Annotated[str | None, typer.Option(
    "--index", "-i", help="Index directory (default: $KHABAR_INDEX, else the user data dir).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (logical order, unstyled).")]
ExpandOpt = Annotated[bool, typer.Option(
    "--expand", help="Add words of the best hits to the query (pseudo-relevance feedback).")]


def output_env() -> Environment:
    """The output environment of this run (terminal or pipe, bidi, colours)."""
    from searcher.output.render import Environment

    return Environment.from_system(bidi=state["bidi"])


def index_dir_of(option: str | None) -> Path:
    """The index directory: ``--index``, else $KHABAR_INDEX, else the user's data folder."""
    from searcher.index.directory import resolve_index_dir

    return resolve_index_dir(option)


def ranking(expand: bool) -> Ranking | None:
    """The ranking of ``--expand`` (None: the default one)."""
    from searcher.rank.rerank import Ranking  # lazily: start-up time

    return Ranking(expand=True) if expand else None


def bound(value: str, side: int) -> Any:
    """The start (side 0) or end (side 1) of the date range ``value`` means."""
    from searcher.ingest.dates import parse_date_bound

    return parse_date_bound(value)[side]


def fail(message: str, hint: str | None) -> None:
    _note("error", message, hint)


def warn(message: str, hint: str | None) -> None:
    """``khabar: warning: MESSAGE (hint: HINT)`` on stderr: worth knowing, not a failure."""
    _note("warning", message, hint)


def _note(kind: str, message: str, hint: str | None) -> None:
    from searcher.output.sanitize import clean_line

    line = f"khabar: {kind}: {clean_line(message)}"
    if hint:
        line += f" (hint: {clean_line(hint)})"
    sys.stderr.write(line + "\n")
