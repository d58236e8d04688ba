"""One JSON object from a crawl or dataset → one Article, by the field names such dumps use.

Names are matched case-insensitively with ``-`` and spaces read as ``_`` (``pubDate``,
``published-at``). A ``field_map`` ({"matn": "body"}) names fields the aliases do not know and
wins over them. An ``id`` in the input is kept as is; otherwise the id comes from
:func:`searcher.article.make_article_id`. A ``path`` is kept too (an export's record).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from searcher.article import Article, make_article_id
from searcher.ingest.dates import parse_published
from searcher.errors import ParseError, UsageError
from searcher.ingest.labels import ascii_digits
from searcher.ingest.page_lines import split_tags

# First present, non-empty alias wins, in this order.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title", "headline", "heading", "titr", "تیتر", "عنوان", "name"),
    "surtitle": ("surtitle", "rotitr", "rutitr", "kicker", "overline", "supertitle", "uptitle",
                 "pretitle", "روتیتر"),
    "lead": ("lead", "lede", "summary", "abstract", "description", "teaser", "excerpt", "lid",
             "لید", "خلاصه"),
    "body": ("body", "text", "content", "article", "articlebody", "article_body", "full_text",
             "fulltext", "paragraphs", "متن"),
    "published": ("published", "date", "datetime", "pubdate", "published_at", "publish_date",
                  "date_published", "datepublished", "publication_date", "time", "timestamp",
                  "created_at", "تاریخ"),
    "source": ("source", "agency", "news_agency", "site", "publisher", "outlet", "منبع",
               "خبرگزاری"),
    "url": ("url", "link", "href", "permalink", "canonical_url", "لینک"),
    "news_code": ("news_code", "newscode", "code", "news_id", "کد_خبر"),
}
# Every one of these that is present adds to the tags.
TAG_FIELDS = ("tags", "tag", "keywords", "category", "categories", "برچسب", "برچسب_ها")
FIELDS = (*ALIASES, "tags")
_NAME_KEYS = ("text", "name", "title", "value", "label")


def normalise_field_map(field_map: Mapping[str, str] | None) -> dict[str, str]:
    """``field_map`` with normalised input names; UsageError for a target that is not a field."""
    normalised: dict[str, str] = {}
    for name, target in (field_map or {}).items():
        if target not in FIELDS:
            raise UsageError(f"field map: {name!r} → {target!r}: no such article field",
                             hint="map to one of: " + ", ".join(FIELDS))
        normalised[_key(name)] = target
    return normalised


def article_from_record(record: Mapping[str, Any], *, path: str, index: int,
                        field_map: Mapping[str, str]) -> tuple[Article, list[str]]:
    """The article in ``record`` and warnings about values that were dropped.

    ``field_map`` must come from :func:`normalise_field_map`. Raises ParseError when the record
    has neither a title nor a body.
    """
    fields = _pick(record, field_map)
    warnings: list[str] = []
    published, date_only = _published(fields.get("published"), warnings)
    values = {name: _text(fields.get(name)) for name in ALIASES if name != "published"}
    body = _body(fields.get("body"))
    if not values["title"] and not body:
        raise ParseError(f"{path}: record {index + 1} has no title or body",
                         hint="name the fields with a field map, e.g. {\"matn\": \"body\"}")
    code = ascii_digits(values["news_code"])
    article_id = values["id"] or make_article_id(
        url=values["url"], source=values["source"], news_code=code, path=path,
        index_in_file=index)
    article = Article(
        id=article_id, title=values["title"], surtitle=values["surtitle"], lead=values["lead"],
        body=body, source=values["source"], published=published, news_code=code,
        url=values["url"], tags=_tags(fields.get("tags", [])), date_only=date_only,
        # A record's own path (khabar export writes it) says where the article first came
        # from: kept, so export → index → export gives the same articles back.
        path=_text(record.get("path")) or path,
    )
    return article, warnings


def _key(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


# The names of an archive's records repeat on every line: each normalised once (bounded).
_KEYS: dict[str, str] = {}
_KEYS_LIMIT = 4_096


def _known_key(name: Any) -> str:
    if type(name) is not str:
        return _key(str(name))
    found = _KEYS.get(name)
    if found is None:
        if len(_KEYS) >= _KEYS_LIMIT:
            _KEYS.clear()
        found = _KEYS[name] = _key(name)
    return found


def _pick(record: Mapping[str, Any], field_map: Mapping[str, str]) -> dict[str, Any]:
    by_key = {_known_key(k): v for k, v in record.items()}
    fields: dict[str, Any] = {}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            value = by_key.get(alias)
            if value is not None and _present(value):
                fields[name] = value
                break
    fields["tags"] = [by_key[t] for t in TAG_FIELDS if _present(by_key.get(t))]
    for source_name, target in field_map.items():
        if _present(by_key.get(source_name)):
            if target == "tags":
                fields["tags"].append(by_key[source_name])
            else:
                fields[target] = by_key[source_name]
    return fields


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _text(value: Any) -> str:
    """A one-line value: strings stripped, numbers written out, {"name": …} objects unwrapped."""
    if type(value) is str:  # nearly every value: no test of the abstract Mapping
        return " ".join(value.split())
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, Mapping):
        return next((_text(value[k]) for k in _NAME_KEYS if k in value), "")
    if isinstance(value, list):
        return " ".join(t for t in (_text(v) for v in value) if t)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _body(value: Any) -> str:
    """Body text with paragraphs separated by a blank line.

    A list is a list of paragraphs; in a string each line is a paragraph, because crawls end
    paragraphs with a single newline.
    """
    if isinstance(value, list):
        return "\n\n".join(p for p in (_body(v) for v in value) if p)
    if isinstance(value, Mapping):
        return _text(value)
    if isinstance(value, str):
        paragraphs = (" ".join(line.split()) for line in value.splitlines())
        return "\n\n".join(p for p in paragraphs if p)
    return _text(value)


def _published(value: Any, warnings: list[str]) -> tuple[datetime | None, bool]:
    """The date and whether it is a date only (no time of day given)."""
    if value is None or isinstance(value, bool):
        return None, False
    if isinstance(value, (int, float)):
        value = str(int(value))
    found = parse_published(_text(value))
    if found is None:
        warnings.append(f"date {_text(value)[:40]!r} not understood; published left empty")
        return None, False
    return found[0], not found[1]


def _tags(values: list[Any]) -> tuple[str, ...]:
    tags: list[str] = []
    for value in values:
        items = value if isinstance(value, list) else [value]
        for item in items:
            tags.extend(split_tags(_text(item)))
    return tuple(dict.fromkeys(tags))
