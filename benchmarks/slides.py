"""``l1l2 slides`` timed in one run (issue 24); not a test.

    .venv/bin/python benchmarks/slides.py [FILE.toml] [-q draft] [-o DIR]

Cold: a fresh output folder, so every scene and card renders. Warm: the same command again, everything cached,
so the deck is only assembled (clips cut by copying packets, built frames, the page). Then the ``--one-file``
deck (assembly only) and its size, and the PowerPoint file's. Prints the times and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT = """[lecture]
title = "Two chapters"
[[chapter]]
scene = "penalties"
[[chapter]]
scene = "bites"
"""


def main() -> None:
    from l1l2.lecture import load_lecture
    from l1l2.slides import build_slides

    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?")
    parser.add_argument("-q", "--quality", default="draft")
    parser.add_argument("-o", "--out", help="keep the renders here; run again to time assembly alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.file) if args.file else Path(tmp) / "two.toml"
        if not args.file:
            path.write_text(DEFAULT, encoding="utf-8")
        lecture = load_lecture(path, quality=args.quality)
        out = Path(args.out) if args.out else Path(tmp) / "renders"
        fresh = not out.exists()
        t = time.perf_counter()
        cold = build_slides(lecture, out_dir=out)
        cold_s = time.perf_counter() - t
        t = time.perf_counter()
        warm = build_slides(lecture, out_dir=out, formats=("html", "pptx"))
        warm_s = time.perf_counter() - t
        t = time.perf_counter()
        one = build_slides(lecture, out_dir=out, one_file=True, folder="one")
        one_s = time.perf_counter() - t
        clips = sum(p.stat().st_size for p in (out / "slides" / "assets").glob("*.mp4"))
        print(f"{path.name} at {args.quality}: {len(cold.slides)} slides, scenes rendered cold: {', '.join(cold.rendered)}")
        print(f"  {'cold (render + assemble)' if fresh else 'first run (folder existed)'}     {cold_s:7.1f} s")
        print(f"  warm (assemble only, + pptx)   {warm_s:7.1f} s   → cold / warm = {cold_s / warm_s:.0f}×;"
              f" rendered: {warm.rendered or 'none'}")
        print(f"  --one-file (assemble only)     {one_s:7.1f} s   index.html {one.index.stat().st_size / 2**20:.1f} MiB "
              f"(clips {clips / 2**20:.1f} MiB); slides.pptx "
              f"{(out / 'slides' / 'slides.pptx').stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
