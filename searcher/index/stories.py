"""Each article's story, grouped when the index is committed and read by a query per hit.

Grouping near-duplicates (:mod:`searcher.index.story_groups`) needs every article's signature
and takes seconds on a large archive, so the writer does it once per commit and stores the
result in ``khabar.stories``, beside the segments: a header line, then two little-endian int32
arrays with one entry per document number of the index (segments in the TOC's order, deleted
documents included) —

- the **label**: the smallest document number of the article's story;
- the **ring**: the next member of the story (ascending, the last back to the first), so the
  members of one hit's story are a short walk, not a scan.

A query reads the file into two ``array("i")`` (no numpy: a one-shot ``khabar search`` stays
quick to start) and looks up only the hits it shows. The header names the segments (id,
documents, deletions) it was computed for; a file that does not match the opened index — a
writer killed between its commit and this file — is ignored and the grouping is done at query
time instead (:func:`stories_of`). The file is signed like every other index file.
"""

from __future__ import annotations

import json
import os
import sys
from array import array
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from searcher.engine.leaves import leaves

STORIES_FILE = "khabar.stories"
_MAGIC = b"khabar-stories 1 "


class Stories:
    """The story of every document of one opened index (indexed by document number)."""

    def __init__(self, labels: array[int], ring: array[int]) -> None:
        self.labels = labels
        self.ring = ring
        self._shared: Any = None

    def shared(self) -> Any:
        """A numpy bool array: True for the documents whose story has another member."""
        if self._shared is None:
            import numpy as np

            ring = np.frombuffer(self.ring, dtype=np.intc)
            self._shared = ring != np.arange(len(ring))
        return self._shared

    def label(self, docnum: int) -> int:
        return self.labels[docnum]

    def members(self, docnum: int) -> list[int]:
        """Every document of ``docnum``'s story, ascending from the story's first."""
        ring = self.ring
        first = self.labels[docnum]
        found = [first]
        member = ring[first]
        while member != first:
            found.append(member)
            member = ring[member]
        return found


def _segments(searcher: Any) -> list[Any]:
    return [segment for segment, _offset in leaves(searcher)]


def identity(searcher: Any) -> list[list[Any]]:
    """What the stored stories must have been computed for: per segment, its id, documents
    and deletions (deletions only grow within a segment, so their count pins the set)."""
    found = []
    for segment in _segments(searcher):
        reader = segment.reader()
        deleted = len(reader.deleted_docs_set) if reader.has_deletions() else 0
        found.append([reader.segment().segment_id(), reader.doc_count_all(), deleted])
    return found


def _int32(data: bytes) -> array[int]:
    values = array("i")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def read_stories(index_dir: Path, searcher: Any) -> Stories | None:
    """The stored stories of ``searcher``'s index, or None when absent or not for it."""
    try:
        data = (Path(index_dir) / STORIES_FILE).read_bytes()
    except OSError:
        return None
    line_end = data.find(b"\n")
    if not data.startswith(_MAGIC) or line_end < 0:
        return None
    try:
        header = json.loads(data[len(_MAGIC):line_end])
    except ValueError:
        return None
    segments = identity(searcher)
    count = sum(docs for _id, docs, _deleted in segments)
    body = data[line_end + 1:]
    if header.get("segments") != segments or len(body) != 8 * count:
        return None
    return Stories(_int32(body[:4 * count]), _int32(body[4 * count:]))


