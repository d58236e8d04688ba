"""Per-article values kept in fixed-width columns, so counting never reads stored article text.

A timeline, a facet count or same-story collapsing over tens of thousands of matches needs three
small facts per article, not the article: when it was published, which agency (canonical name)
published it, and its story signature. Each is written as a fixed-width whoosh column (defined in
:mod:`searcher.index.schema`), which :mod:`searcher.engine.columns` reads a segment at a time
into numpy arrays. The encodings live here, beside each other, for the writer and the reader.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from typing import Any

from searcher.article import Article
from searcher.index.hashes import blake2b
from searcher.ingest.agencies import canonical_agency

PUBLISHED_AT = "published_at"  # int64 little-endian: seconds since 1970 UTC
AGENCY = "agency"  # the canonical agency name, indexed whole (for --source and source:)
AGENCY_KEY = "agency_key"  # uint64 little-endian: agency_hash(canonical name); 0 = none
STORY = "story"  # the MinHash signature (searcher.index.signature)

UNDATED = -(1 << 63)  # published_at of an article with no date
_INT64 = struct.Struct("<q")
UNDATED_BYTES = _INT64.pack(UNDATED)
# searcher.index.signature.SIGNATURE_BYTES (a test holds them equal): that module compiles its
# patterns on import, and only indexing needs it, not a search reading these columns.
STORY_BYTES = 256


def agency_hash(name: str) -> int:
    """The agency column's value for a canonical name (0 for no agency)."""
    if not name:
        return 0
    return int.from_bytes(blake2b(name.encode("utf-8"), digest_size=8).digest(), "little")


def shown_agency(source: str) -> str:
    """The agency name shown for a stored ``source``: canonical when it names an outlet."""
    return canonical_agency(source) or source


def column_values(article: Article) -> dict[str, Any]:
    """The newsroom columns (and the agency term) of one article's whoosh document."""
    from searcher.index.signature import signature

    values: dict[str, Any] = {STORY: signature(article.lead, article.body)}
    agency = canonical_agency(article.source)
    if agency:
        values[AGENCY] = agency
        values[AGENCY_KEY] = agency_hash(agency).to_bytes(8, "little")
    if article.published is not None:
        seconds = int(article.published.astimezone(UTC).timestamp()) \
            if article.published.tzinfo else int(article.published.replace(tzinfo=UTC).timestamp())
        values[PUBLISHED_AT] = _INT64.pack(seconds)
    return values


def seconds_of(moment: datetime) -> int:
    """The published_at value of a moment (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())
