"""Only open indexes this installation wrote.

whoosh unpickles the schema (and stored fields) when it reads an index, so an index directory
from someone else can run code. After every commit khabar writes ``khabar.sig``: an HMAC-SHA256,
under a key kept in the user's config directory, of every table-of-contents file's bytes and of
the name and size of every other file in the index. ``verify`` checks it before whoosh reads
anything. The TOC holds the pickled schema and the segment list; segment files are bound by
name and size (hashing gigabytes of postings on every open would cost more than the search).
Known gap: a process killed between whoosh's commit and the signature leaves an index khabar
will not open without ``khabar trust``; the window is a few milliseconds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path

from searcher.errors import IndexUntrustedError

SIGNATURE_FILE = "khabar.sig"
_NOT_SIGNED = {SIGNATURE_FILE, "khabar.lock", "manifest.sqlite", "manifest.sqlite-journal",
               "manifest.sqlite-wal", "manifest.sqlite-shm"}


def key_path() -> Path:
    """Where the signing key lives: $KHABAR_KEY_FILE, else the user's config directory."""
    explicit = os.environ.get("KHABAR_KEY_FILE")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir("khabar")) / "index.key"


def _key() -> bytes:
    path = key_path()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        # O_EXCL: two first runs at once must agree on one key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes()
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key


def _listing(index_dir: Path) -> list[tuple[str, int]]:
    return sorted(
        (p.name, p.stat().st_size)
        for p in index_dir.iterdir()
        if p.is_file() and p.name not in _NOT_SIGNED and not p.name.endswith((".tmp", "LOCK"))
    )


def _mac(index_dir: Path, listing: list[tuple[str, int]], key: bytes) -> str:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for name, size in listing:
        mac.update(f"{name}\0{size}\0".encode())
        if name.endswith(".toc"):
            mac.update((index_dir / name).read_bytes())
    return mac.hexdigest()


def sign(index_dir: Path) -> None:
    """Record that this installation wrote the index as it now stands."""
    listing = _listing(index_dir)
    record = {"files": listing, "mac": _mac(index_dir, listing, _key())}
    tmp = index_dir / (SIGNATURE_FILE + ".tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, index_dir / SIGNATURE_FILE)


def is_trusted(index_dir: Path) -> bool:
    """True when khabar.sig vouches for every TOC present and every file it lists.

    Files it does not list are ignored: a writer killed mid-batch leaves segment files that no
    signed TOC refers to, so whoosh never reads them.
    """
    try:
        record = json.loads((index_dir / SIGNATURE_FILE).read_text(encoding="utf-8"))
        listing = [(str(name), int(size)) for name, size in record["files"]]
        recorded = str(record["mac"])
        signed = {name for name, _ in listing}
        for name, size in listing:
            if (index_dir / name).stat().st_size != size:
                return False
        if any(p.name not in signed for p in index_dir.glob("*.toc")):
            return False
        return hmac.compare_digest(recorded, _mac(index_dir, listing, _key()))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def verify(index_dir: Path) -> None:
    """Raise IndexUntrustedError unless khabar.sig vouches for the index as it is on disk."""
    if os.environ.get("KHABAR_TRUST_INDEX") == "1":
        return
    # A writer commits, then signs: a reader can land between the two.
    for delay in (0.0, 0.1, 0.3):
        time.sleep(delay)
        if is_trusted(index_dir):
            return
    raise IndexUntrustedError(
        f"refusing to open {index_dir}: it was not written by khabar on this machine, or it "
        "changed since; opening an index loads code-bearing data (pickle) stored in it",
        hint=f"if you trust where it came from, run: khabar trust --index {index_dir}",
    )
