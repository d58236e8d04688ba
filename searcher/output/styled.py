"""Rich renderables for a terminal: search listings, articles, token tables, stats.

Article text reaches rich only as ``Text`` objects built from cleaned strings, with highlights
applied by offset (``Text.stylize``); no markup string is ever built from data, so a headline
reading «[bold]» prints as those seven characters. With ``reorder`` every piece of article text is
wrapped in :class:`searcher.output.bidi.BidiText`; the layout around it (ranks, labels) stays LTR.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from searcher.article import Article
from searcher.output.bidi import BidiText, isolate, paragraph_is_rtl
from searcher.ingest.dates import format_jalali
from searcher.results import Hit, SearchResult
from searcher.output.sanitize import Span, clean_with_spans

HIGHLIGHT = Style(bold=True, color="yellow")
TITLE = Style(bold=True)
META = Style(dim=True)
RANK = Style(color="cyan", bold=True)
NOTE = Style(color="yellow")
LABEL = Style(bold=True)
_SEPARATOR = " · "


def styled(
    text: str,
    spans: Iterable[Span] = (),
    *,
    style: Style | str = "",
    one_line: bool = True,
) -> Text:
    """Untrusted ``text`` cleaned, as a rich Text with ``spans`` in :data:`HIGHLIGHT`."""
    cleaned, moved = clean_with_spans(text, spans, one_line=one_line)
    result = Text(cleaned, style=style)
    for start, end in moved:
        result.stylize(HIGHLIGHT, start, end)
    return result


def shown(text: Text, *, reorder: bool, rtl: bool | None = None,
          align_rtl: bool = True) -> RenderableType:
    """``text`` as it should go to the console: reordered line by line when asked."""
    return BidiText(text, rtl=rtl, align_rtl=align_rtl) if reorder else text


def _meta(source: Text, published: datetime | None, article_id: str, *,
          reorder: bool) -> RenderableType:
    """agency · Jalali date · id. Reordered, each part is an isolate in its own direction
    (a Latin agency's line keeps «۱۶ بهمن ۱۳۹۵» whole, an id stays left to right) and the
    line takes the agency's direction, as a bidi terminal would; Persian when it has none."""
    date, ident = Text(jalali(published)), Text(article_id)
    if not reorder:
        return _joined([source, date, ident], META)
    parts = [isolate(source), isolate(date, rtl=True), isolate(ident, rtl=False)]
    rtl = paragraph_is_rtl(source.plain) if source.plain.strip() else True
    kept = [part for part, plain in zip(parts, (source, date, ident), strict=True) if plain.plain]
    return shown(Text(_SEPARATOR, style=META).join(kept), reorder=True, rtl=rtl)


def _joined(parts: Sequence[Text], style: Style) -> Text:
    return Text(_SEPARATOR, style=style).join(part for part in parts if part.plain)


def jalali(published: datetime | None) -> str:
    return format_jalali(published) if published else ""


def _hit(hit: Hit, *, reorder: bool, gap: bool) -> RenderableType:
    parts: list[RenderableType] = [
        shown(styled(hit.title or "(untitled)", style=TITLE), reorder=reorder),
        _meta(styled(hit.source), hit.published, hit.id, reorder=reorder),
    ]
    if hit.snippet.text:
        parts.append(shown(styled(hit.snippet.text, hit.snippet.highlights), reorder=reorder))
    if hit.copies:
        parts.append(shown(copies_line(hit), reorder=reorder, rtl=True))
    if gap:  # a blank line before the next hit (Table.grid's top padding doubles it up)
        parts.append(Text())
    return Group(*parts)


def copies_line(hit: Hit) -> Text:
    """«+۳ از ایسنا، مهر، تسنیم · نخستین: ایرنا»: the story's other copies, the first
    publisher marked."""
    names = list(dict.fromkeys(copy.source or "—" for copy in hit.copies))
    line = Text(f"+{persian_number(len(hit.copies))} از ", style=META)
    line.append_text(styled("، ".join(names), style=META))
    line.append(f"{_SEPARATOR}نخستین: ", style=META)
    line.append_text(styled(hit.first_source or "—", style=LABEL))
    return line


def persian_number(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def facets_renderable(facets: object, *, reorder: bool) -> RenderableType:
    """Counts per agency and per Jalali year of the whole result set, a line each."""
    rows = Table.grid(padding=(0, 1))
    rows.add_column(style=LABEL, no_wrap=True)
    rows.add_column()
    agencies = Text(_SEPARATOR, style=META).join(
        Text.assemble(styled(name), " ", (persian_number(count), META))
        for name, count in facets.source)  # type: ignore[attr-defined]
    years = Text(_SEPARATOR, style=META).join(
        Text.assemble(persian_number(year), " ", (persian_number(count), META))
        for year, count in facets.year)  # type: ignore[attr-defined]
    if facets.undated:  # type: ignore[attr-defined]
        years.append(f"{_SEPARATOR}بی‌تاریخ {persian_number(facets.undated)}",  # type: ignore[attr-defined]
                     style=META)
    rows.add_row(Text("agencies"), shown(agencies, reorder=reorder, rtl=True, align_rtl=False))
    rows.add_row(Text("years"), shown(years, reorder=reorder, rtl=True, align_rtl=False))
    return rows


def _summary(result: SearchResult) -> Text:
    if result.heading:
        summary = styled(result.heading, style=LABEL)
    elif result.total_articles is not None and result.total_articles != result.total:
        summary = Text.assemble(
            (f"{result.total:,}", LABEL), " stories ", (f"({result.total_articles:,} articles)",
                                                         META),
            " for «", styled(result.query, style=LABEL), "»")
    else:
        summary = Text.assemble(
            (f"{result.total:,}", LABEL), " results for «", styled(result.query, style=LABEL),
            "»")
    if result.hits:
        first, last = result.hits[0].rank, result.hits[-1].rank
        summary.append(f"{_SEPARATOR}showing {first}–{last}", style=META)
    return summary


def _notes(result: SearchResult) -> list[Text]:
    notes = []
    if result.suggestion:
        suggestion = styled(result.suggestion, style=LABEL)
        notes.append(Text.assemble(("did you mean: ", NOTE), suggestion))
    respelling = result.respelling_note()
    if respelling:
        notes.append(Text.assemble(("note: ", NOTE), styled(respelling)))
    notes.extend(Text.assemble(("warning: ", NOTE), styled(w)) for w in result.warnings)
    return notes


def search_renderable(result: SearchResult, *, reorder: bool) -> RenderableType:
    """The listing of one page of results: summary, notes, then rank + title/meta/snippet."""
    parts: list[RenderableType] = [shown(_summary(result), reorder=reorder, rtl=False)]
    parts.extend(shown(note, reorder=reorder, rtl=False) for note in _notes(result))
    if result.facets is not None:
        parts.append(facets_renderable(result.facets, reorder=reorder))
    if result.hits:
        # full width, so right-to-left lines align with the terminal's right edge
        listing = Table.grid(padding=(0, 1), expand=True)
        listing.add_column(justify="right", style=RANK, no_wrap=True)
        listing.add_column(ratio=1)
        for hit in result.hits:
            gap = hit is not result.hits[-1]
            listing.add_row(Text(f"{hit.rank}."), _hit(hit, reorder=reorder, gap=gap))
        parts.extend([Text(), listing])
    return Group(*parts)


def article_renderable(
    article: Article,
    highlights: Mapping[str, Sequence[Span]] | None = None,
    *,
    reorder: bool,
) -> RenderableType:
    """One article in full; ``highlights`` maps a field name (title, surtitle, lead, body, …)
    to spans in that field, e.g. the query's matches for ``:open N``."""
    spans = highlights or {}

    def field(name: str, value: str, style: Style | str = "") -> Text:
        return styled(value, spans.get(name, ()), style=style)

    parts: list[RenderableType] = []
    if article.surtitle:
        parts.append(shown(field("surtitle", article.surtitle, META), reorder=reorder))
    parts.append(shown(field("title", article.title or "(untitled)", TITLE), reorder=reorder))
    parts.append(_meta(field("source", article.source), article.published, article.id,
                       reorder=reorder))
    if article.url:
        # Never reordered: a URL (Persian slug and all) stays in the order it is copied in.
        parts.append(field("url", article.url, META))
    if article.tags:
        tags = Text("، ", style=META).join(styled(tag) for tag in article.tags)
        parts.append(shown(Text.assemble(("tags: ", META), tags), reorder=reorder, rtl=False))
    parts.append(Rule(style=META))
    if article.lead:
        parts.extend([shown(field("lead", article.lead, "italic"), reorder=reorder), Text()])
    body = styled(article.body, spans.get("body", ()), one_line=False)
    for paragraph in body.split("\n"):
        if paragraph.plain.strip():
            parts.extend([shown(paragraph, reorder=reorder), Text()])
    return Group(*parts)


def tokens_renderable(
    rows: Iterable[tuple[str, str, int, int]], *, reorder: bool
) -> RenderableType:
    """The analyzer's tokens: index term, the text it came from, and its offsets."""
    table = Table(header_style=LABEL, show_edge=False)
    table.add_column("term")
    table.add_column("surface")
    table.add_column("start", justify="right")
    table.add_column("end", justify="right")
    for term, surface, start, end in rows:
        table.add_row(
            shown(styled(term), reorder=reorder),
            shown(styled(surface), reorder=reorder),
            Text(str(start)),
            Text(str(end)),
        )
    return table


def format_value(value: object) -> str:
    """Numbers with thousands separators, sequences joined, the rest as ``str``."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(item) for item in value)
    return str(value)


def stats_renderable(
    stats: Mapping[str, object], *, reorder: bool, title: str | None = None
) -> RenderableType:
    """Label → value pairs as a two-column grid, under an optional title."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=LABEL, no_wrap=True)
    grid.add_column()
    for label, value in stats.items():
        grid.add_row(styled(label), shown(styled(format_value(value)), reorder=reorder,
                                          align_rtl=False))
    if title is None:
        return grid
    return Group(shown(styled(title, style=TITLE), reorder=reorder, rtl=False), grid)
