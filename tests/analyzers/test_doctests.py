"""The examples in the analyzers' docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["chars", "lexicon", "morphology", "tokenizer", "analyze", "whoosh_analyzer"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    # importlib, because the package re-exports a function named like the analyze module.
    module = importlib.import_module(f"analyzers.{name}")
    assert doctest.testmod(module).failed == 0
