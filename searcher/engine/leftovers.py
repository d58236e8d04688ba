"""Files a writer that died (kill -9, a full disk, a file-size limit) left in the index folder.

whoosh removes the segments the latest TOC no longer names at each commit, but not the other
debris of a writer that failed mid-commit: a TOC being written under a temporary name
(``_MAIN_3.toc.<random>``), its posting pool's temporary folder (``*.tmp``), half-written
segment files. :func:`remove_leftovers` clears all of it; the caller holds the write lock, so
nothing it removes can belong to a live writer.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

INDEX_NAME = "MAIN"
_TEMP_TOC = re.compile(rf"^_{INDEX_NAME}_[0-9]+\.toc\..+$")


def segment_files(ix: Any) -> set[str]:
    """The file names the latest generation's segments occupy."""
    names = set(ix.storage.list())
    found: set[str] = set()
    for segment in ix._segments():
        found.update(segment.list_files(ix.storage))
    return found & names


def remove_leftovers(ix: Any, index_dir: Path) -> list[str]:
    """Remove what a failed writer left behind; the names removed."""
    from whoosh.index import clean_files

    before = {p.name for p in index_dir.iterdir()}
    clean_files(ix.storage, INDEX_NAME, ix.latest_generation(), ix._segments())
    for path in index_dir.iterdir():
        if path.name.endswith(".tmp") or _TEMP_TOC.match(path.name):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
    return sorted(before - {p.name for p in index_dir.iterdir()})
