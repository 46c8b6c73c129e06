"""The overfit scene's numbers: exact polynomial fits along λ against numpy.polyfit and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import Lasso, Ridge

from mathcore.overfit import CURVES, curve_data, lasso_breakpoints, polynomial_features, polynomial_fits

LAMS = np.concatenate([np.geomspace(10, 1e-6, 30), [0.0]])


@pytest.fixture(scope="session")  # session: a module fixture re-renders when xdist interleaves files
def data():
    return curve_data("sine", n_train=12, n_test=20, noise=0.3, seed=0)


def standardized(data, degree):
    P = np.vander(data.x_train, degree + 1, increasing=True)[:, 1:]
    return (P - P.mean(0)) / P.std(0)


def test_features_are_the_powers_of_x():
    x = np.array([0.5, 2.0, -1.0])
    np.testing.assert_array_equal(polynomial_features(x, 3), np.vander(x, 4, increasing=True)[:, 1:])


def test_data_are_seeded_sorted_and_follow_the_named_curve():
    a, b = curve_data(seed=4), curve_data(seed=4)
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_test, b.y_test)
    assert np.all(np.diff(a.x_train) > 0) and np.all(np.diff(a.x_test) > 0)
    quiet = curve_data("cubic", noise=0.0)
    np.testing.assert_allclose(quiet.y_train, 8 * (quiet.x_train - 0.2) * (quiet.x_train - 0.5) * (quiet.x_train - 0.9))
    assert set(CURVES) == {"sine", "cubic", "bump"}


def test_no_penalty_is_least_squares_with_bishop_sized_coefficients(data):
    fits = polynomial_fits(data, 9, [0.0], "l2")
    ref = np.polyfit(data.x_train, data.y_train, 9)[::-1]  # 1, x, …, x⁹
    np.testing.assert_allclose(fits.raw_coefs(0), ref, rtol=1e-5)
    assert np.abs(ref).max() > 1e5  # Bishop's Table 1.1: weights of order 10⁵ for M = 9
    assert fits.train_mse[0] < 0.1 * fits.test_mse[0]  # it chases the noise


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_penalized_fits_match_scikit_learn(data, penalty):
    fits = polynomial_fits(data, 9, LAMS, penalty)
    Z, n = standardized(data, 9), data.x_train.size
    for j, lam in enumerate(fits.lams):
        if lam == 0.0 or (penalty == "l1" and lam < 1e-2):  # coordinate descent crawls on these columns
            continue
        model = (Ridge(alpha=lam * n) if penalty == "l2" else Lasso(alpha=lam / 2, tol=1e-14, max_iter=10**6))
        model.fit(Z, data.y_train)
        np.testing.assert_allclose(fits.coefs[j], model.coef_, atol=1e-7, rtol=1e-6)
        if penalty == "l1":
            np.testing.assert_array_equal(fits.coefs[j] == 0.0, model.coef_ == 0.0)
        xs = np.linspace(0, 1, 7)
        Zs = (np.vander(xs, 10, increasing=True)[:, 1:] - fits.means) / fits.scales
        np.testing.assert_allclose(fits.predict(xs, j), model.predict(Zs), atol=1e-7)


def test_ridge_keeps_every_coefficient_and_lasso_drops_them_to_exact_zero(data):
    ridge, lasso = polynomial_fits(data, 9, LAMS, "l2"), polynomial_fits(data, 9, LAMS, "l1")
    assert np.all(ridge.nonzero[ridge.lams > 0] == 9)
    assert lasso.nonzero[0] == 0 and lasso.nonzero[-1] == 9  # λ = 10: nothing; λ = 0: every power
    middle = lasso.coefs[(lasso.lams > 1e-4) & (lasso.lams < 1)]
    assert np.any(middle == 0.0, axis=1).all() and not np.any((middle != 0) & (np.abs(middle) < 1e-12))


def test_training_error_grows_with_lambda_and_test_error_is_u_shaped(data):
    for penalty in ("l2", "l1"):
        fits = polynomial_fits(data, 9, LAMS, penalty)
        train = fits.train_mse[::-1]  # increasing λ
        assert np.all(np.diff(train) >= -1e-12), penalty
        best = fits.best
        assert 0 < best < len(LAMS) - 1  # neither the largest λ (underfit) nor λ = 0 (overfit)
        assert fits.test_mse[-1] > 3 * fits.test_mse[best] and fits.test_mse[0] > 2 * fits.test_mse[best]


def test_the_lasso_fit_changes_its_support_only_at_the_breakpoints(data):
    bps = lasso_breakpoints(data, 9)
    assert np.all(np.diff(bps) < 0)
    mids = np.sqrt(bps[:-1] * bps[1:])  # one λ strictly inside each segment
    fits = polynomial_fits(data, 9, np.concatenate([mids, bps[:-1] * (1 - 1e-9)]), "l1")
    supports = {}
    for lam, w in zip(fits.lams, fits.coefs, strict=True):
        k = int(np.searchsorted(-bps, -lam))  # the segment holding lam
        supports.setdefault(k, set()).add(tuple(w != 0))
    assert all(len(s) == 1 for s in supports.values())  # one support per segment
    assert len({next(iter(s)) for s in supports.values()}) > 5  # and it does change between segments


@pytest.mark.parametrize("kwargs, word", [({"degree": 12}, "degree"), ({"lams": [-1.0]}, "lams"),
                                          ({"penalty": "elastic"}, "penalty")])
def test_bad_arguments_are_named(data, kwargs, word):
    args = {"degree": 9, "lams": [0.1], "penalty": "l2", **kwargs}
    with pytest.raises(ValueError, match=word):
        polynomial_fits(data, **args)
    with pytest.raises(ValueError, match="curve"):
        curve_data("wave")
