"""docs/search.svg's drawing: right-to-left runs survive an SVG viewer's own bidi pass."""

from __future__ import annotations

from rich.text import Text

from bench.make_screenshot import PDF, RLO, fix_rtl_runs, for_svg_viewer
from searcher.output.bidi import reorder_line


def _viewer(text: str) -> str:
    """What a bidi-aware viewer shows for a run made only of an RLO…PDF override: the
    characters right to left, each mirrored (UAX #9 L4: every overridden character is RTL)."""
    mirror = {"(": ")", ")": "(", "«": "»", "»": "«"}
    assert text.startswith(RLO) and text.endswith(PDF)
    return "".join(mirror.get(char, char) for char in reversed(text[1:-1]))


def test_a_run_without_rtl_letters_is_left_alone() -> None:
    assert for_svg_viewer("12ec5886c278e022 · ") == "12ec5886c278e022 · "


def test_a_viewer_shows_khabars_visual_order_and_gets_logical_order_to_shape() -> None:
    logical = "جلسه (دوشنبه) مجلس ۱۴۰۲"
    visual = reorder_line(Text(logical), rtl=True).plain
    spelled = for_svg_viewer(visual)
    assert _viewer(spelled) == visual  # what the reader sees is what a terminal shows
    assert "دوشنبه" in spelled and "مجلس" in spelled  # words in logical order, so they join


def test_zero_width_joiners_do_not_stretch_a_run_past_its_cells() -> None:
    # «می‌شود» is 6 characters in 5 cells (ZWNJ takes none); rich sized the run for 6
    svg = ('<text class="t-r1" x="0" y="20" textLength="73.2" clip-path="url(#c)">'
           "دوش\u200cیم</text>")  # می‌شود in visual order
    fixed = fix_rtl_runs(svg)
    assert 'textLength="61"' in fixed
    assert RLO in fixed
