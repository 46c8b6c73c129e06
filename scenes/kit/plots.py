"""Plots: axes with Typst tick labels, function curves that update in place, bars, legends,
markers, and the band chart (a running estimate with its confidence band).

Nothing here uses LaTeX: no ``add_coordinates``, no ``get_axis_labels``, no ``DecimalNumber``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    DashedVMobject,
    Dot,
    Line,
    Rectangle,
    Triangle,
    VGroup,
    VMobject,
)

from . import style
from .layout import Box, fit
from .typeset import formula


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A 1/2/2.5/5 × 10^k tick step giving about ``target_ticks`` ticks over ``span``."""
    raw = span / max(target_ticks, 1)
    k = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * k >= raw:
            return m * k
    return 10 * k


def tick_values(lo: float, hi: float, step: float) -> np.ndarray:
    start = math.ceil(lo / step - 1e-9) * step
    vals = np.arange(start, hi + step * 1e-6, step)
    return np.round(vals / step) * step


def tick_label(v: float) -> str:
    s = f"{v:.10g}"
    if "e" in s:
        s = f"{v:.3g}"
    return s.replace("-", "−")


def make_axes(box: Box, x_range: tuple[float, float], y_range: tuple[float, float], palette: style.Palette, *,
              x_label: str = "", y_label: str = "", x_step: float | None = None, y_step: float | None = None,
              label_size: float = style.SMALL, x_labels_at_bottom: bool = False,
              x_label_buff: float = 0.12, target_x_ticks: int = 6, equal_aspect: bool = False,
              x_tick_label: Callable[[float], str] = tick_label,
              y_tick_label: Callable[[float], str] = tick_label, x_label_below: bool = False) -> VGroup:
    """Axes fitted inside ``box`` with Typst tick labels; returns ``VGroup(axes, labels)`` with ``.axes``.

    Space for tick labels and axis titles is reserved inside the box (the left
    margin is as wide as the widest y tick label), so the whole group stays
    within it. ``x_tick_label``/``y_tick_label`` turn a tick value into Typst
    math (e.g. ``10^3`` on a log10 axis). ``x_label_below`` puts the x title under the tick
    labels at the right (where lines end at the plot's right edge and would run into it).
    """
    pad_top, pad_right = 0.35 if y_label else 0.1, 0.45 if x_label and not x_label_below else 0.1
    pad_bottom = 0.38 + x_label_buff + (0.32 if x_label and x_label_below else 0.0)
    pad_left = 0.75
    for _ in range(2):  # a second pass when the y tick labels need less than the first guess
        inner = _plot_area(box, (pad_left, pad_right, pad_bottom, pad_top), x_range, y_range, equal_aspect)
        ys = y_step or nice_step(y_range[1] - y_range[0], max(2, min(4, int(inner.height / 0.45))))
        for _ in range(20):  # a step too dense for this box: thin it
            if inner.height * ys / (y_range[1] - y_range[0]) >= 0.3:
                break
            ys *= 2
        y0 = y_range[0] if y_range[0] > 0 or y_range[1] < 0 else 0.0
        y_ticks = [v for v in tick_values(*y_range, ys) if v != y0]
        y_labels = [formula(y_tick_label(v), label_size, palette.muted) for v in y_ticks]
        needed = max((lab.width for lab in y_labels), default=0.0) + 0.2
        if needed >= pad_left - 0.02:
            break
        pad_left = needed
    # Keep tick labels apart: at most one x tick per 0.75 units.
    x_step = x_step or nice_step(x_range[1] - x_range[0], max(2, min(target_x_ticks, int(inner.width / 0.75))))
    axes = Axes(
        x_range=[x_range[0], x_range[1], x_step], y_range=[y_range[0], y_range[1], ys],
        x_length=inner.width, y_length=inner.height, tips=False,
        axis_config={"color": palette.axis, "stroke_width": style.AXIS_WIDTH, "include_numbers": False,
                     "tick_size": 0.05},
    )
    axes.move_to(inner.center)
    # manim counts ticks from the window's edge (0.98, 1.18, … for a window from 0.98): put them
    # on the same round values as the labels.
    for axis, values in ((axes.x_axis, tick_values(*x_range, x_step)), (axes.y_axis, tick_values(*y_range, ys))):
        ticks = VGroup(*[axis.get_tick(v, axis.tick_size) for v in values])
        ticks.set_stroke(palette.axis, style.AXIS_WIDTH)
        axis.remove(axis.ticks)
        axis.ticks = ticks
        axis.add(ticks)
    labels = VGroup()
    x_label_y = y_range[0] if x_labels_at_bottom else y0
    for v in tick_values(*x_range, x_step):
        if v == 0.0 and x_label_y == 0.0 and x_range[0] < 0 and not x_label_buff > 0.2:
            continue  # would sit on the y-axis
        lab = formula(x_tick_label(v), label_size, palette.muted)
        lab.next_to(axes.c2p(v, x_label_y), DOWN, buff=x_label_buff)
        labels.add(lab)
    for v, lab in zip(y_ticks, y_labels, strict=True):
        lab.next_to(axes.c2p(x_range[0], v), LEFT, buff=0.12)
        labels.add(lab)
    if x_label:
        xl = formula(x_label, style.LABEL, palette.muted)
        if x_label_below:
            xl.next_to(axes.c2p(x_range[1], x_label_y), DOWN, buff=x_label_buff + 0.3)
            xl.align_to(axes.c2p(x_range[1], x_label_y), RIGHT)
        else:
            xl.next_to(axes.c2p(x_range[1], y0), RIGHT, buff=0.12)
        labels.add(xl)
    if y_label:
        yl = formula(y_label, style.LABEL, palette.muted)
        yl.next_to(axes.c2p(x_range[0], y_range[1]), UP, buff=0.12)
        yl.align_to(axes.c2p(x_range[0], y_range[1]), LEFT).shift(LEFT * 0.1)
        labels.add(yl)
    group = VGroup(axes, labels)
    group.axes = axes
    return group


