"""penalized_minimizer against scipy.optimize and scikit-learn, plus KKT and exact zeros."""

import numpy as np
import pytest
from conftest import random_data
from scipy.optimize import minimize_scalar
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from mathcore import Quadratic, penalized_minimizer, soft_threshold, zero_threshold


def test_soft_threshold_piecewise_and_exact_zero(rng):
    z = rng.normal(size=200) * 3
    t = 1.0
    out = soft_threshold(z, t)
    for zi, oi in zip(z, out, strict=True):
        expected = zi - t if zi > t else (zi + t if zi < -t else 0.0)
        assert oi == pytest.approx(expected, abs=1e-15)
    assert np.all(out[np.abs(z) <= t] == 0.0)
    assert soft_threshold(-0.5, 1.0) == 0.0 and not np.signbit(soft_threshold(-0.5, 1.0))


@pytest.mark.parametrize("penalty", ["l1", "l2", "elastic"])
def test_1d_matches_bounded_scalar_search(rng, penalty):
    for _ in range(200):
        a, w0, lam, alpha = rng.uniform(0.1, 3), rng.normal() * 2, rng.uniform(0, 5), rng.uniform(0, 1)
        P = {"l1": abs, "l2": np.square, "elastic": lambda w, al=alpha: al * abs(w) + (1 - al) * w * w}[penalty]
        ref = minimize_scalar(lambda w, P=P, a=a, w0=w0, lam=lam: a * (w - w0) ** 2 + lam * P(w), bounds=(-10, 10),
                              method="bounded", options={"xatol": 1e-12})
        got = penalized_minimizer(Quadratic(a, w0), lam, penalty, l1_ratio=alpha)
        assert isinstance(got, float)
        assert got == pytest.approx(ref.x, abs=1e-6)


def test_1d_l1_is_exactly_zero_from_threshold_on(rng):
    for _ in range(100):
        a, w0 = rng.uniform(0.1, 3), rng.normal() * 2
        lam_star = 2 * a * abs(w0)  # derivative at 0+: 2a(0 - |w0|) + lam >= 0
        assert zero_threshold(Quadratic(a, w0)) == pytest.approx(lam_star, rel=1e-15)
        assert penalized_minimizer(Quadratic(a, w0), lam_star * (1 + 1e-12), "l1") == 0.0
        assert penalized_minimizer(Quadratic(a, w0), lam_star * 3, "l1") == 0.0
        assert penalized_minimizer(Quadratic(a, w0), lam_star * 0.999, "l1") != 0.0
        assert penalized_minimizer(Quadratic(a, w0), lam_star * 100, "l2") != 0.0


def _sk_fit(model, X, y):
    return model.set_params(fit_intercept=False).fit(X, y).coef_


def test_lasso_matches_sklearn_with_lambda_twice_alpha(rng):
    for _ in range(40):
        n, d = rng.integers(20, 60), rng.integers(2, 8)
        X, y = random_data(rng, n, d)
        loss = Quadratic.from_data(X, y)
        alpha = rng.uniform(0.01, 0.6) * zero_threshold(loss) / 2
        ours = penalized_minimizer(loss, 2 * alpha, "l1")
        ref = _sk_fit(Lasso(alpha=alpha, tol=1e-14, max_iter=200_000), X, y)
        np.testing.assert_allclose(ours, ref, atol=1e-7)
        np.testing.assert_array_equal(ours == 0.0, np.abs(ref) < 1e-10)


def test_lasso_kkt_holds(rng):
    for _ in range(40):
        X, y = random_data(rng, 50, 6)
        loss = Quadratic.from_data(X, y)
        lam = rng.uniform(0.05, 0.9) * zero_threshold(loss)
        w = penalized_minimizer(loss, lam, "l1")
        corr = -loss.grad(w)  # 2H(c - w)
        active = w != 0.0
        np.testing.assert_allclose(corr[active], lam * np.sign(w[active]), atol=1e-10)
        assert np.all(np.abs(corr[~active]) <= lam * (1 + 1e-10))


def test_ridge_matches_sklearn_with_lambda_alpha_over_n(rng):
    for _ in range(30):
        n, d = rng.integers(10, 50), rng.integers(1, 7)
        X, y = random_data(rng, n, d)
        alpha = rng.uniform(0.01, 20)
        ours = penalized_minimizer(Quadratic.from_data(X, y), alpha / n, "l2")
        np.testing.assert_allclose(ours, _sk_fit(Ridge(alpha=alpha), X, y), rtol=1e-9, atol=1e-12)


def test_elastic_net_matches_sklearn_mapping(rng):
    for _ in range(30):
        X, y = random_data(rng, 40, 5)
        alpha, rho = rng.uniform(0.01, 0.5), rng.uniform(0.05, 0.95)
        lam, ratio = alpha * (1 + rho), 2 * rho / (1 + rho)
        ours = penalized_minimizer(Quadratic.from_data(X, y), lam, "elastic", l1_ratio=ratio)
        ref = _sk_fit(ElasticNet(alpha=alpha, l1_ratio=rho, tol=1e-14, max_iter=200_000), X, y)
        np.testing.assert_allclose(ours, ref, atol=1e-7)
        np.testing.assert_array_equal(ours == 0.0, np.abs(ref) < 1e-10)


def test_zero_threshold_is_the_exact_boundary(rng):
    for _ in range(30):
        X, y = random_data(rng, 30, 4)
        loss = Quadratic.from_data(X, y)
        lam0 = zero_threshold(loss)
        assert lam0 == pytest.approx(2 * np.max(np.abs(X.T @ y)) / len(y), rel=1e-12)
        assert np.all(penalized_minimizer(loss, lam0, "l1") == 0.0)
        assert np.any(penalized_minimizer(loss, lam0 * (1 - 1e-6), "l1") != 0.0)


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"lam": -1.0}, "lam"),
        ({"lam": float("nan")}, "lam"),
        ({"lam": 1.0, "penalty": "l3"}, "penalty"),
        ({"lam": 1.0, "penalty": "elastic", "l1_ratio": 1.5}, "l1_ratio"),
        ({"lam": "abc"}, "lam"),
    ],
)
def test_bad_input_names_the_argument(kwargs, word):
    with pytest.raises(ValueError, match=word):
        penalized_minimizer(Quadratic(1.0, 0.5), **kwargs)
    with pytest.raises(ValueError, match="loss"):
        penalized_minimizer("not a loss", 1.0)
