"""Indexing benchmark: khabar against plain whoosh on the same files, in the same run.

Each measurement runs in a fresh child process, so its peak memory (``ru_maxrss``) is its own:
khabar's main process and, separately, the largest of its worker processes. Both systems read
the same files and parse them with khabar's parsers; plain whoosh then indexes title and body
with ``RegexTokenizer() | LowercaseFilter()`` and a stored id, in one writer with whoosh's
defaults. khabar runs as ``khabar index`` does (batches of 5,000; worker processes beside the main
one, one per CPU left, at most two).

    .venv/bin/python bench/bench_index.py                       # syn20k and syn100k
    .venv/bin/python bench/bench_index.py --corpus syn2k=/work/corpora/syn20k/0000 \\
        --corpus syn2k=/work/corpora/syn20k/0001                # a quick run on 2,000 files

It prints one row per run and writes them all to ``bench/out/bench_index.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = ["syn20k=/work/corpora/syn20k", "syn100k=/work/corpora/syn100k"]
SYSTEMS = ("khabar", "whoosh")


def index_with_khabar(paths: list[Path], index_dir: Path) -> int:
    from searcher.index.run import index_paths

    report = index_paths(paths, index_dir)
    if report.skipped:
        raise SystemExit(f"khabar skipped {len(report.skipped)} files: {report.skipped[:3]}")
    return report.articles_written


def index_with_whoosh(paths: list[Path], index_dir: Path) -> int:
    from whoosh import fields, index
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    from searcher.index.run import discover
    from searcher.ingest.dispatch import parse_bytes

    schema = fields.Schema(
        id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=RegexTokenizer() | LowercaseFilter()),
        body=fields.TEXT(analyzer=RegexTokenizer() | LowercaseFilter()),
    )
    files, _ = discover(paths, index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    writer = index.create_in(str(index_dir), schema).writer()
    count = 0
    for path in files:
        for article in parse_bytes(path.read_bytes(), str(path)).articles:
            writer.add_document(id=article.id, title=article.title, body=article.body)
            count += 1
    writer.commit()
    return count


def child(system: str, index_dir: Path, paths: list[Path]) -> None:
    """Run one measurement in this process and print it as one JSON line."""
    run = index_with_khabar if system.startswith("khabar") else index_with_whoosh
    cpu = os.times()
    started = time.perf_counter()
    articles = run(paths, index_dir)
    seconds = time.perf_counter() - started
    after = os.times()
    print(json.dumps({
        "seconds": seconds,
        "articles": articles,
        "cpu_main_s": after.user + after.system - cpu.user - cpu.system,
        "cpu_workers_s": (after.children_user + after.children_system
                          - cpu.children_user - cpu.children_system),
        "peak_main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "index_mib": sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file()) / 2**20,
    }))


def measure(system: str, index_dir: Path, paths: list[Path], corpus_bytes: int) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--child", system, "--index", str(index_dir),
            *map(str, paths)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{system} failed:\n{done.stderr}")
    row = json.loads(done.stdout.strip().splitlines()[-1])
    row["articles_per_s"] = row["articles"] / row["seconds"]
    row["mb_per_s"] = corpus_bytes / 1e6 / row["seconds"]
    return row


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"date": time.strftime("%Y-%m-%d"), "nproc": os.cpu_count(), "cpu": cpu,
            "python": platform.python_version(), "load_before": os.getloadavg()[0]}


def corpus_size(paths: list[Path]) -> tuple[int, int]:
    from searcher.index.run import discover

    files, _ = discover(paths, Path(tempfile.gettempdir()) / "no-index-here")
    return len(files), sum(p.stat().st_size for p in files)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", metavar="NAME=PATH",
                        help="corpus folder (repeat a NAME to join folders)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each system per corpus, alternating which goes first")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "bench_index.json")
    parser.add_argument("--child", choices=(*SYSTEMS, "khabar-rerun"), help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.index, args.paths)
        return
    corpora: dict[str, list[Path]] = {}
    for spec in args.corpus or DEFAULT_CORPORA:
        name, _, path = spec.partition("=")
        corpora.setdefault(name, []).append(Path(path))
    results = {"machine": machine(), "runs": []}
    print(json.dumps(results["machine"]))
    work = Path(tempfile.mkdtemp(prefix="bench-index-"))
    os.environ.setdefault("KHABAR_KEY_FILE", str(work / "index.key"))
    try:
        for name, paths in corpora.items():
            files, size = corpus_size(paths)
            for repeat in range(args.repeat):
                order = SYSTEMS if repeat % 2 == 0 else SYSTEMS[::-1]
                for system in (*order, "khabar-rerun"):
                    index_dir = work / f"{name}-{system.removesuffix('-rerun')}"
                    row = {"corpus": name, "files": files, "mb": size / 1e6, "system": system,
                           "repeat": repeat, "load": os.getloadavg()[0],
                           **measure(system, index_dir, paths, size)}
                    results["runs"].append(row)
                    print(json.dumps(row), flush=True)
                for system in SYSTEMS:
                    shutil.rmtree(work / f"{name}-{system}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
