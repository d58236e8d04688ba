"""Exact hit counts (searcher.rank.counting) agree with whoosh's own document-by-document count."""

from __future__ import annotations


import pytest

from searcher.index.opened import OpenedIndex
from searcher.query.compile import compile_query
from searcher.rank.counting import count, matching_ids, matching_mask
from searcher.query.parser import parse_query
from searcher.rank.search import Filters, _filter_query
from searcher.ingest.dates import parse_date_bound

@pytest.fixture
def archive(segmented_archive: OpenedIndex) -> OpenedIndex:
    return segmented_archive


@pytest.mark.parametrize(
    "query",
    ["نفت", "نفت تورم", "+نفت -گاز", "نفت AND دلار", "(نفت OR کتاب) AND تهران",
     "«انتخابات مجلس»", "title:نمایشگاه", "گزار*", "date:2022 نفت", "source:ایرنا", "گزارش",
     "zzz"],
)
def test_count_equals_whoosh(archive: OpenedIndex, query: str) -> None:
    searcher = archive.searcher
    assert searcher.reader().has_deletions()
    assert len(searcher.subsearchers or []) > 1
    q = compile_query(parse_query(query)).query
    expected = len(list(searcher.docs_for_query(q)))
    assert count(searcher, q) == expected


def test_count_with_filter(archive: OpenedIndex) -> None:
    searcher = archive.searcher
    q = compile_query(parse_query("نفت OR تورم")).query
    since, until = parse_date_bound("2022")
    flt = _filter_query(Filters(since=since, until=until, sources=("ایسنا",)))
    allowed = set(searcher.docs_for_query(flt))
    expected = len([d for d in searcher.docs_for_query(q) if d in allowed])
    assert 0 < count(searcher, q, flt) == expected


@pytest.mark.parametrize(
    "query",
    ["نفت", "نفت تورم", "+نفت -گاز", "نفت AND دلار", "(نفت OR کتاب) AND تهران",
     "«انتخابات مجلس»", "date:2022 نفت", "source:ایرنا", "zzz"],
)
def test_a_filter_as_a_mask_holds_the_documents_set_algebra_finds(
        archive: OpenedIndex, query: str) -> None:
    """The array path's filter (a boolean mask per segment, built from posting arrays) keeps
    exactly the documents of the set path, segment by segment (deletions not yet removed)."""
    searcher = archive.searcher
    q = compile_query(parse_query(query)).query
    for filter_query in (q, _filter_query(Filters(sources=("ایسنا", "fars")))):
        for segment, _offset in searcher.subsearchers:
            mask = matching_mask(filter_query, segment)
            assert len(mask) == segment.reader().doc_count_all()
            assert set(mask.nonzero()[0].tolist()) == matching_ids(filter_query, segment)
