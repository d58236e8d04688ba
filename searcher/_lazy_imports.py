"""Keep whoosh's import from pulling in modules khabar never uses.

``whoosh.compat`` imports ``urllib.request`` (and with it http.client, ssl and email) only to
re-export ``urlretrieve``, and ``whoosh.reading`` imports the ``cached_property`` package, which
imports asyncio. Together that is ~40 ms of a one-shot search's start-up. Until something
really uses them, both names resolve to stand-ins: ``urlretrieve`` and every other attribute of
``urllib.request`` load the real module on first use, and ``cached_property.cached_property`` is
the standard library's equivalent (the package's other names load the real package).
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any


class _StandIn(types.ModuleType):
    """A module that becomes the real one the first time anything not provided is asked for."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # the import system probing (__path__, …): not a use
            raise AttributeError(attr)
        real = _load_real(self.__name__)
        return getattr(real, attr)


def _load_real(name: str) -> types.ModuleType:
    if isinstance(sys.modules.get(name), _StandIn):
        del sys.modules[name]
    return importlib.import_module(name)


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    return _load_real("urllib.request").urlretrieve(*args, **kwargs)


def install() -> None:
    """Put the stand-ins in place unless the real modules are already loaded."""
    if "urllib.request" not in sys.modules:
        import urllib

        request = _StandIn("urllib.request")
        request.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
        sys.modules["urllib.request"] = request
        urllib.request = request  # type: ignore[attr-defined]  # `import urllib.request` sees it
    if "cached_property" not in sys.modules:
        package = _StandIn("cached_property")
        package.cached_property = functools.cached_property  # type: ignore[attr-defined]
        sys.modules["cached_property"] = package
