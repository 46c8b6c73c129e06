"""Small reusable mobjects: typeset text and math, number readouts, captions, plots.

Everything typesets with Typst (``MathTypst`` / ``Typst``); nothing here uses
LaTeX, including axes (no ``add_coordinates``, no ``get_axis_labels``).
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Dot,
    Line,
    MathTypst,
    RoundedRectangle,
    Triangle,
    Typst,
    VGroup,
    VMobject,
    config,
)

from . import style
from .layout import Box

# -- typesetting ----------------------------------------------------------------


@lru_cache(maxsize=4096)
def _math_cached(expr: str, size: float) -> MathTypst:
    return MathTypst(expr, font_size=size)


@lru_cache(maxsize=512)
def _text_cached(markup: str, size: float) -> Typst:
    return Typst(markup, font_size=size)


def light_copy(mob):
    """A copy with its own points, colours and submobjects, sharing read-only metadata.

    ``Mobject.copy`` deep-copies everything (≈40 ms for a typeset formula); a readout that
    changes every frame cannot afford that.
    """
    copies: dict[int, VMobject] = {}
    new = _light_copy(mob, copies)
    groups = getattr(mob, "id_to_vgroup_dict", None)
    aliases = getattr(mob, "_label_aliases", None)
    if isinstance(groups, dict) and aliases:
        # Typst labels (``select``) must name the copy's glyphs, not the cached ones. Only the groups
        # that labels refer to are rebuilt (building one VGroup per SVG group cost ~10 ms a copy).
        new.id_to_vgroup_dict = dict(groups)
        for key in {k for ids in aliases.values() for k in ids}:
            if key in groups:
                new.id_to_vgroup_dict[key] = VGroup(*[copies[id(s)] for s in groups[key] if id(s) in copies])
    return new


def _light_copy(mob, copies: dict):
    new = copy.copy(mob)
    copies[id(mob)] = new
    for attr in ("points", "fill_rgbas", "stroke_rgbas", "background_stroke_rgbas"):
        value = getattr(mob, attr, None)
        if isinstance(value, np.ndarray):
            setattr(new, attr, value.copy())
    new.submobjects = [_light_copy(sub, copies) for sub in mob.submobjects]
    new.updaters = []
    return new


def formula(expr: str, size: float = style.LABEL, color: str | None = None) -> MathTypst:
    """Typeset Typst math (cached per process; returns a fresh copy)."""
    mob = light_copy(_math_cached(expr, float(size)))
    if color is not None:
        mob.set_color(color)
    return mob


def text(markup: str, size: float = style.BODY, color: str | None = None, width: float | None = None) -> Typst:
    """Typeset Typst markup; ``width`` (scene units) wraps it into a block of that width."""
    if width is not None:
        markup = f"#block(width: {width / units_per_pt(size):.1f}pt)[{markup}]"
    mob = light_copy(_text_cached(markup, float(size)))
    if color is not None:
        mob.set_color(color)
    return mob


@lru_cache(maxsize=64)
def units_per_pt(size: float) -> float:
    """Scene units per Typst point at a given font size (measured once with a ruler box)."""
    ruler = Typst("#box(width: 100pt, height: 1pt, fill: black)", font_size=size)
    return ruler.width / 100.0


# -- numbers --------------------------------------------------------------------


def fmt_number(x: float, digits: int = 2) -> str:
    """Typst math for a number: exact zero is ``0``; tiny non-zeros use scientific notation.

    ``0.0`` → ``0``; ``3.1e-9`` → ``3.1 times 10^(-9)``; ``0.3333`` → ``0.33``.
    """
    if x == 0.0:
        return "0"
    if abs(x) < 10 ** (-digits):
        exp = int(math.floor(math.log10(abs(x))))
        mant = x / 10**exp
        if round(abs(mant), 1) >= 10:
            mant, exp = mant / 10, exp + 1
        return f"{mant:.1f} times 10^({exp})".replace("-", "−")
    return f"{x:.{digits}f}".replace("-", "−")


@lru_cache(maxsize=64)
def _digit_offsets(size: float) -> dict[str, np.ndarray]:
    """Where each digit's ink sits relative to a "0" typeset in the same slot (the font's digits
    share one advance width): the shift from a "0" glyph's lower-left corner to digit d's."""
    pair = _math_cached("00", size)
    advance = pair.submobjects[1].get_left()[0] - pair.submobjects[0].get_left()[0]
    out = {}
    for d in "0123456789":
        two = _math_cached(f"0{d}", size)
        zero, glyph = two.submobjects
        out[d] = np.array([glyph.get_left()[0] - zero.get_left()[0] - advance,
                           glyph.get_bottom()[1] - zero.get_bottom()[1], 0.0])
    return out


def number_formula(prefix: str, value: str, size: float = style.LABEL, color: str | None = None):
    """``prefix`` followed by the plain number text ``value`` (digits, ".", "−", ",", "(", ")", spaces),
    typeset once per digit *pattern* and then given its digits glyph by glyph.

    A readout that changes every frame would otherwise wait for Typst on every frame;
    "1.34" and "2.71" share the typeset pattern "0.00". Other text falls back to ``formula``.
    """
    if not re.fullmatch(r"[0-9.,()−\- ]*", value):
        return formula(prefix + value, size, color)
    pattern = re.sub(r"[1-9]", "0", value)
    mob = formula(prefix + pattern, size, color)
    chars = value.replace(" ", "")
    glyphs = mob.submobjects[len(mob.submobjects) - len(chars):]
    offsets = _digit_offsets(float(size))
    for glyph, ch in zip(glyphs, chars, strict=True):
        if ch in "123456789":
            digit = light_copy(_math_cached(f"0{ch}", float(size)).submobjects[1])
            if color is not None:
                digit.set_color(color)
            corner = np.array([glyph.get_left()[0], glyph.get_bottom()[1], 0.0])
            digit.shift(corner + offsets[ch] - np.array([digit.get_left()[0], digit.get_bottom()[1], 0.0]))
            glyph.set_points(digit.points)  # one outline for another; colour and style stay
    return mob


def swap_content(group: VGroup, new: VMobject) -> VGroup:
    """Show ``new`` inside ``group`` instead of its children, in place.

    ``become`` aligns the two point sets curve by curve in Python (about 0.5 ms per glyph);
    a readout that changes every frame only needs its child replaced.
    """
    group.submobjects = [new]
    return group


class Readout(VGroup):
    """``label = value``, typeset as one formula; re-typeset only when the shown text changes."""

    def __init__(self, label: str, value: float, *, color: str, digits: int = 2, size: float = style.LABEL):
        super().__init__()
        self.label, self.color_name, self.digits, self.size = label, color, digits, size
        self.shown: str | None = None
        self.max_width: float | None = None  # set by the layout; longer texts are scaled down
        self.value = value
        self.set_value(value)

    def set_value(self, value: float) -> Readout:
        self.value = value
        s = fmt_number(value, self.digits)
        if s != self.shown:
            new = number_formula(f"{self.label} = ", s, self.size, self.color_name)
            if self.shown is not None:
                new.scale(self.height / new.height)  # keep the size the layout gave it
            if self.max_width is not None and new.width > self.max_width:
                new.scale_to_fit_width(self.max_width)
            if self.shown is not None:
                new.move_to(self.get_left(), aligned_edge=LEFT)
            swap_content(self, new)
            self.shown = s
        return self


# -- captions and cards -----------------------------------------------------------


def unbreakable_math(markup: str) -> str:
    """Typst markup whose inline formulas (``$…$``) never break across lines: each is set in a
    box, so "−2.2 × 10⁻³" or "λ* = 2a|w₀| = 0.40" stays on one line."""
    # A ";" right after an embedded expression ends it in Typst and is swallowed: escape it.
    boxed = re.sub(r"(?<!\\)\$([^$]+)\$", lambda m: f"#box[${m.group(1)}$]", markup)
    return re.sub(r"(#box\[\$[^$]+\$\]);", r"\1\\;", boxed)


class CaptionBar(VGroup):
    """The beat's caption sentence, wrapped to fit a box at the bottom of the frame."""

    def __init__(self, caption: str, box: Box, palette: style.Palette):
        super().__init__()
        markup = unbreakable_math(caption)
        for size in (style.BODY, style.LABEL):  # a smaller size before squeezing
            body = text(markup, size, palette.text, width=box.width - 0.6)
            if body.height <= box.height - 0.12:
                break
        if body.height > box.height - 0.12:
            body.scale_to_fit_height(box.height - 0.12)
        body.move_to(box.center)
        self.add(body)


