"""``sparsity``: the lasso assumes that few weights matter (seed 002). What if many do?

Two made-up truths over the same correlated features: a sparse one (three weights matter) and a
dense one (every weight matters a little). Both are fitted by the lasso and by ridge, each with λ
chosen by K-fold cross-validation, and judged on fresh rows drawn the same way
(``mathcore.sparsity.fit_truth``). On the sparse truth the lasso keeps what matters and wins; on the
dense truth it still zeros weights that matter, and ridge wins. Every fit is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Circle,
    Create,
    DashedVMobject,
    FadeIn,
    GrowFromEdge,
    Indicate,
    Line,
    Rectangle,
    VGroup,
)

from mathcore.cv import check_folds
from mathcore.sparsity import TruthFits, fit_truth
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.cards import card
from scenes.kit.layout import Box, fit
from scenes.kit.params import param
from scenes.kit.plots import legend_entry, make_axes
from scenes.kit.registry import register
from scenes.kit.typeset import fmt_number, formula, text

SPARSE_WEIGHTS = (3.0, 2.0, 1.5)  # the sparse truth: these weights, the rest exactly 0
N_TEST = 5000  # fresh rows that judge each fit
CASES = ("sparse", "dense")


@dataclass(frozen=True)
class SparsityParams:
    n: int = param(40, "training rows of each truth", min=12, max=500)
    d: int = param(20, "features", min=5, max=40)
    rho: float = param(0.3, "correlation between every pair of features", min=0.0, max=0.9)
    noise: float = param(1.0, "standard deviation of the noise", min=0.0, min_exclusive=True, max=10.0)
    dense_weight: float = param(0.3, "every weight of the dense truth", min=0.01, max=5.0)
    folds: int = param(10, "cross-validation folds", min=3, max=20)
    seed: int = param(0, "seed of the rows and the folds", min=0, max=2**31 - 1)

    def check(self) -> None:
        if self.folds > self.n:
            raise ValueError(f"folds: at most n = {self.n}, got {self.folds}")
        check_folds(self.n, self.d, self.folds, "l1")  # each fold's lasso fit needs d + 1 training rows

    def truths(self) -> dict[str, np.ndarray]:
        sparse = np.zeros(self.d)
        sparse[: len(SPARSE_WEIGHTS)] = SPARSE_WEIGHTS
        return {"sparse": sparse, "dense": np.full(self.d, self.dense_weight)}


class SparsityNumbers:
    """Both truths' data and fits (the same seed for both: the same features, different targets)."""

    def __init__(self, p: SparsityParams):
        self.p = p
        self.fits: dict[str, TruthFits] = {
            case: fit_truth(w, n=p.n, n_test=N_TEST, rho=p.rho, noise=p.noise, folds=p.folds, seed=p.seed)
            for case, w in p.truths().items()}

    def winner(self, case: str) -> str:
        mse = self.fits[case].test_mse
        return "l1" if mse["l1"] < mse["l2"] else "l2"

    def as_dict(self) -> dict:
        return {case: {"truth": f.truth.tolist(), "lam": f.lam, "coefs": {k: v.tolist() for k, v in f.coefs.items()},
                       "intercept": f.intercept, "test_mse": f.test_mse, "n_test": N_TEST,
                       "lasso_dropped_weights_that_matter": [int(j) + 1 for j in f.dropped()],
                       "lasso_kept_weights_that_do_not": [int(j) + 1 for j in f.kept_noise()]}
                for case, f in self.fits.items()}


@register("sparsity", "the lasso bets that few weights matter: it wins on a sparse truth, ridge on a dense one",
          chapter="When the truth is not sparse", position=95, part="In practice")
