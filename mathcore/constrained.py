"""Exact solutions of the constrained form: minimize ``L(w)`` s.t. ``‖w‖ <= C``.

- ``norm="l1"`` (the diamond): the lasso path ``w(λ)`` is piecewise linear and
  ``‖w(λ)‖₁`` is linear on each piece, so the λ with ``‖w(λ)‖₁ = C`` is found in
  closed form on the right piece, and the solution there has exact zeros.
- ``norm="l2"`` (the disc): ``w(μ) = (H + μI)⁻¹Hc`` with ``‖w(μ)‖₂ = C``;
  ``1/‖w(μ)‖`` is concave in μ, so Newton's method from μ = 0 converges
  monotonically (Moré–Sorensen) to full floating-point precision.

- ``norm="elastic"`` (Zou & Hastie's ball ``α‖w‖₁ + (1 − α)‖w‖₂² <= C``): the
  penalized elastic-net solution ``w(λ)`` has exact zeros (the homotopy on
  ``H + λ(1 − α)I``) and its penalty ``P(w(λ))`` falls monotonically from
  ``P(c)`` at λ = 0 to 0 at ``λ_max = 2‖Hc‖∞/α``; the λ with ``P(w(λ)) = C`` is
  the root of that monotone function, found by Brent's method to the last bit
  of λ. The ball's corners sit on the axes, so a contact there is an exact 0.

In every case the returned ``lam`` is the penalized λ (``P = ‖w‖₁`` for l1,
``P = ‖w‖₂²`` for l2, ``P = α‖w‖₁ + (1 − α)‖w‖₂²`` for elastic) whose minimizer
is the same point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from ._validate import choice, finite_scalar
from .homotopy import lasso_segments
from .penalized import PENALTIES, _check_loss, penalized_minimizer, penalty_value
from .quadratic import Quadratic

NORMS = PENALTIES  # the diamond (l1), the disc (l2) and the elastic-net ball


@dataclass(frozen=True)
class ConstrainedSolution:
    """The constrained minimizer: ``point``, the loss ``level`` there, the matching ``lam``."""

    point: np.ndarray
    level: float
    lam: float
    norm: str
    budget: float
    l1_ratio: float = 1.0

    @property
    def on_boundary(self) -> bool:
        """True when the constraint is active (the least-squares point lies outside)."""
        return self.lam > 0.0

    @property
    def zero_mask(self) -> np.ndarray:
        """Which weights are exactly ``0.0``."""
        return self.point == 0.0


def _as_matrix(loss: Quadratic) -> tuple[np.ndarray, np.ndarray]:
    if loss.is_scalar:
        return np.array([[loss.H]]), np.array([loss.c])
    return np.asarray(loss.H), np.asarray(loss.c)


def disc_multiplier(evals: np.ndarray, b: np.ndarray, budget: np.ndarray | float,
                    iterations: int = 60) -> np.ndarray:
    """Solve ``Σ b_i² / (Λ_i + μ)² = C²`` for μ >= 0, vectorised over leading axes.

    ``evals`` and ``b`` have shape ``(..., d)`` (eigenvalues of H and the
    eigen-coordinates of ``Hc``); assumes ``‖c‖ > C``. Newton on
    ``φ(μ) = 1/‖w(μ)‖ − 1/C`` (concave, increasing) started at 0 never
    overshoots; iteration stops when μ no longer changes.
    """
    shape = np.shape(evals)[:-1]
    evals2 = np.asarray(evals, dtype=float).reshape(-1, np.shape(evals)[-1])
    b2 = np.asarray(b, dtype=float).reshape(evals2.shape) ** 2
    inv_c = np.broadcast_to(1.0 / np.asarray(budget, dtype=float), shape).reshape(-1)
    mu = np.zeros(evals2.shape[0])
    todo = np.arange(evals2.shape[0])
    for _ in range(iterations):
        den = evals2[todo] + mu[todo, None]
        norm2 = np.sum(b2[todo] / den**2, axis=1)
        norm = np.sqrt(norm2)
        phi = 1.0 / norm - inv_c[todo]
        dphi = np.sum(b2[todo] / den**3, axis=1) / (norm2 * norm)
        new = np.maximum(mu[todo] - phi / dphi, 0.0)
        moved = new > mu[todo]  # monotone from the left: no increase means converged
        mu[todo] = np.where(moved, new, mu[todo])
        todo = todo[moved]
        if todo.size == 0:
            break
    return mu.reshape(shape)


def _solve_l2(H: np.ndarray, c: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    evals, Q = np.linalg.eigh(H)
    b = evals * (Q.T @ c)
    mu = float(disc_multiplier(evals, b, C))
    w = Q @ (b / (evals + mu))
    return w, mu


def _solve_l1(H: np.ndarray, c: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    d = c.shape[0]
    q = H @ c
    _, segments = lasso_segments(H, q, lam_stop=0.0)
    for seg in segments:
        # On this piece ‖w(λ)‖₁ = sᵀ(u + vλ), increasing as λ decreases.
        s_u, s_v = float(seg.signs @ seg.u), float(seg.signs @ seg.v)
        low_norm = s_u + s_v * seg.lam_low
        if low_norm >= C:
            lam = (C - s_u) / s_v
            lam = min(max(lam, seg.lam_low), seg.lam_high)
            return seg.weights(lam, d), lam
    raise ValueError("budget is not reachable on the lasso path (singular H)")


def _solve_elastic(loss: Quadratic, C: float, alpha: float) -> tuple[np.ndarray, float]:
    H, c = _as_matrix(loss)
    lam_max = 2.0 * float(np.max(np.abs(H @ c))) / alpha  # w(λ) = 0 from here on

    def excess(lam: float) -> float:
        return float(penalty_value(penalized_minimizer(loss, lam, "elastic", alpha), "elastic", alpha)) - C

    lam = brentq(excess, 0.0, lam_max, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    return np.atleast_1d(penalized_minimizer(loss, lam, "elastic", alpha)).astype(float), float(lam)


def constrained_minimizer(loss: Quadratic, budget: float, norm: str = "l1",
                          l1_ratio: float = 0.5) -> ConstrainedSolution:
    """Exact ``argmin L(w)`` over the diamond ``‖w‖₁ <= budget`` (``"l1"``), the disc
    ``‖w‖₂ <= budget`` (``"l2"``) or the elastic-net ball ``α‖w‖₁ + (1 − α)‖w‖₂² <= budget``
    (``"elastic"``, ``α = l1_ratio`` in (0, 1]; 1 is the diamond).

    Returns a :class:`ConstrainedSolution`. When the least-squares point ``c``
    is inside the set the answer is ``c`` with ``lam = 0``.
    """
    loss = _check_loss(loss)
    C = finite_scalar("budget", budget, minimum=0.0, strict=True)
    choice("norm", norm, NORMS)
    alpha = 1.0 if norm == "l1" else 0.0
    if norm == "elastic":
        alpha = finite_scalar("l1_ratio", l1_ratio, minimum=0.0, strict=True, maximum=1.0)
        if alpha == 1.0:
            norm = "l1"
    H, c = _as_matrix(loss)
    size = {"l1": np.abs(c).sum(), "l2": np.sqrt(c @ c),
            "elastic": float(penalty_value(c, "elastic", alpha))}[norm]
    if size <= C:
        point, lam = c.copy(), 0.0
    elif norm == "l1":
        point, lam = _solve_l1(H, c, C)
    elif norm == "l2":
        point, lam = _solve_l2(H, c, C)
    else:
        point, lam = _solve_elastic(loss, C, alpha)
    level = float(loss.value(point[0] if loss.is_scalar else point))
    return ConstrainedSolution(point=point, level=level, lam=float(lam), norm=norm, budget=C, l1_ratio=alpha)


def diamond_minimizer_2d(H: np.ndarray, c: np.ndarray, budget: float) -> np.ndarray:
    """Exact diamond solutions for many 2-D losses at once (``c`` outside the diamond).

    ``H`` has shape ``(N, 2, 2)``, ``c`` shape ``(N, 2)``. The minimum lies on
    the boundary; on each of the four edges ``w(t) = P + t(Q − P)`` the convex
    quadratic is minimised in closed form and ``t`` clipped to ``[0, 1]``; an
    endpoint is the corner itself, so a corner solution has an exact ``0.0``.
    """
    C = float(budget)
    corners = np.array([[C, 0.0], [0.0, C], [-C, 0.0], [0.0, -C]])
    best_w = np.empty_like(c)
    best_val = np.full(c.shape[0], np.inf)
    for k in range(4):
        P, Qc = corners[k], corners[(k + 1) % 4]
        D = Qc - P
        e = P - c  # (N, 2)
        HD = H @ D  # (N, 2)
        t = np.clip(-np.einsum("ni,ni->n", e, HD) / (HD @ D), 0.0, 1.0)
        w = P + t[:, None] * D
        w[t == 0.0] = P
        w[t == 1.0] = Qc
        r = w - c
        val = np.einsum("ni,nij,nj->n", r, H, r)
        better = val < best_val
        best_w[better] = w[better]
        best_val[better] = val[better]
    return best_w


def disc_minimizer_batch(H: np.ndarray, c: np.ndarray, budget: float) -> np.ndarray:
    """Exact disc solutions for many losses at once (``c`` outside the disc), shape ``(N, d)``."""
    evals, Q = np.linalg.eigh(H)
    b = evals * np.einsum("nji,nj->ni", Q, c)
    mu = disc_multiplier(evals, b, budget)
    return np.einsum("nij,nj->ni", Q, b / (evals + mu[:, None]))
