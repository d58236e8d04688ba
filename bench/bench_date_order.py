"""What issue 13's date handling costs a query: undated articles last under ``--sort date``
(with their count), and a date filter that counts the undated matches it left out.

    .venv/bin/python bench/bench_date_order.py --count 20000 --work bench/out/dates20k

Generates a synthetic JSON Lines corpus (``bench/gen_corpus.py``) and removes the date of every
``--undated``-th article, builds a khabar index and an SQLite FTS5 peer of it, then times the
same content-word queries in three modes, alternating the two systems query by query:
relevance; newest first (FTS5: ``ORDER BY published DESC``, its undated rows have 0 so they
come last, with a second count for how many there are); since a date (FTS5: ``published >=``,
and a count of the undated matches left out). Both return the top 10 and the total, no
snippets. Prints p50/p99 per system and mode, and writes --work/result.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.peers import Fts5, iter_records
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths
from searcher.ingest.dates import parse_date_bound
from searcher.rank.search import Filters, search

SINCE = "1400"  # about the newest third of the synthetic years 1395-1403
MODES = ("relevance", "date", "since")


def make_corpus(count: int, undated_every: int, work: Path) -> Path:
    """The synthetic corpus with every ``undated_every``-th article's date removed."""
    dated = work / "generated"
    if not dated.exists():
        subprocess.run([sys.executable, str(Path(__file__).with_name("gen_corpus.py")),
                        "--count", str(count), "--format", "jsonl", "--out", str(dated)],
                       check=True)
    corpus = work / "corpus"
    if not corpus.exists():
        corpus.mkdir()
        with (corpus / "articles.jsonl").open("w", encoding="utf-8") as out:
            for number, record in enumerate(iter_records(dated)):
                if number % undated_every == 0:
                    record.pop("published", None)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return corpus


def queries(corpus: Path, how_many: int) -> list[str]:
    """Two words of a title every so often: queries that match, some widely."""
    picker = random.Random(13)
    titles = [r["title"] for r in iter_records(corpus)]
    chosen = []
    for title in picker.sample(titles, how_many):
        words = [w for w in title.split() if len(w) > 2]
        chosen.append(" ".join(picker.sample(words, min(2, len(words)))))
    return chosen


def khabar_runner(archive: OpenedIndex, mode: str) -> Callable[[str], int]:
    since = Filters(since=parse_date_bound(SINCE)[0])

    def run(query: str) -> int:
        if mode == "since":
            return search(archive, query, limit=10, filters=since, snippets=False).total
        return search(archive, query, limit=10, sort=mode, snippets=False).total

    return run


def fts5_runner(peer: Fts5, mode: str) -> Callable[[str], int]:
    since = int(parse_date_bound(SINCE)[0].timestamp())

    def run(query: str) -> int:
        if mode == "relevance":
            return peer.run(query, snippets=False)
        match = peer._match(query)
        db = peer.db
        if mode == "date":
            total = peer.run(query, snippets=False, by_date=True)
            db.execute("SELECT count(*) FROM fts WHERE fts MATCH ? AND published = 0",
                       (match,)).fetchone()
            return total
        db.execute("SELECT rowid, title FROM fts WHERE fts MATCH ? AND published >= ? "
                   "ORDER BY bm25(fts, 3.0, 1.0) LIMIT 10", (match, since)).fetchall()
        (total,) = db.execute("SELECT count(*) FROM fts WHERE fts MATCH ? AND published >= ?",
                              (match, since)).fetchone()
        db.execute("SELECT count(*) FROM fts WHERE fts MATCH ? AND published = 0",
                   (match,)).fetchone()
        return total

    return run


def timed(run: Callable[[str], int], query: str) -> float:
    started = time.perf_counter()
    run(query)
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--undated", type=int, default=10, help="every N-th article undated")
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KHABAR_KEY_FILE", str(args.work / "index.key"))
    corpus = make_corpus(args.count, args.undated, args.work)
    if not (args.work / "index").exists():
        index_paths([corpus], args.work / "index")
    if not (args.work / "fts5.db").exists():
        Fts5.build(corpus, args.work / "fts5.db")
    asked = queries(corpus, args.queries)
    peer = Fts5(args.work / "fts5.db")
    times: dict[str, dict[str, list[float]]] = {m: {"khabar": [], "fts5": []} for m in MODES}
    with OpenedIndex(args.work / "index") as archive:
        for mode in MODES:
            systems = {"khabar": khabar_runner(archive, mode), "fts5": fts5_runner(peer, mode)}
            for query in asked:  # warm-up
                for run in systems.values():
                    run(query)
            for _ in range(args.rounds):
                for query in asked:
                    for name, run in systems.items():
                        times[mode][name].append(timed(run, query))
    result = {
        "date": datetime.now().isoformat(timespec="minutes"), "machine": platform.platform(),
        "python": platform.python_version(), "load": os.getloadavg(), "articles": args.count,
        "undated_every": args.undated, "queries": len(asked), "rounds": args.rounds,
        "ms": {mode: {name: {"p50": statistics.median(v),
                             "p99": statistics.quantiles(v, n=100)[98]}
                      for name, v in systems_times.items()}
               for mode, systems_times in times.items()},
    }
    (args.work / "result.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
