"""Whole regularization paths from data: the exact lasso path and the ridge path."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import finite_array
from .homotopy import lasso_segments


@dataclass(frozen=True)
class LassoPath:
    """Breakpoints of the piecewise-linear lasso path.

    ``lams`` decreases from ``zero_threshold`` (all weights 0) to 0 (least
    squares) where least squares is unique; ``coefs[k]`` is the exact solution
    at ``lams[k]``; between breakpoints the path is linear.
    """

    lams: np.ndarray
    coefs: np.ndarray

    def at(self, lam: float) -> np.ndarray:
        """Coefficients at any ``lam`` by linear interpolation between breakpoints (exact)."""
        lams, coefs = self.lams, self.coefs
        if lam >= lams[0]:
            return coefs[0].copy()
        if lam <= lams[-1]:
            return coefs[-1].copy()
        k = int(np.searchsorted(-lams, -lam, side="right")) - 1
        lo, hi = lams[k + 1], lams[k]
        t = (hi - lam) / (hi - lo)
        w = coefs[k] + t * (coefs[k + 1] - coefs[k])
        w[(coefs[k] == 0.0) & (coefs[k + 1] == 0.0)] = 0.0
        return w

    def events(self) -> list[tuple[str, int, int]]:
        """What happens at each breakpoint, in path order: ``("join", j, k)`` when weight j is exactly 0
        at breakpoint k and non-zero after it, ``("leave", j, k)`` when it is non-zero before breakpoint
        k and exactly 0 at it (features in index order within one breakpoint)."""
        out: list[tuple[str, int, int]] = []
        for k in range(len(self.coefs) - 1):
            before, after = self.coefs[k], self.coefs[k + 1]
            out += [("join", int(j), k) for j in np.flatnonzero((before == 0) & (after != 0))]
            out += [("leave", int(j), k + 1) for j in np.flatnonzero((before != 0) & (after == 0))]
        return out

    @property
    def order(self) -> tuple[int, ...]:
        """The order of entry: each feature's first join (a feature that never joins is not listed)."""
        return tuple(dict.fromkeys(j for kind, j, _ in self.events() if kind == "join"))

    @property
    def shrinkage(self) -> np.ndarray:
        """s = ‖w‖₁ / ‖w_end‖₁ at each breakpoint, 0 … 1 (ESL's shrinkage factor; all 0 if the path is)."""
        l1 = np.abs(self.coefs).sum(axis=1)
        return l1 / l1[-1] if l1[-1] > 0 else np.zeros_like(l1)

    def segment_counts(self) -> np.ndarray:
        """How many weights are non-zero *inside* each segment (between breakpoints k and k + 1):
        a weight is non-zero there unless it is exactly 0 at both ends (the path is linear between
        them, and a weight that leaves is 0 only at the segment's end)."""
        nonzero = (self.coefs[:-1] != 0.0) | (self.coefs[1:] != 0.0)
        return nonzero.sum(axis=1)


def _data(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    X = finite_array("X", X, ndim=(1, 2))
    y = finite_array("y", y, ndim=1)
    if X.ndim == 1:
        X = X[:, None]
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of rows, got {X.shape[0]} and {y.shape[0]}")
    if X.shape[0] == 0:
        raise ValueError("X must have at least one row")
    return X, y


def lasso_path(X: object, y: object) -> LassoPath:
    """The exact lasso path of ``MSE(w) + λ‖w‖₁`` for data ``X`` (n×d) and ``y`` (n,).

    Homotopy on ``H = XᵀX/n``, ``q = Xᵀy/n``: at each breakpoint a weight joins
    or leaves the active set; coefficients are solved in closed form on the
    active set, inactive ones are exactly 0.0. scikit-learn's
    ``lars_path(X, y, method="lasso")`` returns ``alphas = lams / 2``.
    """
    X, y = _data(X, y)
    n, d = X.shape
    H, q = X.T @ X / n, X.T @ y / n
    lam_max, segments = lasso_segments(H, q)
    lams = [lam_max]
    coefs = [np.zeros(d)]
    for seg in segments:
        lams.append(seg.lam_low)
        coefs.append(seg.weights(seg.lam_low, d))
    return LassoPath(np.array(lams), np.array(coefs))


def ridge_path(X: object, y: object, lams: object) -> np.ndarray:
    """Ridge coefficients ``(H + λI)⁻¹ q`` for each λ in ``lams``: shape ``(k, d)`` (``(k,)`` for 1-D X)."""
    X_arr = finite_array("X", X, ndim=(1, 2))
    X2, y_arr = _data(X_arr, y)
    n = X2.shape[0]
    coefs = ridge_from_moments(X2.T @ X2 / n, X2.T @ y_arr / n, lams)
    return coefs[:, 0] if X_arr.ndim == 1 else coefs


def ridge_zeros(H: np.ndarray, q: np.ndarray, lam_low: float, lam_high: float,
                grid: int = 4000) -> list[tuple[int, float]]:
    """Every λ in ``[lam_low, lam_high]`` where a ridge weight ``((H + λI)⁻¹ q)_j`` is exactly 0, as
    ``(j, λ)`` from the largest λ down: the weight changes sign there (it is a rational function of λ
    with at most d − 1 roots, so it is 0 only at isolated λ, never over an interval, unless it is 0
    for every λ). Sign changes on a geometric grid of ``grid`` points, each refined by bisection to
    the last bit (Brent's method)."""
    from scipy.optimize import brentq

    if not 0.0 < lam_low < lam_high:
        raise ValueError("need 0 < lam_low < lam_high")
    evals, Q = np.linalg.eigh(H)
    c = Q.T @ q

    def w(lam: float) -> np.ndarray:
        return Q @ (c / (evals + lam))

    lams = np.geomspace(lam_high, lam_low, grid)
    ws = (Q @ (c[:, None] / (evals[:, None] + lams[None, :]))).T  # (grid, d)
    out: list[tuple[int, float]] = []
    for j in range(H.shape[0]):
        if np.all(ws[:, j] == 0.0):
            continue
        for k in np.flatnonzero(np.sign(ws[:-1, j]) * np.sign(ws[1:, j]) < 0):
            root = brentq(lambda lam, j=j: float(w(lam)[j]), lams[k + 1], lams[k], xtol=1e-300, rtol=1e-15)
            out.append((j, float(root)))
    return sorted(out, key=lambda jl: -jl[1])


def ridge_from_moments(H: np.ndarray, q: np.ndarray, lams: object) -> np.ndarray:
    """Ridge coefficients ``(H + λI)⁻¹ q`` from the moments ``H = XᵀX/n``, ``q = Xᵀy/n`` alone (the data
    are not needed again: one pass over them made H and q): shape ``(k, d)``."""
    lam_arr = finite_array("lams", lams, ndim=(0, 1))
    if np.any(lam_arr < 0):
        raise ValueError("lams must be >= 0")
    lam_arr = np.atleast_1d(lam_arr)
    evals, Q = np.linalg.eigh(H)
    if np.any(lam_arr + evals.min() <= 1e-12 * max(1.0, float(evals.max()))):
        raise ValueError("lams must be > 0 where XᵀX is singular (ridge is not unique)")
    return (Q.T @ q)[None, :] / (evals[None, :] + lam_arr[:, None]) @ Q.T
