"""cross_validate against scikit-learn fold by fold, and its summary (mean, se, λ_min, λ_1se) by hand.

scikit-learn fits each fold with ``fit_intercept=True``: ``Lasso(alpha=λ/2)``, ``Ridge(alpha=λ·n_train)``
and ``ElasticNet(alpha=λ(2 − α)/2, l1_ratio=α/(2 − α))`` (from ``MSE + λ(α‖w‖₁ + (1 − α)‖w‖₂²)``).
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from mathcore import cross_validate, load_dataset, standardize

LAMS = np.geomspace(1.5, 2e-3, 25)


@pytest.fixture(scope="session")  # session: a module fixture re-renders when xdist interleaves files
def prostate():
    d = load_dataset("prostate")
    return standardize(d.X[d.train]).Z, d.y[d.train]


def sklearn_model(penalty, lam, n_train, alpha=0.5):
    if penalty == "l1":
        return Lasso(alpha=lam / 2, tol=1e-14, max_iter=1_000_000)
    if penalty == "l2":
        return Ridge(alpha=lam * n_train)
    return ElasticNet(alpha=lam * (2 - alpha) / 2, l1_ratio=alpha / (2 - alpha), tol=1e-14, max_iter=1_000_000)


@pytest.mark.parametrize("penalty", ["l1", "l2", "elastic"])
def test_every_fold_and_lambda_matches_scikit_learn(prostate, penalty):
    X, y = prostate
    res = cross_validate(X, y, LAMS[::-1], penalty=penalty, folds=5, seed=3, l1_ratio=0.5)
    np.testing.assert_array_equal(res.lams, np.sort(LAMS)[::-1])  # sorted decreasing
    for k in range(5):
        train, test = res.fold_of != k, res.fold_of == k
        for j, lam in enumerate(res.lams):
            model = sklearn_model(penalty, lam, train.sum()).fit(X[train], y[train])
            mse = np.mean((y[test] - model.predict(X[test])) ** 2)
            assert res.errors[k, j] == pytest.approx(mse, rel=1e-8, abs=1e-12), (k, lam)


def test_lasso_folds_have_exact_zeros_where_scikit_learn_has_them(prostate):
    """The fold fits themselves: exact 0.0 where coordinate descent converges to 0."""
    from mathcore.cv import fit_path

    X, y = prostate
    coefs, intercepts = fit_path(X[5:], y[5:], LAMS, "l1")
    for lam, w, b in zip(LAMS, coefs, intercepts, strict=True):
        model = Lasso(alpha=lam / 2, tol=1e-14, max_iter=1_000_000).fit(X[5:], y[5:])
        np.testing.assert_array_equal(w == 0.0, model.coef_ == 0.0)
        np.testing.assert_allclose(w, model.coef_, atol=1e-9)
        assert b == pytest.approx(model.intercept_, abs=1e-9)


def test_folds_are_a_seeded_shuffle_with_sizes_differing_by_at_most_one():
    X = np.random.default_rng(0).normal(size=(23, 3))
    y = X @ [1.0, 0.0, -2.0]
    a = cross_validate(X, y, [0.1], folds=4, seed=7)
    sizes = np.bincount(a.fold_of, minlength=4)
    assert sizes.sum() == 23 and sizes.max() - sizes.min() <= 1 and set(a.fold_of) == {0, 1, 2, 3}
    assert np.array_equal(a.fold_of, cross_validate(X, y, [0.1], folds=4, seed=7).fold_of)
    assert not np.array_equal(a.fold_of, cross_validate(X, y, [0.1], folds=4, seed=8).fold_of)
    assert not np.array_equal(a.fold_of, np.arange(23) % 4)  # shuffled, not in row order


def test_mean_se_and_the_two_chosen_lambdas_follow_their_definitions(prostate):
    X, y = prostate
    res = cross_validate(X, y, LAMS, folds=10)
    e = res.errors
    np.testing.assert_allclose(res.mean, e.sum(0) / 10)
    np.testing.assert_allclose(res.se, np.sqrt(((e - e.mean(0)) ** 2).sum(0) / 9) / np.sqrt(10))
    best = min(range(len(LAMS)), key=lambda j: (res.mean[j], -res.lams[j]))
    assert res.lam_min == res.lams[best]
    bar = res.mean[best] + res.se[best]
    assert res.lam_1se == max(lam for lam, m in zip(res.lams, res.mean, strict=True) if m <= bar)
    assert res.lam_1se >= res.lam_min


def test_ties_choose_the_largest_lambda():
    """Above λ_max every fold's lasso is all zeros: equal errors, and λ_min is the largest of the ties
    only if nothing smaller does better; here y is pure noise, so the empty model wins."""
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(40, 3)), rng.normal(size=40)
    res = cross_validate(X, y, [100.0, 50.0, 1e-3], folds=5)
    assert res.errors[:, 0].tolist() == res.errors[:, 1].tolist()
    if res.mean[1] <= res.mean[2]:
        assert res.lam_min == 100.0


@pytest.mark.parametrize("kwargs, word", [
    ({"folds": 1}, "folds"),
    ({"folds": 31}, "folds"),
    ({"folds": 2.5}, "folds"),
    ({"lams": [0.1, -1.0]}, "lams"),
    ({"lams": [0.1, float("nan")]}, "lams"),
    ({"lams": [float("inf")]}, "lams"),
    ({"lams": []}, "lams"),
    ({"y": np.ones(29)}, "rows"),
    ({"X": np.full((30, 2), np.nan)}, "X"),
    ({"penalty": "l3"}, "penalty"),
    ({"penalty": "elastic", "l1_ratio": 0.0}, "l1_ratio"),
    ({"penalty": "elastic", "l1_ratio": 1.5}, "l1_ratio"),
])
def test_bad_arguments_raise_value_error_naming_them(kwargs, word):
    rng = np.random.default_rng(0)
    args = {"X": rng.normal(size=(30, 2)), "y": rng.normal(size=30), "lams": [0.1], **kwargs}
    with pytest.raises(ValueError, match=word):
        cross_validate(**args)
