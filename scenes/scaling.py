"""``scaling``: units decide what the lasso keeps, unless you standardize.

The diabetes data in their own units, and the same data with one feature re-expressed (by default
total cholesterol, s1, from mg/dL to mmol/L: ÷ 38.67). The penalty charges per unit of
coefficient, and a feature measured in small numbers needs a large coefficient, so on the raw
features the lasso's order of entry follows the units: s1 drops from first to last. On the
standardized features the exact path is the same whatever the units (to rounding, ~1e-15). Each
panel shows where each weight is non-zero along the exact path (``mathcore.lasso_path``). Last,
Longley's collinear design: its condition number, raw and standardized, and why standardizing does
not cure collinearity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Circumscribe,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    Mobject,
    Rectangle,
    Transform,
    TransformFromCopy,
    VGroup,
)

from mathcore import lasso_path, load_dataset, standardize
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.layout import Box, fit
from scenes.kit.params import param, shown_bound
from scenes.kit.registry import register
from scenes.kit.typeset import escape_markup, fmt_number, fmt_sci, formula, text

DIABETES = load_dataset("diabetes")
MG_DL_TO_MMOL_L = 1 / 38.67  # cholesterol: 1 mmol/L = 38.67 mg/dL
MIN_GAP = 0.15  # scene units: a gap in a bar is drawn at least this wide (and ringed when widened)


@dataclass(frozen=True)
class ScalingParams:
    feature: str = param("s1", "the diabetes feature re-expressed in other units", choices=DIABETES.feature_names)
    factor: float = param(MG_DL_TO_MMOL_L, "its values are multiplied by this (default: total cholesterol "
                                           "mg/dL → mmol/L, ÷ 38.67)", min=1e-6, max=1e6)

    def check(self) -> None:
        if self.factor == 1.0:
            raise ValueError("factor: must differ from 1 (a unit change)")
        if not enters_raw_path(self.feature, self.factor):
            least = smallest_factor_that_enters(self.feature, self.factor)
            raise ValueError(f"factor: at {self.factor:g} the raw {self.feature} column is so small that the exact "
                             "lasso path stops (the raw columns are collinear to rounding) before it enters; use "
                             f"a factor >= {shown_bound(least, lower=True):.3g}")


def enters_raw_path(feature: str, factor: float) -> bool:
    """Whether ``feature``, multiplied by ``factor``, enters the exact lasso path on the raw diabetes columns."""
    j = DIABETES.feature_names.index(feature)
    X = DIABETES.X.copy()
    X[:, j] *= factor
    return j in lasso_path(X - X.mean(axis=0), DIABETES.y - DIABETES.y.mean()).order


def smallest_factor_that_enters(feature: str, factor: float) -> float:
    """Bisection in log10 between ``factor`` (the feature never enters) and 1 (it does): the smallest factor,
    to 0.1 %, at which it enters."""
    lo, hi = math.log10(factor), 0.0
    while hi - lo > 4e-4:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if enters_raw_path(feature, 10.0**mid) else (mid, hi)
    return 10.0**hi


@dataclass(frozen=True)
class PathView:
    """One exact lasso path, as the panels draw it: s at each breakpoint, the coefficients, the entry order."""

    s: np.ndarray
    coefs: np.ndarray
    order: tuple[int, ...]

    @classmethod
    def of(cls, X: np.ndarray, y: np.ndarray) -> PathView:
        path = lasso_path(X - X.mean(axis=0), y - y.mean())
        return cls(s=path.shrinkage, coefs=path.coefs, order=path.order)

    def active_spans(self, j: int) -> list[tuple[float, float]]:
        """The s-intervals where weight j is non-zero (a path segment counts if j is non-zero inside it)."""
        spans: list[tuple[float, float]] = []
        for k in range(len(self.s) - 1):
            if self.coefs[k, j] != 0.0 or self.coefs[k + 1, j] != 0.0:
                if spans and spans[-1][1] == self.s[k]:
                    spans[-1] = (spans[-1][0], float(self.s[k + 1]))
                else:
                    spans.append((float(self.s[k]), float(self.s[k + 1])))
        return spans


class ScalingNumbers:
    """Four exact paths: raw and standardized, before and after the unit change; Longley's condition numbers."""

    def __init__(self, p: ScalingParams):
        self.names = DIABETES.feature_names
        self.j = self.names.index(p.feature)
        X, y = DIABETES.X, DIABETES.y
        changed = X.copy()
        changed[:, self.j] *= p.factor
        self.views = {("raw", "before"): PathView.of(X, y), ("raw", "after"): PathView.of(changed, y),
                      ("std", "before"): PathView.of(standardize(X).Z, y),
                      ("std", "after"): PathView.of(standardize(changed).Z, y)}
        a, b = self.views[("std", "before")].coefs, self.views[("std", "after")].coefs
        # the largest change of any standardized weight, relative to the largest weight
        self.std_change = float(np.max(np.abs(a - b)) / np.max(np.abs(a))) if a.shape == b.shape else float("inf")
        # the condition number of the design (with its intercept column) raw, and of the standardized columns
        self.cond = {name: {"raw": float(np.linalg.cond(np.column_stack([np.ones(len(D)), D]))),
                            "standardized": float(np.linalg.cond(standardize(D).Z))}
                     for name, D in (("diabetes", X), ("longley", load_dataset("longley").X))}
        self.longley_cond = self.cond["longley"]

    def rank(self, key: tuple[str, str], j: int) -> int:
        return self.views[key].order.index(j) + 1

    def as_dict(self) -> dict:
        return {
            "feature": self.names[self.j],
            "paths": {f"{a}_{b}": {"order": [self.names[j] for j in v.order], "s": v.s.tolist(),
                                   "coefs": v.coefs.tolist()} for (a, b), v in self.views.items()},
            "standardized_max_change": self.std_change, "longley_condition_number": self.longley_cond,
            "diabetes_condition_number": self.cond["diabetes"],
        }


