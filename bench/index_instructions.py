"""Instructions an indexed article costs, counted by valgrind: a figure the machine's load
cannot move.

    .venv/bin/python bench/index_instructions.py CORPUS_FILE [--small 100] [--large 500] [--warm 600]
        [--code LABEL=SOURCE_DIR ...] [--out FILE]

On a shared two-core VM the CPU time of the same indexing run varies by a fifth from run to
run (and by half when both cores are busy), which hides a change of a few per cent. This counts
instructions instead: ``khabar``'s indexing, in one process (no workers, so the analysis, the
writer, the flush and the commit are all counted, and nothing of the pipes between them), on
the first ``--small`` and the first ``--large`` articles of a JSON Lines file, each after the
same ``--warm`` other articles were analyzed (the analyzer's caches as warm as through most of
a long run); the difference over ``--large - --small`` is the instructions an article costs,
start-up, warming and the first commit's fixed costs cancelled out. ``--code LABEL=DIR`` counts a checkout of another commit
the same way. Instructions are not time (cache misses are not counted), so a change is
confirmed with ``bench/index_throughput.py`` too; they say which way and how far it went.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_CHILD = r"""
import sys
from pathlib import Path
from searcher.index.prepare import prepare_articles
from searcher.index.run import index_paths
from searcher.ingest.dispatch import parse_file
# The analyzer's caches warmed on other articles first, as they are through most of a long run.
prepare_articles(parse_file(Path(sys.argv[4])).articles)
report = index_paths([Path(sys.argv[1])], Path(sys.argv[2]), jobs=0)
assert report.articles_written == int(sys.argv[3]), report.articles_written
"""


def _lines(corpus: Path, start: int, stop: int, folder: Path) -> Path:
    """Lines ``start`` to ``stop`` of ``corpus``, as a file of their own."""
    target = folder / f"lines-{start}-{stop}.jsonl"
    with corpus.open("rb") as source, target.open("wb") as out:
        for number, line in enumerate(source):
            if number == stop:
                break
            if number >= start:
                out.write(line)
    return target


def count(corpus: Path, articles: int, code: Path, folder: Path, warm: Path) -> int:
    """Instructions of indexing ``corpus`` (``articles`` of them) with the code at ``code``."""
    target = folder / "index"
    shutil.rmtree(target, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, (code, REPO))),
           "PYTHONHASHSEED": "0", "KHABAR_CACHE_DIR": str(folder / "cache")}
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                           "--cachegrind-out-file=/dev/null", sys.executable, "-P", "-c",
                           _CHILD, str(corpus), str(target), str(articles), str(warm)],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"valgrind counted nothing:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a JSON Lines file")
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=500)
    parser.add_argument("--warm", type=int, default=600,
                        help="articles (those after --large) analyzed first, in both runs")
    parser.add_argument("--code", action="append", default=[],
                        help="LABEL=DIR: a checkout of another commit, counted the same way")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    codes = [("this", REPO)] + [(label, Path(path)) for label, path in
                                (item.split("=", 1) for item in args.code)]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        small, large = (_lines(args.corpus, 0, n, folder) for n in (args.small, args.large))
        warm = _lines(args.corpus, args.large, args.large + args.warm, folder)
        for label, code in codes:
            # a first run fills the analyzer's table cache, so both counts read it
            count(small, args.small, code, folder, small)
            fewer = count(small, args.small, code, folder, warm)
            more = count(large, args.large, code, folder, warm)
            line = {"code": label, "small": fewer, "large": more,
                    "per_article_millions": round((more - fewer)
                                                  / (args.large - args.small) / 1e6, 3)}
            print(json.dumps(line))
            if args.out:
                with args.out.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main()
