"""Every query costs bounded work whatever its length: did-you-mean prices a bounded number of
spellings, and a query past MAX_QUERY_CHARS is cut with a warning.

A 3,000-letter word used to make did-you-mean build ~70·n spellings and analyze each (2 GB);
these tests count the analyses instead of timing them (bench/fuzz_queries.py measures time).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

import pytest

import searcher.rank.suggest as suggest_module
from searcher.cli.app import main
from searcher.index.opened import OpenedIndex
from searcher.rank.search import MAX_QUERY_CHARS, MAX_WORDS_CORRECTED, search
from searcher.rank.suggest import MAX_CANDIDATES, MAX_WORD_LENGTH, suggest

LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text did-you-mean analyzes, in order."""
    seen: list[str] = []
    real: Callable[..., Any] = suggest_module.analyze

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(suggest_module, "analyze", counting)
    return seen


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Each scan of the vocabulary for candidates: (typed word, candidates found)."""
    seen: list[tuple[str, int]] = []
    real: Callable[..., list[str]] = suggest_module.candidates

    def counting(typed: str, vocabulary: Any) -> list[str]:
        found = real(typed, vocabulary)
        seen.append((typed, len(found)))
        return found

    monkeypatch.setattr(suggest_module, "candidates", counting)
    return seen


def _unknown_word(length: int, seed: int = 9) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(LETTERS) for _ in range(length))


@pytest.mark.parametrize("length", [3_000, 100_000])
def test_a_giant_word_is_not_corrected(opened: OpenedIndex, analyses: list[str],
                                       scans: list[tuple[str, int]], length: int) -> None:
    result = search(opened, "ا" * length)
    assert result.suggestion is None
    assert not analyses and not scans


def test_a_word_one_letter_too_long_is_not_corrected(
        opened: OpenedIndex, analyses: list[str], scans: list[tuple[str, int]]) -> None:
    assert suggest([_unknown_word(MAX_WORD_LENGTH + 1)], opened) == {}
    assert not analyses and not scans


def test_a_word_of_many_neighbours_is_priced_against_max_candidates(
        scans: list[tuple[str, int]]) -> None:
    """dym: keep a cap like this one inside suggest, whatever finds the candidates."""
    typed = "تورم"
    vocabulary = sorted({typed[:i] + c + typed[i + 1:] for i in range(len(typed))
                         for c in LETTERS} | {typed[:i] + c + typed[i:] for i in
                                              range(len(typed) + 1) for c in LETTERS})
    assert len(vocabulary) > 2 * MAX_CANDIDATES
    assert len(suggest_module.candidates(typed, vocabulary)) == MAX_CANDIDATES


def test_a_query_of_many_unknown_words_scans_for_a_bounded_number(
        opened: OpenedIndex, scans: list[tuple[str, int]]) -> None:
    words = [_unknown_word(MAX_WORD_LENGTH, seed) for seed in range(60)]
    search(opened, " ".join(words))
    assert 0 < len(scans) <= MAX_WORDS_CORRECTED
    assert all(found <= MAX_CANDIDATES for _, found in scans)
    # the first words typed are the ones looked at
    assert {typed for typed, _ in scans} <= set(words[:MAX_WORDS_CORRECTED])


def test_a_typing_slip_is_still_corrected(opened: OpenedIndex) -> None:
    # in no article as typed: searched corrected (a word some article has: offered)
    assert search(opened, "انتخاپات").respelled == {"انتخاپات": "انتخابات"}


def test_a_long_query_is_cut_with_a_warning(opened: OpenedIndex) -> None:
    query = "تورم " * 1_000 + "انتخابات"  # 5,008 characters; the last word is cut off
    result = search(opened, query)
    assert result.query == query
    assert result.warnings[0] == (f"the query is {len(query):,} characters long: only the "
                                  f"first {MAX_QUERY_CHARS - 1:,} were searched")
    assert result.total == search(opened, "تورم").total


def test_a_query_at_the_limit_is_not_cut(opened: OpenedIndex) -> None:
    query = ("تورم " * MAX_QUERY_CHARS)[:MAX_QUERY_CHARS]
    assert not any("characters long" in warning for warning in search(opened, query).warnings)


@pytest.mark.parametrize("json_flag", [False, True], ids=["stderr", "json"])
def test_the_cut_is_reported_by_the_cli(
        sample_home, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], json_flag: bool) -> None:
    sample_home.apply(monkeypatch)
    code = main(["search", "ا" * 3_000, *(["--json"] if json_flag else [])])
    out, err = capsys.readouterr()
    assert code == 1
    warning = f"the query is 3,000 characters long: only the first {MAX_QUERY_CHARS:,} were searched"
    if json_flag:
        assert json.loads(out)["warnings"][0] == warning
    else:
        assert err.splitlines()[0] == f"khabar: warning: {warning}"
