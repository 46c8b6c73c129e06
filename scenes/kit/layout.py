"""Frame geometry for every aspect ratio: boxes for panels, the caption band, margins, and ``fit``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .style import MARGIN

CAPTION_BAND = 1.05  # height kept free for the caption at the bottom

ASPECTS = {"16:9": (16, 9), "1:1": (1, 1), "9:16": (9, 16)}


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in scene units."""

    left: float
    right: float
    bottom: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def center(self) -> np.ndarray:
        return np.array([(self.left + self.right) / 2, (self.bottom + self.top) / 2, 0.0])

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.left + dx, self.right - dx, self.bottom + dy, self.top - dy)

    def split_h(self, *fractions: float, gap: float = 0.3) -> list[Box]:
        """Side by side, widths in proportion to ``fractions``."""
        total = self.width - gap * (len(fractions) - 1)
        out, x = [], self.left
        for f in fractions:
            w = total * f / sum(fractions)
            out.append(Box(x, x + w, self.bottom, self.top))
            x += w + gap
        return out

    def split_v(self, *fractions: float, gap: float = 0.3) -> list[Box]:
        """Stacked top to bottom, heights in proportion to ``fractions``."""
        total = self.height - gap * (len(fractions) - 1)
        out, y = [], self.top
        for f in fractions:
            h = total * f / sum(fractions)
            out.append(Box(self.left, self.right, y - h, y))
            y -= h + gap
        return out


@dataclass(frozen=True)
class Layout:
    """The frame (8 units across its short side, so text keeps one size in pixels) and its regions."""

    width: float
    height: float

    @property
    def portrait(self) -> bool:
        return self.height > self.width * 1.05

    @property
    def wide(self) -> bool:
        """Room for three columns side by side (16:9), not in a square or portrait frame."""
        return self.width >= 1.3 * self.height

    @property
    def frame(self) -> Box:
        return Box(-self.width / 2, self.width / 2, -self.height / 2, self.height / 2)

    @property
    def safe(self) -> Box:
        return self.frame.inset(MARGIN)

    @property
    def caption_band(self) -> float:
        """Portrait frames are narrow, so their captions wrap onto more lines."""
        return CAPTION_BAND * (1.6 if self.portrait else 1.0)

    @property
    def caption(self) -> Box:
        s = self.safe
        return Box(s.left, s.right, s.bottom, s.bottom + self.caption_band - 0.15)

    @property
    def content(self) -> Box:
        s = self.safe
        return Box(s.left, s.right, s.bottom + self.caption_band, s.top)


def fit(mob, box: Box, align: np.ndarray | None = None):
    """Shrink ``mob`` (never grow it) to fit inside ``box``, then place it there: centred, or
    against the edges ``align`` points to (a manim direction: ``UP``, ``DOWN + LEFT``, …)."""
    if mob.width > box.width:
        mob.scale_to_fit_width(box.width)
    if mob.height > box.height:
        mob.scale_to_fit_height(box.height)
    if align is None:
        mob.move_to(box.center)
    else:
        a = np.asarray(align, dtype=float)
        slack = np.array([box.width - mob.width, box.height - mob.height, 0.0]) / 2
        mob.move_to(box.center + a * slack)
    return mob
