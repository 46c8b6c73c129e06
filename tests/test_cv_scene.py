"""The cv scene: fold curves, the mean and the λ_min / λ_1se markers against scikit-learn fold fits."""

from __future__ import annotations

import numpy as np
import pytest
from scene_helpers import TINY
from sklearn.linear_model import Lasso

from l1l2 import capture_scene, timeline
from mathcore import load_dataset
from scenes.kit.registry import get_spec

pytestmark = pytest.mark.render
SPEC = get_spec("cv")


@pytest.fixture(scope="session")  # session: a module fixture re-renders when xdist interleaves files
def scene():
    tl = timeline("cv", settings=TINY)
    return capture_scene("cv", [tl.still_time("test", TINY.frame_rate)], settings=TINY, params=SPEC.params_class())


def sklearn_errors(fold_of, lams):
    """Each fold's held-out MSE with scikit-learn's Lasso(alpha=λ/2), the training rows standardized (ddof 0)."""
    d = load_dataset("prostate")
    X, y = d.X[d.train], d.y[d.train]
    Z = (X - X.mean(0)) / X.std(0)
    errors = np.empty((fold_of.max() + 1, len(lams)))
    for k in range(errors.shape[0]):
        tr, te = fold_of != k, fold_of == k
        for j, lam in enumerate(lams):
            model = Lasso(alpha=lam / 2, tol=1e-12, max_iter=100_000).fit(Z[tr], y[tr])
            errors[k, j] = np.mean((y[te] - model.predict(Z[te])) ** 2)
    return errors


def test_fold_curves_mean_and_markers_match_scikit_learn(scene):
    cv = scene.numbers.cv
    sizes = np.bincount(cv.fold_of)
    assert len(sizes) == 10 and sizes.max() - sizes.min() <= 1 and sizes.sum() == 67
    ref = sklearn_errors(cv.fold_of, cv.lams)
    axes = scene.axes
    xs, top = np.log10(cv.lams) - scene.x0, axes.y_range[1]
    for k, line in enumerate(scene.fold_lines):
        pts = np.array([axes.p2c(p) for p in line.get_anchors()])
        inside = [(p[0], p[1]) for p in pts if p[1] < top - 1e-9]  # a curve that climbs out is cut at the top edge
        assert len(inside) > len(xs)  # most of each curve is drawn (anchors come in pairs)
        for x, y in inside:
            j = int(np.argmin(np.abs(xs - x)))
            assert abs(xs[j] - x) < 1e-9 and y == pytest.approx(ref[k, j], rel=1e-6), (k, j)
    mean, se = ref.mean(0), ref.std(0, ddof=1) / np.sqrt(10)
    i_min = int(np.argmin(mean))
    lam_1se = max(lam for lam, m in zip(cv.lams, mean, strict=True) if m <= mean[i_min] + se[i_min])
    for key, lam in (("min", cv.lams[i_min]), ("1se", lam_1se)):
        x = axes.p2c(scene.markers[key].get_center())[0] + scene.x0  # the axis is log10 λ shifted by x0
        assert x == pytest.approx(np.log10(lam), abs=1e-9), key


def test_each_strip_highlights_exactly_its_folds_rows(scene):
    cv = scene.numbers.cv
    for k, strip in enumerate(scene.strips):
        back, held, _ = strip
        cell = back.width / len(cv.fold_of)
        assert sum(r.width for r in held) == pytest.approx(cell * np.sum(cv.fold_of == k))
        lefts = sorted(round((r.get_left()[0] - back.get_left()[0]) / cell) for r in held)
        runs = np.split(np.flatnonzero(cv.fold_of == k), np.flatnonzero(np.diff(np.flatnonzero(cv.fold_of == k)) != 1) + 1)
        assert lefts == [int(run[0]) for run in runs]


def test_the_test_error_is_the_chosen_models_error_on_the_30_test_rows(scene):
    m = scene.numbers
    d = load_dataset("prostate")
    X, y = d.X[d.train], d.y[d.train]
    mu, sd = X.mean(0), X.std(0)
    model = Lasso(alpha=m.cv.lam_1se / 2, tol=1e-12, max_iter=100_000).fit((X - mu) / sd, y)
    test = np.mean((d.y[~d.train] - model.predict((d.X[~d.train] - mu) / sd)) ** 2)
    assert m.picks["1se"]["test_mse"] == pytest.approx(test, rel=1e-6)
    assert [d.feature_names[j] for j in np.flatnonzero(model.coef_)] == m.kept("1se")