def _plot_area(box: Box, pads: tuple[float, float, float, float], x_range, y_range, equal_aspect: bool) -> Box:
    """The axes' own rectangle inside ``box`` after (left, right, bottom, top) margins."""
    pad_left, pad_right, pad_bottom, pad_top = pads
    inner = Box(box.left + pad_left, box.right - pad_right, box.bottom + pad_bottom, box.top - pad_top)
    if inner.width < 0.5 or inner.height < 0.5:  # a box too small for a plot: keep a minimal one centred
        cx, cy = box.center[0], box.center[1]
        w, h = max(inner.width, 0.5), max(inner.height, 0.5)
        inner = Box(cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2)
    if equal_aspect:  # one scene unit per data unit on both axes (circles stay circles)
        unit = min(inner.width / (x_range[1] - x_range[0]), inner.height / (y_range[1] - y_range[0]))
        w, h = unit * (x_range[1] - x_range[0]), unit * (y_range[1] - y_range[0])
        cx, cy = inner.center[0], inner.center[1]
        inner = Box(cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2)
    return inner


class FunctionCurve(VMobject):
    """The graph of a vectorised function on axes, clipped to the axes' y-range; updates in place."""

    def __init__(self, axes: Axes, func: Callable[[np.ndarray], np.ndarray], *, x_range: tuple[float, float],
                 color: str, width: float = style.CURVE_WIDTH, samples: int = 241,
                 extra_x: Sequence[float] = (0.0,), **kwargs):
        super().__init__(stroke_color=color, stroke_width=width, **kwargs)
        self.axes = axes
        xs = np.linspace(*x_range, samples)
        extra = [x for x in extra_x if x_range[0] < x < x_range[1]]
        self.xs = np.unique(np.concatenate([xs, extra]))
        self.set_function(func)

    def set_function(self, func: Callable[[np.ndarray], np.ndarray]) -> FunctionCurve:
        ys = np.asarray(func(self.xs), dtype=float)
        y_lo, y_hi = self.axes.y_range[0], self.axes.y_range[1]
        inside = (ys >= y_lo - 1e-12) & (ys <= y_hi + 1e-12)
        if inside.sum() < 2:
            self.set_points_as_corners(np.zeros((2, 3)) + self.axes.c2p(self.xs[0], y_lo))
            self.set_stroke(opacity=0)
            return self
        idx = np.flatnonzero(inside)
        runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
        run = max(runs, key=len)
        pts = self.axes.coords_to_point(np.stack([self.xs[run], ys[run]], axis=1))
        self.set_points_as_corners(pts)
        return self