def signature_matrix(searcher: Any) -> Any:
    """Every document's story signature (n × 64 uint32, deleted documents zeroed), read
    segment by segment into one array: one copy of the signatures, not a copy per segment and
    then their concatenation (issue 9: at 300,000 articles each copy is 77 MB)."""
    import numpy as np

    from searcher.engine.columns import fixed_width_column
    from searcher.index import columns as newsroom

    width = newsroom.STORY_BYTES // 4
    readers = [segment.reader() for segment in _segments(searcher)]
    signatures = np.zeros((sum(r.doc_count_all() for r in readers), width), dtype="<u4")
    start = 0
    for reader in readers:
        rows = signatures[start:start + reader.doc_count_all()]
        start += len(rows)
        rows[:] = np.frombuffer(fixed_width_column(
            reader, newsroom.STORY, newsroom.STORY_BYTES, bytes(newsroom.STORY_BYTES)),
            dtype="<u4").reshape(-1, width)
        if reader.has_deletions():
            # a deleted (replaced) article must not join two live stories
            rows[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = 0
    return signatures


def labels_and_ring(signatures: Any) -> tuple[Any, Any]:
    """(labels, ring) numpy arrays grouped from a :func:`signature_matrix`."""
    from searcher.index.story_groups import next_members, story_labels

    labels = story_labels(signatures)
    return labels, next_members(labels)


def group(searcher: Any) -> tuple[Any, Any]:
    """(labels, ring) numpy arrays of ``searcher``'s index, grouped from the story column."""
    return labels_and_ring(signature_matrix(searcher))


def write_stories(index_dir: Path, ix: Any) -> None:
    """Group the stories of ``ix`` as last committed and store them (signed) in the index."""
    from searcher.index import trust

    with ix.searcher() as searcher:
        signatures = signature_matrix(searcher)
        header = json.dumps({"segments": identity(searcher)}, separators=(",", ":"))
    # Grouped once the searcher is closed: the pages of the mapped columns it read are let go
    # before the grouping's work arrays are made.
    labels, ring = labels_and_ring(signatures)
    del signatures
    tmp = index_dir / (STORIES_FILE + ".tmp")
    with tmp.open("wb") as handle:
        handle.write(_MAGIC + header.encode("ascii") + b"\n")
        handle.write(labels.astype("<i4").tobytes())
        handle.write(ring.astype("<i4").tobytes())
    # Signed before it appears under its name, as a TOC is: a reader never sees it unvouched.
    # Unlike a TOC's, the name is the old file's: were the old file still there when the
    # signature vouches for the new bytes, a kill between signing and renaming would leave a
    # file the signature does not match, and an index that refuses to open. Without it, such a
    # kill leaves no stored stories, and readers group them at query time until the next run.
    (index_dir / STORIES_FILE).unlink(missing_ok=True)
    trust.sign(index_dir, pending={STORIES_FILE: tmp})
    os.replace(tmp, index_dir / STORIES_FILE)


def stories_problem(index_dir: Path, searcher: Any) -> str | None:
    """Why the stored stories do not serve ``searcher``'s index (None when they do, or when
    it holds no article): a collapsed search then groups them itself, at query time."""
    if read_stories(index_dir, searcher) is not None or searcher.doc_count_all() == 0:
        return None
    if not (Path(index_dir) / STORIES_FILE).exists():
        return f"{STORIES_FILE} is missing"
    return f"{STORIES_FILE} was written for another commit of the index"


def restore_stories(index_dir: Path, ix: Any) -> bool:
    """Store the stories again when they do not fit the index (a writer killed between its
    commit and them); True when it wrote them (the caller signs the directory)."""
    with ix.searcher() as searcher:
        if stories_problem(index_dir, searcher) is None:
            return False
    write_stories(index_dir, ix)
    return True


_CACHE: dict[tuple[str, str], Stories] = {}
# Per open searcher, its stories: a search then skips even the identity check.
_BY_SEARCHER: WeakKeyDictionary[Any, Stories] = WeakKeyDictionary()


def stories_of(index_dir: Path, searcher: Any) -> Stories:
    """The stories of ``searcher``'s index: stored ones when they fit it, else grouped now
    (an index whose writer died before storing them); kept while the index is unchanged."""
    found = _BY_SEARCHER.get(searcher)
    if found is not None:
        return found
    key = (str(index_dir), json.dumps(identity(searcher)))
    found = _CACHE.get(key)
    if found is None:
        found = read_stories(index_dir, searcher)
        if found is None:
            labels, ring = group(searcher)
            found = Stories(_int32(labels.astype("<i4").tobytes()),
                            _int32(ring.astype("<i4").tobytes()))
        _CACHE.clear()  # one index at a time: an older generation is of no further use
        _CACHE[key] = found
    _BY_SEARCHER[searcher] = found
    return found
