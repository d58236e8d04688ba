"""The index's hashes (BLAKE2b, HMAC-SHA256) without loading OpenSSL.

``import hashlib`` loads ``_hashlib``, Python's binding to OpenSSL (~2.5 ms; ``hmac`` imports
it too), on every one-shot search, which only checks the index's signature and hashes an agency
name or two. BLAKE2 and SHA-256 are built into Python as well (``_blake2``, ``_sha2``: what
hashlib itself uses without OpenSSL), and give the same bytes, so signatures and stored
columns stay as they were (tests/searcher/index/test_hashes.py compares).
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
    from _operator import _compare_digest as same_digest
    from _sha2 import sha256
except ImportError:  # a Python without them: the public modules, OpenSSL and all
    from hashlib import blake2b, sha256
    from hmac import compare_digest as same_digest  # type: ignore[no-redef]

__all__ = ["blake2b", "hmac_sha256", "same_digest", "sha256"]

_BLOCK = 64  # SHA-256's block size in bytes
_INNER = bytes(x ^ 0x36 for x in range(256))
_OUTER = bytes(x ^ 0x5C for x in range(256))


def hmac_sha256(key: bytes, message: bytes) -> str:
    """HMAC-SHA256 of ``message`` under ``key`` as hex (RFC 2104), as ``hmac.new`` gives it.

    >>> hmac_sha256(b"key", b"The quick brown fox jumps over the lazy dog")[:16]
    'f7bc83f430538424'
    """
    if len(key) > _BLOCK:
        key = sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    inner = sha256(key.translate(_INNER))
    inner.update(message)
    outer = sha256(key.translate(_OUTER))
    outer.update(inner.digest())
    return outer.hexdigest()
