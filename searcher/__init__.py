"""khabar's search side: articles, indexing, queries, ranking, snippets, rendering and the CLI.

Importing it (or any module in it) changes nothing global; the command-line entry point
(:func:`searcher.cli.app.main`) is what installs the start-up stand-ins.
"""
