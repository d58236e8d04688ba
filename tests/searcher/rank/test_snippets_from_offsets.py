"""Issue 12, item 1: a hit's snippet is built from word spans stored at index time and the
query terms' positions in the article, not by analysing the article again — and it is the
snippet the analysing path makes: the same passages, the same highlighted words.

The analysing path (``make_snippet`` without ``located``) is the reference: it is what every
snippet was before, and what a hit without stored spans still gets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analyzers import analyze
from searcher.article import Article
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.index.schema import SPANS_FIELD, TEXT_FIELD, build_schema, stored_article
from searcher.index.word_spans import decode, snippet_text
from searcher.query.compile import compile_query
from searcher.query.parser import parse_query
from searcher.rank import snippets
from searcher.rank.proximity import term_positions
from searcher.rank.search import search
from searcher.rank.snippets import Located, make_snippet

SAMPLE_QUERIES = [
    "نفت", "تولید نفت خام", "انتخابات مجلس", "«وزیر نفت»", "«انتخابات مجلس» تهران",
    "قیمت طلا", "آلودگی هوا", "کتاب", "دریاچه ارومیه", "«شعب الکترونیکی»",
    "واکسن آنفلوآنزا", "بلیت هواپیما", "گرمازدگی", "ریزگرد خوزستان", "المپیک کشتی",
]


def _analysed(article: Article, query: str, respelled: dict[str, str] | None = None):
    """The snippet made by analysing the text, for ``query`` as searched (``respelled``: its
    words in no article, searched in another spelling)."""
    compiled = compile_query(parse_query(query), respell=respelled)
    return make_snippet(article, compiled.terms, phrases=compiled.phrases)


def test_a_hit_snippet_is_built_without_analysing_its_text(
        sample_archive: OpenedIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_analysis(text: str):
        raise AssertionError(f"analysed a hit's text: {text[:40]!r}")

    monkeypatch.setattr(snippets, "analyze", no_analysis)
    found = search(sample_archive, "تولید نفت خام", limit=5)
    assert found.hits
    for hit in found.hits:
        shown = [hit.snippet.text[s:e] for s, e in hit.snippet.highlights]
        assert shown and all(analyze(word)[0].term in {"تولید", "نفت", "خام"}
                             for word in shown)


@pytest.mark.parametrize("query", SAMPLE_QUERIES)
def test_search_snippets_are_the_analysed_ones(sample_archive: OpenedIndex, query: str
                                               ) -> None:
    found = search(sample_archive, query, limit=10)
    assert found.hits, query
    for hit in found.hits:
        assert hit.snippet == _analysed(sample_archive.article(hit.id), query,
                                        found.respelled), hit.id


def _probes(article: Article) -> list[tuple[set[str], list[tuple[str, ...]]]]:
    """Query shapes drawn from the article's own words: single terms from its start, middle
    and end, pairs and triples of neighbouring words as phrases (one across the blank line
    between lead and body), a term it does not hold."""
    tokens = analyze(snippet_text(article.title, article.lead, article.body))
    if not tokens:
        return [({"ناموجود"}, [])]
    terms = [t.term for t in tokens]
    ends = [0, len(terms) // 2, len(terms) - 1]
    probes: list[tuple[set[str], list[tuple[str, ...]]]] = [
        ({terms[i]}, []) for i in ends]
    probes.append(({terms[i] for i in range(0, len(terms), 7)}, []))
    for size in (2, 3):
        for i in (*ends[:2], len(terms) - size):
            if i >= 0 and i + size <= len(terms):
                probes.append((set(), [tuple(terms[i:i + size])]))
                probes.append(({terms[-1]}, [tuple(terms[i:i + size])]))
    if article.lead and article.body:
        boundary = len(analyze(article.lead))
        if 0 < boundary < len(terms):
            probes.append((set(), [tuple(terms[boundary - 1:boundary + 1])]))
    probes.append(({"ناموجود", terms[0]}, [("ناموجود", terms[0])]))
    return probes


def test_every_sample_article_gets_the_analysed_snippet(sample_archive: OpenedIndex) -> None:
    searcher = sample_archive.searcher
    checked = 0
    reader = searcher.reader()
    for docnum in range(searcher.doc_count_all()):
        if reader.is_deleted(docnum):
            continue
        stored = searcher.stored_fields(docnum)
        article = stored_article(stored)
        assert stored.get(SPANS_FIELD), article.id  # every sample article has its map
        spans = decode(stored[SPANS_FIELD])
        for terms, phrases in _probes(article):
            wanted = terms | {t for phrase in phrases for t in phrase}
            positions = {t: found[docnum] for t in wanted
                         if docnum in (found := term_positions(searcher, t, [docnum]))}
            located = make_snippet(article, terms, phrases=phrases,
                                   located=Located(spans, positions))
            assert located == make_snippet(article, terms, phrases=phrases), (article.id,
                                                                              terms, phrases)
            checked += 1
    assert checked > 200


# Generated articles: words that attach across a space (می + verb, a plural or ezafe suffix),
# ZWNJ compounds, stopwords that leave gaps in positions, digits, punctuation and line breaks,
# at either side of the blank line between lead and body.
WORDS = ["نفت", "می", "رود", "ها", "کتاب", "کتاب‌ها", "و", "در", "از", "را", "تهران", "۱۴۰۲",
         "3.5", "قیمت", "دلار", "نمی", "خواهد", "شد", "گفت:", "«بازار»", "اقتصاد", "ی",
         "ایران،", "جمع‌آوری", "سرما", "خوردگی", "بی", "طرف", "كتابهاي", "؟", "…", "است."]
SEPARATORS = [" ", " ", " ", "\u200c", "\n", "\n\n", "، ", ". ", "  ", "\t"]


@st.composite
def passages(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=40))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words),
                         max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True)).strip(" ")


def _index_positions(value: dict[str, str]) -> tuple[str | None, dict[str, list[int]]]:
    """The stored spans and each term's positions, as khabar's index writes them."""
    field = build_schema()[TEXT_FIELD]
    _, spans = field.packed_with_spans(value)
    positions, _weights = field.positions(value)
    return spans, positions


@settings(max_examples=300, deadline=None)
@given(title=passages(), lead=passages(), body=passages(), data=st.data())
def test_generated_articles_get_the_analysed_snippet(title: str, lead: str, body: str,
                                                     data: st.DataObject) -> None:
    article = Article("g", title=title, lead=lead, body=body)
    spans, positions = _index_positions({"title": title, "surtitle": "", "lead": lead,
                                         "body": body})
    text = snippet_text(title, lead, body)
    if not analyze(text):
        return
    assert spans is not None
    terms_in_text = sorted({t.term for t in analyze(text)})
    terms = set(data.draw(st.lists(st.sampled_from(terms_in_text), max_size=3)))
    phrases = data.draw(st.lists(
        st.lists(st.sampled_from(terms_in_text), min_size=2, max_size=3).map(tuple),
        max_size=2))
    if not terms and not phrases:
        return
    located = Located(decode(spans), positions)
    assert make_snippet(article, terms, phrases=phrases, located=located) == make_snippet(
        article, terms, phrases=phrases)


@pytest.mark.parametrize(("lead", "body", "shown"), [
    # a phrase across the blank line between lead and body: the analysing path joins them
    # with a blank line and finds it there; so does the stored map (one word list, in order)
    ("قیمت نفت بالا رفت و بازار", "دلار آرام ماند.", ["بازار\u0020\u0020دلار"]),
    # a lead alone, a body alone
    ("قیمت نفت بالا رفت و بازار دلار آرام ماند.", "", ["بازار دلار"]),
    ("", "قیمت نفت بالا رفت و بازار دلار آرام ماند.", ["بازار دلار"]),
])
def test_a_phrase_is_found_where_the_analysing_path_finds_it(lead: str, body: str,
                                                             shown: list[str]) -> None:
    article = Article("p", title="بازار", lead=lead, body=body)
    spans, positions = _index_positions({"title": "بازار", "lead": lead, "body": body})
    assert spans is not None
    phrase = [("بازار", "دلار")]
    snippet = make_snippet(article, set(), phrases=phrase,
                           located=Located(decode(spans), positions))
    assert snippet == make_snippet(article, set(), phrases=phrase)
    assert [snippet.text[s:e] for s, e in snippet.highlights] == shown


@pytest.fixture
def long_lead_archive(tmp_path: Path, write_jsonl) -> Iterator[OpenedIndex]:
    """An article whose lead runs past its band of positions (its last words are stored but
    not indexed), beside an ordinary one."""
    long_lead = " ".join(["گزارش"] * 8_000 + ["زلزله", "کرمان"])
    write_jsonl(tmp_path / "c" / "a.jsonl", [
        {"id": "long", "title": "خبر", "summary": long_lead, "text": "زلزله در کرمان"},
        {"id": "short", "title": "خبر کوتاه", "summary": "زلزله",
         "text": "زلزله‌ای دیگر در کرمان"}])
    index_paths([tmp_path / "c"], tmp_path / "ix", jobs=0)
    with OpenedIndex(tmp_path / "ix") as opened:
        yield opened


def test_an_article_past_its_band_keeps_the_analysed_snippet(
        long_lead_archive: OpenedIndex) -> None:
    found = {hit.id: hit for hit in search(long_lead_archive, "کرمان", collapse=False).hits}
    for article_id, hit in found.items():
        assert hit.snippet == _analysed(long_lead_archive.article(article_id), "کرمان")
    searcher = long_lead_archive.searcher
    stored = {stored_article(s).id: s for s in
              (searcher.stored_fields(d) for d in range(searcher.doc_count_all()))}
    assert stored["long"].get(SPANS_FIELD) is None  # the map would lack the lead's last words
    assert stored["short"].get(SPANS_FIELD)


@pytest.mark.parametrize("collapse", [True, False])
def test_the_hits_positions_are_read_once(sample_archive: OpenedIndex, collapse: bool,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The second stage reads its candidates' positions; the snippets of the hits among them
    read none of those again."""
    from searcher.rank import proximity

    asked: list[tuple[str, int]] = []
    reading = proximity.term_positions

    def counted(searcher, term, docnums, postings=None):
        docnums = list(docnums)
        asked.extend((term, docnum) for docnum in docnums)
        return reading(searcher, term, docnums, postings)

    monkeypatch.setattr(proximity, "term_positions", counted)
    found = search(sample_archive, "تولید نفت خام", limit=5, collapse=collapse)
    assert found.hits
    assert asked and len(asked) == len(set(asked))
    for hit in found.hits:
        assert hit.snippet == _analysed(sample_archive.article(hit.id), "تولید نفت خام")


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("نفت خام\n\t\r\x0b\x0c\u2028 .،ab")), max_size=80))
def test_a_passage_is_put_on_one_line_as_translate_would(text: str) -> None:
    # Each line break, tab and carriage return is a space; nothing else changes (not even
    # the other separators str.splitlines knows).
    assert snippets.one_line(text) == text.translate({10: 32, 9: 32, 13: 32})


