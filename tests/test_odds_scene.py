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
