"""Which files of the folders given are articles, and why the others are left out.

Hidden files and folders, README/LICENSE files, other extensions, the index itself and symbolic
links that lead outside every folder given are left out (:func:`discover`); the indexing run
(:mod:`searcher.index.run`) reads the rest.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from searcher.errors import UsageError
from searcher.index.report import DOCUMENTATION, Skipped

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".json", ".jsonl", ".ndjson", "",
                              ".html", ".htm", ".xhtml", ".pdf", ".docx"})
LINK_NOT_FOLLOWED = "a symbolic link to"


def discover(paths: Iterable[Path], index_dir: Path, *, follow_symlinks: bool = False
             ) -> tuple[list[Path], list[Skipped]]:
    """Article files under ``paths`` (recursively, sorted) and the other files, with why they
    were ignored.

    Hidden files and folders (not even listed), README/LICENSE files, other extensions and the
    index itself are left out; so is a symbolic link met in a folder that points outside every
    folder given, unless ``follow_symlinks`` (``ln -s ~/.ssh/id_rsa dir/x.txt`` must not land
    in results and exports).
    """
    found: list[Path] = []
    ignored: list[Skipped] = []
    index_dir = index_dir.resolve()
    paths = list(paths)
    inside = tuple(str(root.resolve()) for root in paths if root.is_dir())
    for root in paths:
        if not root.exists():
            raise UsageError(f"no such file or folder: {root}",
                             hint="check the path; give folders or single files")
        if root.is_file():
            found.append(root.resolve())
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath).resolve()
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith(".") and here / d != index_dir)
            for name in sorted(filenames):
                path = here / name
                if name.startswith("."):
                    continue
                reason = _ignored_because(name) or (
                    "" if follow_symlinks else _link_out_of(path, inside))
                if reason:
                    ignored.append(Skipped(str(path), reason))
                else:
                    found.append(path)
    return sorted(set(found)), sorted(set(ignored), key=lambda s: s.path)


def _link_out_of(path: Path, folders: tuple[str, ...]) -> str:
    """Why the symbolic link ``path`` is not followed ("" for a file, or a link that stays
    inside ``folders``; a loop is left to the read, which reports it)."""
    if not os.path.islink(path):
        return ""
    target = os.path.realpath(path)
    if under(target, folders):
        return ""
    return f"{LINK_NOT_FOLLOWED} {target}, outside the folders given: not followed " \
           "(--follow-symlinks follows it)"


def _ignored_because(name: str) -> str:
    """Why a file met in a folder is not read as articles ("" when it is read)."""
    if name.upper().startswith(("README", "LICENSE")):
        return DOCUMENTATION
    suffix = Path(name).suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        return ""
    return f"not an article file ({suffix})"


def under(path: str, prefixes: tuple[str, ...]) -> bool:
    """Whether ``path`` is one of ``prefixes`` or lies inside one of them."""
    return any(path == p or path.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes)
