"""``cv``: choosing λ by cross-validation (seed 002: "requires validation or cross-validation").

The rows (prostate's 67 training rows by default) are dealt into folds at random; each fold is
held out once while the exact lasso is fitted on the rest, giving one held-out error curve along
λ. Their mean with ±1 standard error bars gives λ_min and, by glmnet's one-standard-error rule,
the sparser λ_1se. Which features each keeps, next to the published pick in ESL (Fig. 3.10,
Table 3.3), and the chosen model's error on the 30 test rows next to ESL's 0.479.
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
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    Line,
    Rectangle,
    Transform,
    VGroup,
    VMobject,
)

from mathcore import cross_validate
from mathcore.cv import fit_path
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.cards import card
from scenes.kit.layout import Box, fit
from scenes.kit.params import param
from scenes.kit.plots import legend_entry, link_legend, make_axes, power_of_ten_label, set_polyline_within
from scenes.kit.realdata import DataParams, prepared, short
from scenes.kit.registry import register
from scenes.kit.typeset import escape_markup, fmt_number, formula, text

ESL_PICK = ("lcavol", "lweight", "lbph", "svi")  # ESL Fig. 3.10 / Table 3.3: the CV-chosen lasso (s = 0.36)
ESL_TEST_ERROR = {"lasso": 0.479, "least squares": 0.521}  # ESL Table 3.3


@dataclass(frozen=True)
class CVParams(DataParams):
    dataset: str = param("prostate", "shipped data set (prostate: ESL's 67 training rows; its 30 test rows "
                                      "score the pick)", choices=("diabetes", "prostate", "longley"))
    folds: int = param(10, "number of folds", min=2, max=20)
    seed: int = param(0, "seed of the random deal of rows into folds", min=0, max=2**31 - 1)
    n_lams: int = param(60, "λ values, log-spaced from where every weight is 0 down to 1/1000 of it", min=10,
                        max=200)

    def check(self) -> None:
        super().check()
        d = self.load()
        rows = int(d.train.sum()) if d.train is not None else d.n
        if self.folds > rows:
            raise ValueError(f"folds: at most the number of rows ({rows}), got {self.folds}")


class CVNumbers:
    """Exact K-fold CV of the lasso on the standardized rows, the two picks, and their test errors."""

    def __init__(self, p: CVParams):
        self.prep = prep = prepared(p)
        self.names = prep.names
        n = prep.rows
        lam_max = 2.0 * float(np.max(np.abs(prep.Z.T @ prep.y / n)))
        self.lams = np.geomspace(lam_max, lam_max * 1e-3, p.n_lams)
        self.cv = cross_validate(prep.Z, prep.y, self.lams, "l1", folds=p.folds, seed=p.seed)
        self.picks = {}
        for label, lam in (("min", self.cv.lam_min), ("1se", self.cv.lam_1se)):
            coefs, intercepts = fit_path(prep.Z, prep.y + prep.y_mean, np.array([lam]), "l1")
            test = sq = None
            if prep.Z_test is not None:
                sq = (prep.y_test - prep.Z_test @ coefs[0] - intercepts[0]) ** 2
                test = float(np.mean(sq))
            self.picks[label] = {"lam": lam, "coefs": coefs[0], "intercept": float(intercepts[0]), "test_mse": test,
                                 "squared_errors": sq}
        # the two models scored on the same test rows: the standard error of their paired difference
        a, b = self.picks["1se"]["squared_errors"], self.picks["min"]["squared_errors"]
        self.paired_se = None if a is None else float(np.std(a - b, ddof=1) / np.sqrt(a.size))

    def kept(self, label: str) -> list[str]:
        return [self.names[j] for j in np.flatnonzero(self.picks[label]["coefs"])]

    @property
    def is_esl(self) -> bool:
        return self.prep.data.name == "prostate" and self.prep.Z_test is not None

    def as_dict(self) -> dict:
        cv = self.cv
        return {
            "data": self.prep.data.name, "rows": self.prep.rows, "features": list(self.names), "standardized": True,
            "folds": cv.folds, "fold_of": cv.fold_of.tolist(), "lams": cv.lams.tolist(),
            "errors": cv.errors.tolist(), "mean": cv.mean.tolist(), "se": cv.se.tolist(),
            "lam_min": cv.lam_min, "lam_1se": cv.lam_1se,
            "paired_se_of_test_difference": self.paired_se,
            "picks": {k: {"lam": v["lam"], "intercept": v["intercept"], "test_mse": v["test_mse"],
                          "coefs": dict(zip(self.names, v["coefs"].tolist(), strict=True))}
                      for k, v in self.picks.items()},
            "published": {"esl_pick": list(ESL_PICK), "esl_test_error": ESL_TEST_ERROR} if self.is_esl else None,
        }


def names_markup(names: list[str]) -> str:
    return ", ".join(escape_markup(short(n)) for n in names) if names else "none"


@register("cv", "choosing λ: exact K-fold cross-validation, λ_min and λ_1se, the features each keeps",
          chapter="Choosing λ", position=90,
          part="In practice")
class CvScene(ExplainerScene):
    PARAMS = CVParams
    BEATS = (
        ("folds", "The {data}, standardized: {n} rows dealt at random into {k} folds. Each fold is held out once "
                  "(highlighted) while the lasso is fitted on the others."),
        ("fold_curves", "Each fold gives an error curve: the held-out MSE of the exact lasso at every $λ$."),
        ("mean", "Their mean is drawn with $±1$ standard error bars. $λ_min = {lmin}$ has the lowest mean error; "
                 "$λ_\"1se\" = {l1se}$ is the largest $λ$ whose mean stays under the dashed line, one standard "
                 "error above that minimum: a sparser model."),
        ("picks", "$λ_min$ keeps {kmin} of {d} features; $λ_\"1se\"$ keeps {k1se}: {names1se}."),
        ("published", "{published}"),
        ("test", "{test}"),
    )

    @classmethod
    def solve(cls, p: CVParams) -> dict:
        return CVNumbers(p).as_dict()

    def construct(self) -> None:
        self.numbers = CVNumbers(self.p)
        self.show_folds()
        self.show_fold_curves()
        self.show_mean()
        self.show_picks()
        self.show_published()
        self.show_test()

    @cached_property
    def boxes(self) -> dict[str, Box]:
        """``alone``: the fold strips while they are the only thing on screen; then they make room."""
        content = self.layout.content
        if self.layout.wide:
            left, plot = content.split_h(0.42, 0.58, gap=0.4)
            strips, cards = left.split_v(0.52, 0.48, gap=0.3)
            alone = content.inset(0.6, 0.4)
        else:
            strips, plot, cards = content.split_v(0.25, 0.45, 0.3, gap=0.25)
            alone = content.split_v(0.45, 0.55, gap=0.25)[0]
        return {"alone": alone, "strips": strips, "plot": plot, "cards": cards}

    # -- beats -------------------------------------------------------------------------------------
    def fold_strips(self, box: Box) -> VGroup:
        """One strip per fold across ``box``, its held-out rows highlighted, with a key below."""
        m, pal = self.numbers, self.palette
        cv = m.cv
        label_w = 0.55
        n, K = m.prep.rows, cv.folds
        head = text(f"{n} training rows →", style.FINE, pal.muted)
        head.move_to([box.left + label_w, box.top - head.height / 2, 0], aligned_edge=LEFT)
        side = text("fold", style.FINE, pal.muted).rotate(np.pi / 2)
        box = Box(box.left + side.width + 0.12, box.right, box.bottom, box.top - head.height - 0.12)
        height = min(0.4, (box.height - 0.5) / (K * 1.35))
        side.move_to([box.left - side.width / 2 - 0.12, box.top - K * height * 1.35 / 2, 0])
        width = box.width - label_w
        cell = width / n
        strips = VGroup()
        for k in range(K):
            y = box.top - (k + 0.5) * height * 1.35
            x0 = box.left + label_w
            back = Rectangle(width=width, height=height, stroke_width=0, fill_color=pal.l1, fill_opacity=0.35)
            back.move_to([x0 + width / 2, y, 0])
            held = VGroup()
            rows = np.flatnonzero(cv.fold_of == k)
            runs = np.split(rows, np.flatnonzero(np.diff(rows) != 1) + 1)
            for run in runs:
                w = cell * len(run)
                held.add(Rectangle(width=w, height=height, stroke_width=0, fill_color=pal.accent, fill_opacity=1.0)
                         .move_to([x0 + cell * run[0] + w / 2, y, 0]))
            label = formula(str(k + 1), style.FINE, pal.muted)
            if label.height > 0.85 * height * 1.35:  # many folds in a short box: the numbers keep apart
                label.scale_to_fit_height(0.85 * height * 1.35)
            label.next_to([x0, y, 0], LEFT, buff=0.1)
            strips.add(VGroup(back, held, label))
        swatch = min(height, 0.22)
        key = VGroup(Rectangle(width=0.3, height=swatch, stroke_width=0, fill_color=pal.accent, fill_opacity=1.0),
                     text("held out", style.FINE, pal.text),
                     Rectangle(width=0.3, height=swatch, stroke_width=0, fill_color=pal.l1, fill_opacity=0.35),
                     text("fitted on", style.FINE, pal.text)).arrange(RIGHT, buff=0.12)
        key[2].shift(RIGHT * 0.25)
        key[3].shift(RIGHT * 0.25)
        key.next_to(strips, DOWN, buff=0.2).align_to(strips[0][0], LEFT)
        return VGroup(strips, key, head, side)

    def show_folds(self) -> None:
        m = self.numbers
        self.beat("folds", data=m.prep.title(), n=m.prep.rows, k=m.cv.folds)
        self.folds = self.fold_strips(self.boxes["alone"])
        self.strips = self.folds[0]
        self.play(FadeIn(self.strips, lag_ratio=0.08), *[FadeIn(part) for part in self.folds[1:]],
                  run_time=style.MEDIUM)
        self.when_read("Each fold is held out once", LaggedStart(
            *[Indicate(strip[1], color=self.palette.text, scale_factor=1.0) for strip in self.strips],
            lag_ratio=0.5), run_time=style.LONG)
        self.wait(style.BEAT_PAUSE)

    @cached_property
    def plot(self) -> VGroup:
        m, pal = self.numbers, self.palette
        cv = m.cv
        x = np.log10(cv.lams)
        # the scale of the mean ± se, where λ is chosen; fold curves that climb higher are cut at the top
        hi_mean, lo_mean = float((cv.mean + cv.se).max()), float((cv.mean - cv.se).min())
        top = min(float(cv.errors.max()), hi_mean + 0.6 * (hi_mean - lo_mean))
        low = float(min(cv.errors.min(), lo_mean))
        pad = 0.06 * (top - low)
        # log10 λ drawn shifted by x0, so the MSE axis stands at the plot's left edge
        self.x0 = x0 = float(np.floor(x.min()))
        plot = make_axes(self.boxes["plot"], (float(x.min()) - x0, float(x.max()) - x0), (max(0.0, low - pad), top + pad),
                         pal, x_label="λ", y_label="\"MSE\"", x_labels_at_bottom=True, x_step=1.0,
                         x_tick_label=power_of_ten_label(x0), x_label_below=True)
        self.axes = plot.axes
        return plot

    def show_fold_curves(self) -> None:
        m, pal = self.numbers, self.palette
        self.beat("fold_curves")
        plot = self.plot  # makes self.axes
        x = np.log10(m.cv.lams) - self.x0
        y0 = self.axes.y_range[0]
        self.fold_lines = VGroup(*[
            set_polyline_within(VMobject(stroke_color=pal.muted, stroke_width=1.8, stroke_opacity=0.7), self.axes, x,
                                m.cv.errors[k], y0, self.axes.y_range[1])
            for k in range(m.cv.folds)])
        self.play(Transform(self.folds, self.fold_strips(self.boxes["strips"])), FadeIn(plot), run_time=style.MEDIUM)
        # each fold's strip lights up as its curve is drawn: which rows were held out, and what error they gave
        for k, line in enumerate(self.fold_lines):
            line.set_stroke(color=pal.accent, opacity=1.0)
            self.play(Create(line), Indicate(self.strips[k], color=pal.accent, scale_factor=1.0),
                      run_time=style.SHORT * 0.6)
            self.play(line.animate.set_stroke(color=pal.muted, opacity=0.7), run_time=style.SHORT * 0.3)
        self.legend = VGroup(link_legend(legend_entry("\"one fold's held-out MSE\"", pal.muted, size=style.SMALL),
                                         *self.fold_lines))
        self.place_legend()
        self.play(FadeIn(self.legend), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)

    def place_legend(self) -> None:
        """The key to the plot's lines, in the cards' place until the picks arrive."""
        self.legend.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        box = self.boxes["cards"]
        self.legend.scale(min(1.0, box.width / max(self.legend.width, 1e-9)))
        self.legend.move_to([box.left + self.legend.width / 2 + 0.1, box.top - self.legend.height / 2 - 0.1, 0])

    def show_mean(self) -> None:
        m, pal = self.numbers, self.palette
        cv, axes = m.cv, self.axes
        self.beat("mean", lmin=fmt_number(cv.lam_min, 3), l1se=fmt_number(cv.lam_1se, 3))
        x = np.log10(cv.lams) - self.x0
        mean = VMobject(stroke_color=pal.l1, stroke_width=style.CURVE_WIDTH)
        mean.set_points_as_corners(axes.coords_to_point(np.column_stack([x, cv.mean])))
        bars = VGroup(*[Line(axes.c2p(x[j], cv.mean[j] - cv.se[j]), axes.c2p(x[j], cv.mean[j] + cv.se[j]),
                             stroke_color=pal.l1, stroke_width=2) for j in range(0, len(x), 3)])
        y0, y1 = axes.y_range[:2]
        self.markers = {}
        tags = VGroup()
        for key, lam, name in (("min", cv.lam_min, "λ_min"), ("1se", cv.lam_1se, "λ_\"1se\"")):
            at = np.log10(lam) - self.x0
            line = DashedLine(axes.c2p(at, y0), axes.c2p(at, y1), stroke_color=pal.accent, stroke_width=2.5,
                              dash_length=0.08)
            tag = formula(name, style.SMALL, pal.accent)
            tag.next_to(axes.c2p(at, y1), UP, buff=0.08)
            self.markers[key] = line
            tags.add(tag)
        if len(tags) == 2 and tags[0].get_right()[0] + 0.1 > tags[1].get_left()[0]:  # close picks: side by side
            tags[0].next_to(self.markers["min"].get_top(), UP + LEFT, buff=0.05)
            tags[1].next_to(self.markers["1se"].get_top(), UP + RIGHT, buff=0.05)
        # the one-standard-error bar: λ_1se is the largest λ whose mean is under it
        bar_y = cv.mean[cv.index_min] + cv.se[cv.index_min]
        self.se_level = DashedLine(axes.c2p(x.min(), bar_y), axes.c2p(x.max(), bar_y), stroke_color=pal.text,
                                   stroke_width=2, dash_length=0.06, stroke_opacity=0.8)
        self.mean_line, self.se_bars, self.pick_tags = mean, bars, tags
        entries = [link_legend(legend_entry("\"mean ± 1 s.e.\"", pal.l1, size=style.SMALL), mean),
                   link_legend(legend_entry("\"1 s.e. above the minimum\"", pal.text, dashed=True, size=style.SMALL),
                               self.se_level)]
        self.legend.add(entries[0])  # top-left anchored: the entries already shown stay in place
        self.place_legend()
        self.play(self.fold_lines.animate.set_stroke(opacity=pal.dim), Create(mean), FadeIn(bars), FadeIn(entries[0]),
                  run_time=style.MEDIUM)
        self.when_read("has the lowest mean error", Create(self.markers["min"]), FadeIn(tags[0]))
        self.legend.add(entries[1])
        self.place_legend()
        self.when_read("under the dashed line", Create(self.se_level), FadeIn(entries[1]))
        self.when_read("is the largest λ", Create(self.markers["1se"]), FadeIn(tags[1]))
        self.wait(style.BEAT_PAUSE)

    def pick_line(self, label: str, name: str) -> VGroup:
        m, pal = self.numbers, self.palette
        kept = m.kept(label)
        head = text(f"${name} = {fmt_number(m.picks[label]['lam'], 3)}$: {len(kept)} of {len(m.names)} kept",
                    style.LABEL, pal.accent)
        names = text(names_markup(kept), style.LABEL, pal.l1, width=self.boxes["cards"].width - 0.8)
        return VGroup(head, names).arrange(DOWN, aligned_edge=LEFT, buff=0.08)

    def show_picks(self) -> None:
        m, pal = self.numbers, self.palette
        self.beat("picks", kmin=len(m.kept("min")), k1se=len(m.kept("1se")), d=len(m.names),
                  names1se=names_markup(m.kept("1se")))
        lines = [self.pick_line("min", "λ_min"), self.pick_line("1se", "λ_\"1se\"")]
        self.picks_card = card(lines, pal, buff=0.25)
        for line in lines:
            line.align_to(self.picks_card[0], LEFT).shift(RIGHT * 0.25)
        # The lines of the next two beats are laid out now, with the card, so the column fits its box.
        self.esl_line = text(f"ESL's pick: {names_markup(list(ESL_PICK))}", style.LABEL, pal.muted)
        test = m.picks["1se"]["test_mse"]
        if test is not None:  # the test beat's numbers: each pick's test error, then their paired difference
            at_min = m.picks["min"]["test_mse"]
            self.test_line = VGroup(
                text(f"test MSE: $λ_\"1se\"$ ${fmt_number(test, 3)}$ · $λ_min$ ${fmt_number(at_min, 3)}$ · ESL "
                     f"lasso $0.479$ · least squares $0.521$", style.LABEL, pal.text),
                text(f"difference ${fmt_number(abs(test - at_min), 3)}$, its standard error "
                     f"${fmt_number(m.paired_se, 2)}$ (same test rows)", style.LABEL, pal.accent),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        else:
            self.test_line = text(" ", style.LABEL, pal.text)
        column = VGroup(self.picks_card, *([self.esl_line] if m.is_esl else []),
                        *([self.test_line] if test is not None else []))
        column.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        fit(column, self.boxes["cards"], align=UP + LEFT)
        self.play(FadeOut(self.legend), run_time=style.SHORT)
        self.play(FadeIn(self.picks_card), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)

    def show_published(self) -> None:
        m = self.numbers
        if not m.is_esl:
            self.beat("published", published="A published pick exists for ESL's prostate data; on these data "
                                             "the folds' own choice is all there is.")
            self.wait(style.BEAT_PAUSE)
            return
        ours = set(m.kept("1se"))
        same = [n for n in ESL_PICK if n in ours]
        extra = [n for n in m.kept("1se") if n not in ESL_PICK]
        missing = [n for n in ESL_PICK if n not in ours]
        diff = []
        if extra:
            diff.append(f"ours also keeps {names_markup(extra)}")
        if missing:
            diff.append(f"ours drops {names_markup(missing)}")
        kept_all = "all four of ESL's" if len(same) == len(ESL_PICK) else f"{len(same)} of ESL's four"
        verdict = ("the same four" if not diff else f"{kept_all}; " + " and ".join(diff)
                   + " (ESL's folds and scaling are not ours)")
        self.beat("published", published=f"ESL (Fig. 3.10, Table 3.3) picked {names_markup(list(ESL_PICK))}. "
                                         f"Our exact folds at $λ_\"1se\"$: {verdict}.")
        self.play(FadeIn(self.esl_line), run_time=style.SHORT)
        self.when_read("Our exact folds", Indicate(self.picks_card[1][1], color=self.palette.accent,
                                                   scale_factor=1.05))
        self.wait(style.BEAT_PAUSE)

    def show_test(self) -> None:
        m = self.numbers
        pick = m.picks["1se"]
        if pick["test_mse"] is None:
            self.beat("test", test=f"These data have no held-out test rows: the CV error at $λ_min$, "
                                   f"${fmt_number(float(m.cv.mean[m.cv.index_min]), 3)}$, is the estimate of "
                                   "new-data error.")
            self.wait(style.LONG)
            return
        at_min, se = m.picks["min"]["test_mse"], m.paired_se
        gap = abs(pick["test_mse"] - at_min)
        noise = (f"On the same rows the two picks differ by ${fmt_number(gap, 3)}$, less than that difference's "
                 f"standard error, ${fmt_number(se, 2)}$: these rows cannot tell them apart." if gap < se else
                 f"On the same rows the two picks differ by ${fmt_number(gap, 3)}$, more than that difference's "
                 f"standard error, ${fmt_number(se, 2)}$.")
        self.beat("test", test=f"On the {len(m.prep.y_test)} test rows the $λ_\"1se\"$ model's error is "
                               f"${fmt_number(pick['test_mse'], 3)}$ ($λ_min$'s: ${fmt_number(at_min, 3)}$); ESL's "
                               f"lasso: $0.479$, least squares: $0.521$. {noise}")
        self.play(FadeIn(self.test_line[0]), run_time=style.SHORT)
        self.play(Indicate(self.test_line[0], color=self.palette.accent, scale_factor=1.05), run_time=style.MEDIUM)
        self.when_read("On the same rows", FadeIn(self.test_line[1]), Indicate(self.picks_card[1],
                                                                               color=self.palette.accent,
                                                                               scale_factor=1.03))
        self.when_read("standard error", Indicate(self.picks_card[1][1], color=self.palette.accent,
                                                  scale_factor=1.05))
        self.wait(style.BEAT_PAUSE)
