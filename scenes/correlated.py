"""``correlated``: L2 shares, L1 picks, the elastic net groups.

Two standardized features with sample correlation exactly ρ (``mathcore.correlated_design``) and
a target that depends on both equally. The loss is a long diagonal "taco", almost parallel to the
diamond's edge; the exact contacts (``mathcore.constrained_minimizer``) of the diamond, the disc
and the elastic-net ball (all three through the same corners) show L1 keeping one feature, L2
sharing, the elastic net sharing with corners still there. Bootstrap resamples of the rows, each
fitted exactly (``mathcore.bootstrap_solutions``), show the lasso's pick flip while ridge's split
stays near half. With identical features the lasso's answer is a whole edge of the diamond
(``mathcore.identical_features``); ridge and the elastic net split it in equal halves.
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
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    Rectangle,
    Transform,
    VGroup,
)

from mathcore import (
    PENALTIES,
    Quadratic,
    bootstrap_solutions,
    constrained_minimizer,
    correlated_design,
    identical_features,
    penalty_value,
)
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.layout import Box, fit
from scenes.kit.params import param
from scenes.kit.plane import Contour, ball, plane_panel
from scenes.kit.plots import make_axes
from scenes.kit.registry import register
from scenes.kit.style import PENALTY_LABELS
from scenes.kit.typeset import fmt_number, formula, text

BINS = 20  # the share histogram's bins over [0, 1]


@dataclass(frozen=True)
class CorrelatedParams:
    rho: float = param(0.9, "sample correlation of the two features", min=0.0, max=0.99)
    n: int = param(40, "rows", min=10, max=2000)
    noise: float = param(1.0, "noise standard deviation (the target is x1 + x2 + noise)", min=0.0, max=10.0)
    seed: int = param(4, "seed of the features, the noise and the resamples", min=0, max=2**31 - 1)
    budget: float = param(0.35, "the sets' size: their corners at this fraction of ‖ŵ‖₁", min=0.05, max=0.95)
    l1_ratio: float = param(0.5, "the elastic net's L1 share (scikit-learn's l1_ratio; 1 is the diamond): its "
                                 "penalty is l1_ratio·‖w‖₁ + (1 − l1_ratio)·‖w‖₂²", min=0.05, max=0.95)
    n_boot: int = param(100, "bootstrap resamples", min=10, max=400)


class CorrelatedNumbers:
    """The data, the three contacts, the bootstrap fits at each contact's λ, and the identical-feature case."""

    def __init__(self, p: CorrelatedParams):
        self.p = p
        self.X = correlated_design(p.n, p.rho, p.seed)
        noise = np.random.default_rng(p.seed + 1).normal(size=p.n) * p.noise
        y = self.X @ np.array([1.0, 1.0]) + noise
        self.y = y - y.mean()
        self.loss = Quadratic.from_data(self.X, self.y)
        self.corner = p.budget * float(np.abs(self.loss.c).sum())  # every set has its corners at ±corner
        self.budgets = {"l1": self.corner, "l2": self.corner,
                        "elastic": p.l1_ratio * self.corner + (1 - p.l1_ratio) * self.corner**2}
        self.contacts = {k: constrained_minimizer(self.loss, self.budgets[k], k, l1_ratio=p.l1_ratio)
                         for k in PENALTIES}
        self.resamples = {k: bootstrap_solutions(self.X, self.y, self.contacts[k].lam, k, n_boot=p.n_boot,
                                                 seed=p.seed, l1_ratio=p.l1_ratio) for k in PENALTIES}
        self.boot = {k: r.coefs for k, r in self.resamples.items()}
        # identical features: the first column twice, at the lasso contact's λ
        self.tied = identical_features(self.X[:, 0], self.y, self.contacts["l1"].lam, p.l1_ratio)

    def tally(self, key: str) -> dict[str, int]:
        w = self.boot[key]
        return {"w1 only": int(np.sum((w[:, 0] != 0) & (w[:, 1] == 0))),
                "w2 only": int(np.sum((w[:, 0] == 0) & (w[:, 1] != 0))),
                "both": int(np.sum((w[:, 0] != 0) & (w[:, 1] != 0))),
                "none": int(np.sum((w[:, 0] == 0) & (w[:, 1] == 0)))}

    def shares(self, key: str) -> np.ndarray:
        """Each resample's share of the weight on w₁, |w₁| / (|w₁| + |w₂|) (resamples with no weight left out)."""
        w = np.abs(self.boot[key])
        total = w.sum(axis=1)
        return w[total > 0, 0] / total[total > 0]

    @property
    def tied_point(self) -> dict[str, np.ndarray]:
        return {"l1": self.tied.lasso_point(0.5), "l2": self.tied.ridge, "elastic": self.tied.elastic}

    def tied_budget(self, key: str) -> float:
        """The set through the identical-feature answer: the diamond through the whole segment."""
        if key == "l1":
            return self.tied.lasso_total
        w = self.tied_point[key]
        return float(np.linalg.norm(w)) if key == "l2" else float(penalty_value(w, "elastic", self.p.l1_ratio))

    def as_dict(self) -> dict:
        return {
            "rho": float(np.corrcoef(self.X.T)[0, 1]), "least_squares": self.loss.c.tolist(),
            "corner": self.corner,
            "contacts": {k: {"budget": self.budgets[k], "point": s.point.tolist(), "lam": s.lam}
                         for k, s in self.contacts.items()},
            "bootstrap": {k: {"tally": self.tally(k), "share_w1": self.shares(k).tolist()} for k in PENALTIES},
            "identical": {"lam": self.contacts["l1"].lam, "lasso_segment": self.tied.lasso_ends.tolist(),
                          "ridge": self.tied.ridge.tolist(), "elastic": self.tied.elastic.tolist()},
        }


