"""``shrink``: the 1-D story (seed 000). Same λ: L1 gives exactly 0, L2 only shrinks.

Data y = w·x; the loss MSE(w) = a(w − w0)² + r; the penalties λ|w| and λw²; their
sums; then λ sweeps up: the L1 minimizer soft-thresholds to exactly 0 at
λ* = 2a|w0| and stays, while the L2 minimizer a·w0/(a + λ) only approaches 0.
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
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Flash,
    Indicate,
    Line,
    ValueTracker,
    VGroup,
)

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.cards import card
from scenes.kit.layout import Box, fit
from scenes.kit.params import param
from scenes.kit.plots import Bars, FunctionCurve, axis_marker, legend_entry, make_axes, scatter
from scenes.kit.problem1d import Data1DParams, Problem1D
from scenes.kit.registry import register
from scenes.kit.typeset import Readout, fmt_number, formula, text


@dataclass(frozen=True)
class ShrinkParams(Data1DParams):
    lam: float = param(0.2, "λ of the static beats (penalties and their sums)", min=0.0, max=100.0)
    lam_max: float = param(1.0, "λ at the end of the sweep (must pass λ* = 2a|w0|)", min=0.0,
                           min_exclusive=True, max=100.0)
    sweep_seconds: float = param(6.0, "duration of the λ sweep in seconds", min=1.0, max=60.0)

    def check(self) -> None:
        super().check()
        model = Problem1D(self)
        if self.lam > self.lam_max:
            raise ValueError(f"lam: must be <= lam_max ({self.lam_max:g}), got {self.lam:g}")
        if self.lam_max <= model.lam_star:
            raise ValueError(f"lam_max: must be > λ* = {model.lam_star:.4g} (where L1 reaches 0 for this data), "
                             f"got {self.lam_max:g}")


class ShrinkNumbers(Problem1D):
    def __init__(self, p: ShrinkParams):
        super().__init__(p)
        self.p = p

    def as_dict(self) -> dict:
        p = self.p
        return {
            **super().as_dict(),
            "static": {"lam": p.lam, "w_l1": self.w_l1(p.lam), "w_l2": self.w_l2(p.lam)},
            "sweep_end": {"lam": p.lam_max, "w_l1": self.w_l1(p.lam_max), "w_l2": self.w_l2(p.lam_max)},
        }


@register("shrink", "1-D story: same λ, the L1 minimizer hits exactly 0 while the L2 minimizer only shrinks",
          chapter="Same λ, different fate", position=10)
class ShrinkScene(ExplainerScene):
    PARAMS = ShrinkParams
    BEATS = (
        ("data", "Data from $y = {w} x$. A model with one weight $w$ has to learn it from {n} points."),
        ("loss", "The loss $\"MSE\"(w)$, the mean squared error of the fit, is a parabola, smallest at the "
                 "least-squares weight $hat(w) = {w0}$."),
        ("penalties", "The penalty strength $λ = {lam}$ sets how much a weight costs: L1 adds $λ|w|$, a V; L2 adds "
                      "$λ w^2$, a parabola."),
        ("sums", "Add each penalty to the loss. The L1 minimum moves to ${w1}$, the L2 minimum to ${w2}$."),
        ("sweep", "Now raise $λ$. Both minimizers move toward 0."),
        ("l1_hits_zero", "At $λ^* = 2a|hat(w)| = {ls}$ ($a$: the mean of $x^2$) the L1 minimizer reaches *exactly* 0, and stays there."),
        ("why_zero", "Why exactly 0? From $w = 0$, $\"MSE\" + λ|w|$ rises at $λ + 2a hat(w)$ going left and "
                     "$λ − 2a hat(w)$ going right, with $a$ = mean of $x^2$ (the loss's second derivative is $2a$). "
                     "Once $λ ≥ 2a|hat(w)|$ neither rate is negative: no step goes downhill, 0 is the minimum."),
        ("l2_only_shrinks", "The L2 minimizer $a hat(w) \\/ (a + λ)$ only shrinks: at $λ = {lmax}$ it is still ${w2}$."),
        ("takeaway", "Same $λ$: L1 gives exactly 0, L2 only shrinks."),
    )

    @classmethod
    def solve(cls, params: ShrinkParams) -> dict:
        return ShrinkNumbers(params).as_dict()

    def construct(self) -> None:
        self.numbers = ShrinkNumbers(self.p)
        self.lam = ValueTracker(self.p.lam)
        self.show_data()
        self.show_loss()
        self.show_penalties()
        self.show_sums()
        self.sweep_lambda()
        self.show_takeaway()

    # -- layout -----------------------------------------------------------------------
    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        if self.layout.portrait:
            top, main, inset = content.split_v(0.3, 0.45, 0.25, gap=0.2)
            data, readouts = top.split_h(0.62, 0.38, gap=0.15)
        else:
            left, main = content.split_h(0.36, 0.64, gap=0.45)
            data, readouts, inset = left.split_v(0.44, 0.17, 0.39, gap=0.2)
        legend, plot = main.split_v(0.09, 0.91, gap=0.1)
        return {"data": data, "legend": legend, "main": plot, "readouts": readouts, "inset": inset}

    @cached_property
    def w_range(self) -> tuple[float, float]:
        return self.numbers.w_range()

    def fmt(self, x: float) -> str:
        return fmt_number(x, 2)

    # -- beats ---------------------------------------------------------------------------
    def show_data(self) -> None:
        m, pal = self.numbers, self.palette
        self.beat("data", w=self.fmt(self.p.true_w), n=self.p.n_points)
        xs, ys = m.x, m.y
        x_pad = 0.1 * (xs.max() - xs.min())
        y_lo, y_hi = min(ys.min(), 0.0), max(ys.max(), 0.0)
        y_pad = 0.15 * max(y_hi - y_lo, 1e-6)
        plot = make_axes(self.boxes["data"], (xs.min() - x_pad, xs.max() + x_pad), (y_lo - y_pad, y_hi + y_pad),
                         pal, x_label="x", y_label="y", x_labels_at_bottom=True, target_x_ticks=4)
        axes = plot.axes
        dots = scatter(axes, xs, ys, pal.data)
        x_end = xs.max() + x_pad * 0.9
        fit = Line(axes.c2p(-x_end, m.w0 * -x_end), axes.c2p(x_end, m.w0 * x_end), stroke_color=pal.text,
                   stroke_width=style.THIN_WIDTH)
        fit_label = formula(f"hat(y) = {self.fmt(m.w0)} x", style.SMALL, pal.text)
        # In the row above the axes (beside the y label), clear of the points at every aspect.
        box = self.boxes["data"]
        fit_label.move_to([box.right - 0.1, box.top, 0], aligned_edge=UP + RIGHT)
        title = VGroup(text("*Why does L1 give exact zeros*", style.TITLE, pal.text),
                       text("and L2 only small weights?", style.HEADING, pal.muted)).arrange(DOWN, buff=0.3)
        main = self.boxes["main"]
        title.scale_to_fit_width(min(title.width, main.width)).move_to(main.center)
        self.title = title
        self.play(FadeIn(title, shift=UP * 0.2), FadeIn(plot), run_time=style.SHORT)
        self.play(FadeIn(dots, lag_ratio=0.1), run_time=style.MEDIUM)
        self.play(Create(fit), FadeIn(fit_label), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)
        self.data_panel = VGroup(plot, dots, fit, fit_label)

    def show_loss(self) -> None:
        m, pal = self.numbers, self.palette
        self.beat("loss", w0=self.fmt(m.w0))
        lo, hi = self.w_range
        y_top = 2.4 * (m.a * m.w0**2 + m.r)
        plot = make_axes(self.boxes["main"], (lo, hi), (0.0, y_top), pal, x_label="w", y_label="\"loss\"",
                         x_label_buff=0.32)
        self.axes = axes = plot.axes
        self.mse_curve = FunctionCurve(axes, m.loss.value, x_range=(lo, hi), color=pal.data,
                                       extra_x=(0.0, m.w0))
        w0_dot = Dot(axes.c2p(m.w0, m.r), radius=style.DOT_RADIUS, color=pal.data)
        w0_label = formula(f"hat(w) = {self.fmt(m.w0)}", style.SMALL, pal.data).next_to(w0_dot, UP, buff=0.15)
        self.legend = VGroup(legend_entry("\"MSE\"(w)", pal.data))
        self.place_legend()
        self.play(FadeOut(self.title), FadeIn(plot), run_time=style.SHORT)
        self.play(Create(self.mse_curve), FadeIn(self.legend), run_time=style.MEDIUM)
        self.play(FadeIn(w0_dot, scale=0.5), FadeIn(w0_label), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)
        self.w0_mark = VGroup(w0_dot, w0_label)

    def show_penalties(self) -> None:
        pal, lo_hi = self.palette, self.w_range
        self.beat("penalties", lam=self.fmt(self.p.lam))
        lam = self.p.lam
        self.pen_l1 = FunctionCurve(self.axes, lambda w: lam * np.abs(w), x_range=lo_hi, color=pal.l1,
                                    width=style.THIN_WIDTH + 1)
        self.pen_l2 = FunctionCurve(self.axes, lambda w: lam * w**2, x_range=lo_hi, color=pal.l2,
                                    width=style.THIN_WIDTH + 1)
        for curve in (self.pen_l1, self.pen_l2):
            curve.set_stroke(opacity=0.75)
        entries = [legend_entry("λ|w|", pal.l1), legend_entry("λ w^2", pal.l2)]  # solid, as the curves
        self.lam_readout = Readout("λ", lam, color=pal.accent)
        self.place_readouts([self.lam_readout])
        self.legend.add(*entries)
        self.place_legend()
        self.play(self.mse_curve.animate.set_stroke(opacity=0.45), FadeOut(self.w0_mark[1]),
                  FadeIn(self.lam_readout), run_time=style.SHORT)
        self.play(Create(self.pen_l1), FadeIn(entries[0]), run_time=style.MEDIUM)
        self.play(Create(self.pen_l2), FadeIn(entries[1]), run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)

    def show_sums(self) -> None:
        m, pal, lo_hi = self.numbers, self.palette, self.w_range
        lam = self.p.lam
        self.beat("sums", w1=self.fmt(m.w_l1(lam)), w2=self.fmt(m.w_l2(lam)))
        extra = (0.0, m.w0, m.w_l1(lam), m.w_l2(lam))
        # Grow each penalty curve into its sum: λ·P(w) + s·MSE(w) for s from 0 to 1, on one grid
        # that holds w = 0, so the L1 kink stays at 0 through the whole morph.
        share = ValueTracker(0.0)
        thin, full = style.THIN_WIDTH + 1, style.CURVE_WIDTH
        self.sums = {}
        for pen, old in (("l1", self.pen_l1), ("l2", self.pen_l2)):
            curve = FunctionCurve(self.axes, m.J(lam, pen), x_range=lo_hi, color=old.get_stroke_color(), extra_x=extra)

            def grow(c, pen=pen):
                s = share.get_value()
                c.set_function(lambda w: m.J(lam, pen)(w) - (1 - s) * m.loss.value(w))
                c.set_stroke(width=thin + s * (full - thin), opacity=0.75 + 0.25 * s)

            curve.add_updater(grow)
            grow(curve)
            self.sums[pen] = curve
        self.remove(self.pen_l1, self.pen_l2)
        self.add(*self.sums.values())
        new_entries = VGroup(legend_entry("\"MSE\" + λ|w|", pal.l1), legend_entry("\"MSE\" + λ w^2", pal.l2))
        target = VGroup(self.legend[0].copy(), *new_entries)
        self.arrange_legend(target)
        self.play(FadeOut(VGroup(*self.legend[1:])), self.legend[0].animate.move_to(target[0]),
                  run_time=style.SHORT)
        self.play_sweep(share.animate.set_value(1.0), FadeIn(new_entries), run_time=style.LONG)
        for curve in self.sums.values():
            curve.clear_updaters()
        new_legend = VGroup(self.legend[0], *new_entries)
        self.legend = new_legend
        # Minimizers: a dot on each curve, a drop line, a marker under the axis, a readout.
        self.markers = {pen: self.minimizer_marker(pen) for pen in ("l1", "l2")}
        self.w_readouts = {
            "l1": Readout("w^*_(L 1)", m.w_l1(lam), color=pal.l1),
            "l2": Readout("w^*_(L 2)", m.w_l2(lam), color=pal.l2),
        }
        self.place_readouts([self.lam_readout, self.w_readouts["l1"], self.w_readouts["l2"]])
        self.play(*[FadeIn(mk) for mk in self.markers.values()],
                  *[FadeIn(r) for r in self.w_readouts.values()], FadeOut(self.w0_mark[0]), run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE * 1.5)

    def sweep_lambda(self) -> None:
        m, p = self.numbers, self.p
        self.beat("sweep")
        inset = self.make_inset()
        self.kink = self.make_kink_panel()
        self.play(FadeIn(inset), FadeOut(self.data_panel), run_time=style.SHORT)
        self.attach_updaters()
        t_total = p.sweep_seconds
        frac_before = (m.lam_star - p.lam) / (p.lam_max - p.lam) if m.lam_star > p.lam else 0.0
        if frac_before > 0:
            self.play_sweep(self.lam.animate.set_value(m.lam_star), run_time=max(t_total * frac_before, 0.5))
        self.beat("l1_hits_zero", ls=self.fmt(m.lam_star))
        l1_dot = self.markers["l1"][0]
        self.play(Flash(l1_dot, color=self.palette.accent, flash_radius=0.35),
                  Indicate(self.w_readouts["l1"], color=self.palette.accent, scale_factor=1.15),
                  FadeIn(self.lam_star_mark), FadeIn(self.kink["bars_group"]), run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)
        self.explain_zero()
        self.beat("l2_only_shrinks", lmax=self.fmt(p.lam_max), w2=self.fmt(m.w_l2(p.lam_max)))
        self.play_sweep(self.lam.animate.set_value(p.lam_max), run_time=max(t_total * (1 - frac_before), 0.5))
        self.wait(style.BEAT_PAUSE)

    def show_takeaway(self) -> None:
        pal = self.palette
        self.beat("takeaway")
        lines = [
            text(f"*Same λ = {self.fmt(self.p.lam_max)}, different fate*", style.HEADING, pal.text),
            formula(f"\"L1:\" w^* = {fmt_number(self.numbers.w_l1(self.p.lam_max))} quad \"(exactly)\"",
                 style.BODY, pal.l1),
            formula(f"\"L2:\" w^* = {self.fmt(self.numbers.w_l2(self.p.lam_max))} quad \"(only shrinks)\"",
                 style.BODY, pal.l2),
        ]
        takeaway = fit(card(lines, pal, accent=pal.accent), self.boxes["data"])
        self.play(FadeOut(self.kink["bars_group"]), FadeOut(self.kink["slopes"]), FadeOut(self.kink["tangents"]),
                  run_time=style.SHORT)
        self.play(FadeIn(takeaway, shift=UP * 0.2), run_time=style.SHORT)
        self.wait(style.LONG)

    def explain_zero(self) -> None:
        """The one-sided slopes at the kink, drawn as tangents, with their values."""
        self.beat("why_zero")
        self.play(Create(self.kink["tangents"]), FadeIn(self.kink["slopes"]), run_time=style.MEDIUM)
        self.play(Indicate(self.kink["slopes"], color=self.palette.accent, scale_factor=1.1), run_time=style.MEDIUM)
        a_def = self.kink["bars_group"][0]
        self.when_read("with a = mean of", Indicate(a_def, color=self.palette.accent, scale_factor=1.1))
        # below λ* the step to the right goes downhill and the minimizer leaves 0; back at λ* neither does
        lam_star = self.numbers.lam_star
        self.when_read("Once λ ≥", self.lam.animate.set_value(0.7 * lam_star), run_time=style.MEDIUM)
        self.play(self.lam.animate.set_value(lam_star), run_time=style.MEDIUM)
        self.when_read("no step goes downhill", Indicate(self.kink["tangents"], color=self.palette.accent,
                                                            scale_factor=1.1))
        self.wait(style.BEAT_PAUSE)

    # -- helpers -------------------------------------------------------------------------------
    def make_kink_panel(self) -> dict:
        """λ against 2a|ŵ| as two bars (they cross at λ*), the curvature a, the one-sided slopes
        −2a·ŵ ± λ of MSE + λ|w| at w = 0 and their tangents on the main plot."""
        m, p, pal = self.numbers, self.p, self.palette
        box = self.boxes["data"]
        head, bars_box, slopes_box = box.split_v(0.2, 0.5, 0.3, gap=0.1)
        a_def = formula(f"a = \"mean\"(x^2) = {self.fmt(m.a)}", style.SMALL, pal.data)
        fit(a_def, head)
        plot = Box(bars_box.left + 0.3 * bars_box.width, bars_box.right - 0.3 * bars_box.width,
                   bars_box.bottom + 0.35, bars_box.top)
        vmax = max(p.lam_max, m.lam_star) * 1.05
        bars = Bars([self.p.lam, m.lam_star], box=plot, vmax=vmax, color=(pal.accent, pal.data))
        base = Line([plot.left, plot.bottom, 0], [plot.right, plot.bottom, 0], stroke_color=pal.axis, stroke_width=2)
        names = VGroup(*[formula(n, style.SMALL, c).move_to([x, plot.bottom - 0.18, 0])
                         for n, x, c in zip(("λ", "2a|hat(w)|"), bars.centers_x, (pal.accent, pal.data), strict=True)])
        level = DashedLine([plot.left, plot.bottom + bars.height_of(m.lam_star), 0],
                           [plot.right, plot.bottom + bars.height_of(m.lam_star), 0],
                           stroke_color=pal.muted, stroke_width=2, dash_length=0.06)
        # the rise of MSE + λ|w| per unit step away from 0, each way: both ≥ 0 means no step goes downhill
        slopes = VGroup(Readout("\"rise going left\"", 0.0, color=pal.l1),
                        Readout("\"rise going right\"", 0.0, color=pal.l1))
        slopes.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        fit(slopes, slopes_box)
        for r in slopes:
            r.max_width = slopes_box.right - r.get_left()[0]
        tangents = VGroup(Line(color=pal.text, stroke_width=4), Line(color=pal.text, stroke_width=4))
        kink = {"bars": bars, "bars_group": VGroup(a_def, base, bars, names, level), "slopes": slopes,
                "tangents": tangents}
        self.update_kink(kink, self.p.lam)
        return kink

    def update_kink(self, kink: dict, lam: float) -> None:
        m, axes = self.numbers, self.axes
        kink["bars"].set_values([lam, m.lam_star])
        left, right = -2 * m.a * m.w0 - lam, -2 * m.a * m.w0 + lam  # the one-sided slopes at 0
        kink["slopes"][0].set_value(-left)  # going left, the function changes by −(left slope) per unit
        kink["slopes"][1].set_value(right)
        j0 = float(m.loss.value(0.0))
        (lo, hi), y_top = self.w_range, axes.y_range[1]
        for line, slope, side in ((kink["tangents"][0], left, -1.0), (kink["tangents"][1], right, 1.0)):
            h = 0.22 * (hi - lo)
            rise = side * slope
            if rise > 0:  # keep the segment inside the plot
                h = min(h, (y_top - j0) / rise)
            line.put_start_and_end_on(axes.c2p(0.0, j0), axes.c2p(side * h, j0 + rise * h))


    def minimizer_marker(self, penalty: str) -> VGroup:
        """Dot at the minimum of the penalized curve, a dashed drop to the axis, a triangle under it."""
        color = self.palette.of(penalty)
        dot = Dot(radius=style.DOT_RADIUS, color=color)
        drop = DashedLine(color=color, stroke_width=2, dash_length=0.08)
        tri = axis_marker(self.axes, 0.0, color)
        group = VGroup(dot, drop, tri)
        group.penalty = penalty
        self.update_marker(group, self.p.lam)
        return group

    def update_marker(self, group: VGroup, lam: float) -> None:
        m, axes = self.numbers, self.axes
        w = m.w_l1(lam) if group.penalty == "l1" else m.w_l2(lam)
        jw = m.J(lam, group.penalty)(w)
        dot, drop, tri = group
        top = axes.c2p(w, jw)
        base = axes.c2p(w, axes.y_range[0])
        dot.move_to(top)
        drop.put_start_and_end_on(base, top) if np.linalg.norm(top - base) > 1e-3 else None
        tri.move_to(base + DOWN * (tri.height / 2 + 0.02))
        tri.w_value = w

    def attach_updaters(self) -> None:
        m = self.numbers

        def lam_now() -> float:
            return float(self.lam.get_value())

        for pen, curve in self.sums.items():
            curve.add_updater(lambda c, pen=pen: c.set_function(m.J(lam_now(), pen)))
        for mk in self.markers.values():
            mk.add_updater(lambda g: self.update_marker(g, lam_now()))
        self.lam_readout.add_updater(lambda r: r.set_value(lam_now()))
        self.kink["bars"].add_updater(lambda _: self.update_kink(self.kink, lam_now()))
        self.w_readouts["l1"].add_updater(lambda r: r.set_value(m.w_l1(lam_now())))
        self.w_readouts["l2"].add_updater(lambda r: r.set_value(m.w_l2(lam_now())))
        self.inset_trace_l1.add_updater(lambda c: self.trace_path(c, "l1", lam_now()))
        self.inset_trace_l2.add_updater(lambda c: self.trace_path(c, "l2", lam_now()))
        self.inset_cursor.add_updater(lambda c: c.become(self.cursor_line(lam_now())))

    def make_inset(self) -> VGroup:
        m, p, pal = self.numbers, self.p, self.palette
        w_lo, w_hi = (0.0, m.w0) if m.w0 > 0 else (m.w0, 0.0)
        pad = 0.08 * abs(m.w0)
        plot = make_axes(self.boxes["inset"], (0.0, p.lam_max), (w_lo - (pad if m.w0 < 0 else 0), w_hi + pad), pal,
                         x_label="λ", y_label="w^*(λ)")
        self.inset_axes = axes = plot.axes
        self.inset_trace_l1 = FunctionCurve(axes, lambda x: x, x_range=(0, 1), color=pal.l1, width=4)
        self.inset_trace_l2 = FunctionCurve(axes, lambda x: x, x_range=(0, 1), color=pal.l2, width=4)
        self.trace_path(self.inset_trace_l1, "l1", p.lam)
        self.trace_path(self.inset_trace_l2, "l2", p.lam)
        self.inset_cursor = self.cursor_line(p.lam)
        star_line = Line(axes.c2p(m.lam_star, axes.y_range[0]), axes.c2p(m.lam_star, axes.y_range[1]),
                         stroke_color=pal.accent, stroke_width=3)
        star_label = formula("λ^*", style.SMALL, pal.accent)
        star_label.next_to(star_line.get_top(), RIGHT, buff=0.08).shift(DOWN * star_label.height * 0.6)
        self.lam_star_mark = VGroup(star_line, star_label)
        return VGroup(plot, self.inset_trace_l1, self.inset_trace_l2, self.inset_cursor)

    def trace_path(self, curve: FunctionCurve, penalty: str, lam: float) -> None:
        m, axes = self.numbers, self.inset_axes
        lams = np.linspace(0.0, lam, 120)
        if 0 < m.lam_star < lam:
            lams = np.sort(np.append(lams, m.lam_star))
        solve = m.w_l1 if penalty == "l1" else m.w_l2
        ws = np.array([solve(x) for x in lams])
        pts = axes.coords_to_point(np.stack([lams, ws], axis=1))
        curve.set_points_as_corners(pts)

    def cursor_line(self, lam: float) -> Line:
        axes = self.inset_axes
        return DashedLine(axes.c2p(lam, axes.y_range[0]), axes.c2p(lam, axes.y_range[1]),
                          stroke_color=self.palette.muted, stroke_width=2, dash_length=0.06)

    def place_readouts(self, readouts: list[Readout]) -> None:
        """Stacked readouts inside their box; in landscape indented to line up with the inset's axes."""
        box = self.boxes["readouts"]
        indent = 0.0 if self.layout.portrait else 0.75
        group = VGroup(*readouts)
        group.arrange(DOWN, buff=0.18, aligned_edge=LEFT)
        fit(group, Box(box.left + indent, box.right, box.bottom, box.top), align=LEFT)
        for r in readouts:
            r.max_width = box.right - r.get_left()[0]

    def arrange_legend(self, legend: VGroup) -> None:
        box = self.boxes["legend"]
        fit(legend.arrange(RIGHT, buff=0.45), box)

    def place_legend(self) -> None:
        self.arrange_legend(self.legend)
