"""Snippet cost alone: ``make_snippet`` over (article, query) pairs of a corpus, no index.

    .venv/bin/python bench/bench_snippets.py --corpus DIR --queries q.tsv \\
        [--articles 2000] [--queries-max 200] [--rounds 3] [--dump out.json]

Each query is paired with the first ten articles (of the first ``--articles`` of the JSON Lines
corpus) that hold one of its terms — what a search with snippets builds for its top 10. Prints
ms per snippet (CPU, median of the rounds) and the load; ``--dump`` writes every snippet
(text and spans), so two versions of khabar can be checked for identical output.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--queries-max", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args(argv)

    from analyzers import analyze
    from bench.peers import iter_records
    from bench.scale import read_queries
    from searcher.article import Article
    from searcher.rank.search import compiled_query
    from searcher.rank.snippets import make_snippet

    articles = [Article(id=str(r["id"]), title=r.get("title") or "", lead=r.get("lead") or "",
                        body=r.get("body") or "")
                for r in islice(iter_records(args.corpus), args.articles)]
    holding: dict[str, list[int]] = {}
    for number, article in enumerate(articles):
        for term in {t.term for t in analyze(f"{article.lead}\n\n{article.body}")}:
            holding.setdefault(term, []).append(number)
    pairs = []
    for text in read_queries(args.queries, args.queries_max)["topics"]:
        compiled = compiled_query(text)
        terms = compiled.terms or set()
        found = sorted({n for term in terms for n in holding.get(term, ())})[:10]
        pairs.extend((articles[n], terms, compiled.phrases) for n in found)
    per_snippet = []
    load = os.getloadavg()[0]
    snippets = []
    for _ in range(args.rounds):
        started = time.process_time()
        snippets = [make_snippet(a, terms, phrases=phrases) for a, terms, phrases in pairs]
        per_snippet.append(1000 * (time.process_time() - started) / len(pairs))
    if args.dump:
        args.dump.write_text(json.dumps([[s.text, s.highlights] for s in snippets],
                                        ensure_ascii=False), encoding="utf-8")
    print(json.dumps({"pairs": len(pairs), "load": load,
                      "ms_per_snippet": round(statistics.median(per_snippet), 3)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
