"""``khabar check``: verify an index the way ``PRAGMA integrity_check`` verifies a SQLite file.

In order: the format version; the signature (every file's bytes, :mod:`searcher.index.trust`) —
if it fails nothing is unpickled, and the check stops there; every segment readable, its terms,
id postings and stored articles decodable, and the document count equal to the sum over the
segments (:mod:`searcher.engine.integrity`); the manifest and the index agree (every article the
manifest lists is in the index, once; no article no file gave). ``khabar index`` repairs every
problem reported here except an index signed by someone else (``khabar trust``). Stored stories
that do not fit the index are a warning, not a problem: searches still work, grouping copies
of a story at query time, more slowly, until ``khabar index`` stores them again.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from searcher.errors import IndexDamagedError, IndexMissingError, KhabarError
from searcher.index import trust
from searcher.index.directory import index_exists
from searcher.index.format import INDEX_FORMAT, stored_format
from searcher.index.manifest import MANIFEST_FILE

MAX_IDS = 3  # ids named as examples in one problem
# Damage found inside signed files is written here, so that the next ``khabar index`` rebuilds
# the index (the signature cannot show it: the bytes are the ones khabar signed).
DAMAGE_FILE = "khabar.damaged"


@dataclass
class CheckReport:
    index_dir: str
    problems: list[str] = field(default_factory=list)
    articles: int = 0
    segments: int = 0

    damaged: bool = False  # a segment cannot be read (not merely a manifest disagreement)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (message, hint): still ok

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"index_dir": self.index_dir, "ok": self.ok, "problems": self.problems,
                "warnings": [{"message": m, "hint": h} for m, h in self.warnings],
                "articles": self.articles, "segments": self.segments}


def check_index(index_dir: Path) -> CheckReport:
    """Every problem of the index at ``index_dir`` (an empty list: it is sound)."""
    if not index_exists(index_dir):
        raise IndexMissingError(f"no khabar index at {index_dir}")
    report = CheckReport(str(index_dir))
    found = stored_format(index_dir)
    if found != INDEX_FORMAT:
        report.problems.append(f"the index is in format {found} (this khabar reads "
                               f"{INDEX_FORMAT}): remove it and index again")
        return report
    report.problems.extend(f"signature: {why}" for why in trust.mismatches(index_dir))
    if report.problems:
        report.problems.append("not read further: khabar reads only the bytes it signed")
        return report
    from searcher.engine import safe_pickle
    from searcher.engine.integrity import read_segments
    from searcher.engine.mapped_storage import missing_files
    from searcher.engine.mapped_storage import open_mapped_index
    from searcher.index.schema import stored_article

    safe_pickle.install()
    ix = open_mapped_index(str(index_dir))
    try:
        report.problems.extend(f"{name} is missing" for name in missing_files(ix))
        if report.problems:
            return report
        segments = read_segments(ix, lambda stored: stored_article(stored).id)
        generation = ix.latest_generation()
        if not segments.problems:
            report.warnings.extend(_stories_warnings(index_dir, ix))
    finally:
        ix.close()
    report.problems.extend(segments.problems)
    report.articles, report.segments = segments.doc_count, segments.segments
    if segments.problems:
        report.damaged = True
        _remember_damage(index_dir, segments.problems)
    if not segments.problems:
        report.problems.extend(_manifest_problems(index_dir, generation, segments.ids))
    return report


def _stories_warnings(index_dir: Path, ix: Any) -> list[tuple[str, str]]:
    from searcher.index.stories import stories_problem

    with ix.searcher() as searcher:
        problem = stories_problem(index_dir, searcher)
    if problem is None:
        return []
    return [(f"{problem}: searches that fold copies of a story group them at query time, "
             "more slowly", f"khabar index PATH --index {index_dir} stores them again")]


def _remember_damage(index_dir: Path, problems: list[str]) -> None:
    try:
        (index_dir / DAMAGE_FILE).write_text("".join(f"{p}\n" for p in problems),
                                             encoding="utf-8")
    except OSError:
        pass  # a read-only copy: check still reports, and khabar index cannot write there either


def damaged_error(index_dir: Path, exc: BaseException) -> IndexDamagedError | None:
    """The error to raise instead of ``exc`` when it came from damaged bytes in the index: the
    kind of exception whoosh raises on undecodable data, confirmed by a full check (so a bug
    is never passed off as damage). None when the index reads cleanly."""
    from searcher.engine.integrity import is_decoding_error
    from searcher.index.directory import damage_hint

    if isinstance(exc, KhabarError) or not is_decoding_error(exc):
        return None
    try:
        report = check_index(index_dir)
    except Exception:
        return None
    if not report.damaged:
        return None
    return IndexDamagedError(f"the index at {index_dir} is damaged: {report.problems[0]}",
                             hint=damage_hint(index_dir))


def _manifest_problems(index_dir: Path, generation: int, ids: list[str]) -> list[str]:
    path = index_dir / MANIFEST_FILE
    if not path.exists():
        return [f"{MANIFEST_FILE} is missing: khabar index cannot tell which files are indexed"]
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
            listed = {r[0] for r in db.execute("SELECT id FROM articles")}
            referenced = {r[0] for r in db.execute("SELECT DISTINCT id FROM file_articles")}
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return [f"{MANIFEST_FILE} cannot be read: {exc}"]
    problems = []
    described = int(row[0]) if row else None
    if described != generation:
        problems.append(f"the manifest describes commit {described}, the index is at commit "
                        f"{generation}: the last batch is not recorded")
    counts = Counter(ids)
    twice = sorted(i for i, n in counts.items() if n > 1)
    live = set(counts)
    for what, found in (
        ("articles are in the index more than once", twice),
        ("articles the manifest lists are not in the index", sorted(listed - live)),
        ("articles in the index were given by no file (orphans)", sorted(live - referenced)),
    ):
        if found:
            problems.append(f"{len(found)} {what}: {', '.join(found[:MAX_IDS])}"
                            + (", …" if len(found) > MAX_IDS else ""))
    return problems
