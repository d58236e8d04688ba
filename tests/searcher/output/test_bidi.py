"""Display reordering for terminals without bidi, and choosing when to do it."""

from __future__ import annotations

import io

import pytest
from bidi import get_display
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from searcher.output.bidi import BidiText, reorder_line, resolve_bidi, terminal_reorders, visual_order
from searcher.errors import UsageError

TERMINALS = [
    # (environment, reorders itself?, reason)
    ({"VTE_VERSION": "7200", "TERM": "xterm-256color"}, True, "GNOME Terminal, VTE 0.72"),
    ({"VTE_VERSION": "5202"}, False, "VTE before 0.58 had no bidi"),
    ({"KONSOLE_VERSION": "230805"}, True, "Konsole"),
    ({"TERM_PROGRAM": "Apple_Terminal"}, True, "macOS Terminal"),
    ({"MLTERM": "3.9.3"}, True, "mlterm"),
    ({"WT_SESSION": "5b2c…"}, False, "Windows Terminal"),
    ({"TERM_PROGRAM": "vscode"}, False, "VS Code's terminal"),
    ({"XTERM_VERSION": "XTerm(390)"}, False, "xterm"),
    ({"TERM": "alacritty"}, False, "Alacritty"),
    ({"KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"}, False, "kitty"),
    ({"TMUX": "/tmp/tmux-1000/default,1,0", "VTE_VERSION": "7200"}, False,
     "tmux inside GNOME Terminal: tmux redraws cells, VTE_VERSION leaked in"),
    ({"STY": "123.pts-0"}, False, "GNU screen"),
    ({"TERM": "xterm-256color"}, None, "TERM alone is claimed by nearly every terminal"),
    ({}, None, "nothing known"),
]


@pytest.mark.parametrize(("env", "expected", "reason"), TERMINALS)
def test_terminal_reorders(env: dict[str, str], expected: bool | None, reason: str) -> None:
    assert terminal_reorders(env) is expected, reason


@pytest.mark.parametrize(
    ("requested", "env", "expected"),
    [
        ("on", {"VTE_VERSION": "7200"}, True),
        ("off", {"WT_SESSION": "1"}, False),
        ("auto", {"WT_SESSION": "1"}, True),
        ("auto", {"VTE_VERSION": "7200"}, False),
        ("auto", {"TERM": "xterm-256color"}, False),  # unknown: logical order, see resolve_bidi
        (None, {"KHABAR_BIDI": "on", "VTE_VERSION": "7200"}, True),
        (None, {"KHABAR_BIDI": "OFF", "WT_SESSION": "1"}, False),
        (None, {"WT_SESSION": "1"}, True),
        ("off", {"KHABAR_BIDI": "on"}, False),  # the option wins over the variable
    ],
)
def test_resolve_bidi(requested: str | None, env: dict[str, str], expected: bool) -> None:
    assert resolve_bidi(requested, env) is expected


@pytest.mark.parametrize(("requested", "env"), [("yes", {}), (None, {"KHABAR_BIDI": "rtl"})])
def test_resolve_bidi_rejects_unknown_modes(requested: str | None, env: dict[str, str]) -> None:
    with pytest.raises(UsageError) as error:
        resolve_bidi(requested, env)
    assert "auto, on, off" in error.value.message and error.value.hint


def _visual(line: str, rtl: bool) -> str:
    return reorder_line(Text(line), rtl=rtl).plain


VISUAL_CASES = [
    # (logical, rtl paragraph, visual left to right, reason)
    ("سلام دنیا", True, "ایند مالس", "one RTL run is reversed"),
    ("مدل BM25 برنده شد", True, "دش هدنرب BM25 لدم", "embedded Latin and digits stay LTR"),
    ("سال ۱۴۰۲ بود", True, "دوب ۱۴۰۲ لاس", "Persian digits read left to right"),
    ("(ایرنا)", True, "(انریا)", "brackets are mirrored inside RTL text"),
    ("کَتاب", True, "بات" + "کَ", "a diacritic stays after its letter"),
    ("می\u200cروم", True, "مور\u200cیم", "ZWNJ stays between its letters"),
    ("khabar: جستجو", False, "khabar: وجتسج", "LTR line with a Persian word"),
    ("سلام  ", True, "  مالس", "trailing spaces take the paragraph level (L1)"),
]


