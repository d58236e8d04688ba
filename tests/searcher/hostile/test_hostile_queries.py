"""No query is an error: arbitrary text and a list of hostile forms search (or say what they
dropped) through the library and the CLI, never a traceback."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.hostile_queries import HOSTILE_QUERIES, QUERY_PIECES
from searcher.cli.app import main
from searcher.index.opened import OpenedIndex
from searcher.rank.search import search
from searcher.results import SearchResult


def _searches(opened: OpenedIndex, query: str) -> None:
    result = search(opened, query)
    assert isinstance(result, SearchResult) and result.total >= len(result.hits)
    assert all(isinstance(warning, str) and "\n" not in warning for warning in result.warnings)


@pytest.mark.parametrize("query", HOSTILE_QUERIES.values(), ids=HOSTILE_QUERIES.keys())
def test_a_hostile_query_searches(opened: OpenedIndex, query: str) -> None:
    _searches(opened, query)


@pytest.mark.parametrize("query", HOSTILE_QUERIES.values(), ids=HOSTILE_QUERIES.keys())
@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["plain", "json"])
def test_a_hostile_query_on_the_command_line(
        sample_home, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], query: str, json_flag: list[str]) -> None:
    sample_home.apply(monkeypatch)
    code = main(["search", query, *json_flag])
    _, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err and "unexpected error" not in err
    assert all(line.startswith("khabar: ") for line in err.splitlines())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_searches(opened: OpenedIndex, query: str) -> None:
    _searches(opened, query)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(QUERY_PIECES), max_size=25).map(" ".join))
def test_any_arrangement_of_the_query_language_searches(opened: OpenedIndex, query: str) -> None:
    _searches(opened, query)


def test_an_excluded_article_is_never_the_first_hit(opened: OpenedIndex) -> None:
    """Found by the test below: whoosh's AndNotMatcher kept its first match when the excluded
    side's first posting came before it (searcher.engine.exclusion)."""
    result = search(opened, "NOT date:>=2023-10-01 date:>=2023-10-01 ۱۴۰۲")
    assert (result.total, result.hits) == (0, ())
