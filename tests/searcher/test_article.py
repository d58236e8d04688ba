"""Article.to_json: the stored form of an article (searcher.index.schema keeps it as JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from searcher.article import Article

TEHRAN = timezone(timedelta(hours=3, minutes=30))


@pytest.mark.parametrize("article", [
    Article(id="irna-1", title="افزایش قیمت نفت", lead="به گزارش ایرنا، قیمت نفت بالا رفت",
            body="بازار نفت امروز …", source="ایرنا", news_code="۸۴۱۲۳",
            published=datetime(2023, 5, 1, 9, 30, tzinfo=TEHRAN), url="https://irna.example/1",
            tags=("اقتصاد", "نفت"), path="a/b.txt"),
    Article(id="d", title="سیل در گلستان", published=datetime(2023, 3, 20, tzinfo=ZoneInfo("Asia/Tehran")),
            date_only=True),
    Article(id="bare"),
])
def test_to_json_is_every_field_but_date_only_with_the_date_as_text(article: Article) -> None:
    data = article.to_json()
    expected = asdict(article)
    del expected["date_only"]
    expected["published"] = article.published_text or None
    expected["tags"] = list(article.tags)
    assert data == expected
    assert list(data) == list(expected), "keys in field order: the stored JSON is unchanged"
    assert Article.from_json(json.loads(json.dumps(data, ensure_ascii=False))) == article
