"""Every pickle whoosh reads from an index goes through an unpickler that knows the classes an
index legitimately holds, and nothing else.

whoosh pickles the schema (the TOC), the segment list, stored fields, posting blocks and column
metadata. A pickle can name any importable callable (``posix.system``) and call it while
loading. The signature (:mod:`searcher.index.trust`) already refuses an index whose bytes changed
since khabar wrote it; this is the second wall, for an index someone chose to trust
(``khabar trust``, ``KHABAR_TRUST_INDEX=1``) or a file changed between the check and the read.

:func:`install` rebinds the ``loads``/``load`` names whoosh's reading modules imported, once,
before any index is opened. Writing is unchanged.
"""

from __future__ import annotations

import io
import pickle
from types import SimpleNamespace
from typing import Any

from searcher.errors import IndexDamagedError

# (module, name) of every global a khabar index pickles: the schema's field, format, analyzer
# and column classes, the segment and its deletion set, and the containers and values stored
# fields and posting blocks use.
ALLOWED: frozenset[tuple[str, str]] = frozenset({
    ("analyzers.whoosh_analyzer", "PersianTokenizer"),
    ("searcher.index.schema", "ArticleText"),
    ("whoosh.analysis.tokenizers", "IDTokenizer"),
    ("whoosh.codec.whoosh3", "W3Codec"),
    ("whoosh.codec.whoosh3", "W3Segment"),
    ("whoosh.columns", "FixedBytesColumn"),  # the newsroom columns (searcher.index.columns)
    ("whoosh.columns", "NumericColumn"),
    ("whoosh.columns", "RefBytesColumn"),
    ("whoosh.fields", "COLUMN"),
    ("whoosh.fields", "DATETIME"),
    ("whoosh.fields", "ID"),
    ("whoosh.fields", "STORED"),
    ("whoosh.fields", "Schema"),
    ("whoosh.fields", "TEXT"),
    ("whoosh.formats", "Existence"),
    ("whoosh.formats", "Positions"),
    ("collections", "defaultdict"),
    # Protocol-2 pickles (posting blocks, stored fields) spell these the Python 2 way.
    ("builtins", "int"), ("__builtin__", "long"), ("__builtin__", "int"),
    ("builtins", "set"), ("__builtin__", "set"),
    ("builtins", "frozenset"), ("__builtin__", "frozenset"),
    # Protocol 2 writes an empty bytes value (source_name's column default) as bytes().
    ("builtins", "bytes"), ("__builtin__", "bytes"),
})
# Protocol 2 writes bytes as _codecs.encode(text, "latin1") — once per bytes value in a posting
# block, so it stays the C function: its other codecs only transform bytes (base64, zlib, …),
# and a codec name resolves to a module of the encodings package only.
_CODECS_ENCODE = ("_codecs", "encode")


class RefusedPickle(IndexDamagedError):
    """An index pickle named a class no khabar index holds: tampered or damaged."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED and (module, name) != _CODECS_ENCODE:
            raise RefusedPickle(
                f"the index holds data naming {module}.{name}, which no khabar index holds: "
                "it was tampered with or damaged; nothing in it was run")
        return super().find_class(module, name)


def loads(data: bytes, *_args: Any, **_kwargs: Any) -> Any:
    # Through a BufferedReader: the C unpickler then reads ahead with peek() instead of one
    # Python read() call per opcode (5x slower on a posting block from a bare BytesIO).
    return _Unpickler(io.BufferedReader(io.BytesIO(data))).load()


def load(file: Any, *_args: Any, **_kwargs: Any) -> Any:
    return _Unpickler(file).load()


_installed = False


def install() -> None:
    """Route every pickle whoosh reads through the allowlist (idempotent)."""
    global _installed
    if _installed:
        return
    import whoosh.codec.whoosh3
    import whoosh.columns
    import whoosh.compat
    import whoosh.filedb.compound
    import whoosh.filedb.structfile
    import whoosh.formats
    import whoosh.index

    for module in (whoosh.compat, whoosh.codec.whoosh3, whoosh.columns, whoosh.formats):
        module.loads = loads
    whoosh.compat.load = load
    whoosh.filedb.structfile.load_pickle = load
    # whoosh.index reads the TOC's schema with pickle.loads: give it a pickle of its own.
    own = {name: getattr(pickle, name) for name in dir(pickle) if not name.startswith("_")}
    whoosh.index.pickle = SimpleNamespace(
        **{**own, "loads": loads, "load": load})
    _installed = True