def _best_passage_reference(text, sentences, matches, width, exclude):
    """The passage choice as first written: every window tested against every match."""
    best = None
    for i, (s_start, _) in enumerate(sentences):
        end, j = sentences[i][1], i
        while j + 1 < len(sentences) and sentences[j + 1][1] - s_start <= width:
            j += 1
            end = sentences[j][1]
        inside = [m for m in matches if s_start <= m[0] and m[1] <= end]
        if not inside:
            continue
        lo, hi = snippets._window(text, s_start, end, inside[0][0], width)
        inside = [m for m in inside if lo <= m[0] and m[1] <= hi]
        found = {m[2] for m in inside}
        score = sum(map(snippets._weight, found - exclude)) + len(inside) - 0.001 * lo
        if best is None or score > best[0]:
            best = (score, (lo, hi), found)
    if best is None or not best[2] - exclude:
        return None
    return best[1], best[2]


_SENTENCE_WORDS = st.sampled_from(["نفت", "خام", "قیمت", "بازار", "امروز", "وزیر", "گفت",
                                   "افزایش", "یافت", "تهران"])


@settings(max_examples=500, deadline=None)
@example(parts=[(["قیمت", "بازار"], ". "), (["امروز", "نفت"], "")], terms={"نفت"}, width=200,
         exclude=set())  # a match that ends the text ends the last window too
