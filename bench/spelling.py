"""How many typing slips does did-you-mean turn back into the word meant?

    .venv/bin/python bench/spelling.py --index /tmp/ix-sample --index bench/out/ix-syn20k

For each row of ``bench/data/misspellings.tsv`` (typed, intended, kind) it searches the typed
text through :func:`searcher.rank.search.search` and counts the row corrected when the query a
user ends up with — the suggestion if one is offered, else what they typed — analyzes to the
intended word's terms (or those of the word written solid, without its ZWNJ). Rows whose intended word is in no article of the index cannot be
corrected from that index and are reported apart, not counted. It also prints the suggestion's
latency: the whole search for the typed text (ten hits with snippets, the suggestion included),
median of ``--repeat`` runs per row, on an index already open. Run with another checkout first
on PYTHONPATH to measure a peer (the bench only calls ``search``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable, after
    sys.path.append(str(Path(__file__).resolve().parent.parent))  # a peer on PYTHONPATH

from analyzers import terms
from searcher.index.opened import OpenedIndex
from searcher.rank.search import search

TABLE = Path(__file__).parent / "data" / "misspellings.tsv"


def read_table(path: Path = TABLE) -> list[tuple[str, str, str]]:
    """(typed, intended, kind) rows; ``#`` lines are comments."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            typed, intended, kind = line.split("\t")
            rows.append((typed, intended, kind))
    return rows


def evaluate(archive: OpenedIndex, rows: list[tuple[str, str, str]],
             repeat: int = 3) -> dict:
    """Corrected share per kind, the failures, suggestions offered for the intended spelling
itself (false alarms), and suggestion latencies in ms."""
    done: Counter[str] = Counter()
    reachable: Counter[str] = Counter()
    failures, unreachable, latencies, false_alarms = [], [], [], []
    for typed, intended, kind in rows:
        # a compound written solid is the same word: خبرگزاری / خبر‌گزاری
        wanted = terms(intended)
        solid = terms(intended.replace("\u200c", ""))
        if not wanted or not all(archive.doc_freq(t) for t in wanted):
            unreachable.append(typed)
            continue
        reachable[kind] += 1
        result = search(archive, typed, limit=1, snippets=False)
        # a slip in no article is searched corrected (respelled), any other is offered
        final = result.suggestion or " ".join(result.respelled.get(w, w) for w in typed.split())
        if terms(final) in (wanted, solid):
            done[kind] += 1
        else:
            failures.append((typed, intended, final))
        if search(archive, intended, limit=1, snippets=False).suggestion:
            false_alarms.append(intended)
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            search(archive, typed, limit=10)
            runs.append((time.perf_counter() - start) * 1000)
        latencies.append(statistics.median(runs))
    return {"done": done, "reachable": reachable, "failures": failures,
            "unreachable": unreachable, "latencies": latencies, "false_alarms": false_alarms}


def report(name: str, outcome: dict, vocabulary: int) -> str:
    done, reachable = outcome["done"], outcome["reachable"]
    total, fixed = reachable.total(), done.total()
    lat = sorted(outcome["latencies"])
    lines = [f"## {name}: {fixed}/{total} corrected ({fixed / max(total, 1):.0%}), "
             f"{len(outcome['unreachable'])} rows not in this index; vocabulary {vocabulary:,} "
             f"terms; search with suggestion median {statistics.median(lat):.1f} ms, "
             f"max {lat[-1]:.1f} ms" if lat else f"## {name}: no reachable rows"]
    for kind in sorted(reachable):
        lines.append(f"  {kind:8} {done[kind]}/{reachable[kind]}")
    lines.append(f"  intended words given a suggestion anyway: {len(outcome['false_alarms'])}"
                 f" {' '.join(outcome['false_alarms'])}")
    for typed, intended, got in outcome["failures"]:
        lines.append(f"  miss: {typed} → {got or '(nothing)'} (meant {intended})")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", action="append", required=True, type=Path,
                        help="an index directory (repeatable)")
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = read_table(args.table)
    for index_dir in args.index:
        with OpenedIndex(index_dir) as archive:
            terms = len(archive.vocabulary()) if hasattr(archive, "vocabulary") else 0
            print(report(str(index_dir), evaluate(archive, rows, args.repeat), terms))


if __name__ == "__main__":
    main()
