"""Exact hit counts (searcher.counting) agree with whoosh's own document-by-document count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher.archive import Archive
from searcher.compile import compile_query
from searcher.counting import count
from searcher.indexing import index_paths
from searcher.query import parse_query
from searcher.search import Filters, _filter_query
from searcher.dates import parse_date_bound

TOPICS = ["نفت و گاز", "انتخابات مجلس", "نمایشگاه کتاب", "آلودگی هوای تهران", "تورم و دلار"]


def _write(folder: Path, version: int) -> None:
    folder.mkdir(exist_ok=True)
    for n in range(40):
        topic = TOPICS[n % len(TOPICS)]
        extra = TOPICS[(n * 3 + version) % len(TOPICS)]
        article = {"id": f"a{n}", "title": f"خبر {topic} شماره {n}",
                   "body": f"گزارش درباره {topic} و {extra} در سال {1400 + n % 4}.",
                   "published": f"{2021 + n % 4}-05-0{1 + n % 9}T10:00:00+03:30",
                   "source": ["ایرنا", "ایسنا"][n % 2]}
        (folder / f"{n:03d}.json").write_text(json.dumps(article, ensure_ascii=False),
                                              encoding="utf-8")


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    corpus = tmp_path / "corpus"
    _write(corpus, 0)
    # Small batches make several segments; rewriting half the files leaves deleted documents.
    index_paths([corpus], tmp_path / "index", batch_size=7)
    for n in range(0, 40, 2):
        (corpus / f"{n:03d}.json").unlink()
    _write(corpus, 1)
    for n in range(0, 40, 2):
        path = corpus / f"{n:03d}.json"
        path.write_text(path.read_text(encoding="utf-8").replace("گزارش", "خبر"),
                        encoding="utf-8")
    index_paths([corpus], tmp_path / "index", batch_size=7)
    with Archive(tmp_path / "index") as opened:
        yield opened


@pytest.mark.parametrize(
    "query",
    ["نفت", "نفت تورم", "+نفت -گاز", "نفت AND دلار", "(نفت OR کتاب) AND تهران",
     "«انتخابات مجلس»", "title:نمایشگاه", "گزار*", "date:2022 نفت", "source:ایرنا", "گزارش",
     "zzz"],
)
def test_count_equals_whoosh(archive: Archive, query: str) -> None:
    searcher = archive.searcher
    assert searcher.reader().has_deletions()
    assert len(searcher.subsearchers or []) > 1
    q = compile_query(parse_query(query)).query
    expected = len(list(searcher.docs_for_query(q)))
    assert count(searcher, q) == expected


def test_count_with_filter(archive: Archive) -> None:
    searcher = archive.searcher
    q = compile_query(parse_query("نفت OR تورم")).query
    since, until = parse_date_bound("2022")
    flt = _filter_query(Filters(since=since, until=until, sources=("ایسنا",)))
    allowed = set(searcher.docs_for_query(flt))
    expected = len([d for d in searcher.docs_for_query(q) if d in allowed])
    assert 0 < count(searcher, q, flt) == expected
