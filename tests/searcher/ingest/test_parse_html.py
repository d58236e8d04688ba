"""Saved web pages, PDF and Word files as input: the article, never the markup or the bytes."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import pytest
from searcher.errors import ParseError
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.ingest.dates import TEHRAN
from searcher.ingest.dispatch import parse_bytes, parse_file
from searcher.rank.search import search

pages = Path(__file__).parent.parent.parent / "fixtures" / "pages"
MEHR = pages / "mehr_saved.html"
# What the saved page shows around the article: menus, related and most-read news, the comment
# form, the footer. None of it may reach the article.
CHROME = ("صفحه نخست", "فرهنگ و هنر", "جستجو در اخبار", "اخبار مرتبط", "افتتاح نیروگاه بادی خواف",
          "پنل خورشیدی", "نظر شما", "ارسال نظر", "ایمیل", "پربازدیدترین", "نتایج کنکور",
          "کلیه حقوق", "تماس با ما", "اشتراک گذاری", "dataLayer", "<")


def _mehr(**replace: str) -> str:
    html = MEHR.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in html
        html = html.replace(old, new)
    return html


def test_saved_agency_page_gives_the_article() -> None:
    outcome = parse_file(MEHR)
    (article,) = outcome.articles
    assert outcome.format == "html"
    assert article.title == "آغاز ساخت سومین نیروگاه خورشیدی یزد"
    assert article.surtitle == "معاون وزیر نیرو خبر داد:"
    assert article.lead.startswith("معاون وزیر نیرو از آغاز ساخت سومین نیروگاه")
    assert article.body.startswith("به گزارش خبرگزاری مهر به نقل از وزارت نیرو")
    assert article.body.endswith("بخشی از برق شبکه سراسری را تأمین می‌کنند.")
    assert article.body.count("\n\n") == 4  # five paragraphs
    assert [c for c in CHROME if c in article.body] == []
    assert article.lead not in article.body and article.title not in article.body
    assert article.source == "مهر"
    assert article.published == datetime(2023, 10, 4, 9, 45, tzinfo=TEHRAN)  # ۱۲ مهر ۱۴۰۲، ۹:۴۵
    assert article.news_code == "5912345"
    assert article.url == "https://www.mehrnews.com/news/5912345/"
    assert {"نیروگاه خورشیدی", "یزد"} <= set(article.tags)


def test_zwnj_survives_extraction() -> None:
    body = parse_file(MEHR).articles[0].body
    assert "می‌شود" in body and "سرمایه‌گذاری" in body and "میشود" not in body


@pytest.mark.parametrize(
    ("replace", "field", "expected", "reason"),
    [
        ({'<meta property="og:type" content="article">':
          '<meta property="article:published_time" content="2023-10-04T08:15:00+03:30">'},
         "published", datetime(2023, 10, 4, 8, 15, tzinfo=TEHRAN),
         "article:published_time is the page's own statement of the date"),
        ({"mehrnews.com/news": "example.org/news", "mehrnews.com/x": "example.org/x",
          "og:site_name\" content=\"خبرگزاری مهر": "og:site_name\" content=\"روزنامه نمونه"},
         "source", "روزنامه نمونه", "an unknown domain: the site's own name"),
        ({"<p>به گزارش خبرگزاری مهر": "<p>منبع: ایسنا</p><p>به گزارش خبرگزاری مهر"},
         "source", "ایسنا", "«منبع:» in the article names the agency it came from"),
        ({"<span>۱۲ مهر ۱۴۰۲، ۹:۴۵</span>": "<span>سه‌شنبه</span>",
          "/d/2023/10/04/": "/d/x/"},
         "published", datetime(2023, 10, 4, tzinfo=TEHRAN),
         "no timed date line: the site's «today» banner is still a date"),
    ],
)
def test_metadata_fallbacks(replace: dict[str, str], field: str, expected: object,
                            reason: str) -> None:
    article = parse_bytes(_mehr(**replace).encode(), "page.html").articles[0]
    assert getattr(article, field) == expected, reason


def test_html_given_under_another_name_is_still_a_web_page() -> None:
    outcome = parse_bytes(MEHR.read_bytes(), "saved-page.txt")
    assert outcome.format == "html"
    assert outcome.articles[0].title == "آغاز ساخت سومین نیروگاه خورشیدی یزد"


def test_windows_1256_page() -> None:
    # Windows-1256 has Arabic ي and ك, not Persian ی and ک: old agency software wrote those
    html = _mehr(**{"charset=UTF-8": "charset=windows-1256"}).replace("ی", "ي").replace("ک", "ك")
    article = parse_bytes(html.encode("cp1256", errors="replace"), "page.htm").articles[0]
    assert article.title == "آغاز ساخت سومين نيروگاه خورشيدي يزد"


def test_a_page_of_links_only_is_skipped_with_a_reason() -> None:
    html = ("<!DOCTYPE html><html><head><title></title></head><body><nav><a href='/'>"
            "صفحه نخست</a></nav></body></html>")
    with pytest.raises(ParseError, match="no article text"):
        parse_bytes(html.encode(), "front.html")


PDF_LINES = ["مجلس بودجه سال آینده را تصویب کرد",
             "نمایندگان پس از سه روز بحث لایحه بودجه را با اکثریت آرا تصویب کردند.",
             "رئیس مجلس گفت بودجه امسال بر کاهش وابستگی به نفت تکیه دارد."]


def test_pdf_text_is_indexed_not_its_bytes(tmp_path: Path, write_pdf) -> None:
    outcome = parse_file(write_pdf(tmp_path / "budget.pdf", PDF_LINES))
    (article,) = outcome.articles
    assert outcome.format == "pdf:plaintext"
    assert article.title == PDF_LINES[0]
    assert "لایحه بودجه" in article.body and "%PDF" not in article.title + article.body


def test_scanned_pdf_is_skipped_with_what_to_do(tmp_path: Path, write_pdf) -> None:
    with pytest.raises(ParseError, match="no text layer.*run OCR on it first"):
        parse_file(write_pdf(tmp_path / "scan.pdf", []))


def test_pdf_without_pypdf_says_what_to_install(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch, write_pdf) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf now raises ImportError
    with pytest.raises(ParseError, match="needs pypdf.*pip install pypdf"):
        parse_file(write_pdf(tmp_path / "budget.pdf", PDF_LINES))


def test_docx_text_is_indexed(tmp_path: Path, write_docx) -> None:
    path = write_docx(tmp_path / "report.docx", ["گزارش کمیسیون انرژی", *PDF_LINES[1:]])
    (article,) = parse_file(path).articles
    assert article.title == "گزارش کمیسیون انرژی"
    assert "لایحه بودجه" in article.body


def test_folder_of_mixed_formats_indexes_each_or_names_it(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         write_pdf) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "mehr.html").write_bytes(MEHR.read_bytes())
    (folder / "note.txt").write_text("تورم ماهانه کاهش یافت\nبانک مرکزی نرخ تورم را اعلام کرد.",
                                     encoding="utf-8")
    (folder / "items.json").write_text(json.dumps(
        [{"title": "صادرات نفت افزایش یافت", "body": "صادرات نفت ایران بیشتر شد."}],
        ensure_ascii=False), encoding="utf-8")
    write_pdf(folder / "budget.pdf", PDF_LINES)
    write_pdf(folder / "scan.pdf", [])
    monkeypatch.setenv("KHABAR_KEY_FILE", str(tmp_path / "key"))
    report = index_paths([folder], tmp_path / "index")
    assert report.articles_written == 4 and report.ignored_files == []
    assert [Path(s.path).name for s in report.skipped] == ["scan.pdf"]
    assert "no text layer" in report.skipped[0].reason and "OCR" in report.skipped[0].reason
    with OpenedIndex(tmp_path / "index") as archive:
        titles = {h.title for q in ("نیروگاه خورشیدی", "تورم", "صادرات نفت", "لایحه بودجه")
                  for h in search(archive, q).hits}
    assert titles == {"آغاز ساخت سومین نیروگاه خورشیدی یزد", "تورم ماهانه کاهش یافت",
                      "صادرات نفت افزایش یافت", PDF_LINES[0]}
