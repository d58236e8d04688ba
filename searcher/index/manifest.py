"""What the index was built from: files (size, mtime, digest) and the articles each one gave.

A small SQLite file beside the whoosh index. It is committed *after* each whoosh commit,
together with the whoosh generation it describes: a run that finds the index one generation
ahead knows the manifest missed the last batch and re-checks its claims against the index
(see :mod:`searcher.index.run`).

Tables: ``files`` (one row a file), ``file_articles`` (which article ids a file gave, its own
or the one it collapsed into), ``aliases`` (the subset of those that are another file's
article with the same text) and ``articles`` (each indexed id and the key of its text).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MANIFEST_FILE = "manifest.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS file_articles (
    path TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (path, id)
);
CREATE INDEX IF NOT EXISTS file_articles_id ON file_articles (id);
CREATE TABLE IF NOT EXISTS aliases (path TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (path, id));
CREATE INDEX IF NOT EXISTS aliases_id ON aliases (id);
CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, content TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_content ON articles (content);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_TABLES = ("files", "file_articles", "aliases", "articles", "meta")


@dataclass(frozen=True, slots=True)
class FileRecord:
    size: int
    mtime_ns: int
    digest: str


class Manifest:
    """Read and update the manifest; ``commit`` makes a batch of changes durable."""

    def __init__(self, index_dir: Path) -> None:
        self.db = sqlite3.connect(index_dir / MANIFEST_FILE)
        self.db.executescript(_SCHEMA)
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    def files(self) -> dict[str, FileRecord]:
        rows = self.db.execute("SELECT path, size, mtime_ns, digest FROM files")
        return {_path(path): FileRecord(size, mtime, digest)
                for path, size, mtime, digest in rows}

    def ids_of(self, path: str) -> set[str]:
        rows = self.db.execute("SELECT id FROM file_articles WHERE path = ?", (_key(path),))
        return {row[0] for row in rows}

    def is_referenced(self, article_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM file_articles WHERE id = ? LIMIT 1", (article_id,))
        return row.fetchone() is not None

    def referenced_elsewhere(self, article_id: str, path: str) -> bool:
        """Whether a file other than ``path`` gave ``article_id``."""
        row = self.db.execute("SELECT 1 FROM file_articles WHERE id = ? AND path != ? LIMIT 1",
                              (article_id, _key(path)))
        return row.fetchone() is not None

    def id_with_content(self, content: str) -> str | None:
        row = self.db.execute("SELECT id FROM articles WHERE content = ? LIMIT 1", (content,))
        found = row.fetchone()
        return found[0] if found else None

    def content_of(self, article_id: str) -> str | None:
        """The content key of an indexed article; None when the id is not in the index."""
        row = self.db.execute("SELECT content FROM articles WHERE id = ?", (article_id,))
        found = row.fetchone()
        return found[0] if found else None

    def article_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM articles")]

    def alias_holders(self, article_id: str) -> set[str]:
        """Files whose article collapsed into ``article_id`` because their text was the same."""
        rows = self.db.execute("SELECT path FROM aliases WHERE id = ?", (article_id,))
        return {_path(row[0]) for row in rows}

    def set_file(self, path: str, record: FileRecord, ids: Iterable[str],
                 aliases: Iterable[str] = ()) -> None:
        """Record a file and the ids it gave; ``aliases`` are those that are a twin's id."""
        self.set_record(path, record)
        key = _key(path)
        self.db.execute("DELETE FROM file_articles WHERE path = ?", (key,))
        self.db.execute("DELETE FROM aliases WHERE path = ?", (key,))
        self.db.executemany(
            "INSERT INTO file_articles (path, id) VALUES (?, ?)", [(key, i) for i in ids])
        self.db.executemany(
            "INSERT INTO aliases (path, id) VALUES (?, ?)", [(key, i) for i in aliases])

    def set_record(self, path: str, record: FileRecord) -> None:
        """Update a file's size, mtime and digest, keeping the ids it gave."""
        self.db.execute(
            "INSERT OR REPLACE INTO files (path, size, mtime_ns, digest) VALUES (?, ?, ?, ?)",
            (_key(path), record.size, record.mtime_ns, record.digest),
        )

    def set_article(self, article_id: str, content: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO articles (id, content) VALUES (?, ?)",
                        (article_id, content))

    def forget_file(self, path: str) -> None:
        for table in ("files", "file_articles", "aliases"):
            self.db.execute(f"DELETE FROM {table} WHERE path = ?", (_key(path),))

    def forget_article(self, article_id: str) -> None:
        """Drop an id the index no longer holds; files that gave it will be read again."""
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def forget_articles_of_stale(self, article_ids: Iterable[str]) -> None:
        """Ids the index turned out not to hold: forget them and make their files look changed."""
        article_ids = list(article_ids)
        for article_id in article_ids:
            self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        self.mark_stale(article_ids)

    def referenced_ids(self) -> set[str]:
        """Every id some file gave."""
        return {row[0] for row in self.db.execute("SELECT DISTINCT id FROM file_articles")}

    def counts(self) -> tuple[int, int]:
        """(articles recorded, distinct ids files gave): both the index's count when sound."""
        articles = self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        given = self.db.execute("SELECT COUNT(DISTINCT id) FROM file_articles").fetchone()[0]
        return articles, given

    def mark_stale(self, article_ids: Iterable[str] | None) -> None:
        """Make the files that gave ``article_ids`` (None: every file) look changed."""
        if article_ids is None:
            self.db.execute("UPDATE files SET digest = '', mtime_ns = -1")
            return
        for article_id in article_ids:
            self.db.execute(
                "UPDATE files SET digest = '', mtime_ns = -1 WHERE path IN "
                "(SELECT path FROM file_articles WHERE id = ?)", (article_id,))

    def generation(self) -> int | None:
        """The whoosh generation the manifest describes; None for a new manifest."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        return int(row[0]) if row else None

    def set_generation(self, generation: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('generation', ?)",
                        (str(generation),))

    def reset(self) -> None:
        """Forget everything: the index it described is gone."""
        for table in _TABLES:
            self.db.execute(f"DELETE FROM {table}")

    def commit(self) -> None:
        self.db.commit()

    def rollback(self) -> None:
        self.db.rollback()


def _key(path: str) -> str | bytes:
    """How a path is stored: as text, or as its bytes (a BLOB) when the file name is not valid
    UTF-8 (``bad\\xffname.txt`` reaches Python with a lone surrogate, which SQLite's text cannot
    hold). Valid names stay text, so manifests written before read the same."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def _path(stored: str | bytes) -> str:
    return os.fsdecode(stored) if isinstance(stored, bytes) else stored
