"""``khabar shell``: search again and again, refine, open an article, go back.

Line editing and history come from the standard library's readline (history is kept in the
user data directory between sessions). Ctrl-C cancels the line being typed or the search
being run, never the shell; Ctrl-D or ``:quit`` leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from searcher import settings
from searcher.index.opened import OpenedIndex
from searcher.errors import KhabarError
from searcher.output.render import Environment, print_search
from searcher.results import SearchResult
from searcher.rank.search import Filters, compiled_query, search, similar
from searcher.cli.newsroom import shell_all, shell_facets, shell_timeline

if TYPE_CHECKING:
    from rich.pager import Pager

PAGE = 10
HISTORY_LINES = 1000
HELP = """\
Type a query to search (words, «phrases», +must, -not, title:, source:, date:1402/07 …).
  :open N       read result N in full, query words highlighted (q leaves the pager)
  :more         the next page of results          :similar N   articles like result N
  :sort date    newest first (:sort relevance to go back)
  :since D      only from date D (1402/07/01, 1402/07, 2023-10-01); :since alone clears
  :until D      only up to date D; :until alone clears
  :source S     only agency S (repeat to add; :source alone clears)
  :timeline [day|week|month|year]  the query's matches per Jalali period, as bars
  :facets       agencies and Jalali years of every result
  :all          every copy of a story as its own result (:all again: one per story)
  :fix          run the suggested correction      :help        this text
  :quit         leave (also Ctrl-D); Ctrl-C cancels the line or a running search"""


@dataclass
class State:
    """What the shell remembers between lines."""

    query: str = ""
    page: int = 1
    sort: str = "relevance"
    filters: Filters = field(default_factory=Filters)
    result: SearchResult | None = None
    collapse: bool = True  # one hit per story; :all shows every copy


def _setup_history(path: Path) -> Callable[[], None]:
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return lambda: None
    readline.set_history_length(HISTORY_LINES)
    try:
        readline.read_history_file(path)
    except (FileNotFoundError, OSError):
        pass

    def save() -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)
        except OSError:
            pass

    return save


class Shell:
    """The loop; ``read`` and ``pager`` are injectable so tests can drive it without a terminal.

    ``pager`` None is rich's system pager: ``$PAGER`` (``$MANPAGER`` first), else ``less``.
    """

    def __init__(self, archive: OpenedIndex, env: Environment,
                 read: Callable[[str], str] = input, pager: Pager | None = None) -> None:
        self.archive = archive
        self.env = env
        self.read = read
        self.pager = pager
        self.state = State()

    def say(self, text: str) -> None:
        out: TextIO = self.env.stdout
        out.write(text + "\n")
        out.flush()

    def run(self) -> None:
        save = _setup_history(settings.history_file())
        self.say("khabar shell: type a query, :help for commands, :quit to leave")
        try:
            while True:
                try:
                    line = self.read("khabar> ").strip()
                except KeyboardInterrupt:
                    self.say("")  # Ctrl-C drops the line being typed
                    continue
                except EOFError:
                    self.say("")
                    return
                if not line:
                    continue
                try:
                    if not self.handle(line):
                        return
                except KeyboardInterrupt:
                    self.say("search cancelled")
                except KhabarError as exc:
                    self.say(f"error: {exc.message}" + (f" (hint: {exc.hint})" if exc.hint
                                                        else ""))
        finally:
            save()

    def handle(self, line: str) -> bool:
        """Act on one line; False means leave."""
        if not line.startswith(":"):
            self.state = replace(self.state, query=line, page=1)
            self.show()
            return True
        command, _, arg = line[1:].partition(" ")
        arg = arg.strip()
        action = COMMANDS.get(command.lower())
        if action is None:
            self.say(f"unknown command :{command} — :help lists the commands")
            return True
        return action(self, arg) is not False

    def show(self) -> None:
        state = self.state
        if not state.query:
            self.say("type a query first")
            return
        result = search(self.archive, state.query, limit=PAGE, offset=(state.page - 1) * PAGE,
                        sort=state.sort, filters=state.filters, collapse=state.collapse)
        self.state = replace(state, result=result)
        self.say_filters()
        print_search(result, self.env)
        if result.suggestion:
            self.say("(:fix searches for the suggestion)")
        if result.total > state.page * PAGE:
            self.say(f"(:more for results {state.page * PAGE + 1}–"
                     f"{min(result.total, (state.page + 1) * PAGE)})")

    def say_filters(self) -> None:
        """The active filters, above the results they shaped."""
        shown = describe_filters(self.state.filters)
        if shown:
            self.say(f"filters: {shown}")

    def hit(self, arg: str) -> Any:
        result = self.state.result
        if result is None or not arg.isdigit():
            self.say("give the number of a result shown, e.g. :open 1")
            return None
        for hit in result.hits:
            if hit.rank == int(arg):
                return hit
        self.say(f"no result {arg} on this page")
        return None


def _open(shell: Shell, arg: str) -> None:
    from searcher.output.styled import article_renderable
    from searcher.rank.snippets import highlights

    hit = shell.hit(arg)
    if hit is None:
        return
    article = shell.archive.article(hit.id)
    compiled = compiled_query(shell.state.query)
    spans = {name: highlights(getattr(article, name), compiled.terms, compiled.phrases)
             for name in ("title", "surtitle", "lead", "body")}
    console = shell.env.console()
    # Styles only for a pager that shows them (searcher.cli.pager); the console also drops
    # colour under NO_COLOR and off a terminal.
    from searcher.cli.pager import SystemPager

    pager = shell.pager or SystemPager(shell.env.env)
    with console.pager(pager, styles=getattr(pager, "colours", True)):
        console.print(article_renderable(article, spans, reorder=shell.env.reorder))


def _more(shell: Shell, _arg: str) -> None:
    result = shell.state.result
    if result is None or result.total <= shell.state.page * PAGE:
        shell.say("no more results")
        return
    shell.state = replace(shell.state, page=shell.state.page + 1)
    shell.show()


def _sort(shell: Shell, arg: str) -> None:
    if arg not in ("date", "relevance"):
        shell.say("use :sort date or :sort relevance")
        return
    shell.state = replace(shell.state, sort=arg, page=1)
    if shell.state.query:
        shell.show()


def _date_filter(side: int) -> Callable[[Shell, str], None]:
    def apply(shell: Shell, arg: str) -> None:
        from searcher.ingest.dates import parse_date_bound

        bound = parse_date_bound(arg)[side] if arg else None
        key = "since" if side == 0 else "until"
        shell.state = replace(shell.state, page=1,
                              filters=replace(shell.state.filters,
                                              **{key: bound}))  # type: ignore[arg-type]
        shell.say(f"{key}: {arg or 'any date'}")
        if shell.state.query:
            shell.show()

    return apply


def _source(shell: Shell, arg: str) -> None:
    sources = (*shell.state.filters.sources, arg) if arg else ()
    shell.state = replace(shell.state, page=1,
                          filters=replace(shell.state.filters, sources=sources))
    shell.say("sources: " + ("، ".join(sources) if sources else "all"))
    if shell.state.query:
        shell.show()


def describe_filters(filters: Filters) -> str:
    """``since ۱ فروردین ۱۳۸۵ · until … · source ایرنا، ایسنا``, or "" with no filter."""
    from searcher.ingest.dates import format_jalali

    parts = []
    if filters.since:
        parts.append(f"since {format_jalali(filters.since)}")
    if filters.until:  # the bound is exclusive: show the last day it lets in
        parts.append(f"until {format_jalali(filters.until - timedelta(microseconds=1))}")
    if filters.sources:
        parts.append("source " + "، ".join(filters.sources))
    return " · ".join(parts)


def _similar(shell: Shell, arg: str) -> None:
    hit = shell.hit(arg)
    if hit is not None:
        result = similar(shell.archive, hit.id, limit=PAGE, filters=shell.state.filters)
        # :open N then opens a similar article; :more and :sort go back to the query.
        shell.state = replace(shell.state, result=result)
        shell.say_filters()
        print_search(result, shell.env)


def _fix(shell: Shell, _arg: str) -> None:
    result = shell.state.result
    if result is None or not result.suggestion:
        shell.say("no suggestion for the last query")
        return
    shell.state = replace(shell.state, query=result.suggestion, page=1)
    shell.show()


def _help(shell: Shell, _arg: str) -> None:
    shell.say(HELP)


def _quit(_shell: Shell, _arg: str) -> bool:
    return False


COMMANDS: dict[str, Callable[[Shell, str], Any]] = {
    "timeline": shell_timeline, "facets": shell_facets, "all": shell_all,
    "open": _open, "o": _open, "more": _more, "m": _more, "sort": _sort,
    "since": _date_filter(0), "until": _date_filter(1), "source": _source,
    "similar": _similar, "fix": _fix, "help": _help, "h": _help, "?": _help,
    "quit": _quit, "q": _quit, "exit": _quit,
}
