"""Correlated features, exactly: a design with a given correlation, the tie of identical
features, and the bootstrap's exact solutions.

- :func:`correlated_design`: two centred, unit-variance columns (ddof 0) whose sample
  correlation is exactly ρ (to rounding), so ``H = XᵀX/n = [[1, ρ], [ρ, 1]]``.
- :func:`identical_features`: when two columns are the same column ``x``, the loss sees only
  ``b = w₁ + w₂``. ``|w₁| + |w₂| >= |w₁ + w₂|`` with equality when the signs agree, so every
  point of the segment from ``(b*, 0)`` to ``(0, b*)`` minimizes the lasso objective (``b*`` is
  the 1-D lasso answer for ``x``): the solution is a whole edge of the diamond, not a point.
  Ridge's ``w₁² + w₂²`` is smallest at equal halves, so ridge gives ``(b_r/2, b_r/2)``, and so
  does the elastic net, whose penalty is strictly convex: the grouping effect (Zou & Hastie 2005).
- :func:`bootstrap_solutions`: resamples of the rows (seeded), each fitted exactly with its own
  centring (the intercept refitted), as scikit-learn's ``fit_intercept=True`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import choice, finite_array, finite_scalar, positive_int
from .penalized import PENALTIES, penalized_minimizer, soft_threshold
from .quadratic import Quadratic


def correlated_design(n: int, rho: float, seed: int = 0) -> np.ndarray:
    """``(n, 2)``: centred columns with variance 1 (ddof 0) and sample correlation ``rho`` in (−1, 1).

    Two seeded normal columns are centred and made orthonormal (Gram–Schmidt), then mixed:
    ``x₂ = ρ·z₁ + √(1 − ρ²)·z₂``, both scaled by √n.
    """
    n = positive_int("n", n, minimum=3)
    rho = finite_scalar("rho", rho, minimum=-1.0, maximum=1.0)
    if abs(rho) == 1.0:
        raise ValueError("rho must lie strictly between -1 and 1 (for identical columns use identical_features)")
    raw = np.random.default_rng(seed).normal(size=(n, 2))
    raw -= raw.mean(axis=0)
    q, _ = np.linalg.qr(raw)  # orthonormal, still centred (the columns span centred vectors)
    z1, z2 = q[:, 0], q[:, 1]
    return np.sqrt(n) * np.column_stack([z1, rho * z1 + np.sqrt(1.0 - rho**2) * z2])


@dataclass(frozen=True)
class TiedSolutions:
    """The answers when both features are the same column.

    ``lasso_ends``: ``(2, 2)``, the segment's ends ``(b*, 0)`` and ``(0, b*)``; every point
    between them is a lasso minimizer. ``ridge`` and ``elastic``: ``(2,)``, the unique answers
    (equal halves). ``lasso_total`` is ``b*``.
    """

    lasso_ends: np.ndarray
    ridge: np.ndarray
    elastic: np.ndarray
    lasso_total: float

    def lasso_point(self, t: float) -> np.ndarray:
        """The lasso minimizer a fraction ``t`` in [0, 1] of the way along the segment."""
        return (1.0 - t) * self.lasso_ends[0] + t * self.lasso_ends[1]


def identical_features(x: object, y: object, lam: float, l1_ratio: float = 0.5) -> TiedSolutions:
    """Lasso, ridge and elastic net with the design ``[x, x]`` (no intercept): see the module docstring.

    With ``a = xᵀx/n`` and ``b₀ = xᵀy/xᵀx`` the MSE is ``a(w₁ + w₂ − b₀)² + r``; the lasso total is
    ``b* = S(b₀, λ/(2a))``, ridge's halves are ``a·b₀/(2a + λ)`` each, and the elastic net's
    (``α = l1_ratio``) are ``S(2a·b₀, λα) / (4a + 2λ(1 − α))`` each: on ``w₁ = w₂ = t`` the objective
    is ``a(2t − b₀)² + 2λαt + 2λ(1 − α)t²``.
    """
    x = finite_array("x", x, ndim=1)
    y = finite_array("y", y, ndim=1)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same length, got {x.shape[0]} and {y.shape[0]}")
    lam = finite_scalar("lam", lam, minimum=0.0)
    alpha = finite_scalar("l1_ratio", l1_ratio, minimum=0.0, maximum=1.0)
    n = x.shape[0]
    a = float(x @ x) / n
    if a == 0.0:
        raise ValueError("x must not be all zeros")
    b0 = float(x @ y) / float(x @ x)
    total = float(soft_threshold(b0, lam / (2.0 * a)))
    half = a * b0 / (2.0 * a + lam)
    mixed = float(soft_threshold(2.0 * a * b0, lam * alpha)) / (4.0 * a + 2.0 * lam * (1.0 - alpha))
    return TiedSolutions(lasso_ends=np.array([[total, 0.0], [0.0, total]]), ridge=np.array([half, half]),
                         elastic=np.array([mixed, mixed]), lasso_total=total)


@dataclass(frozen=True)
class Bootstrap:
    """``rows[b]``: the row indices of resample b (drawn with replacement); ``coefs[b]``: its exact fit."""

    rows: np.ndarray
    coefs: np.ndarray


def bootstrap_solutions(X: object, y: object, lam: float, penalty: str = "l1", n_boot: int = 100,
                        seed: int = 0, l1_ratio: float = 0.5) -> Bootstrap:
    """Exact penalized fits on ``n_boot`` seeded resamples of the rows (each centred by its own means)."""
    X = finite_array("X", X, ndim=2)
    y = finite_array("y", y, ndim=1)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of rows, got {X.shape[0]} and {y.shape[0]}")
    lam = finite_scalar("lam", lam, minimum=0.0)
    choice("penalty", penalty, PENALTIES)
    n_boot = positive_int("n_boot", n_boot)
    n = X.shape[0]
    rows = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    coefs = np.empty((n_boot, X.shape[1]))
    for b, r in enumerate(rows):
        Xb, yb = X[r] - X[r].mean(axis=0), y[r] - y[r].mean()
        coefs[b] = penalized_minimizer(Quadratic.from_data(Xb, yb), lam, penalty, l1_ratio)
    return Bootstrap(rows=rows, coefs=coefs)
