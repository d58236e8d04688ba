"""What an indexing run reports: files new, updated, removed, skipped (and why), articles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DOCUMENTATION = "a README or LICENSE file (documentation, not an article)"


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


@dataclass(slots=True)
class IndexReport:
    """What a run did, file by file and article by article."""

    new: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    ignored: int = 0
    ignored_files: list[Skipped] = field(default_factory=list)
    articles_written: int = 0
    articles_removed: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["skipped"] = [{"path": s.path, "reason": s.reason} for s in self.skipped]
        data["ignored_files"] = [{"path": s.path, "reason": s.reason}
                                 for s in self.ignored_files]
        return data

    def not_indexed(self) -> list[Skipped]:
        """Files that gave no articles and were not left out on purpose: what ``--strict``
        fails on (documentation files, README and LICENSE, are left out on purpose)."""
        return [*self.skipped, *(s for s in self.ignored_files if s.reason != DOCUMENTATION)]


# Progress callback: (files done, files total, articles written, current path). Called for
# each file (with one job just before it is read; with worker processes, as its result is
# written) and every PROGRESS_ARTICLES articles written, so one big JSON Lines file moves too.
Progress = Callable[[int, int, int, str], None]
PROGRESS_ARTICLES = 25
