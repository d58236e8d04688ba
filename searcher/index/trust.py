"""Only open indexes this installation wrote, byte for byte.

whoosh unpickles the schema, stored fields and posting blocks when it reads an index, so an index
directory from someone else — or one someone altered — can run code. khabar keeps
``khabar.sig`` beside the index: every index file's name, size and a digest of all its bytes,
sealed with an HMAC-SHA256 under a key kept in the user's config directory. :func:`verify`
checks it before whoosh reads anything. (The restricted unpickler of
:mod:`searcher.engine.safe_pickle` is the second wall.)

Hashing every file on every open would cost more than a search on a large archive, so each
entry also records the file's inode, mtime and ctime when it was hashed: a file whose
(size, inode, mtime, ctime) are still those is the file that was hashed — ctime cannot be set
back by a user, and any write or replacement changes it — and is not read again. A copied or
restored index is hashed in full on open until ``khabar index`` or ``khabar trust`` re-signs it.

The signature never lags the index: the writer signs a TOC *before* whoosh renames it into
place (see :mod:`searcher.index.directory`), listing the old TOC and the new one, and signs
again once whoosh has removed the old files. A listed file that is absent is allowed here (a missing
segment is damage that ``khabar check`` reports); an unlisted TOC, or a listed file whose bytes
changed, is not. Unlisted segment files — left by a writer killed mid-batch — are ignored: no
signed TOC refers to them, so whoosh never reads them.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from searcher import settings
from searcher.errors import IndexUntrustedError
from searcher.index.format import FORMAT_FILE
from searcher.index.hashes import blake2b, hmac_sha256, same_digest

SIGNATURE_FILE = "khabar.sig"
_VERSION = 3  # 1, 2: TOC bytes, segment sizes only; 3: every file's bytes
_NOT_SIGNED = {SIGNATURE_FILE, "khabar.lock", "khabar.damaged", "MAIN_WRITELOCK",
               "manifest.sqlite", "manifest.sqlite-journal", "manifest.sqlite-wal",
               "manifest.sqlite-shm"}
# What whoosh takes for a TOC when it looks for the latest generation (its pattern, whose
# unescaped dot matches any character): every such file must be vouched for.
_WHOOSH_TOC = re.compile(r"^_MAIN_[0-9]+.toc$")
_CHUNK = 1 << 20

# name, size, digest of all the bytes, and (inode, mtime_ns, ctime_ns) when they were hashed
Entry = tuple[str, int, str, list[int]]


class Mismatch(Exception):
    """Why a signature does not vouch for the directory (for ``khabar check``)."""


class OlderSignature(Mismatch):
    """A signature from a khabar that did not bind file contents."""


def key_path() -> Path:
    """Where the signing key lives: $KHABAR_KEY_FILE, else the user's config directory."""
    return settings.key_file()


def _key() -> bytes:
    path = key_path()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        import secrets  # only to make a key: its import (random, …) is start-up time

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
    """Files that must be listed when present: the TOCs and the index format version."""
    return is_toc(name) or name == FORMAT_FILE


def _digest(path: Path) -> str:
    digest = blake2b(digest_size=32)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stamp(stat: os.stat_result) -> list[int]:
    return [stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns]


def _signed_files(index_dir: Path) -> Iterator[Path]:
    for path in index_dir.iterdir():
        if path.name not in _NOT_SIGNED and not path.name.endswith(".tmp") and path.is_file():
            yield path


def _seal(entries: list[Entry], key: bytes) -> str:
    payload = json.dumps(sorted(entries), ensure_ascii=True, separators=(",", ":"))
    return hmac_sha256(key, f"khabar-index-v{_VERSION}\0{payload}".encode())


