"""The term-at-a-time path ranks exactly as whoosh does with the same BM25 model."""

from __future__ import annotations


import pytest

from searcher.index.opened import OpenedIndex
from searcher.query.compile import compile_query
from searcher.rank.counting import count
from searcher.ingest.dates import parse_date_bound
from searcher.rank.top_k import terms_of, top_k
from searcher.query.parser import parse_query
from searcher.rank.search import Filters, _filter_query


@pytest.fixture
def archive(segmented_archive: OpenedIndex) -> OpenedIndex:
    return segmented_archive


@pytest.mark.parametrize(
    "query",
    ["نفت", "نفت تورم", "گزارش خبر", "انتخابات مجلس کتاب هوای تهران", "نفت نفت دلار", "zzz"],
)
@pytest.mark.parametrize("k", [1, 5, 50])
def test_same_ranking_as_whoosh(archive: OpenedIndex, query: str, k: int) -> None:
    searcher = archive.searcher
    q = compile_query(parse_query(query)).query
    terms = terms_of(q)
    assert terms is not None
    fast, total = top_k(searcher, terms, k, searcher.weighting)
    slow = [(hit.score, hit.docnum) for hit in searcher.search(q, limit=k)]
    assert [s for s, _ in fast] == pytest.approx([s for s, _ in slow], rel=1e-9)
    # The same articles at each score (which of several equal scores makes the cut is open).
    def by_score(hits: list[tuple[float, int]]) -> dict[float, int]:
        return {round(s, 9): d for s, d in hits}

    assert by_score(fast).keys() == by_score(slow).keys()
    unique = [s for s, _ in slow if [t for t, _ in slow].count(s) == 1]
    assert all(by_score(fast)[round(s, 9)] == by_score(slow)[round(s, 9)] for s in unique)
    assert total == count(searcher, q)


def test_filter_is_applied(archive: OpenedIndex) -> None:
    searcher = archive.searcher
    q = compile_query(parse_query("نفت تورم")).query
    since, until = parse_date_bound("2022")
    flt = _filter_query(Filters(since=since, until=until))
    fast, total = top_k(searcher, terms_of(q), 50, searcher.weighting, flt)
    slow = [hit.docnum for hit in searcher.search(q, limit=50, filter=flt)]
    assert [d for _, d in fast] == slow
    assert total == count(searcher, q, flt) > 0


@pytest.mark.parametrize(
    ("query", "fast"),
    [("نفت تورم", True), ("+نفت تورم", False), ("«انتخابات مجلس»", False),
     ("title:نفت", False), ("نفت -گاز", False), ("کتا*", False)],
)
def test_only_plain_disjunctions_take_the_fast_path(query: str, fast: bool) -> None:
    assert (terms_of(compile_query(parse_query(query)).query) is not None) is fast
