"""Why regularize at all: a polynomial fitted to a few noisy points, exactly, along λ.

The data are ``n_train`` points ``x ~ U(0, 1)`` with ``y = f(x) + noise·N(0, 1)`` for a named
smooth curve ``f`` (Bishop's ``sin 2πx`` by default), and held-out test points drawn the same
way. The model is a degree-``k`` polynomial: features ``x, x², …, x^k``, standardized over the
training points (so the penalty charges every power alike), plus an intercept that is never
penalized. Every fit is exact: least squares without a penalty, ridge in closed form, and the
lasso from its homotopy, so a coefficient the lasso drops is the literal 0.0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._validate import choice, finite_array, finite_scalar, positive_int
from .cv import centred_moments, fit_path
from .datasets import standardize
from .homotopy import lasso_segments

CURVES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sine": lambda x: np.sin(2 * np.pi * x),  # Bishop (2006), §1.1
    "cubic": lambda x: 8 * (x - 0.2) * (x - 0.5) * (x - 0.9),
    "bump": lambda x: np.exp(-((x - 0.4) ** 2) / 0.02) - 0.5,
}


@dataclass(frozen=True)
class CurveData:
    curve: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    def truth(self, x: object) -> np.ndarray:
        return CURVES[self.curve](np.asarray(x, dtype=float))


def curve_data(curve: str = "sine", n_train: int = 12, n_test: int = 20, noise: float = 0.3,
               seed: int = 0) -> CurveData:
    """Seeded noisy samples of a named curve: training and held-out test points, each sorted by x."""
    choice("curve", curve, tuple(CURVES))
    n_train = positive_int("n_train", n_train, minimum=3)
    n_test = positive_int("n_test", n_test, minimum=1)
    noise = finite_scalar("noise", noise, minimum=0.0)
    seed = positive_int("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    x_train = np.sort(rng.uniform(0.0, 1.0, n_train))
    y_train = CURVES[curve](x_train) + noise * rng.standard_normal(n_train)
    order = np.argsort(x_test := rng.uniform(0.0, 1.0, n_test))
    x_test = x_test[order]
    y_test = CURVES[curve](x_test) + (noise * rng.standard_normal(n_test))[order]
    return CurveData(curve, x_train, y_train, x_test, y_test)


def polynomial_features(x: object, degree: int) -> np.ndarray:
    """``(n, degree)`` columns ``x, x², …, x^degree`` of a 1-D ``x`` (no constant column: the intercept
    is fitted separately and not penalized)."""
    x = finite_array("x", x, ndim=1)
    degree = positive_int("degree", degree)
    return x[:, None] ** np.arange(1, degree + 1)[None, :]


@dataclass(frozen=True)
class PolynomialFits:
    """Exact fits of one penalty along ``lams`` (decreasing; λ = 0 is least squares).

    ``coefs[j]`` are the coefficients of the *standardized* powers at ``lams[j]`` (what the
    penalty sees), ``intercepts[j]`` the unpenalized intercept; ``means`` and ``scales`` are the
    training powers' means and standard deviations (ddof 0).
    """

    degree: int
    penalty: str
    lams: np.ndarray
    coefs: np.ndarray
    intercepts: np.ndarray
    means: np.ndarray
    scales: np.ndarray
    train_mse: np.ndarray
    test_mse: np.ndarray

    def predict(self, x: object, j: int) -> np.ndarray:
        """The fitted polynomial at ``lams[j]``, evaluated at ``x``."""
        Z = (polynomial_features(x, self.degree) - self.means) / self.scales
        return Z @ self.coefs[j] + self.intercepts[j]

    def raw_coefs(self, j: int) -> np.ndarray:
        """Coefficients of ``1, x, …, x^degree`` in the data's own units (the polynomial as written)."""
        w = self.coefs[j] / self.scales
        return np.concatenate([[self.intercepts[j] - w @ self.means], w])

    @property
    def nonzero(self) -> np.ndarray:
        """Number of non-zero (not penalized away) coefficients at each λ."""
        return np.count_nonzero(self.coefs, axis=1)

    @property
    def best(self) -> int:
        """Index of the λ with the smallest test error (the largest such λ on ties)."""
        return int(np.argmin(self.test_mse))


def polynomial_fits(data: CurveData, degree: int, lams: object, penalty: str = "l2") -> PolynomialFits:
    """Exact fits of a degree-``degree`` polynomial with ``penalty`` at each λ, with train and test MSE.

    λ = 0 gives least squares, which needs ``degree + 1 <= n_train`` points for a unique fit.
    """
    degree = positive_int("degree", degree)
    choice("penalty", penalty, ("l1", "l2"))
    lam_arr = np.unique(np.atleast_1d(finite_array("lams", lams, ndim=(0, 1))))[::-1].copy()
    if lam_arr.size == 0 or lam_arr.min() < 0:
        raise ValueError("lams must be one or more numbers >= 0")
    if degree + 1 > data.x_train.size:
        raise ValueError(f"degree must be at most n_train − 1 = {data.x_train.size - 1} for a unique fit, "
                         f"got {degree}")
    std = standardize(polynomial_features(data.x_train, degree))
    Z, means, scales = std.Z, std.means, std.scales
    coefs = np.zeros((lam_arr.size, degree))
    intercepts = np.zeros(lam_arr.size)
    penalized = lam_arr > 0
    if np.any(penalized):
        coefs[penalized], intercepts[penalized] = fit_path(Z, data.y_train, lam_arr[penalized], penalty)
    if not np.all(penalized):  # λ = 0: least squares through the SVD (the normal equations square a 1e13 condition)
        Zc = Z - Z.mean(axis=0)
        w = np.linalg.lstsq(Zc, data.y_train - data.y_train.mean(), rcond=None)[0]
        coefs[~penalized], intercepts[~penalized] = w, data.y_train.mean() - w @ Z.mean(axis=0)
    fits = PolynomialFits(degree, penalty, lam_arr, coefs, intercepts, means, scales,
                          np.zeros(lam_arr.size), np.zeros(lam_arr.size))
    for j in range(lam_arr.size):
        fits.train_mse[j] = np.mean((data.y_train - fits.predict(data.x_train, j)) ** 2)
        fits.test_mse[j] = np.mean((data.y_test - fits.predict(data.x_test, j)) ** 2)
    return fits


def lasso_breakpoints(data: CurveData, degree: int) -> np.ndarray:
    """The λs (decreasing) where a standardized power joins or leaves the lasso fit, down to where the
    path is no longer unique; between two of them the set of non-zero coefficients is fixed."""
    Z = standardize(polynomial_features(data.x_train, degree)).Z
    _, _, H, q = centred_moments(Z, data.y_train)  # the (H, q) polynomial_fits walks, to the last bit
    lam_max, segments = lasso_segments(H, q)
    return np.array([lam_max, *(s.lam_low for s in segments)])
