"""Warm, in-process query latency: khabar vs plain whoosh, search + snippets of the top 10.

    .venv/bin/python bench/bench_search.py --corpus /work/corpora/syn100k \
        --queries /work/corpora/queries.tsv --work bench/out/search100k

Builds (or reuses, under --work) a khabar index and a plain whoosh index of the same files —
plain whoosh: title and body ``TEXT(RegexTokenizer() | LowercaseFilter())``, stock BM25F, an OR
of the query's words over title and body, snippets from whoosh's highlighter — then runs every
query once to warm up and --rounds more times, alternating the two systems query by query,
and reports p50/p99 per system. Results go to stdout and --work/result.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh import fields, highlight, index, qparser
from whoosh.analysis import LowercaseFilter, RegexTokenizer

from searcher.index.opened import OpenedIndex
from searcher.index.run import discover, index_paths
from searcher.ingest.dispatch import parse_file
from searcher.rank.search import search


def build_plain(corpus: Path, target: Path) -> float:
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=RegexTokenizer() | LowercaseFilter(), stored=True),
        body=fields.TEXT(analyzer=RegexTokenizer() | LowercaseFilter(), stored=True),
    )
    target.mkdir(parents=True)
    ix = index.create_in(str(target), schema)
    started = time.perf_counter()
    writer = ix.writer(limitmb=192)
    files, _ = discover([corpus], target)
    for n, path in enumerate(files, 1):
        for article in parse_file(path).articles:
            writer.add_document(id=article.id, title=article.title, body=article.body)
        if n % 20_000 == 0:
            writer.commit()
            writer = ix.writer(limitmb=192)
    writer.commit()
    return time.perf_counter() - started


class Plain:
    name = "plain whoosh"

    def __init__(self, path: Path) -> None:
        self.ix = index.open_dir(str(path))
        self.searcher = self.ix.searcher()
        self.parser = qparser.MultifieldParser(["title", "body"], self.ix.schema,
                                               group=qparser.OrGroup)
        self.parser.remove_plugin_class(qparser.FieldsPlugin)
        self.parser.remove_plugin_class(qparser.WildcardPlugin)

    def run(self, text: str) -> int:
        results = self.searcher.search(self.parser.parse(text), limit=10)
        results.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
        results.formatter = highlight.UppercaseFormatter()
        for hit in results:
            hit.highlights("body", top=2)
        # No total: counting every match would add to the peer's time; khabar's figure
        # includes its exact total.
        return results.scored_length()


class Khabar:
    name = "khabar"

    def __init__(self, path: Path) -> None:
        self.archive = OpenedIndex(path)

    def run(self, text: str) -> int:
        return search(self.archive, text, limit=10).total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-queries", type=int, default=0)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    build = {}
    kdir, wdir = args.work / "khabar-index", args.work / "whoosh-index"
    if not (kdir / "manifest.sqlite").exists():
        started = time.perf_counter()
        index_paths([args.corpus], kdir)
        build["khabar_seconds"] = time.perf_counter() - started
    if not wdir.exists():
        build["whoosh_seconds"] = build_plain(args.corpus, wdir)
    queries = [line.split("\t", 1)[1].strip() for line in
               args.queries.read_text(encoding="utf-8").splitlines() if "\t" in line]
    if args.max_queries and len(queries) > args.max_queries:
        # An even spread over the file, so every query-id group is represented.
        step = len(queries) / args.max_queries
        queries = [queries[int(i * step)] for i in range(args.max_queries)]
    systems = [Khabar(kdir), Plain(wdir)]
    times: dict[str, list[float]] = {s.name: [] for s in systems}
    for q in queries:  # warm-up: caches, OS pages
        for system in systems:
            system.run(q)
    for _ in range(args.rounds):
        for q in queries:
            for system in systems:
                started = time.perf_counter()
                system.run(q)
                times[system.name].append(time.perf_counter() - started)
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
                   f"Python {platform.python_version()}",
        "corpus": str(args.corpus),
        "queries": len(queries),
        "rounds": args.rounds,
        **build,
    }
    for name, values in times.items():
        report[name] = {"p50_ms": 1000 * statistics.median(values),
                        "p99_ms": 1000 * percentile(values, 0.99),
                        "mean_ms": 1000 * statistics.fmean(values)}
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    (args.work / "result.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
