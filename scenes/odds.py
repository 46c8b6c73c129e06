"""``odds``: how often does L1 give an exact zero? Exact solutions of many random losses.

Terence Parr's explainer (explained.ai) estimates this by sampling 100 points on
the constraint boundary and reports L1 zero rates of 66% (symmetric losses), 72%
(general), 80% (orthogonal) and L2 rates of 3%, 5%, 45% — the L2 figures are
artefacts of snapping to a grid. Here each random loss (drawn by
``mathcore.odds.random_losses``) is solved exactly, a zero means ``== 0.0``, and
the tally comes from ``mathcore.zero_odds`` with its 95% interval.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    Polygon,
    Rectangle,
    RoundedRectangle,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
)

from mathcore import L1_L2, Quadratic, zero_odds
from mathcore.constrained import diamond_minimizer_2d, disc_minimizer_batch
from mathcore.odds import CENTRE_BOX, SHAPES, random_losses, running_fraction, zero_indicators, zero_tally
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.cards import card
from scenes.kit.layout import Box, fit
from scenes.kit.params import param
from scenes.kit.plane import Contour, diamond, disc, plane_panel
from scenes.kit.plots import BandChart, legend_entry, link_legend
from scenes.kit.registry import register
from scenes.kit.typeset import fmt_number, formula, text

# Grid-sampled rates published by Parr (explained.ai, "A visual explanation for regularization
# of linear models"): shape -> (L1, L2), in percent.
PUBLISHED = {"symmetric": (66, 3), "general": (72, 5), "orthogonal": (80, 45)}
SHAPE_ROW = {"general": "tilted ellipses", "symmetric": "circles", "orthogonal": "axis-aligned ellipses"}
SHAPE_MEANING = {"general": "ellipses at random tilts, axes up to 3.2 : 1", "symmetric": "circles",
                 "orthogonal": "ellipses along the axes, up to 3.2 : 1, as with uncorrelated features"}


@dataclass(frozen=True)
class OddsParams:
    shape: str = param("general", "family of random losses drawn one by one", choices=SHAPES)
    shown: int = param(30, "random losses drawn one by one", min=4, max=200)
    # At most 500,000, so that a preview at the maximum still renders in half the video's length
    # (measured 0.49; a million gave 0.54: the three shapes' tallies take ~2.2 s per million each).
    trials: int = param(100_000, "random losses in the exact tally (per shape)", min=100, max=500_000)
    seed: int = param(0, "random seed (same seed, same answer)", min=0, max=2**31 - 1)


def corner_regions(reach: float) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """For round losses ``‖w − ŵ‖²`` and the diamond ``|w₁| + |w₂| ≤ 1``: the ŵ whose contact is each corner
    (the wedge ``w₁ ≥ 1 + |w₂|`` and its turns) and each edge (the strip of the edge's outward normal),
    clipped to the square ``[−reach, reach]²`` (reach ≥ 1)."""
    quarter = np.array([[0.0, -1.0], [1.0, 0.0]])  # a quarter turn
    wedge = np.array([[1.0, 0.0], [reach, reach - 1.0], [reach, 1.0 - reach]])
    strip = np.array([[1.0, 0.0], [0.0, 1.0], [reach - 1.0, reach], [reach, reach], [reach, reach - 1.0]])
    turns = [np.linalg.matrix_power(quarter, k) for k in range(4)]
    return [wedge @ t.T for t in turns], [strip @ t.T for t in turns]


def clip_to_square(poly: np.ndarray, reach: float) -> np.ndarray:
    """A convex polygon clipped to the square ``[−reach, reach]²`` (Sutherland–Hodgman, one side at a time)."""
    out = np.asarray(poly, dtype=float)
    for axis, sign in ((0, 1.0), (0, -1.0), (1, 1.0), (1, -1.0)):
        kept = []
        for k in range(len(out)):
            a, b = out[k], out[(k + 1) % len(out)]
            a_in, b_in = sign * a[axis] <= reach, sign * b[axis] <= reach
            if a_in:
                kept.append(a)
            if a_in != b_in:
                t = (sign * reach - a[axis]) / (b[axis] - a[axis])
                kept.append(a + t * (b - a))
        out = np.array(kept)
    return out


def wedge_share(reach: float = CENTRE_BOX) -> float:
    """The corner wedges' share of the square ``[−reach, reach]²`` outside the unit disc (where
    ``random_losses`` draws ŵ): each wedge is a triangle of area (reach − 1)²."""
    return 4 * (reach - 1.0) ** 2 / (4 * reach**2 - np.pi)


def pct(x: float) -> str:
    return f"{100 * x:.1f}"


@functools.lru_cache(maxsize=4)
def indicators(trials: int, shape: str, seed: int) -> dict[str, np.ndarray]:
    """``zero_indicators``, once per process: a render runs the scene twice (timeline, then frames)."""
    return zero_indicators(trials, shape, seed=seed)


@functools.lru_cache(maxsize=8)
def odds(trials: int, shape: str, seed: int) -> dict:
    """``zero_odds``, once per process (see :func:`indicators`)."""
    return zero_odds(trials, shape, seed=seed)


def checkpoints(trials: int, count: int = 160) -> np.ndarray:
    """Trial counts spaced evenly in log10 from 10 to ``trials`` (distinct integers)."""
    return np.unique(np.round(np.logspace(1, np.log10(trials), count)).astype(np.int64))


def convergence_chart(box: Box, trials: int, hits: dict[str, np.ndarray], published: tuple[int, int],
                      palette) -> BandChart:
    """Running zero fractions (percent) against log10(trials), with 95% bands and the published rates."""
    counts = checkpoints(trials)
    series = {}
    for n in L1_L2:
        frac, lo, hi = running_fraction(hits[n], counts)
        series[n] = (100 * frac, 100 * lo, 100 * hi)
    top = float(np.ceil(np.log10(trials)))
    both = tuple(palette.of(n) for n in L1_L2)
    legend = [legend_entry("\"L1, ours\"", palette.l1), legend_entry("\"L2, ours\"", palette.l2),
              legend_entry("\"95% band\"", both, opacity=0.3, label_color=palette.text),
              legend_entry("\"published (grid)\"", both, dashed=True, opacity=0.6, label_color=palette.text)]
    width = box.width  # the x step depends on the plot's width, known once the legend is placed
    chart = BandChart(box, np.log10(counts), series, {n: palette.of(n) for n in L1_L2}, palette,
                     x_range=(1.0, top), y_range=(0.0, 100.0), references=dict(zip(L1_L2, published, strict=True)),
                     legend=legend, x_label="n", y_label="\"% zeros\"", y_step=25,
                     x_step=1.0 if top <= 5 and width / (top - 1) >= 0.9 else 2.0, x_labels_at_bottom=True,
                     x_tick_label=lambda v: f"10^{int(round(v))}", y_tick_label=lambda v: f"{v:.0f}")
    link_legend(legend[0], chart.lines["l1"])
    link_legend(legend[1], chart.lines["l2"])
    link_legend(legend[3], *chart.reference)
    return chart


@register("odds", "how often L1 gives a zero: many random losses solved exactly, vs published grid-sampled rates",
          chapter="How often is it exactly zero?", position=70)
class OddsScene(ExplainerScene):
    PARAMS = OddsParams
    BEATS = (
        ("one_by_one", "Random {shape} losses ({meaning}), one by one: each touching contour and its exact contact "
                       "point. Contacts with a zero weight land on the diamond's corners; the badges count them."),
        ("wedge", "Why so often? Take round losses. Every $hat(w)$ in a corner's wedge (shaded) touches the diamond "
                  "at that corner, a zero weight; every $hat(w)$ in an edge's strip touches that edge. On the disc, "
                  "only $hat(w)$ on an axis touches an axis point."),
        ("share", "So the rate is the wedges' share of where $hat(w)$ is drawn: uniformly in the square "
                  "$[−{box}, {box}]^2$, outside the disc. For round losses the wedges cover {share}% of it; "
                  "tilted ellipses shear the wedges."),
        ("tally", "As losses pile up, the running fractions settle and their 95% bands narrow. "
                  "Over {n}: L1 lands on an axis {l1}% of the time ({lo}–{hi}%); L2 {l2}. Dashed: the rates "
                  "Parr published, sampled on a grid."),
        ("why_l2", "L2 contacts can look as if they sit on an axis; the closest one here has {coord}. Parr's "
                   "published rates (explained.ai) round contacts to a 100-point grid, which counts such near misses."),
        ("table", "Our rates for every shape ({n} random losses each, every contact exact), next to Parr's "
                  "grid-sampled ones. {circles}"),
    )

    @classmethod
    def solve(cls, p: OddsParams) -> dict:
        return {shape: {"exact": odds(p.trials, shape, p.seed),
                        "published_percent": {"l1": PUBLISHED[shape][0], "l2": PUBLISHED[shape][1]}}
                for shape in SHAPES}

    def construct(self) -> None:
        self.one_by_one()
        self.show_wedge()
        self.show_share()
        self.show_tally()
        self.why_l2()
        self.show_table()

    @cached_property
    def boxes(self) -> dict[str, Box]:
        content = self.layout.content
        if not self.layout.wide:  # square and portrait frames: the planes on top, the rest below
            top, side = content.split_v(0.4, 0.6, gap=0.3)
            l1, l2 = top.split_h(0.5, 0.5, gap=0.2)
        else:
            l1, l2, side = content.split_h(0.34, 0.34, 0.32, gap=0.35)
        if side.width > 1.3 * side.height:  # a wide strip (portrait): chart left, text right
            chart, tally = side.split_h(0.55, 0.45, gap=0.3)
        else:
            chart, tally = side.split_v(0.56, 0.44, gap=0.25)
        return {"l1": l1, "l2": l2, "side": side, "chart": chart, "tally": tally}

    def panel(self, norm: str) -> VGroup:
        pal = self.palette
        title = formula("\"L1: diamond\"" if norm == "l1" else "\"L2: disc\"", style.LABEL,
                        pal.of(norm))
        return plane_panel(self.boxes[norm], title, -1.6, 1.6, pal)

    def one_by_one(self) -> None:
        p, pal = self.p, self.palette
        self.beat("one_by_one", shape=p.shape, meaning=SHAPE_MEANING[p.shape])
        panels = {n: self.panel(n) for n in L1_L2}
        self.axes = axes = {n: panels[n][1].axes for n in L1_L2}
        sets = VGroup(diamond(axes["l1"], 1.0, color=pal.l1), disc(axes["l2"], 1.0, color=pal.l2))
        H, c = random_losses(p.shown, p.shape, 1.0, np.random.default_rng(p.seed))
        self.loss_H = H
        self.contacts = {"l1": diamond_minimizer_2d(H, c, 1.0), "l2": disc_minimizer_batch(H, c, 1.0)}
        self.counts = {n: 0 for n in L1_L2}
        self.count_text = VGroup()
        self.place_counts(0)
        self.play(*[FadeIn(panels[n]) for n in L1_L2], Create(sets), FadeIn(self.count_text), run_time=style.SHORT)
        previous = VGroup()
        dots = VGroup()
        self.corner_counts = np.zeros(4, dtype=int)  # +w1, +w2, −w1, −w2 corners
        badges = VGroup(*[VGroup() for _ in range(4)])
        self.add(badges)
        for k in range(p.shown):
            loss = Quadratic(H[k], c[k])
            contours = VGroup()
            new_dots = VGroup()
            for n in L1_L2:
                point = self.contacts[n][k]
                zero = bool(np.any(point == 0.0))
                self.counts[n] += zero
                contours.add(Contour(axes[n], loss, float(loss.value(point)), color=pal.data, width=2,
                                     stroke_opacity=0.7))
                new_dots.add(Dot(axes[n].c2p(*point), radius=style.DOT_RADIUS * 0.8,
                                 color=pal.accent if zero else pal.of(n)))
            self.place_counts(k + 1)
            self.count_corner(self.contacts["l1"][k], badges, axes["l1"])
            run = 0.5 if k < 4 else 0.18
            self.play(FadeOut(previous), FadeIn(contours), FadeIn(new_dots), run_time=run)
            previous = contours
            dots.add(new_dots)
        self.play(FadeOut(previous), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)
        self.board = VGroup(*panels.values(), sets, dots, badges)
        self.dots, self.badges = dots, badges
        self.l2_parts = VGroup(panels["l2"], sets[1], *[pair[1] for pair in dots])

    def show_wedge(self) -> None:
        """Round losses: the region of ŵ whose contact is each corner (a wedge), each edge (a strip), and,
        on the disc, an axis point (the axis itself): each clipped to the panel."""
        pal = self.palette
        self.beat("wedge")
        a1, a2 = self.axes["l1"], self.axes["l2"]
        reach = float(a1.x_range[1])
        wedges, strips = corner_regions(reach)
        self.wedge_mobs = VGroup(*[Polygon(*[a1.c2p(*v) for v in poly], stroke_width=0, fill_color=pal.accent,
                                           fill_opacity=0.4) for poly in wedges])
        # the strips in the loss's neutral grey, so they do not merge with the diamond's blue
        self.strip_mobs = VGroup(*[Polygon(*[a1.c2p(*v) for v in poly], stroke_width=0, fill_color=pal.data,
                                           fill_opacity=0.22) for poly in strips])
        rays = VGroup(*[Line(a2.c2p(*u), a2.c2p(*(u * reach)), stroke_color=pal.accent, stroke_width=5)
                        for u in np.array([[1, 0], [0, 1], [-1, 0], [0, -1]], dtype=float)])
        self.badges.set_opacity(0.25)
        self.dots.set_opacity(0.3)
        self.when_read("in a corner's wedge", FadeIn(self.wedge_mobs))
        self.when_read("in an edge's strip", FadeIn(self.strip_mobs))
        self.when_read("On the disc", Create(rays))
        self.wait(style.BEAT_PAUSE)
        self.wedge = VGroup(self.wedge_mobs, self.strip_mobs, rays)  # shown until the tally takes over

    def show_share(self) -> None:
        """The whole square ŵ is drawn from, with the wedges in it: their area share is the rate for round
        losses."""
        pal = self.palette
        share = wedge_share()
        self.beat("share", box=f"{CENTRE_BOX:g}", share=pct(share))
        whole = self.boxes["side"]  # below the running counts
        box = Box(whole.left, whole.right, whole.bottom, min(whole.top, self.count_text.get_bottom()[1] - 0.3))
        side = min(box.width, box.height - 0.45)
        center = np.array([box.center[0], box.top - side / 2, 0.0])
        scale = side / (2 * CENTRE_BOX)

        def at(v) -> np.ndarray:
            return center + scale * np.array([v[0], v[1], 0.0])

        wedges, strips = corner_regions(CENTRE_BOX)
        square = Polygon(*[at(v) for v in ((-CENTRE_BOX, -CENTRE_BOX), (CENTRE_BOX, -CENTRE_BOX),
                                           (CENTRE_BOX, CENTRE_BOX), (-CENTRE_BOX, CENTRE_BOX))],
                         stroke_color=pal.muted, stroke_width=2)
        fill = VGroup(*[Polygon(*[at(v) for v in poly], stroke_width=0, fill_color=pal.accent, fill_opacity=0.45)
                        for poly in wedges],
                      *[Polygon(*[at(v) for v in poly], stroke_width=0, fill_color=pal.data, fill_opacity=0.22)
                        for poly in strips])
        hole = Circle(radius=scale, stroke_color=pal.l2, stroke_width=2, fill_color=pal.background,
                      fill_opacity=1.0).move_to(center)
        shape = Polygon(*[at(v) for v in ((1, 0), (0, 1), (-1, 0), (0, -1))], stroke_color=pal.l1, stroke_width=2)
        label = text(f"wedges: {pct(share)}% of the square outside the disc", style.LABEL, pal.accent)
        label.next_to(square, DOWN, buff=0.1)
        self.share_map = VGroup(square, fill, hole, shape, label)
        tilted = self.sheared_wedges(at, pal)
        sheared = text("wedges of the first tilted loss", style.LABEL, pal.accent).move_to(label)
        self.when_read("uniformly in the square", Create(square), FadeIn(hole), FadeIn(shape))
        self.when_read("For round losses", FadeIn(fill), FadeIn(label))
        self.play(FadeOut(label), run_time=style.SHORT)  # out before the next label: no text over text
        self.share_map.remove(label)  # gone: the map's fade-out later must not bring it back
        self.when_read("tilted ellipses shear", Transform(fill[:4], tilted[1]), FadeOut(fill[4:]), FadeIn(sheared))
        self.wait(style.BEAT_PAUSE)
        self.share_map.add(sheared)

    def sheared_wedges(self, at, pal) -> tuple[VGroup, VGroup]:
        """For the first loss drawn (a tilted ellipse): where ŵ must be for each corner to be the contact,
        ``v + cone(H⁻¹ n)`` over the corner's normal cone (a sheared wedge), clipped to the square; and a
        small picture of that loss's shape."""
        H = self.loss_H[0]
        Hinv = np.linalg.inv(H)
        quarter = np.array([[0.0, -1.0], [1.0, 0.0]])
        polys = VGroup()
        for k in range(4):
            turn = np.linalg.matrix_power(quarter, k)
            v = turn @ np.array([1.0, 0.0])
            edges = [Hinv @ (turn @ np.array(n)) for n in ((1.0, 1.0), (1.0, -1.0))]
            far = [v + 100.0 * e / np.linalg.norm(e) for e in edges]
            poly = clip_to_square(np.array([v, far[0], far[1]]), CENTRE_BOX)
            polys.add(Polygon(*[at(q) for q in poly], stroke_width=0, fill_color=pal.accent, fill_opacity=0.45))
        ring = Quadratic(H, np.zeros(2)).level_ellipse(1.0, 90)
        ring *= 0.7 / np.abs(ring).max()  # its shape, 0.7 map units across, in the top-left corner
        shape = VMobject(stroke_color=pal.data, stroke_width=2.5).set_points_as_corners(
            [at(q + np.array([-CENTRE_BOX + 1.0, CENTRE_BOX - 1.0])) for q in ring])
        return VGroup(shape), polys

    def count_corner(self, point: np.ndarray, badges: VGroup, axes) -> None:
        """Contacts on one corner coincide: a "×k" badge outside each corner counts them."""
        if not np.any(point == 0.0):
            return
        axis = int(np.argmax(np.abs(point)))
        corner = axis + (2 if point[axis] < 0 else 0)
        self.corner_counts[corner] += 1
        out = np.zeros(2)
        out[axis] = np.sign(point[axis])
        badge = formula(f"times {self.corner_counts[corner]}", style.SMALL, self.palette.accent)
        anchor = axes.c2p(*point)
        # Beside the corner, away from the axis line it sits on: above-outside for ±w1, right-outside for ±w2.
        offset = np.array([out[0] * 0.12, out[1] * 0.12 + (0.25 if axis == 0 else 0.0), 0.0])
        if axis == 1:
            offset[0] += 0.18 + badge.width / 2
        else:
            offset[0] += out[0] * badge.width / 2
        badge.move_to(anchor + offset)
        badges[corner].become(badge)

    def place_counts(self, k: int) -> None:
        pal = self.palette
        lines = VGroup(text(f"{k} losses drawn", style.LABEL, pal.text),
                       formula(f"\"L1 zeros: \" {self.counts['l1']}", style.LABEL, pal.l1),
                       formula(f"\"L2 zeros: \" {self.counts['l2']}", style.LABEL, pal.l2))
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        box = self.boxes["side"]
        lines.move_to([box.left + lines.width / 2 + 0.1, box.top - lines.height / 2 - 0.1, 0])
        self.count_text.become(lines)
        self.shown_counts = dict(self.counts)

    def show_tally(self) -> None:
        p, pal = self.p, self.palette
        hits = indicators(p.trials, p.shape, p.seed)
        self.result = zero_tally(hits)
        f1, lo, hi = self.result["l1"]
        f2 = self.result["l2"][0]
        self.beat("tally", n=f"{p.trials:,}", l1=pct(f1), lo=pct(lo), hi=pct(hi),
                  l2="never does (0 of them)" if f2 == 0.0 else f"does {pct(f2)}%")
        chart = convergence_chart(self.boxes["chart"], p.trials, hits, PUBLISHED[p.shape], pal)
        tally = VGroup(text(f"Our tally, {p.trials:,} {p.shape} losses (exact contacts)", style.LABEL, pal.text),
                       formula(f"\"L1: \" {pct(f1)}% quad [{pct(lo)}, {pct(hi)}]", style.BODY, pal.l1),
                       formula(f"\"L2: \" {pct(f2)}% quad (\"{round(f2 * p.trials):,} of {p.trials:,}\")",
                               style.BODY, pal.l2))
        tally.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        fit(tally, self.boxes["tally"], align=UP + LEFT).shift(RIGHT * 0.1)
        self.play(FadeOut(self.share_map), FadeOut(self.count_text), run_time=style.SHORT)
        grow = ValueTracker(chart.x[1])
        chart.add_updater(lambda m: m.show_upto(grow.get_value()))
        self.add(chart)
        self.play(FadeOut(self.wedge), self.badges.animate.set_opacity(1.0), self.dots.animate.set_opacity(1.0),
                  FadeIn(chart),
                  run_time=style.SHORT)
        self.play_sweep(grow.animate.set_value(chart.x[-1]), run_time=4.0)
        chart.clear_updaters()
        self.chart, self.tally = chart, tally
        self.play(FadeIn(tally, shift=DOWN * 0.2), run_time=style.MEDIUM)
        self.when_read("Dashed", Indicate(chart.reference, color=pal.accent, scale_factor=1.0))
        self.wait(style.BEAT_PAUSE * 1.5)

    def why_l2(self) -> None:
        pal = self.palette
        l2 = np.asarray(self.contacts["l2"])
        k = int(np.argmin(np.min(np.abs(l2), axis=1)))
        axis = int(np.argmin(np.abs(l2[k])))
        near = float(l2[k, axis])
        self.beat("why_l2", coord=f"$w_{axis + 1} = {fmt_number(near, 3)}$")
        self.near_axis = (k, axis, near)
        dot = self.dots[k][1]
        ring = Circle(radius=0.22, color=pal.accent, stroke_width=3).move_to(dot)
        zoom_box, note_box = self.boxes["chart"].split_v(0.6, 0.4, gap=0.15)
        zoom = self.near_axis_zoom(l2[k], axis, zoom_box)
        note = card([text("On an axis only if the pull points exactly along it.", style.LABEL, pal.text),
                     text("Parr (explained.ai) rounds to a 100-point grid.", style.LABEL, pal.text)],
                    pal, accent=pal.l2, buff=0.2)
        fit(note, note_box, align=UP + LEFT).shift(RIGHT * 0.1)
        self.play(FadeOut(self.chart), Create(ring), run_time=style.SHORT)
        self.when_read("the closest one here", FadeIn(zoom))
        self.when_read("Parr's published rates", FadeIn(note))
        self.wait(style.BEAT_PAUSE)
        self.note = VGroup(zoom, note, ring)

    def near_axis_zoom(self, point: np.ndarray, axis: int, box: Box) -> VGroup:
        """A window a few times the contact's distance from the axis: the disc's edge, the axis
        line, and the exact contact, which is not on it."""
        pal = self.palette
        gap = abs(float(point[axis]))
        half = max(3.0 * gap, 1e-12)
        centre = np.array(point, dtype=float)
        centre[axis] = point[axis] / 2
        title = formula(f"\"up close: \" w_{axis + 1} = {fmt_number(float(point[axis]), 3)} ≠ 0", style.SMALL, pal.l2)
        title.move_to([box.center[0], box.top - title.height / 2, 0])
        side = min(box.width, box.height - title.height - 0.15)
        square = Box(box.center[0] - side / 2, box.center[0] + side / 2, box.bottom, box.bottom + side)
        lo = centre - half
        window = VGroup()
        axes = Axes(x_range=[lo[0], lo[0] + 2 * half, 2 * half], y_range=[lo[1], lo[1] + 2 * half, 2 * half],
                    x_length=side, y_length=side, tips=False, axis_config={"stroke_opacity": 0.0})
        axes.move_to(square.center)
        frame = Rectangle(width=side, height=side, stroke_color=pal.axis, stroke_width=2).move_to(square.center)
        # the disc's edge across the window, sampled finely there (the window is far smaller than
        # the spacing of a whole-circle polyline)
        angle = np.arctan2(point[1], point[0])
        turns = angle + np.linspace(-4 * half, 4 * half, 121)
        arc = np.column_stack([np.cos(turns), np.sin(turns)])
        inside = np.all((arc >= lo - 1e-15) & (arc <= lo + 2 * half + 1e-15), axis=1)
        edge = VMobject(stroke_color=pal.l2, stroke_width=4).set_points_as_corners(axes.coords_to_point(arc[inside]))
        a, b = np.array(point, dtype=float), np.array(point, dtype=float)
        a[axis], b[axis] = 0.0, 0.0
        other = 1 - axis
        a[other], b[other] = centre[other] - half, centre[other] + half
        axis_line = DashedLine(axes.c2p(*a), axes.c2p(*b), stroke_color=pal.text, stroke_width=2, dash_length=0.06)
        axis_label = formula(f"w_{axis + 1} = 0", style.SMALL, pal.text)
        axis_label.next_to(axes.c2p(*a), UP + (LEFT if axis == 0 else RIGHT), buff=0.14)
        contact = Dot(axes.c2p(*point), radius=style.DOT_RADIUS, color=pal.l2)
        window.add(frame, edge, axis_line, axis_label, contact)
        self.zoom_axes = axes
        return VGroup(title, window)

    def show_table(self) -> None:
        p, pal = self.p, self.palette
        self.table_numbers = {shape: self.result if shape == p.shape else odds(p.trials, shape, p.seed)
                              for shape in SHAPES}
        sym, lo, hi = self.table_numbers["symmetric"]["l1"]
        share = wedge_share()
        circles = (f"For circles the simulated {pct(sym)}% agrees, within its 95% band, with the wedges' exact "
                   f"share, {pct(share)}%." if lo <= share <= hi else
                   f"For circles the simulated {pct(sym)}% sits outside its 95% band around the wedges' exact "
                   f"share, {pct(share)}%: a rare draw.")
        self.beat("table", n=f"{p.trials:,}", circles=circles)
        rows = [("\"shape\"", "\"L1 ours\"", "\"L1 grid\"", "\"L2 ours\"", "\"L2 grid\"")]
        for shape in SHAPES:
            res = self.table_numbers[shape]
            rows.append((f"\"{SHAPE_ROW[shape]}\"", f"{pct(res['l1'][0])}%", f"{PUBLISHED[shape][0]}%",
                         f"{pct(res['l2'][0])}%", f"{PUBLISHED[shape][1]}%"))
        colors = [pal.text, pal.l1, pal.muted, pal.l2, pal.muted]
        cells = [[formula(cell, style.LABEL, colors[j] if i else pal.muted) for j, cell in enumerate(row)]
                 for i, row in enumerate(rows)]
        widths = [max(cells[i][j].width for i in range(len(cells))) for j in range(len(rows[0]))]
        table = VGroup()
        y = 0.0
        for row in cells:
            x = 0.0
            for j, cell in enumerate(row):
                cell.move_to([x + widths[j] / 2, y, 0])
                x += widths[j] + 0.45
            table.add(VGroup(*row))
            y -= 0.55
        # The closing table is the takeaway: in landscape it takes the L2 panel's place too.
        box, fade = self.boxes["side"], [FadeOut(self.note), FadeOut(self.tally)]
        if self.layout.wide:
            box = Box(self.boxes["l2"].left, self.boxes["side"].right, self.boxes["side"].bottom,
                      self.boxes["side"].top)
            fade.append(FadeOut(self.l2_parts))
        self.play(*fade, run_time=style.SHORT)
        fit(table, box)
        row = table[1 + SHAPES.index(p.shape)]
        mark = RoundedRectangle(corner_radius=0.08, width=table.width + 0.3, height=row.height + 0.2,
                                stroke_color=pal.accent, stroke_width=2, fill_color=pal.accent, fill_opacity=0.12)
        mark.move_to([table.get_center()[0], row.get_center()[1], 0])
        self.play(FadeIn(table[0]), FadeIn(mark), FadeIn(row), run_time=style.MEDIUM)
        others = [table[1 + k] for k in range(len(SHAPES)) if table[1 + k] is not row]
        self.when_read("next to Parr's", *[FadeIn(o) for o in others], run_time=style.SHORT)
        self.when_read("For circles", Indicate(table[1 + SHAPES.index("symmetric")], color=pal.accent,
                                               scale_factor=1.05))
        self.table = table
        self.wait(style.BEAT_PAUSE)
