"""``penalties``: the two shapes and their slopes (seeds 002, 003).

|w| is a V and w² a parabola; their slopes are ±1 (with the whole interval [−1, 1]
at the kink, shown honestly) and 2w. Sliding toward 0, the L1 slope stays 1 while
the L2 slope fades. Then the formula cards and the update rules: an L2 step is
weight decay, an L1 step moves every weight by the same ηλ.
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
    FadeOut,
    Indicate,
    Line,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    Write,
    smooth,
)

from mathcore import penalty_gradient, penalty_steps, penalty_subdifferential, penalty_value
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.cards import card
from scenes.kit.layout import Box, fit
from scenes.kit.params import param
from scenes.kit.plots import FunctionCurve, NumberLineLite, legend_entry, make_axes
from scenes.kit.registry import register
from scenes.kit.typeset import Readout, fmt_number, formula, swap_content, text


@dataclass(frozen=True)
class PenaltiesParams:
    w_max: float = param(1.5, "the plots show w in [−w_max, w_max]", min=0.5, max=10.0)
    slide_from: float = param(1.4, "where the slide toward 0 starts (a fraction of w_max is best)", min=0.05,
                              max=10.0)
    slide_to: float = param(0.1, "where the slide toward 0 ends", min=0.01, max=10.0)
    step: float = param(0.1, "learning rate η in the update rules", min=0.0, min_exclusive=True, max=1.0)
    lam: float = param(0.1, "λ in the update rules", min=0.0, min_exclusive=True, max=10.0)

    def check(self) -> None:
        if not self.slide_to < self.slide_from <= self.w_max:
            raise ValueError(f"slide_from: need slide_to < slide_from <= w_max, got {self.slide_to:g}, "
                             f"{self.slide_from:g}, {self.w_max:g}")
        if 2 * self.step * self.lam >= 1:
            raise ValueError(f"step: 2·step·lam must be < 1 (a decay factor in (0, 1)), got {2 * self.step * self.lam:g}")


def l1_of(w):
    return penalty_value(np.asarray(w)[..., None], "l1")


def l2_of(w):
    return penalty_value(np.asarray(w)[..., None], "l2")


def tangent_span(x: float, y: float, g: float, half: float, x_range, y_range) -> tuple[float, float]:
    """The part of the tangent ``y + g(t − x)``, ``|t − x| <= half``, that stays inside the plot ranges."""
    lo, hi = max(x - half, x_range[0]), min(x + half, x_range[1])
    if g != 0.0:
        t1, t2 = x + (y_range[0] - y) / g, x + (y_range[1] - y) / g
        lo, hi = max(lo, min(t1, t2)), min(hi, max(t1, t2))
    return lo, max(lo, hi)


@register("penalties", "the V and the parabola: L1's slope stays ±1 near 0, L2's slope 2w fades; weight decay",
          chapter="The V and the parabola", position=20)
class PenaltiesScene(ExplainerScene):
    PARAMS = PenaltiesParams
    BEATS = (
        ("shapes", "A penalty $P(w)$ is what a weight costs the fit. L1 penalizes $|w|$, a V. L2 penalizes $w^2$, "
                   "a parabola."),
        ("slopes", "Their slopes: $±1$ for $|w|$ (at the kink, any value in $[−1, 1]$), and $2w$ for $w^2$."),
        ("near_zero", "Slide toward 0: the L1 slope stays 1, while the L2 slope $2w$ fades to ${s2}$."),
        ("formulas", "Over all weights, with $λ$ the penalty strength, the objective $J(w)$ is the loss plus "
                     "$λ sum_i |w_i|$ (L1) or plus $λ sum_i w_i^2$ (L2)."),
        ("weight_decay", "A gradient step of learning rate $η = {eta}$ at $λ = {lam}$: the L2 penalty's part multiplies $w$ by "
                         "$1 − 2η λ = {decay}$, weight decay. The L1 penalty's part moves $w$ by $η λ = {bite}$ "
                         "toward 0 whenever $|w| > η λ$; closer in, this plain step would cross 0, so the zoom clips "
                         "it: it stops at 0, on the kink."),
    )

    @classmethod
    def solve(cls, p: PenaltiesParams) -> dict:
        ws = np.array([p.slide_from, p.slide_to, 0.0])
        lo, hi = penalty_subdifferential(ws, "l1")
        return {
            "slopes": {f"{w:g}": {"l1": [float(a), float(b)], "l2": float(penalty_gradient(w, "l2"))}
                       for w, a, b in zip(ws, lo, hi, strict=True)},
            "l2_decay_factor": 1 - 2 * p.step * p.lam,
            "l1_bite": p.step * p.lam,
        }

    def construct(self) -> None:
        self.show_shapes()
        self.show_slopes()
        self.slide_toward_zero()
        self.show_formulas()
        self.show_updates()

    # -- layout -----------------------------------------------------------------------
    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        if self.layout.portrait:
            values, slopes, cards = content.split_v(0.34, 0.34, 0.32, gap=0.2)
        else:
            plots, cards = content.split_h(0.6, 0.4, gap=0.45)
            values, slopes = plots.split_v(0.5, 0.5, gap=0.25)
        return {"values": values, "slopes": slopes, "cards": cards}

    # -- beats ---------------------------------------------------------------------------
    def show_shapes(self) -> None:
        p, pal = self.p, self.palette
        self.beat("shapes")
        rng = (-p.w_max, p.w_max)
        plot = make_axes(self.boxes["values"], rng, (0.0, p.w_max**2 * 1.05), pal, x_label="w", y_label="P(w)",
                         x_label_buff=0.12)
        self.value_axes = axes = plot.axes
        self.v_curve = FunctionCurve(axes, l1_of, x_range=rng, color=pal.l1)
        self.p_curve = FunctionCurve(axes, l2_of, x_range=rng, color=pal.l2, extra_x=())
        legend = VGroup(legend_entry("|w|", pal.l1), legend_entry("w^2", pal.l2)).arrange(DOWN, aligned_edge=LEFT)
        legend.move_to(axes.c2p(-p.w_max * 0.55, p.w_max**2 * 0.8))
        self.play(FadeIn(plot), run_time=style.SHORT)
        self.play(Create(self.v_curve), FadeIn(legend[0]), run_time=style.MEDIUM)
        self.play(Create(self.p_curve), FadeIn(legend[1]), run_time=style.MEDIUM)
        self.definitions = VGroup(
            text("$P(w)$: the penalty, what a weight costs", style.LABEL, pal.text),
            formula("\"L1: \" P(w) = |w|", style.LABEL, pal.l1),
            formula("\"L2: \" P(w) = w^2", style.LABEL, pal.l2)).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        box = self.boxes["cards"]
        self.definitions.scale(min(1.0, (box.width - 0.2) / self.definitions.width))
        self.definitions.move_to([box.left + self.definitions.width / 2 + 0.1,
                                  box.top - self.definitions.height / 2 - 0.1, 0])
        self.play(FadeIn(self.definitions), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)

    def show_slopes(self) -> None:
        p, pal = self.p, self.palette
        self.beat("slopes")
        rng = (-p.w_max, p.w_max)
        # the story is ±1 vs 2w near 0; high enough that the slide's start (2w at slide_from) is on the plot
        top = min(2 * p.w_max, max(2.2, 2.1 * p.slide_from))
        plot = make_axes(self.boxes["slopes"], rng, (-top, top), pal, x_label="w", y_label="P'(w)",
                         x_label_buff=0.12, y_step=1.0)
        self.slope_axes = axes = plot.axes
        left = Line(axes.c2p(-p.w_max, -1), axes.c2p(0, -1), stroke_color=pal.l1, stroke_width=style.CURVE_WIDTH)
        right = Line(axes.c2p(0, 1), axes.c2p(p.w_max, 1), stroke_color=pal.l1, stroke_width=style.CURVE_WIDTH)
        lo, hi = penalty_subdifferential(np.array([0.0]), "l1")
        kink = Line(axes.c2p(0, lo[0]), axes.c2p(0, hi[0]), stroke_color=pal.l1, stroke_width=style.CURVE_WIDTH + 3,
                    stroke_opacity=0.45)
        kink_label = formula("∂|w|(0) = [−1, 1]", style.SMALL, pal.l1)
        # The upper-left quadrant (w < 0, slope > 1) is empty: both graphs are below 0 there.
        quad_w = axes.c2p(0, 0)[0] - axes.c2p(-p.w_max, 0)[0] - 0.3
        quad_h = axes.c2p(0, top)[1] - axes.c2p(0, hi[0])[1] - 0.1
        if kink_label.width > quad_w or kink_label.height > quad_h:
            kink_label.scale(min(quad_w / kink_label.width, quad_h / kink_label.height))
        kink_label.move_to((axes.c2p(-p.w_max, hi[0]) + axes.c2p(0, top)) / 2)
        line2 = FunctionCurve(axes, lambda w: penalty_gradient(w, "l2"), x_range=rng, color=pal.l2, extra_x=())
        w_end = top / 2 * 0.85  # where 2w is still inside the plot
        labels = VGroup(formula("\"sign\"(w)", style.SMALL, pal.l1).next_to(right, UP, buff=0.1).align_to(right, RIGHT),
                        formula("2w", style.SMALL, pal.l2).next_to(axes.c2p(-w_end, -2 * w_end), DOWN + RIGHT, buff=0.1))
        self.play(FadeIn(plot), run_time=style.SHORT)
        self.play(Create(left), Create(right), FadeIn(labels[0]), run_time=style.MEDIUM)
        self.play(Create(kink), FadeIn(kink_label), run_time=style.MEDIUM)
        self.kink = VGroup(kink, kink_label)
        self.play(Create(line2), FadeIn(labels[1]), run_time=style.MEDIUM)
        meaning = VGroup(text("$P'(w)$: the slope, how hard the penalty", style.LABEL, pal.text),
                         text("pulls $w$ toward 0 in a gradient step", style.LABEL, pal.text)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.08)
        meaning.scale(min(1.0, (self.boxes["cards"].width - 0.2) / meaning.width))
        meaning.next_to(self.definitions, DOWN, buff=0.45, aligned_edge=LEFT)
        self.slope_meaning = meaning
        self.play(FadeIn(meaning), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)

    def slide_toward_zero(self) -> None:
        p, pal = self.p, self.palette
        self.beat("near_zero", s2=fmt_number(float(penalty_gradient(p.slide_to, "l2"))))
        w = ValueTracker(p.slide_from)
        va, sa = self.value_axes, self.slope_axes
        dots = VGroup(Dot(radius=style.DOT_RADIUS, color=pal.l1), Dot(radius=style.DOT_RADIUS, color=pal.l2))
        sdots = VGroup(Dot(radius=style.DOT_RADIUS, color=pal.l1), Dot(radius=style.DOT_RADIUS, color=pal.l2))
        tangents = VGroup(Line(stroke_color=pal.l1, stroke_width=3), Line(stroke_color=pal.l2, stroke_width=3))
        readouts = VGroup(Readout("\"slope of\" |w|", 1.0, color=pal.l1), Readout("\"slope of\" w^2", 0.0, color=pal.l2))
        readouts.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        readouts.move_to(self.definitions.get_corner(UP + LEFT), aligned_edge=UP + LEFT)  # P's place

        def update(_):
            x = float(w.get_value())
            for k, pen in enumerate(("l1", "l2")):
                y = float(penalty_value(np.array([x]), pen))
                g = float(penalty_gradient(x, pen))
                dots[k].move_to(va.c2p(x, y))
                sdots[k].move_to(sa.c2p(x, g))
                lo_g, hi_g = sa.y_range[:2]  # 2w leaves the plot at the slide's start: no dot off its line
                sdots[k].set_opacity(1.0 if lo_g <= g <= hi_g else 0.0)
                a, b = tangent_span(x, y, g, 0.35 * p.w_max, va.x_range[:2], va.y_range[:2])
                tangents[k].put_start_and_end_on(va.c2p(a, y + (a - x) * g), va.c2p(b, y + (b - x) * g))
                readouts[k].set_value(g)

        holder = VGroup(dots, sdots, tangents, readouts)
        self.slide_group = holder
        update(None)
        holder.add_updater(update)
        self.play(FadeOut(self.definitions), run_time=style.SHORT)  # out first: no text crossfades into text
        self.play(FadeIn(holder), run_time=style.SHORT)
        self.play(w.animate.set_value(p.slide_to), run_time=style.LONG * 1.6, rate_func=smooth)
        self.wait(style.BEAT_PAUSE)
        holder.clear_updaters()

    def show_formulas(self) -> None:
        pal = self.palette
        self.beat("formulas")
        l1 = card([text("*L1 (lasso)*", style.LABEL, pal.l1),
                   formula("J(w) = \"loss\"(w) + λ sum_i |w_i|", style.BODY, pal.text)], pal, accent=pal.l1)
        l2 = card([text("*L2 (ridge)*", style.LABEL, pal.l2),
                   formula("J(w) = \"loss\"(w) + λ sum_i w_i^2", style.BODY, pal.text)], pal, accent=pal.l2)
        cards = VGroup(l1, l2).arrange(DOWN, buff=0.3)
        self.fit_cards(cards)
        self.play(self.slide_group[3].animate.set_opacity(0), FadeOut(self.slope_meaning), run_time=style.SHORT)
        self.remove(self.slide_group[3])
        self.play(FadeIn(l1, shift=UP * 0.2), run_time=style.SHORT)
        self.play(FadeIn(l2, shift=UP * 0.2), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)
        self.formula_cards = cards

    def show_updates(self) -> None:
        p, pal = self.p, self.palette
        decay, bite = 1 - 2 * p.step * p.lam, p.step * p.lam
        self.beat("weight_decay", eta=f"{p.step:g}", lam=f"{p.lam:g}", decay=f"{decay:g}", bite=f"{bite:g}")
        l2 = card([text("*L2 step: weight decay*", style.LABEL, pal.l2),
                   formula("w ← w − η(∇\"loss\" + 2λ w)", style.LABEL, pal.text),
                   formula("= {{(1 − 2η λ) : decay}} w − η ∇\"loss\"", style.LABEL, pal.text),
                   formula(f"1 − 2η λ = {decay:g} \" for \" η = {p.step:g}, λ = {p.lam:g}", style.LABEL, pal.muted)],
                  pal, accent=pal.l2)
        l1 = card([text("*L1 step: a fixed bite*", style.LABEL, pal.l1),
                   formula("w ← w − η(∇\"loss\" + λ op(\"sign\")(w))", style.LABEL, pal.text),
                   formula(f"η λ = {bite:g} \" toward 0, while \" |w| > η λ", style.LABEL, pal.muted)],
                  pal, accent=pal.l1)
        l2[1][2].select("decay").set_color(pal.accent)
        updates = VGroup(l2, l1).arrange(DOWN, buff=0.3)
        self.fit_cards(updates)
        self.play(FadeOut(self.formula_cards, shift=UP * 0.2), run_time=style.SHORT)
        self.play(FadeIn(l2, shift=UP * 0.2), run_time=style.MEDIUM)
        self.when_read("weight decay", Write(l2[1][2].select("decay")), run_time=style.SHORT)
        self.when_read("The L1 penalty's part", FadeIn(l1, shift=UP * 0.2), run_time=style.MEDIUM)
        self.step_dots(12)
        self.when_read("closer in", Indicate(l1[1][2], color=pal.accent, scale_factor=1.1))
        # the L1 slope dot fell from 1 to 0 as w reached 0: sign(0) = 0, one of the kink's slopes
        self.when_read("on the kink", Indicate(self.kink, color=pal.accent, scale_factor=1.1),
                       Indicate(self.slide_group[1][0], color=pal.accent))
        self.wait(style.BEAT_PAUSE)

    def step_dots(self, n: int) -> None:
        """The penalty's part of ``n`` steps from where the slide stopped, on both plots: the L1 dot loses
        ηλ a step and stops at 0 (``mathcore.penalty_steps``), the L2 dot keeps (1 − 2ηλ) of itself."""
        p = self.p
        dots, sdots, tangents, _ = self.slide_group
        paths = {pen: penalty_steps(np.array([p.slide_to]), p.lam, p.step, n, pen)[:, 0] for pen in ("l1", "l2")}
        zoom = self.step_zoom(p.slide_to)
        marks = {pen: Dot(zoom.at(p.slide_to), radius=style.DOT_RADIUS, color=self.palette.of(pen))
                 .shift(UP * (0.12 if pen == "l1" else -0.12)) for pen in ("l1", "l2")}
        counter = zoom.counter
        self.play(FadeOut(tangents), FadeIn(zoom), FadeIn(counter), *[FadeIn(d) for d in marks.values()],
                  run_time=style.SHORT)
        for k in range(1, n + 1):
            moves = []
            for j, pen in enumerate(("l1", "l2")):
                x = float(paths[pen][k])
                moves += [dots[j].animate.move_to(self.value_axes.c2p(x, float(penalty_value(np.array([x]), pen)))),
                          sdots[j].animate.move_to(self.slope_axes.c2p(x, float(penalty_gradient(x, pen)))),
                          marks[pen].animate.move_to(zoom.at(x) + marks[pen].get_center() - zoom.at(paths[pen][k - 1]))]
            swap_content(counter, formula(f"\"step \" {k}", style.SMALL, self.palette.text).move_to(counter,
                                                                                                     aligned_edge=LEFT))
            self.play(*moves, run_time=0.3)
        self.stepped = paths
        self.step_zoom_group = VGroup(zoom, counter, *marks.values())

    def step_zoom(self, start: float) -> VGroup:
        """A number line magnifying [−0.2, 1.2]·start, in the empty upper middle of the P(w) plot: where the
        steps' few pixels of motion become visible."""
        axes, pal = self.value_axes, self.palette
        w_max, top = self.p.w_max, axes.y_range[1]
        a, b = axes.c2p(-0.2 * w_max, 0.62 * top), axes.c2p(0.75 * w_max, 0.92 * top)  # right of the legend
        box = Box(a[0], b[0], a[1], b[1])
        line = NumberLineLite(Box(box.left, box.right, box.bottom, box.bottom + 0.5), -0.2 * start, 1.2 * start, pal)
        title = text(f"zoom: $w$ from ${fmt_number(-0.2 * start)}$ to ${fmt_number(1.2 * start)}$", style.SMALL,
                     pal.muted)
        title.next_to(line, UP, buff=0.35).align_to(line, LEFT)
        counter = VGroup(formula("\"step \" 0", style.SMALL, pal.text)).next_to(title, RIGHT, buff=0.3)
        frame = SurroundingRectangle(VGroup(line, title, counter), buff=0.15, stroke_color=pal.axis,
                                     stroke_width=1.5, fill_color=pal.background, fill_opacity=1.0)
        group = VGroup(frame, line, title)
        group.at, group.title, group.counter = line.at, title, counter
        return group

    def fit_cards(self, cards: VGroup) -> None:
        fit(cards, self.boxes["cards"])
