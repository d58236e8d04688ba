"""Only open indexes this installation wrote.

whoosh unpickles the schema (and stored fields) when it reads an index, so an index directory
from someone else can run code. khabar keeps ``khabar.sig`` beside the index: a list of the
index's files — name and size of each, and a digest of the bytes of every table of contents
(TOC), which holds the pickled schema and the segment list, and of the index format version
(:mod:`searcher.index.format`) — sealed with an HMAC-SHA256 under
a key kept in the user's config directory. :func:`verify` checks it before whoosh reads
anything. Segment files are bound by name and size (hashing gigabytes of postings on every
open would cost more than the search).

The signature never lags the index: the writer signs a TOC *before* whoosh renames it into
place (see :mod:`searcher.index.directory`), listing the old TOC and the new one, and signs again once
whoosh has removed the old files. A listed file that is absent is allowed (whoosh cannot read
what is not there); an unlisted TOC, or a listed file whose size or digest changed, is not.
Unlisted segment files — left by a writer killed mid-batch — are ignored: no signed TOC
refers to them, so whoosh never reads them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import time
from collections.abc import Mapping
from pathlib import Path

from searcher.errors import IndexUntrustedError
from searcher.index.format import FORMAT_FILE

SIGNATURE_FILE = "khabar.sig"
_VERSION = 2
_NOT_SIGNED = {SIGNATURE_FILE, "khabar.lock", "MAIN_WRITELOCK", "manifest.sqlite",
               "manifest.sqlite-journal", "manifest.sqlite-wal", "manifest.sqlite-shm"}
# What whoosh takes for a TOC when it looks for the latest generation (its pattern, whose
# unescaped dot matches any character): every such file must be vouched for.
_WHOOSH_TOC = re.compile(r"^_MAIN_[0-9]+.toc$")

Entry = tuple[str, int, str]  # file name, size, digest of the bytes (TOCs and the format file, else "")


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


def is_toc(name: str) -> bool:
    return name.endswith(".toc") or _WHOOSH_TOC.match(name) is not None


def _digested(name: str) -> bool:
    """Files whose bytes the signature covers: the TOCs and the index format version."""
    return is_toc(name) or name == FORMAT_FILE


def _digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=32).hexdigest()


def _entry(name: str, path: Path) -> Entry:
    return (name, path.stat().st_size, _digest(path) if _digested(name) else "")


def _listing(index_dir: Path) -> list[Entry]:
    return [
        _entry(p.name, p)
        for p in index_dir.iterdir()
        if p.is_file() and p.name not in _NOT_SIGNED and not p.name.endswith(".tmp")
    ]


def _seal(entries: list[Entry], key: bytes) -> str:
    payload = json.dumps(sorted(entries), ensure_ascii=True, separators=(",", ":"))
    return hmac.new(key, f"khabar-index-v{_VERSION}\0{payload}".encode(),
                    hashlib.sha256).hexdigest()


def sign(index_dir: Path, *, pending: Mapping[str, Path] | None = None) -> None:
    """Record that this installation wrote the index as it now stands.

    ``pending`` maps the name of a TOC about to be renamed into place to the file that holds
    its bytes now, so the signature covers the index both before and after the rename.
    """
    entries = {entry[0]: entry for entry in _listing(index_dir)}
    for name, source in (pending or {}).items():
        entries[name] = (name, source.stat().st_size, _digest(source))
    listing = sorted(entries.values())
    record = {"version": _VERSION, "files": listing, "mac": _seal(listing, _key())}
    tmp = index_dir / (SIGNATURE_FILE + ".tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, index_dir / SIGNATURE_FILE)


def is_trusted(index_dir: Path) -> bool:
    """True when khabar.sig vouches for every TOC present and every listed file present."""
    try:
        record = json.loads((index_dir / SIGNATURE_FILE).read_text(encoding="utf-8"))
        if record.get("version") != _VERSION:
            return _is_trusted_v1(index_dir, record)
        listing = [(str(name), int(size), str(digest)) for name, size, digest in record["files"]]
        if not hmac.compare_digest(str(record["mac"]), _seal(listing, _key())):
            return False
        signed = {name: (size, digest) for name, size, digest in listing}
        for path in index_dir.iterdir():
            if path.name in _NOT_SIGNED:
                continue
            if _digested(path.name):
                if path.name not in signed or _digest(path) != signed[path.name][1]:
                    return False
            elif path.name in signed and path.stat().st_size != signed[path.name][0]:
                return False
        return True
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _is_trusted_v1(index_dir: Path, record: dict) -> bool:
    """Signatures written before version 2: every listed file present, TOC bytes in the MAC."""
    listing = sorted((str(name), int(size)) for name, size in record["files"])
    signed = {name for name, _ in listing}
    mac = hmac.new(_key(), digestmod=hashlib.sha256)
    for name, size in listing:
        if (index_dir / name).stat().st_size != size:
            return False
        mac.update(f"{name}\0{size}\0".encode())
        if name.endswith(".toc"):
            mac.update((index_dir / name).read_bytes())
    if any(is_toc(p.name) and p.name not in signed for p in index_dir.iterdir()):
        return False
    return hmac.compare_digest(str(record["mac"]), mac.hexdigest())


def verify(index_dir: Path) -> None:
    """Raise IndexUntrustedError unless khabar.sig vouches for the index as it is on disk."""
    if os.environ.get("KHABAR_TRUST_INDEX") == "1":
        return
    # A reader can read the signature just before a writer re-signs and list the directory
    # just after whoosh renamed the new TOC in: look again before refusing.
    for delay in (0.0, 0.1, 0.3):
        time.sleep(delay)
        if is_trusted(index_dir):
            return
    raise IndexUntrustedError(
        f"refusing to open {index_dir}: it was not written by khabar on this machine, or it "
        "changed since; opening an index loads code-bearing data (pickle) stored in it",
        hint=f"if you trust where it came from, run: khabar trust --index {index_dir}",
    )
