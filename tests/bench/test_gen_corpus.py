"""The synthetic corpus generator: deterministic, streaming, shaped like real Persian news."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path
from random import Random

import pytest

from bench.gen_corpus import generate, iter_articles
from bench.gen_queries import write_queries
from bench.synth.lexicon import load_lexicon
from bench.synth.newsroom import CorpusSpec
from bench.synth.prose import ProseWriter
from bench.synth.queries import spelling_variant
from bench.synth.style import HouseStyle, apply_style
from bench.synth.writers import JALALI_MONTHS, render_site_page

COUNT = 50
SEED = 7
DIGIT = "[0-9۰-۹]"
CODE_LINE = re.compile(rf"^کد خبر: {DIGIT}{{7}}$")
DATE_LINE = re.compile(
    rf"^{DIGIT}{{2}}:{DIGIT}{{2}} - {DIGIT}{{1,2}} ({'|'.join(JALALI_MONTHS)}) {DIGIT}{{4}}$")


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def site_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    generate(COUNT, SEED, root, "site")
    return root


@pytest.fixture(scope="module")
def pages(site_corpus: Path) -> list[list[str]]:
    return [path.read_text(encoding="utf-8").split("\n")
            for path in sorted(site_corpus.rglob("*.txt"))]


def test_same_arguments_write_identical_bytes(site_corpus: Path, tmp_path: Path) -> None:
    generate(COUNT, SEED, tmp_path / "again", "site")
    assert tree_bytes(tmp_path / "again") == tree_bytes(site_corpus)


def test_another_seed_writes_another_corpus(site_corpus: Path, tmp_path: Path) -> None:
    generate(COUNT, SEED + 1, tmp_path / "other", "site")
    assert tree_bytes(tmp_path / "other") != tree_bytes(site_corpus)


def test_jsonl_is_deterministic_and_sharded(tmp_path: Path) -> None:
    generate(COUNT, SEED, tmp_path / "a", "jsonl", shard_size=20)
    generate(COUNT, SEED, tmp_path / "b", "jsonl", shard_size=20)
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")
    assert sorted(tree_bytes(tmp_path / "a")) == [
        "articles-00000.jsonl", "articles-00001.jsonl", "articles-00002.jsonl"]


def test_jsonl_records_carry_every_field(tmp_path: Path) -> None:
    generate(3, SEED, tmp_path, "jsonl")
    lines = (tmp_path / "articles-00000.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    assert list(record) == ["id", "title", "surtitle", "lead", "body", "source", "published",
                            "news_code", "url", "tags"]
    assert re.search(r"\+0[34]:30$", record["published"])  # Tehran time, DST before 1401
    assert record["title"] and record["body"] and record["tags"]


def test_a_small_corpus_is_the_start_of_a_larger_one(site_corpus: Path) -> None:
    first = [render_site_page(item) for item in iter_articles(5, SEED)]
    files = sorted(site_corpus.rglob("*.txt"))[:5]
    assert first == [path.read_text(encoding="utf-8") for path in files]


def test_every_page_has_title_code_date_and_source(pages: list[list[str]]) -> None:
    for lines in pages:
        assert sum(bool(CODE_LINE.match(line)) for line in lines) == 1, lines[:8]
        assert sum(bool(DATE_LINE.match(line)) for line in lines) == 1, lines[:8]
        assert any(line.startswith("منبع: ") for line in lines)
        title = lines[lines.index("") + 1]
        assert 6 <= len(title.split()) <= 40, title  # 6–14 words, more where ZWNJ became spaces


def test_body_has_three_to_ten_paragraphs(pages: list[list[str]]) -> None:
    for lines in pages:
        start = next(i for i, line in enumerate(lines) if DATE_LINE.match(line)) + 1
        end = next(i for i, line in enumerate(lines) if line.startswith("انتهای پیام/"))
        assert 3 <= end - start <= 10
        assert lines[start].startswith("به گزارش ")


def test_sizes_follow_the_design(site_corpus: Path) -> None:
    sizes = [path.stat().st_size for path in site_corpus.rglob("*.txt")]
    assert 1800 <= statistics.median(sizes) <= 3500  # designed median ~2.5 KB
    assert max(sizes) < 32_000


def test_title_and_lead_word_counts_in_canonical_spelling() -> None:
    canonical = [item for item in iter_articles(COUNT, SEED) if item.style.joiner == "zwnj"]
    assert len(canonical) >= 10
    for item in canonical:
        assert 6 <= len(item.article.title.split()) <= 14, item.article.title
        assert 25 <= len(item.article.lead.split()) <= 50, item.article.lead


def test_both_house_styles_occur(pages: list[list[str]]) -> None:
    texts = ["\n".join(lines) for lines in pages]
    assert any("می\u200c" in text for text in texts), "ZWNJ after می"
    assert any(re.search(r"\bمی [\u0600-\u06ff]", text) for text in texts), "space after می"
    assert any("ي" in text or "ك" in text for text in texts), "Arabic ي/ك"
    assert any(re.search("^کد خبر: [۰-۹]+$", text, re.M) for text in texts), "Persian digits"
    assert any(re.search("^کد خبر: [0-9]+$", text, re.M) for text in texts), "ASCII digits"


def test_function_words_are_about_forty_percent_of_prose() -> None:
    lexicon = load_lexicon()
    spec = CorpusSpec(SEED, lexicon)
    tokens = []
    for number in range(20):
        writer = ProseWriter(lexicon, Random(number), spec.topic(number))
        tokens += re.findall(r"[^\s.،؟:«»()]+", writer.paragraph(1500))
    share = sum(token in lexicon.stopword_set for token in tokens) / len(tokens)
    assert 0.35 <= share <= 0.45


@pytest.mark.parametrize("style, canonical, expected, reason", [
    (HouseStyle(joiner="zwnj", persian_digits=False), "می‌شود ۳", "می‌شود ۳", "canonical kept"),
    (HouseStyle(joiner="space", persian_digits=False), "کتاب‌ها", "کتاب ها", "ZWNJ typed as space"),
    (HouseStyle(joiner="none", persian_digits=False), "می‌شود", "میشود", "ZWNJ left out"),
    (HouseStyle(arabic_letters=True, persian_digits=False), "کیک", "كيك", "old Arabic keyboards"),
    (HouseStyle(), "سال 1402", "سال ۱۴۰۲", "Persian digits"),
])
def test_apply_style(style: HouseStyle, canonical: str, expected: str, reason: str) -> None:
    assert apply_style(canonical, style, Random(0)) == expected, reason


@pytest.mark.parametrize("word", ["کتاب", "می‌شود", "نیرو", "بازار"])
def test_spelling_variant_never_returns_the_canonical_form(word: str) -> None:
    assert all(spelling_variant(word, Random(seed)) != word for seed in range(30))


def test_queries_are_deterministic_and_well_formed(tmp_path: Path) -> None:
    write_queries(tmp_path / "a.tsv", 60, SEED)
    write_queries(tmp_path / "b.tsv", 60, SEED)
    text = (tmp_path / "a.tsv").read_text(encoding="utf-8")
    assert text == (tmp_path / "b.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()]
    assert len(rows) == 60 and all(len(row) == 2 and row[1].strip() for row in rows)
    assert len({row[1] for row in rows}) == 60
    assert any(row[1].startswith("«") for row in rows)
