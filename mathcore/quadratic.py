"""The quadratic loss ``(w - c)ᵀ H (w - c) + r`` that every scene draws.

The mean squared error of a linear model without intercept is exactly such a
quadratic: ``MSE(w) = (1/n)‖y − Xw‖² = (w − c)ᵀ H (w − c) + r`` with
``H = XᵀX/n``, ``c`` the least-squares solution and ``r`` the residual MSE.
In 1-D (``X`` a vector) it is ``a (w − w0)² + r``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validate import finite_array, finite_scalar


@dataclass(frozen=True)
class Quadratic:
    """The loss ``L(w) = (w − c)ᵀ H (w − c) + r``.

    Parameters
    ----------
    H
        Curvature: a positive scalar (1-D loss ``a (w − c)² + r``) or a
        symmetric positive-definite ``(d, d)`` matrix.
    c
        The minimizer (the least-squares point): a scalar in 1-D, else ``(d,)``.
    r
        The minimum value (the residual MSE), ``>= 0`` is not required.

    Raises
    ------
    ValueError
        If ``H`` is not symmetric positive definite, shapes disagree, or any
        value is NaN/inf.
    """

    H: np.ndarray | float
    c: np.ndarray | float
    r: float = 0.0
    _L: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        H = finite_array("H", self.H, ndim=(0, 2))
        r = finite_scalar("r", self.r)
        if H.ndim == 0:
            if not H > 0:
                raise ValueError(f"H must be positive (a 1-D curvature), got {float(H):g}")
            c = finite_array("c", self.c, ndim=0)
            object.__setattr__(self, "H", float(H))
            object.__setattr__(self, "c", float(c))
        else:
            if H.shape[0] != H.shape[1] or H.shape[0] < 1:
                raise ValueError(f"H must be a square matrix, got shape {H.shape}")
            if not np.allclose(H, H.T, rtol=1e-12, atol=1e-12 * max(1.0, np.abs(H).max())):
                raise ValueError("H must be symmetric")
            H = 0.5 * (H + H.T)
            try:
                L = np.linalg.cholesky(H)
            except np.linalg.LinAlgError:
                raise ValueError(
                    f"H must be positive definite (smallest eigenvalue {np.linalg.eigvalsh(H)[0]:.3g})"
                ) from None
            c = finite_array("c", self.c, ndim=1)
            if c.shape != (H.shape[0],):
                raise ValueError(f"c must have shape ({H.shape[0]},) to match H, got {c.shape}")
            H.setflags(write=False)
            c = c.copy()
            c.setflags(write=False)
            object.__setattr__(self, "H", H)
            object.__setattr__(self, "c", c)
            object.__setattr__(self, "_L", L)
        object.__setattr__(self, "r", r)

    # -- construction ---------------------------------------------------------
    @classmethod
    def from_data(cls, X: object, y: object) -> Quadratic:
        """The MSE loss ``(1/n)‖y − Xw‖²`` of a data set (no intercept).

        ``X`` of shape ``(n,)`` gives the 1-D loss ``a (w − w0)² + r`` with
        ``a = mean(x²)``, ``w0 = Σxy / Σx²``; ``X`` of shape ``(n, d)`` gives
        ``H = XᵀX/n`` and ``c`` the least-squares solution. ``XᵀX`` must be
        invertible (full column rank), otherwise ``ValueError``.
        """
        X = finite_array("X", X, ndim=(1, 2))
        y = finite_array("y", y, ndim=1)
        if X.shape[0] != y.shape[0]:
            raise ValueError(f"X and y must have the same number of rows, got {X.shape[0]} and {y.shape[0]}")
        n = X.shape[0]
        if n == 0:
            raise ValueError("X must have at least one row")
        if X.ndim == 1:
            a = float(X @ X) / n
            if a <= 0:
                raise ValueError("X must not be all zeros")
            w0 = float(X @ y) / float(X @ X)
            r = float(np.mean((y - w0 * X) ** 2))
            return cls(a, w0, r)
        H = X.T @ X / n
        q = X.T @ y / n
        try:
            c = np.linalg.solve(H, q)
            np.linalg.cholesky(H)
        except np.linalg.LinAlgError:
            raise ValueError("X must have full column rank (XᵀX/n is singular)") from None
        r = float(np.mean((y - X @ c) ** 2))
        return cls(H, c, r)

    # -- shape ----------------------------------------------------------------
    @property
    def dim(self) -> int:
        """Number of weights (1 for a scalar loss)."""
        return 1 if self.is_scalar else int(np.shape(self.H)[0])

    @property
    def is_scalar(self) -> bool:
        """True for the 1-D loss ``a (w − c)² + r`` with scalar ``H`` and ``c``."""
        return np.ndim(self.H) == 0

    @property
    def linear_term(self) -> np.ndarray | float:
        """``q = H c`` (equals ``Xᵀy/n`` for a data loss): ``L(w) = wᵀHw − 2qᵀw + const``."""
        return self.H * self.c if self.is_scalar else self.H @ self.c

    # -- evaluation -----------------------------------------------------------
    def value(self, w: object) -> np.ndarray | float:
        """``L(w)``, vectorised over leading axes of ``w`` (last axis has length d)."""
        w = np.asarray(w, dtype=float)
        if self.is_scalar:
            out = self.H * (w - self.c) ** 2 + self.r
        else:
            e = w - self.c
            out = np.einsum("...i,ij,...j->...", e, self.H, e) + self.r
        return float(out) if np.ndim(out) == 0 else out

    def grad(self, w: object) -> np.ndarray | float:
        """``∇L(w) = 2 H (w − c)``, vectorised like :meth:`value`."""
        w = np.asarray(w, dtype=float)
        if self.is_scalar:
            out = 2.0 * self.H * (w - self.c)
            return float(out) if np.ndim(out) == 0 else out
        return 2.0 * (w - self.c) @ self.H

    def level_ellipse(self, level: float, n_points: int = 256) -> np.ndarray:
        """Points on the contour ``L(w) = level`` of a 2-D loss, shape ``(n_points, 2)``.

        Exact parametrisation ``w = c + sqrt(level − r) · H^{-1/2} u(θ)``; empty
        when ``level <= r``.
        """
        if self.dim != 2 or self.is_scalar:
            raise ValueError("level_ellipse needs a 2-D loss")
        level = finite_scalar("level", level)
        if level <= self.r:
            return np.empty((0, 2))
        evals, evecs = np.linalg.eigh(np.asarray(self.H))
        theta = np.linspace(0.0, 2.0 * np.pi, n_points)
        u = np.stack([np.cos(theta), np.sin(theta)], axis=1)
        scale = np.sqrt(level - self.r) / np.sqrt(evals)
        return np.asarray(self.c) + (u * scale) @ evecs.T
