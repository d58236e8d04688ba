"""Display-only right-to-left reordering for terminals that print text in logical order.

GNOME Terminal (VTE ≥ 0.58), Konsole, macOS Terminal and mlterm run the Unicode bidi algorithm
themselves; Windows Terminal, VS Code, xterm, Alacritty, kitty and tmux do not, so Persian shows
backwards there. For the latter, :class:`BidiText` wraps a rich ``Text`` to the available width
first and then reorders each *line* (UAX #9 reorders per line, never per paragraph), carrying
every style span along with its characters, so a highlighted word stays highlighted.

Levels come from python-bidi. Its 0.6 API (``get_display``, ``get_base_level``) returns only the
reordered string, with no index map to carry styles; its pure-Python module ``bidi.algorithm``
still exposes the resolution steps, so we take the resolved embedding levels from it (rules
P–I2) and apply the line rules L1–L4 here, tracking indices. Characters the algorithm removes in
X9 (ZWNJ and other boundary neutrals) are kept and take the level of the character before them,
as UAX #9 §5.2 suggests, so reordering is always a permutation.

Nothing here touches stored text: JSON, piped output and files stay in logical order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from bidi import algorithm as _algorithm
from bidi import get_base_level
from bidi.mirror import MIRRORED
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

# Deciding whether to reorder lives in searcher.output.terminal (no rich needed); kept
# importable here.
from searcher.output.terminal import BIDI_ENV_VAR, BIDI_MODES, resolve_bidi, terminal_reorders

__all__ = ["BIDI_ENV_VAR", "BIDI_MODES", "BidiText", "paragraph_is_rtl", "reorder_line",
           "resolve_bidi", "terminal_reorders", "visual_order"]


LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_OPENERS = (LRI, RLI, FSI)
_PLACEHOLDER = "\ufffc"  # an isolate, as the text around it sees it: one neutral (ON)


def isolate(text: Text, *, rtl: bool | None = None) -> Text:
    """``text`` as a directional isolate (UAX #9 §2.7): laid out on its own, in its own
    direction (``rtl`` None: its first strong character's), then placed as one unit, so a
    Jalali date next to a Latin agency name, or an id next to a Persian one, stays whole.
    The isolate marks are consumed by :func:`reorder_line` and never printed."""
    opener = FSI if rtl is None else (RLI if rtl else LRI)
    return Text.assemble(opener, text, PDI)


def _top_isolates(line: str) -> list[tuple[int, int]]:
    """(opener index, PDI index) of each outermost isolate; an unclosed one runs to the end."""
    found: list[tuple[int, int]] = []
    depth, start = 0, 0
    for index, char in enumerate(line):
        if char in _OPENERS:
            if depth == 0:
                start = index
            depth += 1
        elif char == PDI and depth:
            depth -= 1
            if depth == 0:
                found.append((start, index))
    if depth:
        found.append((start, len(line)))
    return found


def paragraph_is_rtl(text: str) -> bool:
    """The paragraph direction of UAX #9 (P2–P3): that of its first strong character."""
    return get_base_level(text) == 1


def _resolved_levels(line: str, base_level: int) -> list[int]:
    """Embedding levels after rule I2 for each character of ``line`` (one line, no newlines)."""
    storage = _algorithm.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    _algorithm.get_embedding_levels(line, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    _algorithm.explicit_embed_and_overrides(storage)
    _algorithm.resolve_weak_types(storage)
    _algorithm.resolve_neutral_types(storage, False)
    _algorithm.resolve_implicit_levels(storage, False)
    resolved = {char["index"]: char["level"] for char in storage["chars"]}
    levels: list[int] = []
    for index in range(len(line)):
        # X9-removed characters (ZWNJ, …) follow the level of what precedes them
        levels.append(resolved.get(index, levels[-1] if levels else base_level))
    return levels


def _reset_line_ends(line: str, levels: list[int], base_level: int) -> None:
    """Rule L1: separators, and whitespace before them or at the line end, get the base level."""
    trailing = True
    for index in range(len(line) - 1, -1, -1):
        kind = unicodedata.bidirectional(line[index])
        if kind in ("S", "B"):
            levels[index] = base_level
            trailing = True
        elif trailing and kind in ("WS", "BN", "LRI", "RLI", "FSI", "PDI"):
            levels[index] = base_level
        else:
            trailing = False


def _clusters(line: str) -> list[list[int]]:
    """Indices grouped as base character + its combining marks, which must stay after it (L3)."""
    clusters: list[list[int]] = []
    for index, char in enumerate(line):
        if clusters and unicodedata.category(char) in ("Mn", "Me"):
            clusters[-1].append(index)
        else:
            clusters.append([index])
    return clusters


def visual_order(line: str, *, rtl: bool) -> tuple[list[int], list[int]]:
    """``(order, levels)`` for one display line: ``order[k]`` is the logical index of the k-th
    character from the left, ``levels[i]`` the resolved level of logical character ``i``.
    Isolate marks (:func:`isolate`) are left out of ``order``: they are never shown.

        >>> visual_order("ab جد", rtl=False)[0]
        [0, 1, 2, 4, 3]
    """
    isolates = _top_isolates(line)
    if isolates:
        return _with_isolates(line, isolates, rtl=rtl)
    base_level = 1 if rtl else 0
    levels = _resolved_levels(line, base_level)
    _reset_line_ends(line, levels, base_level)
    clusters = _clusters(line)
    cluster_levels = [levels[cluster[0]] for cluster in clusters]
    lowest_odd = min((lv for lv in cluster_levels if lv % 2), default=None)
    if lowest_odd is not None:
        # L2: from the highest level down to the lowest odd one, reverse every run at or above it
        for level in range(max(cluster_levels), lowest_odd - 1, -1):
            _reverse_runs(clusters, cluster_levels, level)
    return [index for cluster in clusters for index in cluster], levels


def _with_isolates(line: str, isolates: list[tuple[int, int]], *, rtl: bool
                   ) -> tuple[list[int], list[int]]:
    """The outer line with each isolate as one neutral, then each isolate laid out alone."""
    outer: list[str] = []
    owner: list[int | None] = []  # outer index → logical index, or None for an isolate
    inner: list[tuple[list[int], list[int]]] = []
    levels = [1 if rtl else 0] * len(line)
    at = 0
    for start, stop in isolates:
        outer.extend(line[at:start])
        owner.extend(range(at, start))
        content = line[start + 1:stop]
        opener = line[start]
        inner_rtl = paragraph_is_rtl(content) if opener == FSI else opener == RLI
        order, inner_levels = visual_order(content, rtl=inner_rtl)
        inner.append(([start + 1 + i for i in order], inner_levels))
        for offset, level in enumerate(inner_levels):
            levels[start + 1 + offset] = level
        outer.append(_PLACEHOLDER)
        owner.append(None)
        at = stop + 1
    outer.extend(line[at:])
    owner.extend(range(at, len(line)))
    outer_order, outer_levels = visual_order("".join(outer), rtl=rtl)
    for position, logical in enumerate(owner):
        if logical is not None:
            levels[logical] = outer_levels[position]
    placed: list[int] = []
    next_isolate = {position: n for n, position in
                    enumerate(p for p, logical in enumerate(owner) if logical is None)}
    for position in outer_order:
        logical = owner[position]
        placed.extend(inner[next_isolate[position]][0] if logical is None else [logical])
    return placed, levels


def _reverse_runs(clusters: list[list[int]], levels: list[int], level: int) -> None:
    start = None
    for position in range(len(clusters) + 1):
        inside = position < len(clusters) and levels[position] >= level
        if inside and start is None:
            start = position
        elif not inside and start is not None:
            clusters[start:position] = clusters[start:position][::-1]
            levels[start:position] = levels[start:position][::-1]
            start = None


def _visual_runs(positions: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Sorted positions grouped into half-open runs of consecutive numbers."""
    start = end = None
    for position in sorted(positions):
        if end is not None and position == end:
            end += 1
            continue
        if start is not None and end is not None:
            yield start, end
        start, end = position, position + 1
    if start is not None and end is not None:
        yield start, end


def reorder_line(line: Text, *, rtl: bool) -> Text:
    """One display line in visual order, each style span moved with its characters.

    Characters at right-to-left levels are mirrored (rule L4): «(» shows as «)».
    """
    plain = line.plain
    order, levels = visual_order(plain, rtl=rtl)
    chars = [
        MIRRORED.get(plain[i], plain[i]) if levels[i] % 2 else plain[i] for i in order
    ]
    visual = Text(
        "".join(chars), style=line.style, end=line.end, overflow=line.overflow, no_wrap=True
    )
    position: dict[int, int] = {}  # isolate marks have none: they are not shown
    for visual_index, logical_index in enumerate(order):
        position[logical_index] = visual_index
    for span in line.spans:
        start, end = max(span.start, 0), min(span.end, len(plain))
        shown = (position[i] for i in range(start, end) if i in position)
        for run_start, run_end in _visual_runs(shown):
            visual.stylize(span.style, run_start, run_end)
    return visual


class BidiText:
    """A rich renderable: ``text`` wrapped to the width it is given, each line reordered.

    Each paragraph (newline-separated) takes its own direction, or ``rtl`` when given; RTL
    paragraphs are right-aligned. Wrapping happens in logical order, as a bidi terminal does it,
    so the first words of a Persian sentence are on the first line.
    """

    def __init__(self, text: Text, *, rtl: bool | None = None, align_rtl: bool = True) -> None:
        self.text = text
        self.rtl = rtl
        # False inside a table cell next to a left-to-right label (stats): flush left there
        self.align_rtl = align_rtl

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for paragraph in self.text.split("\n", allow_blank=True):
            rtl = paragraph_is_rtl(paragraph.plain) if self.rtl is None else self.rtl
            for line in paragraph.wrap(console, width, justify="default"):
                line.rstrip()
                visual = reorder_line(line, rtl=rtl)
                if rtl and self.align_rtl:
                    visual.align("right", width)
                # Text.render leaves the base style to its caller (rich's Text.join adds it)
                base = console.get_style(visual.style, default=None)
                yield from Segment.apply_style(visual.render(console), base)
                yield Segment.line()