class SparsityScene(ExplainerScene):
    PARAMS = SparsityParams
    BEATS = (
        ("truths", "Two made-up truths over {d} features, each pair correlated $ρ = {rho}$: sparse, where 3 "
                   "weights matter, and dense, where all {d} matter a little ({wd} each). {n} noisy rows of each."),
        ("fits", "Fit both by the lasso and by ridge, each with $λ$ chosen by {folds}-fold cross-validation, and "
                 "judge them on {n_test} fresh rows."),
        ("sparse", "{story}"),
        ("dense", "{story}"),
        ("bet", "The lasso (Tibshirani 1996) is built for truths where few weights matter. {outcome} Fitting both "
                "and comparing them on fresh data is a fair test."),
    )

    @classmethod
    def solve(cls, p: SparsityParams) -> dict:
        return SparsityNumbers(p).as_dict()

    def construct(self) -> None:
        self.numbers = SparsityNumbers(self.p)
        self.show_truths()
        self.show_fits()
        self.tell("sparse")
        self.tell("dense")
        self.show_bet()

    # -- layout ----------------------------------------------------------------------------------
    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        if self.layout.wide:
            charts, side = content.split_h(0.7, 0.3, gap=0.4)
        else:
            charts, side = content.split_v(0.72, 0.28, gap=0.25)
        sparse, dense = charts.split_v(0.5, 0.5, gap=0.35)
        return {"sparse": sparse, "dense": dense, "side": side}

    def chart(self, case: str) -> VGroup:
        """Axes over the features, and the truth as a tick per feature; the fits' bars are made later."""
        p, pal = self.p, self.palette
        f = self.numbers.fits[case]
        box = self.boxes[case]
        title = text(f"{case} truth", style.LABEL, pal.text)
        title.move_to([box.left + title.width / 2 + 0.1, box.top - title.height / 2, 0])
        values = np.concatenate([f.truth, *f.coefs.values()])
        lo, hi = min(0.0, float(values.min())), max(0.0, float(values.max()))
        pad = 0.1 * (hi - lo)
        plot = make_axes(Box(box.left, box.right, box.bottom, title.get_bottom()[1] - 0.05), (0.5, p.d + 0.5),
                         (lo - pad if lo < 0 else 0.0, hi + pad), pal, x_label="j", y_label="w_j",
                         x_step=1.0 if p.d <= 10 else 5.0, x_labels_at_bottom=True)
        axes = plot.axes
        slot = float(axes.c2p(1, 0)[0] - axes.c2p(0, 0)[0])
        ticks = VGroup(*[Line(axes.c2p(j + 1 - 0.42, w), axes.c2p(j + 1 + 0.42, w), stroke_color=pal.text,
                              stroke_width=3) for j, w in enumerate(f.truth)])
        group = VGroup(title, plot, ticks)
        group.axes, group.slot = axes, slot
        return group

    def bars(self, case: str, penalty: str) -> VGroup:
        """One bar per feature for ``penalty``'s fit: the lasso in the left half of each slot, ridge in the
        right; an exact zero has no bar."""
        f, pal = self.numbers.fits[case], self.palette
        chart = self.charts[case]
        axes, width = chart.axes, chart.slot * 0.36
        side = -1 if penalty == "l1" else 1
        out = VGroup()
        for j, w in enumerate(f.coefs[penalty]):
            x = j + 1 + side * 0.2
            base, tip = axes.c2p(x, 0.0), axes.c2p(x, float(w))
            height = abs(tip[1] - base[1])
            bar = Rectangle(width=width, height=max(height, 1e-3), stroke_width=0, fill_color=pal.of(penalty),
                            fill_opacity=0.0 if w == 0.0 else 0.9)
            bar.move_to(base, aligned_edge=DOWN if w >= 0 else UP)
            out.add(bar)
        return out

    # -- beats ------------------------------------------------------------------------------------
    def show_truths(self) -> None:
        p = self.p
        self.beat("truths", d=p.d, rho=fmt_number(p.rho), wd=fmt_number(p.dense_weight), n=p.n)
        self.charts = {case: self.chart(case) for case in CASES}
        pal = self.palette
        self.legend = VGroup(legend_entry("\"truth\"", pal.text), legend_entry("\"lasso\"", pal.l1),
                             legend_entry("\"ridge\"", pal.l2)).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        fit(self.legend, Box(self.boxes["side"].left, self.boxes["side"].right,
                             self.boxes["side"].top - 1.4, self.boxes["side"].top), align=UP + LEFT)
        self.play(FadeIn(self.charts["sparse"]), FadeIn(self.legend[0]), run_time=style.MEDIUM)
        self.when_read("and dense", FadeIn(self.charts["dense"]))
        self.wait(style.BEAT_PAUSE)

    def show_fits(self) -> None:
        p = self.p
        self.beat("fits", folds=p.folds, n_test=f"{N_TEST:,}")
        self.fit_bars = {(case, pen): self.bars(case, pen) for case in CASES for pen in ("l1", "l2")}
        self.play(*[GrowFromEdge(b, DOWN) for case in CASES for b in self.fit_bars[(case, "l1")]],
                  FadeIn(self.legend[1]), run_time=style.MEDIUM)
        self.when_read("and by ridge", *[GrowFromEdge(b, DOWN) for case in CASES for b in self.fit_bars[(case, "l2")]],
                       FadeIn(self.legend[2]))
        self.scores = self.score_card()
        self.when_read("judge them", FadeIn(self.scores))
        self.wait(style.BEAT_PAUSE)

    def score_card(self) -> VGroup:
        """Each truth's error on the fresh rows, lasso and ridge, the lower one marked."""
        pal = self.palette
        lines = [text(f"error on {N_TEST:,} fresh rows", style.SMALL, pal.muted)]
        for case in CASES:
            mse, best = self.numbers.fits[case].test_mse, self.numbers.winner(case)
            lines.append(formula(f"\"{case}: \" \"lasso\" {fmt_number(mse['l1'])} quad \"ridge\" "
                                 f"{fmt_number(mse['l2'])}", style.LABEL, pal.text))
            lines[-1].winner = best
        panel = card(lines, pal, buff=0.2)
        side = self.boxes["side"]
        fit(panel, Box(side.left, side.right, side.bottom, self.legend.get_bottom()[1] - 0.3), align=UP + LEFT)
        self.score_lines = {case: line for case, line in zip(CASES, lines[1:], strict=True)}
        return panel

    def story(self, case: str) -> str:
        f, p = self.numbers.fits[case], self.p
        e1, e2 = fmt_number(f.test_mse["l1"]), fmt_number(f.test_mse["l2"])
        matter = int(np.count_nonzero(f.truth))
        dropped, kept_noise = len(f.dropped()), len(f.kept_noise())
        lasso_wins = self.numbers.winner(case) == "l1"
        verdict = (f"its error on fresh rows, ${e1}$, beats ridge's ${e2}$" if lasso_wins
                   else f"yet ridge's error on fresh rows, ${e2}$, beats its ${e1}$")
        if case == "sparse":
            keeps = ("keeps the 3 that matter" if dropped == 0 else f"keeps {matter - dropped} of the 3 that matter")
            noise = ("and zeros every one that does not" if kept_noise == 0 else
                     f"and zeros {p.d - matter - kept_noise} of the {p.d - matter} that do not")
            return f"Sparse truth: the lasso {keeps} {noise}, and {verdict}."
        if dropped == 0:
            return f"Dense truth: the lasso keeps all {matter} weights this time, and {verdict}."
        ridge_verdict = (f"ridge keeps them all, and its error, ${e2}$, beats the lasso's ${e1}$" if not lasso_wins
                         else f"ridge keeps them all, yet the lasso's error, ${e1}$, still beats ridge's ${e2}$")
        return (f"Dense truth: the lasso zeros {dropped} of the {matter} weights that matter (ringed); "
                f"{ridge_verdict}.")

    def tell(self, case: str) -> None:
        pal = self.palette
        self.beat(case, story=self.story(case))
        f, chart = self.numbers.fits[case], self.charts[case]
        self.play(Indicate(chart[0], color=pal.accent, scale_factor=1.1), run_time=style.SHORT)
        rings = VGroup(*[Circle(radius=chart.slot * 0.3, stroke_color=pal.accent, stroke_width=3)
                         .move_to(chart.axes.c2p(j + 1 - 0.2, 0.0)) for j in f.dropped()])
        setattr(self, f"{case}_rings", rings)
        if len(rings):
            self.play(Create(rings), run_time=style.MEDIUM)
        else:
            kept = VGroup(*[self.fit_bars[(case, "l1")][j] for j in np.flatnonzero(f.truth)])
            self.play(Indicate(kept, color=pal.accent, scale_factor=1.0), run_time=style.MEDIUM)
        survivors = VGroup(*[DashedVMobject(Circle(radius=chart.slot * 0.3, stroke_color=pal.l1, stroke_width=3),
                                            num_dashes=12).move_to(chart.axes.c2p(j + 1 - 0.2, 0.0))
                             for j in f.kept_noise()])  # lasso weights left on features that do not matter
        if case == "sparse" and len(survivors):
            self.when_read("that do not", Create(survivors), run_time=style.MEDIUM)
            rings.add(*survivors)
        line = self.score_lines[case]
        self.when_read("error", Indicate(line, color=pal.of(self.numbers.winner(case)), scale_factor=1.1))
        self.wait(style.BEAT_PAUSE)

    def show_bet(self) -> None:
        pal = self.palette
        m = self.numbers
        as_bet = m.winner("sparse") == "l1" and m.winner("dense") == "l2" and len(m.fits["dense"].dropped())
        outcome = ("Here it won where few did; where many mattered a little, it dropped some and ridge did better."
                   if as_bet else "Whether that pays depends on the truth, which the data only hint at.")
        self.beat("bet", outcome=outcome)
        if as_bet:  # each half of the verdict lights its row of the score card
            self.when_read("Here it won", Indicate(self.score_lines["sparse"], color=pal.l1, scale_factor=1.1))
            self.when_read("ridge did better", Indicate(self.score_lines["dense"], color=pal.l2, scale_factor=1.1))
        else:
            self.when_read("is built for", Indicate(self.score_lines["sparse"], color=pal.l1, scale_factor=1.1))
        self.when_read("Fitting both", *[Indicate(self.fit_bars[(case, pen)], color=pal.accent, scale_factor=1.0)
                                         for case in CASES for pen in ("l1", "l2")])
        self.play(Indicate(self.scores, color=pal.accent, scale_factor=1.03), run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)