def card(lines: Sequence[VMobject], palette: style.Palette, *, buff: float = 0.35, accent: str | None = None) -> VGroup:
    """Lines stacked on a rounded card."""
    content = VGroup(*lines).arrange(DOWN, buff=0.25)
    bg = RoundedRectangle(corner_radius=0.15, width=content.width + 2 * buff, height=content.height + 2 * buff,
                          fill_color=palette.card, fill_opacity=1.0, stroke_color=accent or palette.axis,
                          stroke_width=2)
    bg.move_to(content)
    return VGroup(bg, content)


# -- plots ------------------------------------------------------------------------


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
              y_tick_label: Callable[[float], str] = tick_label) -> VGroup:
    """Axes fitted inside ``box`` with Typst tick labels; returns ``VGroup(axes, labels)`` with ``.axes``.

    Space for tick labels and axis titles is reserved inside the box (the left
    margin is as wide as the widest y tick label), so the whole group stays
    within it. ``x_tick_label``/``y_tick_label`` turn a tick value into Typst
    math (e.g. ``10^3`` on a log10 axis).
    """
    pad_top, pad_right = 0.35 if y_label else 0.1, 0.45 if x_label else 0.1
    pad_bottom = 0.38 + x_label_buff
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


def axis_marker(axes: Axes, x: float, color: str, size: float = 0.2) -> Triangle:
    """A small triangle under the x-axis pointing up at ``x``."""
    tri = Triangle(fill_color=color, fill_opacity=1.0, stroke_width=0).scale_to_fit_width(size)
    tri.move_to(axes.c2p(x, axes.y_range[0]) + DOWN * (size * 0.45 + 0.02))
    return tri


