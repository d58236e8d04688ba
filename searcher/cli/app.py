"""The ``khabar`` command: the typer app, its global options, and :func:`main`.

The commands live by job in :mod:`searcher.cli.find` (finding and reading articles),
:mod:`searcher.cli.manage` (building and looking after an index) and
:mod:`searcher.cli.measure` (ranking runs and their scores); each parses its options, calls the
library and renders the result, importing whoosh, hazm and the analyzer inside the command so
that ``khabar --help`` stays cheap. Errors from the library
(:class:`searcher.errors.KhabarError`) become one stderr line with a hint in :func:`main`, the
only place that turns exceptions into exit codes.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from typing import Annotated, Any, NoReturn

import typer

from searcher import settings
from searcher.cli import find, manage, measure
from searcher.cli.shared import fail, state
from searcher.errors import ExitCode, KhabarError

app = typer.Typer(
    name="khabar",
    help="Full-text search for Persian news archives.\n\nExample: khabar search «انتخابات مجلس»",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    bidi: Annotated[str | None, typer.Option(
        "--bidi", help="Right-to-left display: auto, on (reorder lines), off. Env: KHABAR_BIDI."
    )] = None,
) -> None:
    """Full-text search for Persian news archives. Example: khabar search «انتخابات مجلس»"""
    state["debug"] = debug or settings.debug()
    state["bidi"] = bidi


# The commands, in the order of the help text, from the modules that hold them by job.
for _command in (find.analyze, manage.index, find.search, find.timeline, find.shell, find.show,
                 find.similar, manage.stats, manage.export, measure.batch):
    app.command()(_command)
app.command(name="eval")(measure.evaluate)
for _command in (manage.check, manage.trust):
    app.command()(_command)


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
        _evaluate_annotations(app)
        return typer.main.get_command(app)
    import copy

    only = copy.copy(app)
    only.registered_commands = [command for name, command in names.items() if name in argv]
    _evaluate_annotations(only)
    return typer.main.get_command(only)


def _evaluate_annotations(group: typer.Typer) -> None:
    """Turn the annotations of ``group``'s callbacks from strings into objects, once.

    Under ``from __future__ import annotations`` each is a string such as
    ``"Annotated[int, typer.Option(min=1)]"``, and typer evaluates every one of them twice while
    it builds a command (~40 % of what ``khabar --help`` spends beyond importing typer, in
    instructions); the objects it reads as they are
    (tests/searcher/cli/test_cli_startup.py builds every command both ways).
    """
    from typing import get_type_hints

    callbacks = [command.callback for command in group.registered_commands]
    if group.registered_callback is not None:
        callbacks.append(group.registered_callback.callback)
    for callback in callbacks:
        if callback is not None and any(isinstance(value, str)
                                        for value in callback.__annotations__.values()):
            callback.__annotations__ = get_type_hints(callback, include_extras=True)


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
        fail("interrupted", None)
        return ExitCode.INTERRUPTED
    except _usage_errors() as exc:  # click's: a bad option, a missing argument
        from searcher.cli.arguments import usage_hint

        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        fail(message, usage_hint(exc))
        return ExitCode.ERROR
    except KhabarError as exc:
        if state["debug"]:
            raise
        fail(exc.message, exc.hint)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", None)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (khabar search … | head): not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.FOUND
    except Exception as exc:
        if state["debug"]:
            raise
        fail(f"unexpected error: {type(exc).__name__}: {exc}",
              "run again with --debug for the traceback, and report it")
        return ExitCode.ERROR


def run() -> NoReturn:
    """The ``khabar`` console script: :func:`main`, then the process ends without the
    interpreter's teardown.

    When :func:`main` returns the command's work is done: files closed, the index committed and
    signed, worker pools shut down. Freeing every object one by one after that (the analyzer's
    caches, the writer's leftovers) took 0.4 s at the end of ``khabar index`` (docs/benchmarks.md,
    session 12); the operating system takes the memory back at once. Output still buffered is
    written first. Tests call :func:`main`, which returns.
    """
    code = int(main())
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a reader gone (| head), a stream closed
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
