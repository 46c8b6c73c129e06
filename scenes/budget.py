"""``budget``: seed 002's slider, animated. The budget C shrinks; the exact contact points trace paths.

From a C large enough that ŵ is inside both sets down to almost 0: each frame's
contact point is ``mathcore.constrained_minimizer`` (exact), its matching
penalized λ is shown live, and the traced paths are the solution paths. The L1
path bends onto an axis at the exact C where a weight leaves the lasso path, and
stays there; the L2 path curves smoothly into the origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    Dot,
    FadeIn,
    Flash,
    Indicate,
    ValueTracker,
    VGroup,
    VMobject,
)

from mathcore import L1_L2, constrained_minimizer
from mathcore.homotopy import lasso_segments
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.layout import Box, fit
from scenes.kit.params import param
from scenes.kit.plane import Contour, diamond, disc, plane_panel, set_shape_budget
from scenes.kit.plots import dashed, legend_entry, link_legend, make_axes
from scenes.kit.problem2d import Loss2DParams, rotated_quadratic
from scenes.kit.registry import register
from scenes.kit.typeset import Readout, fmt_number, formula, number_formula, swap_content


@dataclass(frozen=True)
class BudgetParams(Loss2DParams):
    c_end: float = param(0.08, "smallest budget, as a fraction of the starting one", min=0.01, max=0.9)
    sweep_seconds: float = param(9.0, "duration of the shrinking", min=2.0, max=60.0)


class BudgetNumbers:
    """Exact solutions along the budget: C from ‖ŵ‖₁ (ŵ inside both sets) down to c_end·‖ŵ‖₁."""

    def __init__(self, p: BudgetParams, samples: int = 241):
        self.p = p
        self.loss = rotated_quadratic((p.center_x, p.center_y), p.eig_small, p.eig_large, p.angle_deg)
        self.c_start = float(np.abs(self.loss.c).sum()) * 1.05
        self.budgets = np.linspace(self.c_start, p.c_end * self.c_start, samples)
        self.paths = {norm: np.array([constrained_minimizer(self.loss, c, norm).point for c in self.budgets])
                      for norm in L1_L2}
        self.c_axis = self.l1_axis_budget()

    def solve(self, budget: float, norm: str):
        return constrained_minimizer(self.loss, budget, norm)

    def l1_axis_budget(self) -> float | None:
        """The exact C below which the L1 solution has a zero: ‖w‖₁ where the lasso path's active set shrinks."""
        H = np.asarray(self.loss.H)
        _, segments = lasso_segments(H, H @ np.asarray(self.loss.c))
        for seg in segments:
            if len(seg.active) == 2:  # the first segment with both weights active starts where one joined
                w = seg.weights(seg.lam_high, 2)
                return float(np.abs(w).sum())
        return None

    def as_dict(self) -> dict:
        return {
            "H": self.loss.H.tolist(), "center": self.loss.c.tolist(), "c_start": self.c_start,
            "l1_axis_budget": self.c_axis,
            "samples": [{"budget": float(self.budgets[k]),
                         **{n: {"point": self.paths[n][k].tolist(), "lam": self.solve(self.budgets[k], n).lam}
                            for n in L1_L2}}
                        for k in range(0, len(self.budgets), 20)],
        }


@register("budget", "the budget C shrinks: the exact contact point traces the path; L1's bends onto an axis",
          chapter="Shrinking the budget", position=60)