def power_of_ten_label(offset: float) -> Callable[[float], str]:
    """Tick labels for a log10 axis drawn shifted by ``offset`` (so the axis starts at 0 and the other
    axis sits at the plot's edge): the tick at ``v`` reads ``10^(v + offset)``."""
    return lambda v: f"10^({int(round(v + offset))})".replace("-", "−")


def set_polyline_within(mob: VMobject, axes: Axes, xs: np.ndarray, ys: np.ndarray, lo: float, hi: float,
                        off_scale: bool = False) -> VMobject:
    """Make ``mob`` the polyline through ``(xs, ys)`` where ``lo <= y <= hi``: a curve that leaves the plot
    is cut where it crosses the edge (one sub-path per visible run), never flattened along the edge.
    ``off_scale``: each stretch beyond the plot gets an arrowhead on the edge where the curve leaves it,
    pointing the way the curve went (:func:`off_scale_heads`; drawn in the curve's own stroke, so it moves,
    fades and recolours with it)."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    inside = (ys >= lo) & (ys <= hi)
    heads = off_scale_heads(axes, xs, ys, lo, hi) if off_scale else []
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for k in range(len(xs)):
        if inside[k]:
            if not current and k > 0:  # entering: start on the edge
                current.append(_edge_point(xs[k - 1], ys[k - 1], xs[k], ys[k], lo, hi))
            current.append((xs[k], ys[k]))
        elif current:  # leaving: end on the edge
            current.append(_edge_point(xs[k - 1], ys[k - 1], xs[k], ys[k], lo, hi))
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    mob.clear_points()
    for run in runs:
        if len(run) < 2:
            continue
        pts = axes.coords_to_point(np.array(run))
        mob.start_new_path(pts[0])
        mob.add_points_as_corners(pts[1:])
    for head in heads:
        mob.start_new_path(head[0])
        mob.add_points_as_corners(head[1:])
    return mob


OFF_SCALE_HEAD = 0.13  # scene units: half the width of an off-scale arrowhead


def off_scale_heads(axes: Axes, xs: np.ndarray, ys: np.ndarray, lo: float, hi: float) -> list[np.ndarray]:
    """One arrowhead (three points: arm, tip, arm) per run of ``ys`` above ``hi`` or below ``lo``: its tip
    on that edge where the curve leaves the plot (where it comes in, for a run from the first point),
    pointing out of the plot, so it reads as the end of its own line."""
    heads = []
    k = 0
    while k < len(xs):
        side = 1 if ys[k] > hi else -1 if ys[k] < lo else 0
        if side == 0:
            k += 1
            continue
        end = k
        while end + 1 < len(xs) and (ys[end + 1] > hi if side > 0 else ys[end + 1] < lo):
            end += 1
        edge = hi if side > 0 else lo
        if k > 0:  # leaves between xs[k − 1] (inside) and xs[k]
            x = _edge_point(xs[k - 1], ys[k - 1], xs[k], ys[k], lo, hi)[0]
        elif end + 1 < len(xs):  # out from the start: comes in between xs[end] and xs[end + 1]
            x = _edge_point(xs[end], ys[end], xs[end + 1], ys[end + 1], lo, hi)[0]
        else:  # never inside
            x = (xs[k] + xs[end]) / 2
        tip = axes.c2p(x, edge)
        a = OFF_SCALE_HEAD
        heads.append(np.array([tip + np.array([-a, -side * a, 0]), tip, tip + np.array([a, -side * a, 0])]))
        k = end + 1
    return heads


def _edge_point(x0: float, y0: float, x1: float, y1: float, lo: float, hi: float) -> tuple[float, float]:
    edge = hi if max(y0, y1) > hi else lo
    t = (edge - y0) / (y1 - y0) if y1 != y0 else 0.0
    return (x0 + t * (x1 - x0), edge)


def spread_labels(ys: Sequence[float], gap: float, lo: float, hi: float) -> list[float]:
    """Label heights as close as possible to ``ys`` with at least ``gap`` between neighbours, inside
    ``[lo, hi]`` when they fit (order kept: a label never jumps over another). Returns them in the
    order given."""
    order = sorted(range(len(ys)), key=lambda k: -ys[k])  # top to bottom
    placed = [min(max(float(ys[k]), lo), hi) for k in order]
    for i in range(1, len(placed)):  # push down
        placed[i] = min(placed[i], placed[i - 1] - gap)
    overflow = lo - placed[-1] if placed else 0.0
    if overflow > 0:  # too low: lift the bottom ones, then keep the gaps upward
        placed[-1] = lo
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = max(placed[i], placed[i + 1] + gap)
    out = [0.0] * len(ys)
    for k, y in zip(order, placed, strict=True):
        out[k] = y
    return out


def axis_marker(axes: Axes, x: float, color: str, size: float = 0.2) -> Triangle:
    """A small triangle under the x-axis pointing up at ``x``."""
    tri = Triangle(fill_color=color, fill_opacity=1.0, stroke_width=0).scale_to_fit_width(size)
    tri.move_to(axes.c2p(x, axes.y_range[0]) + DOWN * (size * 0.45 + 0.02))
    return tri


def scatter(axes: Axes, xs: np.ndarray, ys: np.ndarray, color: str, radius: float = 0.06) -> VGroup:
    return VGroup(*[Dot(axes.c2p(x, y), radius=radius, color=color) for x, y in zip(xs, ys, strict=True)])


DASH = 0.12  # scene units: half a dash period, the same on every dashed line and its legend swatch
DASHED_RATIO = 0.55


def dashed(line: VMobject) -> VMobject:
    """``line`` drawn in dashes with a period of ``2·DASH`` scene units (its own arc length decides how
    many), so every dashed line and its legend swatch share one pattern."""
    pts = line.get_anchors()
    length = float(np.linalg.norm(np.diff(pts, axis=0), axis=1).sum()) if len(pts) > 1 else 0.0
    if length < 2 * DASH:
        return line
    return DashedVMobject(line, num_dashes=max(2, int(round(length / (2 * DASH)))), dashed_ratio=DASHED_RATIO)


def legend_entry(label: str, color: str | Sequence[str], *, dashed: bool = False, size: float = style.SMALL,
                 opacity: float = 1.0, label_color: str | None = None) -> VGroup:
    """A swatch and its label. The swatch is drawn in the colours of the lines it stands for:
    several colours split it into pieces (one per colour, touching, so a solid line's swatch stays
    solid), so a legend for "w₁ of both penalties" shows blue and vermillion, not grey. A dashed
    swatch has the dash pattern of :func:`dashed` lines, its dashes taking the colours in turn."""
    colors = [color] if isinstance(color, str) else list(color)
    if dashed:
        period = 2 * DASH
        count = max(2, len(colors))
        segments = [Line(RIGHT * (k * period), RIGHT * (k * period + DASHED_RATIO * period),
                         stroke_color=colors[k % len(colors)], stroke_width=style.CURVE_WIDTH, stroke_opacity=opacity)
                    for k in range(count)]
    else:
        edges = np.linspace(-0.22, 0.22, len(colors) + 1)
        segments = [Line(RIGHT * a, RIGHT * b, stroke_color=c, stroke_width=style.CURVE_WIDTH, stroke_opacity=opacity)
                    for c, a, b in zip(colors, edges[:-1], edges[1:], strict=True)]
    swatch = VGroup(*segments)
    swatch.dashed = dashed
    swatch.colors = [c.lower() for c in colors]
    swatch.stands_for = []  # the lines it stands for (``link_legend``): a check compares their look with it
    lab = formula(label, size, label_color or colors[0])
    return VGroup(swatch, lab).arrange(RIGHT, buff=0.12)


def link_legend(entry: VGroup, *lines: VMobject) -> VGroup:
    """Record which lines a legend entry stands for, so a check can compare each line's colour and dash
    pattern with the swatch's, in every frame (a legend that reads the lines the wrong way round fails)."""
    entry[0].stands_for.extend(lines)
    return entry


