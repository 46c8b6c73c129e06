"""The sparsity scene: the lasso and ridge on a known sparse and a known dense truth, against scikit-learn
fits at the same λ, and the captions' claims decided by the numbers."""

from __future__ import annotations

import numpy as np
import pytest
from scene_helpers import TINY
from sklearn.linear_model import Lasso, Ridge

from l1l2 import capture_scene, timeline
from mathcore.sparsity import equicorrelated, fit_truth
from scenes.kit.captions import plain_text
from scenes.kit.registry import get_spec

SPEC = get_spec("sparsity")
P = SPEC.params_class()


def test_the_data_have_the_asked_correlation_and_the_fits_are_scikit_learns_at_the_chosen_lambda():
    rng = np.random.default_rng(3)
    X = equicorrelated(200_000, 4, 0.3, rng)
    c = np.corrcoef(X.T)
    np.testing.assert_allclose(c[np.triu_indices(4, 1)], 0.3, atol=0.01)
    np.testing.assert_allclose(X.var(axis=0), 1.0, atol=0.01)
    for case, w in P.truths().items():
        f = fit_truth(w, n=P.n, rho=P.rho, noise=P.noise, folds=P.folds, seed=P.seed)
        n = len(f.y)
        lasso = Lasso(alpha=f.lam["l1"] / 2, tol=1e-14, max_iter=10**6).fit(f.X, f.y)
        np.testing.assert_allclose(f.coefs["l1"], lasso.coef_, atol=1e-7)
        assert list(f.coefs["l1"] == 0.0) == list(lasso.coef_ == 0.0), case  # the same exact zeros
        ridge = Ridge(alpha=f.lam["l2"] * n).fit(f.X, f.y)
        np.testing.assert_allclose(f.coefs["l2"], ridge.coef_, atol=1e-9)
        for pen, model in (("l1", lasso), ("l2", ridge)):
            mse = np.mean((f.y_test - model.predict(f.X_test)) ** 2)
            assert f.test_mse[pen] == pytest.approx(mse, rel=1e-6)


def test_the_story_the_captions_tell_is_what_the_numbers_say():
    """Sparse truth: the lasso keeps the 3 weights that matter and has the lower fresh-row error. Dense
    truth: it zeros some weights that matter, and ridge has the lower error (seed 002's assumption)."""
    tl = timeline("sparsity", settings=TINY)
    caps = {b.name: plain_text(b.caption) for b in tl.beats}
    fits = {case: fit_truth(w, n=P.n, rho=P.rho, noise=P.noise, folds=P.folds, seed=P.seed)
            for case, w in P.truths().items()}
    sparse, dense = fits["sparse"], fits["dense"]
    assert np.all(sparse.coefs["l1"][:3] != 0) and sparse.test_mse["l1"] < sparse.test_mse["l2"]
    assert "keeps the 3 that matter" in caps["sparse"] and "beats ridge's" in caps["sparse"]
    dropped = np.flatnonzero(dense.coefs["l1"] == 0)
    assert dropped.size > 0 and dense.test_mse["l2"] < dense.test_mse["l1"]
    assert f"zeros {dropped.size} of the {P.d} weights that matter" in caps["dense"]
    assert f"{dense.test_mse['l2']:.2f}" in caps["dense"] and f"{dense.test_mse['l1']:.2f}" in caps["dense"]


@pytest.mark.render
def test_the_rings_sit_under_the_dropped_weights_and_the_bars_are_the_fits():
    tl = timeline("sparsity", settings=TINY)
    scene = capture_scene("sparsity", [tl.still_time("dense", TINY.frame_rate)], settings=TINY, params=P)
    f = scene.numbers.fits["dense"]
    axes = scene.charts["dense"].axes
    ringed = sorted(round(float(axes.p2c(r.get_center())[0] + 0.2)) for r in scene.dense_rings)
    assert ringed == [int(j) + 1 for j in np.flatnonzero((f.truth != 0) & (f.coefs["l1"] == 0))]
    for pen in ("l1", "l2"):
        for j, bar in enumerate(scene.fit_bars[("dense", pen)]):
            w = f.coefs[pen][j]
            if w == 0.0:
                assert bar.get_fill_opacity() == 0.0
                continue
            top = bar.get_top()[1] if w > 0 else bar.get_bottom()[1]
            assert axes.p2c([bar.get_center()[0], top, 0])[1] == pytest.approx(w, abs=1e-6)
