"""The odds scene: its counts agree with an independent corner test and with zero_odds."""

from __future__ import annotations

import numpy as np
import pytest
from scene_helpers import TINY

from l1l2 import capture_scene, solve, timeline
from mathcore import zero_odds
from mathcore.odds import random_losses
from scenes.kit.registry import get_spec

pytestmark = pytest.mark.render
SPEC = get_spec("odds")


def corner_is_optimal(H, c, budget=1.0):
    """A corner v is the diamond minimizer iff g = 2H(c − v) lies in the corner's normal cone."""
    for v in budget * np.array([[1.0, 0], [-1.0, 0], [0, 1.0], [0, -1.0]]):
        g = 2 * H @ (c - v)
        axis = int(np.argmax(np.abs(v)))
        if np.sign(g[axis]) == np.sign(v[axis]) and abs(g[1 - axis]) <= abs(g[axis]):
            return True
    return False


def test_counts_match_corner_kkt_and_tally_matches_zero_odds():
    p = SPEC.params_class()
    tl = timeline("odds", settings=TINY)
    t = tl.still_time("tally", TINY.frame_rate)
    scene = capture_scene("odds", [t], settings=TINY, params=p)
    H, c = random_losses(p.shown, p.shape, 1.0, np.random.default_rng(p.seed))
    expected = sum(corner_is_optimal(H[k], c[k]) for k in range(p.shown))
    assert scene.shown_counts == {"l1": expected, "l2": 0}
    assert 0 < expected < p.shown
    assert scene.result == zero_odds(p.trials, p.shape, seed=p.seed)


def test_solve_has_every_shape_with_published_rates():
    out = solve("odds", {"trials": 2000})["numbers"]
    assert set(out) == {"general", "symmetric", "orthogonal"}
    assert out["orthogonal"]["published_percent"] == {"l1": 80, "l2": 45}
    for res in out.values():
        assert res["exact"]["l2"][0] == 0.0 and 0.3 < res["exact"]["l1"][0] < 0.95


def test_running_fraction_curve_is_the_corner_test_cumulated():
    """The drawn L1 curve, read back through the chart's axes, is the running share of losses whose
    corner passes the independent normal-cone test; the L2 curve is flat at 0 and its band's top is
    the Wilson bound for 0 successes, z²/(n + z²)."""
    p = SPEC.params_class(trials=2000)
    t = timeline("odds", settings=TINY, params=p).still_time("tally", TINY.frame_rate)
    scene = capture_scene("odds", [t], settings=TINY, params=p)
    chart = scene.chart
    H, c = random_losses(p.trials, p.shape, 1.0, np.random.default_rng(p.seed))
    running = np.cumsum([corner_is_optimal(H[k], c[k]) for k in range(p.trials)])
    corners = chart.lines["l1"].get_anchors()[::2]  # polyline: each segment's start, then the last end
    drawn = np.array([chart.axes.p2c(pt) for pt in np.vstack([corners, chart.lines["l1"].get_end()])])
    n = np.round(10 ** drawn[:, 0]).astype(int)
    assert n[0] == 10 and n[-1] == p.trials and np.all(np.diff(n) > 0)
    np.testing.assert_allclose(drawn[:, 1], 100 * running[n - 1] / n, atol=1e-9)
    l2 = np.array([chart.axes.p2c(pt) for pt in chart.lines["l2"].get_anchors()])
    assert np.allclose(l2[:, 1], 0.0)
    z2 = 1.959963984540054 ** 2
    band_top = np.array([chart.axes.p2c(pt) for pt in chart.bands["l2"].get_anchors()])
    top = band_top[band_top[:, 1] > 1e-9]
    np.testing.assert_allclose(top[:, 1], 100 * z2 / (10 ** top[:, 0] + z2), rtol=1e-6)


def disc_contact(H, c, budget=1.0):
    """The disc minimizer derived here: w(μ) = (H + μI)⁻¹ H c with |w(μ)| = budget, μ by bisection."""
    def w(mu):
        return np.linalg.solve(H + mu * np.eye(2), H @ c)
    lo, hi = 0.0, 1.0
    while np.linalg.norm(w(hi)) > budget:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.linalg.norm(w(mid)) > budget else (lo, mid)
    return w(hi)