def is_dashed(line: VMobject) -> bool:
    """Whether a line is drawn in dashes: its points are split over several pieces (``dashed``'s
    DashedVMobject, or a curve that ``become``-s one), most of them no longer than a dash period. A solid
    curve cut at a plot's edge into a few long runs, with its off-scale arrowheads, is not dashed."""
    pieces = [np.asarray(sub) for m in line.family_members_with_points() for sub in m.get_subpaths()]
    if len(pieces) < 2:
        return False
    lengths = [float(np.linalg.norm(np.diff(p[:, :2], axis=0), axis=1).sum()) for p in pieces]
    return float(np.median(lengths)) <= 2 * DASH * 1.05


class NumberLineLite(VGroup):
    """A bare number line across ``box`` (its middle height) from ``lo`` to ``hi``, with a tick and a "0"
    at zero when it is in range; ``at(v)`` is the point of value v. (manim's NumberLine typesets its
    numbers with LaTeX; this one draws none.)"""

    def __init__(self, box: Box, lo: float, hi: float, palette: style.Palette):
        super().__init__()
        self.lo, self.hi, self.box = lo, hi, box
        y = box.center[1]
        self.add(Line([box.left, y, 0], [box.right, y, 0], stroke_color=palette.axis, stroke_width=2))
        if lo < 0.0 < hi:
            x = self.at(0.0)
            self.add(Line(x + DOWN * 0.1, x + UP * 0.1, stroke_color=palette.axis, stroke_width=2),
                     formula("0", style.SMALL, palette.muted).next_to(x, DOWN, buff=0.15))

    def at(self, v: float) -> np.ndarray:
        frac = (v - self.lo) / (self.hi - self.lo)
        return np.array([self.box.left + frac * self.box.width, self.box.center[1], 0.0])


