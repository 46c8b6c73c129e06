"""``coordinate``: why the lasso has no closed form, and what solvers do instead.

In 1-D the lasso is the soft-threshold of ``shrink``. With d weights each pattern of zeros has its
own formula, and which pattern holds is only known from the answer: no single closed form.
Cyclic coordinate descent (``mathcore.descent(method="coordinate")``) solves for one weight at a
time with the 1-D closed form: axis-parallel steps on the contours of the lasso objective. On
uncorrelated features one sweep is exact; on correlated ones the steps zig-zag along the valley,
until a weight's soft-threshold clips it to exactly 0. The gap to the exact answer (the homotopy,
``mathcore.penalized_minimizer``) is read after every sweep.
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
    Flash,
    Indicate,
    LaggedStart,
    Line,
    VGroup,
    VMobject,
)

from mathcore import Quadratic, descent, objective, penalized_minimizer, soft_threshold
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.cards import card
from scenes.kit.layout import Box, fit
from scenes.kit.params import param
from scenes.kit.plane import clipped_ring, convex_level_ring, plane_panel
from scenes.kit.plots import FunctionCurve, make_axes
from scenes.kit.registry import register
from scenes.kit.typeset import fmt_number, formula, text

PANELS = ("correlated", "uncorrelated")


@dataclass(frozen=True)
class CoordinateParams:
    rho: float = param(0.9, "correlation of the two standardized features in the left panel (the right has 0)",
                       min=0.0, max=0.99)
    center_x: float = param(2.5, "least-squares point ŵ, first weight", min=-5.0, max=5.0)
    center_y: float = param(-0.6, "least-squares point ŵ, second weight", min=-5.0, max=5.0)
    lam: float = param(0.5, "penalty strength λ", min=0.0, min_exclusive=True, max=20.0)
    start_x: float = param(0.0, "where the descent starts, first weight", min=-5.0, max=5.0)
    start_y: float = param(3.0, "where the descent starts, second weight", min=-5.0, max=5.0)
    max_sweeps: int = param(12, "at most this many sweeps are drawn", min=2, max=30)


class CoordinateNumbers:
    """Both problems, their exact answers, every sweep, and the gap after each sweep."""

    def __init__(self, p: CoordinateParams):
        c = np.array([p.center_x, p.center_y])
        self.lam = p.lam
        self.start = np.array([p.start_x, p.start_y])
        self.rho = {"correlated": p.rho, "uncorrelated": 0.0}
        self.loss = {k: Quadratic(np.array([[1.0, r], [r, 1.0]]), c) for k, r in self.rho.items()}
        self.exact = {k: np.asarray(penalized_minimizer(loss, p.lam, "l1")) for k, loss in self.loss.items()}
        self.sweeps = {k: descent(loss, p.lam, "l1", method="coordinate", n_steps=p.max_sweeps, start=self.start)
                       for k, loss in self.loss.items()}
        self.gaps = {k: np.linalg.norm(self.sweeps[k] - self.exact[k], axis=1) for k in PANELS}
        # sweeps drawn: until the correlated panel is exact (or max_sweeps)
        exact_at = np.flatnonzero(self.gaps["correlated"] == 0.0)
        self.shown = int(exact_at[0]) if exact_at.size else p.max_sweeps
        self.clip = self._first_clip()

    def _first_clip(self) -> tuple[int, int] | None:
        """``(sweep, j)``: the first update in the correlated panel that lands a non-zero weight on exactly 0."""
        w = self.sweeps["correlated"]
        for k in range(1, self.shown + 1):
            for j in range(2):
                if w[k, j] == 0.0 and w[k - 1, j] != 0.0:
                    return k, j
        return None

    def corners(self, panel: str, upto: int) -> np.ndarray:
        """Every point the descent visits, one coordinate update at a time, through sweep ``upto``."""
        w = self.sweeps[panel]
        pts = [w[0]]
        for k in range(1, upto + 1):
            pts += [np.array([w[k, 0], w[k - 1, 1]]), w[k]]
        return np.array(pts)

    def as_dict(self) -> dict:
        return {
            "lam": self.lam, "start": self.start.tolist(), "sweeps_shown": self.shown,
            "first_clip": None if self.clip is None else {"sweep": self.clip[0], "weight": f"w{self.clip[1] + 1}"},
            **{k: {"rho": self.rho[k], "H": np.asarray(self.loss[k].H).tolist(), "center": self.loss[k].c.tolist(),
                   "exact": self.exact[k].tolist(), "sweeps": self.sweeps[k][: self.shown + 1].tolist(),
                   "gaps": self.gaps[k][: self.shown + 1].tolist()} for k in PANELS},
        }


def gap_text(gap: float) -> str:
    return "0" if gap == 0.0 else fmt_number(gap, 3)


@register("coordinate", "no closed form for the lasso: coordinate descent's exact 1-D steps zig-zag to the answer",
          chapter="How solvers find it", position=120, part="In practice")
class CoordinateScene(ExplainerScene):
    PARAMS = CoordinateParams
    BEATS = (
        ("closed_form", "In one dimension the lasso has a closed form, the soft-threshold: exactly $0$ on the "
                        "flat part, where $|hat(w)| <= λ \\/ (2a)$."),
        ("no_formula", "With $d$ weights, only the answer tells which weights are zero and what signs the others have. "
                       "Each sign pattern ($−$, $0$ or $+$ per weight) has its own formula: $3^d$ candidates, "
                       "no single closed form."),
        ("sweeps", "Coordinate descent holds every weight but one and solves for that one with the 1-D closed "
                   "form, in turn: axis-parallel steps on the contours of the lasso objective."),
        ("correlated", "{correlated}"),
        ("clip", "{clip}"),
        ("tolerance", "scikit-learn's Lasso runs these sweeps; when they change little it computes the duality gap, "
                      "a bound on how far the objective is from its minimum, and stops once that is below its "
                      "tolerance."),
        ("homotopy", "Our scenes use the exact answer from the homotopy: the lasso path followed from all-zero "
                     "weights, one breakpoint at a time, each piece solved in closed form."),
    )

    @classmethod
    def solve(cls, p: CoordinateParams) -> dict:
        return CoordinateNumbers(p).as_dict()

    def construct(self) -> None:
        self.numbers = CoordinateNumbers(self.p)
        self.show_closed_form()
        self.show_patterns()
        self.show_first_sweep()
        self.show_zigzag()
        self.show_clip()
        self.show_tolerance()

    # -- layout ----------------------------------------------------------------------------------
    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        if self.layout.wide:
            corr, unc, side = content.split_h(0.35, 0.35, 0.3, gap=0.35)
            table, cards = side.split_v(0.5, 0.5, gap=0.3)
            intro_plot, intro_cases = content.split_h(0.5, 0.5, gap=0.5)
        elif self.layout.portrait:  # the planes stacked, each as wide as the frame allows
            corr, unc, side = content.split_v(0.36, 0.36, 0.28, gap=0.25)
            table, cards = side.split_h(0.45, 0.55, gap=0.3)
            intro_plot, intro_cases = content.split_v(0.5, 0.5, gap=0.4)
        else:
            top, side = content.split_v(0.55, 0.45, gap=0.3)
            corr, unc = top.split_h(0.5, 0.5, gap=0.2)
            if side.width > 1.3 * side.height:
                table, cards = side.split_h(0.45, 0.55, gap=0.3)
            else:
                table, cards = side.split_v(0.45, 0.55, gap=0.2)
            intro_plot, intro_cases = content.split_v(0.5, 0.5, gap=0.4)
        return {"correlated": corr, "uncorrelated": unc, "table": table, "card": cards,
                "intro_plot": intro_plot, "intro_cases": intro_cases}

    # -- beats -------------------------------------------------------------------------------------
    def show_closed_form(self) -> None:
        pal = self.palette
        self.beat("closed_form")
        box = self.boxes["intro_plot"]
        t = 1.0  # λ/(2a), one unit on both axes
        title = formula("w^* = S(hat(w), λ \\/ (2a))", style.BODY, pal.l1)
        plot_box = Box(box.left, box.right, box.bottom, box.top - title.height - 0.3)
        plot = make_axes(plot_box, (-3.0, 3.0), (-2.2, 2.2), pal, x_label="hat(w)", y_label="w^*",
                         equal_aspect=True, target_x_ticks=4)
        axes = plot.axes
        title.next_to(axes, UP, buff=0.3)
        curve = FunctionCurve(axes, lambda z: soft_threshold(z, t), x_range=(-3.0, 3.0), color=pal.l1)
        flat = Line(axes.c2p(-t, 0), axes.c2p(t, 0), stroke_color=pal.accent, stroke_width=style.CURVE_WIDTH + 2)
        # above the flat part's left end: the curve there runs down and away, the y axis is to the right
        zero = formula("w^* = 0", style.SMALL, pal.accent).next_to(axes.c2p(-t, 0), UP + LEFT, buff=0.12)
        self.intro = VGroup(plot, title, curve, flat, zero)
        self.play(FadeIn(plot), FadeIn(title), run_time=style.SHORT)
        self.play(Create(curve), run_time=style.MEDIUM)
        self.play(Create(flat), FadeIn(zero), run_time=style.SHORT)
        self.one_d = card([text("one weight:", style.SMALL, pal.muted),
                           formula("min_w a(w − hat(w))^2 + λ|w|", style.LABEL, pal.text),
                           formula("S(z, t) = op(\"sign\")(z) max(|z| − t, 0)", style.LABEL, pal.l1),
                           text("$a$: half the loss's second derivative · $hat(w)$: least squares", style.SMALL,
                                pal.muted)], pal, buff=0.3)
        fit(self.one_d, self.boxes["intro_cases"])
        self.when_read("the soft-threshold", FadeIn(self.one_d), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)

    def show_patterns(self) -> None:
        """For d = 2 the 3² = 9 sign patterns, each a different formula on its non-zero weights A, with the
        formula they share: w_A = H_AA⁻¹((Hc)_A − (λ/2)·s_A), s the signs."""
        pal = self.palette
        self.beat("no_formula")
        signs = ("−", "0", "+")
        head = [text("", style.LABEL, pal.muted)] + [formula(f"w_2 {t}", style.LABEL, pal.muted) for t in
                                                     ("< 0", "= 0", "> 0")]
        cells = [head]
        for a, sa in zip(("< 0", "= 0", "> 0"), signs, strict=True):
            row = [formula(f"w_1 {a}", style.LABEL, pal.muted)]
            for sb in signs:
                row.append(formula(f"({sa}, {sb})", style.LABEL, pal.accent if "0" in (sa, sb) else pal.text))
            cells.append(row)
        widths = [max(r[i].width for r in cells) for i in range(4)]
        lefts = np.cumsum([0.0] + [w + 0.4 for w in widths[:-1]])
        grid = VGroup()
        for i, r in enumerate(cells):
            for cell, x, wdt in zip(r, lefts, widths, strict=True):
                cell.move_to([x + wdt / 2, -i * 0.55, 0])
            grid.add(VGroup(*r))
        self.sign_cells = VGroup(*[c for r in cells[1:] for c in r[1:]])
        rule = formula("w_A = H_(A A)^(−1) ((H c)_A − λ/2 s_A)", style.LABEL, pal.l1)
        where = text("loss $(w − c)^T H (w − c)$ · $A$: the non-zero weights · $s$: their signs", style.LABEL,
                     pal.muted)
        ask = text("which pattern holds? only the answer knows", style.LABEL, pal.accent)
        panel = card([grid, rule, where, ask], pal, buff=0.3)
        fit(panel, self.boxes["intro_cases"])
        self.cases = panel
        self.play(FadeOut(self.one_d), run_time=style.SHORT)
        self.play(FadeIn(panel[0]), FadeIn(grid[0]), FadeIn(VGroup(*[r[0] for r in cells[1:]])),
                  run_time=style.SHORT)
        self.when_read("Each sign pattern", LaggedStart(*[FadeIn(c) for c in self.sign_cells], lag_ratio=0.2),
                       FadeIn(rule), FadeIn(where), run_time=style.MEDIUM)
        self.when_read("no single closed form", FadeIn(ask), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)

    def plane(self, key: str) -> VGroup:
        m, pal = self.numbers, self.palette
        pts = np.vstack([m.start, *m.exact.values(), np.zeros(2)])  # where the steps go, and the origin
        span = float(pts.max() - pts.min())
        lo, hi = float(pts.min()) - 0.2 * span, float(pts.max()) + 0.3 * span  # room past the answers
        title = formula(f"ρ = {fmt_number(m.rho[key])}" + (" \"(correlated)\"" if m.rho[key] else
                                                           " \"(uncorrelated)\""), style.SMALL, pal.text)
        panel = plane_panel(self.boxes[key], title, lo, hi, pal, strip=0.45)
        axes = panel[1].axes
        loss = m.loss[key]

        def J(w):
            return objective(loss, w, m.lam, "l1")

        best = float(J(m.exact[key][None, :])[0])
        top = float(J(m.start[None, :])[0])
        reach = 4.0 * (hi - lo)
        rings = VGroup(*[clipped_ring(axes, convex_level_ring(J, m.exact[key], best + (top - best) * f**2, reach),
                                      color=pal.data, width=2).set_stroke(opacity=0.55)
                         for f in (0.2, 0.4, 0.6, 0.8, 1.0)])
        exact = Circle(radius=style.DOT_RADIUS * 1.8, stroke_color=pal.accent, stroke_width=4).move_to(
            axes.c2p(*m.exact[key]))
        # the key below the plane, where the clip's note appears later
        key_ring = Circle(radius=style.DOT_RADIUS * 1.4, stroke_color=pal.accent, stroke_width=3)
        note = VGroup(key_ring, text("exact answer", style.FINE, pal.accent)).arrange(RIGHT, buff=0.1)
        box = self.boxes[key]
        note.move_to([axes.get_center()[0], box.bottom + 0.22, 0])
        start = Dot(axes.c2p(*m.start), radius=style.DOT_RADIUS, color=pal.l1)
        start_tag = text("start", style.FINE, pal.l1).next_to(start, DOWN + RIGHT, buff=0.08)  # under the first step, off the w2 axis
        start_mark = Circle(radius=style.DOT_RADIUS, stroke_color=pal.l1, stroke_width=2.5).move_to(start)
        group = VGroup(panel, rings, exact, note, start_tag, start_mark)  # a hollow mark stays where it started
        group.axes, group.start, group.note = axes, start, note
        return group

    def step_to(self, key: str, a: np.ndarray, b: np.ndarray) -> Line:
        axes = self.planes[key].axes
        return Line(axes.c2p(*a), axes.c2p(*b), stroke_color=self.palette.l1, stroke_width=4)

    def gap_table(self) -> VGroup:
        """Every row laid out now (so the column never moves), each shown as its sweep ends."""
        m, pal = self.numbers, self.palette
        head = [text("sweep", style.SMALL, pal.muted), formula(f"ρ = {fmt_number(m.rho['correlated'])}",
                                                               style.SMALL, pal.muted),
                formula("ρ = 0", style.SMALL, pal.muted)]
        rows = [head] + [[formula(str(k), style.SMALL, pal.text)] +
                         [formula(gap_text(m.gaps[key][k]), style.SMALL, pal.accent if m.gaps[key][k] == 0.0
                                  else pal.text) for key in PANELS] for k in range(1, m.shown + 1)]
        title = text("distance to the exact answer", style.SMALL, pal.text)
        widths = [max(r[i].width for r in rows) for i in range(3)]
        lefts = np.cumsum([0.0] + [w + 0.45 for w in widths[:-1]])
        pitch = max(c.height for r in rows for c in r) + 0.14
        grid = VGroup()
        for i, r in enumerate(rows):  # each cell centred in its column
            for cell, x, wdt in zip(r, lefts, widths, strict=True):
                cell.move_to([x + wdt / 2, -i * pitch, 0])
            grid.add(VGroup(*r))
        table = VGroup(title, grid).arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        fit(table, self.boxes["table"], align=UP + LEFT)
        self.table_rows = list(grid)[1:]
        for row in self.table_rows:
            row.set_opacity(0.0)
        return table

    def show_first_sweep(self) -> None:
        pal = self.palette
        self.beat("sweeps")
        self.play(FadeOut(self.intro), FadeOut(self.cases), run_time=style.SHORT)
        self.planes = {k: self.plane(k) for k in PANELS}
        self.table = self.gap_table()
        self.steps: dict[str, list[Line]] = {k: [] for k in PANELS}
        self.movers = {k: self.planes[k].start for k in PANELS}
        self.play(*[FadeIn(p) for p in self.planes.values()], run_time=style.SHORT)
        self.play(*[FadeIn(mover) for mover in self.movers.values()], FadeIn(self.table[0]),
                  FadeIn(self.table[1][0]), run_time=style.SHORT)
        self.rule_card = card([text("each step, one weight:", style.SMALL, pal.muted),
                               formula("w_j ← S(z_j, λ/(2 H_(j j)))", style.LABEL, pal.l1),
                               text("$z_j$: the best $w_j$ with the other weight held", style.SMALL, pal.muted)],
                              pal, buff=0.25)
        fit(self.rule_card, self.boxes["card"], align=UP + LEFT)
        self.wait(0.4)
        self.sweep(1, PANELS)
        self.when_read("with the 1-D closed form", FadeIn(self.rule_card), run_time=style.SHORT)
        self.when_read("axis-parallel steps", Indicate(VGroup(*self.steps["correlated"]), color=pal.accent,
                                                       scale_factor=1.0))
        self.wait(style.BEAT_PAUSE)

    def sweep(self, k: int, keys) -> None:
        """Sweep k: the w₁ step then the w₂ step, in every panel given; then its row of gaps."""
        m = self.numbers
        for half in range(2):
            anims = []
            for key in keys:
                pts = m.corners(key, k)
                a, b = pts[2 * k - 2 + half], pts[2 * k - 1 + half]
                line = self.step_to(key, a, b)
                self.steps[key].append(line)
                anims += [Create(line), self.movers[key].animate.move_to(self.planes[key].axes.c2p(*b))]
            self.play(*anims, run_time=0.45)
        self.table_rows[k - 1].set_opacity(1.0)
        self.add(self.table_rows[k - 1])
        self.wait(0.25)

    def show_zigzag(self) -> None:
        m = self.numbers
        last = m.clip[0] - 1 if m.clip else m.shown
        n = max(last, 1)
        self.beat("correlated", correlated=(
            f"Correlated features ($ρ = {fmt_number(m.rho['correlated'])}$): the steps zig-zag along the "
            f"valley, sweep after sweep. Uncorrelated ($ρ = 0$): one sweep, and the distance to the answer is exactly $0$."))
        for k in range(2, n + 1):
            self.sweep(k, ("correlated",))
            # the uncorrelated panel stays put: its later rows are its exact 0
        self.wait(style.BEAT_PAUSE)

    def show_clip(self) -> None:
        m, pal = self.numbers, self.palette
        if m.clip is None:
            self.beat("clip", clip="No weight clips here: the distance to the answer shrinks by about the same factor each sweep "
                                   "and never reaches exactly $0$.")
            self.wait(style.BEAT_PAUSE)
            return
        k, j = m.clip
        after = " Then one 1-D step is left, and it lands exactly on the answer." if m.shown == k + 1 else ""
        self.beat("clip", clip=f"Sweep {k}: $w_{j + 1}$'s soft-threshold clips, and it lands on exactly $0$, "
                               f"not near it.{after}")
        self.sweep(k, ("correlated",))
        # the step that clipped, in the accent colour, and the note under the plane
        clipped = self.steps["correlated"][-1 if j == 1 else -2]
        note = self.planes["correlated"].note
        tag = formula(f"\"sweep {k}: \" w_{j + 1} = 0 \" exactly\"", style.SMALL, pal.accent)
        tag.move_to(note).align_to(note, DOWN)
        self.clip_step = clipped
        at = self.planes["correlated"].axes.c2p(*m.sweeps["correlated"][k])
        self.play(clipped.animate.set_stroke(color=pal.accent, width=6), FadeOut(note),
                  Flash(at, color=pal.accent, line_length=0.25, flash_radius=0.2), run_time=style.MEDIUM)
        self.play(FadeIn(tag), run_time=style.SHORT)
        self.clip_zoom = self.clip_inset(k, j)
        self.play(FadeOut(self.rule_card), run_time=style.SHORT)
        self.play(FadeIn(self.clip_zoom), run_time=style.MEDIUM)
        for kk in range(k + 1, m.shown + 1):
            self.sweep(kk, ("correlated",))
        self.wait(style.BEAT_PAUSE)

    def clip_inset(self, k: int, j: int) -> VGroup:
        """The clip magnified: the last sweeps' steps near the axis w_j = 0, on which the clipped step lands."""
        m, pal = self.numbers, self.palette
        pts = m.corners("correlated", m.shown)[2 * (k - 1):]
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        span = float(max(hi - lo)) * 1.4 or 0.1
        mid = (lo + hi) / 2
        box = self.boxes["card"]
        title = text(f"zoom ×{self.zoom_factor(span):.0f} on sweep {k}", style.SMALL, pal.accent)
        plot_box = Box(box.left, box.right, box.bottom, box.top - title.height - 0.1)
        side = min(plot_box.width, plot_box.height)
        square = Box(plot_box.center[0] - side / 2, plot_box.center[0] + side / 2, plot_box.center[1] - side / 2,
                     plot_box.center[1] + side / 2)
        plot = make_axes(square, (mid[0] - span / 2, mid[0] + span / 2), (mid[1] - span / 2, mid[1] + span / 2),
                         pal, x_label="w_1", y_label="w_2", equal_aspect=True, target_x_ticks=3)
        axes = plot.axes
        title.next_to(plot, UP, buff=0.1)
        x0, x1 = mid[0] - span / 2, mid[0] + span / 2
        y0, y1 = mid[1] - span / 2, mid[1] + span / 2
        zero = (Line(axes.c2p(x0, 0.0), axes.c2p(x1, 0.0)) if j == 1 else Line(axes.c2p(0.0, y0), axes.c2p(0.0, y1)))
        zero.set_stroke(color=pal.accent, width=3, opacity=0.8)
        path = VMobject(stroke_color=pal.l1, stroke_width=4).set_points_as_corners(axes.coords_to_point(pts))
        landed = Dot(axes.c2p(*m.sweeps["correlated"][k]), radius=style.DOT_RADIUS, color=pal.accent)
        answer = Circle(radius=style.DOT_RADIUS * 1.8, stroke_color=pal.accent, stroke_width=3).move_to(
            axes.c2p(*m.exact["correlated"]))
        return VGroup(title, plot, zero, path, landed, answer)

    def zoom_factor(self, span: float) -> float:
        """How much the inset magnifies: its scene units per unit of w, against the main plane's."""
        main = self.planes["correlated"].axes
        unit_main = float(np.linalg.norm(main.c2p(1, 0) - main.c2p(0, 0)))
        box = self.boxes["card"]
        return min(box.width, box.height - 0.5) / span / unit_main

    def show_tolerance(self) -> None:
        pal = self.palette
        self.beat("tolerance")
        lines = [text("`Lasso(alpha=λ/2, tol=1e-4)`", style.SMALL, pal.text),
                 text("stops when the duality gap < tol·‖y‖²/n", style.SMALL, pal.muted),
                 text("each step lowers loss + penalty, never raises it", style.SMALL, pal.muted),
                 text("here: the exact answer (homotopy)", style.SMALL, pal.accent)]
        panel = card(lines, pal, buff=0.25)
        fit(panel, self.boxes["card"], align=UP + LEFT)
        self.card = panel
        old = [self.clip_zoom] if getattr(self, "clip_zoom", None) is not None else [self.rule_card]
        self.play(*[FadeOut(o) for o in old], run_time=style.SHORT)
        self.play(FadeIn(panel[0]), FadeIn(lines[0]), run_time=style.SHORT)
        self.when_read("computes the duality gap", FadeIn(lines[1]), run_time=style.SHORT)
        self.when_read("stops once", FadeIn(lines[2]), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)
        self.beat("homotopy")
        self.play(FadeIn(lines[3]), run_time=style.SHORT)
        self.when_read("one breakpoint at a time", Indicate(lines[3], color=pal.accent, scale_factor=1.08),
                       Indicate(self.planes["correlated"][2], color=pal.accent))
        self.wait(style.BEAT_PAUSE)
