"""Running an indexing job for the CLI: a rich progress bar on a terminal, then a summary."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from searcher import settings
from searcher.errors import ExitCode, UsageError
from searcher.index.run import DEFAULT_BATCH, IndexReport, Progress, index_paths
from searcher.output.plain import to_json
from searcher.output.sanitize import clean_line


def parse_field_map(pairs: Sequence[str]) -> dict[str, str]:
    """``["matn=body", "onvan=title"]`` → ``{"matn": "body", "onvan": "title"}``."""
    mapping = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"bad --field {pair!r}", hint="write it as JSON_KEY=FIELD, e.g. "
                             "--field matn=body")
        mapping[key.strip()] = value.strip()
    return mapping


@contextmanager
def _progress_bar(env: Any) -> Iterator[Progress | None]:
    if not env.is_tty:
        yield None
        return
    from rich.progress import BarColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    # Articles are the figure people wait for; files come second. With a single file the bar
    # cannot know how far it is, so it pulses while the article count climbs.
    bar = Bar(TextColumn("indexing"), BarColumn(),
              TextColumn("{task.fields[articles]} articles · {task.fields[files]} files · "
                         "{task.fields[rate]} articles/s"), TimeRemainingColumn(),
              console=env.console(), transient=True)
    task = bar.add_task("index", total=None, articles="0", files="…", rate="…")

    def update(done: int, total: int, articles: int, _path: str) -> None:
        elapsed = bar.tasks[0].elapsed or 0.0
        rate = f"{articles / elapsed:,.0f}" if elapsed > 0.5 else "…"
        bar.update(task, completed=done, total=total if total > 1 else None,
                   articles=f"{articles:,}", files=f"{done:,}/{total:,}", rate=rate)

    with bar:
        yield update


def summary_lines(report: IndexReport, index_dir: Path, *, verbose: bool = False) -> list[str]:
    """The end-of-run summary, one fact a line; ``verbose`` names every ignored file."""
    named = "" if verbose or not report.ignored else "; --verbose names them"
    lines = [
        f"index: {index_dir}",
        (f"files: {report.new} new, {report.updated} updated, {report.removed} removed, "
         f"{report.unchanged} unchanged, {len(report.skipped)} skipped, "
         f"{report.ignored} ignored (not article files{named})"),
        (f"articles: {report.articles_written} written, {report.articles_removed} removed, "
         f"{report.duplicates} duplicates collapsed"),
        f"time: {report.seconds:.1f} s",
    ]
    lines += [f"skipped {clean_line(s.path)}: {clean_line(s.reason)}" for s in report.skipped]
    if verbose:
        lines += [f"ignored {clean_line(s.path)}: {clean_line(s.reason)}"
                  for s in report.ignored_files]
    lines += [f"problem {clean_line(p)}" for p in report.problems[:50]]
    if len(report.problems) > 50:
        lines.append(f"… and {len(report.problems) - 50} more problems (see --json)")
    return lines


def run_index(paths: Sequence[Path], index_dir: Path, *, strict: bool, fields: Sequence[str],
              as_json: bool, env: Any, verbose: bool = False,
              follow_symlinks: bool = False) -> int:
    """Index ``paths`` into ``index_dir``, report, and return the exit code.

    ``KHABAR_BATCH`` sets the articles a commit (default 5,000), ``KHABAR_JOBS`` the worker
    processes that read and parse (0: none; default: one per CPU beside this one, at most 2).
    """
    field_map = parse_field_map(fields)
    batch_size = settings.whole_number("KHABAR_BATCH", DEFAULT_BATCH) or DEFAULT_BATCH
    jobs = settings.whole_number("KHABAR_JOBS", None, minimum=0)
    with _progress_bar(env) as progress:
        report = index_paths(paths, index_dir, field_map=field_map or None, progress=progress,
                             batch_size=batch_size, jobs=jobs, follow_symlinks=follow_symlinks)
    if as_json:
        env.stdout.write(to_json({"index": str(index_dir), **report.to_json()}) + "\n")
    else:
        for line in summary_lines(report, index_dir, verbose=verbose):
            env.stderr.write(line + "\n")
    missed = report.not_indexed()
    if strict and missed:
        files = "1 file was" if len(missed) == 1 else f"{len(missed):,} files were"
        env.stderr.write(f"khabar: error: --strict: {files} not indexed, "
                         f"first {clean_line(missed[0].path)} ({clean_line(missed[0].reason)}) "
                         "(hint: --json or --verbose lists them all)\n")
        return ExitCode.ERROR
    return ExitCode.FOUND
