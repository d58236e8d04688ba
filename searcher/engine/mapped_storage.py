"""Index files read through the memory map, without copying them into memory.

whoosh opens a segment's compound file with ``mmap`` and then hands each sub-file (postings,
term index, stored fields, columns) to a ``BufferFile``, which wraps the mapped bytes in
``BytesIO(buf)`` — a full copy. Opening a 100k-article index so copied ~400 MB and took a
quarter of a second on every one-shot search. Here each file or sub-file is its own read-only
``mmap`` of just its byte range (rounded down to a page), so the operating system pages in
what a query touches and nothing else, and ``read``/``seek``/``tell``/``pickle.load`` run on the
map in C. :class:`MappedStorage` is a ``FileStorage`` that opens files this way; it tells
whoosh's ``CompoundStorage`` it cannot map (``supports_mmap = False``), so that compound
storage asks the file for ``subset`` — answered here with a mapped sub-file — instead of
mapping and copying itself. Nothing global is changed: only indexes opened through
:class:`MappedStorage` read this way.
"""

from __future__ import annotations

import mmap
import os
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

_PAGE = mmap.ALLOCATIONGRANULARITY


class MappedFile(StructFile):
    """A read-only StructFile over bytes [``start``, ``start + length``) of a file."""

    is_closed: bool  # set by StructFile

    def __init__(self, fd: int, start: int, length: int, name: str | None = None) -> None:
        aligned = start - start % _PAGE  # mmap offsets must be page-aligned
        self._delta = start - aligned
        self._fd = fd
        self._start = start
        self._length = length
        region = mmap.mmap(fd, self._delta + length, access=mmap.ACCESS_READ, offset=aligned)
        super().__init__(region, name=name)
        self.is_real = False  # no fileno: read arrays from bytes, not with array.fromfile
        # The map ends where the file or sub-file ends: reads need no bounds of their own.
        self.read = region.read
        self.readline = region.readline
        self.seek(0)

    def seek(self, position: int, whence: int = 0) -> int:
        return self.file.seek(position + self._delta if whence == 0 else position, whence)

    def tell(self) -> int:
        return self.file.tell() - self._delta

    def get(self, position: int, length: int) -> bytes:
        at = self._delta + position
        return self.file[at:at + length]

    def view(self) -> memoryview:
        """The file's bytes as a read-only buffer, copied by nobody (for numpy)."""
        return memoryview(self.file)[self._delta:self._delta + self._length]

    def subset(self, offset: int, length: int, name: str | None = None) -> MappedFile:
        return MappedFile(self._fd, self._start + offset, length, name=name or self._name)

    def close(self) -> None:
        if self.is_closed:
            return
        self.is_closed = True
        try:
            self.file.close()
        except BufferError:  # a numpy view still holds the map: it is freed with the view
            pass


class _WholeFile(MappedFile):
    """A mapped whole file; owns the descriptor its sub-files map from."""

    def close(self) -> None:
        if not self.is_closed:
            os.close(self._fd)
        super().close()


class MappedStorage(FileStorage):
    """A whoosh FileStorage whose files (and compound sub-files) are read through mmap."""

    supports_mmap = False  # see the module docstring: CompoundStorage must call subset()

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        path = self._fpath(name)
        fd = os.open(path, os.O_RDONLY)
        size = os.fstat(fd).st_size
        if size == 0:  # mmap cannot map an empty file
            os.close(fd)
            return StructFile(open(path, "rb"), name=name)
        return _WholeFile(fd, 0, size, name=name)


def open_mapped_index(index_dir: str) -> Any:
    """whoosh's index at ``index_dir``, opened for reading through :class:`MappedStorage`."""
    return MappedStorage(index_dir).open_index()


def missing_files(ix: Any) -> list[str]:
    """Files the latest generation's segments need that are not in the folder."""
    present = set(ix.storage.list())
    missing = []
    for segment in ix._segments():
        expected = segment.make_filename(".seg") if segment.is_compound() else None
        if expected and expected not in present:
            missing.append(expected)
    return missing
