"""2-D pieces for the (w1, w2) plane: loss contours that update in place, the diamond and the disc."""

from __future__ import annotations

import numpy as np
from manim import Axes, Polygon, VMobject

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

    def set_level(self, level: float, loss: Quadratic | None = None, near: np.ndarray | None = None) -> Contour:
        """Show the level set at ``level``; with ``near`` (a point on it), only the arc through that
        point, so a large ellipse clipped by the window leaves no stray pieces in a corner."""
        self.loss = loss or self.loss
        self.level = level
        ring = self.loss.level_ellipse(level, self.samples) if level > self.loss.r else np.empty((0, 2))
        self.clear_points()
        if len(ring):
            trace_runs(self, self.axes, ring, window_runs(self.axes, ring, near))
        if not self.has_points():
            self.start_new_path(self.axes.c2p(*self.loss.c))
            self.add_line_to(self.axes.c2p(*self.loss.c) + 1e-6)
        return self


def diamond(axes: Axes, budget: float, *, color: str, fill_opacity: float = 0.18) -> Polygon:
    corners = [axes.c2p(budget, 0), axes.c2p(0, budget), axes.c2p(-budget, 0), axes.c2p(0, -budget)]
    return Polygon(*corners, stroke_color=color, stroke_width=3, fill_color=color, fill_opacity=fill_opacity)


def disc(axes: Axes, budget: float, *, color: str, fill_opacity: float = 0.18) -> Polygon:
    """The disc's boundary mapped point by point through the axes (exact even if the axes' units differ)."""
    t = np.linspace(0, 2 * np.pi, 361)[:-1]
    pts = axes.coords_to_point(budget * np.stack([np.cos(t), np.sin(t)], axis=1))
    return Polygon(*pts, stroke_color=color, stroke_width=3, fill_color=color, fill_opacity=fill_opacity)


def set_shape_budget(shape, axes: Axes, budget: float, kind: str) -> None:
    """Resize a diamond or disc in place to a new budget."""
    new = (diamond if kind == "l1" else disc)(axes, budget, color="#000000")
    shape.set_points(new.points)


def boundary_points(kind: str, budget: float, n: int = 1200, l1_ratio: float = 0.5) -> np.ndarray:
    """Points on the diamond ("l1", ‖w‖₁ = C), circle ("l2", ‖w‖₂ = C) or elastic-net ball ("elastic",
    α‖w‖₁ + (1 − α)‖w‖₂² = C), in data coordinates. The ball along each ray is the positive root of
    (1 − α)r² + αk·r − C = 0 with k = |cos θ| + |sin θ|; its corners are exactly on the axes."""
    t = np.linspace(0.0, 1.0, n, endpoint=False)
    if kind == "l2":
        a = 2 * np.pi * t
        pts = budget * np.stack([np.cos(a), np.sin(a)], axis=1)
    elif kind == "elastic" and l1_ratio < 1.0:
        a = 2 * np.pi * t
        k = np.abs(np.cos(a)) + np.abs(np.sin(a))
        r = (-l1_ratio * k + np.sqrt((l1_ratio * k) ** 2 + 4 * (1 - l1_ratio) * budget)) / (2 * (1 - l1_ratio))
        pts = np.stack([r * np.cos(a), r * np.sin(a)], axis=1)
    else:
        corners = budget * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
        side, frac = np.floor(4 * t).astype(int), 4 * t - np.floor(4 * t)
        pts = corners[side] + frac[:, None] * (corners[(side + 1) % 4] - corners[side])
    return pts


def ball(axes: Axes, kind: str, budget: float, *, color: str, l1_ratio: float = 0.5,
         fill_opacity: float = 0.18) -> Polygon:
    """Any of the three sets as a filled polygon through the axes (the ball's corners kept as corners)."""
    if kind == "l1":
        return diamond(axes, budget, color=color, fill_opacity=fill_opacity)
    pts = axes.coords_to_point(boundary_points(kind, budget, 720, l1_ratio))
    return Polygon(*pts, stroke_color=color, stroke_width=3, fill_color=color, fill_opacity=fill_opacity)


