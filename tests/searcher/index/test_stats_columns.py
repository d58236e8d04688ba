"""`stats` reads the index's columns, and says exactly what walking every article says."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from searcher.index.opened import OpenedIndex
from searcher.index.stats import Stats
from searcher.index.run import index_paths

# Spellings of one agency (Arabic ي, ZWNJ or space) and articles without a date or an agency.
AGENCIES = ["ایرنا", "ايرنا", "خبرگزاری\u200cمهر", "خبرگزاری مهر", "ایسنا", ""]


def _write(folder: Path, version: int) -> None:
    folder.mkdir(exist_ok=True)
    for n in range(45):
        article = {"id": f"s{n}", "title": f"گزارش شماره {n} درباره بازار نفت",
                   "body": f"متن خبر {n} نسخه {version} درباره تورم و دلار.",
                   "source": AGENCIES[(n + version) % len(AGENCIES)]}
        if n % 7:
            offset = "+03:30" if n % 2 else "+04:30"
            article["published"] = f"{2015 + n % 9}-0{1 + n % 9}-1{n % 10}T0{n % 10}:15:00{offset}"
        (folder / f"{n:03d}.json").write_text(json.dumps(article, ensure_ascii=False),
                                              encoding="utf-8")


def _walked(opened: OpenedIndex) -> Stats:
    """What stats said when it read every stored article."""
    from searcher.ingest.agencies import canonical_agency

    sources: Counter[str] = Counter()
    dates = []
    count = 0
    for article in opened.articles():
        count += 1
        sources[canonical_agency(article.source) or "—"] += 1
        if article.published is not None:
            dates.append(article.published)
    return Stats(count, dict(sources.most_common()), min(dates, default=None),
                 max(dates, default=None), count - len(dates), 0, str(opened.index_dir))


def _same(found: Stats, expected: Stats) -> None:
    assert (found.articles, found.undated) == (expected.articles, expected.undated)
    assert list(found.sources.items()) == list(expected.sources.items())
    assert found.first == expected.first and found.last == expected.last
    # The same instant and the offset the article itself gave.
    assert (found.first.utcoffset(), found.last.utcoffset()) == \
        (expected.first.utcoffset(), expected.last.utcoffset())


def test_stats_from_columns_equal_a_walk_over_every_article(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    _write(corpus, 0)
    index_paths([corpus], index_dir, batch_size=8)  # several segments
    for n in range(0, 45, 3):  # changed articles leave deleted documents behind
        (corpus / f"{n:03d}.json").unlink()
    _write(corpus, 1)
    for n in range(1, 45, 5):
        (corpus / f"{n:03d}.json").unlink()
    index_paths([corpus], index_dir, batch_size=8)
    with OpenedIndex(index_dir) as opened:
        assert opened.searcher.reader().has_deletions()
        expected = _walked(opened)
        assert expected.undated > 0 and len(expected.sources) == 4
        _same(opened.stats(), expected)


def test_stats_of_an_index_whose_articles_have_no_agency_or_date(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("عنوان خبر\nمتن کوتاه درباره نفت.", encoding="utf-8")
    index_paths([corpus], tmp_path / "index")
    with OpenedIndex(tmp_path / "index") as opened:
        stats = opened.stats()
    assert (stats.articles, stats.undated, stats.first, stats.last) == (1, 1, None, None)
    assert stats.sources == {"—": 1}