class Bars(VGroup):
    """Vertical bars on a baseline whose heights update in place; values map linearly to heights."""

    def __init__(self, values, *, box: Box, vmax: float, color: str | Sequence[str], bar_width_frac: float = 0.6,
                 zero_color: str | None = None):
        super().__init__()
        n = len(values)
        self.colors = [color] * n if isinstance(color, str) else list(color)
        self.box, self.vmax = box, vmax
        self.zero_color = zero_color
        slot = box.width / n
        self.centers_x = [box.left + slot * (k + 0.5) for k in range(n)]
        self.bar_width = slot * bar_width_frac
        for x, c in zip(self.centers_x, self.colors, strict=True):
            self.add(Rectangle(width=self.bar_width, height=0.01, fill_color=c, fill_opacity=0.9,
                               stroke_width=0).move_to([x, box.bottom, 0], aligned_edge=DOWN))
        self.set_values(values)

    def height_of(self, v: float) -> float:
        return max(abs(v), 0.0) / self.vmax * self.box.height

    def set_values(self, values) -> Bars:
        self.values = list(values)
        for bar, x, v, c in zip(self.submobjects, self.centers_x, self.values, self.colors, strict=True):
            h = max(self.height_of(v), 1e-4)
            bar.stretch_to_fit_height(h)
            bar.move_to([x, self.box.bottom, 0], aligned_edge=DOWN)
            bar.set_fill((self.zero_color or c) if v == 0.0 else c, opacity=0.25 if v == 0.0 else 0.9)
        return self

    def top_of(self, k: int) -> np.ndarray:
        return np.array([self.centers_x[k], self.box.bottom + self.height_of(self.values[k]), 0.0])


