"""constrained_minimizer against SLSQP from several starts and hand-derived cases."""

import numpy as np
import pytest
from conftest import random_spd
from scipy.optimize import minimize

from mathcore import Quadratic, constrained_minimizer, penalized_minimizer, zero_odds
from mathcore.constrained import diamond_minimizer_2d, disc_minimizer_batch
from mathcore.odds import random_losses, running_fraction, zero_indicators


def _slsqp(loss, budget, norm, rng, starts=6):
    d = loss.dim
    if norm == "l1":  # split w = p - m, p, m >= 0: smooth constraint sum(p + m) <= C
        def f(z):
            return loss.value(z[:d] - z[d:])
        cons = [{"type": "ineq", "fun": lambda z: budget - z.sum()}]
        bounds = [(0, None)] * (2 * d)
        x0s = [np.abs(rng.normal(size=2 * d)) * budget / (2 * d) for _ in range(starts)]
    else:
        def f(z):
            return loss.value(z)
        cons = [{"type": "ineq", "fun": lambda z: budget**2 - z @ z}]
        bounds = None
        x0s = [rng.normal(size=d) * budget / (2 * np.sqrt(d)) for _ in range(starts)]
    best = min((minimize(f, x0, method="SLSQP", bounds=bounds, constraints=cons,
                         options={"ftol": 1e-14, "maxiter": 500}) for x0 in x0s), key=lambda r: r.fun)
    return (best.x[:d] - best.x[d:]) if norm == "l1" else best.x, best.fun


@pytest.mark.parametrize("norm", ["l1", "l2"])
def test_matches_slsqp_on_random_tilted_losses(rng, norm):
    for _ in range(60):
        d = int(rng.integers(2, 5))
        loss = Quadratic(random_spd(rng, d), rng.normal(size=d) * 2, 0.1)
        budget = rng.uniform(0.2, 1.5)
        sol = constrained_minimizer(loss, budget, norm)
        ref_x, ref_f = _slsqp(loss, budget, norm, rng)
        def size(w):
            return np.abs(w).sum() if norm == "l1" else np.linalg.norm(w)
        # SLSQP may step outside the set by ~1e-10; each unit of norm is worth the
        # multiplier of the norm constraint: lam for ||w||_1, 2*lam*C for ||w||_2 (P = ||w||^2).
        excess = max(0.0, size(ref_x) - budget)
        rate = sol.lam if norm == "l1" else 2 * sol.lam * budget
        assert sol.level <= ref_f + 1e-12 * (1 + abs(ref_f)) + rate * excess * 1.01
        np.testing.assert_allclose(sol.point, ref_x, atol=1e-5)
        assert size(sol.point) <= budget * (1 + 1e-12)


@pytest.mark.parametrize("norm", ["l1", "l2"])
def test_lam_gives_the_same_point_in_penalized_form(rng, norm):
    for _ in range(60):
        d = int(rng.integers(2, 5))
        loss = Quadratic(random_spd(rng, d), rng.normal(size=d) * 2)
        sol = constrained_minimizer(loss, rng.uniform(0.2, 1.5), norm)
        w = penalized_minimizer(loss, sol.lam, norm)
        np.testing.assert_allclose(w, sol.point, atol=1e-10)
        np.testing.assert_array_equal(w == 0.0, sol.point == 0.0)


def test_identity_loss_hand_derived():
    # H = I: the diamond solution is the Euclidean projection onto the l1 ball;
    # for c = (3, 0.5), C = 1 the soft-threshold level is 2, giving (1, 0) exactly,
    # and the penalized lam satisfies 2(c1 - w1) = lam -> lam = 4.
    sol = constrained_minimizer(Quadratic(np.eye(2), np.array([3.0, 0.5])), 1.0, "l1")
    assert sol.point[1] == 0.0 and sol.point[0] == pytest.approx(1.0, abs=1e-15)
    assert sol.lam == pytest.approx(4.0, abs=1e-12)
    # The disc: w = c / (1 + mu) with ||w|| = C, so mu = ||c||/C - 1.
    c = np.array([3.0, 4.0])
    sol2 = constrained_minimizer(Quadratic(np.eye(2), c), 2.0, "l2")
    np.testing.assert_allclose(sol2.point, c * 2 / 5, rtol=1e-15)
    assert sol2.lam == pytest.approx(1.5, rel=1e-14)
    assert np.all(sol2.point != 0.0)


