"""Count and ranking tests: a small index with several segments and deleted documents."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths

TOPICS = ["نفت و گاز", "انتخابات مجلس", "نمایشگاه کتاب", "آلودگی هوای تهران", "تورم و دلار"]


def _write(folder: Path, version: int) -> None:
    folder.mkdir(exist_ok=True)
    for n in range(40):
        topic = TOPICS[n % len(TOPICS)]
        extra = TOPICS[(n * 3 + version) % len(TOPICS)]
        article = {"id": f"a{n}", "title": f"خبر {topic} شماره {n}",
                   "body": f"گزارش درباره {topic} و {extra} در سال {1400 + n % 4}.",
                   "published": f"{2021 + n % 4}-05-0{1 + n % 9}T10:00:00+03:30",
                   "source": ["ایرنا", "ایسنا"][n % 2]}
        (folder / f"{n:03d}.json").write_text(json.dumps(article, ensure_ascii=False),
                                              encoding="utf-8")


@pytest.fixture
def segmented_archive(tmp_path: Path) -> Iterator[OpenedIndex]:
    """40 articles in commits of 7, half of them rewritten: several segments, deleted ones."""
    corpus = tmp_path / "corpus"
    _write(corpus, 0)
    # Small batches make several segments; rewriting half the files leaves deleted documents.
    index_paths([corpus], tmp_path / "index", batch_size=7)
    for n in range(0, 40, 2):
        (corpus / f"{n:03d}.json").unlink()
    _write(corpus, 1)
    for n in range(0, 40, 2):
        path = corpus / f"{n:03d}.json"
        path.write_text(path.read_text(encoding="utf-8").replace("گزارش", "خبر"),
                        encoding="utf-8")
    index_paths([corpus], tmp_path / "index", batch_size=7)
    with OpenedIndex(tmp_path / "index") as opened:
        yield opened


@pytest.fixture
def hit_scores() -> Callable[..., dict[str, float]]:
    """article id → score of a search's hits, ranked by ``ranking`` (no snippets, no
    collapsing): for tests of the second stage's factors."""
    from searcher.rank.search import search

    def scores(archive: OpenedIndex, query: str, ranking: Any) -> dict[str, float]:
        found = search(archive, query, snippets=False, collapse=False, ranking=ranking)
        return {hit.id: hit.score for hit in found.hits}

    return scores


@pytest.fixture(scope="module")
def sentence_archive(tmp_path_factory: pytest.TempPathFactory, write_jsonl: Any,
                     request: pytest.FixtureRequest) -> Iterator[OpenedIndex]:
    """The test module's ``SENTENCES`` (sentence → count) indexed, each sentence an article
    ``count`` times over, titled by its first word."""
    sentences: dict[str, int] = request.module.SENTENCES
    root = tmp_path_factory.mktemp("sentences")
    records = [{"id": f"s{n}-{i}", "title": sentence.split()[0], "body": sentence}
               for n, (sentence, count) in enumerate(sentences.items()) for i in range(count)]
    corpus = write_jsonl(root / "articles.jsonl", records)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHABAR_KEY_FILE", str(root / "key"))
        index_paths([corpus], root / "index")
        with OpenedIndex(root / "index") as opened:
            yield opened
