"""Write deterministic benchmark queries (``qid<TAB>query``) for a synthetic corpus.

    .venv/bin/python bench/gen_queries.py --count 300 --out bench/out/queries.tsv
    .venv/bin/python bench/gen_queries.py --count 700 --questions 300 --out bench/out/q1000.tsv

Use the corpus's ``--seed``: queries are drawn from that corpus's topics.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_corpus import DEFAULT_SEED
from bench.synth.lexicon import load_lexicon
from bench.synth.newsroom import CorpusSpec
from bench.synth.queries import iter_queries, iter_questions


def write_queries(path: Path, count: int, seed: int = DEFAULT_SEED, questions: int = 0) -> int:
    """Write ``count`` queries and ``questions`` questions for the corpus ``seed`` to ``path``;
    return how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = CorpusSpec(seed, load_lexicon())
    pairs = [*iter_queries(spec, count), *iter_questions(spec, questions)]
    lines = [f"{qid}\t{query}\n" for qid, query in pairs]
    path.write_text("".join(lines), encoding="utf-8", newline="\n")
    return len(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=300, help="number of queries")
    parser.add_argument("--questions", type=int, default=0,
                        help="natural questions added after the queries (QUESTION-nnnn)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the corpus's seed")
    parser.add_argument("--out", type=Path, required=True, help="TSV file to write")
    args = parser.parse_args(argv)
    if args.count < 0 or args.questions < 0:
        parser.error("--count and --questions must be >= 0")
    written = write_queries(args.out, args.count, args.seed, args.questions)
    print(f"{written} queries written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
