"""Peak memory of ``khabar index`` on a folder: the whole process tree's resident set, sampled.

    .venv/bin/python bench/index_memory.py CORPUS [CORPUS ...] [--jobs N] [--out FILE]
    .venv/bin/python bench/index_memory.py CORPUS --repeat 3 --work DIR   # 3× the articles

Each corpus is indexed into a fresh index by the installed ``khabar``; every 0.1 s the resident
set sizes of the main process and its worker processes are read from /proc and summed. Prints
one JSON object a corpus: articles, seconds, CPU seconds, peak RSS of the tree and of the main
process (and of its anonymous and file-mapped parts), the segments of the index built, the
1-minute load. ``--repeat N`` indexes a JSON Lines corpus N times over: the first
time as links to its files, then as copies written for the run (and removed after it) whose
ids and titles carry the copy's number, so no article is a duplicate of another. Linux only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KHABAR = Path(sys.executable).with_name("khabar")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    found = [int(c) for c in text.split()]
    return found + [g for c in found for g in _children(c)]


def _rss(pid: int, field: str = "VmRSS") -> int:
    """A /proc status size of ``pid`` in bytes: VmRSS (resident), RssAnon (of it, the process's
    own memory), RssFile (of it, pages of mapped files, which the kernel can reclaim)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


COPY_WORDS = ("", "بازنشر دوم", "بازنشر سوم", "بازنشر چهارم", "بازنشر پنجم")


def repeated(corpus: Path, times: int, work: Path) -> Path:
    """``corpus`` (JSON Lines files) ``times`` times over in ``work``/repeated (see above)."""
    folder = work / "repeated"
    folder.mkdir(parents=True)
    sources = sorted(p for p in corpus.rglob("*.jsonl"))
    for source in sources:
        (folder / source.name).symlink_to(source.resolve())
    for copy in range(1, times):
        for source in sources:
            with source.open(encoding="utf-8") as lines, \
                    (folder / f"{source.stem}-copy{copy}.jsonl").open("w", encoding="utf-8") as out:
                for line in lines:
                    record = json.loads(line)
                    record["id"] = f"{record['id']}-copy{copy}"
                    record["title"] = f"{record.get('title', '')} — {COPY_WORDS[copy]}"
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(corpus: Path, jobs: int | None, work: Path | None = None,
            keep: bool = False, trace: Path | None = None) -> dict[str, object]:
    """Index ``corpus`` into a fresh index, sampling memory; the figures."""
    index_dir = Path(tempfile.mkdtemp(prefix="khabar-mem-", dir=work))
    env = dict(os.environ)
    if jobs is not None:
        env["KHABAR_JOBS"] = str(jobs)
    started, cpu_before = time.perf_counter(), _children_cpu()
    # --follow-symlinks: a --repeat corpus links to the original files
    process = subprocess.Popen([str(KHABAR), "index", str(corpus), "--index", str(index_dir),
                                "--json", "--follow-symlinks"], env=env,
                               stdout=subprocess.PIPE, text=True)
    peak_tree = peak_main = peak_anon = peak_file = 0
    traced = 0.0
    while process.poll() is None:
        main = _rss(process.pid)
        peak_main = max(peak_main, main)
        peak_anon = max(peak_anon, _rss(process.pid, "RssAnon"))
        peak_file = max(peak_file, _rss(process.pid, "RssFile"))
        peak_tree = max(peak_tree, main + sum(_rss(c) for c in _children(process.pid)))
        if trace and time.perf_counter() - traced >= 30:  # the peak so far, by commit
            traced = time.perf_counter()
            commits = [int(p.stem.rsplit("_", 1)[1]) for p in index_dir.glob("_MAIN_*.toc")]
            with trace.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps({"seconds": round(traced - started),
                                         "commit": max(commits, default=0),
                                         "peak_rss_tree_mb": round(peak_tree / 2**20, 1),
                                         "peak_main_anon_mb": round(peak_anon / 2**20, 1),
                                         "load": os.getloadavg()[0]}) + "\n")
        time.sleep(0.1)
    out, _ = process.communicate()
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
    index_mb = sum(f.stat().st_size for f in index_dir.iterdir() if f.is_file()) / 2**20
    segments = len(list(index_dir.glob("*.seg")))
    report = json.loads(out) if process.returncode == 0 else {}
    if not keep:
        shutil.rmtree(index_dir, ignore_errors=True)
    return {"index": str(index_dir) if keep else None,"corpus": str(corpus), "returncode": process.returncode,
            "articles": report.get("articles_written"), "seconds": round(seconds, 1),
            "peak_rss_tree_mb": round(peak_tree / 2**20, 1),
            "peak_rss_main_mb": round(peak_main / 2**20, 1),
            "peak_main_anon_mb": round(peak_anon / 2**20, 1),
            "peak_main_file_mb": round(peak_file / 2**20, 1), "segments": segments, "jobs": jobs,
            "cpu_seconds": round(cpu, 1), "index_mb": round(index_mb, 1),
            "load_1min_after": os.getloadavg()[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=None, help="KHABAR_JOBS for the runs")
    parser.add_argument("--out", type=Path, help="append the JSON lines here too")
    parser.add_argument("--repeat", type=int, default=1, choices=range(1, len(COPY_WORDS) + 1),
                        help="index each (JSON Lines) corpus this many times over")
    parser.add_argument("--work", type=Path, help="where indexes and copies go (default: tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the indexes built")
    parser.add_argument("--trace", type=Path,
                        help="every 30 s, append the commit reached and the peak so far here")
    args = parser.parse_args(argv)
    for corpus in args.corpora:
        copies, label = None, str(corpus)
        if args.repeat > 1:
            copies = Path(tempfile.mkdtemp(prefix="khabar-repeat-", dir=args.work))
            corpus = repeated(corpus, args.repeat, copies)
        try:
            line = json.dumps(measure(corpus, args.jobs, args.work, args.keep, args.trace))
        finally:
            if copies is not None:
                shutil.rmtree(copies, ignore_errors=True)
        if args.repeat > 1:
            line = line[:-1] + f', "repeat": {args.repeat}, "of": {json.dumps(label)}}}'
        print(line, flush=True)
        if args.out:
            with args.out.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
