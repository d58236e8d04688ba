"""One exception family for everything khabar reports to a user.

Each error carries a one-line message, a hint saying what to try next, and the exit code the
CLI uses. The CLI turns them into a single stderr line in one place (``searcher.cli.app``).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, grep-style."""

    FOUND = 0
    NOT_FOUND = 1
    ERROR = 2
    INTERRUPTED = 130


class KhabarError(Exception):
    """Base of every error shown to a user: message + hint + exit code."""

    exit_code: ExitCode = ExitCode.ERROR
    default_hint: str = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint

    def __str__(self) -> str:
        return self.message


class UsageError(KhabarError):
    """A bad option or argument."""

    default_hint = "run the command with --help to see its options"


class IndexMissingError(KhabarError):
    """No index at the given location."""

    default_hint = "build one with: khabar index PATH --index DIR"


class IndexUntrustedError(KhabarError):
    """The index was not written by this khabar installation (see searcher.index.trust)."""


class IndexFormatError(KhabarError):
    """The index was written in another index format (see searcher.index.format)."""


class IndexLockedError(KhabarError):
    """Another process is writing the index."""

    default_hint = "wait for the other 'khabar index' to finish, or stop it"


class ParseError(KhabarError):
    """A file that cannot be turned into articles; indexing skips it and reports why."""

    default_hint = "the file is skipped; the rest of the folder is still indexed"


class ArticleNotFoundError(KhabarError):
    """No article with the requested id."""

    default_hint = "list ids with: khabar search QUERY --json, or khabar export"


class IndexDamagedError(KhabarError):
    """An index file is missing, cut short or altered: the index cannot be read as it is."""

    default_hint = "see what is wrong with: khabar check; repair it by running khabar index again"


class IndexWriteError(KhabarError):
    """The disk refused a write during indexing (full, over a file-size limit, failing)."""

    default_hint = ("free disk space or raise the file-size limit, then run the same command "
                    "again; every batch committed before is kept")
