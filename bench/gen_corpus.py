"""Generate a deterministic synthetic Persian news corpus for khabar's benchmarks.

    .venv/bin/python bench/gen_corpus.py --count 20000 --out bench/out/syn20k
    .venv/bin/python bench/gen_corpus.py --count 100000 --format jsonl --out bench/out/syn100k-jsonl

Same arguments, same bytes: article ``i`` depends only on ``--seed`` and ``i``.
"""

from __future__ import annotations

import argparse
import sys
import time
from array import array
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth.lexicon import load_lexicon
from bench.synth.newsroom import CorpusSpec, SynthArticle, synth_article
from bench.synth.writers import (
    ARTICLES_PER_SHARD,
    ArticleWriter,
    JsonlWriter,
    SiteWriter,
)

DEFAULT_SEED = 1402
_CHUNK = 200  # articles per task when generating in worker processes
_worker_spec: CorpusSpec | None = None


def iter_articles(count: int, seed: int = DEFAULT_SEED, start: int = 0) -> Iterator[SynthArticle]:
    """Articles ``start .. start+count-1`` of the corpus ``seed``, one at a time."""
    spec = CorpusSpec(seed, load_lexicon())
    for number in range(start, start + count):
        yield synth_article(spec, number)


def _init_worker(seed: int) -> None:
    global _worker_spec
    _worker_spec = CorpusSpec(seed, load_lexicon())


def _make_chunk(bounds: tuple[int, int]) -> list[SynthArticle]:
    assert _worker_spec is not None
    return [synth_article(_worker_spec, number) for number in range(*bounds)]


def iter_articles_parallel(count: int, seed: int, jobs: int) -> Iterator[SynthArticle]:
    """The same stream as :func:`iter_articles`, made by ``jobs`` processes, in order."""
    chunks = ((start, min(count, start + _CHUNK)) for start in range(0, count, _CHUNK))
    # imap keeps order and bounds memory to the chunks in flight.
    with Pool(jobs, initializer=_init_worker, initargs=(seed,)) as pool:
        for chunk in pool.imap(_make_chunk, chunks):
            yield from chunk


def make_writer(fmt: str, out: Path, shard_size: int) -> ArticleWriter:
    """The writer for ``--format``."""
    return SiteWriter(out) if fmt == "site" else JsonlWriter(out, shard_size)


def generate(count: int, seed: int, out: Path, fmt: str = "site",
             shard_size: int = ARTICLES_PER_SHARD, jobs: int = 1) -> array:
    """Write the corpus and return each article's size in bytes (for the summary)."""
    sizes = array("I")
    stream = (iter_articles(count, seed) if jobs <= 1
              else iter_articles_parallel(count, seed, jobs))
    writer = make_writer(fmt, out, shard_size)
    try:
        for item in stream:
            sizes.append(writer.write(item))
    finally:
        writer.close()
    return sizes


def summary(sizes: array, seconds: float) -> str:
    """«100000 articles in 93.1 s (1074 articles/s), 351.2 MB, median 2.49 KB, max 29.8 KB»."""
    ordered = sorted(sizes)
    total = sum(ordered)
    median = ordered[len(ordered) // 2] if ordered else 0
    largest = ordered[-1] if ordered else 0
    return (f"{len(ordered)} articles in {seconds:.1f} s ({len(ordered) / max(seconds, 1e-9):.0f} "
            f"articles/s), {total / 1e6:.1f} MB, median {median / 1e3:.2f} KB, "
            f"max {largest / 1e3:.1f} KB")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--format", choices=("site", "jsonl"), default="site",
                        help="site: one news-page text file per article; jsonl: JSON Lines shards")
    parser.add_argument("--shard-size", type=int, default=ARTICLES_PER_SHARD,
                        help="articles per JSON Lines file")
    parser.add_argument("--jobs", type=int, default=1,
                        help="worker processes (output is identical for any value)")
    args = parser.parse_args(argv)
    if args.count < 0 or args.shard_size < 1 or args.jobs < 1:
        parser.error("--count must be >= 0, --shard-size and --jobs >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    sizes = generate(args.count, args.seed, args.out, args.format, args.shard_size, args.jobs)
    print(summary(sizes, time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
