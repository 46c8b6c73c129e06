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


def test_the_legend_draws_held_out_solid_and_train_dashed_as_the_lines_are():
    """Issue 22: the legend's two-colour "test" swatch had gaps (it read long-dashed) while the test curves
    are solid. Each swatch's pieces must touch (solid) or leave gaps (dashed) as its lines do."""
    tl = timeline("overfit", settings=TINY)
    scene = capture_scene("overfit", [tl.still_time("errors", TINY.frame_rate)], settings=TINY,
                          params=SPEC.params_class())

    def gaps(entry):
        pieces = sorted(entry[0], key=lambda seg: seg.get_left()[0])
        return [b.get_left()[0] - a.get_right()[0] for a, b in zip(pieces, pieces[1:], strict=False)]

    held, train = scene.error_legend[2], scene.error_legend[3]
    assert max(gaps(held)) < 1e-6  # solid
    assert min(gaps(train)) > 0.05  # dashed
    # the lines: per penalty, held-out error solid (one stroke), train error dashed (many pieces)
    kinds = [len(line.submobjects) > 3 for line in scene.error_lines]
    assert kinds == [False, True, False, True]


def test_each_sweep_starts_from_what_is_on_screen_without_a_cut():
    """Issue 22: the ridge sweep cut from coefficients of 10^5.6 to 10² in one frame, before the λ readout
    appeared. Frame by frame (10 fps) no bar moves more than a fifth of the range the bars span."""
    from l1l2 import RenderSettings

    settings = RenderSettings(quality="preview", fps=10)
    tl = timeline("overfit", settings=settings)
    start = next(b.time for b in tl.beats if b.name == "ridge")
    times = [start - 0.3 + k / 10 for k in range(28)]  # from just before the beat
    tops = []

    class Watched(SPEC.scene_class):
        def on_capture(self, t):
            tops.append([bar.get_top()[1] for bar in self.bars])

    capture_scene("overfit", times, settings=settings, params=SPEC.params_class(), scene_class=Watched)
    tops = np.array(tops)
    axis = tops.max() - tops.min()  # the range the bar tops span over these frames
    steps = np.abs(np.diff(tops, axis=0)).max(axis=1)
    total = np.abs(tops[-1] - tops[0]).max()
    assert total > 0.3 * axis  # the bars did drop a lot (10^5.6 → 10^2)
    assert steps.max() < 0.2 * axis, steps


def test_even_the_first_lambda_shrinks_the_largest_coefficient_as_the_ridge_caption_says():
    """The ridge beat: "even λ = 10⁻⁶ takes the largest from 4.5 × 10⁵ to 79". scikit-learn's Ridge on the
    standardized powers (alpha = n·λ for our MSE + λ‖w‖²), mapped back to powers of x, and numpy's least
    squares for λ = 0."""
    p = SPEC.params_class()
    d = curve_data(p.curve, p.n_train, p.n_test, p.noise, p.seed)
    P = np.vander(d.x_train, p.degree + 1, increasing=True)[:, 1:]
    Z = standardized_powers(d.x_train, d.x_train, p.degree)
    raw = {}
    ridge = Ridge(alpha=len(d.x_train) * p.lam_min, tol=1e-12, solver="svd").fit(Z, d.y_train)
    raw["first"] = np.abs(ridge.coef_ / P.std(0)).max()
    ls = np.linalg.lstsq(np.column_stack([np.ones(len(P)), P]), d.y_train, rcond=None)[0]
    raw["none"] = np.abs(ls[1:]).max()
    assert 4.45e5 <= raw["none"] < 4.55e5 and 78.5 <= raw["first"] < 79.5, raw
    ridge_caption = next(b.caption for b in timeline("overfit").beats if b.name == "ridge")
    assert "from $4.5 times 10^5$ to $79$" in ridge_caption
