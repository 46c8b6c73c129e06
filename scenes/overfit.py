"""``overfit``: why regularize at all (seed 003's picture, told exactly; seed 002's "high bias").

A degree-9 polynomial through 12 noisy points (Bishop's ``sin 2πx`` by default) with no penalty
passes through every training point, wiggles between them, and needs coefficients of order 10⁵
(Bishop's Table 1.1), shown as bars on a log scale. As λ grows, the L2 fit smooths and its
coefficients shrink without reaching 0; the L1 fit smooths while coefficients become exactly 0,
not one by one (powers trade places). Last, training and test error against λ: too little penalty overfits, too much
underfits; the best λ is marked. Every fit is exact (``mathcore.overfit``).
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
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Rectangle,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
)

from mathcore.overfit import CURVES, curve_data, lasso_breakpoints, polynomial_fits
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.layout import Box, fit
from scenes.kit.params import param, shown_bound
from scenes.kit.plots import (
    FunctionCurve,
    legend_entry,
    link_legend,
    make_axes,
    power_of_ten_label,
    set_polyline_within,
)
from scenes.kit.plots import dashed as dash
from scenes.kit.registry import register
from scenes.kit.typeset import Readout, fmt_number, fmt_sci, formula, number_formula, swap_content, text

LOG_FLOOR = -3.0  # bars below 10⁻³ are drawn at the floor (exact zeros get a "0" instead)
LOG_TOP = 6.0
PLAIN_NUMBERS = (0.01, 100)  # coefficients in this range are written plainly in captions (79, not 7.9 × 10¹)


@dataclass(frozen=True)
class OverfitParams:
    curve: str = param("sine", "the true curve: sine (Bishop's sin 2πx), cubic or bump", choices=tuple(CURVES))
    degree: int = param(9, "degree of the fitted polynomial", min=1, max=15)
    n_train: int = param(12, "training points", min=4, max=60)
    n_test: int = param(20, "held-out points (drawn hollow) that judge the fit and pick the best λ: a validation "
                             "set", min=5, max=200)
    noise: float = param(0.3, "standard deviation of the noise", min=0.0, max=2.0)
    seed: int = param(0, "seed of the sampled points", min=0, max=2**31 - 1)
    lam_min: float = param(1e-6, "smallest λ of the sweep (and >= where the exact lasso path ends: solve prints "
                                 "lasso_floor)", min=0.0, min_exclusive=True, max=1.0)
    lam_max: float = param(3.0, "largest λ of the sweep", min=1e-3, max=1e3)

    def check(self) -> None:
        if self.degree + 1 > self.n_train:
            raise ValueError(f"degree: at most n_train − 1 = {self.n_train - 1} for a unique fit, got {self.degree}")
        if not self.lam_min < self.lam_max:
            raise ValueError(f"lam_min: must be < lam_max, got {self.lam_min:g} and {self.lam_max:g}")
        if self.lam_min < (floor := lasso_floor(self)):
            raise ValueError(f"lam_min: must be >= {shown_bound(floor, lower=True):.3g} for these points and degree {self.degree} (below it "
                             "the lasso path cannot be followed exactly: the active powers are collinear to "
                             f"rounding, condition > 10¹²), got {self.lam_min:g}")


def lasso_floor(p: OverfitParams) -> float:
    """The smallest λ down to which the exact lasso homotopy of these points and degree can be followed
    (0.0 when it reaches least squares): the true lower end of ``lam_min``'s range."""
    bps = lasso_breakpoints(curve_data(p.curve, p.n_train, p.n_test, p.noise, p.seed), p.degree)
    return float(bps[-1])


