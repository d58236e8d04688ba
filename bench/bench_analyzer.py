"""Analyzer throughput and cold start: khabar against a hazm pipeline, side by side in one run.

    .venv/bin/python bench/bench_analyzer.py [--runs 5] [--syn-mb 5] [--write docs/benchmarks.md]

Throughput is MB of UTF-8 text per CPU second on one core, measured in one process that
alternates khabar and hazm on the same texts; each figure is the median of ``--runs`` passes. khabar is
measured twice per run: a first pass with its word caches emptied (text it has never seen; the
lexicon is loaded, as after the first call of any process) and a second, warm pass over the same
text (the steady state of a long indexing job). hazm's pipeline is ``Normalizer().normalize`` →
``WordTokenizer().tokenize`` → ``Stemmer().stem`` on every token; it keeps no caches.

Cold start is a fresh subprocess: import plus the first analysis of one sentence, timed inside
the process (interpreter start-up excluded, shown apart as the whole process's wall time).

Texts are read at run time and never copied into the repository: the bodies of the dev
evaluation corpus and, when present, about ``--syn-mb`` MB of the synthetic corpus made by
bench/gen_corpus.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make the repository importable
    sys.path.insert(0, str(REPO))

from analyzers.analyze import analyze, reset_caches  # noqa: E402 (after the sys.path line)

DEV_CORPUS = Path("/work/shared/eval/dev/corpus.jsonl")
SYN_CORPUS = Path("/work/corpora/syn20k")
SECTION_START = "<!-- bench_analyzer:start -->"
SECTION_END = "<!-- bench_analyzer:end -->"

# A sentence for warm-up and cold start, never part of the measured texts.
SENTENCE = "خبرگزاری‌ها گزارش دادند که دانشجویان دانشگاه تهران فردا به مشهد می‌روند."

_KHABAR_COLD = f"""
import time
started = time.perf_counter()
from analyzers import analyze
first = analyze({SENTENCE!r})[0]
print(time.perf_counter() - started)
"""
_HAZM_COLD = f"""
import time
started = time.perf_counter()
from hazm import Normalizer, Stemmer, WordTokenizer
normalizer, tokenizer, stemmer = Normalizer(), WordTokenizer(), Stemmer()
first = [stemmer.stem(w) for w in tokenizer.tokenize(normalizer.normalize({SENTENCE!r}))][0]
print(time.perf_counter() - started)
"""


def dev_texts(path: Path = DEV_CORPUS) -> list[str]:
    """Passage bodies of the dev corpus (JSON Lines with a ``body`` field)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["body"] for line in handle if line.strip()]


def syn_texts(root: Path, limit_mb: float) -> list[str]:
    """Whole article files of a synthetic corpus, in name order, up to ``limit_mb`` MB."""
    texts: list[str] = []
    total, limit = 0, limit_mb * 1e6
    for path in sorted(root.rglob("*.txt")):
        if total >= limit:
            break
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        total += len(text.encode("utf-8"))
    return texts


def megabytes(texts: Sequence[str]) -> float:
    return sum(len(text.encode("utf-8")) for text in texts) / 1e6


def hazm_pipeline() -> Callable[[str], list[str]]:
    """hazm's normalize → tokenize → stem, as one function from text to stems."""
    from hazm import Normalizer, Stemmer, WordTokenizer

    normalizer, tokenizer, stemmer = Normalizer(), WordTokenizer(), Stemmer()
    normalize, tokenize, stem = normalizer.normalize, tokenizer.tokenize, stemmer.stem

    def run(text: str) -> list[str]:
        return [stem(word) for word in tokenize(normalize(text))]

    return run


def timed_pass(function: Callable[[str], object], texts: Sequence[str]) -> float:
    """CPU seconds of one pass: other jobs on a shared machine count against neither side."""
    started = time.process_time()
    for text in texts:
        function(text)
    return time.process_time() - started


def throughput(texts: Sequence[str], runs: int, hazm: Callable[[str], list[str]]) -> dict:
    """Median MB/s of khabar (first and warm pass) and hazm, alternating in one process."""
    size = megabytes(texts)
    first, warm, peer = [], [], []
    for run in range(runs):
        # Alternate who goes first, so neither always runs on a cooler or hotter CPU.
        order = ("khabar", "hazm") if run % 2 == 0 else ("hazm", "khabar")
        for who in order:
            if who == "khabar":
                reset_caches()
                first.append(size / timed_pass(analyze, texts))
                warm.append(size / timed_pass(analyze, texts))
            else:
                peer.append(size / timed_pass(hazm, texts))
    # Each run's own ratios too: neighbours in time share the machine's load, so their spread
    # shows how much the shared machine moved the figures.
    first_ratios = [k / h for k, h in zip(first, peer, strict=True)]
    warm_ratios = [k / h for k, h in zip(warm, peer, strict=True)]
    return {
        "mb": size,
        "first": statistics.median(first),
        "warm": statistics.median(warm),
        "hazm": statistics.median(peer),
        "first_range": (min(first_ratios), max(first_ratios)),
        "warm_range": (min(warm_ratios), max(warm_ratios)),
    }