class BudgetScene(ExplainerScene):
    PARAMS = BudgetParams
    BEATS = (
        ("setup", "A slider on the weights: a budget $C$ on $|w_1| + |w_2|$ (L1) and on $sqrt(w_1^2 + w_2^2)$ (L2). "
                  "At $C = {c0}$, $hat(w)$ fits inside both: no constraint, $λ = 0$."),
        ("shrink", "Shrink $C$: each set pushes its solution inward; the traced curve is the solution path."),
        ("on_axis", "At $C = {cax}$ the L1 path reaches the axis: $w_2 = 0$ exactly from here on."),
        ("to_zero", "Down to $C = {cend}$: the L1 path stays on the axis; the L2 path curves toward the origin, "
                    "both weights shrinking together. Each $C$ matches a penalized $λ$."),
    )

    @classmethod
    def solve(cls, p: BudgetParams) -> dict:
        return BudgetNumbers(p).as_dict()

    def construct(self) -> None:
        self.numbers = BudgetNumbers(self.p)
        self.set_up()
        self.shrink_budget()

    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        if not self.layout.wide:  # square and portrait frames: the planes on top, the rest below
            top, side = content.split_v(0.5, 0.5, gap=0.3)
            l1, l2 = top.split_h(0.5, 0.5, gap=0.2)
        else:
            l1, l2, side = content.split_h(0.36, 0.36, 0.28, gap=0.35)
        if side.width > 1.3 * side.height:  # a wide strip: readouts left, the plot right
            readouts, plot = side.split_h(0.45, 0.55, gap=0.3)
        else:
            readouts, plot = side.split_v(0.45, 0.55, gap=0.2)
        return {"l1": l1, "l2": l2, "readouts": readouts, "plot": plot}

    def panel(self, norm: str) -> VGroup:
        pal = self.palette
        m = self.numbers
        reach = max(m.c_start, float(np.abs(m.loss.c).max())) * 1.08  # the sets at the starting budget must fit
        title = formula("\"L1: \" |w_1| + |w_2| ≤ C" if norm == "l1" else "\"L2: \" sqrt(w_1^2 + w_2^2) ≤ C",
                        style.LABEL, pal.of(norm))
        return plane_panel(self.boxes[norm], title, -reach, reach, pal)

    def set_up(self) -> None:
        m, pal = self.numbers, self.palette
        self.beat("setup", c0=fmt_number(m.c_start))
        self.panels = {n: self.panel(n) for n in L1_L2}
        self.axes = {n: self.panels[n][1].axes for n in L1_L2}
        self.C = ValueTracker(m.c_start)
        self.shapes = {"l1": diamond(self.axes["l1"], m.c_start, color=pal.l1),
                       "l2": disc(self.axes["l2"], m.c_start, color=pal.l2)}
        self.contours = {n: Contour(self.axes[n], m.loss, m.loss.r + 1e-9, color=pal.data, width=3) for n in L1_L2}
        self.dots = {n: Dot(self.axes[n].c2p(*m.loss.c), radius=style.DOT_RADIUS,
                            color=pal.of(n)) for n in L1_L2}
        self.traces = {n: VMobject(stroke_color=pal.of(n), stroke_width=4) for n in L1_L2}
        # ŵ's label on the side away from the origin: the solution paths run from ŵ toward 0.
        away = m.loss.c / np.linalg.norm(m.loss.c)
        hats = VGroup(*[formula("hat(w)", style.SMALL, pal.data).next_to(self.axes[n].c2p(*m.loss.c),
                                                                          np.array([*away, 0.0]), buff=0.12)
                        for n in L1_L2])
        self.hats = hats
        # Readouts and the weights-vs-C plot.
        self.readouts = {"C": Readout("C", m.c_start, color=pal.accent),
                         "lam_l1": Readout("λ_(L 1)", 0.0, color=pal.l1),
                         "w_l1": Readout("w_(L 1)", 0.0, color=pal.l1),
                         "lam_l2": Readout("λ_(L 2)", 0.0, color=pal.l2),
                         "w_l2": Readout("w_(L 2)", 0.0, color=pal.l2)}
        self.vector_values: dict[str, str] = {}
        col = VGroup(*self.readouts.values()).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        box = self.boxes["readouts"]
        fit(col, box, align=LEFT)
        for r in self.readouts.values():
            r.max_width = box.right - r.get_left()[0]
        self.weights_plot = self.make_weights_plot()
        self.update_all()
        self.play(*[FadeIn(self.panels[n]) for n in L1_L2], run_time=style.SHORT)
        self.play(*[Create(self.shapes[n]) for n in L1_L2], *[FadeIn(self.dots[n]) for n in L1_L2], FadeIn(hats),
                  run_time=style.MEDIUM)
        self.play(FadeIn(col), FadeIn(self.weights_plot), run_time=style.SHORT)
        self.add(*self.traces.values(), *self.contours.values(), *self.dots.values())
        self.when_read("fits inside both", Indicate(hats, color=pal.accent, scale_factor=1.2))
        self.when_read("no constraint", Indicate(VGroup(self.readouts["lam_l1"], self.readouts["lam_l2"]),
                                                 color=pal.accent, scale_factor=1.1))
        self.wait(style.BEAT_PAUSE)

    def make_weights_plot(self) -> VGroup:
        m, pal = self.numbers, self.palette
        box = self.boxes["plot"]
        vals = np.concatenate([m.paths[n] for n in L1_L2])
        lo, hi = min(0.0, float(vals.min())), float(vals.max()) * 1.08
        plot = make_axes(box, (0.0, m.c_start), (lo, hi), pal, x_label="C", y_label="w", target_x_ticks=3)
        self.w_axes = axes = plot.axes
        self.w_curves = {}
        for n in L1_L2:
            color = pal.of(n)
            for j in range(2):
                curve = VMobject(stroke_color=color, stroke_width=3)
                self.w_curves[(n, j)] = curve
        both = (pal.l1, pal.l2)
        # w₂ dashed, w₁ solid: told apart by pattern, not shade (L1's w₂ = 0 lies on the C axis, dashed on it)
        legend = VGroup(*[link_legend(legend_entry(f"w_{j + 1}", both, dashed=j == 1, label_color=pal.text,
                                                   size=style.LABEL), *[self.w_curves[(n, j)] for n in L1_L2])
                          for j in range(2)])
        legend.arrange(RIGHT, buff=0.4)
        # Above the plot at the right, level with the y label: clear of every curve.
        corner = axes.c2p(m.c_start, hi)
        legend.next_to(corner, UP, buff=0.12).align_to(corner, RIGHT)
        return VGroup(plot, *self.w_curves.values(), legend)

    def update_all(self) -> None:
        m = self.numbers
        C = float(self.C.get_value())
        k = int(np.searchsorted(-m.budgets, -C, side="right"))
        self.current = {n: m.solve(C, n) for n in L1_L2}
        for n in L1_L2:
            sol = self.current[n]
            self.dots[n].move_to(self.axes[n].c2p(*sol.point))
            self.contours[n].set_level(max(sol.level, m.loss.r + 1e-9), near=sol.point)
            pts = np.vstack([m.paths[n][:k], sol.point[None, :]])
            self.traces[n].set_points_as_corners(self.axes[n].coords_to_point(pts))
            set_shape_budget(self.shapes[n], self.axes[n], C, n)
            self.readouts[f"lam_{n}"].set_value(sol.lam)
            vec = f"({fmt_number(float(sol.point[0]))}, {fmt_number(float(sol.point[1]))})"
            if self.vector_values.get(n) != vec:
                self.vector_values[n] = vec
                r = self.readouts[f"w_{n}"]
                left = r.get_left()
                swap_content(r, number_formula(f"w_(L {n[1]}) = ", vec, style.LABEL, r.color_name).scale(
                    r.height / max(r.height, 1e-9)).move_to(left, aligned_edge=LEFT))
            cs = np.append(m.budgets[:k], C)
            for j in range(2):
                ws = np.append(m.paths[n][:k, j], sol.point[j])
                line = VMobject(stroke_color=self.palette.of(n), stroke_width=3).set_points_as_corners(
                    self.w_axes.coords_to_point(np.stack([cs, ws], 1)))
                self.w_curves[(n, j)].become(dashed(line) if j == 1 else line)
        self.readouts["C"].set_value(C)

    def smallest_visible_budget(self) -> float:
        """The smallest budget drawn: its set reaches 17 % of the plane's half-width, which is 2.5 dot radii
        in the 9:16 frame's smaller planes (a smaller set would hide behind its contact dot), so 16:9 and
        9:16 end at the same C; a frame with planes smaller still ends where its set keeps 2.5 radii."""
        axes = self.axes["l2"]
        unit = np.linalg.norm(axes.c2p(1.0, 0.0) - axes.c2p(0.0, 0.0))  # scene units per data unit
        half_width = float(axes.x_range[1] - axes.x_range[0]) / 2
        return max(0.17 * half_width, 2.5 * style.DOT_RADIUS / unit)

    def shrink_budget(self) -> None:
        m, p, pal = self.numbers, self.p, self.palette
        self.beat("shrink")
        updater = VGroup(*self.traces.values())
        updater.add_updater(lambda _: self.update_all())
        self.add(updater)
        c_end = max(m.budgets[-1], self.smallest_visible_budget())
        total = m.c_start - c_end
        if m.c_axis is not None and c_end < m.c_axis < m.c_start:
            first = p.sweep_seconds * (m.c_start - m.c_axis) / total
            self.play_sweep(self.C.animate.set_value(m.c_axis), run_time=max(first, 0.5))
            self.beat("on_axis", cax=fmt_number(m.c_axis))
            # in the chart's empty upper left (no curve reaches it: every w is at most C there), in words, so
            # it needs no pointer across the curves
            on_axis = VGroup(formula("\"L1: \" w_2 = 0", style.SMALL, pal.l1),
                             formula(f"\"for \" C ≤ {fmt_number(m.c_axis)}", style.SMALL, pal.l1))
            on_axis.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
            on_axis.next_to(self.w_axes.c2p(0.0, self.w_axes.y_range[1]), DOWN + RIGHT, buff=0.2)
            self.play(Flash(self.dots["l1"], color=pal.accent, flash_radius=0.35), FadeIn(on_axis),
                      Indicate(self.w_curves[("l1", 1)], color=pal.accent, scale_factor=1.0), run_time=style.MEDIUM)
            self.wait(style.BEAT_PAUSE)
            rest = p.sweep_seconds - first
        else:
            self.beat("on_axis", cax="—")
            rest = p.sweep_seconds
        self.beat("to_zero", cend=fmt_number(c_end))
        self.play_sweep(self.C.animate.set_value(c_end), run_time=max(rest, 0.5))
        updater.clear_updaters()
        self.wait(style.LONG)
