"""``bites``: why L1 prunes small weights first (seed 001).

Two scenarios, 1000 → 999 and 1.1 → 0: L1's penalty drops by 1 and 1.1 (it
prefers zeroing the small weight), L2's by 1999 and 1.21 (it prefers trimming the
big one). Then many weights at once, with the data loss held constant: L1 takes
the same bite from every weight each step (small ones reach exactly 0 and leave),
L2 takes a bite proportional to size (everything shrinks, nothing leaves).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Arrow,
    Circle,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    GrowFromEdge,
    Indicate,
    Line,
    Transform,
    ValueTracker,
    VGroup,
)

from mathcore import penalty_steps, penalty_value
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.cards import card
from scenes.kit.layout import Box, fit
from scenes.kit.params import number_list, param
from scenes.kit.plots import Bars, NumberLineLite
from scenes.kit.registry import register
from scenes.kit.typeset import fmt_number, formula, swap_content, text


@dataclass(frozen=True)
class BitesParams:
    big_from: float = param(1000.0, "scenario 1 starts at this weight", min=1.0, max=1e6)
    big_to: float = param(999.0, "scenario 1 ends at this weight", min=0.0, max=1e6)
    small_from: float = param(1.1, "scenario 2 starts at this weight (and ends at 0)", min=0.01, max=1e6)
    weights: str = param("1.8,1.3,0.9,0.6,0.33,0.12", "the many weights, comma separated (2 to 10, each > 0)")
    lam: float = param(1.0, "λ of the penalty-only steps", min=0.0, min_exclusive=True, max=100.0)
    step: float = param(0.05, "learning rate η of the penalty-only steps", min=0.0, min_exclusive=True, max=10.0)
    n_steps: int = param(12, "number of steps shown", min=1, max=100)

    def check(self) -> None:
        if not self.big_to < self.big_from:
            raise ValueError(f"big_to: must be < big_from ({self.big_from:g}), got {self.big_to:g}")
        w = self.weight_list()
        if 2 * self.step * self.lam >= 1:
            raise ValueError(f"step: 2·step·lam must be < 1 (a decay factor in (0, 1)), got {2 * self.step * self.lam:g}")
        if not 2 <= len(w) <= 10:
            raise ValueError(f"weights: give 2 to 10 comma-separated numbers, got {len(w)}")

    def weight_list(self) -> list[float]:
        w = number_list("weights", self.weights)
        if not all(x > 0 for x in w):
            raise ValueError(f"weights: every weight must be a finite number > 0, got {self.weights!r}")
        return w


def drops(p: BitesParams) -> dict[str, tuple[float, float]]:
    """How much each scenario lowers each penalty (mathcore.penalty_value)."""
    def pv(w, pen):
        return float(penalty_value(np.array([w]), pen))
    return {pen: (pv(p.big_from, pen) - pv(p.big_to, pen), pv(p.small_from, pen) - pv(0.0, pen))
            for pen in ("l1", "l2")}


def overshoot(l1_path: np.ndarray, bite: float) -> tuple[int, float, float] | None:
    """The weight whose last bite would overshoot 0 the most: (index, |w| before it, |w| − bite).

    ``None`` when every weight that reached 0 had exactly one bite left (a whole number of bites).
    """
    best = None
    for j in range(l1_path.shape[1]):
        zero = np.flatnonzero(l1_path[:, j] == 0.0)
        if zero.size == 0 or zero[0] == 0:
            continue
        before = abs(float(l1_path[zero[0] - 1, j]))
        over = before - bite
        if over < -1e-12 * bite and (best is None or over < best[2]):
            best = (j, before, over)
    return best


@register("bites", "1000→999 vs 1.1→0: L1 takes equal bites (small weights leave), L2 proportional ones",
          chapter="Equal bites vs proportional bites", position=40)
class BitesScene(ExplainerScene):
    PARAMS = BitesParams
    BEATS = (
        ("scenarios", "Hold the data loss fixed. Which step lowers the penalty more: {big} or {small}?"),
        ("l1_drop", "L1 ($|w|$): the penalty drops by {d1a} and by {d1b}, the same per unit moved: {r1a} and {r1b}. "
                    "A small weight costs as much per unit as a big one, so zeroing it pays in full."),
        ("l2_drop", "L2 ($w^2$): the penalty drops by {d2a} and by {d2b}; per unit moved, {r2a} against {r2b}. "
                    "Trimming the big weight pays far more; a small weight barely costs."),
        ("many_weights", "Many weights, penalty steps only (learning rate $η = {eta}$, strength $λ = {lam}$): L1 takes "
                         "the same bite $η λ = {bite}$ from each, "
                         "never past 0; L2 the same fraction ({frac}%)."),
        ("clip", "{clip} The L1 step stops at exactly 0: the proximal step, the same one that lands gradient "
                 "descent on 0."),
        ("takeaway", "With no data term every L1 weight reaches 0 in the end. With data, a weight stays at 0 "
                     "only while the data's pull on it, $|∂\"MSE\" \\/ ∂w|$ at 0, is at most $λ$. L2 shrinks every "
                     "weight and zeroes none."),
    )

    @classmethod
    def solve(cls, p: BitesParams) -> dict:
        w = np.array(p.weight_list())
        l1 = penalty_steps(w, p.lam, p.step, p.n_steps, "l1")
        l2 = penalty_steps(w, p.lam, p.step, p.n_steps, "l2")
        d = drops(p)
        return {
            "drops": {"l1": list(d["l1"]), "l2": list(d["l2"])},
            "prefers": {pen: ("small" if d[pen][1] > d[pen][0] else "big") for pen in d},
            "l1_steps": l1.tolist(), "l2_steps": l2.tolist(),
            "l1_zero_at_step": [int(np.argmax(l1[:, j] == 0.0)) if np.any(l1[:, j] == 0.0) else None
                                for j in range(len(w))],
            "l2_any_zero": bool(np.any(l2 == 0.0)),
        }

    def construct(self) -> None:
        self.show_scenarios()
        self.compare_drops("l1")
        self.compare_drops("l2")
        self.many_weights()
        self.show_clip()
        self.takeaway()

    # -- layout ------------------------------------------------------------------------
    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        top, charts = content.split_v(0.26, 0.74, gap=0.3)
        if self.layout.portrait:
            left, right = charts.split_v(0.5, 0.5, gap=0.3)
        else:
            left, right = charts.split_h(0.5, 0.5, gap=0.8)
        return {"top": top, "l1": left, "l2": right}

    def scenario_names(self) -> tuple[str, str]:
        p = self.p
        return f"{p.big_from:g} → {p.big_to:g}", f"{p.small_from:g} → 0"

    # -- beats ---------------------------------------------------------------------------
    def show_scenarios(self) -> None:
        pal = self.palette
        big, small = self.scenario_names()
        self.beat("scenarios", big=big, small=small)
        cards = VGroup(card([text("Scenario 1", style.LABEL, pal.muted), formula(f"w: {big}", style.BODY, pal.text)], pal),
                       card([text("Scenario 2", style.LABEL, pal.muted), formula(f"w: {small}", style.BODY, pal.text)], pal))
        cards.arrange(RIGHT if self.layout.wide else DOWN, buff=0.8)
        # the question, large in the middle while it is asked; it moves up when the answers come in
        cards.scale(min(1.6, 0.8 * self.layout.content.width / cards.width)).move_to(self.layout.content.center)
        self.play(FadeIn(cards[0], shift=UP * 0.2), run_time=style.SHORT)
        self.play(FadeIn(cards[1], shift=UP * 0.2), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)
        self.scenario_cards = cards

    def compare_drops(self, pen: str) -> None:
        pal = self.palette
        d = drops(self.p)[pen]
        color = pal.of(pen)
        p = self.p
        moved = (p.big_from - p.big_to, p.small_from)
        rates = [f"{drop / dist:.4g}" for drop, dist in zip(d, moved, strict=True)]
        if pen == "l1":
            self.beat("l1_drop", d1a=f"{d[0]:g}", d1b=f"{d[1]:g}", r1a=rates[0], r1b=rates[1])
        else:
            self.beat("l2_drop", d2a=f"{d[0]:g}", d2b=f"{d[1]:g}", r2a=rates[0], r2b=rates[1])
        if pen == "l1":  # the question moves up, out of the answers' way
            up = self.scenario_cards.copy().arrange(RIGHT, buff=0.8)
            fit(up.scale(3.0), self.boxes["top"])
            self.play(Transform(self.scenario_cards, up), run_time=style.SHORT)
        box = self.boxes[pen]
        title = formula("Δ|w| \" (L1)\"" if pen == "l1" else "Δ w^2 \" (L2)\"", style.BODY, color)
        title.move_to([box.center[0], box.top - title.height / 2, 0])
        labels_h = 0.85  # two rows under the bars: the move, and the drop per unit moved
        value_h = 0.4
        plot = Box(box.left + 0.3, box.right - 0.3, box.bottom + labels_h, title.get_bottom()[1] - value_h - 0.1)
        bars = Bars([0.0, 0.0], box=plot, vmax=max(d), color=color)
        base = Line([plot.left, plot.bottom, 0], [plot.right, plot.bottom, 0], stroke_color=pal.axis, stroke_width=2)
        big, small = self.scenario_names()
        names = VGroup(*[VGroup(formula(n, style.SMALL, pal.muted),
                                formula(f"{rate} \" per unit\"", style.SMALL, color)).arrange(DOWN, buff=0.1)
                         .move_to([x, plot.bottom - labels_h / 2, 0])
                         for n, rate, x in zip((big, small), rates, bars.centers_x, strict=True)])
        bars.set_values(d)
        values = VGroup(*[formula(fmt_number(v, 2).removesuffix(".00") if v == int(v) else f"{v:g}",
                                  style.LABEL, color).next_to(bars.top_of(k), UP, buff=0.1)
                          for k, v in enumerate(d)])
        winner = int(np.argmax(d))
        self.play(FadeIn(title), FadeIn(base), FadeIn(names), run_time=style.SHORT)
        self.play(*[GrowFromEdge(b, DOWN) for b in bars], run_time=style.MEDIUM)
        self.play(FadeIn(values), run_time=style.SHORT)
        self.play(Indicate(VGroup(bars[winner], values[winner]), color=pal.accent, scale_factor=1.08),
                  Indicate(self.scenario_cards[winner][1], color=color, scale_factor=1.08), run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)
        setattr(self, f"{pen}_chart", VGroup(title, base, names, bars, values))

    def many_weights(self) -> None:
        p, pal = self.p, self.palette
        self.beat("many_weights", eta=f"{p.step:g}", lam=f"{p.lam:g}", bite=f"{p.step * p.lam:g}",
                  frac=f"{200 * p.step * p.lam:g}")
        w = np.array(p.weight_list())
        self.paths = {pen: penalty_steps(w, p.lam, p.step, p.n_steps, pen) for pen in ("l1", "l2")}
        self.play(FadeOut(self.scenario_cards), FadeOut(self.l1_chart), FadeOut(self.l2_chart), run_time=style.SHORT)
        k = ValueTracker(0.0)
        panels = VGroup()
        self.weight_bars = {}
        for pen in ("l1", "l2"):
            color = pal.of(pen)
            box = self.boxes[pen]
            rule = {"l1": "\"L1: \" w ← op(\"sign\")(w) dot max(|w| − η λ, 0)", "l2": "\"L2: \" w ← (1 − 2η λ) w"}[pen]
            title = fit(formula(rule, style.LABEL, color), box, align=UP)
            plot = Box(box.left + 0.2, box.right - 0.2, box.bottom + 0.45, title.get_bottom()[1] - 0.55)
            bars = Bars(w, box=plot, vmax=float(w.max()), color=color, zero_color=pal.muted)
            base = Line([plot.left, plot.bottom, 0], [plot.right, plot.bottom, 0], stroke_color=pal.axis)
            self.weight_bars[pen] = bars
            panels.add(VGroup(title, base, bars))
        counter = VGroup(formula("\"step \" 0", style.BODY, pal.text))
        readouts = {pen: VGroup() for pen in ("l1", "l2")}
        self.shown_labels: dict[str, list[str]] = {}

        def value_labels(pen: str, values) -> VGroup:
            bars = self.weight_bars[pen]
            color = pal.of(pen)
            return VGroup(*[formula(fmt_number(float(v), 2), style.SMALL, pal.muted if v == 0.0 else color)
                            .next_to([x, bars.box.bottom, 0], DOWN, buff=0.12)
                            for x, v in zip(bars.centers_x, values, strict=True)])

        def update(_):
            t = float(k.get_value())
            i = min(int(np.floor(t)), p.n_steps - 1)
            frac = t - i
            for pen in ("l1", "l2"):
                path = self.paths[pen]
                now = path[i] + frac * (path[i + 1] - path[i]) if frac > 0 else path[i]
                now = np.where((path[i] == 0.0) | ((path[i + 1] == 0.0) & (frac >= 1.0)), 0.0, now)
                self.weight_bars[pen].set_values(now)
                shown = path[int(round(t))] if abs(t - round(t)) < 1e-9 else path[i + (frac >= 0.5)]
                labels = [fmt_number(float(v), 2) for v in shown]
                if labels != self.shown_labels.get(pen):  # re-typeset only when a shown value changes
                    readouts[pen].submobjects = list(value_labels(pen, shown))  # the labels, in place
                    self.shown_labels[pen] = labels
            step = int(round(t))
            if step != getattr(counter, "step", None):
                swap_content(counter, formula(f"\"step \" {step}", style.BODY, pal.text).move_to(counter))
                counter.step = step

        counter.move_to(self.boxes["top"].center)
        holder = VGroup(panels, readouts["l1"], readouts["l2"], counter)
        self.many = holder
        update(None)
        holder.add_updater(update)
        self.play(FadeIn(holder), run_time=style.SHORT)
        self.play_sweep(k.animate.set_value(p.n_steps), run_time=max(4.0, 0.5 * p.n_steps))
        holder.clear_updaters()
        self.wait(style.BEAT_PAUSE)

    def show_clip(self) -> None:
        """The step that reached 0: a full bite would have overshot, the clip stops at exactly 0."""
        p, pal = self.p, self.palette
        clip = overshoot(self.paths["l1"], p.step * p.lam)
        bite = f"{p.step * p.lam:g}"
        if clip is None:
            self.beat("clip", clip=f"Here each weight is a whole number of bites, so the last bite ends at 0; "
                                   f"a smaller remainder than {bite} would be carried past 0.")
            lines = [formula(f"max(|w| − η λ, 0) \" with \" η λ = {bite}", style.LABEL, pal.l1)]
        else:
            j, before, over = clip
            step = int(np.flatnonzero(self.paths["l1"][:, j] == 0.0)[0])  # the step that reached 0
            self.beat("clip", clip=f"A full bite would carry the weight at {before:.2f} past 0, to {over:.2f}."
                      .replace("-", "−"))
            lines = [text(f"the ringed weight, step {step - 1} → {step}", style.LABEL, pal.text),
                     formula(f"{before:.2f} − {bite} = {over:.2f} \"  (past 0)\"".replace("-", "−"), style.LABEL,
                             pal.muted),
                     formula(f"max({before:.2f} − {bite}, 0) = 0", style.LABEL, pal.l1)]
        body = card(lines, pal, accent=pal.l1)
        top, l1 = self.boxes["top"], self.boxes["l1"]
        # all of it over the L1 bars: the column above them (short after the steps) and the band above that;
        # the L1 update rule, said already, makes way
        tallest = float(self.weight_bars["l1"].get_top()[1])
        column = Box(l1.left, l1.right, tallest + 0.3, top.top)
        card_box, line_box = column.split_v(0.55, 0.45, gap=0.2) if clip is not None else (column, None)
        fit(body, card_box)
        self.faded_rule = self.many[0][0][0]
        self.play(FadeOut(self.many[3]), FadeOut(self.faded_rule), run_time=style.SHORT)
        self.clip_card = VGroup()
        if clip is not None:  # the ring first: the card speaks of "the ringed weight"
            label = self.many[1][clip[0]]
            ring = Circle(radius=max(label.width, label.height) / 2 + 0.12, color=pal.accent,
                          stroke_width=3).move_to(label)
            self.play(Create(ring), Indicate(label, color=pal.accent, scale_factor=1.4), run_time=style.MEDIUM)
            self.clip_card.add(ring)
        self.play(FadeIn(body, shift=UP * 0.2), run_time=style.SHORT)
        self.clip_card.add(body)
        if clip is not None:
            self.clip_card.add(self.animate_overshoot(clip[1], clip[2], line_box))
        self.wait(style.BEAT_PAUSE)

    def animate_overshoot(self, before: float, over: float, box: Box) -> VGroup:
        """The last bite, magnified on a number line around 0: a full bite carries the weight from ``before``
        past 0 to ``over``; the proximal step stops it at exactly 0."""
        pal, bite = self.palette, before - over
        lo, hi = over - 0.5 * bite, before + 0.5 * bite
        line = NumberLineLite(box, lo, hi, pal)
        dot = Dot(line.at(before), radius=style.DOT_RADIUS, color=pal.l1)
        start = formula(fmt_number(before), style.SMALL, pal.l1).next_to(dot, UP, buff=0.15)
        ghost = Dot(line.at(over), radius=style.DOT_RADIUS, color=pal.muted)
        full = Arrow(line.at(before) + UP * 0.05, line.at(over) + UP * 0.05, buff=0.1, stroke_width=3,
                     color=pal.muted, max_tip_length_to_length_ratio=0.15)
        past = formula(f"{fmt_number(over)} \" (past 0)\"", style.SMALL, pal.muted).next_to(ghost, DOWN, buff=0.15)
        group = VGroup(line, dot, start)
        self.play(FadeIn(line), FadeIn(dot), FadeIn(start), run_time=style.SHORT)
        self.play(GrowArrow(full), FadeIn(ghost), FadeIn(past), run_time=style.MEDIUM)
        self.when_read("The L1 step stops", dot.animate.move_to(line.at(0.0)).set_color(pal.accent),
                       FadeOut(full), ghost.animate.set_opacity(0.35), run_time=style.MEDIUM)
        zero = formula("0 \" exactly\"", style.SMALL, pal.accent).next_to(dot, UP, buff=0.15)
        self.play(FadeOut(start), FadeIn(zero), run_time=style.SHORT)
        group.add(ghost, past, zero)
        return group

    def takeaway(self) -> None:
        pal = self.palette
        self.beat("takeaway")
        l1 = self.paths["l1"][-1]
        zeros = int(np.sum(l1 == 0.0))
        lines = [text(f"*Equal bites* prune: {zeros} of {len(l1)} weights are exactly 0", style.BODY, pal.l1),
                 text("With data, a weight stays at 0 while $|∂\"MSE\" \\/ ∂w| ≤ λ$ there", style.BODY, pal.l1),
                 text("*Proportional bites* only shrink: none is 0", style.BODY, pal.l2)]
        msg = card(lines, pal, accent=pal.accent)
        # after the steps the bars are short: the conclusion takes the room above them (the update rules, said
        # already, make way), read at full size
        content = self.layout.content
        tallest = max(self.weight_bars[pen].get_top()[1] for pen in ("l1", "l2"))
        fit(msg, Box(content.left, content.right, tallest + 0.3, content.top))
        for line in lines[1:]:
            line.set_opacity(0.0)
        rules = [panel[0] for panel in self.many[0] if panel[0] is not getattr(self, "faded_rule", None)]
        self.play(FadeOut(self.clip_card), *[FadeOut(rule) for rule in rules], run_time=style.SHORT)
        self.play(FadeIn(msg, shift=UP * 0.2), run_time=style.SHORT)
        zero_labels = VGroup(*[lab for lab, v in zip(self.many[1], l1, strict=True) if v == 0.0])
        if len(zero_labels):
            self.play(Indicate(zero_labels, color=pal.accent, scale_factor=1.2), run_time=style.MEDIUM)
        self.when_read("With data", lines[1].animate.set_opacity(1.0), run_time=style.SHORT)
        self.when_read("L2 shrinks every weight", lines[2].animate.set_opacity(1.0),
                       Indicate(self.many[2], color=pal.accent, scale_factor=1.2))
        self.wait(style.BEAT_PAUSE)