def test_the_l2_contact_that_looks_on_an_axis_is_not_on_it():
    """why_l2 rings the L2 contact closest to an axis: in the main panel it is within a pixel of the
    axis, yet its exact coordinate (derived here) is not 0, and the zoom draws it where it is."""
    settings = TINY
    p = SPEC.params_class()
    t = timeline("odds", settings=settings).still_time("why_l2", settings.frame_rate)
    scene = capture_scene("odds", [t], settings=settings, params=p)
    k, axis, near = scene.near_axis
    H, c = random_losses(p.shown, p.shape, 1.0, np.random.default_rng(p.seed))
    contacts = np.array([disc_contact(H[j], c[j]) for j in range(p.shown)])
    assert k == int(np.argmin(np.min(np.abs(contacts), axis=1)))
    assert near == pytest.approx(contacts[k, axis], rel=1e-6) and near != 0.0
    frame = scene.captured[t]
    px_per_unit = frame.shape[1] / scene.camera.frame_width
    main = scene.axes["l2"]
    assert abs(main.c2p(*contacts[k])[axis] - main.c2p(0.0, 0.0)[axis]) * px_per_unit < 1.0  # looks on the axis
    drawn = scene.zoom_axes.p2c(scene.note[0][1][-1].get_center())[:2]
    assert drawn[axis] == pytest.approx(contacts[k, axis], rel=1e-3)


def project_l1_ball(v, radius=1.0):
    """Euclidean projection onto {|w₁| + |w₂| ≤ radius} by sorting (Duchi et al. 2008), written here."""
    if np.abs(v).sum() <= radius:
        return v.copy()
    u = np.sort(np.abs(v))[::-1]
    css = np.cumsum(u)
    k = max(j for j in range(len(u)) if u[j] - (css[j] - radius) / (j + 1) > 0)
    theta = (css[k] - radius) / (k + 1)
    return np.sign(v) * np.maximum(np.abs(v) - theta, 0.0)


def inside_convex(poly, pts):
    """Points strictly on the inner side of every edge of a convex polygon (either orientation)."""
    poly = np.asarray(poly)
    edges = np.roll(poly, -1, axis=0) - poly
    cross = edges[None, :, 0] * (pts[:, None, 1] - poly[None, :, 1]) - edges[None, :, 1] * (pts[:, None, 0]
                                                                                          - poly[None, :, 0])
    return np.all(cross > 0, axis=1) | np.all(cross < 0, axis=1)


def shoelace(poly):
    x, y = np.asarray(poly).T
    return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


def test_the_wedges_and_strips_are_where_round_losses_touch_corners_and_edges():
    """Issue 22: "a quarter of all directions" made four corners cover every direction. Told as regions of
    ŵ for round losses: inside a wedge the contact is that corner (a zero weight), inside a strip it is
    that edge (no zero); on the disc only ŵ on an axis touch an axis point."""
    from scenes.odds import corner_regions, wedge_share

    wedges, strips = corner_regions(4.0)
    rng = np.random.default_rng(1)
    pts = rng.uniform(-4, 4, size=(20_000, 2))
    pts = pts[np.hypot(*pts.T) > 1]
    in_wedge = np.any([inside_convex(w, pts) for w in wedges], axis=0)
    in_strip = np.any([inside_convex(s, pts) for s in strips], axis=0)
    assert not np.any(in_wedge & in_strip) and np.all(in_wedge | in_strip)  # they tile the square outside
    for c, wedge in zip(pts, in_wedge, strict=True):
        w = project_l1_ball(c)
        assert (np.count_nonzero(w) == 1) == wedge, (c, w)
    # areas by the shoelace formula: four triangles of (4 − 1)² each, over the square outside the disc
    area = sum(shoelace(w) for w in wedges)
    assert area == pytest.approx(36.0) and wedge_share() == pytest.approx(36 / (64 - np.pi))
    # the Monte Carlo rate for round losses (mathcore.zero_odds) agrees with the area share
    frac, lo, hi = zero_odds(100_000, "symmetric", 1.0, 0)["l1"]
    assert lo <= wedge_share() <= hi
    # the disc: the contact of round losses is ŵ/‖ŵ‖, on an axis only if ŵ is
    disc = pts / np.hypot(*pts.T)[:, None]
    assert np.all((np.min(np.abs(disc), axis=1) == 0) == (np.min(np.abs(pts), axis=1) == 0))


def test_the_share_beat_says_how_the_losses_are_drawn_and_the_share():
    tl = timeline("odds", settings=TINY)
    caption = next(b.caption for b in tl.beats if b.name == "share")
    assert "[−4, 4]" in caption and "outside the disc" in caption and "59.2%" in caption
    wedge = next(b.caption for b in tl.beats if b.name == "wedge")
    assert "quarter of all" not in wedge
