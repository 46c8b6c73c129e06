"""lasso_path vs scikit-learn's lars_path; ridge_path vs Ridge; descent's defining behaviours."""

import numpy as np
import pytest
from conftest import random_data
from sklearn.linear_model import Ridge, lars_path

from mathcore import Quadratic, descent, lasso_path, penalized_minimizer, ridge_path, zero_threshold


def test_lasso_path_matches_lars_path(rng):
    for _ in range(25):
        X, y = random_data(rng, int(rng.integers(20, 60)), int(rng.integers(2, 8)))
        path = lasso_path(X, y)
        alphas, _, coefs = lars_path(X, y, method="lasso")
        np.testing.assert_allclose(path.lams, 2 * alphas, rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose(path.coefs, coefs.T, atol=1e-8)
        assert path.lams[0] == pytest.approx(zero_threshold(Quadratic.from_data(X, y)))
        assert path.lams[-1] == 0.0
        np.testing.assert_allclose(path.coefs[-1], np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-10)


def test_lasso_path_interpolates_to_penalized_minimizer(rng):
    X, y = random_data(rng, 40, 6)
    path, loss = lasso_path(X, y), Quadratic.from_data(X, y)
    for lam in rng.uniform(0, path.lams[0], size=30):
        w_path, w_exact = path.at(lam), penalized_minimizer(loss, lam, "l1")
        np.testing.assert_allclose(w_path, w_exact, atol=1e-10)
        np.testing.assert_array_equal(w_path == 0.0, w_exact == 0.0)


def test_lasso_path_with_more_features_than_samples(rng):
    X, y = random_data(rng, 8, 15, sparse=False)
    path = lasso_path(X, y)
    assert path.lams[-1] == pytest.approx(0.0, abs=1e-9)
    assert np.count_nonzero(path.coefs[-1]) <= 8
    np.testing.assert_allclose(X @ path.coefs[-1], y, atol=1e-8)


def test_ridge_path_matches_sklearn(rng):
    X, y = random_data(rng, 30, 4)
    lams = np.array([0.0, 0.01, 0.5, 3.0])
    ours = ridge_path(X, y, lams)
    for lam, w in zip(lams, ours, strict=True):
        ref = Ridge(alpha=lam * len(y), fit_intercept=False, solver="cholesky").fit(X, y).coef_
        np.testing.assert_allclose(w, ref, rtol=1e-9, atol=1e-12)
    x = X[:, 0]
    assert ridge_path(x, y, lams).shape == (4,)


def test_proximal_l1_lands_on_exact_zero_and_stays():
    loss = Quadratic(1.0, 0.5)  # lam > 2a|w0| = 1: the minimizer is 0
    w = descent(loss, 1.5, "l1", "proximal", step=0.2, n_steps=40, start=2.0)
    assert w.shape == (41,) and w[0] == 2.0
    first = int(np.argmax(w == 0.0))
    assert first > 0 and np.all(w[first:] == 0.0)


def test_subgradient_l1_chatters_around_zero_without_landing():
    loss = Quadratic(1.0, 0.5)
    eta, lam = 0.2, 1.5
    w = descent(loss, lam, "l1", "subgradient", step=eta, n_steps=200, start=2.0)
    tail = w[-50:]
    assert np.all(tail != 0.0)
    assert np.any(tail > 0) and np.any(tail < 0)  # it crosses zero back and forth
    assert np.max(np.abs(tail)) <= eta * (lam + 2 * 1.0 * 0.5) + 1e-12  # one step's reach


def test_gd_l2_approaches_ridge_solution_geometrically():
    a, w0, lam, eta = 1.0, 0.5, 1.5, 0.1
    w = descent(Quadratic(a, w0), lam, "l2", "gd", step=eta, n_steps=20, start=2.0)
    target = a * w0 / (a + lam)
    err = w - target
    # w_{k+1} - w* = (1 - 2η(a + λ)) (w_k - w*): derived from the update rule.
    np.testing.assert_allclose(err[1:] / err[:-1], 1 - 2 * eta * (a + lam), rtol=1e-9)
    assert np.all(w > 0)


def test_descent_2d_proximal_converges_to_exact_minimizer(rng):
    loss = Quadratic(np.array([[2.0, 0.6], [0.6, 1.0]]), np.array([1.0, 0.2]))
    lam = 1.2
    w = descent(loss, lam, "l1", "proximal", step=0.15, n_steps=400, start=np.array([-1.0, 1.5]))
    exact = penalized_minimizer(loss, lam, "l1")
    np.testing.assert_allclose(w[-1], exact, atol=1e-12)
    np.testing.assert_array_equal(w[-1] == 0.0, exact == 0.0)


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"method": "gd", "penalty": "l1"}, "gd"),
        ({"step": 0.0}, "step"),
        ({"n_steps": -1}, "n_steps"),
        ({"method": "newton"}, "method"),
        ({"start": [1.0, 2.0]}, "start"),
    ],
)
def test_descent_bad_input(kwargs, word):
    with pytest.raises(ValueError, match=word):
        descent(Quadratic(1.0, 0.5), 1.0, **kwargs)
