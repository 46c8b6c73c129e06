"""The longest frozen stretch of each scene's real draft video (issue 22: none over 6 s but a card being read).

    python docs/frozen_videos.py [-o DIR] [--aspect 9:16] [--theme light] [NAME ...]

Renders each scene at draft quality (or takes it from the cache in DIR), decodes every frame and prints
the stretches over which the picture does not change (``l1l2.encode.frozen_stretches``), longest first,
with the beat each starts in. The dry-run check ``test_no_frozen_stretch_longer_than_six_seconds``
predicts the same from the scene's waits; this measures what a viewer sees.
"""

from __future__ import annotations

import argparse

from l1l2 import RenderSettings, render_video
from l1l2.encode import frozen_stretches
from scenes.kit.registry import all_specs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*")
    ap.add_argument("-o", "--out-dir", default="renders/review")
    ap.add_argument("--aspect", default="16:9")
    ap.add_argument("--theme", default="dark")
    ap.add_argument("--over", type=float, default=4.0, help="list stretches at least this long (s)")
    args = ap.parse_args()
    settings = RenderSettings(quality="draft", aspect=args.aspect, theme=args.theme)
    print("| scene | longest frozen stretch | starts at | in beat | others over "
          f"{args.over:g} s |\n|---|---|---|---|---|")
    for spec in all_specs():
        if args.names and spec.name not in args.names:
            continue
        res = render_video(spec.name, settings=settings, out_dir=args.out_dir)
        runs = frozen_stretches(res.outputs["mp4"], min_seconds=args.over) or frozen_stretches(res.outputs["mp4"])[:1]
        (a, b), rest = runs[0], runs[1:]
        beat = [x.name for x in res.timeline.beats if x.time <= a + 1e-6][-1]
        print(f"| {spec.name} | {b - a:.1f} s | {a:.1f} s | {beat} | "
              f"{', '.join(f'{y - x:.1f} s at {x:.1f} s' for x, y in rest) or '–'} |", flush=True)


if __name__ == "__main__":
    main()
