"""The elastic-net ball, cyclic coordinate descent and the correlated-feature math, against
independent references: SLSQP from several starts, a brute-force walk along the ball's boundary,
sweeps computed by hand, scikit-learn's ElasticNet and Lasso, and objectives evaluated from the data."""

import numpy as np
import pytest
from conftest import random_spd
from scipy.optimize import minimize
from sklearn.linear_model import ElasticNet, Lasso

from mathcore import (
    Quadratic,
    bootstrap_solutions,
    constrained_minimizer,
    correlated_design,
    descent,
    identical_features,
    penalized_minimizer,
)


def elastic_size(w, alpha):
    return alpha * np.abs(w).sum(axis=-1) + (1 - alpha) * (w**2).sum(axis=-1)


def slsqp_elastic(loss, budget, alpha, rng, starts=6):
    """w = p − m with p, m >= 0 makes the ball's constraint smooth: α·Σ(p + m) + (1 − α)·‖p − m‖² <= C."""
    d = loss.dim

    def f(z):
        return loss.value(z[:d] - z[d:])

    def room(z):
        return budget - alpha * z.sum() - (1 - alpha) * np.sum((z[:d] - z[d:]) ** 2)

    x0s = [np.abs(rng.normal(size=2 * d)) * budget / (4 * d) for _ in range(starts)]
    best = min((minimize(f, x0, method="SLSQP", bounds=[(0, None)] * (2 * d),
                         constraints=[{"type": "ineq", "fun": room}], options={"ftol": 1e-15, "maxiter": 1000})
                for x0 in x0s), key=lambda r: r.fun)
    return best.x[:d] - best.x[d:], best.fun


