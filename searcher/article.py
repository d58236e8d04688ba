"""The Article record that flows from parsers into the index and back out to users."""

from __future__ import annotations

from dataclasses import field, fields
from datetime import datetime
from typing import Any

from searcher.records import Record, record


@record
class Article(Record):
    """One news article. ``published`` is timezone-aware (or None when the source gives no date)."""

    id: str
    title: str = ""
    surtitle: str = ""  # روتیتر, the line above the headline
    lead: str = ""  # لید, the summary paragraph
    body: str = ""
    source: str = ""  # agency or site
    published: datetime | None = None
    news_code: str = ""
    url: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    path: str = ""
    # The source gave a day, no time: ``published`` is that day's Tehran midnight (so it sorts
    # and filters), shown and stored as the date alone.
    date_only: bool = False

    @property
    def published_text(self) -> str:
        return published_text(self.published, self.date_only)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: ISO 8601 date (a date alone when no time was given), tags as a
        list, text in logical order."""
        # Every field is immutable: a shallow dict (asdict deep-copies the date and the tags,
        # a tenth of the JSON's cost on each indexed article).
        data = {name: getattr(self, name) for name in _JSON_FIELDS}
        data["published"] = self.published_text or None
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_json`."""
        published = data.get("published")
        date_only = isinstance(published, str) and bool(published) and "T" not in published
        moment = datetime.fromisoformat(published) if published else None
        if moment is not None and date_only:
            from zoneinfo import ZoneInfo  # the zone of searcher.ingest.dates.TEHRAN (cached)

            moment = moment.replace(tzinfo=ZoneInfo("Asia/Tehran"))
        return cls(
            id=str(data["id"]),
            title=data.get("title") or "",
            surtitle=data.get("surtitle") or "",
            lead=data.get("lead") or "",
            body=data.get("body") or "",
            source=data.get("source") or "",
            published=moment,
            news_code=data.get("news_code") or "",
            url=data.get("url") or "",
            tags=tuple(data.get("tags") or ()),
            path=data.get("path") or "",
            date_only=date_only,
        )


# The fields to_json gives, in their order ("date_only" is said by the form of "published").
_JSON_FIELDS = tuple(f.name for f in fields(Article) if f.name != "date_only")


def published_text(published: datetime | None, date_only: bool) -> str:
    """``2004-01-17`` for a date only, else the full ISO 8601 time; "" when undated."""
    if published is None:
        return ""
    return published.date().isoformat() if date_only else published.isoformat()


def make_article_id(*, url: str = "", source: str = "", news_code: str = "", path: str = "",
                    index_in_file: int = 0) -> str:
    """A stable id: from the URL, else agency + news code, else file path + position in the file.

    The same article indexed again gets the same id; two saves of one article (same URL or the
    same agency and news code) collide on purpose, which is how duplicates collapse.
    """
    if url:
        key = "url:" + url.strip().rstrip("/")
    elif news_code and source:
        key = f"code:{source.strip()}:{news_code.strip()}"
    else:
        key = f"path:{path}#{index_in_file}"
    from hashlib import blake2b  # at index time only: hashlib loads OpenSSL (start-up)

    return blake2b(key_bytes(key), digest_size=8).hexdigest()


def key_bytes(text: str) -> bytes:
    """UTF-8 of ``text``, where a file name's undecodable bytes (``bad\\xffname.txt`` reaches
    Python as a lone surrogate) become those bytes again and any other lone surrogate its
    UTF-8-style code: every string has one, stable, encoding."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")
