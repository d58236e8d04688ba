"""--sort date for free words from arrays (searcher.rank.newest) against whoosh's sorted search:
an archive with equal dates, undated articles, several segments and deleted documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import query as wq

from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.query.compile import compile_query
from searcher.query.parser import parse_query
from searcher.rank.by_date import by_date
from searcher.rank.search import Filters, filter_query_of
from searcher.rank.top_k import terms_of

WORDS = ["نفت", "بورس", "دلار", "مجلس"]


def _write(folder: Path, version: int) -> None:
    folder.mkdir(exist_ok=True)
    for n in range(60):
        article = {"id": f"d{n}", "title": f"خبر {WORDS[n % 4]} {WORDS[(n + version) % 3]}",
                   "body": f"گزارش {WORDS[n % 3]} و {WORDS[(n * 7) % 4]} امروز",
                   "source": ["ایرنا", "ایسنا", "فارس"][n % 3]}
        if n % 5:  # every fifth article undated; the others on four days, at one time
            article["published"] = f"2023-03-0{1 + n % 4}T09:30:00+03:30"
        (folder / f"{n:03d}.json").write_text(json.dumps(article, ensure_ascii=False),
                                              encoding="utf-8")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenedIndex]:
    root = tmp_path_factory.mktemp("newest")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHABAR_KEY_FILE", str(root / "index.key"))
        _write(root / "corpus", 0)
        index_paths([root / "corpus"], root / "index", batch_size=13)
        _write(root / "corpus", 1)  # every article rewritten: the old copies deleted
        for path in sorted((root / "corpus").glob("*.json"))[::2]:
            path.unlink()  # and half of them gone
        index_paths([root / "corpus"], root / "index", batch_size=13)
        with OpenedIndex(root / "index") as opened:
            yield opened


CASES = [(text, source, limit, offset) for text in ("نفت", "بورس دلار", "مجلس نفت بورس")
         for source in (None, "ایسنا") for limit, offset in ((10, 0), (4, 3), (5, 9), (40, 0))]


@pytest.mark.parametrize(("text", "source", "limit", "offset"), CASES)
def test_newest_first_from_arrays_equals_whoosh_sorted_search(
        archive: OpenedIndex, text: str, source: str | None, limit: int, offset: int) -> None:
    """The same page — newest first, equal dates the higher document number first (whoosh's
    reversed sort), undated matches after the dated ones by relevance —, the same scores (the
    date key whoosh hands out), the same total and undated count, with and without a filter."""
    searcher = archive.searcher
    assert searcher.reader().has_deletions() and len(searcher.subsearchers) > 1
    query = compile_query(parse_query(text)).query
    terms = terms_of(query)
    assert terms is not None
    filter_query = filter_query_of(Filters(sources=(source,))) if source else None
    expected = by_date(searcher, query, filter_query, limit, offset)
    found = by_date(searcher, query, filter_query, limit, offset, terms=terms)
    assert found == expected
    assert [type(score) for score, _ in found[0]] == [type(score) for score, _ in expected[0]]


def test_the_archive_has_what_the_comparison_needs(archive: OpenedIndex) -> None:
    searcher = archive.searcher
    ranked, total, undated = by_date(
        searcher, wq.Term("text", "نفت"), None, 40, 0, terms=[("نفت", 1.0)])
    keys = [key for key, _ in ranked[:total - undated]]
    assert undated > 0 and len(keys) > len(set(keys))  # undated matches, equal dates