def cold_start(code: str) -> tuple[float, float]:
    """(import + first call inside the process, whole process wall time) in seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip()), time.perf_counter() - started


def cold_starts(runs: int) -> dict[str, tuple[float, float]]:
    """Median cold starts of khabar and hazm, alternating fresh subprocesses."""
    samples: dict[str, list[tuple[float, float]]] = {"khabar": [], "hazm": []}
    for _ in range(runs):
        samples["khabar"].append(cold_start(_KHABAR_COLD))
        samples["hazm"].append(cold_start(_HAZM_COLD))
    return {
        who: (statistics.median(s[0] for s in runs_), statistics.median(s[1] for s in runs_))
        for who, runs_ in samples.items()
    }


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} cores (one used), Python {platform.python_version()}, "
            f"hazm {version('hazm')}, {platform.system()} {platform.release()}")


def report(results: dict[str, dict], cold: dict[str, tuple[float, float]], runs: int) -> str:
    """The docs/benchmarks.md section, as Markdown."""
    today = dt.date.today().isoformat()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    method = (
        f"Run {today} on {machine()}; load average at the end {load}. Medians of {runs} runs, "
        "khabar and hazm alternating in one process, timed in CPU seconds (`time.process_time`) "
        "so that other jobs on the shared machine count against neither. MB = 10^6 bytes of "
        "UTF-8 text (Persian letters are 2 bytes). khabar *first pass*: its word caches emptied "
        "before the pass (unseen text; the lexicon already loaded); *warm*: the same text again. "
        "hazm: `Normalizer().normalize` → `WordTokenizer().tokenize` → `Stemmer().stem`. Texts: "
        "the passage bodies of eval/dev (real Persian, read at run time) and the first article "
        "files, in name order, of the synthetic corpus from `bench/gen_corpus.py`."
    )
    lines = [
        SECTION_START,
        "## Analyzer throughput and cold start (`bench/bench_analyzer.py`)",
        "",
        *textwrap.wrap(method, width=100, break_on_hyphens=False),
        "",
        "Ratios are of the medians, with the lowest and highest ratio of a single run after them.",
        "",
        "| text | size | khabar first pass | khabar warm | hazm | first ÷ hazm | warm ÷ hazm |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        (f_lo, f_hi), (w_lo, w_hi) = r["first_range"], r["warm_range"]
        lines.append(
            f"| {name} | {r['mb']:.2f} MB | {r['first']:.2f} MB/s | {r['warm']:.2f} MB/s | "
            f"{r['hazm']:.2f} MB/s | {r['first'] / r['hazm']:.1f}× ({f_lo:.1f}–{f_hi:.1f}) | "
            f"{r['warm'] / r['hazm']:.1f}× ({w_lo:.1f}–{w_hi:.1f}) |"
        )
    lines += [
        "",
        "| cold start (fresh process) | import + first call | whole process (wall) |",
        "|---|---:|---:|",
    ]
    for who, (inside, wall) in cold.items():
        lines.append(f"| {who} | {inside:.3f} s | {wall:.3f} s |")
    lines += [
        "",
        *textwrap.wrap(
            "Targets (issue 2): throughput ≥ 4× hazm's in the same run; cold start to the first "
            "token ≤ 0.5 s.", width=100),
        SECTION_END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Replace this benchmark's section of ``path`` (or append it), leaving others alone."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if SECTION_START in old and SECTION_END in old:
        head, rest = old.split(SECTION_START, 1)
        tail = rest.split(SECTION_END, 1)[1].lstrip("\n")
        new = head + section + ("\n" + tail if tail else "")
    else:
        new = old.rstrip("\n") + "\n\n" + section
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--syn-mb", type=float, default=5.0, help="MB of the synthetic corpus")
    parser.add_argument("--write", type=Path, help="update this Markdown file's section")
    args = parser.parse_args(argv)

    corpora = {"dev corpus bodies": dev_texts()}
    if SYN_CORPUS.is_dir():
        corpora[f"synthetic ({SYN_CORPUS.name})"] = syn_texts(SYN_CORPUS, args.syn_mb)
    cold = cold_starts(args.runs)
    hazm = hazm_pipeline()
    analyze(SENTENCE)  # loads khabar's lexicon; hazm's constructors ran above
    hazm(SENTENCE)
    results = {name: throughput(texts, args.runs, hazm) for name, texts in corpora.items()}
    section = report(results, cold, args.runs)
    print(section)
    if args.write:
        write_section(args.write, section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