@given(st.lists(st.tuples(st.lists(_SENTENCE_WORDS, min_size=1, max_size=12),
                          st.sampled_from([". ", "؟ ", "\n", "، ", " ", ""])),
                min_size=1, max_size=12),
       st.sets(_SENTENCE_WORDS, min_size=1, max_size=3), st.sampled_from([20, 40, 120, 200]),
       st.sets(_SENTENCE_WORDS, max_size=2))
def test_the_passage_chosen_is_the_one_every_window_tested_against_every_match_gives(
        parts, terms, width, exclude) -> None:
    text = "".join(" ".join(words) + end for words, end in parts)
    matches = snippets._matches(analyze(text), terms, ())
    sentences = snippets._sentences(text)
    assert (snippets._best_passage(text, sentences, matches, width, set(exclude))
            == _best_passage_reference(text, sentences, matches, width, set(exclude)))


def _sentences_reference(text: str) -> list[tuple[int, int]]:
    """Sentences as first found: every end the pattern finds, scanning the whole text."""
    spans, start = [], 0
    for match in snippets._SENTENCE_END.finditer(text):
        if text[start:match.end()].strip():
            spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("نفت ب.!?؟؛…\n\t\"»”)(«x3")), max_size=60))
def test_sentences_are_those_the_pattern_finds_scanning_the_whole_text(text: str) -> None:
    assert snippets._sentences(text) == _sentences_reference(text)
