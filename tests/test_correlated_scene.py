"""The correlated scene: contacts against a brute-force walk on each set's boundary, the drawn segment of
lasso solutions (same loss + penalty all along), and the bootstrap tally against scikit-learn refits."""

from __future__ import annotations

import re

import numpy as np
import pytest
from scene_helpers import TINY
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from l1l2 import capture_scene, timeline
from scenes.kit.registry import get_spec

SPEC = get_spec("correlated")
P = SPEC.params_class()


@pytest.fixture(scope="session")  # session: a module fixture re-renders when xdist interleaves files
def scene():
    tl = timeline("correlated", settings=TINY)
    times = [tl.still_time(b, TINY.frame_rate) for b in ("bootstrap", "identical")]
    return capture_scene("correlated", times, settings=TINY, params=P)


def boundary(kind, budget, alpha, n=200_000):
    """Each set's boundary along rays: the diamond r = C/k, the circle r = C, the ball's positive root of
    (1 − α)r² + αk·r − C = 0, with k = |cos θ| + |sin θ|."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    k = np.abs(np.cos(t)) + np.abs(np.sin(t))
    r = {"l1": budget / k, "l2": np.full(n, budget),
         "elastic": (-alpha * k + np.sqrt((alpha * k) ** 2 + 4 * (1 - alpha) * budget)) / (2 * (1 - alpha))}[kind]
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


@pytest.mark.render
def test_the_data_have_the_asked_correlation_and_each_contact_is_the_boundarys_best_point(scene):
    m = scene.numbers
    X, y = m.X, m.y
    assert np.corrcoef(X.T)[0, 1] == pytest.approx(P.rho, abs=1e-12)

    def mse(W):
        return np.mean((y[None, :] - W @ X.T) ** 2, axis=1)

    corner = P.budget * np.abs(np.linalg.lstsq(X, y, rcond=None)[0]).sum()
    budgets = {"l1": corner, "l2": corner, "elastic": P.l1_ratio * corner + (1 - P.l1_ratio) * corner**2}
    for kind, budget in budgets.items():
        pts = boundary(kind, budget, P.l1_ratio)
        vals = mse(pts)
        best = pts[np.argmin(vals)]
        shown = m.contacts[kind].point
        np.testing.assert_allclose(shown, best, atol=2e-4)
        assert mse(shown[None, :])[0] <= vals.min() + 1e-12
    assert m.contacts["l1"].point[0] == 0.0 and np.all(m.contacts["l2"].point != 0.0)


@pytest.mark.render
def test_the_drawn_segment_has_the_same_loss_plus_penalty_all_along(scene):
    m = scene.numbers
    x, y, lam = m.X[:, 0], m.y, m.contacts["l1"].lam
    X2 = np.column_stack([x, x])
    axes = scene.axes["l1"]
    a, b = axes.p2c(scene.segment.get_start()), axes.p2c(scene.segment.get_end())
    # the ends are the 1-D lasso on x (scikit-learn), all on one feature or the other
    total = Lasso(alpha=lam / 2, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(x[:, None], y).coef_[0]
    np.testing.assert_allclose(sorted([a.tolist(), b.tolist()]), [[0.0, total], [total, 0.0]], atol=1e-8)
    ts = np.linspace(0, 1, 201)[:, None]
    seg = (1 - ts) * a + ts * b
    J = np.mean((y[None, :] - seg @ X2.T) ** 2, axis=1) + lam * np.abs(seg).sum(axis=1)
    assert np.ptp(J) <= 1e-7 * J[0]
    off = seg * 1.02  # just outside the diamond's edge, and just inside
    inside = seg * 0.98
    for other in (off, inside):
        Jo = np.mean((y[None, :] - other @ X2.T) ** 2, axis=1) + lam * np.abs(other).sum(axis=1)
        assert Jo.min() > J.max()
    # ridge and the elastic net: equal halves, where scikit-learn puts them
    ridge = Ridge(alpha=lam * len(y), fit_intercept=False).fit(X2, y).coef_
    en = ElasticNet(alpha=lam / (1 + P.l1_ratio / (2 - P.l1_ratio)), l1_ratio=P.l1_ratio / (2 - P.l1_ratio),
                    fit_intercept=False, tol=1e-14, max_iter=100_000).fit(X2, y).coef_
    for kind, ref in (("l2", ridge), ("elastic", en)):
        np.testing.assert_allclose(scene.axes[kind].p2c(scene.dots[kind].get_center()), ref, atol=1e-6)


@pytest.mark.render
def test_the_bootstrap_tally_is_scikit_learns_refits_on_the_same_rows(scene):
    m = scene.numbers
    lam = m.contacts["l1"].lam
    kept = {"w1 only": 0, "w2 only": 0, "both": 0, "none": 0}
    for rows in m.resamples["l1"].rows:
        w = Lasso(alpha=lam / 2, fit_intercept=True, tol=1e-13, max_iter=100_000).fit(m.X[rows], m.y[rows]).coef_
        nz = np.abs(w) > 1e-9
        kept[{(True, False): "w1 only", (False, True): "w2 only", (True, True): "both",
              (False, False): "none"}[(bool(nz[0]), bool(nz[1]))]] += 1
    assert kept["w1 only"] > 0 and kept["w2 only"] > 0  # the pick flips
    label = scene.histograms["l1"][3].typst_code
    numbers = [int(s) for s in re.findall(r"(?:only|both|none) (\d+)", label)]
    expected = [kept["w2 only"], kept["both"], kept["w1 only"]] + ([kept["none"]] if kept["none"] else [])
    assert numbers == expected, label
    # ridge: every resample keeps both, and its share of w₁ stays within 0.35–0.65
    assert re.findall(r"both (\d+)", scene.histograms["l2"][3].typst_code) == [str(P.n_boot)]
    shares = m.shares("l2")
    assert 0.35 < shares.min() and shares.max() < 0.65
