"""Widgets: glyph-assembled numbers look like the typeset ones."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.kit.typeset import formula, number_formula


@pytest.mark.parametrize("prefix, value", [("C = ", "2.21"), ("w_(L 1) = ", "(1.34, 0.44)"), ("λ = ", "−3.97"),
                                           ("x = ", "9876543210.5"), ("y = ", "0")])
def test_number_formula_matches_typst_glyph_for_glyph(prefix, value):
    fast, typeset = number_formula(prefix, value), formula(prefix + value)
    assert len(fast.submobjects) == len(typeset.submobjects)
    for a, b in zip(fast.submobjects, typeset.submobjects, strict=True):
        assert a.points.shape == b.points.shape  # the same glyph outline ...
        assert np.abs(a.points - b.points).max() < 0.01  # ... in the same place (< 1.4 px at 1080p)


def test_number_formula_falls_back_for_other_text():
    fast = number_formula("w = ", "5.4 times 10^(−3)")
    assert len(fast.submobjects) == len(formula("w = 5.4 times 10^(−3)").submobjects)


@pytest.mark.parametrize("window", [((0.98, 1.42), (-0.11, 0.33)), ((-3.3, 2.7), (0.05, 7.9))])
def test_axis_ticks_sit_on_the_labelled_round_values(window):
    """A window that starts off a round value (the geometry zoom's 0.98…) still gets its ticks on
    the labelled values (manim counts ticks from the window's edge)."""
    from scenes.kit.layout import Box
    from scenes.kit.plots import make_axes
    from scenes.kit.style import THEMES

    (x0, x1), (y0, y1) = window
    group = make_axes(Box(-3, 3, -2, 2), (x0, x1), (y0, y1), THEMES["dark"])
    axes = group.axes
    xs = sorted(axes.p2c(t.get_center())[0] for t in axes.x_axis.ticks)
    ys = sorted(axes.p2c(t.get_center())[1] for t in axes.y_axis.ticks)
    for values in (xs, ys):
        steps = np.diff(values)
        assert len(values) >= 2 and np.allclose(steps, steps[0])
        # round values: integer multiples of the step (the labels' values)
        assert np.allclose(np.asarray(values) / steps[0], np.round(np.asarray(values) / steps[0]), atol=1e-6)


def test_select_on_a_typeset_copy_returns_the_copys_own_glyphs():
    """``formula`` hands out light copies of a cached typeset mobject; ``select`` on a copy must give
    that copy's glyphs (it gave the cached original's: colouring them, and a Write drew them at
    the original's place: the stray "(1 − 2ηλ)" on penalties' 2w line)."""
    a = formula("= {{(1 − 2η λ) : decay}} w", 24)
    b = formula("= {{(1 − 2η λ) : decay}} w", 24)
    part = a.select("decay")
    family = set(map(id, a.get_family()))
    assert len(part) > 0 and all(id(m) in family for m in part)
    a.shift([3, 0, 0])
    assert np.allclose(part.get_center(), a.select("decay").get_center())
    part.set_color("#FF0000")
    assert all(m.get_fill_color().to_hex().upper() != "#FF0000" for m in b.select("decay"))


@pytest.mark.parametrize("caption", ["the full $λ = 0.60$; L2's pull fades", "at $w_2 = −2.2 times 10^(−3)$; L2 keeps"])
def test_boxing_caption_formulas_keeps_every_glyph(caption):
    """Boxing a formula must not swallow the text after it (Typst ends an embedded expression at a
    ";" and drops it): the boxed caption has exactly the glyphs of the plain one."""
    from scenes.kit.captions import unbreakable_math
    from scenes.kit.typeset import text

    plain = text(caption, 24, width=100.0)
    boxed = text(unbreakable_math(caption), 24, width=100.0)
    assert len(boxed.family_members_with_points()) == len(plain.family_members_with_points())


def test_a_curve_cut_at_the_plot_edge_gets_one_outward_arrowhead_per_stretch_beyond_it():
    """Issue 22: a fit that left the plot was cut at the edge with no sign that it went on. y = x² − 1 on
    [−2, 2] inside [−0.5, 1]: above the top for |x| > √2 (two stretches), below the floor for |x| < √0.5."""
    from manim import VMobject

    from scenes.kit.layout import Box
    from scenes.kit.plots import OFF_SCALE_HEAD, make_axes, set_polyline_within
    from scenes.kit.style import THEMES

    axes = make_axes(Box(-3, 3, -2, 2), (-2.0, 2.0), (-0.5, 1.0), THEMES["dark"]).axes
    xs = np.linspace(-2, 2, 4001)
    curve = set_polyline_within(VMobject(), axes, xs, xs ** 2 - 1, -0.5, 1.0, off_scale=True)
    paths = [axes.p2c(p) for p in (np.array(sub) for sub in curve.get_subpaths())]
    heads = [p for p in paths if len(p) == 8]  # an arrowhead: two straight cubic segments of 4 points
    assert len(paths) - len(heads) == 2  # the drawn runs: √0.5 < |x| < √2
    tips = np.array(sorted(tuple(h[3]) for h in heads))  # the middle anchor of arm, tip, arm
    # where the curve leaves the plot: x = √2 at the top (−√2 for the stretch from the first point, where
    # it comes in), −√0.5 at the floor (round 4: at a stretch's middle a head sat at another line's exit)
    expected = sorted([(-np.sqrt(2), 1.0), (np.sqrt(2), 1.0), (-np.sqrt(0.5), -0.5)])
    np.testing.assert_allclose(tips, expected, atol=1e-6)
    for h in heads:  # the arms point back into the plot: the head points out
        edge = h[3][1]
        assert all((p[1] < edge) if edge > 0 else (p[1] > edge) for p in (h[0], h[7]))
    assert OFF_SCALE_HEAD > 0.05
    plain = set_polyline_within(VMobject(), axes, xs, xs ** 2 - 1, -0.5, 1.0)
    assert len(plain.get_subpaths()) == 2
