"""Plain text articles: the first non-empty line is the title, the rest is the body."""

from __future__ import annotations

from searcher.article import Article, make_article_id
from searcher.errors import ParseError
from searcher.ingest.paragraphs import join_body


def parse_plaintext(text: str, path: str) -> Article:
    """One article from plain text; hard-wrapped body lines are re-joined into paragraphs."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.strip():
            title = " ".join(line.split())
            body = join_body(lines[number + 1:])
            return Article(id=make_article_id(path=path), title=title, body=body, path=path)
    raise ParseError(f"{path}: empty file (no text to index)")
