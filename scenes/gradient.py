"""``gradient``: descent with each penalty (seeds 000 and 003).

The 1-D loss of ``shrink`` (same data parameters). On a ball at w, the data pull
and the penalty pull as arrows to scale: L1's pull has the same length everywhere,
L2's fades as w → 0. Then three runs from the same start and step: subgradient
descent with L1 hops across 0 forever, proximal descent (soft-thresholding) lands
on exactly 0 and stays, gradient descent with L2 settles at a·w0/(a + λ) > 0.
A closing 2-D beat shows the three paths on the loss contours; the proximal
path snaps onto an axis. Every iterate comes from ``mathcore.descent``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    Polygon,
    ValueTracker,
    VGroup,
    VMobject,
    smooth,
)

from mathcore import Quadratic, descent, penalized_minimizer, penalty_gradient
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.layout import Box, fit
from scenes.kit.params import param, shown_bound
from scenes.kit.plane import inside_runs
from scenes.kit.plots import FunctionCurve, dashed, legend_entry, link_legend, make_axes
from scenes.kit.problem1d import Data1DParams, Problem1D
from scenes.kit.registry import register
from scenes.kit.typeset import Readout, fmt_number, formula, number_formula, swap_content, text

RUNS = (("subgradient", "l1"), ("proximal", "l1"), ("gd", "l2"))
RUN_LABELS = {"subgradient": "\"L1, subgradient\"", "proximal": "\"L1, proximal\"", "gd": "\"L2, gradient\""}
# The proximal step, soft-thresholding a plain gradient step (what the proximal run animates).
PROXIMAL_RULE = ("w ← op(\"sign\")(z) max(|z| − η λ, 0)", "z = w − η \"MSE\"'(w)")
MIN_ARROW = 0.4  # scene units: shorter pulls are drawn this long (shaft and tip) with their value printed


@dataclass(frozen=True)
class GradientParams(Data1DParams):
    lam: float = param(0.6, "λ of the runs (above λ* = 2a|w0| the L1 answer is exactly 0)", min=0.0, max=100.0)
    step: float = param(0.15, "learning rate η of every run", min=0.0, min_exclusive=True, max=10.0)
    n_steps: int = param(24, "number of descent steps shown", min=2, max=200)
    start: float = param(0.8, "starting weight of every run", min=-5.0, max=5.0)
    h11: float = param(1.0, "2-D beat: Hessian entry H11", min=0.01, max=100.0)
    h12: float = param(0.35, "2-D beat: Hessian entry H12 (tilt / correlation)", min=-100.0, max=100.0)
    h22: float = param(0.7, "2-D beat: Hessian entry H22", min=0.01, max=100.0)
    c1: float = param(0.9, "2-D beat: least-squares point, first weight", min=-5.0, max=5.0)
    c2: float = param(0.3, "2-D beat: least-squares point, second weight", min=-5.0, max=5.0)
    lam_2d: float = param(0.7, "2-D beat: λ", min=0.0, max=100.0)
    step_2d: float = param(0.3, "2-D beat: learning rate", min=0.0, min_exclusive=True, max=10.0)
    n_steps_2d: int = param(30, "2-D beat: number of steps", min=2, max=500)

    def check(self) -> None:
        super().check()
        if self.h11 * self.h22 - self.h12**2 <= 0:
            raise ValueError(f"h12: the 2-D Hessian must be positive definite (h11·h22 > h12²), got h12 = {self.h12:g}")
        m = Problem1D(self)
        if 2 * self.step * (m.a + self.lam) >= 2:
            raise ValueError(f"step: must be < 1/(a + λ) = {1 / (m.a + self.lam):.3g} for L2 descent to converge, "
                             f"got {self.step:g}")
        if self.start == 0:
            raise ValueError("start: must be non-zero (the runs start away from 0)")
        top = float(np.linalg.eigvalsh(np.array([[self.h11, self.h12], [self.h12, self.h22]]))[-1])
        if self.step_2d * (top + self.lam_2d) >= 1:  # the 2-D L2 run's Hessian is 2(H + λI)
            bound = shown_bound(1 / (top + self.lam_2d), lower=False)
            raise ValueError(f"step_2d: must be < {bound:.3g}, 1/(λ_max(H) + λ), for the 2-D L2 descent to converge, "
                             f"got {self.step_2d:g}")


class GradientNumbers(Problem1D):
    def __init__(self, p: GradientParams):
        super().__init__(p)
        self.p = p
        self.runs = {m: descent(self.loss, p.lam, pen, m, step=p.step, n_steps=p.n_steps, start=p.start)
                     for m, pen in RUNS}
        self.loss2 = Quadratic(np.array([[p.h11, p.h12], [p.h12, p.h22]]), np.array([p.c1, p.c2]))
        start2 = np.array([-0.6, 1.1]) * max(1.0, float(np.abs(self.loss2.c).max()))
        self.start2 = start2
        self.runs2 = {m: descent(self.loss2, p.lam_2d, pen, m, step=p.step_2d, n_steps=p.n_steps_2d, start=start2)
                      for m, pen in RUNS}

    @staticmethod
    def band(values: np.ndarray) -> tuple[float, float]:
        """The range a run keeps moving in: its lowest and highest value over the second half of its
        steps (a subgradient run with a fixed step never settles; its last value is luck)."""
        tail = np.asarray(values, dtype=float)[len(values) // 2:]
        return float(tail.min()), float(tail.max())

    def pulls(self, w: float) -> dict[str, float]:
        """The pushes on the ball (minus the gradients): data, L1 penalty, L2 penalty."""
        lam = self.p.lam
        return {"data": -float(self.loss.grad(w)), "l1": -lam * float(penalty_gradient(w, "l1")),
                "l2": -lam * float(penalty_gradient(w, "l2"))}

    def as_dict(self) -> dict:
        p = self.p
        return {
            **super().as_dict(),
            "lam": p.lam,
            "exact": {"l1": self.w_l1(p.lam), "l2": self.w_l2(p.lam)},
            "runs": {m: run.tolist() for m, run in self.runs.items()},
            "last": {m: float(run[-1]) for m, run in self.runs.items()},
            "subgradient_band": list(self.band(self.runs["subgradient"])),
            "two_d": {"H": self.loss2.H.tolist(), "c": self.loss2.c.tolist(), "lam": p.lam_2d,
                      "start": self.start2.tolist(),
                      "exact_l1": penalized_minimizer(self.loss2, p.lam_2d, "l1").tolist(),
                      "exact_l2": penalized_minimizer(self.loss2, p.lam_2d, "l2").tolist(),
                      "last": {m: run[-1].tolist() for m, run in self.runs2.items()},
                      "subgradient_band_w2": list(self.band(self.runs2["subgradient"][:, 1]))},
        }


def window_tail(run: np.ndarray, window: np.ndarray) -> np.ndarray:
    """The last stretch of ``run`` inside ``window`` (rows: low corner, high corner), starting where it
    entered: the step that came in is cut at the window's edge."""
    inside = np.all((run >= window[0]) & (run <= window[1]), axis=1)
    if not inside[-1]:
        return run[:0]
    k = len(run) - 1
    while k > 0 and inside[k - 1]:
        k -= 1
    tail = run[k:]
    if k == 0:
        return tail
    a, b = run[k - 1], run[k]  # the step in: from a (outside) to b (inside); enter at the largest t that leaves
    ts = [0.0]
    for axis in range(2):
        for edge in window[:, axis]:
            if (a[axis] - edge) * (b[axis] - edge) < 0:
                ts.append((edge - a[axis]) / (b[axis] - a[axis]))
    return np.vstack([a + max(ts) * (b - a), tail])


