"""The ``khabar`` command line: the typer app, the shell, the index command and the first run."""
