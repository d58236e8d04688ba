"""Draw docs/search.svg: a search of the sample corpus as a terminal shows it.

    .venv/bin/python bench/make_screenshot.py [--out docs/search.svg] [--width 100]

The sample corpus is indexed into a temporary folder (with a temporary signing key), searched
with the library, and drawn by khabar's own renderer into a recording rich Console, which saves
SVG. Lines are drawn as ``--bidi on`` draws them: in visual order, right-to-left lines
right-aligned.

An SVG viewer runs the bidi algorithm over each ``<text>`` element again and would turn those
runs around a second time. So each run holding right-to-left letters is written back in
reverse (mirrored characters un-mirrored) inside RLO … PDF: the viewer lays it out right to
left, which restores the visual order, and shapes the letters in their logical order, so they
join as Persian should.
"""

from __future__ import annotations

import argparse
import html
import io
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from bidi.mirror import MIRRORED
from rich.cells import cell_len
from rich.console import Console, RenderableType

ROOT = Path(__file__).resolve().parent.parent
QUERY = "انتخابات مجلس"
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# the terminal's cells (classes …-r0, …-r1, …); the window title is ordinary logical text
_TEXT_ELEMENT = re.compile(r'(<text class="[^"]*-r\d+"[^>]*>)(.*?)(</text>)', re.DOTALL)
RLO, PDF = "\u202e", "\u202c"


def for_svg_viewer(visual: str) -> str:
    """A run in visual order, spelled so a bidi-aware viewer shows that same order."""
    if not _RTL_LETTER.search(visual):
        return visual
    return RLO + "".join(MIRRORED.get(char, char) for char in reversed(visual)) + PDF


def _escape(text: str) -> str:
    # as rich's SVG export escapes text (spaces become no-break spaces so none collapse)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\xa0", "&#160;"))


def _fit_to_cells(opening: str, text: str) -> str:
    """rich sets ``textLength`` from ``len(text)``; zero-width characters (ZWNJ in می‌شود)
    take no cell, so the run would be stretched past its cells and clipped at the right edge."""
    cells = cell_len(text)
    if cells == len(text) or not text:
        return opening

    def scale(match: re.Match[str]) -> str:
        return f'textLength="{float(match.group(1)) * cells / len(text):g}"'

    return re.sub(r'textLength="([0-9.]+)"', scale, opening)


def fix_rtl_runs(svg: str) -> str:
    """Rewrite every ``<text>`` run that holds right-to-left letters (see the module doc)."""
    def rewrite(match: re.Match[str]) -> str:
        opening, body, closing = match.groups()
        text = html.unescape(body)
        return _fit_to_cells(opening, text) + _escape(for_svg_viewer(text)) + closing

    return _TEXT_ELEMENT.sub(rewrite, svg)


def sample_svg(width: int, title: str, draw: Callable[[Path], RenderableType]) -> str:
    """The SVG of ``draw(index_dir)`` over a freshly indexed sample corpus, as ``--bidi on``
    shows it; ``draw`` computes with the library and returns khabar's own renderable."""
    with tempfile.TemporaryDirectory(prefix="khabar-shot-") as tmp:
        os.environ["KHABAR_KEY_FILE"] = str(Path(tmp) / "index.key")
        from searcher.index.run import index_paths

        index_dir = Path(tmp) / "index"
        index_paths([ROOT / "sample_corpus"], index_dir)
        renderable = draw(index_dir)
    console = Console(record=True, width=width, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", markup=False, highlight=False, emoji=False)
    console.print(renderable)
    return fix_rtl_runs(console.export_svg(title=title))


def render(width: int) -> str:
    """The SVG text of one search on a freshly indexed sample corpus."""
    from searcher.output.styled import search_renderable
    from searcher.rank.search import search

    return sample_svg(width, f'khabar search "{QUERY}"',
                      lambda index_dir: search_renderable(search(index_dir, QUERY),
                                                          reorder=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "search.svg")
    parser.add_argument("--width", type=int, default=100)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(args.width), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
