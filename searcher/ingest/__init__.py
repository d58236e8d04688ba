"""Files → articles: news pages, plain text, JSON and JSON Lines, in any encoding Persian
archives use, plus the dates and labels those files print.

:func:`searcher.ingest.dispatch.parse_file` is the entry point; it returns a
:class:`~searcher.ingest.outcome.ParseOutcome`. This package imports nothing eagerly, so a
search that only needs :mod:`searcher.ingest.dates` does not load the parsers.
"""
