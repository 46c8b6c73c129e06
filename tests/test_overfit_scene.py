"""The overfit scene: the bars that read 0 are the exact zeros, the best-λ marker is at the test minimum."""

from __future__ import annotations

import numpy as np
import pytest
from scene_helpers import TINY
from sklearn.linear_model import Lasso, Ridge

from l1l2 import capture_scene, timeline
from mathcore.overfit import curve_data
from scenes.kit.registry import get_spec

pytestmark = pytest.mark.render
SPEC = get_spec("overfit")


def standardized_powers(x_train, x, degree):
    P = np.vander(x_train, degree + 1, increasing=True)[:, 1:]
    Q = np.vander(x, degree + 1, increasing=True)[:, 1:]
    return (Q - P.mean(0)) / P.std(0)


@pytest.mark.parametrize("fraction", [0.45, 0.7])
def test_lasso_bars_reading_zero_are_the_exact_zeros(fraction):
    p = SPEC.params_class()
    tl = timeline("overfit", settings=TINY)
    lasso = next(b for b in tl.beats if b.name == "lasso")
    after = tl.beats[[b.name for b in tl.beats].index("lasso") + 1].time
    t = lasso.time + fraction * (after - lasso.time) * 0.8
    scene = capture_scene("overfit", [t], settings=TINY, params=p)
    lam = float(scene.current_fit.lams[0])
    d = curve_data(p.curve, p.n_train, p.n_test, p.noise, p.seed)
    model = Lasso(alpha=lam / 2, tol=1e-14, max_iter=10**6).fit(standardized_powers(d.x_train, d.x_train, 9),
                                                                 d.y_train)
    shown_zero = [mark.get_fill_opacity() > 0.5 for mark in scene.zero_marks]
    assert shown_zero == list(model.coef_ == 0.0)
    assert 0 < sum(shown_zero) < 9  # mid-sweep: some dropped, some kept


def test_best_lambda_marker_sits_at_the_smallest_test_error():
    p = SPEC.params_class()
    tl = timeline("overfit", settings=TINY)
    scene = capture_scene("overfit", [tl.duration], settings=TINY, params=p)
    d = curve_data(p.curve, p.n_train, p.n_test, p.noise, p.seed)
    lams = np.geomspace(p.lam_max, p.lam_min, 49)  # the scene's grid (its definition, not its result)
    Z, Zt = standardized_powers(d.x_train, d.x_train, 9), standardized_powers(d.x_train, d.x_test, 9)
    test = [np.mean((d.y_test - Lasso(alpha=lam / 2, tol=1e-14, max_iter=10**6).fit(Z, d.y_train).predict(Zt)) ** 2)
            for lam in lams]
    best = lams[int(np.argmin(test))]
    x = scene.error_axes.p2c(scene.best_marker.get_center())[0] + scene.error_offset  # log10 λ
    assert x == pytest.approx(np.log10(best), abs=1e-9)
    ridge_test = [np.mean((d.y_test - Ridge(alpha=lam * p.n_train).fit(Z, d.y_train).predict(Zt)) ** 2)
                  for lam in lams]
    assert min(ridge_test) < ridge_test[0] and min(ridge_test) < ridge_test[-1]  # the U the scene draws
