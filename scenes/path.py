"""``path``: feature selection on real data — the exact lasso path, and ridge beside it.

The standardized data (diabetes by default, or a user's CSV) and the exact lasso homotopy:
each weight against the shrinkage ``s = ‖w‖₁ / ‖ŵ‖₁`` (ESL Fig. 3.10), where the path is
piecewise linear, so the profiles are drawn exactly through the breakpoints (dashed), with
the number of non-zero weights above them (glmnet's top axis). Features are named in the
order they enter; a feature that leaves is called out and zoomed in on. Ridge on the same data,
against its effective number of weights df(λ), is 0 only at single λ where a weight changes sign
(ringed), never over a range of λ. A card gives the same fits in scikit-learn's terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    BackgroundRectangle,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Flash,
    Indicate,
    LaggedStart,
    Line,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
)

from mathcore import lasso_path, ridge_path, ridge_zeros
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.cards import card
from scenes.kit.layout import Box, fit
from scenes.kit.params import param
from scenes.kit.plots import make_axes, spread_labels
from scenes.kit.realdata import MAX_FEATURES, DataParams, prepared, short
from scenes.kit.registry import register
from scenes.kit.typeset import escape_markup, fmt_number, formula, text


@dataclass(frozen=True)
class PathParams(DataParams):
    labels: int = param(10, "how many features to name, in order of entry (the rest are listed)", min=1,
                        max=MAX_FEATURES)
    card_nonzero: int = param(4, "the scikit-learn card shows the fit with this many non-zero weights", min=1,
                              max=MAX_FEATURES)


class PathNumbers:
    """The exact lasso path of the standardized data, its events, and the ridge path beside it."""

    def __init__(self, p: PathParams):
        self.prep = prep = prepared(p)
        self.data, self.rows, self.names = prep.data, prep.rows, prep.names
        self.Z, self.y = prep.Z, prep.y
        self.path = lasso_path(self.Z, self.y)
        self.coefs = self.path.coefs
        self.s = self.path.shrinkage  # shrinkage factor at each breakpoint, 0 … 1
        self.events = self.path.events()
        self.order = list(self.path.order)  # first entries, in order
        self.leaves = [(j, k) for kind, j, k in self.events if kind == "leave"]
        # ridge: coefficients against the effective degrees of freedom df(λ) = Σ e/(e + λ) (ESL Fig. 3.8)
        evals = np.linalg.eigvalsh(self.Z.T @ self.Z / self.rows)
        self.ridge_lams = np.geomspace(evals.max() * 1e4, evals.max() * 1e-6, 240)
        self.ridge = ridge_path(self.Z, self.y, self.ridge_lams)
        self.evals = evals
        self.ridge_df = self.df(self.ridge_lams)
        self.ridge_zeros = ridge_zeros(self.Z.T @ self.Z / self.rows, self.Z.T @ self.y / self.rows,
                                       float(self.ridge_lams.min()), float(self.ridge_lams.max()))
        self.counts = self.path.segment_counts()

    def df(self, lams: np.ndarray) -> np.ndarray:
        """Ridge's effective number of weights df(λ) = Σ e/(e + λ) over the eigenvalues e of ZᵀZ/n."""
        lams = np.asarray(lams, dtype=float)
        return (self.evals[None, :] / (self.evals[None, :] + np.atleast_1d(lams)[:, None])).sum(axis=1)

    def nonzero(self, k: int) -> int:
        """Non-zero weights inside the segment from breakpoint k to k + 1."""
        return int(self.counts[min(k, len(self.counts) - 1)])

    def rejoin(self, j: int, k: int) -> int | None:
        """The breakpoint where feature j, which left at breakpoint k, joins again (None: it stays out)."""
        return next((kk for kind, jj, kk in self.events if kind == "join" and jj == j and kk >= k), None)

    def card_fit(self, count: int) -> tuple[float, np.ndarray]:
        """The λ in the middle of the first segment with ``count`` non-zero weights (or the nearest count)."""
        counts = [self.nonzero(k) for k in range(len(self.coefs) - 1)]
        k = min(range(len(counts)), key=lambda i: (abs(counts[i] - count), i))
        hi, lo = self.path.lams[k], self.path.lams[k + 1]
        lam = float(np.sqrt(hi * lo)) if lo > 0 else hi / 2
        return lam, self.path.at(lam)

    def as_dict(self, p: PathParams) -> dict:
        lam, w = self.card_fit(p.card_nonzero)
        return {
            "data": self.data.name, "source": self.data.source, "rows": self.rows, "features": list(self.names),
            "target": self.data.target_name, "standardized": True,
            "breakpoints": [{"lam": float(lam_k), "s": float(s_k), "coefs": dict(zip(self.names, c.tolist(),
                                                                                      strict=True))}
                            for lam_k, s_k, c in zip(self.path.lams, self.s, self.coefs, strict=True)],
            "order_of_entry": [self.names[j] for j in self.order],
            "events": [{"event": kind, "feature": self.names[j], "breakpoint": k} for kind, j, k in self.events],
            "nonzero_per_segment": [int(c) for c in self.counts],
            "ridge_zeros": [{"feature": self.names[j], "lam": lam, "df": float(self.df(lam)[0])}
                            for j, lam in self.ridge_zeros],
            "sklearn_card": {"lam": lam, "alpha": lam / 2, "coefs": dict(zip(self.names, w.tolist(), strict=True))},
        }