class BandChart(VGroup):
    """Lines with shaded bands (an estimate and its interval) against x, grown in place.

    ``series`` maps a name to ``(mean, lo, hi)`` arrays over ``x`` (all in the plot's
    units), ``colors`` a name to its colour; ``references`` adds a dashed horizontal
    line per name (a published value, say); ``legend`` entries sit under the plot.
    ``show_upto(x)`` draws the points with x-value <= x; ``points_of(name)`` gives the
    plotted (x, mean, lo, hi) for tests.
    """

    def __init__(self, box: Box, x: np.ndarray, series: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
                 colors: dict[str, str], palette: style.Palette, *, x_range: tuple[float, float],
                 y_range: tuple[float, float], references: dict[str, float] | None = None,
                 legend: Sequence[VMobject] = (), legend_cols: int = 2, **axes_options):
        super().__init__()
        self.x = np.asarray(x, dtype=float)
        self.series = {name: tuple(np.asarray(v, dtype=float) for v in values) for name, values in series.items()}
        entries = VGroup(*legend)
        if len(entries):
            rows = -(-len(entries) // legend_cols)
            entries.arrange_in_grid(rows=rows, cols=legend_cols, buff=(0.3, 0.08), col_alignments="l" * legend_cols)
            fit(entries, Box(box.left, box.right, box.bottom, box.bottom + entries.height), align=DOWN)
            box = Box(box.left, box.right, box.bottom + entries.height + 0.15, box.top)
        plot = make_axes(box, x_range, y_range, palette, **axes_options)
        self.axes = axes = plot.axes
        self.reference = VGroup(*[
            dashed(Line(axes.c2p(x_range[0], value), axes.c2p(x_range[1], value), stroke_color=colors[name],
                        stroke_width=2, stroke_opacity=0.6))
            for name, value in (references or {}).items()])
        self.bands = {n: VMobject(stroke_width=0, fill_color=colors[n], fill_opacity=0.3) for n in self.series}
        self.lines = {n: VMobject(stroke_color=colors[n], stroke_width=style.THIN_WIDTH + 0.5) for n in self.series}
        self.add(plot, entries, self.reference, *self.bands.values(), *self.lines.values())
        self.show_upto(self.x[0])

    def points_of(self, name: str, upto: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        keep = self.x <= (self.x[-1] if upto is None else upto) + 1e-12
        mean, lo, hi = self.series[name]
        return self.x[keep], mean[keep], lo[keep], hi[keep]

    def show_upto(self, x: float) -> BandChart:
        """Draw every point up to ``x`` (at least the first two, so a line is drawn)."""
        for name in self.series:
            xs, mean, lo, hi = self.points_of(name, max(x, self.x[min(1, len(self.x) - 1)]))
            self.lines[name].set_points_as_corners(self.axes.coords_to_point(np.column_stack([xs, mean])))
            outline = np.concatenate([np.column_stack([xs, hi]), np.column_stack([xs, lo])[::-1]])
            self.bands[name].set_points_as_corners(self.axes.coords_to_point(np.vstack([outline, outline[:1]])))
        return self
