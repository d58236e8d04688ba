"""Keep whoosh's import from pulling in modules khabar never uses.

``whoosh.compat`` imports ``urllib.request`` (and with it http.client, ssl and email) only to
re-export ``urlretrieve``; ``whoosh.reading`` imports the ``cached_property`` package, which
imports asyncio; ``whoosh.query.terms`` imports ``whoosh.lang.morph_en`` (a large table of
English word forms) for its Variations query. Together that is ~45 ms of a one-shot search's
start-up; a few more modules that only some calls use (and hashlib, whose md5 Python also
has without OpenSSL) are listed in ``_PROVIDED``. A finder at
the front of ``sys.meta_path`` answers those imports with stand-ins that provide the names
whoosh takes from them; the first time anything else is asked of a stand-in
(``urllib.request.Request``, say), the real module is imported and used from then on.
"""

from __future__ import annotations

import functools
import importlib
import importlib.machinery
import sys
import types
from collections.abc import Callable


def _lazy_function(module: str, name: str) -> Callable[..., object]:
    def call(*args: object, **kwargs: object) -> object:
        return getattr(_load_real(module), name)(*args, **kwargs)

    call.__name__ = name
    return call


def _builtin_names(module: str, names: tuple[str, ...]) -> dict[str, object]:
    """``names`` from a module built into Python, or nothing (the real module then serves)."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return {}
    return {name: getattr(found, name) for name in names}


# Module → the names whoosh imports from it, as stand-ins.
_PROVIDED: dict[str, Callable[[], dict[str, object]]] = {
    "urllib.request": lambda: {"urlretrieve": _lazy_function("urllib.request", "urlretrieve")},
    "cached_property": lambda: {"cached_property": functools.cached_property},
    "whoosh.lang.morph_en": lambda: {
        "variations": _lazy_function("whoosh.lang.morph_en", "variations")},
    # whoosh.analysis imports English stemming and sound-alike tables for analyzers khabar's
    # schema never uses, and whoosh.compat html (with its table of entities) for escaping.
    "whoosh.lang.porter": lambda: {"stem": _lazy_function("whoosh.lang.porter", "stem")},
    "whoosh.lang.dmetaphone": lambda: {
        "double_metaphone": _lazy_function("whoosh.lang.dmetaphone", "double_metaphone")},
    "html": lambda: {"escape": _lazy_function("html", "escape")},
    # Used only inside functions a plain search does not call: whoosh.searching's highlighter
    # (for whoosh's own Results), the fuzzy-term automata of whoosh.codec.base and the edit
    # distance of whoosh.reading, and the standard library's calendar (whoosh.util.times),
    # tempfile (whoosh.filedb.filestore) and random (whoosh.util).
    "whoosh.highlight": dict,
    "whoosh.automata.lev": dict,
    "whoosh.support.levenshtein": lambda: {
        "distance": _lazy_function("whoosh.support.levenshtein", "distance")},
    "calendar": dict,
    "tempfile": dict,
    "random": dict,
    # whoosh's hash tables (the term index) find a key's slot by its md5; hashlib would load
    # OpenSSL (~2.5 ms) for it. Python's own _md5 gives the same digests (khabar's signature
    # hashes come from searcher.index.hashes for the same reason).
    "hashlib": lambda: _builtin_names("_md5", ("md5",)),
}
_real: set[str] = set()


class _StandIn(types.ModuleType):
    """A module that becomes the real one the first time anything not provided is asked for."""

    def __getattr__(self, attr: str) -> object:
        if attr.startswith("__"):  # the import system probing (__path__, …): not a use
            raise AttributeError(attr)
        return getattr(_load_real(self.__name__), attr)


def _load_real(name: str) -> types.ModuleType:
    _real.add(name)
    if isinstance(sys.modules.get(name), _StandIn):
        del sys.modules[name]
    return importlib.import_module(name)


class _Finder:
    """A meta path finder and loader (duck-typed: importlib.abc would import
    importlib.resources, ~20 ms, on every start, --help included)."""

    def find_spec(self, name: str, path: object = None, target: object = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if name in _PROVIDED and name not in _real:
            return importlib.machinery.ModuleSpec(name, self)  # type: ignore[arg-type]
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _StandIn(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__dict__.update(_PROVIDED[module.__name__]())


_FINDER = _Finder()


def install() -> None:
    """Put the finder in front (modules already imported for real are not affected)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
