"""Rendering on fixed-width consoles and into pipes: layout, bidi, highlights, hostile text."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from rich.console import Console, RenderableType
from rich.segment import Segment

from searcher.article import Article
from searcher.errors import UsageError
from searcher.output.render import (
    Environment,
    OutputMode,
    print_article,
    print_search,
    print_stats,
    print_tokens,
)
from searcher.output.styled import HIGHLIGHT, TITLE, article_renderable, search_renderable
from searcher.results import Hit, SearchResult, Snippet

TEHRAN_OFFSET = timezone(timedelta(hours=3, minutes=30))
PUBLISHED = datetime(2023, 10, 4, 9, 45, tzinfo=TEHRAN_OFFSET)  # ۱۲ مهر ۱۴۰۲
HOSTILE_TITLE = "\x1b[31m[bold]هشدار[/bold] [link=https://evil.example]پیوند[/link]\x1b[0m"
SNIPPET = "نرخ تورم طبق مدل BM25 به ۴۰ درصد رسید"


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _result(title: str = "تورم در ایران", snippet: str = SNIPPET) -> SearchResult:
    hits = (
        Hit(1, "a1b2c3d4e5f60718", 12.5, title, "ایرنا", PUBLISHED,
            Snippet(snippet, (_span(snippet, "تورم"),) if "تورم" in snippet else ())),
        Hit(2, "ffeeddccbbaa0011", 9.1, "گزارش\tتازه\nدوم", "ایسنا", None, Snippet("")),
    )
    return SearchResult("تورم", 42, hits, suggestion="تورم‌ها", warnings=("«» بسته نشد",))


ARTICLE = Article(
    id="a1b2c3d4e5f60718",
    title="افزایش تورم در مهر",
    surtitle="گزارش بانک مرکزی",
    lead="نرخ تورم به ۴۰ درصد رسید.",
    body="بانک مرکزی آمار تازه را منتشر کرد.\n\nمدل BM25 تورم را پیش‌بینی نکرده بود.",
    source="ایرنا",
    published=PUBLISHED,
    url="https://example.ir/news/1",
    tags=("اقتصاد", "تورم"),
)


def _console(*, terminal: bool = True, color_system: str | None = "truecolor") -> Console:
    return Console(
        file=io.StringIO(), width=60, force_terminal=terminal, color_system=color_system,
        markup=False, highlight=False,
    )


def _lines(renderable: RenderableType) -> list[list[Segment]]:
    console = _console()
    return console.render_lines(renderable, console.options, pad=False)


def _line_text(line: list[Segment]) -> str:
    return "".join(segment.text for segment in line)


def _highlighted(lines: list[list[Segment]]) -> list[str]:
    return [
        segment.text for line in lines for segment in line
        if segment.style and segment.style.bold and segment.style.color == HIGHLIGHT.color
    ]


def _env(*, tty: bool, bidi: str = "off", env: dict[str, str] | None = None,
         ) -> tuple[Environment, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return Environment(out, err, tty, env or {"TERM": "xterm-256color"}, 60, bidi), out, err


# --- output mode -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tty", "as_json", "mode"),
    [(True, False, OutputMode.RICH), (False, False, OutputMode.PLAIN),
     (True, True, OutputMode.JSON), (False, True, OutputMode.JSON)],
)
def test_output_mode(tty: bool, as_json: bool, mode: OutputMode) -> None:
    assert _env(tty=tty)[0].mode(as_json=as_json) is mode


def test_from_system_rejects_a_bad_bidi_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_BIDI", "sometimes")
    with pytest.raises(UsageError):
        Environment.from_system()


# --- bidi on a terminal ------------------------------------------------------------------


def test_bidi_on_reverses_rtl_runs_keeps_latin_and_moves_the_highlight() -> None:
    lines = _lines(search_renderable(_result(), reorder=True))
    snippet_line = next(_line_text(line) for line in lines if "BM25" in _line_text(line))
    # RTL paragraph: words right to left, «BM25» and «۴۰» still read left to right, and the
    # line ends at the right edge of the 60-column console
    assert snippet_line.endswith("دیسر دصرد ۴۰ هب BM25 لدم قبط مروت خرن")
    assert len(snippet_line) == 60
    assert _highlighted(lines) == ["مروت"]  # «تورم», visually reversed, and nothing else


def test_bidi_off_keeps_logical_order() -> None:
    lines = _lines(search_renderable(_result(), reorder=False))
    texts = [_line_text(line).rstrip() for line in lines]
    assert f"   {SNIPPET}" in texts
    assert _highlighted(lines) == ["تورم"]


def test_bidi_on_wraps_before_reordering() -> None:
    long_snippet = "نرخ تورم " + "در ماه گذشته " * 6 + "به ۴۰ درصد رسید"
    result = _result(snippet=long_snippet)
    lines = [_line_text(line).strip() for line in _lines(search_renderable(result, reorder=True))]
    first = next(i for i, text in enumerate(lines) if text.endswith("خرن"))
    # the sentence's first words end the first line (read from the right); its last words
    # are on the next line
    assert lines[first].endswith("مروت خرن")
    assert lines[first + 1].startswith("دیسر دصرد ۴۰")


def test_article_view_highlights_the_requested_body_word_in_both_modes() -> None:
    spans = {"body": [_span(ARTICLE.body, "تورم")], "title": [_span(ARTICLE.title, "تورم")]}
    assert _highlighted(_lines(article_renderable(ARTICLE, spans, reorder=False))) == [
        "تورم", "تورم"]
    reordered = _lines(article_renderable(ARTICLE, spans, reorder=True))
    assert _highlighted(reordered) == ["مروت", "مروت"]
    body_line = next(_line_text(line) for line in reordered if "BM25" in _line_text(line))
    assert body_line.strip() == ".دوب هدرکن ینیب‌شیپ ار مروت BM25 لدم"


# --- hostile text ------------------------------------------------------------------------


@pytest.mark.parametrize("reorder", [False, True])
def test_hostile_title_is_text_on_a_terminal(reorder: bool) -> None:
    result = _result(title=HOSTILE_TITLE)
    console = _console(color_system=None)  # our own styles emit nothing, so any ESC is theirs
    console.print(search_renderable(result, reorder=reorder))
    console.print(article_renderable(Article(id="x", title=HOSTILE_TITLE), reorder=reorder))
    shown = console.file.getvalue()
    assert "\x1b" not in shown
    assert shown.count("[bold]") == 2 and shown.count("[link=https://evil.example]") == 2
    title_segments = [
        segment for line in _lines(search_renderable(result, reorder=reorder))
        for segment in line if "bold]" in segment.text or "link=" in segment.text
    ]
    assert title_segments and all(
        segment.style == TITLE and segment.style.link is None for segment in title_segments
    )


@pytest.mark.parametrize(("tty", "as_json"), [(True, False), (False, False), (False, True)])
def test_hostile_title_prints_literally_or_stripped_in_every_mode(tty: bool, as_json: bool) -> None:
    env, out, err = _env(tty=tty, env={"TERM": "xterm-256color", "NO_COLOR": "1"})
    print_search(_result(title=HOSTILE_TITLE), env, as_json=as_json)
    print_article(Article(id="x", title=HOSTILE_TITLE), env, as_json=as_json)
    shown = out.getvalue()
    assert "\x1b[31m" not in shown  # khabar itself never prints red
    assert "[bold]هشدار[/bold]" in shown
    if not tty:
        assert "\x1b" not in shown + err.getvalue()


def test_json_keeps_the_data_and_escapes_what_a_terminal_would_act_on() -> None:
    env, out, _ = _env(tty=True)
    title = "فایل\u202eexe.txt \x9b2J [bold]"
    print_search(_result(title=title), env, as_json=True)
    text = out.getvalue()
    assert json.loads(text) == _result(title=title).to_json()
    assert "\u202e" not in text and "\x9b" not in text and "\\u202e" in text
    assert "تورم" in text  # ensure_ascii=False: Persian is written as is


# --- colour ------------------------------------------------------------------------------

_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _colour_codes(text: str) -> list[str]:
    codes = []
    for params in _SGR.findall(text):
        parts = params.split(";")
        codes += [p for p in parts if p and (30 <= int(p) <= 49 or 90 <= int(p) <= 107)]
    return codes


def test_no_color_drops_colour_but_keeps_the_layout_and_emphasis() -> None:
    coloured, out_c, _ = _env(tty=True)
    plain, out_p, _ = _env(tty=True, env={"TERM": "xterm-256color", "NO_COLOR": "1"})
    print_search(_result(), coloured)
    print_search(_result(), plain)
    assert _colour_codes(out_c.getvalue())  # the test can fail: colour is there without it
    assert _colour_codes(out_p.getvalue()) == []
    assert "\x1b[1m" in out_p.getvalue()  # the highlight stays visible in bold
    def strip(s: str) -> str:
        return _SGR.sub("", s)

    assert strip(out_p.getvalue()) == strip(out_c.getvalue())


# --- pipes -------------------------------------------------------------------------------


@pytest.mark.parametrize("bidi", ["off", "on"])
def test_piped_search_is_one_tab_separated_hit_per_line(bidi: str) -> None:
    env, out, err = _env(tty=False, bidi=bidi)
    print_search(_result(), env)
    assert out.getvalue().splitlines() == [
        "1\ta1b2c3d4e5f60718\t2023-10-04\tایرنا\tتورم در ایران\t",  # then the URL (none)
        "2\tffeeddccbbaa0011\t\tایسنا\tگزارش تازه دوم\t",
    ]
    assert err.getvalue().splitlines() == [
        "khabar: did you mean: تورم‌ها", "khabar: warning: «» بسته نشد"]


def test_piped_search_adds_the_snippet_column_on_request() -> None:
    env, out, _ = _env(tty=False)
    print_search(_result(snippet="نرخ تورم\tدر\nمهر"), env, snippet=True)
    first = out.getvalue().splitlines()[0].split("\t")
    assert len(first) == 7 and first[5] == "نرخ تورم در مهر"


def test_piped_article_is_header_lines_then_text_in_logical_order() -> None:
    env, out, _ = _env(tty=False, bidi="on")
    print_article(ARTICLE, env, highlights={"body": [(0, 4)]})
    assert out.getvalue() == (
        "id: a1b2c3d4e5f60718\ntitle: افزایش تورم در مهر\nsurtitle: گزارش بانک مرکزی\n"
        "source: ایرنا\npublished: 2023-10-04T09:45:00+03:30\njalali: ۱۲ مهر ۱۴۰۲، ۰۹:۴۵\nurl: https://example.ir/news/1\n"
        "tags: اقتصاد, تورم\n\nنرخ تورم به ۴۰ درصد رسید.\n\n" + ARTICLE.body + "\n"
    )


def test_article_json_is_article_to_json() -> None:
    env, out, _ = _env(tty=True)
    print_article(ARTICLE, env, as_json=True)
    assert json.loads(out.getvalue()) == ARTICLE.to_json()


def test_rich_article_shows_jalali_date_and_every_field() -> None:
    env, out, _ = _env(tty=True, env={"NO_COLOR": "1", "TERM": "dumb"})
    print_article(ARTICLE, env)
    shown = out.getvalue()
    for part in ("گزارش بانک مرکزی", "افزایش تورم در مهر", "ایرنا · ۱۲ مهر ۱۴۰۲ · a1b2c3d4e5f60718",
                 "https://example.ir/news/1", "اقتصاد، تورم", "منتشر کرد.", "پیش‌بینی"):
        assert part in shown, part


# --- tokens and stats --------------------------------------------------------------------

TOKENS = [("کتاب", "كتاب‌هاي", 0, 8), ("رفت", "می‌روم", 9, 15)]


def test_tokens_in_every_mode() -> None:
    env, out, _ = _env(tty=False)
    print_tokens(TOKENS, env)
    assert out.getvalue().splitlines() == ["کتاب\tكتاب‌هاي\t0\t8", "رفت\tمی‌روم\t9\t15"]
    env, out, _ = _env(tty=False)
    print_tokens(TOKENS, env, as_json=True)
    second = {"term": "رفت", "surface": "می‌روم", "start": 9, "end": 15}
    assert json.loads(out.getvalue())[1] == second
    env, out, _ = _env(tty=True, bidi="on", env={"TERM": "dumb"})
    print_tokens(TOKENS, env)
    assert "باتک" in out.getvalue() and "مور‌یم" in out.getvalue()


def test_stats_in_every_mode() -> None:
    stats = {"articles": 12345, "sources": ["ایرنا", "ایسنا"], "size_mb": 3.5, "oldest": None}
    env, out, _ = _env(tty=False)
    print_stats(stats, env)
    assert out.getvalue().splitlines() == [
        "articles\t12345", "sources\tایرنا,ایسنا", "size_mb\t3.5", "oldest\t"]
    env, out, _ = _env(tty=False)
    print_stats(stats, env, as_json=True)
    assert json.loads(out.getvalue()) == stats
    env, out, _ = _env(tty=True, env={"TERM": "dumb"})
    print_stats(stats, env, title="index")
    assert [line.rstrip() for line in out.getvalue().splitlines()[:2]] == [
        "index", "articles  12,345"]


@pytest.mark.parametrize("tty", [False, True])
def test_a_respelled_word_is_said_in_one_line(tty: bool) -> None:
    env, out, err = _env(tty=tty)
    print_search(replace(_result(), suggestion=None, warnings=(),
                         respelled={"قصل": "فصل"}), env)
    shown = (err if not tty else out).getvalue()
    note = [line for line in shown.splitlines() if "searched «فصل» for «قصل»" in line]
    assert len(note) == 1, shown
