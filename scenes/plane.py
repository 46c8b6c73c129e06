"""2-D pieces for the (w1, w2) plane: loss contours that update in place, the diamond and the disc."""

from __future__ import annotations

import numpy as np
from manim import Axes, Circle, Polygon, VMobject

from mathcore import Quadratic


def inside_runs(mask: np.ndarray) -> list[np.ndarray]:
    """Index runs of a closed ring where ``mask`` holds, joined across the ring's wrap-around."""
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    if idx.size == mask.size:
        return [np.append(np.arange(mask.size), 0)]
    runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == mask.size - 1:
        runs = [np.concatenate([runs[-1], runs[0]])] + runs[1:-1]
    return runs


class Contour(VMobject):
    """The level set ``L(w) = level`` of a 2-D loss (exact ellipse from mathcore), clipped to the axes."""

    def __init__(self, axes: Axes, loss: Quadratic, level: float, *, color: str, width: float = 3,
                 samples: int = 360, **kwargs):
        super().__init__(stroke_color=color, stroke_width=width, **kwargs)
        self.axes, self.loss, self.samples = axes, loss, samples
        self.set_level(level)

    def set_level(self, level: float, loss: Quadratic | None = None) -> Contour:
        self.loss = loss or self.loss
        self.level = level
        ring = self.loss.level_ellipse(level, self.samples) if level > self.loss.r else np.empty((0, 2))
        (x0, x1), (y0, y1) = self.axes.x_range[:2], self.axes.y_range[:2]
        self.clear_points()
        if len(ring):
            mask = (ring[:, 0] >= x0) & (ring[:, 0] <= x1) & (ring[:, 1] >= y0) & (ring[:, 1] <= y1)
            for run in inside_runs(mask[:-1]):  # the ring's last point repeats the first
                if len(run) < 2:
                    continue
                pts = self.axes.coords_to_point(ring[run])
                self.start_new_path(pts[0])
                self.add_points_as_corners(pts[1:])
        if not self.has_points():
            self.start_new_path(self.axes.c2p(*self.loss.c))
            self.add_line_to(self.axes.c2p(*self.loss.c) + 1e-6)
        return self


def diamond(axes: Axes, budget: float, *, color: str, fill_opacity: float = 0.18) -> Polygon:
    corners = [axes.c2p(budget, 0), axes.c2p(0, budget), axes.c2p(-budget, 0), axes.c2p(0, -budget)]
    return Polygon(*corners, stroke_color=color, stroke_width=3, fill_color=color, fill_opacity=fill_opacity)


def disc(axes: Axes, budget: float, *, color: str, fill_opacity: float = 0.18) -> Circle:
    radius = np.linalg.norm(axes.c2p(budget, 0) - axes.c2p(0, 0))
    return Circle(radius=radius, stroke_color=color, stroke_width=3, fill_color=color,
                  fill_opacity=fill_opacity).move_to(axes.c2p(0, 0))


def set_shape_budget(shape, axes: Axes, budget: float, kind: str) -> None:
    """Resize a diamond or disc in place to a new budget."""
    new = (diamond if kind == "l1" else disc)(axes, budget, color="#000000")
    shape.set_points(new.get_points())
