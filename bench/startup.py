"""Start-up cost of the ``khabar`` command, side by side with importing its libraries.

    .venv/bin/python bench/startup.py [--runs 15]

Indexes sample_corpus/ into a temporary folder (with a temporary signing key), then times, in
interleaved rounds so that drift in machine load hits every command alike, the wall time of:

- ``khabar --help`` against ``python -c "import typer, rich"`` (target: at most 1.3×);
- a one-shot ``khabar search "انتخابات مجلس"`` against ``python -c "import whoosh, typer, rich"``
  (target: at most 1.3× plus 0.1 s);
- and, to show where a search's time goes, the imports it needs beyond those (whoosh's
  searching modules, pydantic as typer ≥ 0.29 imports it to convert option values) and a cold
  first analysis (the analyzer reading hazm's word lists).

Output goes to a pipe (DEVNULL), as in scripts; every command runs under this interpreter.

``--instructions`` also counts the instructions each of the first four commands executes, under
valgrind (``cachegrind`` without cache simulation, ``PYTHONHASHSEED=0``): exact and the same
whatever else the machine runs, so a change can be judged on a busy machine. (The search's
budget has a fixed 0.1 s, which no instruction count expresses: the report gives ratios.)
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "انتخابات مجلس"
PY = sys.executable


def commands(khabar: str) -> dict[str, list[str]]:
    """Label → argv; the first four are the issue's comparison, the rest explain a search."""
    return {
        'python -c "import typer, rich"': [PY, "-c", "import typer, rich"],
        "khabar --help": [khabar, "--help"],
        'python -c "import whoosh, typer, rich"': [PY, "-c", "import whoosh, typer, rich"],
        f'khabar search "{QUERY}"': [khabar, "search", QUERY],
        "import whoosh.index, .query, .searching": [
            PY, "-c", "import whoosh.index, whoosh.query, whoosh.searching"],
        "import typer._adapters (pydantic)": [PY, "-c", "import typer._adapters"],
        "first analysis (analyzers, cold)": [
            PY, "-c", f"from analyzers import analyze; analyze({QUERY!r})"],
        'python -c "pass"': [PY, "-c", "pass"],
    }


def khabar_script() -> str:
    script = Path(PY).with_name("khabar")
    return str(script) if script.exists() else "khabar"


Times = dict[str, list[tuple[float, float]]]  # label → (wall, CPU) seconds per run


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_runs(todo: dict[str, list[str]], runs: int, env: dict[str, str]) -> Times:
    """Wall and CPU seconds of each command, ``runs`` times, one round through all at a time.

    CPU time (user + system of the child) hardly moves when other jobs share the machine;
    wall time, the figure that counts, does."""
    times: Times = {label: [] for label in todo}
    for argv in todo.values():  # warm the OS cache and the .pyc files first
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
    for _ in range(runs):
        for label, argv in todo.items():
            start, cpu = time.perf_counter(), _children_cpu()
            done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, check=False)
            times[label].append((time.perf_counter() - start, _children_cpu() - cpu))
            if done.returncode not in (0, 1):
                raise SystemExit(f"{label} failed: {done.stderr.decode(errors='replace')}")
    return times


def report(times: Times, runs: int) -> list[str]:
    median = {label: statistics.median(wall for wall, _ in runs_) for label, runs_ in times.items()}
    cpu = {label: statistics.median(used for _, used in runs_) for label, runs_ in times.items()}
    labels = list(times)
    typer_rich, help_, whoosh_typer_rich, search = (median[label] for label in labels[:4])
    lines = [
        (f"{time.strftime('%Y-%m-%d')}, {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}; "
        f"median of {runs} runs each, output piped; 1-minute load average "
        f"{os.getloadavg()[0]:.2f}."),
        "",
        "| command | wall, median | min | max | CPU, median |",
        "|---|---:|---:|---:|---:|",
    ]
    for label in labels:
        walls = [wall for wall, _ in times[label]]
        lines.append(f"| `{label}` | {median[label] * 1000:.0f} ms | {min(walls) * 1000:.0f} ms"
                     f" | {max(walls) * 1000:.0f} ms | {cpu[label] * 1000:.0f} ms |")
    budget = 1.3 * whoosh_typer_rich + 0.1
    lines += [
        "",
        f"- `khabar --help` / `import typer, rich`: {help_ / typer_rich:.2f}× (target ≤ 1.3×)",
        (f"- one-shot search: {search * 1000:.0f} ms against a budget of 1.3 × "
        f"{whoosh_typer_rich * 1000:.0f} ms + 100 ms = {budget * 1000:.0f} ms "
        f"({'within' if search <= budget else 'over'} target)"),
    ]
    return lines


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions ``argv`` executes, counted by valgrind (its "I refs" line)."""
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                           "--cachegrind-out-file=/dev/null", *argv],
                          env={**env, "PYTHONHASHSEED": "0"}, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind counted nothing for {argv}:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def report_instructions(todo: dict[str, list[str]], env: dict[str, str]) -> list[str]:
    """The first four commands in millions of instructions, and their ratios."""
    counted = {label: instructions(argv, env) for label, argv in list(todo.items())[:4]}
    typer_rich, help_, peer, search = counted.values()
    lines = ["", "| command | instructions |", "|---|---:|"]
    lines += [f"| `{label}` | {count / 1e6:,.0f} M |" for label, count in counted.items()]
    return lines + [
        "",
        f"- `khabar --help` / `import typer, rich`: {help_ / typer_rich:.2f}× in instructions",
        f"- one-shot search / `import whoosh, typer, rich`: {search / peer:.2f}× in instructions",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions under valgrind (load-independent)")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE as set (khabar's sources recompiled "
                             "on every run); by default it is unset, as on a user's machine")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="khabar-startup-") as tmp:
        env = dict(os.environ, KHABAR_KEY_FILE=str(Path(tmp) / "index.key"),
                   KHABAR_INDEX=str(Path(tmp) / "index"), KHABAR_JOBS="1")
        env.pop("KHABAR_BIDI", None)
        if not args.no_bytecode:
            # Installed libraries come byte-compiled by pip; khabar's editable sources only get
            # their .pyc on first import, which PYTHONDONTWRITEBYTECODE=1 would forbid.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([khabar_script(), "index", str(ROOT / "sample_corpus")], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        todo = commands(khabar_script())
        times = time_runs(todo, args.runs, env)
        lines = report(times, args.runs)
        if args.instructions:
            if shutil.which("valgrind") is None:
                raise SystemExit("--instructions needs valgrind")
            lines += report_instructions(todo, env)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
