"""A disk cache for the analyzer's tables, so a one-shot ``khabar search`` starts fast.

Building the lexicon (hazm's 190k-line word list, folded) and the verb-form table costs ~0.2 s;
reading them back with ``marshal`` costs a fifth of that. Cache files are keyed by the hazm data
files (name, size, mtime) and by the source of the modules that build the tables, so a new
hazm or a change to khabar's morphology can never be served a stale table. Where the cache
directory cannot be written the tables are simply built every time.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_SOURCES = ("chars.py", "lexicon.py", "morphology.py", "diskcache.py", "probe.py")


def cache_dir() -> Path:
    """$KHABAR_CACHE_DIR, else the user's cache directory."""
    explicit = os.environ.get("KHABAR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return user_dir("cache")


# platformdirs' rule on Linux, for the common case: $XDG_<KIND>_HOME when it is an absolute
# path, else the default under an absolute $HOME. Importing platformdirs costs more (~7 ms)
# than reading the analyzer's tables from this cache, on every one-shot command; any other
# system or environment asks platformdirs itself (tests/analyzers/test_diskcache.py compares).
_XDG = {"data": ("XDG_DATA_HOME", ".local/share"), "config": ("XDG_CONFIG_HOME", ".config"),
        "cache": ("XDG_CACHE_HOME", ".cache")}


def user_dir(kind: str, app: str = "khabar") -> Path:
    """The user's ``kind`` ("data", "config" or "cache") directory for ``app``, as
    platformdirs gives it."""
    variable, default = _XDG[kind]
    home = os.environ.get("HOME", "")
    if (sys.platform == "linux" and os.path.isabs(home) and "ANDROID_DATA" not in os.environ
            and not hasattr(sys, "getandroidapilevel")):
        xdg = os.environ.get(variable, "")
        return Path(xdg if os.path.isabs(xdg) else os.path.join(home, default), app)
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(app))


@cache
def _key(data_dir: Path) -> str:
    # zlib's checksums are enough to tell versions apart and, unlike hashlib, cost nothing
    # to import on this start-up path.
    stats = "".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns};"
                    for p in sorted(data_dir.iterdir()))
    here = Path(__file__).parent
    sources = b"".join((here / name).read_bytes() for name in _SOURCES)
    return f"{zlib.crc32(stats.encode()):08x}{zlib.adler32(sources):08x}{len(sources):x}"


def load_or_build(name: str, data_dir: Path, build: Callable[[], T]) -> T:
    """The cached value called ``name``, or ``build()`` (then cached for next time)."""
    return load_or_build_keyed(name, _key(data_dir), build)


def load_or_build_keyed(name: str, key: str, build: Callable[[], T]) -> T:
    """The value cached as ``name`` for ``key``, or ``build()``; older keys of ``name`` go."""
    folder = cache_dir()
    path = folder / f"{name}-{key}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))  # type: ignore[arg-type]  # build's tables
        os.replace(tmp, path)
        for old in folder.glob(f"{name}-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass
    return value