@pytest.mark.parametrize(("logical", "rtl", "visual", "reason"), VISUAL_CASES)
def test_visual_line(logical: str, rtl: bool, visual: str, reason: str) -> None:
    assert _visual(logical, rtl) == visual, reason


def test_highlight_moves_with_its_word() -> None:
    line = Text("گزارش BM25 درباره ایران")
    line.stylize("bold", 18, 23)  # «ایران»
    line.stylize("italic", 6, 10)  # «BM25»
    visual = reorder_line(line, rtl=True)
    assert visual.plain == "ناریا هرابرد BM25 شرازگ"
    styled = {str(span.style): visual.plain[span.start:span.end] for span in visual.spans}
    assert styled == {"bold": "ناریا", "italic": "BM25"}


def test_bidi_text_wraps_logically_then_reorders_each_line() -> None:
    console = Console(file=io.StringIO(), width=12, color_system=None)
    lines = console.render_lines(BidiText(Text("یک دو سه چهار پنج")), console.options)
    shown = ["".join(segment.text for segment in line) for line in lines]
    # «یک دو سه» comes first, as a reader of the sentence expects, and sits on the right
    assert shown == ["    هس ود کی", "    جنپ راهچ"]


def test_bidi_text_keeps_ltr_paragraphs_left_aligned() -> None:
    console = Console(file=io.StringIO(), width=20, color_system=None)
    lines = console.render_lines(BidiText(Text("results for کتاب")), console.options)
    assert "".join(s.text for s in lines[0]).rstrip() == "results for باتک"


_LINE_CHARS = st.sampled_from(list("ابپتسکیژ abcX0123۱۲.,:-!؟،%/+"))


@given(line=st.lists(_LINE_CHARS, max_size=30).map("".join), rtl=st.booleans())
def test_reordering_agrees_with_python_bidi(line: str, rtl: bool) -> None:
    # No brackets or marks here: python-bidi's reference output neither mirrors nor keeps marks
    # after their letter, and the pure-Python levels lack the bracket-pair rule N0.
    order, _ = visual_order(line, rtl=rtl)
    assert "".join(line[i] for i in order) == get_display(line, base_dir="R" if rtl else "L")


_ANY_CHARS = st.sampled_from(list("ابکیَُ\u200c\u200f\u200e aZ09۱()«»[]{}<>.,،؛:\t"))


@given(line=st.lists(_ANY_CHARS, max_size=30).map("".join), rtl=st.booleans(), data=st.data())
def test_reordering_is_a_permutation_carrying_styles(
    line: str, rtl: bool, data: st.DataObject
) -> None:
    order, _ = visual_order(line, rtl=rtl)
    assert sorted(order) == list(range(len(line)))
    text = Text(line)
    bound = st.integers(0, len(line))
    for index, (start, end) in enumerate(data.draw(st.lists(st.tuples(bound, bound), max_size=4))):
        text.stylize(f"color({index})", min(start, end), max(start, end))
    visual = reorder_line(text, rtl=rtl)
    for position, logical in enumerate(order):
        assert _styles_at(visual, position) == _styles_at(text, logical)


def _styles_at(text: Text, index: int) -> list[str]:
    return [str(span.style) for span in text.spans if span.start <= index < span.end]


def test_bidi_text_keeps_the_base_style_of_the_text() -> None:
    console = Console(file=io.StringIO(), width=20, color_system="truecolor", force_terminal=True)
    lines = console.render_lines(BidiText(Text("تیتر خبر", style="bold")), console.options)
    words = [segment for segment in lines[0] if segment.text.strip()]
    assert words and all(segment.style and segment.style.bold for segment in words)