def clipped_boundary(axes: Axes, kind: str, budget: float, *, color: str, width: float = 4) -> VMobject:
    """The part of the diamond/circle outline inside the axes' window, as polylines."""
    pts = boundary_points(kind, budget)
    return clipped_ring(axes, np.vstack([pts, pts[:1]]), color=color, width=width)


def plane_panel(box, title, lo: float, hi: float, palette, *, ticks: int = 3, gap: float = 0.15,
                strip: float = 0.0):
    """A titled, equal-aspect (w1, w2) plot filling ``box``: the title on top, ``strip`` kept free below.

    Returns ``VGroup(title, plot)``; the axes are ``plot.axes``.
    """
    from manim import VGroup

    from .layout import Box
    from .plots import make_axes

    title.move_to([box.center[0], box.top - title.height / 2, 0])
    side = min(box.width, box.height - title.height - gap - strip)
    cx, cy = box.center[0], (box.bottom + strip + title.get_bottom()[1] - 0.1) / 2
    square = Box(cx - side / 2, cx + side / 2, cy - side / 2, cy + side / 2)
    plot = make_axes(square, (lo, hi), (lo, hi), palette, x_label="w_1", y_label="w_2", equal_aspect=True,
                     target_x_ticks=ticks)
    return VGroup(title, plot)


def convex_level_ring(f, center: np.ndarray, level: float, reach: float, samples: int = 360) -> np.ndarray:
    """Points of ``{w: f(w) = level}`` for a convex ``f`` whose minimum is at ``center``: along each of
    ``samples`` rays from the minimum ``f`` only grows, so the crossing is found by bisection (60 halvings,
    to the last bit of a scene unit). ``f`` takes an ``(N, 2)`` array; ``reach`` must lie outside the set.
    Returns ``(samples + 1, 2)``, closed."""
    t = np.linspace(0.0, 2.0 * np.pi, samples, endpoint=False)
    u = np.stack([np.cos(t), np.sin(t)], axis=1)
    lo, hi = np.zeros(samples), np.full(samples, float(reach))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        inside = f(center + mid[:, None] * u) < level
        lo, hi = np.where(inside, mid, lo), np.where(inside, hi, mid)
    ring = center + (0.5 * (lo + hi))[:, None] * u
    return np.vstack([ring, ring[:1]])


def window_runs(axes: Axes, ring: np.ndarray, near: np.ndarray | None = None) -> list[np.ndarray]:
    """The index runs (two points or more) of a closed ring of data points (its last point repeats
    the first) that lie inside the axes' window; with ``near`` (a point on the ring), only the run
    through the ring point closest to it, so a large ring cut by the window leaves no stray arcs."""
    (x0, x1), (y0, y1) = axes.x_range[:2], axes.y_range[:2]
    inner = ring[:-1]
    mask = (inner[:, 0] >= x0) & (inner[:, 0] <= x1) & (inner[:, 1] >= y0) & (inner[:, 1] <= y1)
    runs = inside_runs(mask)
    if near is not None and len(runs) > 1:
        closest = int(np.argmin(np.linalg.norm(inner - np.asarray(near)[:2], axis=1)))
        runs = [r for r in runs if closest in set(np.asarray(r).tolist())] or runs
    return [np.asarray(r) for r in runs if len(r) > 1]


def trace_runs(mob: VMobject, axes: Axes, ring: np.ndarray, runs: list[np.ndarray]) -> VMobject:
    """Add each run of ``ring`` to ``mob`` as its own path (corners, no smoothing), through the axes."""
    for run in runs:
        pts = axes.coords_to_point(ring[run])
        mob.start_new_path(pts[0])
        mob.add_points_as_corners(pts[1:])
    return mob


def clipped_ring(axes: Axes, ring: np.ndarray, *, color: str, width: float = 3) -> VMobject:
    """A closed ring of data points drawn through the axes, cut where it leaves the axes' window."""
    return trace_runs(VMobject(stroke_color=color, stroke_width=width), axes, ring, window_runs(axes, ring))
