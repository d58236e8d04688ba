"""Shell commands, one line at a time, on the sample index: lines come from an injected ``read``,
output goes to a StringIO Environment (plain lines, as in a pipe, unless a test says tty)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from searcher.index.opened import OpenedIndex
from searcher.ingest.dates import parse_date_bound
from searcher.output.render import Environment
from searcher.cli.shell import HELP, PAGE, Shell

WIDE_QUERY = "تهران"  # more than one page of sample articles
ELECTION = "انتخابات مجلس"


class RecordingPager:
    """A rich Pager that keeps what it was asked to show."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def show(self, content: str) -> None:
        self.shown.append(content)


def _reader(lines: Iterable[str | type[BaseException]]) -> Callable[[str], str]:
    """A ``read`` that returns each line, or raises it when it is an exception class."""
    items: Iterator[str | type[BaseException]] = iter(lines)

    def read(_prompt: str) -> str:
        item = next(items, EOFError)
        if isinstance(item, str):
            return item
        raise item()

    return read


@pytest.fixture
def archive(sample_archive: OpenedIndex) -> OpenedIndex:
    return sample_archive


def _shell(archive: OpenedIndex, lines: Iterable[str | type[BaseException]] = (), *,
           tty: bool = False) -> Shell:
    env = Environment(io.StringIO(), io.StringIO(), is_tty=tty, env={}, width=100, bidi="off")
    return Shell(archive, env, read=_reader(lines), pager=RecordingPager())


def _out(shell: Shell) -> str:
    return shell.env.stdout.getvalue()  # type: ignore[attr-defined]


def _hit_lines(shell: Shell) -> list[list[str]]:
    return [line.split("\t") for line in _out(shell).splitlines() if line.count("\t") >= 4]


