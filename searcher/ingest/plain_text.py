"""Plain text articles: the first non-empty line is the title, the rest is the body."""

from __future__ import annotations

import re

from searcher.article import Article, make_article_id
from searcher.errors import ParseError
from searcher.ingest.paragraphs import join_body

# A headline is a line of a dozen words; a first line longer than this is the article itself
# written on one line. The index keeps only a title's band of positions for the title
# (searcher.index.schema.BANDS), so such a line must go to the body or its words are lost.
TITLE_MAX_CHARS = 300
_SENTENCE_END = re.compile(r"[.!?؟…]+[»\"')\]”’]*\s")


def parse_plaintext(text: str, path: str) -> Article:
    """One article from plain text; hard-wrapped body lines are re-joined into paragraphs."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.strip():
            title, rest = split_title(" ".join(line.split()))
            body = join_body([rest, *lines[number + 1:]] if rest else lines[number + 1:])
            return Article(id=make_article_id(path=path), title=title, body=body, path=path)
    raise ParseError(f"{path}: empty file (no text to index)")


def split_title(line: str) -> tuple[str, str]:
    """(title, the rest of the line for the body): a short line is all title; a long one gives
    its first sentence when that is short enough, else no title and all of it to the body.

    >>> split_title("بارش برف جاده را بست. " + "پلیس از رانندگان خواست صبر کنند. " * 20)[0]
    'بارش برف جاده را بست.'
    """
    if len(line) <= TITLE_MAX_CHARS:
        return line, ""
    match = _SENTENCE_END.search(line, 0, TITLE_MAX_CHARS + 1)
    if match is None:
        return "", line
    return line[:match.end()].rstrip(), line[match.end():]
