"""When is the truth sparse? The lasso against ridge on data made from a known truth.

The lasso assumes that only a few weights matter (seed 002; ESL §16.2.2, "bet on sparsity"). Here the
truth is known: ``d`` features with pairwise correlation ``rho`` (``x = √ρ·z₀ + √(1 − ρ)·zⱼ``, each of
variance 1), a target ``y = X·w_true + noise``, ``n`` training rows and ``n_test`` fresh rows drawn the
same way. Each penalty's λ is chosen by K-fold cross-validation on the training rows (the λ of least
mean error, :func:`mathcore.cross_validate`), refitted exactly on all of them
(:func:`mathcore.cv.fit_path`), and judged on the fresh rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import finite_array, finite_scalar, positive_int
from .cv import cross_validate, fit_path


@dataclass(frozen=True)
class TruthFits:
    """One truth: its data, and for each penalty (``"l1"``, ``"l2"``) the CV-chosen λ, the exact fit
    there (``coefs``, ``intercept``) and its mean squared error on the fresh rows."""

    truth: np.ndarray
    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    lam: dict[str, float]
    coefs: dict[str, np.ndarray]
    intercept: dict[str, float]
    test_mse: dict[str, float]

    def dropped(self, penalty: str = "l1") -> np.ndarray:
        """Indices of weights that matter (truth ≠ 0) which the fit set to exactly 0."""
        return np.flatnonzero((self.truth != 0.0) & (self.coefs[penalty] == 0.0))

    def kept_noise(self, penalty: str = "l1") -> np.ndarray:
        """Indices of weights that do not matter (truth = 0) which the fit kept non-zero."""
        return np.flatnonzero((self.truth == 0.0) & (self.coefs[penalty] != 0.0))


def equicorrelated(n: int, d: int, rho: float, rng: np.random.Generator) -> np.ndarray:
    """``(n, d)`` rows of features with variance 1 and pairwise correlation ``rho`` (0 <= ρ < 1)."""
    z0 = rng.normal(size=(n, 1))
    return np.sqrt(rho) * z0 + np.sqrt(1.0 - rho) * rng.normal(size=(n, d))


def fit_truth(truth: object, n: int = 60, n_test: int = 5000, rho: float = 0.3, noise: float = 1.0,
              folds: int = 10, seed: int = 0, grid: int = 80) -> TruthFits:
    """Data from ``truth`` (see the module), and the lasso's and ridge's CV-chosen exact fits.

    The λ grids, ``grid`` λ each, log-spaced: the lasso's from where every weight is 0 (``2‖Xᵀy/n‖∞``) down
    by a factor 10⁴; ridge's from a thousand times the largest eigenvalue e of XᵀX/n (weights near 0) down to
    e/10⁴ (near least squares). Same seed, same answer.
    """
    w = finite_array("truth", truth, ndim=1)
    n = positive_int("n", n, minimum=folds + 2)
    n_test = positive_int("n_test", n_test, minimum=1)
    rho = finite_scalar("rho", rho, minimum=0.0, maximum=0.95)
    noise = finite_scalar("noise", noise, minimum=0.0)
    d = w.size
    rng = np.random.default_rng(seed)
    X = equicorrelated(n, d, rho, rng)
    y = X @ w + noise * rng.normal(size=n)
    X_test = equicorrelated(n_test, d, rho, rng)
    y_test = X_test @ w + noise * rng.normal(size=n_test)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    top = float(np.linalg.eigvalsh(Xc.T @ Xc / n).max())
    ranges = {"l1": (2.0 * float(np.abs(Xc.T @ yc / n).max()), 1e-4), "l2": (1e3 * top, 1e-7)}
    lam, coefs, intercept, test_mse = {}, {}, {}, {}
    for pen in ("l1", "l2"):
        hi, factor = ranges[pen]
        lams = np.geomspace(hi, hi * factor, grid)
        cv = cross_validate(X, y, lams, pen, folds=folds, seed=seed)
        c, b = fit_path(X, y, np.array([cv.lam_min]), pen)
        lam[pen], coefs[pen], intercept[pen] = cv.lam_min, c[0], float(b[0])
        test_mse[pen] = float(np.mean((y_test - b[0] - X_test @ c[0]) ** 2))
    return TruthFits(w, X, y, X_test, y_test, lam, coefs, intercept, test_mse)