class OverfitNumbers:
    """The data, and the exact fits of both penalties along log-spaced λ (and λ = 0)."""

    def __init__(self, p: OverfitParams, count: int = 49):
        self.p = p
        self.data = curve_data(p.curve, p.n_train, p.n_test, p.noise, p.seed)
        self.lams = np.concatenate([np.geomspace(p.lam_max, p.lam_min, count), [0.0]])
        self.fits = {pen: polynomial_fits(self.data, p.degree, self.lams, pen) for pen in ("l2", "l1")}

    def fit_at(self, lam: float, penalty: str):
        return polynomial_fits(self.data, self.p.degree, [lam], penalty)

    def largest(self, lam: float, penalty: str) -> float:
        """The largest |coefficient| of x¹ … x^degree at ``lam`` (the bars' tallest)."""
        return float(np.abs(self.fit_at(lam, penalty).raw_coefs(0)[1:]).max())

    def best(self, penalty: str) -> tuple[float, float]:
        """The λ > 0 of the sweep with the smallest test error (the largest such λ on ties), and that error.
        λ = 0 (least squares) is not a candidate: a marker on the log-λ axis needs λ > 0, and where no
        penalty is best (a straight line, noiseless points) the smallest λ of the sweep is the answer."""
        f = self.fits[penalty]
        k = int(np.argmin(np.where(f.lams > 0, f.test_mse, np.inf)))
        return float(f.lams[k]), float(f.test_mse[k])

    def as_dict(self) -> dict:
        d = self.data
        out = {"x_train": d.x_train.tolist(), "y_train": d.y_train.tolist(), "x_test": d.x_test.tolist(),
               "y_test": d.y_test.tolist(), "least_squares_coefs": self.fits["l2"].raw_coefs(len(self.lams) - 1).tolist()}
        out["lasso_floor"] = lasso_floor(self.p)
        for pen, f in self.fits.items():
            out[pen] = {"lams": f.lams.tolist(), "train_mse": f.train_mse.tolist(), "test_mse": f.test_mse.tolist(),
                        "nonzero": f.nonzero.tolist(), "best_lam": self.best(pen)[0]}
        return out


@register("overfit", "why regularize: a degree-9 fit chases the noise; L2 smooths it, L1 zeros coefficients",
          chapter="Why regularize at all", position=5)
