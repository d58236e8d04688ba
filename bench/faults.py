"""kill -9 of ``khabar index`` at chosen points of a run; each must leave an index that opens,
answers, and converges back to exactly the articles of a clean run on the next run.

    .venv/bin/python bench/faults.py --points 20 --count 3000
    .venv/bin/python bench/faults.py --corpus FOLDER --points 20 --batch 300

For each point, on a fresh index of the same folder: ``khabar index`` with
``KHABAR_FAULT_AT=POINT:N`` (see :mod:`searcher.index.faults`) must die by SIGKILL there; then
``khabar check`` passes or names problems (exit 2, never a traceback), ``khabar search`` answers
(exit 0 or 1), a plain re-run succeeds, ``check`` says ok, and ``khabar export`` equals the clean
run's export line for line (same ids, same stored text). tests/faults runs a few of the points.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

KHABAR = Path(sys.executable).with_name("khabar")
Point = tuple[str, int]


def kill_points(articles: int, batch: int) -> list[Point]:
    """Twenty points spread over a run of ``articles`` in commits of ``batch``: before the first
    commit, inside commits (segment written, TOC signed, renamed, manifest), between commits,
    the last commit, and after the work is done."""
    commits = max(articles // batch, 3)
    middle = commits // 2 + 1
    return [
        ("article", 1), ("article", max(batch // 2, 2)),
        ("commit", 1), ("segment", 1), ("toc", 1), ("resign", 1), ("manifest", 1),
        ("committed", 1),
        ("article", batch + batch // 2), ("segment", 2), ("toc", 2), ("manifest", 2),
        ("article", (middle - 1) * batch + batch // 3), ("commit", middle), ("resign", middle),
        ("manifest", middle),
        ("segment", commits), ("resign", commits), ("manifest", commits + 1), ("end", 1),
    ]


# The points a CI run takes: one of each kind of moment.
CI_POINTS = [0, 3, 6, 8, 19]


@dataclass
class Outcome:
    point: str
    killed: bool
    check_after_kill: list[str] = field(default_factory=list)
    search_code: int = -1
    rerun_code: int = -1
    check_ok: bool = False
    lost: int = 0
    duplicated: int = 0
    changed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def survived(self) -> bool:
        return (self.killed and self.check_ok and self.rerun_code == 0
                and self.search_code in (0, 1) and not self.errors
                and self.lost == self.duplicated == self.changed == 0)


def khabar(*args: str, env: dict[str, str], timeout: float = 1800) -> subprocess.CompletedProcess:
    return subprocess.run([str(KHABAR), *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def environment(batch: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KHABAR_FAULT")}
    env.update(KHABAR_BATCH=str(batch), KHABAR_JOBS="0", LC_ALL="C.UTF-8", PYTHONUTF8="1",
               NO_COLOR="1")
    env.update(extra)
    return env


def export_lines(index_dir: Path, env: dict[str, str]) -> list[str]:
    done = khabar("export", "--index", str(index_dir), env=env)
    if done.returncode != 0:
        raise RuntimeError(f"export failed: {done.stderr.strip()}")
    return done.stdout.splitlines()


def clean_export(corpus: Path, work: Path, batch: int) -> list[str]:
    """What an uninterrupted run of the folder exports."""
    env = environment(batch)
    index_dir = work / "clean"
    done = khabar("index", str(corpus), "--index", str(index_dir), env=env)
    if done.returncode != 0:
        raise RuntimeError(f"the clean run failed: {done.stderr.strip()}")
    return export_lines(index_dir, env)


def _ids(lines: list[str]) -> list[str]:
    return [json.loads(line)["id"] for line in lines]


def survive(point: Point, corpus: Path, work: Path, batch: int, clean: list[str],
            word: str) -> Outcome:
    """Kill a run at ``point``, then check, search, re-run and compare with ``clean``."""
    name = f"{point[0]}:{point[1]}"
    outcome = Outcome(name, killed=False)
    index_dir = work / f"kill-{point[0]}-{point[1]}"
    env = environment(batch)
    killed = khabar("index", str(corpus), "--index", str(index_dir),
                    env=environment(batch, KHABAR_FAULT_AT=name))
    outcome.killed = killed.returncode == -9
    if not outcome.killed:
        outcome.errors.append(f"not killed (exit {killed.returncode}): {killed.stderr[-300:]}")
    checked = khabar("check", "--json", "--index", str(index_dir), env=env)
    if checked.returncode == 0 or (checked.returncode == 2 and checked.stdout):
        outcome.check_after_kill = json.loads(checked.stdout)["problems"]
    elif "no khabar index" not in checked.stderr:
        outcome.errors.append(f"check after the kill: {checked.stderr.strip()}")
    searched = khabar("search", word, "--index", str(index_dir), env=env)
    outcome.search_code = searched.returncode
    if "no khabar index" in searched.stderr:  # killed before the index was created
        outcome.search_code = 1
    elif searched.returncode not in (0, 1) or "error" in searched.stderr:
        outcome.errors.append(f"search after the kill: {searched.stderr.strip()}")
    rerun = khabar("index", str(corpus), "--index", str(index_dir), env=env)
    outcome.rerun_code = rerun.returncode
    if rerun.returncode != 0:
        outcome.errors.append(f"re-run: {rerun.stderr.strip()}")
        return outcome
    final = khabar("check", "--index", str(index_dir), env=env)
    outcome.check_ok = final.returncode == 0 and final.stdout == "ok\n"
    if not outcome.check_ok:
        outcome.errors.append(f"check after the re-run: {final.stdout.strip()}")
    lines = export_lines(index_dir, env)
    ids, clean_ids = _ids(lines), set(_ids(clean))
    outcome.lost = len(clean_ids - set(ids))
    outcome.duplicated = len(ids) - len(set(ids))
    outcome.changed = len(set(lines) ^ set(clean)) - outcome.lost - len(set(ids) - clean_ids)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=20, help="how many of the 20 points")
    parser.add_argument("--count", type=int, default=3000,
                        help="articles to generate (bench/gen_corpus.py) when no --corpus")
    parser.add_argument("--corpus", type=Path, help="a folder of articles instead")
    parser.add_argument("--batch", type=int, default=300, help="articles per commit")
    parser.add_argument("--word", default="تهران", help="the word searched after each kill")
    parser.add_argument("--out", type=Path, help="write the outcomes as JSON here")
    parser.add_argument("--work", type=Path,
                        help="where the corpus and indexes go (default: a temporary folder)")
    args = parser.parse_args(argv)
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="khabar-faults-", dir=args.work))
    corpus = args.corpus
    if corpus is None:
        from bench.gen_corpus import generate

        corpus = work / "corpus"
        generate(args.count, 1402, corpus)
    started = time.perf_counter()
    clean = clean_export(corpus, work, args.batch)
    points = kill_points(len(clean), args.batch)[: args.points]
    outcomes = []
    for point in points:
        outcome = survive(point, corpus, work, args.batch, clean, args.word)
        outcomes.append(outcome)
        print(f"{outcome.point:14} {'survived' if outcome.survived else 'FAILED'}  "
              f"after the kill: {'; '.join(outcome.check_after_kill) or 'ok'}"
              + (f"  errors: {outcome.errors}" if outcome.errors else ""), flush=True)
    survived = sum(o.survived for o in outcomes)
    summary = (f"{survived}/{len(outcomes)} survived, {sum(o.lost for o in outcomes)} lost, "
               f"{sum(o.duplicated for o in outcomes)} duplicated, "
               f"{sum(o.changed for o in outcomes)} changed; {len(clean)} articles, batch "
               f"{args.batch}, {time.perf_counter() - started:.0f} s")
    print(summary)
    if args.out:
        args.out.write_text(json.dumps({"summary": summary,
                                        "outcomes": [asdict(o) for o in outcomes]},
                                       ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if survived == len(outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
