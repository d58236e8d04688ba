"""Every article of sample_corpus/ parses with the properties its README promises."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from searcher.ingest.dispatch import parse_file

CORPUS = Path(__file__).resolve().parents[3] / "sample_corpus"
PAGES = sorted(CORPUS.glob("*/*.txt"))
CHROME = ("ارسال نظرات", "توهین", "توهين", "ایمیل:", "ايميل:", "نظر:", "انتهای پیام", "منبع:")
DST_ERA = {"0005", "0021", "0024", "0026", "0041", "0048"}  # first half of 1401, +04:30
NO_CODE = {"0013", "0028", "0043"}
NO_SURTITLE = {"0007", "0023", "0036"}


def test_corpus_is_there() -> None:
    assert len(PAGES) >= 40


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_page(path: Path) -> None:
    outcome = parse_file(path, root=CORPUS)
    number = path.name[:4]
    (article,) = outcome.articles
    assert outcome.format == "newsite"
    assert article.path == f"{path.parent.name}/{path.name}"
    assert article.title and article.lead and article.body and article.source
    assert bool(article.surtitle) is (number not in NO_SURTITLE)
    assert bool(article.news_code) is (number not in NO_CODE)
    assert article.news_code.isascii()
    assert article.published is not None
    offset = timedelta(hours=4, minutes=30) if number in DST_ERA else timedelta(hours=3, minutes=30)
    assert article.published.utcoffset() == offset
    for phrase in CHROME:
        assert phrase not in article.body and phrase not in article.lead


def test_special_encodings() -> None:
    assert parse_file(CORPUS / "irna" / "0045-snow-orange-alert.txt").encoding == "cp1256"
    assert parse_file(CORPUS / "hamshahri" / "0027-fajr-film-lineup.txt").encoding == "utf-8-sig"


def test_crawl() -> None:
    outcome = parse_file(CORPUS / "feeds" / "crawl.jsonl", root=CORPUS)
    assert outcome.format == "jsonl" and outcome.problems == ()
    assert len(outcome.articles) >= 5
    assert all(a.title and a.body and a.published and a.url for a in outcome.articles)
