"""Draw docs/timeline.svg: ``khabar timeline`` of the sample corpus as a terminal shows it.

    .venv/bin/python bench/make_timeline_svg.py [--out docs/timeline.svg] [--width 100]

Like bench/make_screenshot.py (whose SVG fix-up for right-to-left runs it reuses): the sample
corpus is indexed into a temporary folder, the timeline is computed by the library and drawn by
khabar's own renderer (``--bidi on``) into a recording rich Console, which saves SVG.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_screenshot import ROOT, sample_svg

QUERY = "انتخابات"


def render(width: int, by: str) -> str:
    """The SVG text of one timeline on a freshly indexed sample corpus."""
    from searcher.output.timeline_view import timeline_renderable
    from searcher.rank.timeline import timeline

    return sample_svg(width, f'khabar timeline "{QUERY}" --by {by}',
                      lambda index_dir: timeline_renderable(timeline(index_dir, QUERY, by=by),
                                                            reorder=True))


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
