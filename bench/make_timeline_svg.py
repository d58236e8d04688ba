"""Draw docs/timeline.svg: ``khabar timeline`` of the sample corpus as a terminal shows it.

    .venv/bin/python bench/make_timeline_svg.py [--out docs/timeline.svg] [--width 100]

Like bench/make_screenshot.py (whose SVG fix-up for right-to-left runs it reuses): the sample
corpus is indexed into a temporary folder, the timeline is computed by the library and drawn by
khabar's own renderer (``--bidi on``) into a recording rich Console, which saves SVG.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

from rich.console import Console

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_screenshot import ROOT, fix_rtl_runs

QUERY = "انتخابات"


def render(width: int, by: str) -> str:
    with tempfile.TemporaryDirectory(prefix="khabar-timeline-") as tmp:
        os.environ["KHABAR_KEY_FILE"] = str(Path(tmp) / "index.key")
        from searcher.index.run import index_paths
        from searcher.output.timeline_view import timeline_renderable
        from searcher.rank.timeline import timeline

        index_dir = Path(tmp) / "index"
        index_paths([ROOT / "sample_corpus"], index_dir)
        line = timeline(index_dir, QUERY, by=by)
    console = Console(record=True, width=width, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", markup=False, highlight=False, emoji=False)
    console.print(timeline_renderable(line, reorder=True))
    return fix_rtl_runs(console.export_svg(title=f'khabar timeline "{QUERY}" --by {by}'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "timeline.svg")
    parser.add_argument("--width", type=int, default=100)
    parser.add_argument("--by", default="month")
    args = parser.parse_args()
    args.out.write_text(render(args.width, args.by), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
