"""Counted results of the newsroom views: a timeline's buckets and a search's facets.

Plain records like :mod:`searcher.results`, apart from it so that a plain one-shot search
(which counts nothing of this) does not build their classes at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class Bucket:
    label: str  # «مهر ۱۴۰۲»
    start: date  # first Gregorian day
    end: date  # last Gregorian day (inclusive)
    count: int


@dataclass(frozen=True, slots=True)
class Timeline:
    query: str
    by: str
    buckets: tuple[Bucket, ...]
    undated: int
    warnings: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(bucket.count for bucket in self.buckets) + self.undated

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "by": self.by,
            "buckets": [{"label": b.label, "start": b.start.isoformat(),
                         "end": b.end.isoformat(), "count": b.count} for b in self.buckets],
            "undated": self.undated,
        }


@dataclass(frozen=True, slots=True)
class Facets:
    source: tuple[tuple[str, int], ...]  # (canonical agency, count), most first
    year: tuple[tuple[int, int], ...]  # (Jalali year, count), oldest first; empty years left out
    undated: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "source": [{"name": name, "count": count} for name, count in self.source],
            "year": [{"name": str(year), "count": count} for year, count in self.year],
        }
