"""``l1l2 article`` timed in one run (issue 25); not a test.

    .venv/bin/python benchmarks/article.py [FILE.toml] [-q draft] [-j 2] [-o DIR]

Cold: a fresh output folder, so every chapter renders (light theme, WebM and MP4, poster). Warm: the same
command again, everything cached, so the article is only assembled (clips and stills copied and cut, prose
typeset, interactive pages, the page). Then ``--one-file`` and ``--pdf`` (assembly only) and their sizes.
Prints the times and their ratio. With ``-o DIR`` the renders are kept: run again to time assembly alone.
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
scene = "shrink"
"""


def main() -> None:
    from l1l2.article import build_article
    from l1l2.lecture import load_lecture

    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?")
    parser.add_argument("-q", "--quality", default="draft")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("-o", "--out", help="keep the renders here; run again to time assembly alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.file) if args.file else Path(tmp) / "two.toml"
        if not args.file:
            path.write_text(DEFAULT, encoding="utf-8")
        lecture = load_lecture(path, quality=args.quality, theme="light", captions=False)  # the CLI's defaults
        out = Path(args.out) if args.out else Path(tmp) / "renders"
        fresh = not out.exists()
        t = time.perf_counter()
        cold = build_article(lecture, out_dir=out, workers=args.jobs)
        cold_s = time.perf_counter() - t
        t = time.perf_counter()
        warm = build_article(lecture, out_dir=out)
        warm_s = time.perf_counter() - t
        t = time.perf_counter()
        one = build_article(lecture, out_dir=out, one_file=True, folder="article-one")
        one_s = time.perf_counter() - t
        t = time.perf_counter()
        printed = build_article(lecture, out_dir=out, pdf=True, folder="article-print")
        pdf_s = time.perf_counter() - t
        assets = sum(p.stat().st_size for p in (out / "article" / "assets").iterdir())
        print(f"{path.name} at {args.quality}: {len(cold.chapters)} chapters; rendered cold: {', '.join(cold.rendered)}")
        label = f"cold (render + assemble, -j {args.jobs})" if fresh else "first run (folder existed)"
        print(f"  {label:34s} {cold_s:7.1f} s")
        print(f"  {'warm (assemble only)':34s} {warm_s:7.1f} s   → cold / warm = {cold_s / warm_s:.0f}×;"
              f" rendered: {warm.rendered or 'none'}; folder {assets / 2**20:.1f} MiB")
        print(f"  {'--one-file (assemble only)':34s} {one_s:7.1f} s   index.html {one.index.stat().st_size / 2**20:.1f} MiB")
        print(f"  {'--pdf (assemble + print)':34s} {pdf_s:7.1f} s   article.pdf {printed.pdf.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