def read_signed(index_dir: Path) -> dict[str, Entry]:
    """The entries of a valid version-3 signature; Mismatch otherwise."""
    try:
        record = json.loads((index_dir / SIGNATURE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Mismatch("the index is not signed (khabar.sig is missing)") from None
    except (OSError, ValueError) as exc:
        raise Mismatch(f"khabar.sig is unreadable: {exc}") from None
    try:
        if record.get("version") != _VERSION:
            raise OlderSignature(f"signed by an older khabar (signature version "
                           f"{record.get('version', 1)}), which did not bind file contents")
        listing = [(str(name), int(size), str(digest), [int(n) for n in stamp])
                   for name, size, digest, stamp in record["files"]]
        mac = str(record["mac"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise Mismatch("khabar.sig is garbled") from None
    if not same_digest(mac, _seal(listing, _key())):
        raise Mismatch("signed with another key (another machine or user), or khabar.sig "
                       "was altered")
    return {entry[0]: entry for entry in listing}


def _entry(path: Path, known: Entry | None) -> Entry:
    """A file's entry, its digest taken from ``known`` when the file is still that file."""
    stat = path.stat()
    stamp = _stamp(stat)
    if known is not None and known[1] == stat.st_size and known[3] == stamp:
        return known
    return (path.name, stat.st_size, _digest(path), stamp)


def sign(index_dir: Path, *, pending: Mapping[str, Path] | None = None) -> None:
    """Record that this installation wrote the index as it now stands.

    ``pending`` maps the name of a TOC about to be renamed into place to the file that holds
    its bytes now, so the signature covers the index both before and after the rename.
    Files already hashed by the previous signature, unchanged since, are not read again.
    """
    try:
        before = read_signed(index_dir)
    except Mismatch:
        before = {}
    entries = {p.name: _entry(p, before.get(p.name)) for p in _signed_files(index_dir)}
    for name, source in (pending or {}).items():
        stat = source.stat()
        entries[name] = (name, stat.st_size, _digest(source), [0, 0, 0])  # renamed: new ctime
    listing = sorted(entries.values())
    record = {"version": _VERSION, "files": listing, "mac": _seal(listing, _key())}
    tmp = index_dir / (SIGNATURE_FILE + ".tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, index_dir / SIGNATURE_FILE)


def mismatches(index_dir: Path) -> list[str]:
    """Every way the directory differs from what khabar.sig vouches for (empty: trusted)."""
    try:
        signed = read_signed(index_dir)
    except Mismatch as exc:
        return [str(exc)]
    found = []
    for path in sorted(_signed_files(index_dir)):
        known = signed.get(path.name)
        if known is None:
            if _digested(path.name):
                found.append(f"{path.name} is a file khabar did not write")
            continue
        try:
            entry = _entry(path, known)
        except OSError as exc:
            found.append(f"{path.name} cannot be read: {exc.strerror or exc}")
            continue
        if entry[1] != known[1]:
            found.append(f"{path.name} changed size since it was signed "
                         f"({known[1]} → {entry[1]} bytes)")
        elif entry[2] != known[2]:
            found.append(f"{path.name} changed since it was signed (same size, other bytes)")
    return found


def is_trusted(index_dir: Path) -> bool:
    """True when khabar.sig vouches for every file present, byte for byte."""
    try:
        return not mismatches(index_dir)
    except OSError:
        return False


def verify(index_dir: Path) -> None:
    """Raise IndexUntrustedError unless khabar.sig vouches for the index as it is on disk."""
    if settings.trust_every_index():
        return
    # A reader can read the signature just before a writer re-signs and list the directory
    # just after whoosh renamed the new TOC in: look again before refusing.
    for delay in (0.0, 0.1, 0.3):
        time.sleep(delay)
        if is_trusted(index_dir):
            return
    try:
        read_signed(index_dir)
    except OlderSignature:
        # An older khabar's index is in an older format too: "re-index" says more than "trust".
        from searcher.index.format import check_format

        check_format(index_dir)
    except Mismatch:
        pass
    problems = mismatches(index_dir)
    why = problems[0] if problems else "it changed while being checked"
    raise IndexUntrustedError(
        f"refusing to open {index_dir}: {why}; opening an index loads code-bearing data "
        "(pickle) stored in it, so khabar opens only the bytes it wrote",
        hint=f"damaged: khabar check --index {index_dir}, then khabar index PATH repairs it; "
             f"if you trust where it came from: khabar trust --index {index_dir}",
    )
