"""A timeline on screen, in a pipe and as JSON: one labelled bar per Jalali period.

On a terminal: the period's Persian label («مهر ۱۴۰۲»), its count and a bar of block
characters scaled to the busiest period (eighth blocks for the fraction), empty periods drawn
as a bare count of 0, and a closing line for undated matches. With ``--bidi on`` the labels are
reordered like every other Persian text (:class:`searcher.output.bidi.BidiText`); the bars are
direction-free. Piped: ``period<TAB>start<TAB>count`` lines (start as an ISO date), undated on
stderr. ``--json``: :meth:`searcher.tallies.Timeline.to_json`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from searcher.output.plain import to_json
from searcher.output.render import Environment, OutputMode
from searcher.output.sanitize import clean_line
from searcher.tallies import Timeline

if TYPE_CHECKING:
    from rich.console import RenderableType


BAR_WIDTH = 40
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(count: int, busiest: int, width: int = BAR_WIDTH) -> str:
    """``count`` as a bar of block characters, ``width`` cells for ``busiest``.

    >>> bar(3, 4, 8)
    '██████'
    >>> bar(0, 4, 8)
    ''
    """
    if busiest <= 0 or count <= 0:
        return ""
    eighths = max(1, round(count * width * 8 / busiest))
    return "█" * (eighths // 8) + _EIGHTHS[eighths % 8].strip()


def timeline_lines(line: Timeline) -> list[str]:
    """``period<TAB>start<TAB>count`` for each bucket, in time order."""
    return [f"{clean_line(b.label)}\t{b.start.isoformat()}\t{b.count}" for b in line.buckets]


def timeline_renderable(line: Timeline, *, reorder: bool) -> RenderableType:
    """A heading, one row per period (label, count, bar), and the undated count."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from searcher.output.styled import LABEL, META, NOTE, TITLE, shown, styled

    busiest = max((b.count for b in line.buckets), default=0)
    heading = Text.assemble((f"{line.total:,}", LABEL), " articles for «",
                            styled(line.query, style=LABEL), f"» by {line.by}")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(justify="right", no_wrap=True, style=META)
    grid.add_column(no_wrap=True)
    for bucket in line.buckets:
        grid.add_row(shown(styled(bucket.label), reorder=reorder, rtl=True),
                     Text(f"{bucket.count:,}"), Text(bar(bucket.count, busiest), style=TITLE))
    parts: list[RenderableType] = [shown(heading, reorder=reorder, rtl=False, align_rtl=False),
                                   grid]
    if not line.buckets:
        parts.append(Text("no dated articles match", style=NOTE))
    if line.undated:
        parts.append(Text(f"+ {line.undated:,} undated", style=NOTE))
    parts.extend(Text(f"warning: {w}", style=NOTE) for w in line.warnings)
    return Group(*parts)


def print_timeline(line: Timeline, env: Environment, *, as_json: bool = False) -> None:
    mode = env.mode(as_json=as_json)
    if mode is OutputMode.JSON:
        env.stdout.write(to_json(line.to_json()) + "\n")
    elif mode is OutputMode.PLAIN:
        env.stdout.writelines(text + "\n" for text in timeline_lines(line))
        notes = [f"{line.undated:,} undated"] if line.undated else []
        notes.extend(f"warning: {clean_line(w)}" for w in line.warnings)
        env.stderr.writelines(f"khabar: {note}\n" for note in notes)
    else:
        env.console().print(timeline_renderable(line, reorder=env.reorder))