def test_inside_the_set_returns_least_squares_point():
    loss = Quadratic(np.eye(2), np.array([0.2, -0.1]), 0.5)
    for norm in ("l1", "l2"):
        sol = constrained_minimizer(loss, 1.0, norm)
        np.testing.assert_array_equal(sol.point, loss.c)
        assert sol.lam == 0.0 and sol.level == 0.5 and not sol.on_boundary


def test_vectorised_2d_solvers_agree_with_single_problem_solver(rng):
    H, c = random_losses(300, "general", 1.0, rng)
    w1 = diamond_minimizer_2d(H, c, 1.0)
    w2 = disc_minimizer_batch(H, c, 1.0)
    for k in range(300):
        loss = Quadratic(H[k], c[k])
        s1 = constrained_minimizer(loss, 1.0, "l1").point
        np.testing.assert_allclose(w1[k], s1, atol=1e-12)
        np.testing.assert_array_equal(w1[k] == 0.0, s1 == 0.0)
        np.testing.assert_allclose(w2[k], constrained_minimizer(loss, 1.0, "l2").point, atol=1e-12)


def test_zero_odds_reproducible_and_sane():
    a = zero_odds(20_000, "general", seed=3)
    assert a == zero_odds(20_000, "general", seed=3)
    assert a != zero_odds(20_000, "general", seed=4)
    for shape in ("general", "symmetric", "orthogonal"):
        res = zero_odds(20_000, shape, seed=1)
        frac, lo, hi = res["l1"]
        assert 0.3 < frac < 0.95 and lo < frac < hi
        assert res["l2"][0] == 0.0 and res["l2"][1] == 0.0 and 0 < res["l2"][2] < 1e-3


def test_zero_odds_matches_brute_force_on_a_dense_boundary_grid(rng):
    # Independent check: minimise each sampled loss over 200k points on the diamond boundary;
    # a corner is the answer iff the grid minimiser is within one grid step of a corner.
    H, c = random_losses(200, "general", 1.0, rng)
    t = np.linspace(0, 4, 200_001)[:-1]
    side, frac = np.floor(t).astype(int), t - np.floor(t)
    corners = np.array([[1.0, 0], [0, 1.0], [-1.0, 0], [0, -1.0]])
    pts = corners[side] + frac[:, None] * (corners[(side + 1) % 4] - corners[side])
    w = diamond_minimizer_2d(H, c, 1.0)
    for k in range(200):
        r = pts - c[k]
        vals = np.einsum("ni,ij,nj->n", r, H[k], r)
        best = pts[np.argmin(vals)]
        assert np.linalg.norm(best - w[k]) < 1e-3
        near_corner = np.min(np.linalg.norm(corners - best, axis=1)) < 1e-4
        if np.any(w[k] == 0.0):
            assert near_corner


@pytest.mark.parametrize("budget, word", [(0.0, "budget"), (-1, "budget"), (float("inf"), "budget")])
def test_bad_budget(budget, word):
    with pytest.raises(ValueError, match=word):
        constrained_minimizer(Quadratic(np.eye(2), np.ones(2)), budget)
    with pytest.raises(ValueError, match="norm"):
        constrained_minimizer(Quadratic(np.eye(2), np.ones(2)), 1.0, "linf")


def test_zero_indicators_agree_with_zero_odds_and_per_trial_solutions():
    hits = zero_indicators(3000, "orthogonal", seed=5)
    res = zero_odds(3000, "orthogonal", seed=5)
    assert res["l1"][0] == hits["l1"].mean() and res["l2"][0] == hits["l2"].mean() == 0.0
    # Same draws, in order: trial k is loss k of random_losses(3000) for that seed (one chunk).
    H, c = random_losses(3000, "orthogonal", 1.0, np.random.default_rng(5))
    expected = [np.any(constrained_minimizer(Quadratic(H[k], c[k]), 1.0, "l1").point == 0.0) for k in range(50)]
    np.testing.assert_array_equal(hits["l1"][:50], expected)


def test_running_fraction_matches_a_loop_and_scipys_wilson_interval():
    from scipy.stats import binomtest

    hits = np.random.default_rng(2).random(500) < 0.7
    counts = np.array([1, 2, 10, 77, 500])
    frac, lo, hi = running_fraction(hits, counts)
    for n, f, a, b in zip(counts, frac, lo, hi, strict=True):
        k = int(sum(hits[:n]))
        assert f == k / n
        ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert a == pytest.approx(ci.low, abs=1e-12) and b == pytest.approx(ci.high, abs=1e-12)
    with pytest.raises(ValueError, match="counts"):
        running_fraction(hits, [0, 3])
