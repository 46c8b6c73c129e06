"""Regenerate the README's stills: each scene's key beat at hd, saved at 1280×720.

    .venv/bin/python docs/stills.py        (or: make stills)
    .venv/bin/python docs/stills.py cv     (only these scenes)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image

from l1l2 import RenderSettings, render_still

STILLS = [("overfit", "errors"), ("shrink", "takeaway"), ("penalties", "weight_decay"), ("gradient", "exact_vs_nearly"),
          ("bites", "many_weights"), ("geometry", "contact"), ("budget", "to_zero"), ("odds", "tally"),
          ("odds", "table"), ("path", "leaves"), ("cv", "mean"), ("correlated", "bootstrap"), ("scaling", "units"),
          ("coordinate", "clip")]
OUT = Path(__file__).resolve().parent / "img"


def main() -> None:
    import sys

    only = set(sys.argv[1:])
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for scene, beat in STILLS:
            if only and scene not in only:
                continue
            png = render_still(scene, beat=beat, settings=RenderSettings(quality="hd"), output=Path(tmp) / "s.png")
            Image.open(png).convert("RGB").resize((1280, 720), Image.LANCZOS).save(OUT / f"{scene}-{beat}.png")
            print(OUT / f"{scene}-{beat}.png")


if __name__ == "__main__":
    main()