@register("path", "the exact lasso path of real data: features enter one by one, one can leave; ridge keeps all",
          chapter="Feature selection on real data", position=80,
          part="In practice")
class PathScene(ExplainerScene):
    PARAMS = PathParams
    BEATS = (
        ("path", "The {data}: {n} rows, {d} features, standardized (mean 0, s.d. 1, so the penalty treats them "
                 "alike). The exact lasso path: each weight against $s = norm(w)_1 \\/ norm(hat(w))_1$, from all "
                 "zero to least squares."),
        ("breakpoints", "The path is straight between breakpoints (dashed), where a feature joins: {joins}. "
                        "Above each piece: how many weights are non-zero."),
        ("leaves", "{leave}"),
        ("ridge", "Ridge on the same data, against its effective number of weights "
                  "$\"df\"(λ)$: {d} at $λ = 0$, falling toward 0 as $λ$ grows; all its weights reach 0 together, "
                  "and only in that limit."),
        ("ridge_zeros", "{zeros}"),
        ("sklearn", "In scikit-learn this lasso is Lasso(alpha = λ/2): at $λ = {lam}$ (the line on the path) it keeps "
                    "{k} of {d} features, with exact zeros for the rest. Ridge(alpha) is $λ$ = alpha/n."),
    )

    @classmethod
    def solve(cls, p: PathParams) -> dict:
        return PathNumbers(p).as_dict(p)

    def construct(self) -> None:
        self.numbers = PathNumbers(self.p)
        self.draw_lasso_path()
        self.show_breakpoints()
        self.call_out_leaving()
        self.show_ridge()
        self.ring_ridge_zeros()
        self.show_sklearn_card()

    # -- layout -----------------------------------------------------------------------------
    @cached_property
    def boxes(self) -> dict[str, Box]:
        """``alone``: the lasso while it is the only thing on screen (the whole content); then it makes room
        for the zoom on the leaving feature, ridge, and the card (which takes the zoom's place)."""
        content = self.layout.content
        if self.layout.wide:
            lasso, right = content.split_h(0.6, 0.4, gap=0.4)
            ridge, cards = right.split_v(0.5, 0.5, gap=0.3)
        else:
            lasso, ridge, cards = content.split_v(0.45, 0.3, 0.25, gap=0.25)
        return {"alone": content, "lasso": lasso, "ridge": ridge, "card": cards}

    # -- the lasso panel ----------------------------------------------------------------------
    def lasso_panel(self, box: Box) -> SimpleNamespace:
        """Every mobject of the lasso plot in ``box``, fully drawn: the beats reveal them, and the same
        call in a smaller box gives the targets when the panel makes room for ridge."""
        m, p, pal = self.numbers, self.p, self.palette
        label_w = min(1.6, box.width * 0.22)
        plot_box = Box(box.left, box.right - label_w, box.bottom, box.top - 0.5)  # the counts go above
        lo, hi = float(m.coefs.min()), float(m.coefs.max())
        pad = 0.08 * (hi - lo)
        plot = make_axes(plot_box, (0.0, 1.0), (min(lo - pad, 0.0), max(hi + pad, 0.0)), pal, x_label="s",
                         y_label="w", x_labels_at_bottom=True, target_x_ticks=5, x_label_below=True)
        axes = plot.axes
        panel = SimpleNamespace(plot=plot, axes=axes)
        panel.profiles = VGroup(*[VMobject(stroke_color=pal.l1, stroke_width=style.THIN_WIDTH + 0.5)
                                  .set_points_as_corners(axes.coords_to_point(self.profile_upto(j, 1.0)))
                                  for j in range(len(m.names))])
        # Names at the right end (the least-squares weights), spread apart, in order of entry.
        named = m.order[: p.labels]
        size = style.SMALL if len(named) <= 12 else style.FINE
        tags = {j: text(f"{k + 1}. {escape_markup(short(m.names[j]))}", size, pal.text)
                for k, j in enumerate(named)}
        gap = max((t.height for t in tags.values()), default=0.2) + 0.06
        top = float(axes.c2p(0, axes.y_range[1])[1]) - gap / 2  # below the row of counts drawn above the plot
        bottom = plot_box.bottom + 0.2
        if len(named) * gap > top - bottom:  # a short plot: smaller names, so they all fit beside it
            shrink = (top - bottom) / (len(named) * gap)
            for tag in tags.values():
                tag.scale(shrink)
            gap *= shrink
        panel.tag_of = {j: VGroup(Line(ORIGIN, RIGHT, stroke_color=pal.muted, stroke_width=1.5), tags[j])
                        for j in named}
        panel.tags = VGroup(*panel.tag_of.values())
        panel.tag_room = (gap, bottom, top)
        self.place_tags(panel, 1.0)
        rest = [m.names[j] for j in m.order[p.labels:]] + [m.names[j] for j in range(len(m.names))
                                                          if j not in m.order]
        panel.rest_note = VGroup()
        if rest:
            note = text(f"not named: {escape_markup(', '.join(short(r) for r in rest))}", style.FINE,
                        pal.muted)
            fit(note, Box(box.left, box.right, box.bottom, box.bottom + note.height), align=LEFT)
            panel.rest_note.add(note)
        self.add_breakpoints(panel, box)
        self.add_leaving(panel)
        return panel

    def place_tags(self, panel: SimpleNamespace, t: float) -> None:
        """The names of the features in the path up to shrinkage ``t``, spread beside the front of the
        drawing, each on a leader to its line's tip: they ride along as the path grows, so a line can be
        followed through the crossings, and at ``t = 1`` they stand at the least-squares ends."""
        m, axes = self.numbers, panel.axes
        gap, bottom, top = panel.tag_room
        shown = [j for j in panel.tag_of if m.s[self.entry_breakpoint(j)] <= t + 1e-12]
        x_tip = float(axes.c2p(t, 0)[0])
        tips = {j: float(axes.c2p(t, self.profile_upto(j, t)[-1, 1])[1]) for j in shown}
        placed = spread_labels([tips[j] for j in shown], gap, bottom, top)
        for j, y in zip(shown, placed, strict=True):
            leader, tag = panel.tag_of[j]
            tag.move_to([x_tip + 0.35, y, 0], aligned_edge=LEFT)
            leader.put_start_and_end_on([x_tip + 0.04, tips[j], 0], [x_tip + 0.3, y, 0])

    def add_breakpoints(self, panel: SimpleNamespace, box: Box) -> None:
        """The dashed breakpoints and, above them, the count of non-zero weights on each segment."""
        m, pal, axes = self.numbers, self.palette, panel.axes
        y0, y1 = axes.y_range[:2]
        panel.dashes = VGroup(*[DashedLine(axes.c2p(m.s[k], y0), axes.c2p(m.s[k], y1), stroke_color=pal.muted,
                                           stroke_width=1.5, dash_length=0.06, stroke_opacity=0.8)
                                for k in range(1, len(m.s) - 1)])
        # glmnet's top axis: the count above the middle of each segment, above the y title. Where two would
        # touch, the shorter segment's count goes up a row; a count with no room in either row is left out.
        row_y = axes.c2p(0, y1)[1] + 0.38
        panel.counts = VGroup()
        rows: list[list[tuple[float, float]]] = [[], []]
        size = style.FINE
        for k in sorted(range(len(m.s) - 1), key=lambda k: -(m.s[k + 1] - m.s[k])):
            label = formula(str(m.nonzero(k)), size, pal.muted)
            for r, taken in enumerate(rows):
                label.move_to([axes.c2p((m.s[k] + m.s[k + 1]) / 2, 0)[0], row_y + r * (label.height + 0.08), 0], aligned_edge=DOWN)
                lo, hi = label.get_left()[0] - 0.05, label.get_right()[0] + 0.05
                if not any(lo < b and a < hi for a, b in taken):
                    taken.append((lo, hi))
                    panel.counts.add(label)
                    break
        # its name at the row's right end, above the feature names (the left may be the frame's edge)
        title = text("non-zero", style.FINE, pal.muted)
        title.move_to([axes.c2p(1.0, 0)[0] + 0.2, row_y, 0], aligned_edge=DOWN + LEFT)
        room = box.right - title.get_left()[0]
        if title.width > room:
            title.scale_to_fit_width(room).move_to([axes.c2p(1.0, 0)[0] + 0.2, row_y, 0], aligned_edge=DOWN + LEFT)
        panel.count_title = title

    def add_leaving(self, panel: SimpleNamespace) -> None:
        """The first feature that leaves: its profile highlighted, a ring where it is 0, and its name."""
        m, pal, axes = self.numbers, self.palette, panel.axes
        panel.leave = VGroup()
        if not m.leaves:
            return
        j, k = m.leaves[0]
        ring = Circle(radius=0.14, stroke_color=pal.accent, stroke_width=4).move_to(axes.c2p(m.s[k], 0.0))
        highlight = VMobject(stroke_color=pal.accent, stroke_width=style.CURVE_WIDTH)
        highlight.set_points_as_corners(axes.coords_to_point(self.profile_upto(j, 1.0)))
        tag = text(f"{escape_markup(short(m.names[j]))} $= 0$", style.SMALL, pal.accent)
        tag.next_to(ring, DOWN if m.coefs[k - 1, j] > 0 else UP, buff=0.12)
        right = axes.c2p(1.0, 0)[0]  # inside the plot: the names column is to its right
        if tag.get_right()[0] > right:
            tag.shift(LEFT * (tag.get_right()[0] - right))
        tag = VGroup(BackgroundRectangle(tag, color=pal.background, fill_opacity=0.85, buff=0.06), tag)
        panel.leave = VGroup(highlight, ring, tag)
        panel.ring = ring

    def use_panel(self, panel: SimpleNamespace) -> None:
        """What tests and later beats read: the axes, profiles, dashes and counts on screen now."""
        self.lasso_axes, self.dashes, self.counts = panel.axes, panel.dashes, panel.counts

    # -- beats ---------------------------------------------------------------------------------
    def draw_lasso_path(self) -> None:
        m, p = self.numbers, self.p
        self.beat("path", data=m.prep.title(), n=m.rows, d=len(m.names))
        self.panel = panel = self.lasso_panel(self.boxes["alone"])
        self.use_panel(panel)
        self.profiles = list(panel.profiles)
        axes = panel.axes
        s_now = ValueTracker(0.0)
        named = m.order[: p.labels]

        pal = self.palette
        entries = {j: m.s[self.entry_breakpoint(j)] for j in range(len(self.profiles))}

        def grow(_):
            t = float(s_now.get_value())
            for j, prof in enumerate(self.profiles):
                prof.set_points_as_corners(axes.coords_to_point(self.profile_upto(j, t)))
                # a profile lights up for a moment as its feature joins: which line is which, where lines cross
                joining = t < 1.0 and entries[j] <= t < entries[j] + 0.06
                prof.set_stroke(color=pal.of("l1") if not joining else pal.accent)
            for j in named:
                entry = m.s[self.entry_breakpoint(j)]
                panel.tag_of[j].set_opacity(1.0 if t >= entry + 1e-9 or t >= 1.0 else 0.0)
            self.place_tags(panel, t)

        holder = VGroup(panel.profiles, panel.tags)
        grow(None)
        self.play(FadeIn(panel.plot), run_time=style.SHORT)
        holder.add_updater(grow)
        self.add(holder)
        self.play_sweep(s_now.animate.set_value(1.0), run_time=style.LONG * 2.4)
        holder.clear_updaters()
        grow(None)
        self.remove(holder)
        self.add(panel.profiles, panel.tags)  # each its own top-level group, so make_room can move it
        if len(panel.rest_note):
            self.play(FadeIn(panel.rest_note), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)

    def entry_breakpoint(self, j: int) -> int:
        return next(k for kind, jj, k in self.numbers.events if kind == "join" and jj == j)

    def profile_upto(self, j: int, t: float) -> np.ndarray:
        """Feature j's profile (s, w) up to shrinkage t: the breakpoints, then the exact point at t."""
        m = self.numbers
        k = int(np.searchsorted(m.s, t, side="right"))  # breakpoints with s <= t
        xs, ws = m.s[:k], m.coefs[:k, j]
        if k < len(m.s) and k > 0:
            frac = (t - m.s[k - 1]) / (m.s[k] - m.s[k - 1])
            xs = np.append(xs, t)
            ws = np.append(ws, m.coefs[k - 1, j] + frac * (m.coefs[k, j] - m.coefs[k - 1, j]))
        if len(xs) == 1:
            xs, ws = np.append(xs, xs[0] + 1e-9), np.append(ws, ws[0])
        return np.column_stack([xs, ws])

    def show_breakpoints(self) -> None:
        m, panel = self.numbers, self.panel
        names = [escape_markup(m.names[j]) for j in m.order[:3]]
        joins = (f"{names[0]} first, then {', '.join(names[1:])}, and so on, numbered in that order" if len(m.order) > 3
                 else " then ".join(names) + ", numbered in that order")
        self.beat("breakpoints", joins=joins)
        self.play(Create(panel.dashes), run_time=style.MEDIUM)
        first = VGroup(*[panel.tag_of[j] for j in m.order[:3] if j in panel.tag_of])
        if len(first):
            self.when_read("where a feature joins", Indicate(first, color=self.palette.accent, scale_factor=1.1))
        self.when_read("Above each piece", FadeIn(panel.counts), FadeIn(panel.count_title))
        self.wait(style.BEAT_PAUSE)

    def leave_story(self) -> str:
        """The leaves beat's sentence, from the numbers: where the feature is 0, the count's dip, its return."""
        m = self.numbers
        if not m.leaves:
            return ("On these data no feature ever leaves: once in, each weight stays non-zero down to least "
                    "squares.")
        j, k = m.leaves[0]
        name = escape_markup(m.names[j])
        back = m.rejoin(j, k)
        if back is None:
            return (f"The lasso can also drop a feature it took: {name} returns to exactly $0$ at "
                    f"$s = {fmt_number(m.s[k], 3)}$ and stays out. The count falls from {m.nonzero(k - 1)} to "
                    f"{m.nonzero(k)}.")
        sign = "the opposite sign" if m.coefs[k - 1, j] * m.coefs[back + 1, j] < 0 else "the same sign"
        return (f"The lasso can also drop a feature it took. Zoomed in: {name} is exactly $0$ from "
                f"$s = {fmt_number(m.s[k], 3)}$ to ${fmt_number(m.s[back], 3)}$, the count dips "
                f"${m.nonzero(k - 1)} → {m.nonzero(k)} → {m.nonzero(back)}$, and {name} comes back with {sign}.")

    def call_out_leaving(self) -> None:
        m, panel = self.numbers, self.panel
        self.beat("leaves", leave=self.leave_story())
        self.make_room()
        if not m.leaves:
            self.wait(style.BEAT_PAUSE)
            return
        panel = self.panel
        j, _ = m.leaves[0]
        if j in panel.tag_of:
            panel.on_screen.tag_of[j][1].set_color(self.palette.accent)
        highlight, ring, tag = panel.leave
        self.play(Create(highlight), Create(ring), FadeIn(tag), run_time=style.MEDIUM)
        self.remove(highlight, ring, tag)
        self.add(panel.leave)
        self.zoom = zoom = self.zoom_panel(self.boxes["card"])
        self.play(FadeIn(zoom.frame), run_time=style.SHORT)
        self.play(Create(zoom.before), run_time=style.SHORT)
        self.play(Create(zoom.flat), FadeIn(zoom.counts[:2]), run_time=style.SHORT)
        self.play(Create(zoom.after), FadeIn(zoom.counts[2:]), FadeIn(zoom.tags), run_time=style.SHORT)
        self.wait(style.BEAT_PAUSE)

    def zoom_panel(self, box: Box) -> SimpleNamespace:
        """The leaving feature's profile around its stay at 0, magnified: a third of the width before,
        the stay, a third after; the count of non-zero weights above each piece."""
        m, pal = self.numbers, self.palette
        j, k = m.leaves[0]
        back = m.rejoin(j, k)
        a, b = float(m.s[k]), float(m.s[back] if back is not None else m.s[-1])
        width = max(b - a, 1e-6)
        lo, hi = max(0.0, a - width), min(1.0, b + width)
        inside = [float(x) for x in m.s if lo < x < hi]
        xs = np.array([lo, *inside, hi])
        ws = np.interp(xs, m.s, m.coefs[:, j])  # exact: the path is linear in s between breakpoints
        top, bottom = max(float(ws.max()), 0.0), min(float(ws.min()), 0.0)
        pad = 0.15 * (top - bottom or 1.0)
        title_h = 0.55
        plot = make_axes(Box(box.left, box.right, box.bottom, box.top - title_h), (lo, hi),
                         (bottom - pad, top + pad), pal, x_label="s", y_label="w",
                         x_labels_at_bottom=True, target_x_ticks=3, x_label_below=True)
        axes = plot.axes
        title = text(f"zoom: $s$ from ${fmt_number(lo, 3)}$ to ${fmt_number(hi, 3)}$", style.FINE, pal.muted)
        dashes = VGroup(*[DashedLine(axes.c2p(x, bottom - pad), axes.c2p(x, top + pad), stroke_color=pal.muted,
                                     stroke_width=1.5, dash_length=0.06) for x in (a, b) if lo < x < hi])
        zoom = SimpleNamespace(plot=plot, axes=axes)
        zoom.frame = VGroup(plot, dashes)

        def piece(x0: float, x1: float, width: float) -> VMobject:
            pts = [x for x in xs if x0 <= x <= x1]
            line = VMobject(stroke_color=pal.accent, stroke_width=width)
            return line.set_points_as_corners(axes.coords_to_point(np.column_stack([pts, np.interp(pts, xs, ws)])))

        zoom.before, zoom.flat, zoom.after = piece(lo, a, style.CURVE_WIDTH), piece(a, b, style.CURVE_WIDTH + 3), \
            piece(b, hi, style.CURVE_WIDTH)
        row_y = axes.c2p(lo, top + pad)[1] + 0.08
        zoom.counts = VGroup()
        for x0, x1, count in ((lo, a, m.nonzero(k - 1)), (a, b, m.nonzero(k)),
                              (b, hi, m.nonzero(back) if back is not None else m.nonzero(k))):
            label = formula(str(count), style.FINE, pal.muted)
            zoom.counts.add(label.move_to([axes.c2p((x0 + x1) / 2, 0)[0], row_y, 0], aligned_edge=DOWN))
        title.next_to(zoom.counts, UP, buff=0.12).set_x(axes.get_center()[0])
        zoom.frame.add(title)
        zoom.tags = VGroup()
        name = escape_markup(short(m.names[j]))
        line = axes.coords_to_point(np.column_stack([np.linspace(lo, hi, 400), np.interp(np.linspace(lo, hi, 400),
                                                                                          xs, ws)]))
        for x0, x1, w in ((lo, a, ws[0]), (b, hi, ws[-1])):
            if w == 0.0:
                continue
            tag = text(f"{name} {'$> 0$' if w > 0 else '$< 0$'}", style.FINE, pal.accent)
            zoom.tags.add(self.clear_spot(tag, axes, (x0, x1), line, taken=list(zoom.tags)))
        return zoom

    @staticmethod
    def clear_spot(tag: VMobject, axes, xs: tuple[float, float], line: np.ndarray, taken: list) -> VMobject:
        """``tag`` moved to the first spot (corners of the plot area over ``xs``, then of the whole plot, then
        its middle) where it touches neither the drawn line nor a tag already placed: a name beside its
        piece, not on it. A tag wider than the plot is shrunk to fit it."""
        (y0, y1) = axes.y_range[:2]
        bottom, top = axes.c2p(0, y0)[1] + 0.08, axes.c2p(0, y1)[1] - 0.08
        plot_left, plot_right = axes.c2p(axes.x_range[0], 0)[0] + 0.08, axes.c2p(axes.x_range[1], 0)[0] - 0.08
        if tag.width > plot_right - plot_left:
            tag.scale_to_fit_width(plot_right - plot_left)
        w, h = tag.width, tag.height
        spots = []
        for left, right in ((axes.c2p(xs[0], 0)[0] + 0.08, axes.c2p(xs[1], 0)[0] - 0.08), (plot_left, plot_right)):
            if right - left < w:
                continue
            spots += [(left + w / 2, top - h / 2), (right - w / 2, top - h / 2), (left + w / 2, bottom + h / 2),
                      (right - w / 2, bottom + h / 2)]
        spots.append(((plot_left + plot_right) / 2, (bottom + top) / 2))

        def clashes(cx: float, cy: float) -> int:
            box = (cx - w / 2 - 0.05, cx + w / 2 + 0.05, cy - h / 2 - 0.05, cy + h / 2 + 0.05)
            on_line = int(np.count_nonzero((line[:, 0] > box[0]) & (line[:, 0] < box[1]) & (line[:, 1] > box[2])
                                           & (line[:, 1] < box[3])))
            on_tag = sum(o.get_left()[0] < box[1] and box[0] < o.get_right()[0] and o.get_bottom()[1] < box[3]
                         and box[2] < o.get_top()[1] for o in taken)
            return on_line + 1000 * on_tag

        best = min(spots, key=lambda spot: (clashes(*spot) > 0, clashes(*spot)))  # the first clear one, else least
        return tag.move_to([best[0], best[1], 0])

    def make_room(self) -> None:
        """The lasso panel moves into its share of the frame; the zoom, ridge and the card take the rest."""
        old = self.panel
        new = self.lasso_panel(self.boxes["lasso"])
        pairs = [(old.plot, new.plot), (old.profiles, new.profiles), (old.tags, new.tags),
                 (old.rest_note, new.rest_note), (old.dashes, new.dashes), (old.count_title, new.count_title)]
        # the counts that fit differ with the width: the old row goes first, the new one comes last
        self.play(FadeOut(old.counts), run_time=style.SHORT)
        self.play(*[Transform(a, b) for a, b in pairs if len(a.submobjects) or len(a.points)], run_time=style.MEDIUM)
        self.play(FadeIn(new.counts), run_time=style.SHORT)
        new.on_screen = old  # the old mobjects, moved into the new places, are what the viewer sees
        self.panel = new
        self.use_panel(new)

    def show_ridge(self) -> None:
        m, pal = self.numbers, self.palette
        self.beat("ridge", d=len(m.names))
        box = self.boxes["ridge"]
        lo, hi = float(m.ridge.min()), float(m.ridge.max())
        pad = 0.08 * (hi - lo)
        label_w = min(0.45, box.width * 0.1)
        plot = make_axes(Box(box.left, box.right - label_w, box.bottom, box.top), (0.0, float(len(m.names))),
                         (min(lo - pad, 0.0), max(hi + pad, 0.0)), pal, x_label="\"df\"(λ)", y_label="w",
                         x_labels_at_bottom=True, target_x_ticks=4, x_label_below=True)
        axes = plot.axes
        title = text("Ridge", style.SMALL, pal.l2)
        title.next_to(axes.c2p(0, axes.y_range[1]), UP, buff=0.12).align_to(axes.get_right(), RIGHT)
        lines = VGroup(*[VMobject(stroke_color=pal.l2, stroke_width=style.THIN_WIDTH)
                         .set_points_as_corners(axes.coords_to_point(np.column_stack([m.ridge_df, m.ridge[:, j]])))
                         for j in range(len(m.names))])
        # direct labels: each line's number in the lasso's order of entry, at its right end (least squares)
        named = [j for j in m.order[: self.p.labels]]
        numbers = {j: formula(str(k + 1), style.FINE, pal.muted) for k, j in enumerate(named)}
        gap = max((t.height for t in numbers.values()), default=0.15) + 0.03
        x_end = axes.c2p(len(m.names), 0)[0]
        ends = [float(axes.c2p(len(m.names), m.ridge[-1, j])[1]) for j in named]
        placed = spread_labels(ends, gap, float(axes.c2p(0, axes.y_range[0])[1]), float(axes.c2p(0, axes.y_range[1])[1]))
        self.ridge_tags = VGroup(*[numbers[j].move_to([x_end + 0.08, y, 0], aligned_edge=LEFT)
                                   for j, y in zip(named, placed, strict=True)])
        self.ridge_axes, self.ridge_lines = axes, lines
        self.play(FadeIn(plot), FadeIn(title), run_time=style.SHORT)
        self.play(Create(lines), run_time=style.LONG)
        self.play(FadeIn(self.ridge_tags), run_time=style.SHORT)
        self.when_read("all its weights reach 0 together", Flash(axes.c2p(0.0, 0.0), color=pal.accent,
                                                                 flash_radius=0.3, line_length=0.15))
        self.wait(style.BEAT_PAUSE)

    def zeros_story(self) -> str:
        m = self.numbers
        z = len(m.ridge_zeros)
        if z == 0:
            return ("No ridge weight is 0 anywhere on this range: ridge can pass through 0 only where a weight "
                    "changes sign. Nothing is selected.")
        features = len({j for j, _ in m.ridge_zeros})
        where = (f"{z} times, for {features} features" if z > 1 else
                 f"once, for {escape_markup(m.names[m.ridge_zeros[0][0]])}")
        return (f"A ridge weight is exactly $0$ only where it changes sign: {where} here (rings), each at a "
                "single $λ$. None stays at 0 over a range of $λ$ as the lasso's do, so nothing is selected.")

    def ring_ridge_zeros(self) -> None:
        m, pal, axes = self.numbers, self.palette, self.ridge_axes
        self.beat("ridge_zeros", zeros=self.zeros_story())
        self.ridge_rings = VGroup(*[Circle(radius=0.09, stroke_color=pal.accent, stroke_width=3)
                                    .move_to(axes.c2p(float(m.df(lam)[0]), 0.0)) for _, lam in m.ridge_zeros])
        if len(self.ridge_rings):
            self.play(LaggedStart(*[Create(r) for r in self.ridge_rings], lag_ratio=0.3), run_time=style.MEDIUM)
        if m.leaves and hasattr(self, "zoom"):  # the lasso's stay at 0, against ridge's single points
            self.when_read("None stays at 0", Indicate(self.zoom.flat, color=pal.accent, scale_factor=1.05))
        self.when_read("nothing is selected", Indicate(self.ridge_lines, color=pal.text, scale_factor=1.0))
        self.wait(style.BEAT_PAUSE)

    def lambda_mark(self, lam: float, w: np.ndarray) -> VGroup:
        """The card's λ on the lasso plot: a line at its shrinkage s, its name, and a dot on each weight it
        keeps (the others are on 0 there)."""
        m, pal, axes = self.numbers, self.palette, self.lasso_axes
        s_lam = float(np.abs(w).sum() / np.abs(m.coefs[-1]).sum())
        y0, y1 = axes.y_range[:2]
        line = Line(axes.c2p(s_lam, y0), axes.c2p(s_lam, y1), stroke_color=pal.text, stroke_width=2.5)
        label = text(f"$λ = {fmt_number(lam)}$", style.FINE, pal.text)
        label.next_to(axes.c2p(s_lam, y0), UP + RIGHT, buff=0.1)
        label = VGroup(BackgroundRectangle(label, color=pal.background, fill_opacity=0.85, buff=0.05), label)
        dots = VGroup(*[Dot(axes.c2p(s_lam, w[j]), radius=0.05, color=pal.text) for j in range(len(w))
                        if w[j] != 0.0])
        return VGroup(line, label, dots)

    def show_sklearn_card(self) -> None:
        m, p, pal = self.numbers, self.p, self.palette
        lam, w = m.card_fit(p.card_nonzero)
        kept = [j for j in np.argsort(-np.abs(w)) if w[j] != 0.0]
        self.beat("sklearn", lam=fmt_number(lam), k=len(kept), d=len(m.names))
        shown = kept[:4]
        more = f" (+{len(kept) - 4} more)" if len(kept) > 4 else ""
        lines = [text("$min_w \"MSE\"(w) + λ norm(w)_1$  is", style.SMALL, pal.muted),
                 text("`Lasso(alpha=λ/2).fit(X, y)`", style.SMALL, pal.text),
                 text(f"$λ = {fmt_number(lam)}$, so `alpha={fmt_number(lam / 2)}`", style.SMALL,
                      pal.muted),
                 text(", ".join(f"{escape_markup(short(m.names[j]))} ${fmt_number(w[j])}$" for j in shown) + more,
                      style.SMALL, pal.l1),
                 text(f"{len(m.names) - len(kept)} weights exactly 0", style.SMALL, pal.accent),
                 text(f"`Ridge(alpha=1.0)` is $λ = 1 \\/ n = {fmt_number(1 / m.rows)}$", style.SMALL, pal.l2)]
        panel = card(lines, pal)
        fit(panel, self.boxes["card"])
        self.card = panel
        old = [self.zoom.frame, self.zoom.before, self.zoom.flat, self.zoom.after, self.zoom.counts,
               self.zoom.tags] if hasattr(self, "zoom") else []
        if old:
            self.play(*[FadeOut(o) for o in old], run_time=style.SHORT)
        self.card_mark = self.lambda_mark(lam, w)
        self.play(FadeIn(panel), Create(self.card_mark[0]), FadeIn(self.card_mark[1:]), run_time=style.SHORT)
        self.when_read("with exact zeros", Indicate(lines[4], color=pal.accent, scale_factor=1.1))
        self.when_read("Ridge(alpha)", Indicate(lines[5], color=pal.l2, scale_factor=1.1))
        self.wait(style.BEAT_PAUSE)
