"""Compare two folders of storyboards frame by frame, labels excluded (a reshape's before/after check).

    python docs/compare_storyboards.py BEFORE AFTER

Each folder holds ``169/<scene>/*-storyboard-draft.png`` (854×480 frames) and
``916/<scene>/*-storyboard-preview-9x16-light.png`` (360×640 frames), as written by
``l1l2 storyboard NAME --no-captions -q draft -o DIR/169`` and
``l1l2 storyboard NAME --no-captions -q preview --aspect 9:16 --theme light -o DIR/916``.
The labels (beat names and start times) are left out: only the frames are compared.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image

FRAMES = {"169": (854, 480), "916": (360, 640)}  # (width, height) of a frame in each kind of sheet


def cells(path: Path, w: int, h: int, columns: int = 3) -> list[np.ndarray]:
    """The frames of a contact sheet (l1l2.storyboard.contact_sheet's geometry), empty cells dropped."""
    img = np.asarray(Image.open(path).convert("RGB")).astype(int)
    label_h, pad = max(28, h // 14), 12
    rows = (img.shape[0] - pad) // (h + label_h + pad)
    out = []
    for k in range(rows * columns):
        x = pad + (k % columns) * (w + pad)
        y = pad + (k // columns) * (h + label_h + pad) + label_h
        cell = img[y:y + h, x:x + w]
        if cell.shape[:2] == (h, w) and cell.std() > 0.5:
            out.append(cell)
    return out


def compare(before_dir: Path, after_dir: Path) -> int:
    """Print one line per storyboard; returns how many differ."""
    differ = 0
    for sub, (w, h) in FRAMES.items():
        for before in sorted((before_dir / sub).rglob("*.png")):
            after = after_dir / sub / before.relative_to(before_dir / sub)
            if not after.exists():
                print(sub, before.name, "missing after")
                differ += 1
                continue
            a, b = cells(before, w, h), cells(after, w, h)
            if len(a) != len(b):
                print(sub, before.name, f"{len(a)} frames before, {len(b)} after")
                differ += 1
                continue
            notes = []
            for k, (x, y) in enumerate(zip(a, b, strict=True)):
                d = np.abs(x - y).max(axis=2)
                if n := int((d > 0).sum()):
                    ys, xs = np.nonzero(d)
                    notes.append(f"beat {k + 1}: {n} px differ (max {d.max()}) in x {xs.min()}-{xs.max()}, "
                                 f"y {ys.min()}-{ys.max()}")
            differ += bool(notes)
            print(sub, before.name, "identical" if not notes else "; ".join(notes))
    return differ


if __name__ == "__main__":
    sys.exit(1 if compare(Path(sys.argv[1]), Path(sys.argv[2])) else 0)
