"""A disk cache for the analyzer's tables, so a one-shot ``khabar search`` starts fast.

Building the lexicon (hazm's 190k-line word list, folded) and the verb-form table costs ~0.2 s;
reading them back with ``marshal`` costs a fifth of that. Cache files are keyed by the hazm data
files (name, size, mtime) and by the source of the modules that build the tables, so a new
hazm or a change to khabar's morphology can never be served a stale table. Where the cache
directory cannot be written the tables are simply built every time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_SOURCES = ("chars.py", "lexicon.py", "morphology.py", "diskcache.py")


def cache_dir() -> Path:
    """$KHABAR_CACHE_DIR, else the user's cache directory."""
    explicit = os.environ.get("KHABAR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("khabar"))


@cache
def _key(data_dir: Path) -> str:
    digest = hashlib.blake2b(digest_size=10)
    for path in sorted(data_dir.iterdir()):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def load_or_build(name: str, data_dir: Path, build: Callable[[], T]) -> T:
    """The cached value called ``name``, or ``build()`` (then cached for next time)."""
    folder = cache_dir()
    path = folder / f"{name}-{_key(data_dir)}.marshal"
    try:
        return marshal.loads(path.read_bytes())  # type: ignore[no-any-return]
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, path)
        for old in folder.glob(f"{name}-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass
    return value