def point_text(w: np.ndarray) -> str:
    return f"w = ({fmt_number(float(w[0]))}, {fmt_number(float(w[1]))})"


@register("correlated", "correlated features: L1 picks one (and flips across resamples), L2 shares, "
                        "the elastic net groups", chapter="Correlated features", position=100, part="In practice")
class CorrelatedScene(ExplainerScene):
    PARAMS = CorrelatedParams
    BEATS = (
        ("taco", "Two features with correlation $ρ = {rho}$, and a target that depends on both equally; with "
                 "features this alike, the noise tips the least-squares fit to $hat(w) = {what}$. The loss is a long "
                 "diagonal taco, almost parallel to the diamond's edge."),
        ("contacts", "L1 touches a corner and keeps {pick} alone. L2 touches near the diagonal and shares. The "
                     "elastic net, {alpha} L1 and the rest L2, shares too, yet its ball keeps corners."),
        ("bootstrap", "Refit on {B} resamples of the rows: the lasso keeps $w_1$ alone {n1} times, $w_2$ alone "
                      "{n2} times, both {nb}, neither {nn}. Ridge's share of $w_1$ stays near half."),
        ("identical", "With identical features ($ρ = 1$) the loss's contours become straight lines, and every point "
                      "of this edge has the same loss plus penalty: the lasso has no single answer."),
        ("grouping", "Ridge and the elastic net split the weight in equal halves: the grouping effect (Zou & "
                     "Hastie 2005)."),
    )

    @classmethod
    def solve(cls, p: CorrelatedParams) -> dict:
        return CorrelatedNumbers(p).as_dict()

    def construct(self) -> None:
        self.numbers = CorrelatedNumbers(self.p)
        self.show_taco()
        self.show_contacts()
        self.show_bootstrap()
        self.show_identical()
        self.show_grouping()

    # -- layout -----------------------------------------------------------------------------------
    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        out = {}
        if self.layout.portrait:  # one row per penalty: the plane, then its notes
            for key, row in zip(PENALTIES, content.split_v(1, 1, 1, gap=0.3), strict=True):
                out[key], out[f"{key}_band"] = row.split_h(0.5, 0.5, gap=0.3)
        else:  # one column per penalty: the plane on top, its notes below
            for key, col in zip(PENALTIES, content.split_h(1, 1, 1, gap=0.35), strict=True):
                out[key], out[f"{key}_band"] = col.split_v(0.66, 0.34, gap=0.2)
        return out

    # -- beats ------------------------------------------------------------------------------------
    @cached_property
    def window(self) -> tuple[float, float]:
        """Down to the sets' far corners, up past ŵ: every set whole, the taco's centre inside."""
        m = self.numbers
        far = max(m.corner, m.tied.lasso_total, float(np.linalg.norm(m.tied.ridge)))
        top = float(np.abs(np.vstack([m.loss.c, *m.tied.lasso_ends])).max())
        return -1.1 * far, 1.25 * top

    def panel(self, key: str) -> VGroup:
        pal = self.palette
        name = PENALTY_LABELS[key] + (f" ({round(100 * self.p.l1_ratio):d}% L1)" if key == "elastic" else "")
        title = text(name, style.SMALL, pal.of(key))
        return plane_panel(self.boxes[key], title, *self.window, pal)

    def show_taco(self) -> None:
        m, pal = self.numbers, self.palette
        c = self.numbers.loss.c
        self.beat("taco", rho=fmt_number(self.p.rho), what=f"({fmt_number(c[0])}, {fmt_number(c[1])})")
        self.panels = {k: self.panel(k) for k in PENALTIES}
        self.axes = {k: self.panels[k][1].axes for k in PENALTIES}
        self.hats = VGroup(*[Dot(self.axes[k].c2p(*m.loss.c), radius=style.DOT_RADIUS, color=pal.data)
                             for k in PENALTIES])
        # across the taco's short axis, clear of its rings
        self.hat_tags = VGroup(*[formula("hat(w)", style.SMALL, pal.data).next_to(h, UP + RIGHT, buff=0.3)
                                 for h in self.hats])
        levels = [m.loss.r + (m.contacts["l1"].level - m.loss.r) * f for f in (0.03, 0.12)]
        self.tacos = VGroup(*[Contour(self.axes[k], m.loss, lv, color=pal.data, width=2).set_stroke(opacity=0.5)
                              for k in PENALTIES for lv in levels])
        self.shapes = {k: ball(self.axes[k], k, m.budgets[k], color=pal.of(k), l1_ratio=self.p.l1_ratio)
                       for k in PENALTIES}
        self.play(*[FadeIn(p) for p in self.panels.values()], run_time=style.SHORT)
        self.play(*[Create(s) for s in self.shapes.values()], run_time=style.MEDIUM)
        self.data_panel = self.make_data_panel()
        self.play(FadeIn(self.data_panel[0]), run_time=style.MEDIUM)
        self.when_read("a target that depends on both", FadeIn(self.data_panel[1]), run_time=style.SHORT)
        self.when_read("The loss is a long diagonal taco", FadeIn(self.hats), FadeIn(self.hat_tags),
                       Create(self.tacos), run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)

    def make_data_panel(self) -> VGroup:
        """Where the numbers come from, in the notes' place until the contacts: the two features against each
        other (their correlation is the taco's tilt) and the target."""
        m, p, pal = self.numbers, self.p, self.palette
        box = self.boxes["l1_band"]
        side = min(box.height, box.width) - 0.1
        square = Box(box.left, box.left + side, box.top - side, box.top)
        lim = float(np.abs(m.X).max()) * 1.05
        plot = make_axes(square, (-lim, lim), (-lim, lim), pal, x_label="x_1", y_label="x_2", equal_aspect=True,
                         target_x_ticks=3)
        dots = VGroup(*[Dot(plot.axes.c2p(*x), radius=0.035, color=pal.data, fill_opacity=0.7) for x in m.X])
        text_box = self.boxes["l2_band"] if self.layout.portrait else Box(
            self.boxes["l2_band"].left, self.boxes["elastic_band"].right, self.boxes["l2_band"].bottom,
            self.boxes["l2_band"].top)
        lines = VGroup(text(f"{p.n} rows; $x_1$, $x_2$ with correlation $ρ = {fmt_number(p.rho)}$", style.LABEL,
                            pal.text),
                       text(f"target $y = x_1 + x_2 +$ noise (s.d. ${fmt_number(p.noise)}$)", style.LABEL, pal.text),
                       text(f"least squares: $hat(w) = ({fmt_number(m.loss.c[0])}, {fmt_number(m.loss.c[1])})$",
                            style.LABEL, pal.data)).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        fit(lines, text_box, align=UP + LEFT)
        return VGroup(VGroup(plot, dots), lines)

    def show_contacts(self) -> None:
        m, pal = self.numbers, self.palette
        pick = next((f"$w_{j + 1}$" for j in range(2) if m.contacts["l1"].point[1 - j] == 0.0), "neither")
        self.beat("contacts", pick=pick, alpha=f"{round(100 * self.p.l1_ratio):d}%")
        self.contours, self.dots, self.notes = {}, {}, {}
        for k in PENALTIES:
            sol = m.contacts[k]
            # only the arc through the contact: the clipped far side would float as a stray dash
            self.contours[k] = Contour(self.axes[k], m.loss, sol.level, color=pal.data, width=3).set_level(
                sol.level, near=sol.point)
            self.dots[k] = Dot(self.axes[k].c2p(*sol.point), radius=style.DOT_RADIUS * 1.2, color=pal.of(k))
            self.notes[k] = self.contact_note(k, sol.point)
        # a ring on each contact with an exact zero: the corner, which the nearly parallel loss line hides
        self.corner_rings = VGroup(*[Circle(radius=0.16, stroke_color=pal.accent, stroke_width=4).move_to(
            self.dots[k]) for k in PENALTIES if np.any(m.contacts[k].point == 0.0)])
        self.play(*[Create(c) for c in self.contours.values()], *[FadeIn(d) for d in self.dots.values()],
                  run_time=style.MEDIUM)
        self.play(Create(self.corner_rings), run_time=style.SHORT)
        self.play(FadeOut(self.data_panel), run_time=style.SHORT)
        self.play(FadeIn(self.notes["l1"]), run_time=style.SHORT)
        self.when_read("L2 touches near the diagonal", FadeIn(self.notes["l2"]), run_time=style.SHORT)
        self.when_read("The elastic net", FadeIn(self.notes["elastic"]), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)

    def contact_note(self, key: str, w: np.ndarray) -> VGroup:
        pal = self.palette
        kept = [j for j in range(2) if w[j] != 0.0]
        verdict = (f"keeps $w_{kept[0] + 1}$ only" if len(kept) == 1 else
                   f"shares: ${fmt_number(100 * abs(w[0]) / np.abs(w).sum(), 0)}$% on $w_1$" if kept else "keeps none")
        note = VGroup(formula(point_text(w), style.SMALL, pal.of(key)),
                      text(verdict, style.SMALL, pal.accent if len(kept) == 1 else pal.text))
        note.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        return fit(note, self.boxes[f"{key}_band"], align=UP + LEFT)

    def histogram(self, key: str) -> VGroup:
        """The share of w₁ across resamples: 0 (w₂ only) … 1 (w₁ only), in BINS bars."""
        m, pal = self.numbers, self.palette
        box = self.boxes[f"{key}_band"]
        shares = m.shares(key)
        counts, _ = np.histogram(shares, bins=BINS, range=(0.0, 1.0))
        t = m.tally(key)
        parts = [f"$w_2$ only {t['w2 only']}", f"both {t['both']}", f"$w_1$ only {t['w1 only']}"]
        if t["none"]:
            parts.append(f"none {t['none']} (no share: not drawn)")
        label = text(" · ".join(parts), style.SMALL, pal.text)  # left to right, as the axis runs
        if label.width > box.width:  # wrapped, not shrunk
            label = text(" · ".join(parts), style.SMALL, pal.text, width=box.width)
        label.move_to([box.left + box.width / 2, box.top - label.height / 2, 0])
        top = box.top - label.height - 0.1
        base = box.bottom + 0.75  # room for the end labels and, under them, the axis's name
        left, right = box.left + 0.1, box.right - 0.1
        slot = (right - left) / BINS
        peak = max(int(np.max([np.histogram(m.shares(k), bins=BINS, range=(0.0, 1.0))[0].max()
                               for k in PENALTIES])), 1)  # one scale for the three, so heights compare
        bars = VGroup()
        for b, cnt in enumerate(counts):
            if cnt:
                h = (top - base) * cnt / peak
                bars.add(Rectangle(width=slot * 0.85, height=h, stroke_width=0, fill_color=pal.of(key),
                                   fill_opacity=0.9).move_to([left + slot * (b + 0.5), base, 0], aligned_edge=DOWN))
        axis = Line([left, base, 0], [right, base, 0], stroke_color=pal.axis, stroke_width=2)
        ends = VGroup(formula("w_2 \" only\"", style.FINE, pal.muted).next_to([left, base, 0], DOWN,
                                                                                     buff=0.08).align_to(axis, LEFT),
                      text("half", style.FINE, pal.muted).next_to([(left + right) / 2, base, 0], DOWN, buff=0.08),
                      formula("w_1 \" only\"", style.FINE, pal.muted).next_to([right, base, 0], DOWN,
                                                                                    buff=0.08).align_to(axis, RIGHT))
        name = text("share of the weight on $w_1$", style.FINE, pal.muted)
        name.next_to(ends, DOWN, buff=0.06).set_x((left + right) / 2)
        group = VGroup(axis, bars, ends, label, name)
        group.bars = bars
        return group

    def show_bootstrap(self) -> None:
        m, pal = self.numbers, self.palette
        t = m.tally("l1")
        self.beat("bootstrap", B=self.p.n_boot, n1=t["w1 only"], n2=t["w2 only"], nb=t["both"], nn=t["none"])
        self.histograms = {k: self.histogram(k) for k in PENALTIES}
        self.play(*[FadeOut(n) for n in self.notes.values()], run_time=style.SHORT)
        self.play(*[FadeIn(h[0]) for h in self.histograms.values()], *[FadeIn(h[2]) for h in self.histograms.values()],
                  run_time=style.SHORT)
        self.play(*[FadeIn(h.bars, lag_ratio=0.1) for h in self.histograms.values()],
                  *[FadeIn(h[3]) for h in self.histograms.values()], run_time=style.MEDIUM)
        self.when_read("Ridge's share", Indicate(self.histograms["l2"].bars, color=pal.accent, scale_factor=1.0))
        self.wait(style.BEAT_PAUSE)

    def show_identical(self) -> None:
        m, pal = self.numbers, self.palette
        self.beat("identical")
        tied = m.tied_point
        x_sum = {k: float(tied[k].sum()) for k in PENALTIES}  # the loss sees only w₁ + w₂: level lines
        lo, hi = self.window
        self.play(FadeOut(self.tacos), FadeOut(self.hats), FadeOut(self.hat_tags), FadeOut(self.corner_rings),
                  *[FadeOut(h) for h in self.histograms.values()], run_time=style.SHORT)
        self.level_lines, self.tied_dots = {}, {}
        moves = []
        for k in PENALTIES:
            axes = self.axes[k]
            s = x_sum[k]  # the line w₁ + w₂ = s, cut to the window
            a, b = max(lo, s - hi), min(hi, s - lo)
            line = Line(axes.c2p(a, s - a), axes.c2p(b, s - b), stroke_color=pal.data, stroke_width=3)
            self.level_lines[k] = line
            shape = ball(axes, k, m.tied_budget(k), color=pal.of(k), l1_ratio=self.p.l1_ratio)
            moves += [Transform(self.shapes[k], shape), Transform(self.contours[k], line),
                      self.dots[k].animate.move_to(axes.c2p(*tied[k]))]
        self.play(*moves, run_time=style.MEDIUM)
        axes = self.axes["l1"]
        ends = m.tied.lasso_ends
        self.segment = Line(axes.c2p(*ends[0]), axes.c2p(*ends[1]), stroke_color=pal.l1, stroke_width=10)
        note = text("any point of the edge", style.SMALL, pal.accent)
        fit(note, self.boxes["l1_band"], align=UP + LEFT)
        self.tied_notes = {"l1": note}
        self.play(Create(self.segment), FadeOut(self.dots["l1"]), FadeIn(note), run_time=style.MEDIUM)
        self.when_read("the lasso has no single answer", Indicate(self.segment, color=pal.accent, scale_factor=1.0))
        self.wait(style.BEAT_PAUSE)

    def show_grouping(self) -> None:
        m, pal = self.numbers, self.palette
        self.beat("grouping")
        tied = m.tied_point
        for k in ("l2", "elastic"):
            note = formula(point_text(tied[k]), style.SMALL, pal.of(k))
            self.tied_notes[k] = fit(note, self.boxes[f"{k}_band"], align=UP + LEFT)
        rings = VGroup(*[Circle(radius=0.16, stroke_color=pal.accent, stroke_width=4).move_to(self.dots[k])
                         for k in ("l2", "elastic")])
        self.play(*[FadeIn(self.tied_notes[k]) for k in ("l2", "elastic")], Create(rings), run_time=style.MEDIUM)
        self.wait(style.LONG)
