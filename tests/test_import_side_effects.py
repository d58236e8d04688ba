"""Importing khabar's packages changes nothing global: no import finder, no whoosh class or
module patched.

Each check runs in a fresh interpreter, so what other tests imported cannot hide a side effect.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import importlib, inspect, pkgutil, sys
import whoosh.analysis, whoosh.codec.whoosh3, whoosh.fields, whoosh.filedb.filestore
import whoosh.index, whoosh.matching, whoosh.query, whoosh.reading, whoosh.scoring
import whoosh.searching, whoosh.writing

def whoosh_classes():
    for name, module in sorted(sys.modules.items()):
        if name.split(".")[0] == "whoosh" and module is not None:
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == name:
                    yield cls

before_path = list(sys.meta_path)
before_hooks = list(sys.path_hooks)
before = {cls: dict(vars(cls)) for cls in whoosh_classes()}
modules = {name: dict(vars(module)) for name, module in sys.modules.items()
           if name.split(".")[0] == "whoosh" and module is not None}
import analyzers, searcher
for package in (analyzers, searcher):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
problems = []
if sys.meta_path != before_path:
    problems.append(f"sys.meta_path changed: {sys.meta_path!r}")
if sys.path_hooks != before_hooks:
    problems.append("sys.path_hooks changed")
for cls, attrs in before.items():
    now = dict(vars(cls))
    changed = sorted(k for k in attrs.keys() | now.keys() if attrs.get(k) is not now.get(k))
    if changed:
        problems.append(f"{cls.__module__}.{cls.__qualname__}: {changed}")
for name, names in modules.items():
    now = vars(sys.modules[name])
    changed = sorted(k for k in names if names[k] is not now.get(k))
    if changed:
        problems.append(f"module {name}: {changed}")
print("\n".join(problems) or "ok")
"""


def test_importing_every_module_changes_nothing_global() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok", done.stdout