@register("gradient", "1-D descent: L1's constant push vs L2's fading push; subgradient chatters, proximal lands on 0",
          chapter="A constant push vs a fading one", position=30)
class GradientScene(ExplainerScene):
    PARAMS = GradientParams
    BEATS = (
        ("setup", "The loss of the 1-D data again, and a ball at $w = {start}$ that will descend it."),
        ("pulls", "Each step follows two pulls: the data gradient, and the penalty gradient $λ op(\"sign\")(w)$ "
                  "(L1) or $2λ w$ (L2)."),
        ("near_zero", "Near 0, L1 still pulls with the full $λ = {lam}$; L2's pull $2λ w$ fades to ${l2}$."),
        ("three_runs", "Three runs, same start, same step $η = {step}$, at $λ = {lam}$: L1 by subgradient steps; "
                       "L1 by proximal steps (a plain step on the loss, then $w$ moves $η λ$ toward 0 and stops at "
                       "0); L2 by gradient steps. The two L1 runs coincide until a step would cross 0."),
        ("exact_vs_nearly", "Proximal steps land on *exactly* 0 and stay. Subgradient steps {sub_story}. "
                            "L2 settles at ${l2} > 0$."),
        ("two_d", "In 2-D (grey: the loss's contours) the same: the proximal path snaps onto the axis, "
                  "$w_2 = 0$ exactly. With a fixed step, subgradient {sub2_story}. L2 keeps both weights."),
    )

    @classmethod
    def solve(cls, p: GradientParams) -> dict:
        return GradientNumbers(p).as_dict()

    def construct(self) -> None:
        self.numbers = GradientNumbers(self.p)
        self.show_setup()
        self.show_pulls()
        self.slide_toward_zero()
        self.run_three()
        self.compare_last()
        self.show_two_d()

    # -- layout ---------------------------------------------------------------------------
    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        if self.layout.portrait:
            main, side = content.split_v(0.74, 0.26, gap=0.25)
        else:
            main, side = content.split_h(0.68, 0.32, gap=0.45)
        plot, lanes = main.split_v(0.58, 0.42, gap=0.15)
        return {"main": main, "plot": plot, "lanes": lanes, "side": side}

    @cached_property
    def w_range(self) -> tuple[float, float]:
        lo, hi = self.numbers.w_range()
        s = self.p.start
        pad = 0.1 * (hi - lo)
        return (min(lo, s - pad), max(hi, s + pad))

    @cached_property
    def arrow_scale(self) -> float:
        """Scene units per unit of pull: the largest pull along the slide is 1.6 units long."""
        ws = np.linspace(self.p.start, 0.05 * self.p.start, 50)
        biggest = max(max(abs(v) for v in self.numbers.pulls(w).values()) for w in ws)
        return 1.6 / max(biggest, 1e-9)

    # -- beats ------------------------------------------------------------------------------
    def show_setup(self) -> None:
        m, p, pal = self.numbers, self.p, self.palette
        self.beat("setup", start=fmt_number(p.start))
        y_top = float(max(m.loss.value(np.array(self.w_range)))) * 1.05
        plot = make_axes(self.boxes["plot"], self.w_range, (0.0, y_top), pal, x_label="w", y_label="\"MSE\"(w)")
        self.axes = axes = plot.axes
        curve = FunctionCurve(axes, m.loss.value, x_range=self.w_range, color=pal.data, extra_x=(0.0, m.w0))
        self.w = ValueTracker(p.start)
        ball = Dot(radius=style.DOT_RADIUS * 1.4, color=pal.text)
        ball.add_updater(lambda d: d.move_to(axes.c2p(self.w.get_value(), float(m.loss.value(self.w.get_value())))))
        self.play(FadeIn(plot), Create(curve), run_time=style.MEDIUM)
        self.play(FadeIn(ball, scale=0.5), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)
        self.plot_group = VGroup(plot, curve, ball)

    def lane(self, k: int, color: str, name: str) -> tuple[VGroup, float]:
        """A number line under the plot sharing its w mapping; returns it and its y."""
        box = self.boxes["lanes"]
        y = box.top - (k + 0.5) * box.height / 2
        axes = self.axes
        line = Line([axes.c2p(self.w_range[0], 0)[0], y, 0], [axes.c2p(self.w_range[1], 0)[0], y, 0],
                    stroke_color=self.palette.axis, stroke_width=2)
        zero = Line([axes.c2p(0, 0)[0], y - 0.12, 0], [axes.c2p(0, 0)[0], y + 0.12, 0], stroke_color=self.palette.axis)
        label = formula(name, style.LABEL, color).next_to(line, LEFT, buff=0.15)
        return VGroup(line, zero, label), y

    def show_pulls(self) -> None:
        pal = self.palette
        self.beat("pulls")
        lanes = VGroup()
        self.lane_y = {}
        for k, (pen, color) in enumerate((("l1", pal.l1), ("l2", pal.l2))):
            group, y = self.lane(k, color, "\"L1\"" if pen == "l1" else "\"L2\"")
            lanes.add(group)
            self.lane_y[pen] = y
        self.arrows = {key: Arrow(ORIGIN, RIGHT, buff=0, stroke_width=6, max_tip_length_to_length_ratio=0.25,
                                  color=color)
                       for key, color in (("data_l1", pal.data), ("pen_l1", pal.l1), ("net_l1", pal.accent),
                                          ("data_l2", pal.data), ("pen_l2", pal.l2), ("net_l2", pal.accent))}
        self.arrow_values = {key: VGroup(formula("0", style.SMALL, color)) for key, color in
                             (("pen_l1", pal.l1), ("pen_l2", pal.l2))}
        for group, color in zip(self.arrow_values.values(), (pal.l1, pal.l2), strict=True):
            group.color_name = color
        # Lambdas, not bound methods: animations deep-copy mobjects, and a bound method would copy the scene.
        for key, arrow in self.arrows.items():
            arrow.add_updater(lambda a, key=key: self.update_arrow(a, key))
        legend = VGroup(legend_entry("\"data pull\" −\"MSE\"'(w)", pal.data),
                        legend_entry("−λ op(\"sign\")(w)", pal.l1), legend_entry("−2λ w", pal.l2),
                        legend_entry("\"net pull\"", pal.accent))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self.readouts = VGroup(Readout("|λ op(\"sign\")(w)|", 0.0, color=pal.l1),
                               Readout("|2λ w|", 0.0, color=pal.l2))
        self.readouts.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        side = VGroup(legend, self.readouts).arrange(DOWN, aligned_edge=LEFT, buff=0.5)
        fit(side, self.boxes["side"])
        self.update_readouts(self.readouts)
        self.play(FadeIn(lanes), FadeIn(legend), run_time=style.SHORT)
        self.play(*[FadeIn(a) for a in self.arrows.values()], FadeIn(self.readouts), run_time=style.MEDIUM)
        self.add(*self.arrow_values.values())
        # After the fade: a readout re-typesets (new submobjects) and must not change mid-interpolation.
        self.readouts.add_updater(lambda g: self.update_readouts(g))
        self.wait(style.BEAT_PAUSE)
        self.forces = VGroup(lanes, *self.arrows.values(), *self.arrow_values.values(), side)

    def update_arrow(self, arrow: Arrow, key: str) -> None:
        """One pull on its lane, to scale: data above the line, the penalty below it, their sum
        (the net pull) on it. A pull shorter than ``MIN_ARROW`` is drawn that long, so it keeps a
        shaft and a tip, and its value is printed beside it."""
        kind, pen = key.split("_")
        w = float(self.w.get_value())
        pulls = self.numbers.pulls(w)
        pull = {"data": pulls["data"], "pen": pulls[pen], "net": pulls["data"] + pulls[pen]}[kind]
        x0 = self.axes.c2p(w, 0)[0]
        y = self.lane_y[pen] + {"data": 0.2, "pen": -0.2, "net": 0.0}[kind]
        length = pull * self.arrow_scale
        clamped = abs(length) < MIN_ARROW
        if clamped:
            length = MIN_ARROW * (1.0 if pull >= 0 else -1.0)
        arrow.put_start_and_end_on(np.array([x0, y, 0]), np.array([x0 + length, y, 0]))
        if key in self.arrow_values:
            label = self.arrow_values[key]
            shown = fmt_number(abs(pull), 2)
            if getattr(label, "shown", None) != shown:
                swap_content(label, number_formula("", shown, style.SMALL, label.color_name))
                label.shown = shown
            label.next_to(arrow, RIGHT if length < 0 else LEFT, buff=0.08)
            label.set_opacity(1.0 if clamped else 0.0)

    def update_readouts(self, group: VGroup) -> None:
        pulls = self.numbers.pulls(float(self.w.get_value()))
        group[0].set_value(abs(pulls["l1"]))
        group[1].set_value(abs(pulls["l2"]))

    def slide_toward_zero(self) -> None:
        p = self.p
        target = 0.08 * p.start
        l2_end = abs(self.numbers.pulls(target)["l2"])
        self.beat("near_zero", lam=fmt_number(p.lam), l2=fmt_number(l2_end))
        self.play(self.w.animate.set_value(target), run_time=style.LONG * 1.4, rate_func=smooth)
        self.wait(style.BEAT_PAUSE)

    def run_three(self) -> None:
        m, p, pal = self.numbers, self.p, self.palette
        self.beat("three_runs", step=fmt_number(p.step), lam=fmt_number(p.lam))
        for arrow in self.arrows.values():
            arrow.clear_updaters()
        self.readouts.clear_updaters()
        self.play(FadeOut(self.forces), FadeOut(self.plot_group), run_time=style.SHORT)
        runs = m.runs
        lo = min(float(r.min()) for r in runs.values())
        hi = max(float(r.max()) for r in runs.values())
        pad = 0.08 * (hi - lo)
        plot = make_axes(self.boxes["main"], (0.0, float(p.n_steps)), (min(lo - pad, 0.0), hi + pad), pal,
                         x_label="\"step\"", y_label="w", x_step=max(1.0, float(round(p.n_steps / 6))))
        self.chart = axes = plot.axes
        target = m.w_l2(p.lam)
        guide = VGroup(DashedLine(axes.c2p(0, target), axes.c2p(p.n_steps, target), stroke_color=pal.l2,
                                  stroke_width=2, dash_length=0.08, stroke_opacity=0.6))
        guide.add(formula(f"\"L2's limit\" {fmt_number(target)}", style.FINE, pal.l2)
                  .next_to(axes.c2p(p.n_steps, target), UP + LEFT, buff=0.08))
        styles = {"subgradient": pal.l1, "proximal": pal.l1, "gd": pal.l2}
        self.traces = {name: VMobject(stroke_color=c, stroke_width=4) for name, c in styles.items()}
        self.trace_dots = {name: Dot(radius=style.DOT_RADIUS * 0.8, color=c) for name, c in styles.items()}
        rows = VGroup()
        self.run_readouts = {}
        for name in ("subgradient", "proximal", "gd"):
            color = styles[name]
            label = link_legend(legend_entry(RUN_LABELS[name], color, dashed=name == "subgradient"), self.traces[name])
            readout = Readout("w", float(runs[name][0]), color=color)
            lines = [label, readout]
            if name == "proximal":
                lines[1:1] = [formula(rule, style.SMALL, color) for rule in PROXIMAL_RULE]
            rows.add(VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.1))
            self.run_readouts[name] = readout
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        fit(rows, self.boxes["side"])
        k = ValueTracker(0.0)

        def update(_):
            t = float(k.get_value())
            i = int(np.floor(t + 1e-9))
            for name, run in runs.items():
                pts = [axes.c2p(j, run[j]) for j in range(i + 1)]
                if i < p.n_steps and t > i:
                    pts.append(axes.c2p(t, run[i] + (t - i) * (run[i + 1] - run[i])))
                if len(pts) == 1:
                    pts.append(pts[0])
                if name == "subgradient":  # dashed, as in its legend: the two L1 runs share a colour
                    self.traces[name].become(dashed(VMobject(stroke_color=pal.l1, stroke_width=4)
                                                    .set_points_as_corners(pts)))
                else:
                    self.traces[name].set_points_as_corners(pts)
                self.trace_dots[name].move_to(pts[-1])
                self.run_readouts[name].set_value(float(run[min(i, p.n_steps)]))

        holder = VGroup(*self.traces.values(), *self.trace_dots.values(), rows)
        update(None)
        self.play(FadeIn(plot), FadeIn(guide), FadeIn(holder), run_time=style.SHORT)
        holder.add_updater(update)
        self.play_sweep(k.animate.set_value(float(p.n_steps)), run_time=max(5.0, 0.35 * p.n_steps))
        holder.clear_updaters()
        self.runs_group = VGroup(plot, guide, holder)

    def compare_last(self) -> None:
        m, p, pal = self.numbers, self.p, self.palette
        last = {name: float(run[-1]) for name, run in m.runs.items()}
        lo, hi = m.band(m.runs["subgradient"])
        where = f"between ${fmt_number(lo)}$ and ${fmt_number(hi)}$ (band)"
        story = (f"keep hopping across 0: over the last half of the run they stay {where}" if lo < 0 < hi
                 else f"move {where} over the last half of the run")
        self.beat("exact_vs_nearly", sub_story=story, l2=fmt_number(last["gd"]))
        axes = self.chart
        half = len(m.runs["subgradient"]) // 2
        self.band_1d = Polygon(*[axes.c2p(k, w) for k, w in ((half, lo), (p.n_steps, lo), (p.n_steps, hi),
                                                                (half, hi))],
                               stroke_width=0, fill_color=pal.l1, fill_opacity=0.18)
        self.play(Indicate(self.run_readouts["proximal"], color=pal.accent, scale_factor=1.2), run_time=style.MEDIUM)
        self.when_read("Subgradient steps", FadeIn(self.band_1d),
                       Indicate(self.run_readouts["subgradient"], color=pal.accent, scale_factor=1.1))
        self.when_read("L2 settles", Indicate(self.run_readouts["gd"], color=pal.accent, scale_factor=1.1))
        self.wait(style.BEAT_PAUSE)
        self.runs_group.add(self.band_1d)

    def show_two_d(self) -> None:
        m, pal = self.numbers, self.palette
        b_lo, b_hi = m.band(m.runs2["subgradient"][:, 1])
        where = f"between ${fmt_number(b_lo)}$ and ${fmt_number(b_hi)}$ (band)"
        story = (f"never settles: $w_2$ keeps jumping {where}" if b_lo < 0 < b_hi
                 else f"ends with $w_2$ {where} over the last half of its steps")
        self.beat("two_d", sub2_story=story)
        self.play(FadeOut(self.runs_group), run_time=style.SHORT)
        c = m.loss2.c
        around_c = c + 0.3 * np.array([[1, 1], [-1, -1]]) * max(float(np.abs(c).max()), 0.5)
        pts = np.concatenate([r for r in m.runs2.values()] + [around_c, np.zeros((1, 2))])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        span = float(max(hi - lo)) * 1.15
        mid = (lo + hi) / 2
        box = self.boxes["main"]
        side = min(box.width, box.height)
        square = Box(box.center[0] - side / 2, box.center[0] + side / 2, box.center[1] - side / 2,
                     box.center[1] + side / 2)
        plot = make_axes(square, (mid[0] - span / 2, mid[0] + span / 2), (mid[1] - span / 2, mid[1] + span / 2), pal,
                         x_label="w_1", y_label="w_2", equal_aspect=True)
        axes = plot.axes
        levels = m.loss2.r + np.array([0.05, 0.2, 0.45, 0.8, 1.25]) * float(m.loss2.value(np.zeros(2)) - m.loss2.r)
        contours = VGroup()
        for level in levels:
            ring = m.loss2.level_ellipse(level, 240)
            inside = (np.abs(ring - mid) <= span / 2).all(axis=1)
            for run in inside_runs(inside):
                if len(run) > 2:
                    contours.add(VMobject(stroke_color=pal.data, stroke_width=2, stroke_opacity=0.5)
                                 .set_points_as_corners(axes.coords_to_point(ring[run])))
        paths = VGroup()
        ends = VGroup()
        labels = VGroup()
        tail = m.runs2["subgradient"][len(m.runs2["subgradient"]) // 2:, 0]  # the band: where the tail runs
        x0, x1 = float(tail.min()) - 0.04 * span, float(tail.max()) + 0.04 * span
        band = Polygon(*[axes.c2p(x, w) for x, w in ((x0, b_lo), (x1, b_lo), (x1, b_hi), (x0, b_hi))], stroke_width=0,
                       fill_color=pal.l1, fill_opacity=0.18)
        for name, run in m.runs2.items():
            color = pal.of(dict(RUNS)[name])
            path = VMobject(stroke_color=color, stroke_width=4).set_points_as_corners(axes.coords_to_point(run))
            paths.add(dashed(path) if name == "subgradient" else path)
            if name == "subgradient":  # no end point: its last step is luck; the band is what it does
                reading = f"w_2 in [{fmt_number(b_lo)}, {fmt_number(b_hi)}]"
            else:
                ends.add(Dot(axes.c2p(*run[-1]), radius=style.DOT_RADIUS, color=color))
                reading = f"({fmt_number(float(run[-1][0]))}, {fmt_number(float(run[-1][1]))})"
            labels.add(VGroup(link_legend(legend_entry(RUN_LABELS[name], color, dashed=name == "subgradient"),
                                          paths[-1]),
                              formula(reading, style.LABEL, color)).arrange(DOWN, aligned_edge=LEFT, buff=0.08))
        labels.arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        settings = formula(f"λ = {fmt_number(self.p.lam_2d)}, quad η = {fmt_number(self.p.step_2d)}", style.LABEL,
                           pal.muted)
        labels.add_to_back(settings.next_to(labels, UP, buff=0.3, aligned_edge=LEFT))
        side = self.boxes["side"]
        label_box, zoom_box = side.split_h(0.5, 0.5, gap=0.4) if self.layout.portrait else \
            side.split_v(0.45, 0.55, gap=0.35)
        fit(labels, label_box)
        self.zoom_2d = zoom = self.zoom_inset(zoom_box, (x0, x1), (b_lo, b_hi))
        start = Dot(axes.c2p(*m.start2), radius=style.DOT_RADIUS, color=pal.text)
        self.band_2d = band
        self.two_d = VGroup(plot, contours, band, paths, ends, labels)  # what later beats and tests read
        # the legend first; each run's reading when the caption gets to it (not before its path is drawn)
        self.play(FadeIn(plot), FadeIn(contours), FadeIn(start), FadeIn(settings),
                  *[FadeIn(label[0]) for label in labels[1:]],
                  run_time=style.MEDIUM)
        self.play_sweep(*[Create(path) for path in paths], run_time=style.LONG * 1.4)
        self.when_read("the proximal path", FadeIn(ends[0]), FadeIn(labels[2][1]),
                       Indicate(paths[1], color=pal.accent, scale_factor=1.0), run_time=style.MEDIUM)
        self.when_read("With a fixed step", FadeIn(band), FadeIn(labels[1][1]),
                       Indicate(paths[0], color=pal.accent, scale_factor=1.0), run_time=style.MEDIUM)
        self.play(FadeIn(zoom.frame), run_time=style.SHORT)
        self.play_sweep(Create(zoom.paths), run_time=style.MEDIUM)
        self.play(FadeIn(zoom.ends), run_time=style.SHORT)
        self.when_read("L2 keeps both", FadeIn(ends[1]), FadeIn(labels[3][1]),
                       Indicate(paths[2], color=pal.accent, scale_factor=1.0), run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)
        self.band_2d = band
        self.two_d = VGroup(plot, contours, band, paths, ends, labels)

    def zoom_inset(self, box: Box, xs: tuple[float, float], band: tuple[float, float]) -> SimpleNamespace:
        """The 2-D runs around the band, magnified (each axis its own scale): the subgradient run's jumps
        across the axis, the proximal run's end on it, L2's end off it."""
        m, pal = self.numbers, self.palette
        (x0, x1), (b_lo, b_hi) = xs, band
        pad = 0.12 * (b_hi - b_lo)
        window = np.array([[x0, min(b_lo, 0.0) - pad], [x1, max(b_hi, 0.0) + pad]])
        ends = np.array([run[-1] for run in m.runs2.values()])
        window[0] = np.minimum(window[0], ends.min(axis=0) - 0.1 * (window[1] - window[0]))
        window[1] = np.maximum(window[1], ends.max(axis=0) + 0.1 * (window[1] - window[0]))
        title = text("zoom on the band", style.FINE, pal.muted)
        plot = make_axes(Box(box.left, box.right, box.bottom, box.top - title.height - 0.15), tuple(window[:, 0]),
                         tuple(window[:, 1]), pal, x_label="w_1", y_label="w_2", target_x_ticks=3)
        axes = plot.axes
        title.next_to(plot, UP, buff=0.1).align_to(plot, LEFT)
        shade = Polygon(*[axes.c2p(x, w) for x, w in ((x0, b_lo), (x1, b_lo), (x1, b_hi), (x0, b_hi))],
                        stroke_width=0, fill_color=pal.l1, fill_opacity=0.18)
        zoom = SimpleNamespace(axes=axes, frame=VGroup(plot, title, shade), paths=VGroup(), ends=VGroup())
        for name, run in m.runs2.items():
            color = pal.of(dict(RUNS)[name])
            tail = window_tail(run, window)
            if len(tail) < 2:
                continue
            path = VMobject(stroke_color=color, stroke_width=3).set_points_as_corners(axes.coords_to_point(tail))
            zoom.paths.add(dashed(path) if name == "subgradient" else path)
            if name != "subgradient":
                zoom.ends.add(Dot(axes.c2p(*run[-1]), radius=style.DOT_RADIUS * 0.8, color=color))
        return zoom
