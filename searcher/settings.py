"""Every setting khabar takes from the environment, and the folders it keeps files in.

This module is the one place that reads ``KHABAR_*`` variables and finds the user's folders
(platformdirs' answers, through :func:`analyzers.diskcache.user_dir`); the rest of khabar calls
the functions below. ``VARIABLES`` is the documented table, and the README's *Environment*
table is tested against it (tests/test_docs.py).

Two readings happen elsewhere, for layering: ``analyzers`` never imports ``searcher``, so
:func:`analyzers.diskcache.cache_dir` reads ``KHABAR_CACHE_DIR`` itself (re-exported here as
:func:`cache_dir`); and the terminal's variables (``KHABAR_BIDI``, ``NO_COLOR``, ``PAGER``, …)
are read from :class:`searcher.output.render.Environment`, a snapshot of the environment that
tests can fake.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from searcher.errors import UsageError

APP = "khabar"  # the platformdirs application name: ~/.local/share/khabar, ~/.config/khabar, …


class Variable(NamedTuple):
    """A documented environment variable (a named tuple: every command imports this module,
    and a dataclass costs ~1 ms more to create at start-up)."""

    name: str
    effect: str


VARIABLES: tuple[Variable, ...] = (
    Variable("KHABAR_INDEX", "the index directory when --index is not given (default: "
             "<user data dir>/index, ~/.local/share/khabar/index on Linux)"),
    Variable("KHABAR_BIDI", "auto, on or off, as --bidi"),
    Variable("NO_COLOR", "no colours"),
    Variable("KHABAR_HISTORY", "the shell's history file (default: <user data dir>/shell_history)"),
    Variable("PAGER", "the pager for :open"),
    Variable("MANPAGER", "the pager for :open, before PAGER"),
    Variable("KHABAR_DEBUG", "1: tracebacks, as --debug"),
    Variable("KHABAR_KEY_FILE", "the signing key (default: <user config dir>/index.key)"),
    Variable("KHABAR_BATCH", "articles per commit for khabar index"),
    Variable("KHABAR_JOBS", "worker processes for khabar index"),
    Variable("KHABAR_SAMPLE_CORPUS", "the folder the first run indexes instead of sample_corpus/"),
    Variable("KHABAR_CACHE_DIR", "where the analyzer caches its word tables (default: "
             "<user cache dir>)"),
    Variable("KHABAR_TRUST_INDEX", "1: open an index without checking its signature"),
    Variable("KHABAR_FAULT_AT", "POINT:N: khabar index kills itself (SIGKILL) the Nth time it "
             "passes POINT — for the fault suite only (tests/faults, bench/faults.py)"),
)


def _get(name: str) -> str:
    return os.environ.get(name, "").strip()


def user_data_dir() -> Path:
    from analyzers.diskcache import user_dir  # platformdirs' answer, without its import cost

    return user_dir("data", APP)


def user_config_dir() -> Path:
    from analyzers.diskcache import user_dir

    return user_dir("config", APP)


def index_dir_from_environment() -> Path | None:
    """$KHABAR_INDEX, if set."""
    value = _get("KHABAR_INDEX")
    return Path(value).expanduser() if value else None


def default_index_dir() -> Path:
    """Where the index lives when neither --index nor $KHABAR_INDEX says."""
    return user_data_dir() / "index"


def key_file() -> Path:
    """The index signing key: $KHABAR_KEY_FILE, else the user's config directory."""
    value = _get("KHABAR_KEY_FILE")
    return Path(value) if value else user_config_dir() / "index.key"


def trust_every_index() -> bool:
    """$KHABAR_TRUST_INDEX=1: skip the signature check (for indexes the user trusts)."""
    return _get("KHABAR_TRUST_INDEX") == "1"


def fault_at() -> str:
    """$KHABAR_FAULT_AT (``POINT:N``), the fault suite's kill point; empty when unset."""
    return _get("KHABAR_FAULT_AT")


def debug() -> bool:
    return _get("KHABAR_DEBUG") == "1"


def history_file() -> Path:
    """The shell's history: $KHABAR_HISTORY, else the user's data directory."""
    value = _get("KHABAR_HISTORY")
    return Path(value) if value else user_data_dir() / "shell_history"


def sample_corpus_from_environment() -> Path | None:
    """$KHABAR_SAMPLE_CORPUS, the folder a first run indexes instead of the bundled sample."""
    value = _get("KHABAR_SAMPLE_CORPUS")
    return Path(value) if value else None


def whole_number(name: str, default: int | None, *, minimum: int = 1) -> int | None:
    """A whole number from the environment (KHABAR_BATCH, KHABAR_JOBS), or ``default``."""
    value = _get(name)
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        raise UsageError(f"{name}={value!r} is not a whole number of at least {minimum}",
                         hint=f"set {name} to a number such as 500, or unset it")
    return int(value)


def cache_dir() -> Path:
    """The analyzer's cache: $KHABAR_CACHE_DIR, else the user's cache directory."""
    from analyzers.diskcache import cache_dir as analyzer_cache_dir

    return analyzer_cache_dir()
