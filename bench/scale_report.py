"""Markdown tables from the scale benchmark's results (``bench/scale.py``'s ``scale.json``).

    .venv/bin/python bench/scale_report.py bench/out/scale100k/scale.json [more.json ...]

Prints the build, warm-latency and one-shot tables that ``docs/benchmarks.md`` records.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SYSTEMS = ("khabar", "tantivy", "fts5")


def build_rows(report: dict[str, Any]) -> list[str]:
    rows = []
    for name, row in report.get("build", {}).items():
        rows.append(f"| {name} | {row['articles']:,} | {row['seconds']:.0f} | "
                    f"{row['articles_per_s']:.0f} | {row['cpu_s']:.0f} | "
                    f"{row['peak_mib']:.0f} | {row['index_mib']:.0f} | {row['load']:.1f} |")
    return rows


def warm_rows(report: dict[str, Any]) -> list[str]:
    rows = []
    for mode, row in report.get("warm", {}).items():
        cells = []
        for name in SYSTEMS:
            figures = row.get(name)
            cells.append(f"{figures['p50_ms']:.1f} / {figures['p99_ms']:.1f}" if figures else "")
        khabar = row.get("khabar")
        cpu = (f"{khabar['cpu_p50_ms']:.1f} / {khabar['cpu_p99_ms']:.1f}"
               if khabar and 'cpu_p50_ms' in khabar else "")
        rows.append(f"| {mode} | {row['queries']} × {row['rounds']} | " + " | ".join(cells)
                    + f" | {cpu} | {row['load']:.1f} |")
    return rows


def oneshot_rows(report: dict[str, Any], label: str) -> list[str]:
    rows = []
    for size, row in report.get("oneshot", {}).items():
        search, stats = row["search"], row["stats"]
        rows.append(f"| {label} ({size}) | {search['seconds']:.2f} ({search['seconds_min']:.2f}–"
                    f"{search['seconds_max']:.2f}) | {search['cpu_s']:.2f} | "
                    f"{search['peak_mib']:.0f} | {stats['seconds']:.2f} | {stats['cpu_s']:.2f} | "
                    f"{stats['peak_mib']:.0f} | {search['load']:.1f} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (argv or sys.argv[1:])]
    reports = [(p.parent.name, json.loads(p.read_text(encoding="utf-8"))) for p in paths]
    print("| system | articles | s | articles/s | CPU s | peak MiB | index MiB | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for _, report in reports:
        print("\n".join(build_rows(report)))
    print("\n| mode | queries × rounds | khabar p50 / p99 ms | tantivy | fts5 | "
          "khabar CPU p50 / p99 ms | load |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for _, report in reports:
        print("\n".join(warm_rows(report)))
    print("\n| index | `khabar search` s (min–max) | CPU s | peak MiB | `khabar stats` s | "
          "CPU s | peak MiB | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, report in reports:
        print("\n".join(oneshot_rows(report, label)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
