"""Files → articles: news pages, plain text, JSON and JSON Lines, in any encoding Persian
archives use. :func:`parse_file` is the entry point; it returns a :class:`ParseOutcome`."""

from searcher.parsers.dispatch import DEFAULT_MAX_BYTES, parse_bytes, parse_file
from searcher.parsers.outcome import ParseOutcome, Problem

__all__ = ["DEFAULT_MAX_BYTES", "ParseOutcome", "Problem", "parse_bytes", "parse_file"]
