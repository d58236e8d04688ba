"""The terms of an index's text field, for did-you-mean, cached on disk between runs.

Reading every term out of whoosh's term files costs about 7 µs a term in Python (0.4 s for the
60k terms of a 20k-article index, over a second for a large real archive): too slow for every
one-shot ``khabar search`` with a slip in it. The list is cached with ``marshal`` (a few ms to
read back) under the user's cache directory, keyed by the index folder's files (name, size,
modification time), so any commit to the index makes a new list.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from analyzers.diskcache import load_or_build_keyed
from searcher.index.directory import regular_files
from searcher.index.schema import TEXT_FIELD


def _state(index_dir: Path) -> str:
    listing = "".join(f"{path.name}:{status.st_size}:{status.st_mtime_ns};"
                      for path, status in regular_files(index_dir))
    return f"{zlib.crc32(listing.encode()):08x}"


def read_terms(reader: Any) -> list[str]:
    """Every term of the text field, segment by segment (whoosh's merged walk is slower)."""
    leaves = [reader] if reader.is_atomic() else [leaf for leaf, _ in reader.leaf_readers()]
    terms: set[bytes] = set()
    for leaf in leaves:
        terms.update(leaf.lexicon(TEXT_FIELD))
    return [term.decode("utf-8") for term in terms]


def vocabulary(index_dir: Path, reader: Any) -> list[str]:
    """The text field's terms of the index in ``index_dir`` (opened as ``reader``)."""
    name = f"vocabulary-{zlib.crc32(str(index_dir.resolve()).encode()):08x}"
    return load_or_build_keyed(name, _state(index_dir), lambda: read_terms(reader))
