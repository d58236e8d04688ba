"""The examples in every module's docstrings stay true (analyzers/ and searcher/ alike)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import analyzers
import searcher

MODULES = sorted(info.name for package in (analyzers, searcher)
                 for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    # importlib, because analyzers re-exports a function named like the analyze module.
    module = importlib.import_module(name)
    assert doctest.testmod(module).failed == 0


def test_the_modules_do_have_examples() -> None:  # the test above can fail: there is something
    finder = doctest.DocTestFinder()
    examples = sum(len(test.examples) for name in MODULES
                   for test in finder.find(importlib.import_module(name)))
    assert examples >= 20
