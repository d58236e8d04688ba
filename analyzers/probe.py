"""A read-only word table looked up where it lies, for the analyzer's short runs.

A query and its page of snippets look up a few thousand words in hazm's lexicon (~35k words)
and the verb-form table (~40k forms); building those dicts creates every one of their strings,
which costs a one-shot ``khabar search`` more than everything else it analyzes. A
:class:`ProbeTable` holds the same entries as one UTF-8 blob and an open-addressing array of
their offsets, both read from the disk cache as single objects, and finds a word by hashing its
bytes (crc32) and comparing them in place. Bulk analysis (indexing) uses the dicts: a lookup
here costs about a microsecond, several times a dict's.

>>> table = ProbeTable(ProbeTable.pack([("کتاب", "12"), ("رفت", "7")]), int)
>>> table["کتاب"], "رفت" in table, table.get("تهران")
(12, True, None)
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar
from zlib import crc32

V = TypeVar("V")
_MISSING: Any = object()
_SEPARATOR, _END = 0, b"\n"  # key, NUL, value, newline: neither occurs in a folded word


class ProbeTable(Mapping[str, V]):
    """str → value, from :meth:`pack`'s bytes; ``value`` turns a stored value's bytes back."""

    __slots__ = ("_blob", "_mask", "_slots", "_value")

    def __init__(self, packed: tuple[bytes, bytes], value: Callable[[bytes], V]) -> None:
        offsets, self._blob = packed
        self._slots = array("I")
        self._slots.frombytes(offsets)
        self._mask = len(self._slots) - 1
        self._value = value

    @staticmethod
    def pack(items: Iterable[tuple[str, str]]) -> tuple[bytes, bytes]:
        """(offsets, blob) for the (key, value) pairs; a later repeat of a key is ignored."""
        entries = []
        for key, value in items:
            key_bytes, value_bytes = key.encode("utf-8"), value.encode("utf-8")
            if b"\0" in key_bytes or _END in key_bytes + value_bytes:
                raise ValueError(f"{key!r}: a NUL or newline cannot be stored")
            entries.append((key_bytes, value_bytes))
        size = 1
        while size < 2 * len(entries) + 1:  # at most half full: probes stay short
            size *= 2
        slots = array("I", bytes(4 * size)) if array("I").itemsize == 4 else None
        if slots is None:
            raise OSError("no 4-byte unsigned array type on this platform")
        blob = bytearray()
        for key_bytes, value_bytes in entries:
            at = crc32(key_bytes) & (size - 1)
            while slots[at] and not _same_key(blob, slots[at] - 1, key_bytes):
                at = (at + 1) & (size - 1)
            if slots[at]:
                continue
            slots[at] = len(blob) + 1  # 0 marks an empty slot
            blob += key_bytes + bytes((_SEPARATOR,)) + value_bytes + _END
        return slots.tobytes(), bytes(blob)

    def _value_at(self, key: str) -> int:
        """Where the value of ``key`` starts in the blob, or -1."""
        key_bytes = key.encode("utf-8", "surrogatepass")
        blob, slots, mask = self._blob, self._slots, self._mask
        at = crc32(key_bytes) & mask
        while True:
            start = slots[at]
            if not start:
                return -1
            if _same_key(blob, start - 1, key_bytes):
                return start + len(key_bytes)
            at = (at + 1) & mask

    def get(self, key: str, default: Any = None) -> Any:
        start = self._value_at(key) if isinstance(key, str) else -1
        if start < 0:
            return default
        return self._value(self._blob[start:self._blob.index(_END, start)])

    def __getitem__(self, key: str) -> V:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._value_at(key) >= 0

    def __iter__(self) -> Iterator[str]:
        for line in self._blob.split(_END)[:-1]:
            yield line[:line.index(_SEPARATOR)].decode("utf-8")

    def __len__(self) -> int:
        return self._blob.count(_END)


def _same_key(blob: bytes | bytearray, at: int, key_bytes: bytes) -> bool:
    """True when the entry at ``at`` has exactly ``key_bytes`` as its key."""
    end = at + len(key_bytes)
    # The slice first: when it equals the key, the entry's separator or a longer key's next
    # byte lies at ``end`` (every entry ends with a separator and a newline).
    return blob[at:end] == key_bytes and blob[end] == _SEPARATOR
