"""Query shapes the term-at-a-time pass does not rank (phrases, fields, boolean operators): the
set of matches that collapsing needs is kept by the ranking pass itself (no pass of its own),
the total is its size, and the page and its scores are whoosh's."""

from __future__ import annotations

import pytest

from searcher.index.opened import OpenedIndex
from searcher.query.compile import compile_query
from searcher.query.parser import parse_query
from searcher.rank import counting, matches, search as search_module
from searcher.rank.counting import count
from searcher.rank.search import Filters, search

QUERIES = ["«نفت و گاز»", "«انتخابات مجلس» گزارش", "title:نمایشگاه", "نفت AND گاز",
           "«آلودگی هوای تهران» -خبر", "نفت OR «نمایشگاه کتاب»"]


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("filters", [None, Filters(sources=("ایرنا",))])
def test_the_matches_are_found_once_and_counted_from_them(
        segmented_archive: OpenedIndex, text: str, filters: Filters | None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    searcher = segmented_archive.searcher
    assert len(searcher.subsearchers) > 1 and searcher.reader().has_deletions()
    query = compile_query(parse_query(text)).query
    filter_query = search_module.filter_query_of(filters)
    expected_total = count(searcher, query, filter_query)
    reference = search(segmented_archive, text, limit=5, filters=filters, collapse=False)
    assert reference.total == expected_total > 0 or text.endswith("-خبر")

    passes = []
    whole = matches.matches_of

    def counted_pass(*args, **kwargs):
        passes.append(args[1])
        return whole(*args, **kwargs)

    def no_count(*_args, **_kwargs):
        raise AssertionError("counted in a pass of its own")

    monkeypatch.setattr(matches, "matches_of", counted_pass)
    monkeypatch.setattr(search_module, "count", no_count)
    monkeypatch.setattr(counting, "count", no_count)
    found = search(segmented_archive, text, limit=5, filters=filters, facets=True)
    assert passes == []  # the ranking pass kept them
    assert found.total_articles == expected_total
    assert [h.id for h in found.hits] == [h.id for h in reference.hits][:len(found.hits)] or (
        found.total < found.total_articles)  # copies of one story folded into one hit


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("filters", [None, Filters(sources=("ایرنا",))])
@pytest.mark.parametrize("limit", [1, 3, 10, 1000])
def test_the_page_and_its_scores_are_whooshs(segmented_archive: OpenedIndex, text: str,
                                             filters: Filters | None, limit: int) -> None:
    """The one pass ranks as whoosh's searcher does: same documents, same floats, same order
    of ties; a limit past the number of articles takes whoosh's collector of every match."""
    from searcher.rank.every_match import ranked_and_matched

    searcher = segmented_archive.searcher
    query = compile_query(parse_query(text)).query
    filter_query = search_module.filter_query_of(filters)
    ranked, found = ranked_and_matched(searcher, query, limit, filter_query)
    stock = searcher.search(query, limit=limit, filter=filter_query)
    assert ranked == [(hit.score, hit.docnum) for hit in stock[:limit]]
    assert sorted(found) == sorted(matches.matches_of(searcher, query, filter_query))
    assert len(found) == count(searcher, query, filter_query)


@pytest.mark.parametrize("text", ["نفت", "نفت گاز", "انتخابات مجلس تهران"])
@pytest.mark.parametrize("filters", [None, Filters(sources=("ایرنا",))])
def test_date_order_keeps_the_matches_it_found(segmented_archive: OpenedIndex, text: str,
                                               filters: Filters | None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Free words sorted by date: the newest are picked from the matches' masks, which are the
    whole set collapsing and facets need — no pass of its own."""
    from searcher.rank.collapse import story_count
    from searcher.rank.doc_values import doc_values
    from searcher.rank.facets import facet_counts
    from searcher.index.stories import stories_of

    searcher = segmented_archive.searcher
    query = compile_query(parse_query(text)).query
    whole = matches.matches_of(searcher, query, search_module.filter_query_of(filters))
    passes = []
    monkeypatch.setattr(matches, "matches_of", lambda *args, **kwargs: passes.append(args))
    found = search(segmented_archive, text, sort="date", limit=5, filters=filters, facets=True)
    assert passes == []
    assert found.total_articles == len(whole) > 0
    assert found.total == story_count(whole, stories_of(segmented_archive.index_dir, searcher))
    assert found.facets == facet_counts(doc_values(searcher), whole.array())
