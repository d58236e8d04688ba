"""whoosh's ranking of a query, keeping every match it scores: one pass, not two.

Phrases, fields and boolean shapes are ranked by whoosh's searcher (its span matchers, its
collector). Collapsing copies of a story, facets and the total need every match as well, which
was found in a pass of its own (:func:`searcher.rank.matches.matches_of`, the same matchers
run again): half of a phrase query's cost. Here whoosh's own collector — the top-k heap, or the
collector of every match when ``k`` reaches the number of articles, as
:meth:`whoosh.searching.Searcher.collector` chooses — records each document it scores, with its
two shortcuts off: skipping blocks by their best score and replacing the matcher as the k-th
score rises. Both leave out only documents that cannot enter the top k (a score not above the
k-th's), so the page and its scores are the ones ``searcher.search`` gives;
tests/searcher/rank/test_whole_set_once.py holds them equal.
"""

from __future__ import annotations

from typing import Any

from whoosh import collectors

from searcher.rank.matches import Matches


class _KeepsMatches:
    """Records, segment by segment, the documents the collector scores (filtered, live)."""

    parts: list[tuple[int, set[int]]]
    _kept: set[int]

    def set_subsearcher(self, subsearcher: Any, offset: int) -> None:
        super().set_subsearcher(subsearcher, offset)  # type: ignore[misc]
        self._kept = set()
        self.parts.append((offset, self._kept))

    def collect(self, sub_docnum: int) -> Any:
        self._kept.add(sub_docnum)
        return super().collect(sub_docnum)  # type: ignore[misc]


class _TopKeeping(_KeepsMatches, collectors.TopCollector):
    pass


class _AllKeeping(_KeepsMatches, collectors.UnlimitedCollector):
    pass


def ranked_and_matched(searcher: Any, query: Any, k: int, filter_query: Any = None
                       ) -> tuple[list[tuple[float, int]], Matches]:
    """The best ``k`` (score, docnum) pairs of ``query`` within ``filter_query``, as
    ``searcher.search(query, limit=k, filter=filter_query)`` ranks them, and every match."""
    # whoosh's choice: past the number of articles, the collector of every match
    scored: _TopKeeping | _AllKeeping = (
        _AllKeeping() if k >= searcher.doc_count() else _TopKeeping(k, usequality=False))
    scored.replace = 0  # a replaced matcher leaves out what cannot reach the top k
    scored.parts = []
    collector = (collectors.FilterCollector(scored, filter_query) if filter_query is not None
                 else scored)
    searcher.search_with_collector(query, collector)
    results = collector.results()
    return [(hit.score or 0.0, hit.docnum) for hit in results[:k]], Matches(scored.parts)