def scatter(axes: Axes, xs: np.ndarray, ys: np.ndarray, color: str, radius: float = 0.06) -> VGroup:
    return VGroup(*[Dot(axes.c2p(x, y), radius=radius, color=color) for x, y in zip(xs, ys, strict=True)])


def legend_entry(label: str, color: str | Sequence[str], *, dashed: bool = False, size: float = style.SMALL,
                 opacity: float = 1.0, label_color: str | None = None) -> VGroup:
    """A swatch and its label. The swatch is drawn in the colours of the lines it stands for:
    several colours split it into pieces (one per colour), so a legend for "w₁ of both
    penalties" shows blue and vermillion, not grey."""
    colors = [color] if isinstance(color, str) else list(color)
    pieces = 2 * len(colors) if dashed else len(colors)
    edges = np.linspace(-0.22, 0.22, pieces + 1)
    gap = 0.04 if dashed or len(colors) > 1 else 0.0
    segments = [Line(RIGHT * (a + (gap / 2 if k else 0)), RIGHT * (b - (gap / 2 if k < pieces - 1 else 0)),
                     stroke_color=colors[k % len(colors)], stroke_width=style.CURVE_WIDTH, stroke_opacity=opacity)
                for k, (a, b) in enumerate(zip(edges[:-1], edges[1:], strict=True))]
    swatch = VGroup(*segments)
    lab = formula(label, size, label_color or colors[0])
    return VGroup(swatch, lab).arrange(RIGHT, buff=0.12)


def frame_box() -> Box:
    return Box(-config.frame_width / 2, config.frame_width / 2, -config.frame_height / 2, config.frame_height / 2)


class Bars(VGroup):
    """Vertical bars on a baseline whose heights update in place; values map linearly to heights."""

    def __init__(self, values, *, box: Box, vmax: float, color: str | Sequence[str], bar_width_frac: float = 0.6,
                 zero_color: str | None = None):
        super().__init__()
        n = len(values)
        self.colors = [color] * n if isinstance(color, str) else list(color)
        self.box, self.vmax, self.color_name = box, vmax, self.colors[0]
        self.zero_color = zero_color
        slot = box.width / n
        self.centers_x = [box.left + slot * (k + 0.5) for k in range(n)]
        self.bar_width = slot * bar_width_frac
        from manim import Rectangle

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