def test_a_query_shows_one_page_and_more_shows_the_next(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    assert shell.handle(WIDE_QUERY)
    total = shell.state.result.total
    assert total > PAGE
    assert [row[0] for row in _hit_lines(shell)] == [str(n) for n in range(1, PAGE + 1)]
    assert f"(:more for results {PAGE + 1}–{min(total, 2 * PAGE)})" in _out(shell)

    shell.handle(":more")
    ranks = [hit.rank for hit in shell.state.result.hits]
    assert ranks == list(range(PAGE + 1, min(total, 2 * PAGE) + 1))
    assert shell.state.page == 2


def test_more_after_the_last_page_says_so(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    shell.handle(ELECTION)  # a single page
    shell.handle(":more")
    assert _out(shell).splitlines()[-1] == "no more results"
    assert shell.state.page == 1


def test_sort_date_lists_newest_first_and_relevance_goes_back(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    shell.handle(WIDE_QUERY)
    by_relevance = [hit.id for hit in shell.state.result.hits]
    shell.handle(":sort date")
    dates = [hit.published for hit in shell.state.result.hits if hit.published]
    assert dates == sorted(dates, reverse=True)
    assert [hit.id for hit in shell.state.result.hits] != by_relevance
    shell.handle(":sort relevance")
    assert [hit.id for hit in shell.state.result.hits] == by_relevance


def test_sort_by_something_unknown_explains_the_choices(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    shell.handle(":sort size")
    assert _out(shell) == "use :sort date or :sort relevance\n"
    assert shell.state.sort == "relevance"


def test_source_filter_meets_both_spellings_and_clears(archive: OpenedIndex) -> None:
    # The user types Persian ی; one agency line in the sample spells it ايرنا with Arabic ي.
    shell = _shell(archive)
    shell.handle(":source ایرنا")
    shell.handle(ELECTION)
    sources = {hit.source for hit in shell.state.result.hits}
    assert sources == {"ایرنا"}  # shown by its canonical name
    # … while the stored article keeps the file's spelling
    assert "ايرنا" in {archive.article(hit.id).source for hit in shell.state.result.hits}
    shell.handle(":source")
    assert "sources: all" in _out(shell)
    assert len({hit.source for hit in shell.state.result.hits}) > 1


def test_since_and_until_keep_hits_inside_the_jalali_month(archive: OpenedIndex) -> None:
    start, end = parse_date_bound("1402/12")  # اسفند ۱۴۰۲
    shell = _shell(archive)
    shell.handle(":since 1402/12")
    shell.handle(":until 1402/12")
    shell.handle(ELECTION)
    hits = shell.state.result.hits
    assert hits
    assert all(start <= hit.published < end for hit in hits if hit.published)
    shell.handle(":since")
    shell.handle(":until")
    assert "since: any date" in _out(shell) and "until: any date" in _out(shell)
    assert any(hit.published < start for hit in shell.state.result.hits)


def test_a_bad_date_is_one_error_line_and_the_shell_goes_on(archive: OpenedIndex) -> None:
    shell = _shell(archive, [":since junk", ":help"])
    shell.run()
    errors = [line for line in _out(shell).splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith("error: not a date: 'junk' (hint: ")
    assert shell.state.filters.since is None
    assert HELP in _out(shell)


def test_fix_runs_the_suggested_correction(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    shell.handle("گذارش مجلس")  # ذ for ز; گذارش is in some article, so searched as typed
    assert shell.state.result.suggestion == "گزارش مجلس"
    assert "(:fix searches for the suggestion)" in _out(shell)
    shell.handle(":fix")
    assert shell.state.query == "گزارش مجلس"
    assert shell.state.result.total > 0


def test_a_slip_in_no_article_is_searched_corrected_and_said(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    shell.handle("مجلسس")  # one letter too many
    assert shell.state.result.respelled == {"مجلسس": "مجلس"}
    assert "searched «مجلس» for «مجلسس»" in shell.env.stderr.getvalue()  # type: ignore[attr-defined]


def test_fix_without_a_suggestion_says_so(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    shell.handle(ELECTION)
    shell.handle(":fix")
    assert _out(shell).splitlines()[-1] == "no suggestion for the last query"
    assert shell.state.query == ELECTION


def test_an_unknown_command_points_to_help(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    assert shell.handle(":پرش 3") is True
    assert _out(shell) == "unknown command :پرش — :help lists the commands\n"


@pytest.mark.parametrize(("line", "message"), [
    (":open 1", "give the number of a result shown, e.g. :open 1"),  # no search yet
    (":similar 1", "give the number of a result shown, e.g. :open 1"),
])
def test_result_commands_before_any_search(archive: OpenedIndex, line: str, message: str) -> None:
    shell = _shell(archive)
    shell.handle(line)
    assert _out(shell) == message + "\n"


@pytest.mark.parametrize(("arg", "message"), [
    ("99", "no result 99 on this page"),
    ("یک", "give the number of a result shown, e.g. :open 1"),  # a Persian word, not a number
    ("", "give the number of a result shown, e.g. :open 1"),
])
def test_open_needs_a_result_number_on_this_page(archive: OpenedIndex, arg: str,
                                                 message: str) -> None:
    shell = _shell(archive)
    shell.handle(ELECTION)
    shell.handle(f":open {arg}")
    assert _out(shell).splitlines()[-1] == message
    assert shell.pager.shown == []  # type: ignore[union-attr]


def test_open_pages_the_article_with_query_words_highlighted(archive: OpenedIndex,
                                                             yellow_runs) -> None:
    shell = _shell(archive, tty=True)
    shell.handle(ELECTION)
    first = shell.state.result.hits[0]
    shell.handle(":open 1")
    (content,) = shell.pager.shown  # type: ignore[union-attr]
    article = archive.article(first.id)
    assert first.id in content
    assert article.body.split()[0] in content
    highlighted = set(yellow_runs(content))
    assert {"انتخابات", "مجلس"} <= highlighted


def test_open_off_a_terminal_pages_plain_text(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    shell.handle(ELECTION)
    shell.handle(":open 2")
    (content,) = shell.pager.shown  # type: ignore[union-attr]
    assert shell.state.result.hits[1].title in content
    assert "\x1b" not in content


def test_similar_lists_other_articles(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    shell.handle(ELECTION)
    source = shell.state.result.hits[0].id
    before = len(_hit_lines(shell))
    shell.handle(":similar 1")
    listed = [row[1] for row in _hit_lines(shell)[before:]]
    assert listed and source not in listed


def test_quit_and_its_aliases_leave(archive: OpenedIndex) -> None:
    for line in (":quit", ":q", ":exit", ":QUIT"):
        assert _shell(archive).handle(line) is False


def test_run_survives_ctrl_c_and_leaves_on_ctrl_d(archive: OpenedIndex) -> None:
    # Ctrl-C at the prompt drops the line; the next query still runs; Ctrl-D leaves.
    shell = _shell(archive, [KeyboardInterrupt, ELECTION, EOFError, ":help"])
    shell.run()
    assert shell.state.query == ELECTION
    assert HELP not in _out(shell)  # nothing is read after Ctrl-D


def test_ctrl_c_during_a_search_cancels_only_the_search(archive: OpenedIndex,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("searcher.cli.shell.search", interrupted)
    shell = _shell(archive, [ELECTION, ":sort size"])
    shell.run()
    lines = _out(shell).splitlines()
    assert "search cancelled" in lines
    # the loop went on to the next line, then left at the end of input (Ctrl-D)
    assert lines[-2:] == ["use :sort date or :sort relevance", ""]


def test_the_newest_hit_comes_first_across_pages(archive: OpenedIndex) -> None:
    shell = _shell(archive)
    shell.handle(":sort date")
    shell.handle(WIDE_QUERY)
    first_page = [hit.published for hit in shell.state.result.hits if hit.published]
    shell.handle(":more")
    second_page = [hit.published for hit in shell.state.result.hits if hit.published]
    assert min(first_page) >= max(second_page)


# A phrase is highlighted where its words stand together, as the phrase; its words apart are
# not what was asked for (a word asked for on its own is highlighted wherever it stands).
TEAM = {
    "id": "team", "title": "تیم ملی والیبال به تهران رسید",
    "body": ("بازیکنان تیم ملی والیبال امروز به فرودگاه امام رسیدند. سرمربی تیم گفت اردوی "
             "بعدی در شهر ارومیه برگزار می‌شود و مسابقات ملی باشگاه‌ها هم ادامه دارد. "
             "هواداران تیم‌ ملی در فرودگاه منتظر بودند."),
}


@pytest.mark.parametrize(("query", "runs"), [
    ('"تیم ملی"', ["تیم ملی", "تیم ملی", "تیم‌ ملی"]),
    ("«تیم ملی»", ["تیم ملی", "تیم ملی", "تیم‌ ملی"]),
    ("«تیم ملی» سرمربی", ["تیم ملی", "تیم ملی", "سرمربی", "تیم‌ ملی"]),
    ("«تیم ملی» تیم", ["تیم ملی", "تیم ملی", "تیم", "تیم‌ ملی"]),
    ("تیم ملی", ["تیم", "ملی", "تیم", "ملی", "تیم", "ملی", "تیم", "ملی"]),  # words anywhere
])
def test_open_highlights_a_phrase_only_where_it_stands(tmp_path: Path, write_jsonl,
                                                       yellow_runs, query: str,
                                                       runs: list[str]) -> None:
    from searcher.index.run import index_paths

    write_jsonl(tmp_path / "c" / "team.jsonl", [TEAM])
    index_paths([tmp_path / "c"], tmp_path / "ix", jobs=0)
    with OpenedIndex(tmp_path / "ix") as opened:
        shell = _shell(opened, tty=True)
        shell.handle(query)
        shell.handle(":open 1")
    (content,) = shell.pager.shown  # type: ignore[union-attr]
    assert yellow_runs(content) == runs