def unit_phrase(p: ScalingParams) -> str:
    if p.feature == "s1" and p.factor == MG_DL_TO_MMOL_L:
        return "total cholesterol (s1) in mmol/L instead of mg/dL, ÷ 38.67"
    return f"{escape_markup(p.feature)} multiplied by {fmt_number(p.factor, 4)}"


@register("scaling", "units decide what the lasso keeps unless you standardize: one unit change reorders the "
                     "raw path, the standardized path stays exact", chapter="Standardize first", position=110,
          part="In practice")
class ScalingScene(ExplainerScene):
    PARAMS = ScalingParams
    BEATS = (
        ("raw", "The diabetes data in their own units. Without standardizing, the lasso path orders features by "
                "their units as much as by their signal: {first} enters first, {late} only {late_rank}."),
        ("standardized", "Standardized, every feature in standard deviations: the order is {order}, …"),
        ("units", "Now {unit}. On the raw features {feat} goes from {before} to {after} in the order."),
        ("why", "{why} for the same fit, and the penalty charges per unit of coefficient; the other features "
                "reorder around it."),
        ("invariant", "Standardized, before and after: the path does not move, every weight the same to ${change}$ of "
                      "the largest, rounding. Standardize first, so the penalty charges every feature the same."),
        ("longley", "Raw units and offsets also wreck the conditioning. The condition number (largest over smallest "
                    "singular value) of the raw design with its intercept column: diabetes {draw} raw, Longley's "
                    "${raw}$; standardized (centred, then scaled): {dstd} and ${std}$."),
        ("collinear", "Standardizing removes what the units caused, not the collinearity: Longley's {std} is still "
                      "far above 30, Belsley's rule-of-thumb line for strong collinearity."),
    )

    @classmethod
    def solve(cls, p: ScalingParams) -> dict:
        return ScalingNumbers(p).as_dict()

    def construct(self) -> None:
        self.numbers = ScalingNumbers(self.p)
        self.show_raw()
        self.show_standardized()
        self.change_units()
        self.show_invariance()
        self.show_longley()

    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        if self.layout.portrait:
            raw, std, note = content.split_v(0.4, 0.4, 0.2, gap=0.3)
            alone = content.split_v(0.6, 0.4, gap=0.3)[0]
        else:
            panels, note = content.split_v(0.78, 0.22, gap=0.25)
            raw, std = panels.split_h(0.5, 0.5, gap=0.5)
            alone = panels.inset(0.8, 0.0)
        # the raw chart alone first, as large as the frame allows; it makes room for the standardized one
        return {"raw": raw, "std": std, "note": note, "alone": alone}

    # -- the active-set chart --------------------------------------------------------------------
    def chart(self, side: str, when: str, box: Box | None = None, title: str | None = None) -> VGroup:
        """Title, one row per feature, a bar wherever its weight is non-zero along s, and its entry rank. A gap
        narrower than ``MIN_GAP`` (a weight at exactly 0 over a short stretch of s) is widened to it, centred
        on the true gap, and ringed, so it never reads as a rendering seam."""
        m, pal = self.numbers, self.palette
        view = m.views[(side, when)]
        box = box or self.boxes[side]
        title = text(title or ("raw units" if side == "raw" else "standardized"), style.SMALL,
                     pal.accent if title and side == "raw" and when == "after" else pal.text)
        title.move_to([box.center[0], box.top - title.height / 2, 0])
        names = VGroup(*[text(escape_markup(n), style.SMALL, pal.text) for n in m.names])
        name_w = max(n.width for n in names) + 0.15
        rank_w = 0.35
        top, bottom = title.get_bottom()[1] - 0.2, box.bottom + 0.55
        left, right = box.left + name_w + rank_w, box.right - 0.1
        pitch = (top - bottom) / len(m.names)
        height = min(0.28, pitch * 0.62)

        def x_of(s: float) -> float:
            return left + (right - left) * s

        rows = VGroup()
        for j, name in enumerate(names):
            y = top - (j + 0.5) * pitch
            name.move_to([box.left + name_w - 0.1, y, 0], aligned_edge=RIGHT)
            spans = view.active_spans(j)
            color = pal.accent if j == m.j else pal.of("l1")  # the lasso's colour; the changed feature stands out
            ends = [[x_of(a), x_of(b)] for a, b in spans]
            rings = VGroup()
            for k in range(len(ends) - 1):
                gap = ends[k + 1][0] - ends[k][1]
                if gap < MIN_GAP:
                    mid = (ends[k + 1][0] + ends[k][1]) / 2
                    # widened where both neighbours stay longer than a stub; ringed either way
                    if mid - MIN_GAP / 2 > ends[k][0] + 0.03 and mid + MIN_GAP / 2 < ends[k + 1][1] - 0.03:
                        ends[k][1], ends[k + 1][0] = mid - MIN_GAP / 2, mid + MIN_GAP / 2
                    rings.add(Circle(radius=max(height, MIN_GAP) * 0.9, stroke_color=pal.accent, stroke_width=2)
                              .move_to([mid, y, 0]))
            bars = VGroup(*[Line([a, y, 0], [b, y, 0], stroke_color=color, stroke_width=height * 55)
                            for a, b in ends])
            if not len(bars):  # never enters: a dot-sized stub at s = 1 keeps the row's structure
                bars.add(Line([right - 1e-3, y, 0], [right, y, 0], stroke_color=color, stroke_width=0.0))
            rank = formula(str(view.order.index(j) + 1) if j in view.order else "–", style.FINE,
                           pal.accent if j == m.j else pal.text)
            rank.next_to(bars[0].get_start(), LEFT, buff=0.08)
            rows.add(VGroup(name, bars, rank, rings))
        axis = Line([left, bottom - 0.1, 0], [right, bottom - 0.1, 0], stroke_color=pal.axis, stroke_width=2)
        ends = VGroup(text("all zero", style.FINE, pal.muted).next_to(axis.get_start(), DOWN, buff=0.08),
                      formula("s = norm(w)_1 \\/ norm(hat(w))_1", style.FINE, pal.muted).next_to(
                          axis.get_center(), DOWN, buff=0.08),
                      text("least squares", style.FINE, pal.muted).next_to(axis.get_end(), DOWN, buff=0.08))
        ends[0].align_to(axis, LEFT)
        ends[2].align_to(axis, RIGHT)
        if ends[1].get_left()[0] < ends[0].get_right()[0] + 0.15 or ends[1].get_right()[0] > ends[2].get_left()[0] - 0.15:
            ends[1].set_opacity(0.0)  # a narrow panel: the ends say enough
            ends.remove(ends[1])
        group = VGroup(title, rows, axis, ends)
        group.rows, group.x_of = rows, x_of
        return group

    # -- beats -----------------------------------------------------------------------------------------
    def show_raw(self) -> None:
        m = self.numbers
        view = m.views[("raw", "before")]
        std_order = m.views[("std", "before")].order
        late = std_order[1]  # the standardized runner-up, and where the raw units put it
        rank = view.order.index(late) + 1
        self.beat("raw", first=m.names[view.order[0]], late=m.names[late], late_rank=ordinal(rank))
        left = self.chart("raw", "before", self.boxes["alone"])
        self.charts = {"left": left}
        self.play(FadeIn(left, lag_ratio=0.05), run_time=style.MEDIUM)
        self.key = self.chart_key()
        self.play(FadeIn(self.key), run_time=style.SHORT)
        pal = self.palette
        self.when_read("enters first", Indicate(left.rows[view.order[0]], color=pal.accent, scale_factor=1.05))
        self.when_read("only", Indicate(left.rows[late], color=pal.accent, scale_factor=1.05))
        self.wait(style.BEAT_PAUSE)

    def chart_key(self) -> Mobject:
        """How to read a row: where the bar is, the weight is non-zero; a gap is a stretch where it is
        exactly 0 again (it left the model and came back; a ring marks a gap too narrow to see); the
        number is its order of entry."""
        pal = self.palette
        key = text("bar: the weight is non-zero there · gap (ringed if narrow): exactly 0 again, it left and came "
                   "back · number: order of entry", style.LABEL, pal.text, width=self.boxes["note"].width)
        fit(key, self.boxes["note"], align=UP)
        return key

    def show_standardized(self) -> None:
        m = self.numbers
        order = ", ".join(m.names[j] for j in m.views[("std", "before")].order[:4])
        self.beat("standardized", order=order)
        target = self.chart("raw", "before", self.boxes["raw"])
        self.play(Transform(self.charts["left"], target), run_time=style.MEDIUM)
        self.charts["left"].x_of = target.x_of  # the moved chart's geometry is the target's now
        self.charts["right"] = self.chart("std", "before", self.boxes["std"])
        self.play(FadeIn(self.charts["right"], lag_ratio=0.05), run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)

    def change_units(self) -> None:
        """The raw data in both units side by side: the standardized panel gives way to the changed units."""
        m, pal = self.numbers, self.palette
        before, after = m.rank(("raw", "before"), m.j), m.rank(("raw", "after"), m.j)
        self.beat("units", unit=unit_phrase(self.p), feat=m.names[m.j], before=ordinal(before), after=ordinal(after))
        f = self.p.factor
        change = f"÷ {1 / f:.4g}" if f < 1 else f"× {f:.4g}"
        right = self.chart("raw", "after", self.boxes["std"],
                           title=f"raw units, {escape_markup(m.names[m.j])} {change}")
        left_title = text(f"raw units, {escape_markup(m.names[m.j])} as given", style.SMALL, pal.text)
        left_title.move_to(self.charts["left"][0])
        self.play(FadeOut(self.charts["right"]), Transform(self.charts["left"][0], left_title), run_time=style.SHORT)
        self.play(FadeIn(right, lag_ratio=0.05), run_time=style.MEDIUM)
        self.charts["right"] = right
        self.when_read("goes from", Circumscribe(self.charts["left"].rows[m.j], color=pal.accent, buff=0.05),
                       Circumscribe(right.rows[m.j], color=pal.accent, buff=0.05))
        self.wait(style.BEAT_PAUSE)
        smaller = f < 1
        self.beat("why", why="Smaller numbers need a larger coefficient" if smaller
                  else "Larger numbers need a smaller coefficient")
        # the algebra under the key: the feature's unit change, the coefficient's, and the penalty's
        inverse = f"× {1 / f:.4g}" if smaller else f"÷ {f:.4g}"
        name = escape_markup(m.names[m.j])
        algebra = text(f"{name} {change} $⇒$ its weight {inverse} for the same fit $⇒$ $λ|w|$ {inverse}",
                       style.LABEL, pal.accent)
        fit(algebra, Box(self.boxes["note"].left, self.boxes["note"].right, self.boxes["note"].bottom,
                         self.key.get_bottom()[1] - 0.1), align=UP)
        self.play(FadeIn(algebra, shift=UP * 0.1), Indicate(right.rows[m.j][1], color=pal.accent, scale_factor=1.0),
                  run_time=style.MEDIUM)
        self.key = VGroup(self.key, algebra)  # both make way for the invariance note
        others = VGroup(*[row[2] for j, row in enumerate(right.rows) if j != m.j])
        self.when_read("the other features reorder", Indicate(others, color=pal.accent, scale_factor=1.0))
        self.wait(style.BEAT_PAUSE)

    def show_invariance(self) -> None:
        """Both panels standardized: before and after the unit change, the same path."""
        m, pal = self.numbers, self.palette
        change = "0" if m.std_change == 0.0 else fmt_sci(m.std_change, 0)
        self.beat("invariant", change=change)
        f = self.p.factor
        unit = f"÷ {1 / f:.4g}" if f < 1 else f"× {f:.4g}"
        targets = {"left": self.chart("std", "before", self.boxes["raw"],
                                      title=f"standardized, {escape_markup(m.names[m.j])} as given"),
                   "right": self.chart("std", "after", self.boxes["std"],
                                       title=f"standardized, {escape_markup(m.names[m.j])} {unit}")}
        # titles out, rows morph (the same features, their bars move), new titles in: no text over text
        self.play(*[FadeOut(self.charts[k][0]) for k in ("left", "right")], run_time=style.SHORT)
        moving = {k: VGroup(*self.charts[k][1:]) for k in ("left", "right")}
        self.play(*[Transform(moving[k], VGroup(*targets[k][1:]).copy()) for k in ("left", "right")],
                  run_time=style.LONG)
        for k in ("left", "right"):  # the moved rows are now drawn as the targets': swap them in
            self.remove(self.charts[k], moving[k])
            self.add(*targets[k][1:])
        self.play(*[FadeIn(targets[k][0]) for k in ("left", "right")], run_time=style.SHORT)
        for k in ("left", "right"):
            self.remove(*targets[k][1:], targets[k][0])
            self.add(targets[k])
        self.charts = targets
        note = text(f"standardized, before and after: largest change ${change}$ of the largest weight", style.SMALL,
                    pal.accent)
        fit(note, self.boxes["note"], align=UP)
        self.invariance_note = note
        self.play(FadeOut(self.key), run_time=style.SHORT)  # the note takes its place, after it
        self.play(FadeIn(note), run_time=style.SHORT)
        self.when_read("Standardize first", Indicate(note, color=pal.accent, scale_factor=1.05))
        self.wait(style.BEAT_PAUSE)

    def show_longley(self) -> None:
        """The condition numbers of diabetes and Longley's data on one log scale: raw, then standardized,
        and Belsley's line at 30."""
        m, pal = self.numbers, self.palette
        cond = m.cond
        raw, std = fmt_sci(cond["longley"]["raw"]), f"{cond['longley']['standardized']:.0f}"
        self.beat("longley", raw=raw, std=std, draw=f"{cond['diabetes']['raw']:.0f}",
                  dstd=f"{cond['diabetes']['standardized']:.1f}")
        shown = [mob for mob in self.mobjects if mob is not self._caption_mob]
        self.play(*[FadeOut(mob) for mob in shown], run_time=style.SHORT)
        box = self.layout.content
        title = text("Condition number $κ = σ_max \\/ σ_min$ of the design, log scale: raw, then standardized",
                     style.BODY, pal.text, width=box.width * 0.95)
        fit(title, box, align=UP)
        top = 10 ** math.ceil(math.log10(cond["longley"]["raw"]) + 0.3)
        rows_box = Box(box.left + 0.4, box.right - 0.4, box.bottom + 0.5, title.get_bottom()[1] - 0.4)
        gap = min(3.0, rows_box.height / 2)
        ys = [rows_box.center[1] + gap / 2, rows_box.center[1] - gap / 2]
        names = {"diabetes": "diabetes (442 rows, 10 features)", "longley": "Longley (16 rows, 6 collinear features)"}
        lines, dots = {}, {}
        for (key, name), y in zip(names.items(), ys, strict=True):
            line = LogLine(Box(rows_box.left, rows_box.right, y - 0.1, y + 0.1), 1.0, top, pal,
                           numbers=key == "longley")
            label = text(name, style.LABEL, pal.text).next_to(line.at(1.0), UP, buff=0.8).align_to(line, LEFT)
            lines[key] = VGroup(line, label)
            for when, color in (("raw", pal.muted), ("standardized", pal.l1)):
                v = cond[key][when]
                dot = Dot(line.at(v), radius=style.DOT_RADIUS * 1.3, color=color)
                number = fmt_sci(v) if v >= 1e5 else f"{v:.0f}" if v >= 100 else f"{v:.1f}"
                tag = text(f"{'raw' if when == 'raw' else 'std.'} ${number}$", style.SMALL, color)
                tag.next_to(dot, UP, buff=0.15).align_to(dot, LEFT if v > 30 and when != "raw" else RIGHT)
                dots[key, when] = VGroup(dot, tag)
        self.longley = VGroup(title, *lines.values())
        self.play(FadeIn(title), *[FadeIn(g) for g in lines.values()], run_time=style.MEDIUM)
        # the caption reads both raw numbers, then both standardized ones
        self.when_read("of the raw design", Indicate(title, color=self.palette.accent, scale_factor=1.05),
                       run_time=style.MEDIUM)
        self.when_read("diabetes", FadeIn(dots["diabetes", "raw"], scale=1.5), run_time=style.SHORT)
        self.when_read("Longley's", FadeIn(dots["longley", "raw"], scale=1.5), run_time=style.SHORT)
        self.when_read("(centred, then scaled)",
                       TransformFromCopy(dots["diabetes", "raw"][0], dots["diabetes", "standardized"][0]),
                       FadeIn(dots["diabetes", "standardized"][1]), run_time=style.MEDIUM)
        self.when_read(f"and ${std}$",
                       TransformFromCopy(dots["longley", "raw"][0], dots["longley", "standardized"][0]),
                       FadeIn(dots["longley", "standardized"][1]), run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)
        self.beat("collinear", std=std)
        bands = VGroup()
        for key in names:  # over 30 on each row: from under its line to over its dots' numbers
            line = lines[key][0]
            x30, x_top = line.at(30.0)[0], line.at(top)[0]
            y_hi = max(dots[key, w][1].get_top()[1] for w in ("raw", "standardized")) + 0.1
            y_lo = line.at(1.0)[1] - 0.25
            bands.add(Rectangle(width=x_top - x30, height=y_hi - y_lo, stroke_width=0, fill_color=pal.accent,
                                fill_opacity=0.12).move_to([(x30 + x_top) / 2, (y_hi + y_lo) / 2, 0]),
                      # 30 marked under the line only: a dashed edge through the dots would cross the numbers
                      Line([x30, y_lo, 0], [x30, line.at(1.0)[1] - 0.02, 0], stroke_color=pal.accent,
                           stroke_width=style.THIN_WIDTH + 1))
        note = text("shaded, from the tick at 30: strong collinearity (a common rule of thumb, Belsley)",
                    style.SMALL, pal.accent)
        if note.width > box.width:
            note = text("shaded, from the tick at 30: strong collinearity (a common rule of thumb, Belsley)",
                        style.SMALL, pal.accent, width=box.width)
        note.next_to(lines["longley"], DOWN, buff=0.3).align_to(bands[0], RIGHT)
        band, edge = bands, VGroup()
        self.play(FadeIn(band), Create(edge), FadeIn(note), run_time=style.MEDIUM)
        self.bring_to_front(*dots.values())
        self.when_read("still far above", Indicate(dots["longley", "standardized"], color=pal.accent,
                                                   scale_factor=1.2), run_time=style.MEDIUM)
        self.longley.add(band, edge, note, *dots.values())
        self.wait(style.BEAT_PAUSE)


