"""An OR of words AND NOT a word, ranked with block-max skipping, never crashes.

whoosh's AndNotMatcher.skip_to_quality skips its positive side past posting blocks that cannot
reach the top ten, then asks it for its current id even when the skip has exhausted it. An
exhausted union answers with a child's id, and a child whose list ended by stepping past its
last posting reads beyond its block: IndexError (tuple index out of range). It takes a union
that whoosh has not simplified yet (both sides could still reach the top ten), one side ending
by stepping, and a block skip then exhausting the other: 17 in 2,000 random queries over 12,000
generated articles crashed, none over a 40-article sample. The fix: searcher.engine.exclusion.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from whoosh import query as wq
from whoosh.matching.binary import UnionMatcher

from analyzers import analyze
from searcher.engine.exclusion import ExclusionMatcher
from searcher.index.opened import OpenedIndex
from searcher.index.schema import TEXT_FIELD
from searcher.query.compile import compile_query
from searcher.query.parser import parse_query
from searcher.index.run import index_paths
from searcher.rank.search import search

# The common words are in the first 390 articles (four posting blocks), each list ending a
# little later than the one before.
COMMON = ["نفت", "گاز", "برق", "فولاد"]
RARE = "پتروشیمی"   # in a hundred long articles after every common word's list has ended
EXCLUDED = "زلزله"  # in the last article only: the exclusion stays active to the end
FILLER = ["گزارش", "بازار", "قیمت", "صادرات", "پالایشگاه", "خبرنگار", "دولت", "جلسه"]
ARTICLES = 1500


def _article(n: int) -> dict[str, str]:
    # A serial number keeps every article distinct (identical texts are collapsed as duplicates).
    words = [FILLER[(n + i) % len(FILLER)] for i in range(6)] + [str(200000 + n)]
    title = FILLER[n % len(FILLER)]
    # The top ten: every common word in the title, three times. They come after ten weaker
    # articles, so they push those out of the top ten and set the bar that blocks must pass.
    if 10 <= n < 20:
        title = " ".join(COMMON * 3)
    words += [word for k, word in enumerate(COMMON) if n < 390 + k]
    if 1000 <= n < 1100:  # long articles: the rare word cannot reach the top ten
        words = words * 15 + [RARE]
    if n == ARTICLES - 1:
        words.append(EXCLUDED)
    return {"id": f"a{n}", "title": title, "body": " ".join(words)}


@pytest.fixture(scope="module")
def multi_block_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenedIndex]:
    root = tmp_path_factory.mktemp("blocks")
    (root / "corpus").mkdir()
    lines = (json.dumps(_article(n), ensure_ascii=False) for n in range(ARTICLES))
    (root / "corpus" / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    index_paths([root / "corpus"], root / "index", jobs=0, batch_size=ARTICLES)  # one segment
    with OpenedIndex(root / "index") as opened:
        yield opened


@pytest.mark.parametrize("common", COMMON)
@pytest.mark.parametrize("order", ["common first", "rare first"])
def test_or_and_not_ranks_as_the_plain_or(multi_block_index: OpenedIndex, common: str,
                                              order: str) -> None:
    words = f"{common} {RARE}" if order == "common first" else f"{RARE} {common}"
    result = search(multi_block_index, f"{words} -{EXCLUDED}", snippets=False)
    # The excluded word is in no article that has either word, so the ranking is the plain
    # OR's, which the term-at-a-time path computes without block skipping.
    plain = search(multi_block_index, words, snippets=False)
    assert [hit.id for hit in result.hits] == [hit.id for hit in plain.hits]
    assert [hit.id for hit in result.hits] == [f"a{n}" for n in range(10, 20)]
    assert result.total == plain.total == 390 + COMMON.index(common) + 100


def test_the_exclusion_still_excludes(multi_block_index: OpenedIndex) -> None:
    result = search(multi_block_index, f"{FILLER[0]} {RARE} -{COMMON[0]}", snippets=False,
                    limit=200)
    assert result.hits and all(int(hit.id[1:]) >= 390 for hit in result.hits)


def _leaf(searcher: Any, word: str) -> Any:
    return wq.Term(TEXT_FIELD, analyze(word)[0].term).matcher(searcher)


def test_an_exhausted_positive_side_is_not_read(multi_block_index: OpenedIndex) -> None:
    """The crash's exact sequence, step by step: the common word's list ends by stepping past its last
    posting, then a skip to a quality no block reaches exhausts the rare word's list."""
    searcher = multi_block_index.searcher
    common, rare = _leaf(searcher, COMMON[0]), _leaf(searcher, RARE)
    matcher = ExclusionMatcher(UnionMatcher(rare, common), _leaf(searcher, EXCLUDED))
    while common.is_active():
        matcher.next()
    assert rare.is_active()
    matcher.skip_to_quality(1e9)  # stock whoosh: IndexError, tuple index out of range
    assert not matcher.is_active()


def test_queries_with_an_exclusion_use_the_exclusion_matcher(
        multi_block_index: OpenedIndex) -> None:
    query = compile_query(parse_query(f"{COMMON[0]} {RARE} -{EXCLUDED}")).query
    assert isinstance(query.normalize().matcher(multi_block_index.searcher), ExclusionMatcher)

