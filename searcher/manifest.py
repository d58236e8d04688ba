"""What the index was built from: files (size, mtime, digest) and the articles each one gave.

A small SQLite file beside the whoosh index. It is updated *after* each whoosh commit, so a crash
in between only makes the next run redo that batch; whoosh's unique ``id`` makes redoing
idempotent.
"""

from __future__ import annotations

import sqlite3
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
CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, content TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_content ON articles (content);
"""


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
        return {path: FileRecord(size, mtime, digest) for path, size, mtime, digest in rows}

    def ids_of(self, path: str) -> set[str]:
        rows = self.db.execute("SELECT id FROM file_articles WHERE path = ?", (path,))
        return {row[0] for row in rows}

    def is_referenced(self, article_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM file_articles WHERE id = ? LIMIT 1", (article_id,))
        return row.fetchone() is not None

    def id_with_content(self, content: str) -> str | None:
        row = self.db.execute("SELECT id FROM articles WHERE content = ? LIMIT 1", (content,))
        found = row.fetchone()
        return found[0] if found else None

    def set_file(self, path: str, record: FileRecord, ids: set[str]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO files (path, size, mtime_ns, digest) VALUES (?, ?, ?, ?)",
            (path, record.size, record.mtime_ns, record.digest),
        )
        self.db.execute("DELETE FROM file_articles WHERE path = ?", (path,))
        self.db.executemany(
            "INSERT INTO file_articles (path, id) VALUES (?, ?)", [(path, i) for i in ids])

    def set_article(self, article_id: str, content: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO articles (id, content) VALUES (?, ?)",
                        (article_id, content))

    def forget_file(self, path: str) -> None:
        self.db.execute("DELETE FROM files WHERE path = ?", (path,))
        self.db.execute("DELETE FROM file_articles WHERE path = ?", (path,))

    def forget_article(self, article_id: str) -> None:
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def commit(self) -> None:
        self.db.commit()
