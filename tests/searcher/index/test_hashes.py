"""The index's hashes without OpenSSL are the very digests hashlib and hmac give: a signature
written before them still verifies, and a stored column keeps its values."""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from searcher.index.hashes import blake2b, hmac_sha256, same_digest, sha256

# Keys around SHA-256's 64-byte block: shorter ones are padded, longer ones hashed first.
KEYS = st.binary(min_size=0, max_size=150)
MESSAGES = st.one_of(st.binary(max_size=300),
                     st.text(alphabet="انتخابات مجلس ۱۴۰۲ khabar-index-v3\0{}[]\",:").map(
                         lambda text: text.encode("utf-8")))


@given(KEYS, MESSAGES)
def test_hmac_sha256_is_hmacs(key: bytes, message: bytes) -> None:
    assert hmac_sha256(key, message) == hmac.new(key, message, hashlib.sha256).hexdigest()


def test_hmac_sha256_at_the_block_edges() -> None:
    for size in (0, 1, 32, 63, 64, 65, 128):
        key = bytes(range(size))
        assert hmac_sha256(key, "خبر".encode()) == hmac.new(
            key, "خبر".encode(), hashlib.sha256).hexdigest(), size


@given(st.binary(max_size=500), st.integers(min_value=1, max_value=64))
def test_the_digests_are_hashlibs(data: bytes, size: int) -> None:
    assert blake2b(data, digest_size=size).digest() == hashlib.blake2b(
        data, digest_size=size).digest()
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_same_digest_compares_text() -> None:
    mac = hmac_sha256(b"k" * 32, b"payload")
    assert same_digest(mac, hmac_sha256(b"k" * 32, b"payload"))
    assert not same_digest(mac, hmac_sha256(b"k" * 32, b"payloae"))
    assert not same_digest(mac, mac[:-1])
