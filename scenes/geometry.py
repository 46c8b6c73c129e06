"""``geometry``: diamond vs disc (seed 002; ESL Fig. 3.11, Bishop Fig. 3.4), from exact solutions.

The same tilted loss in two panels. Its contours grow from the least-squares point
ŵ until the first one touches the constraint set; the contact point is the exact
constrained minimizer (``mathcore.constrained_minimizer``), not a radial projection
or a nearest corner. L1 touches at a corner (a weight exactly 0); L2 at a smooth
tangent point. A zoom shows why: leaving the corner raises the loss at once
(first order); leaving the tangent point barely does (second order). Then the
mirrored loss lands on the other axis, and a third loss lands on an edge: no zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from manim import (
    DOWN,
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
    Polygon,
    ReplacementTransform,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    smooth,
)

from mathcore import L1_L2, Quadratic, constrained_minimizer
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.layout import Box, fit
from scenes.kit.params import param
from scenes.kit.plane import Contour, clipped_boundary, diamond, disc, plane_panel
from scenes.kit.plots import make_axes
from scenes.kit.problem2d import Loss2DParams, rotated_quadratic
from scenes.kit.registry import register
from scenes.kit.typeset import Readout, fmt_number, formula, number_formula, swap_content

SLIDE = 0.3  # the zoom's slide along the boundary, as a fraction of the window's half-width


@dataclass(frozen=True)
class GeometryParams(Loss2DParams):
    budget: float = param(1.0, "the budget C: |w1| + |w2| ≤ C and √(w1² + w2²) ≤ C", min=0.0, min_exclusive=True,
                          max=100.0)
    cases: str = param("all", "which cases: all (main, mirrored, edge) or main", choices=("all", "main"))

    def check(self) -> None:
        super().check()
        if np.hypot(self.center_x, self.center_y) <= 1.0:
            raise ValueError("center_x: ŵ must lie outside the disc (√(x² + y²) > 1 in units of C), "
                             f"got ({self.center_x:g}, {self.center_y:g})")


def case_losses(p: GeometryParams) -> dict[str, Quadratic]:
    """The main loss; its mirror image across w1 = w2 (lands on the other axis); an edge case."""
    C = p.budget
    main = rotated_quadratic((p.center_x * C, p.center_y * C), p.eig_small, p.eig_large, p.angle_deg)
    out = {"main": main}
    if p.cases == "all":
        out["mirrored"] = rotated_quadratic((p.center_y * C, p.center_x * C), p.eig_small, p.eig_large,
                                            90.0 - p.angle_deg)
        out["edge"] = rotated_quadratic((1.25 * C, 1.05 * C), 1.0, 1.6, 45.0)
    return out


@register("geometry", "diamond vs disc: contours grow from ŵ to the exact contact point; L1 touches a corner",
          chapter="Where the contours touch", position=50)
class GeometryScene(ExplainerScene):
    PARAMS = GeometryParams
    BEATS = (
        ("bridge", "One question asked two ways: the least loss + $λ P(w)$ (λ the penalty strength), or the least "
                   "loss inside a budget, "
                   "$norm(w)_1 ≤ C$ (L1) or $norm(w)_2 ≤ C$ (L2). Each $C$ has its $λ$: here $C = {C}$ is "
                   "$λ = {l1}$ for L1 and $λ = {l2}$ for L2."),
        ("setup", "The constrained form: the least loss inside the diamond $|w_1| + |w_2| ≤ C$ (L1) "
                  "or inside the disc $sqrt(w_1^2 + w_2^2) ≤ C$ (L2). $hat(w)$ is the unconstrained best."),
        ("grow", "Loss contours grow from $hat(w)$ until the first one touches each set."),
        ("contact", "L1 touches at a corner: {l1}, with $w_2$ *exactly* 0. L2 touches at {l2}: both weights stay."),
        ("zoom", "Up close: leaving the corner raises the loss in proportion to the distance moved; the disc shares "
                 "the contour's tangent, so leaving it raises the loss only with the distance squared."),
        ("tilt", "{tilt}"),
        ("mirrored", "Mirror the loss: now L1 lands on the other corner, {l1}, and $w_1 = 0$ exactly."),
        ("edge", "Not always: this loss meets the diamond on an edge, at {l1}. No weight is 0."),
    )

    @classmethod
    def solve(cls, p: GeometryParams) -> dict:
        out = {}
        for name, loss in case_losses(p).items():
            sols = {norm: constrained_minimizer(loss, p.budget, norm) for norm in L1_L2}
            out[name] = {"H": loss.H.tolist(), "center": loss.c.tolist(),
                         **{norm: {"point": s.point.tolist(), "level": s.level, "lam": s.lam,
                                   "zeros": s.zero_mask.tolist()} for norm, s in sols.items()}}
        return out

    def construct(self) -> None:
        self.losses = case_losses(self.p)
        self.bridge()
        self.set_up_panels()
        self.grow_contours()
        self.mark_contacts()
        self.zoom_in()
        self.tilt()
        if self.p.cases == "all":
            self.switch_case("mirrored")
            self.switch_case("edge")

    # -- layout ------------------------------------------------------------------------------
    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        if self.layout.portrait:
            l1, l2 = content.split_v(0.5, 0.5, gap=0.3)
        else:
            l1, l2 = content.split_h(0.5, 0.5, gap=0.6)
        return {"l1": l1, "l2": l2}

    @cached_property
    def view(self) -> tuple[float, float]:
        """One square window for all panels: the set, and every case's touching contours whole."""
        C = self.p.budget
        pts = [np.array([[-C, -C], [C, C]])]
        for case, loss in self.losses.items():
            for sol in self.solutions(case).values():
                pts.append(loss.level_ellipse(sol.level, 90))
        lo, hi = self.tilt_sweep
        for degrees in np.linspace(lo, hi, 25):  # the tilt beat's contours stay whole too
            loss = self.tilted(float(degrees))
            for norm in L1_L2:
                pts.append(loss.level_ellipse(constrained_minimizer(loss, C, norm).level, 90))
        pts = np.concatenate(pts)
        lo, hi = float(pts.min()), float(pts.max())
        pad = 0.06 * (hi - lo)
        return lo - pad, hi + pad

    def panel(self, norm: str, lo: float, hi: float) -> VGroup:
        pal = self.palette
        title = formula("\"L1: \" |w_1| + |w_2| ≤ C" if norm == "l1" else "\"L2: \" sqrt(w_1^2 + w_2^2) ≤ C",
                        style.LABEL, pal.of(norm))
        # strip: room for the contact readout under the plot
        return plane_panel(self.boxes[norm], title, lo, hi, pal, ticks=4, gap=0.2, strip=0.55)

    # -- beats ---------------------------------------------------------------------------------
    def bridge(self) -> None:
        """Penalized and constrained forms side by side, with the λ that matches this budget."""
        p, pal = self.p, self.palette
        sols = self.solutions("main")
        C, lam = fmt_number(p.budget), {n: fmt_number(sols[n].lam) for n in L1_L2}
        self.beat("bridge", C=C, l1=lam["l1"], l2=lam["l2"])
        rows = VGroup(
            formula("min_w \"loss\"(w) + λ P(w)", style.HEADING, pal.text),
            formula("⇕", style.HEADING, pal.accent),
            formula("min_w \"loss\"(w) \" inside \" norm(w) ≤ C", style.HEADING, pal.text),
            formula(f"\"L1: \" P(w) = norm(w)_1, quad norm(w)_1 ≤ C = {C} quad ⇔ quad λ = {lam['l1']}",
                    style.BODY, pal.l1),
            formula(f"\"L2: \" P(w) = norm(w)_2^2, quad norm(w)_2 ≤ C = {C} quad ⇔ quad λ = {lam['l2']}",
                    style.BODY, pal.l2))
        rows.arrange(DOWN, buff=0.25)
        box = self.layout.content
        fit(rows, Box(box.left, box.right, box.bottom + 0.3, box.top - 0.3))
        self.play(FadeIn(rows[0], shift=DOWN * 0.2), run_time=style.SHORT)
        self.when_read("or the least loss inside", FadeIn(rows[1]), FadeIn(rows[2], shift=UP * 0.2),
                       run_time=style.SHORT)
        self.when_read("Each C has its λ", FadeIn(rows[3]), run_time=style.SHORT)
        self.when_read("for L1 and", Indicate(rows[3], color=pal.l1, scale_factor=1.05), FadeIn(rows[4]),
                       run_time=style.MEDIUM)
        self.wait(style.BEAT_PAUSE)
        self.bridge_card = rows  # shown until the panels take over

    def set_up_panels(self) -> None:
        p, pal = self.p, self.palette
        self.beat("setup")
        lo, hi = self.view
        self.panels = {norm: self.panel(norm, lo, hi) for norm in L1_L2}
        self.axes = {norm: self.panels[norm][1].axes for norm in L1_L2}
        self.sets = {"l1": diamond(self.axes["l1"], p.budget, color=pal.l1),
                     "l2": disc(self.axes["l2"], p.budget, color=pal.l2)}
        loss = self.losses["main"]
        self.centers = {norm: self.center_mark(norm, loss) for norm in L1_L2}
        self.play(FadeOut(self.bridge_card), run_time=style.SHORT)
        self.play(*[FadeIn(self.panels[n]) for n in L1_L2], run_time=style.SHORT)
        self.play(*[Create(self.sets[n]) for n in L1_L2], run_time=style.MEDIUM)
        self.play(*[FadeIn(self.centers[n], scale=0.6) for n in L1_L2], run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)

    def center_mark(self, norm: str, loss: Quadratic) -> VGroup:
        axes = self.axes[norm]
        dot = Dot(axes.c2p(*loss.c), radius=style.DOT_RADIUS, color=self.palette.data)
        label = formula("hat(w)", style.LABEL, self.palette.data).next_to(dot, UP + RIGHT, buff=0.05)
        return VGroup(dot, label)

    def solutions(self, case: str):
        loss = self.losses[case]
        return {norm: constrained_minimizer(loss, self.p.budget, norm) for norm in L1_L2}

    def grow_contours(self) -> None:
        pal = self.palette
        self.beat("grow")
        loss = self.losses["main"]
        sols = self.solutions("main")
        top = max(s.level for s in sols.values())
        level = ValueTracker(loss.r)
        self.contours = {norm: Contour(self.axes[norm], loss, loss.r, color=pal.data, width=4) for norm in L1_L2}
        ghosts = VGroup()
        for norm in L1_L2:
            for frac in (0.25, 0.55):
                ghosts.add(Contour(self.axes[norm], loss, loss.r + frac * (sols[norm].level - loss.r),
                                   color=pal.data, width=2, stroke_opacity=0.35))
        for norm, contour in self.contours.items():
            contour.add_updater(lambda c, norm=norm: c.set_level(min(level.get_value(), sols[norm].level)))
        self.add(*self.contours.values())
        self.play_sweep(level.animate.set_value(top), run_time=style.LONG * 1.6)
        for contour in self.contours.values():
            contour.clear_updaters()
        self.play(FadeIn(ghosts), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)
        self.ghosts = ghosts

    def contact_mark(self, norm: str, sol) -> VGroup:
        """The contact dot, and its exact coordinates under the panel (an exact zero shows as 0)."""
        pal = self.palette
        color = pal.of(norm)
        axes = self.axes[norm]
        dot = Dot(axes.c2p(*sol.point), radius=style.DOT_RADIUS * 1.2, color=color)
        label = VGroup(formula(f"w^* = {self.coords(sol.point)}", style.LABEL, color))  # a holder: tilt swaps its child
        label.move_to([self.boxes[norm].center[0], self.boxes[norm].bottom + 0.3, 0])
        return VGroup(dot, label)

    @staticmethod
    def coords(point) -> str:
        return f"({fmt_number(float(point[0]))}, {fmt_number(float(point[1]))})"

    def mark_contacts(self) -> None:
        pal = self.palette
        sols = self.solutions("main")
        self.beat("contact", l1=self.coords(sols["l1"].point).replace("−", "-"),
                  l2=self.coords(sols["l2"].point).replace("−", "-"))
        self.contacts = {norm: self.contact_mark(norm, sols[norm]) for norm in L1_L2}
        self.play(*[FadeIn(self.contacts[n]) for n in L1_L2], run_time=style.SHORT)
        self.play(Flash(self.contacts["l1"][0], color=pal.accent, flash_radius=0.35), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE * 1.5)

    def zoom_in(self) -> None:
        p, pal = self.p, self.palette
        self.beat("zoom")
        loss = self.losses["main"]
        sols = self.solutions("main")
        main_view = VGroup(*self.panels.values(), *self.sets.values(), *self.centers.values(),
                           *self.contours.values(), self.ghosts, *self.contacts.values())
        half = 0.22 * p.budget
        zoom = VGroup()
        sliders = {}
        def along(norm: str, u: float) -> np.ndarray:
            """A point on the boundary, arc length ≈ u·half away from the contact point."""
            sol = sols[norm]
            if norm == "l1":
                corner = sol.point
                toward = np.array([0.0, p.budget]) if corner[1] == 0.0 else np.array([p.budget, 0.0])
                d = (toward - corner) / np.linalg.norm(toward - corner)
                return corner + u * half * SLIDE * d
            angle = np.arctan2(sol.point[1], sol.point[0]) + u * half * SLIDE / p.budget
            return p.budget * np.array([np.cos(angle), np.sin(angle)])

        for norm in L1_L2:
            sol = sols[norm]
            cx, cy = sol.point
            box = self.boxes[norm]
            color = pal.of(norm)
            title = formula("\"L1 corner, up close\"" if norm == "l1" else "\"L2 tangent point, up close\"",
                            style.LABEL, color)
            title.move_to([box.center[0], box.top - title.height / 2, 0])
            side = min(box.width, box.height - title.height - 0.75)
            ccy = (box.bottom + 0.55 + title.get_bottom()[1] - 0.1) / 2
            square = Box(box.center[0] - side / 2, box.center[0] + side / 2, ccy - side / 2, ccy + side / 2)
            plot = make_axes(square, (cx - half, cx + half), (cy - half, cy + half), pal, target_x_ticks=3,
                             equal_aspect=True)
            axes = plot.axes
            clipped = clipped_boundary(axes, norm, p.budget, color=color)
            contour = Contour(axes, loss, sol.level, color=pal.data, width=4, samples=2000)
            dot = Dot(axes.c2p(cx, cy), radius=style.DOT_RADIUS, color=color)
            group = VGroup(title, plot, clipped, contour, dot)
            if norm == "l2":
                t = np.array([-cy, cx]) / np.hypot(cx, cy)  # the common tangent direction
                tangent = DashedLine(axes.c2p(*(sol.point - t * half)), axes.c2p(*(sol.point + t * half)),
                                     stroke_color=pal.accent, stroke_width=3)
                group.add(tangent)
            # Laid out with the values they end on, so the row fits the panel as they grow.
            w_end = along(norm, 1.0)
            moved = Readout("\"moved\"", float(np.linalg.norm(w_end - sol.point)), color=color, digits=3)
            readout = Readout("Δ \"loss\"", float(loss.value(w_end)) - sol.level, color=color, digits=3)
            pair = VGroup(moved, readout).arrange(RIGHT, buff=0.6)
            if pair.width > box.width:
                pair.scale_to_fit_width(box.width)
            pair.move_to([box.center[0], box.bottom + 0.3, 0])
            moved.max_width = readout.get_left()[0] - 0.3 - moved.get_left()[0]
            readout.max_width = box.right - readout.get_left()[0]
            moved.set_value(0.0)
            readout.set_value(0.0)
            group.add(pair)
            sliders[norm] = (axes, dot, (moved, readout), sol)
            zoom.add(group)
        s = ValueTracker(0.0)

        def update(_):
            u = s.get_value()
            for norm, (axes, dot, (moved, readout), sol) in sliders.items():
                w = along(norm, u)
                dot.move_to(axes.c2p(*w))
                moved.set_value(float(np.linalg.norm(w - sol.point)))
                readout.set_value(float(loss.value(w)) - sol.level)

        # the zoom grows out of a square around each contact point: the viewer sees where it looks
        frames_small, frames_big = VGroup(), VGroup()
        for norm, (axes, _, _, sol) in sliders.items():
            main_axes = self.axes[norm]
            corners = [sol.point + half * np.array(v) for v in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
            frames_small.add(Polygon(*[main_axes.c2p(*c) for c in corners], stroke_color=pal.accent, stroke_width=2))
            frames_big.add(Polygon(*[axes.c2p(*c) for c in corners], stroke_color=pal.accent, stroke_width=2))
        # words leave first and come after, so no text crossfades into text; the pictures crossfade
        words, pictures = self.main_words_and_pictures()
        zoom_words = VGroup(*[m for group in zoom for m in (group[0], group[1][1], group[-1])])
        zoom_pictures = VGroup(*[m for group in zoom for m in (group[1][0], *group[2:-1])])
        self.play(Create(frames_small), FadeOut(words), run_time=style.SHORT)
        self.play(FadeOut(pictures), Transform(frames_small, frames_big), FadeIn(zoom_pictures), run_time=style.MEDIUM)
        self.play(FadeIn(zoom_words), run_time=style.SHORT)
        self.remove(zoom_pictures, zoom_words)
        self.add(zoom)
        self.zoom_frames, self.zoom_frames_small = frames_small, frames_small.copy()
        for small, (norm, (_, _, _, sol)) in zip(self.zoom_frames_small, sliders.items(), strict=True):
            corners = [sol.point + half * np.array(v) for v in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
            small.become(Polygon(*[self.axes[norm].c2p(*c) for c in corners], stroke_color=pal.accent,
                                 stroke_width=2))
        zoom.add_updater(update)
        self.play(s.animate.set_value(1.0), run_time=style.LONG, rate_func=smooth)
        zoom.clear_updaters()
        self.zoom_sliders = sliders
        self.zoomed = (zoom, main_view)
        self.when_read("in proportion to the distance", Indicate(sliders["l1"][2][1], color=pal.accent,
                                                                 scale_factor=1.15))
        self.when_read("only with the distance squared", Indicate(sliders["l2"][2][1], color=pal.accent,
                                                                  scale_factor=1.15))
        self.wait(style.BEAT_PAUSE)

    def leave_zoom(self) -> None:
        if getattr(self, "zoomed", None):
            zoom, main_view = self.zoomed
            words, pictures = self.main_words_and_pictures()
            zoom_words = VGroup(*[m for group in zoom for m in (group[0], group[1][1], group[-1])])
            zoom_pictures = VGroup(*[m for group in zoom for m in (group[1][0], *group[2:-1])])
            self.play(FadeOut(zoom_words), run_time=style.SHORT)
            self.remove(zoom)
            self.add(zoom_pictures)
            self.play(FadeOut(zoom_pictures), Transform(self.zoom_frames, self.zoom_frames_small), FadeIn(pictures),
                      run_time=style.MEDIUM)
            self.play(FadeOut(self.zoom_frames), FadeIn(words), run_time=style.SHORT)
            self.zoomed = None

    def main_words_and_pictures(self) -> tuple[VGroup, VGroup]:
        """The main view split into its text (titles, ŵ and w* labels) and its pictures."""
        words = VGroup(*[m for n in L1_L2 for m in (self.panels[n][0], self.panels[n][1][1], self.contacts[n][1],
                                                    self.centers[n][1])])
        pictures = VGroup(*[self.panels[n][1][0] for n in L1_L2], *self.sets.values(), *self.contours.values(),
                          self.ghosts, *[self.centers[n][0] for n in L1_L2], *[self.contacts[n][0] for n in L1_L2])
        return words, pictures

    def tilted(self, degrees: float) -> Quadratic:
        """The main loss with its ellipses turned by ``degrees`` about ŵ."""
        p = self.p
        C = p.budget
        return rotated_quadratic((p.center_x * C, p.center_y * C), p.eig_small, p.eig_large, p.angle_deg + degrees)

    @cached_property
    def tilt_sweep(self) -> tuple[float, float]:
        """How far the tilt beat turns the loss: 30° past each end of the corner's range (within ±85°), so the
        contact is seen to leave the corner and travel along the edge (10° left it a few pixels away, review
        round 2), or ±20° when the contact is on an edge."""
        span = self.corner_tilts()
        return (-20.0, 20.0) if span is None else (max(span[0] - 30.0, -85.0), min(span[1] + 30.0, 85.0))

    def corner_tilts(self) -> tuple[float, float] | None:
        """The whole-degree tilts around 0 (within ±60°) for which the L1 contact has an exact zero."""
        tilts = np.arange(-60.0, 61.0)
        on = [bool(np.any(constrained_minimizer(self.tilted(t), self.p.budget, "l1").point == 0.0)) for t in tilts]
        k = int(np.flatnonzero(tilts == 0.0)[0])
        if not on[k]:
            return None
        lo, hi = k, k
        while lo > 0 and on[lo - 1]:
            lo -= 1
        while hi < len(tilts) - 1 and on[hi + 1]:
            hi += 1
        return float(tilts[lo]), float(tilts[hi])

    def tilt(self) -> None:
        """Turn the loss: the L1 contact stays on the corner over a range of tilts; the L2 one slides."""
        pal = self.palette
        span = self.corner_tilts()
        if span is None:
            lo, hi = -20.0, 20.0
            self.beat("tilt", tilt="Tilt the loss: this L1 contact sits on an edge, and it slides with every tilt, "
                                   "like the L2 contact.")
        else:
            lo, hi = span
            self.beat("tilt", tilt=f"Why so often: turn the loss about $hat(w)$ (tilt 0° is the loss as drawn, "
                                   f"dashed). Anywhere from {lo:+.0f}° to {hi:+.0f}° the L1 contact stays on the "
                                   "corner, exactly; past that it leaves. The L2 contact slides with every tilt.")
        self.leave_zoom()
        angle = ValueTracker(0.0)
        labels = {n: self.contacts[n][1] for n in L1_L2}
        shown: dict[str, str] = {}

        def update(_):
            loss = self.tilted(float(angle.get_value()))
            for n in L1_L2:
                sol = constrained_minimizer(loss, self.p.budget, n)
                self.contours[n].set_level(sol.level, loss=loss)
                self.contacts[n][0].move_to(self.axes[n].c2p(*sol.point))
                text_now = self.coords(sol.point)
                if shown.get(n) != text_now:
                    left = labels[n].get_center()
                    swap_content(labels[n], number_formula("w^* = ", text_now, style.LABEL,
                                                           pal.of(n)).move_to(left))
                    shown[n] = text_now

        # tilt 0 is the loss as drawn: a dashed line through ŵ along its long axis stays; a solid one turns
        reach = 0.35 * (self.view[1] - self.view[0])
        dials = {n: (DashedLine(*self.axis_line(n, 0.0, reach), stroke_color=pal.muted, stroke_width=2.5,
                                dash_length=0.08),
                     Line(*self.axis_line(n, 0.0, reach), stroke_color=pal.data, stroke_width=3)) for n in L1_L2}
        readout = Readout("\"tilt (°)\"", 0.0, color=pal.text, digits=0)
        self.place_tilt_readout(readout)

        def turn(_):
            for n in L1_L2:
                dials[n][1].put_start_and_end_on(*self.axis_line(n, float(angle.get_value()), reach))
            readout.set_value(round(float(angle.get_value())))

        holder = VMobject()  # carries the updaters; the contours stay where they are in the scene
        holder.add_updater(update)
        holder.add_updater(turn)
        self.play(FadeOut(self.ghosts), *[FadeIn(VGroup(*dials[n])) for n in L1_L2], FadeIn(readout),
                  run_time=style.SHORT)
        self.add(holder)
        self.ghosts = VGroup()
        far_lo, far_hi = self.tilt_sweep  # past each end: the contact leaves the corner there
        self.play_sweep(angle.animate.set_value(far_lo), run_time=style.LONG)
        self.wait(style.SHORT)  # off the corner: a moment to see it
        self.play_sweep(angle.animate.set_value(far_hi), run_time=style.LONG * 2.0)
        self.wait(style.SHORT)
        self.play_sweep(angle.animate.set_value(0.0), run_time=style.MEDIUM)
        holder.clear_updaters()
        self.remove(holder)
        self.wait(style.BEAT_PAUSE)
        self.play(*[FadeOut(VGroup(*dials[n])) for n in L1_L2], FadeOut(readout), run_time=style.SHORT)
        self.tilt_readout = readout

    def axis_line(self, norm: str, degrees: float, reach: float) -> tuple[np.ndarray, np.ndarray]:
        """The ends of a segment through ŵ along the tilted loss's long axis (its flattest direction)."""
        loss = self.tilted(degrees)
        evals, vecs = np.linalg.eigh(loss.H)
        u = vecs[:, 0] * reach
        axes = self.axes[norm]
        return axes.c2p(*(loss.c - u)), axes.c2p(*(loss.c + u))

    def place_tilt_readout(self, readout: Readout) -> None:
        """Between the two panel titles (side by side), or beside the upper title (stacked)."""
        l1, l2 = self.boxes["l1"], self.boxes["l2"]
        title = self.panels["l1"][0]
        if self.layout.portrait:
            readout.move_to([l1.right - readout.width / 2, title.get_center()[1], 0])
        else:
            readout.move_to([(l1.right + l2.left) / 2, title.get_center()[1], 0])

    def switch_case(self, case: str) -> None:
        pal = self.palette
        loss = self.losses[case]
        sols = self.solutions(case)
        self.beat(case, l1=self.coords(sols["l1"].point).replace("−", "-"))
        new_contours = {n: Contour(self.axes[n], loss, sols[n].level, color=pal.data, width=4) for n in L1_L2}
        new_centers = {n: self.center_mark(n, loss) for n in L1_L2}
        new_contacts = {n: self.contact_mark(n, sols[n]) for n in L1_L2}
        self.leave_zoom()
        self.play(FadeOut(self.ghosts), *[FadeOut(self.contacts[n]) for n in L1_L2], run_time=style.SHORT)
        self.play(*[ReplacementTransform(self.contours[n], new_contours[n]) for n in L1_L2],
                  *[ReplacementTransform(self.centers[n], new_centers[n]) for n in L1_L2], run_time=style.LONG)
        self.play(*[FadeIn(new_contacts[n]) for n in L1_L2], run_time=style.SHORT)
        self.contours, self.centers, self.contacts = new_contours, new_centers, new_contacts
        self.ghosts = VGroup()
        if np.any(sols["l1"].point == 0.0):
            self.play(Flash(new_contacts["l1"][0], color=pal.accent, flash_radius=0.35), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE * 1.5)