class LogLine(VGroup):
    """A number line across ``box`` (its middle height) on a log scale from ``lo`` to ``hi`` (powers of ten),
    a tick at each power and (with ``numbers``) a label at every other; ``at(v)`` is the point of value v."""

    def __init__(self, box: Box, lo: float, hi: float, palette: style.Palette, *, numbers: bool = True):
        super().__init__()
        self.lo, self.hi, self.box = math.log10(lo), math.log10(hi), box
        y = box.center[1]
        self.add(Line([box.left, y, 0], [box.right, y, 0], stroke_color=palette.axis, stroke_width=style.AXIS_WIDTH))
        for k in range(math.ceil(self.lo), math.floor(self.hi) + 1):
            x = self.at(10.0**k)
            self.add(Line(x + DOWN * 0.1, x + UP * 0.1, stroke_color=palette.axis, stroke_width=style.AXIS_WIDTH))
            if numbers and k % 2 == 0:
                self.add(formula("1" if k == 0 else "10" if k == 1 else f"10^{k}", style.SMALL, palette.muted)
                         .next_to(x, DOWN, buff=0.2))

    def at(self, v: float) -> np.ndarray:
        frac = (math.log10(v) - self.lo) / (self.hi - self.lo)
        return np.array([self.box.left + frac * self.box.width, self.box.center[1], 0.0])


def ordinal(k: int) -> str:
    return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"