def ball_boundary(budget, alpha, n=400_000):
    """Points on α(|w₁| + |w₂|) + (1 − α)(w₁² + w₂²) = C: along each ray, the positive root of
    (1 − α)r² + αk·r − C = 0 with k = |cos θ| + |sin θ|."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    k = np.abs(np.cos(t)) + np.abs(np.sin(t))
    if alpha == 1.0:
        r = budget / k
    else:
        r = (-alpha * k + np.sqrt((alpha * k) ** 2 + 4 * (1 - alpha) * budget)) / (2 * (1 - alpha))
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


def optimality_certificate(loss, budget, alpha, point, lam):
    """An upper bound on ‖point − w*‖ for the unique minimizer w* of L over the ball P(w) <= C, from
    first principles (no solver): L(w) = (w − c)ᵀH(w − c) + r is μ-strongly convex with μ = 2·λ_min(H).

    With F = L + λP, the distance from 0 to the subdifferential ∂F(point) is the residual ρ (per
    coordinate: |∇L + λ(α·sign w + 2(1 − α)w)| where w ≠ 0, max(0, |∇L| − λα) where w = 0). Strong
    convexity gives F(point) − min F <= ρ²/(2μ), and weak duality (λ >= 0) makes min F − λC a lower
    bound of the constrained optimum. So the gap g = L(point) − (F(point) − ρ²/(2μ) − λC) bounds
    L(point) − L(w*) (up to the point's own excess over the ball, counted at λ), and L(w) − L(w*) >=
    (μ/2)‖w − w*‖² on the ball, so ‖point − w*‖ <= √(2g/μ)."""
    H, c = np.asarray(loss.H), np.asarray(loss.c)
    mu = 2 * np.linalg.eigvalsh(H)[0]
    grad = 2 * H @ (point - c)
    moved = grad + lam * (alpha * np.sign(point) + 2 * (1 - alpha) * point)
    rho = np.linalg.norm(np.where(point != 0, moved, np.maximum(0.0, np.abs(grad) - lam * alpha)))
    size = elastic_size(point, alpha)
    gap = lam * (budget - size) + rho**2 / (2 * mu)  # L − (L + λ·size − ρ²/2μ − λC)
    outside = max(0.0, size - budget)  # rounding may leave the point a hair outside: measure by the dual
    return np.sqrt(2 * max(gap, 0.0) / mu) + np.sqrt(2 * lam * outside / mu), rho


@pytest.mark.parametrize("alpha", [0.2, 0.5, 0.8])
def test_elastic_ball_minimizer_is_certified_and_never_worse_than_slsqp(rng, alpha):
    """The ball's minimizer is unique (strictly convex loss), so it is decided by a certificate that
    cannot stall: the KKT residual and the duality gap bound the distance to the true minimizer.
    SLSQP from several starts is a second opinion on the level only: it can stop short (seen 0.005
    away on another processor), never below the true minimum."""
    for _ in range(25):
        d = int(rng.integers(2, 5))
        loss = Quadratic(random_spd(rng, d), rng.normal(size=d) * 2, 0.1)
        budget = rng.uniform(0.2, 1.5)
        sol = constrained_minimizer(loss, budget, "elastic", l1_ratio=alpha)
        distance, rho = optimality_certificate(loss, budget, alpha, sol.point, sol.lam)
        assert distance <= 1e-6, (distance, rho)
        ref_x, ref_f = slsqp_elastic(loss, budget, alpha, rng)
        # never worse than the reference, except by what SLSQP gains from standing a hair outside the ball
        # (its constraint tolerance): to first order the loss falls by λ per unit of penalty
        outside = max(0.0, elastic_size(ref_x, alpha) - budget)
        assert sol.level <= ref_f + 2 * sol.lam * outside + 1e-12 * max(1.0, ref_f)
        if sol.on_boundary:
            assert elastic_size(sol.point, alpha) == pytest.approx(budget, rel=1e-13)
        # .lam is the penalized λ with the same point
        np.testing.assert_allclose(penalized_minimizer(loss, sol.lam, "elastic", alpha), sol.point, atol=1e-13)


def test_the_certificate_rejects_a_point_0_005_off_like_the_stalled_reference(rng):
    """The certificate is not vacuous: a point 0.005 from the minimizer (what SLSQP returned on another
    processor), scaled back towards the ball, is certified to be at least 1e-3 away."""
    loss = Quadratic(random_spd(rng, 3), rng.normal(size=3) * 2, 0.1)
    sol = constrained_minimizer(loss, 0.7, "elastic", l1_ratio=0.5)
    assert sol.on_boundary
    off = sol.point + 0.005 * np.array([1.0, -1.0, 0.5])
    off *= 0.7 / elastic_size(off, 0.5)  # near the ball; any excess is charged at λ
    distance, _ = optimality_certificate(loss, 0.7, 0.5, off, sol.lam)
    assert distance > 1e-3


@pytest.mark.parametrize(("c", "alpha", "corner"), [((3.0, -0.1), 0.5, True), ((2.5, 0.3), 0.9, True),
                                                    ((2.5, 0.3), 0.5, False), ((1.0, 0.8), 0.5, False)])
def test_elastic_contact_against_brute_force_on_the_boundary(c, alpha, corner):
    """A loss whose centre is near the w₁ axis touches the ball at its corner (w₂ exactly 0, w₁ the corner's
    radius from (1 − α)r² + αr = C); rounder balls (smaller α) or centres off the axis touch an edge."""
    loss = Quadratic(np.array([[1.0, 0.3], [0.3, 2.0]]), np.array(c))
    budget = 0.6
    sol = constrained_minimizer(loss, budget, "elastic", l1_ratio=alpha)
    pts = ball_boundary(budget, alpha)
    vals = loss.value(pts)
    best = pts[np.argmin(vals)]
    assert sol.level <= vals.min() + 1e-12 and vals.min() <= sol.level + 1e-6
    np.testing.assert_allclose(sol.point, best, atol=1e-4)
    assert bool(sol.point[1] == 0.0) == corner
    if corner:
        r0 = (-alpha + np.sqrt(alpha**2 + 4 * (1 - alpha) * budget)) / (2 * (1 - alpha))
        assert sol.point[0] == pytest.approx(r0, rel=1e-14)  # the corner case is an exact zero, the edge case is not


def test_elastic_with_l1_ratio_one_is_the_diamond_and_a_bad_ratio_names_itself(rng):
    loss = Quadratic(random_spd(rng, 3), rng.normal(size=3) * 2)
    a = constrained_minimizer(loss, 0.7, "elastic", l1_ratio=1.0)
    b = constrained_minimizer(loss, 0.7, "l1")
    np.testing.assert_array_equal(a.point, b.point)
    for bad in (0.0, -0.1, 1.5, float("nan"), "half"):
        with pytest.raises(ValueError, match="l1_ratio"):
            constrained_minimizer(loss, 0.7, "elastic", l1_ratio=bad)


def test_elastic_contact_is_scikit_learns_elastic_net_with_the_documented_mapping(rng):
    """J = MSE + λ(α‖w‖₁ + (1 − α)‖w‖₂²) is twice ElasticNet's objective with
    alpha_sk = λ/(1 + ρ) and l1_ratio ρ = α/(2 − α)."""
    n, d = 80, 4
    X = rng.normal(size=(n, d))
    y = X @ np.array([1.5, -1.0, 0.0, 0.5]) + rng.normal(size=n)
    loss = Quadratic.from_data(X, y)
    for alpha in (0.3, 0.7):
        sol = constrained_minimizer(loss, 0.8, "elastic", l1_ratio=alpha)
        rho = alpha / (2 - alpha)
        sk = ElasticNet(alpha=sol.lam / (1 + rho), l1_ratio=rho, fit_intercept=False, tol=1e-14, max_iter=100_000)
        sk.fit(X, y)
        np.testing.assert_allclose(sk.coef_, sol.point, atol=1e-8)
        assert elastic_size(sk.coef_, alpha) == pytest.approx(0.8, rel=1e-7)


# -- coordinate descent ----------------------------------------------------------------------------

H2 = np.array([[1.0, 0.8], [0.8, 1.0]])


@pytest.mark.parametrize(("penalty", "alpha", "sweeps"), [
    # q = Hc = (2.8, 2.6); λ = 0.4. Lasso: threshold λ/2 = 0.2, divide by H_jj = 1.
    #   sweep 1: w₁ = S(2.8, .2) = 2.6;  w₂ = S(2.6 − .8·2.6, .2) = S(.52, .2) = .32
    #   sweep 2: w₁ = S(2.8 − .8·.32, .2) = 2.344;  w₂ = S(2.6 − .8·2.344, .2) = S(.7248, .2) = .5248
    ("l1", 1.0, [[2.6, 0.32], [2.344, 0.5248]]),
    # Elastic α = .5: threshold λα/2 = .1, divide by 1 + λ(1 − α) = 1.2.
    #   sweep 1: w₁ = 2.7/1.2 = 2.25;  w₂ = S(2.6 − 1.8, .1)/1.2 = .7/1.2
    ("elastic", 0.5, [[2.25, 0.7 / 1.2]]),
    # Ridge: divide by 1 + λ = 1.4: w₁ = 2.8/1.4 = 2;  w₂ = (2.6 − 1.6)/1.4 = 1/1.4
    ("l2", 0.0, [[2.0, 1 / 1.4]]),
])
def test_coordinate_sweeps_match_sweeps_computed_by_hand(penalty, alpha, sweeps):
    loss = Quadratic(H2, np.array([2.0, 1.0]))
    out = descent(loss, 0.4, penalty, method="coordinate", n_steps=len(sweeps), start=np.zeros(2), l1_ratio=alpha)
    assert out.shape == (len(sweeps) + 1, 2)
    np.testing.assert_array_equal(out[0], [0.0, 0.0])
    np.testing.assert_allclose(out[1:], sweeps, rtol=1e-14, atol=1e-14)


def test_a_coordinate_lands_on_exactly_zero_when_its_threshold_clips():
    # H = [[1, .5], [.5, 1]], c = (2, −1): q = (1.5, 0); λ = 1.2, threshold .6.
    #   w₁ = S(1.5, .6) = .9;  w₂ = S(0 − .5·.9, .6) = S(−.45, .6) = 0, exactly.
    loss = Quadratic(np.array([[1.0, 0.5], [0.5, 1.0]]), np.array([2.0, -1.0]))
    out = descent(loss, 1.2, "l1", method="coordinate", n_steps=3, start=np.array([1.0, 1.0]))
    assert out[1][1] == 0.0 and not np.signbit(out[1][1])  # 0.0, not 1e-17 and not −0.0
    np.testing.assert_allclose(out[-1], [0.9, 0.0], rtol=1e-15)


def test_coordinate_descent_converges_to_the_exact_minimizer_with_the_same_zeros(rng):
    for _ in range(30):
        d = int(rng.integers(2, 6))
        loss = Quadratic(random_spd(rng, d), rng.normal(size=d) * 2)
        lam = rng.uniform(0.1, 2.0)
        for penalty in ("l1", "elastic"):
            exact = penalized_minimizer(loss, lam, penalty, 0.6)
            out = descent(loss, lam, penalty, method="coordinate", n_steps=3000, start=np.zeros(d), l1_ratio=0.6)
            np.testing.assert_allclose(out[-1], exact, atol=1e-9)
            np.testing.assert_array_equal(out[-1] == 0.0, exact == 0.0)


def test_one_sweep_is_exact_on_uncorrelated_features_and_in_one_dimension(rng):
    loss = Quadratic(np.diag([1.0, 2.0, 0.5]), np.array([1.0, -0.1, 3.0]))
    out = descent(loss, 0.5, "l1", method="coordinate", n_steps=1, start=np.array([5.0, 5.0, 5.0]))
    np.testing.assert_array_equal(out[1], penalized_minimizer(loss, 0.5, "l1"))
    assert out[1][1] == 0.0
    one = descent(Quadratic(2.0, 1.5), 1.0, "l1", method="coordinate", n_steps=1, start=0.0)
    assert one.shape == (2,) and one[1] == pytest.approx(1.5 - 1.0 / 4.0, rel=1e-15)  # S(w0, λ/(2a))


# -- correlated features ---------------------------------------------------------------------------

@pytest.mark.parametrize("rho", [0.0, 0.5, 0.9, -0.7, 0.999])
def test_correlated_design_has_the_asked_correlation(rho):
    X = correlated_design(50, rho, seed=3)
    np.testing.assert_allclose(X.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X.var(axis=0), 1.0, rtol=1e-12)
    assert np.corrcoef(X.T)[0, 1] == pytest.approx(rho, abs=1e-12)
    for bad in (1.0, -1.0, 1.2):
        with pytest.raises(ValueError, match="rho"):
            correlated_design(50, bad)


def test_identical_features_the_whole_segment_minimizes_the_lasso_and_ridge_splits_in_half(rng):
    n, lam = 40, 0.3
    x = rng.normal(size=n)
    y = 1.5 * x + rng.normal(size=n) * 0.5
    X = np.column_stack([x, x])

    def J(w, pen):
        w = np.atleast_2d(w)
        mse = np.mean((y[None, :] - w @ X.T) ** 2, axis=1)
        pens = {"l1": np.abs(w).sum(axis=1), "l2": (w**2).sum(axis=1),
                "elastic": 0.5 * np.abs(w).sum(axis=1) + 0.5 * (w**2).sum(axis=1)}
        return mse + lam * pens[pen]

    tied = identical_features(x, y, lam)
    ts = np.linspace(0, 1, 101)
    seg = np.array([tied.lasso_point(t) for t in ts])
    on = J(seg, "l1")
    assert np.ptp(on) <= 1e-12 * on[0]  # the same objective all along the segment
    # and nothing anywhere nearby is lower (a dense grid around it)
    g = np.linspace(-0.5, 2.5, 601)
    grid = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    assert J(grid, "l1").min() >= on.min() - 1e-12
    # the total is the 1-D lasso on x: sklearn's Lasso(alpha=λ/2) on the single column
    one = Lasso(alpha=lam / 2, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(x[:, None], y)
    assert tied.lasso_total == pytest.approx(one.coef_[0], rel=1e-9)
    # ridge: the unique solution of (XᵀX/n + λI) w = Xᵀy/n has equal halves
    ridge = np.linalg.solve(X.T @ X / n + lam * np.eye(2), X.T @ y / n)
    np.testing.assert_allclose(tied.ridge, ridge, rtol=1e-12)
    assert J(tied.ridge, "l2")[0] <= J(grid, "l2").min() + 1e-12
    # the elastic net (α = 0.5): equal halves, and nothing on the grid or near it is lower
    assert tied.elastic[0] == tied.elastic[1] > 0
    assert J(tied.elastic, "elastic")[0] <= J(grid, "elastic").min() + 1e-12
    near = tied.elastic + np.random.default_rng(0).normal(size=(2000, 2)) * 1e-3
    assert J(tied.elastic, "elastic")[0] <= J(near, "elastic").min()


def test_bootstrap_solutions_are_scikit_learns_fits_on_the_same_rows(rng):
    X = correlated_design(60, 0.9, seed=1)
    y = X @ np.array([1.0, 1.0]) + rng.normal(size=60)
    boot = bootstrap_solutions(X, y, 0.8, "l1", n_boot=25, seed=4)
    assert boot.rows.shape == (25, 60) and boot.coefs.shape == (25, 2)
    for rows, coefs in zip(boot.rows, boot.coefs, strict=True):
        sk = Lasso(alpha=0.4, fit_intercept=True, tol=1e-14, max_iter=100_000).fit(X[rows], y[rows])
        np.testing.assert_allclose(coefs, sk.coef_, atol=1e-8)
        np.testing.assert_array_equal(coefs == 0.0, np.abs(sk.coef_) < 1e-12)
    again = bootstrap_solutions(X, y, 0.8, "l1", n_boot=25, seed=4)
    np.testing.assert_array_equal(again.coefs, boot.coefs)  # seeded