class OverfitScene(ExplainerScene):
    PARAMS = OverfitParams
    BEATS = (
        ("data", "{n} noisy samples of a smooth curve (filled) to fit, and {m} more held out (hollow) to judge the "
                 "fit by."),
        ("overfit", "A degree-{p.degree} polynomial with no penalty chases the training points and wiggles "
                    "between them. Its coefficients reach ${big}$."),
        ("ridge", "L2: as $λ$ grows the curve smooths and the coefficients shrink; even $λ = {lo}$ takes the largest "
                  "from ${big}$ to ${small}$. None of the {p.degree} penalized coefficients becomes 0."),
        ("lasso", "L1: the curve smooths too, and coefficients become exactly 0 as $λ$ grows, though not one by one: "
                  "the count of non-zero ones can rise again as powers trade places."),
        ("errors", "Training error only grows with $λ$. Error on the {m} held-out points falls and then rises, "
                   "noisily: too little penalty overfits, too much underfits. The held-out error of L1 is lowest at "
                   "$λ = {best}$ (dashed); its fit is drawn."),
        ("validation", "Those {m} points picked $λ$, so they are a validation set, and its error at the best $λ$ "
                       "flatters the model. To pick $λ$ and still judge it fairly, cross-validate and keep a test "
                       "set apart, as the chapter on choosing $λ$ does."),
    )

    @classmethod
    def solve(cls, p: OverfitParams) -> dict:
        return OverfitNumbers(p).as_dict()

    def construct(self) -> None:
        self.numbers = OverfitNumbers(self.p)
        self.show_data()
        self.show_overfit()
        m = self.numbers
        self.sweep("ridge", "l2", lo=fmt_number(self.p.lam_min, 3), big=fmt_sci(m.largest(0.0, "l2"), plain_between=PLAIN_NUMBERS),
                   small=fmt_sci(m.largest(self.p.lam_min, "l2"), plain_between=PLAIN_NUMBERS))
        self.sweep("lasso", "l1")
        self.show_errors()
        self.show_validation()

    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        if self.layout.wide:
            fit_box, right = content.split_h(0.55, 0.45, gap=0.4)
            bars, readouts = right.split_v(0.72, 0.28, gap=0.2)
        else:
            fit_box, bars, readouts = content.split_v(0.45, 0.37, 0.18, gap=0.2)
        # the data alone first, as large as the frame allows; it makes room when the coefficients appear
        alone = content.inset(0.5, 0.0) if self.layout.wide else content.split_v(0.7, 0.3, gap=0.2)[0]
        return {"alone": alone, "fit": fit_box, "bars": bars, "readouts": readouts}

    # -- the data and the fit ---------------------------------------------------------------------
    @cached_property
    def y_range(self) -> tuple[float, float]:
        d = self.numbers.data
        ys = np.concatenate([d.y_train, d.y_test, d.truth(np.linspace(0, 1, 200))])
        pad = 0.25 * (ys.max() - ys.min())
        return float(ys.min() - pad), float(ys.max() + pad)

    def data_panel(self, box: Box) -> VGroup:
        """The axes, the true curve, the training dots and the hollow test points, in ``box``."""
        d, pal = self.numbers.data, self.palette
        plot = make_axes(box, (0.0, 1.0), self.y_range, pal, x_label="x", y_label="y", x_labels_at_bottom=True)
        axes = plot.axes
        truth = FunctionCurve(axes, d.truth, x_range=(0.0, 1.0), color=pal.muted)
        truth.set_stroke(width=style.THIN_WIDTH, opacity=0.7)
        train = VGroup(*[Dot(axes.c2p(x, y), radius=style.DOT_RADIUS, color=pal.data) for x, y in
                         zip(d.x_train, d.y_train, strict=True)])
        test = VGroup(*[Circle(radius=style.DOT_RADIUS * 0.85, stroke_color=pal.data, stroke_width=2.5)
                        .move_to(axes.c2p(x, y)) for x, y in zip(d.x_test, d.y_test, strict=True)])
        panel = VGroup(plot, truth, train, test)
        panel.axes = axes
        return panel

    def use_data_panel(self, panel: VGroup) -> None:
        self.fit_axes = panel.axes
        self.plot_panel = panel
        _, self.truth, self.train_dots, self.test_dots = panel

    def show_data(self) -> None:
        p = self.p
        self.beat("data", n=p.n_train, m=p.n_test)
        self.use_data_panel(panel := self.data_panel(self.boxes["alone"]))
        plot, truth, train, test = panel
        self.play(FadeIn(plot), Create(truth), run_time=style.SHORT)
        self.play(FadeIn(train, lag_ratio=0.1), run_time=style.MEDIUM)
        self.play(FadeIn(test, lag_ratio=0.05), run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)

    def make_room_for_bars(self) -> None:
        """The data panel moves into its share of the frame (same parts, so each glides to its place)."""
        old, new = self.plot_panel, self.data_panel(self.boxes["fit"])
        self.play(*[Transform(a, b) for a, b in zip(old, new, strict=True)], run_time=style.SHORT)
        old.axes = new.axes
        self.use_data_panel(old)

    def draw_fit(self, fits, j: int) -> None:
        """The fitted polynomial on a fine grid; where it wiggles out of the plot it is cut at the edge."""
        xs = np.linspace(0.0, 1.0, 400)
        set_polyline_within(self.fit_curve, self.fit_axes, xs, fits.predict(xs, j), *self.y_range, off_scale=True)

    # -- coefficient bars on a log scale ------------------------------------------------------------
    def make_bars(self) -> VGroup:
        p, pal = self.p, self.palette
        box = self.boxes["bars"]
        # log10|w| drawn shifted by LOG_FLOOR, so the k axis is the plot's floor, not the line 10⁰
        plot = make_axes(box, (0.5, p.degree + 0.5), (0.0, LOG_TOP - LOG_FLOOR), pal, x_label="k", y_label="|w_k|",
                         x_step=1.0 if p.degree <= 10 else 2.0, y_step=3.0, x_labels_at_bottom=True,
                         y_tick_label=power_of_ten_label(LOG_FLOOR))
        self.bar_axes = axes = plot.axes
        self.bar_width = 0.6 * (axes.c2p(1, 0)[0] - axes.c2p(0, 0)[0])
        self.bars = VGroup(*[Rectangle(width=self.bar_width, height=0.01, stroke_width=0, fill_color=pal.data,
                                       fill_opacity=0.9) for _ in range(p.degree)])
        self.zero_marks = VGroup(*[formula("0", style.SMALL, pal.accent).next_to(axes.c2p(k, 0.0), UP, buff=0.08)
                                   for k in range(1, p.degree + 1)])
        self.zero_marks.set_opacity(0.0)
        caption = text("|coefficient of $x^k$|, log scale", style.LABEL, pal.text)
        caption.next_to(axes, UP, buff=0.35).align_to(axes, RIGHT)
        return VGroup(plot, caption)

    def set_bars(self, raw: np.ndarray, color: str) -> None:
        axes = self.bar_axes
        for k, (bar, mark) in enumerate(zip(self.bars, self.zero_marks, strict=True), 1):
            w = raw[k]
            h = LOG_FLOOR if w == 0.0 else float(np.clip(np.log10(abs(w)), LOG_FLOOR, LOG_TOP))
            base, tip = axes.c2p(k, 0.0), axes.c2p(k, h - LOG_FLOOR)
            bar.stretch_to_fit_height(max(tip[1] - base[1], 1e-3))
            bar.move_to(base, aligned_edge=DOWN)
            bar.set_fill(color=color, opacity=0.0 if w == 0.0 else 0.9)
            mark.set_opacity(1.0 if w == 0.0 else 0.0)

    def show_overfit(self) -> None:
        m, pal = self.numbers, self.palette
        ls = m.fits["l2"]
        j0 = len(m.lams) - 1  # λ = 0: least squares
        raw = ls.raw_coefs(j0)
        big = float(np.abs(raw[1:]).max())
        self.beat("overfit", big=fmt_sci(big, plain_between=PLAIN_NUMBERS))
        self.make_room_for_bars()
        self.fit_curve = VMobject(stroke_color=pal.data, stroke_width=style.CURVE_WIDTH)
        self.draw_fit(ls, j0)
        self.bars_panel = bars_panel = self.make_bars()
        self.set_bars(raw, pal.data)
        self.play(Create(self.fit_curve), run_time=style.LONG)
        self.play(FadeIn(bars_panel), FadeIn(self.bars), run_time=style.MEDIUM)
        self.add(self.zero_marks)
        self.wait(style.BEAT_PAUSE)

    # -- the sweeps ---------------------------------------------------------------------------------
    def sweep(self, beat: str, penalty: str, **values: str) -> None:
        m, p, pal = self.numbers, self.p, self.palette
        self.beat(beat, **values)
        color = pal.of(penalty)
        log_lam = ValueTracker(np.log10(p.lam_min))
        count = VGroup(number_formula("\"non-zero: \"", f"{p.degree} \"of\" {p.degree}", style.LABEL, color))
        readouts = VGroup(Readout("λ", p.lam_min, color=pal.accent, digits=3), count)  # count: a holder to swap into
        readouts.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        fit(readouts, self.boxes["readouts"], align=LEFT)
        self.shown_count = p.degree

        def update(_):
            lam = 10 ** float(log_lam.get_value())
            f = m.fit_at(lam, penalty)
            self.draw_fit(f, 0)
            self.set_bars(f.raw_coefs(0), color)
            readouts[0].set_value(lam)
            count = int(f.nonzero[0])
            if count != self.shown_count:
                self.shown_count = count
                old = readouts[1]
                swap_content(old, number_formula("\"non-zero: \"", f"{count} \"of\" {p.degree}", style.LABEL, color)
                             .scale(old.height / max(old.height, 1e-9)).move_to(old.get_left(), aligned_edge=LEFT))
            self.current_fit = f

        # From what is on screen (least squares, or the other penalty's last fit) to this penalty at the
        # sweep's first λ: animated, with the λ readout already showing that λ, never a cut.
        before = [m.copy() for m in (self.fit_curve, self.bars, self.zero_marks)]
        self.fit_curve.set_stroke(color=color)
        update(None)
        after = [m.copy() for m in (self.fit_curve, self.bars, self.zero_marks)]
        for mob, old in zip((self.fit_curve, self.bars, self.zero_marks), before, strict=True):
            mob.become(old)
        # the curve cross-fades (a point-by-point morph between two fits draws shapes that are nobody's fit);
        # the bars and zero marks move
        ghost = self.fit_curve.copy()
        self.fit_curve.become(after[0])
        self.remove(self.fit_curve)
        self.add(ghost)
        self.play(FadeIn(readouts), FadeOut(ghost), FadeIn(self.fit_curve),
                  *[Transform(mob, new) for mob, new in zip((self.bars, self.zero_marks), after[1:], strict=True)],
                  run_time=style.MEDIUM)
        holder = VGroup(self.fit_curve, self.bars, self.zero_marks, readouts)
        holder.add_updater(update)
        self.add(holder)
        total, lo, hi = style.LONG * 2.4, np.log10(p.lam_min), np.log10(p.lam_max)
        rise = self.count_rise(penalty)
        if rise is not None:  # stop where the count goes up again, so the claim can be seen
            first = total * (np.log10(rise) - lo) / (hi - lo)
            self.play_sweep(log_lam.animate.set_value(np.log10(rise)), run_time=max(first, 0.5))
            self.play(Indicate(readouts[1], color=pal.accent, scale_factor=1.2), run_time=style.MEDIUM)
            self.play_sweep(log_lam.animate.set_value(hi), run_time=max(total - first, 0.5))
        else:
            self.play_sweep(log_lam.animate.set_value(hi), run_time=total)
        holder.clear_updaters()
        update(None)
        self.remove(holder)  # the group only carried the updater: what stays is its parts, the readouts go
        self.add(self.fit_curve, self.bars, self.zero_marks, readouts)
        self.wait(style.BEAT_PAUSE)
        self.play(FadeOut(readouts), run_time=style.SHORT)

    def count_rise(self, penalty: str) -> float | None:
        """The first λ of the sweep's grid (going up) where the count of non-zero coefficients is higher than
        at the λ before: the powers trading places. None for ridge, or if the count never rises."""
        if penalty != "l1":
            return None
        f = self.numbers.fits["l1"]
        up = np.argsort(f.lams)
        lams, counts = f.lams[up], f.nonzero[up]
        rises = [k for k in range(1, len(lams)) if lams[k - 1] > 0 and counts[k] > counts[k - 1]]
        return float(lams[rises[0]]) if rises else None

    def error_legend_row(self, held_out: str) -> VGroup:
        pal = self.palette
        return VGroup(legend_entry("\"L2\"", pal.l2, size=style.FINE),
                      legend_entry("\"L1\"", pal.l1, size=style.FINE),
                      legend_entry(f"\"{held_out}\"", [pal.l2, pal.l1], size=style.FINE, label_color=pal.text),
                      legend_entry("\"train\"", [pal.l2, pal.l1], dashed=True, size=style.FINE,
                                   label_color=pal.text)).arrange(RIGHT, buff=0.35)

    # -- train and test error against λ --------------------------------------------------------------
    def show_errors(self) -> None:
        m, pal = self.numbers, self.palette
        best_lam, _ = m.best("l1")
        self.beat("errors", best=fmt_number(best_lam, 3), m=self.p.n_test)
        box = self.boxes["bars"]
        keep = m.lams > 0
        x = np.log10(m.lams[keep])
        errs = np.concatenate([np.concatenate([f.train_mse[keep], f.test_mse[keep]]) for f in m.fits.values()])
        top = float(min(errs.max(), 3 * np.median(errs))) * 1.1  # a wild overfit test error is clipped, not the scale
        legend = self.error_legend_row("held out")
        if legend.width > box.width:
            legend.scale_to_fit_width(box.width)
        self.play(FadeOut(self.bars_panel), FadeOut(self.bars), FadeOut(self.zero_marks),
                  self.fit_curve.animate.set_stroke(opacity=0.25), run_time=style.SHORT)  # no longer current
        plot_box = Box(box.left, box.right, box.bottom + 0.4, box.top - legend.height - 0.15)
        x0 = float(np.floor(x.min()))  # log10 λ drawn shifted by x0: the MSE axis at the plot's left edge
        plot = make_axes(plot_box, (float(x.min()) - x0, float(x.max()) - x0), (0.0, top), pal, y_label="\"MSE\"",
                         x_labels_at_bottom=True, x_step=1.0 if x.max() - x.min() <= 8 else 2.0,
                         x_tick_label=power_of_ten_label(x0))
        axes = plot.axes
        legend.next_to(axes.c2p(x.max() - x0, top), UP, buff=0.35).align_to(axes, RIGHT)
        lines = VGroup()
        for pen, f in m.fits.items():
            for series, dashed in ((f.test_mse[keep], False), (f.train_mse[keep], True)):
                line = VMobject(stroke_color=pal.of(pen), stroke_width=style.THIN_WIDTH + (0 if dashed else 1))
                set_polyline_within(line, axes, x - x0, series, 0.0, top, off_scale=True)
                lines.add(dash(line) if dashed else line)
        link_legend(legend[2], *lines[0::2])  # held out: the solid lines
        link_legend(legend[3], *lines[1::2])  # train: the dashed ones
        under = Box(box.left, box.right, box.bottom, box.bottom + 0.35)
        ends = VGroup(text("← overfits", style.FINE, pal.muted), formula("λ", style.LABEL, pal.muted),
                      text("underfits →", style.FINE, pal.muted))
        ends[0].move_to([axes.get_left()[0], under.center[1], 0], aligned_edge=LEFT)
        ends[1].move_to([axes.get_center()[0], under.center[1], 0])
        ends[2].move_to([axes.get_right()[0], under.center[1], 0], aligned_edge=RIGHT)
        best = DashedLine(axes.c2p(np.log10(best_lam) - x0, 0), axes.c2p(np.log10(best_lam) - x0, top),
                          stroke_color=pal.accent, stroke_width=2.5, dash_length=0.08)
        tag = formula("\"best\"", style.SMALL, pal.accent).next_to(best.get_top(), RIGHT, buff=0.08)
        self.error_axes, self.error_lines, self.best_marker, self.error_offset = axes, lines, best, x0
        self.play(FadeIn(plot), FadeIn(legend), run_time=style.SHORT)
        self.play(Create(lines), run_time=style.LONG)
        # the fit at the best λ, beside its error, as the marker appears
        self.best_fit = m.fit_at(best_lam, "l1")
        target = self.fit_curve.copy().set_stroke(color=pal.l1, opacity=1.0)
        xs = np.linspace(0.0, 1.0, 400)
        set_polyline_within(target, self.fit_axes, xs, self.best_fit.predict(xs, 0), *self.y_range, off_scale=True)
        train = VGroup(*[line for k, line in enumerate(lines) if k % 2])
        self.when_read("Training error only grows", Indicate(train, color=pal.text, scale_factor=1.0),
                       run_time=style.MEDIUM)
        self.when_read("too little penalty overfits", FadeIn(ends[0], shift=RIGHT * 0.2), run_time=style.SHORT)
        self.when_read("too much underfits", FadeIn(ends[1]), FadeIn(ends[2], shift=LEFT * 0.2), run_time=style.SHORT)
        self.when_read("The held-out error of L1 is lowest", Create(best), FadeIn(tag), Transform(self.fit_curve, target),
                       run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)
        self.error_legend = legend

    def show_validation(self) -> None:
        """The held-out points picked λ: they are a validation set. Their error at the best λ is marked."""
        m, pal = self.numbers, self.palette
        self.beat("validation", m=self.p.n_test)
        best_lam, best_err = m.best("l1")
        axes, x0 = self.error_axes, self.error_offset
        dot = Dot(axes.c2p(np.log10(best_lam) - x0, best_err), radius=style.DOT_RADIUS, color=pal.accent)
        note = text("λ picked on these points: their error here is optimistic", style.LABEL, pal.accent)
        old = self.error_legend
        renamed = self.error_legend_row("validation")
        renamed.scale_to_fit_width(min(renamed.width, self.boxes["bars"].width)).move_to(old, aligned_edge=RIGHT)
        ahead = text("→ cross-validation: the chapter on choosing λ", style.LABEL, pal.text)
        notes = VGroup(note, ahead).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        fit(notes, self.boxes["readouts"], align=LEFT)  # where the λ readouts were, free now
        self.play(self.test_dots.animate.set_stroke(color=pal.accent), run_time=style.MEDIUM)
        self.when_read("so they are a validation set", Transform(old, renamed), run_time=style.MEDIUM)
        self.when_read("flatters the model", FadeIn(dot, scale=0.5), FadeIn(note), run_time=style.MEDIUM)
        self.when_read("cross-validate", self.test_dots.animate.set_stroke(color=pal.data), FadeIn(ahead),
                       run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)
