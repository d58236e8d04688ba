"""The peers of the scale benchmark: tantivy (tantivy-py) and SQLite FTS5, run on the same
JSON Lines corpus and asked the same queries in the same modes as khabar.

Each peer reads the corpus's JSON objects as they are (no Persian analysis: tantivy's default
tokenizer, FTS5's ``unicode61``), ranks by its own BM25 with the title weighted 3, returns the
top 10 with the total count, and in the snippet modes builds a highlighted snippet for each hit
of the page. Installed only by the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

TITLE_BOOST = 3.0
PAGE = 10
# Characters tantivy's and FTS5's query languages treat as syntax; Persian text needs none.
_SYNTAX = re.compile(r"[\"'():\-+^~*\[\]{}!<>=\\/،؟?,.؛«»]")


def iter_records(corpus: Path, limit: int = 0) -> Iterator[dict[str, Any]]:
    """The corpus's articles as JSON objects, shard by shard (``limit`` 0: all)."""
    seen = 0
    for shard in sorted(corpus.glob("*.jsonl")):
        with shard.open(encoding="utf-8") as lines:
            for line in lines:
                if limit and seen >= limit:
                    return
                seen += 1
                yield json.loads(line)


def epoch(published: str | None) -> int:
    return int(datetime.fromisoformat(published).timestamp()) if published else 0


def words_and_phrase(text: str) -> tuple[list[str], str | None]:
    """Plain words of a query and its «…» phrase, if any (queries here hold at most one)."""
    phrase = None
    match = re.search(r"«([^»]+)»", text)
    if match:
        phrase = " ".join(_SYNTAX.sub(" ", match.group(1)).split())
        text = text[:match.start()] + text[match.end():]
    return _SYNTAX.sub(" ", text).split(), phrase


class Tantivy:
    name = "tantivy"

    def __init__(self, path: Path) -> None:
        import tantivy

        self.tantivy = tantivy
        self.index = tantivy.Index.open(str(path))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    @staticmethod
    def build(corpus: Path, path: Path, limit: int = 0) -> int:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True)
        builder.add_text_field("body", stored=True)
        builder.add_text_field("source", stored=True, tokenizer_name="raw")
        builder.add_integer_field("published", stored=True, indexed=True, fast=True)
        path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(builder.build(), path=str(path))
        writer = index.writer(heap_size=256_000_000, num_threads=2)
        count = 0
        for record in iter_records(corpus, limit):
            writer.add_document(tantivy.Document(
                id=record["id"], title=record.get("title") or "",
                body="\n\n".join(p for p in (record.get("lead"), record.get("body")) if p),
                source=record.get("source") or "", published=epoch(record.get("published"))))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        return count

    def _query(self, text: str, source: str | None) -> Any:
        words, phrase = words_and_phrase(text)
        query_text = " ".join(words + ([f'"{phrase}"'] if phrase else []))
        query = self.index.parse_query(query_text or "*", ["title", "body"],
                                       field_boosts={"title": TITLE_BOOST})
        if source:
            occur = self.tantivy.Occur.Must
            query = self.tantivy.Query.boolean_query(
                [(occur, query),
                 (occur, self.tantivy.Query.term_query(self.schema, "source", source))])
        return query

    def run(self, text: str, *, snippets: bool, by_date: bool = False,
            source: str | None = None) -> int:
        query = self._query(text, source)
        options: dict[str, Any] = {"limit": PAGE, "count": True}
        if by_date:
            options["order_by_field"] = "published"
        result = self.searcher.search(query, **options)
        if snippets:
            generator = self.tantivy.SnippetGenerator.create(self.searcher, query, self.schema,
                                                            "body")
            generator.set_max_num_chars(200)
            for _, address in result.hits:
                generator.snippet_from_doc(self.searcher.doc(address)).to_html()
        else:
            for _, address in result.hits:
                self.searcher.doc(address)["title"]
        return result.count or 0


class Fts5:
    name = "fts5"

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)

    @staticmethod
    def build(corpus: Path, path: Path, limit: int = 0) -> int:
        db = sqlite3.connect(path)
        db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, source UNINDEXED, "
                   "published UNINDEXED, tokenize='unicode61 remove_diacritics 2')")
        rows = ((r.get("title") or "",
                 "\n\n".join(p for p in (r.get("lead"), r.get("body")) if p),
                 r.get("source") or "", epoch(r.get("published")))
                for r in iter_records(corpus, limit))
        db.executemany("INSERT INTO fts VALUES (?, ?, ?, ?)", rows)
        db.commit()
        (count,) = db.execute("SELECT count(*) FROM fts").fetchone()
        db.close()
        return count

    @staticmethod
    def _match(text: str) -> str:
        words, phrase = words_and_phrase(text)
        terms = [f'"{w}"' for w in words] + ([f'"{phrase}"'] if phrase else [])
        return " OR ".join(terms) or '""'

    def run(self, text: str, *, snippets: bool, by_date: bool = False,
            source: str | None = None) -> int:
        match = self._match(text)
        where = "fts MATCH ?" + (" AND source = ?" if source else "")
        args: tuple[Any, ...] = (match, source) if source else (match,)
        order = "published DESC" if by_date else f"bm25(fts, {TITLE_BOOST}, 1.0)"
        shown = ("snippet(fts, 1, '[', ']', '…', 24)" if snippets else "title")
        self.db.execute(f"SELECT rowid, {shown} FROM fts WHERE {where} ORDER BY {order} "
                        f"LIMIT {PAGE}", args).fetchall()
        (total,) = self.db.execute(f"SELECT count(*) FROM fts WHERE {where}", args).fetchone()
        return total


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.peers tantivy|fts5 CORPUS TARGET``: build one peer's index."""
    import sys

    system, corpus, target = argv or sys.argv[1:]
    peer = {"tantivy": Tantivy, "fts5": Fts5}[system]
    print(peer.build(Path(corpus), Path(target)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
