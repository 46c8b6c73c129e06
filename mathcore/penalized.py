"""Exact minimizers of the penalized objective ``J(w) = MSE(w) + λ·P(w)``.

Penalties (``α`` = ``l1_ratio``):

- ``"l1"``: ``P = ‖w‖₁`` (lasso),
- ``"l2"``: ``P = ‖w‖₂²`` (ridge),
- ``"elastic"``: ``P = α‖w‖₁ + (1 − α)‖w‖₂²``.

scikit-learn mapping (``n`` samples): ``Lasso(alpha)`` is ``λ = 2·alpha``;
``Ridge(alpha)`` is ``λ = alpha / n``; ``ElasticNet(alpha, l1_ratio=ρ)`` is
``λ = alpha·(1 + ρ)`` with ``α = 2ρ / (1 + ρ)``.
"""

from __future__ import annotations

import numpy as np

from ._validate import choice, finite_array, finite_scalar
from .homotopy import lasso_segments
from .quadratic import Quadratic

PENALTIES = ("l1", "l2", "elastic")  # every penalty mathcore knows, in the order scenes show them
L1_L2 = PENALTIES[:2]  # the pair most scenes compare: lasso and ridge


def soft_threshold(z: object, t: object) -> np.ndarray | float:
    """Elementwise ``sign(z)·max(|z| − t, 0)``: the proximal map of ``t‖·‖₁``.

    Entries with ``|z| <= t`` become exactly ``0.0``.
    """
    z_arr = finite_array("z", z)
    t_arr = finite_array("t", t)
    if np.any(t_arr < 0):
        raise ValueError("t must be >= 0")
    out = np.sign(z_arr) * np.maximum(np.abs(z_arr) - t_arr, 0.0)
    out = out + 0.0  # turn -0.0 into 0.0
    return float(out) if out.ndim == 0 else out


def _check_loss(loss: object) -> Quadratic:
    if not isinstance(loss, Quadratic):
        raise ValueError(f"loss must be a mathcore.Quadratic, got {type(loss).__name__}")
    return loss


def penalty_value(w: object, penalty: str = "l1", l1_ratio: float = 0.5) -> np.ndarray | float:
    """``P(w)`` vectorised over leading axes (the last axis holds the weights; scalars are 1-D)."""
    choice("penalty", penalty, PENALTIES)
    w = np.asarray(w, dtype=float)
    l1 = np.abs(w) if w.ndim == 0 else np.abs(w).sum(axis=-1)
    l2 = w**2 if w.ndim == 0 else (w**2).sum(axis=-1)
    out = {"l1": l1, "l2": l2, "elastic": l1_ratio * l1 + (1 - l1_ratio) * l2}[penalty]
    return float(out) if np.ndim(out) == 0 else out


def _l1_solution(H: np.ndarray, q: np.ndarray, lam: float) -> np.ndarray:
    """Exact argmin of ``wᵀHw − 2qᵀw + λ‖w‖₁`` via the homotopy's segment at ``lam``."""
    d = q.shape[0]
    lam_max, segments = lasso_segments(H, q, lam_stop=lam)
    if lam >= lam_max or not segments:
        return np.zeros(d)
    seg = segments[-1]
    if lam < seg.lam_low:  # path stopped early: singular active block
        raise ValueError("the L1 minimizer is not unique at this lam (singular Hessian block)")
    return seg.weights(lam, d)


def penalized_minimizer(loss: Quadratic, lam: float, penalty: str = "l1",
                        l1_ratio: float = 0.5) -> np.ndarray | float:
    """Exact ``argmin_w  L(w) + λ·P(w)``.

    1-D (``L = a(w − w0)² + r``): ``l1`` gives ``soft_threshold(w0, λ/(2a))``,
    ``l2`` gives ``a·w0/(a + λ)``, ``elastic`` gives
    ``soft_threshold(a·w0, λα/2) / (a + λ(1 − α))``.
    n-D: ``l2`` solves ``(H + λI) w = Hc``; ``l1`` follows the exact lasso
    homotopy to ``λ`` (closed form on the final active set, exact zeros
    elsewhere); ``elastic`` is ``l1`` with ``H + λ(1 − α)I`` and weight ``λα``.

    Returns a float in 1-D, else an array of shape ``(d,)``.
    """
    loss = _check_loss(loss)
    lam = finite_scalar("lam", lam, minimum=0.0)
    choice("penalty", penalty, PENALTIES)
    alpha = finite_scalar("l1_ratio", l1_ratio, minimum=0.0, maximum=1.0)
    if penalty == "l1":
        alpha = 1.0
    elif penalty == "l2":
        alpha = 0.0
    a, c = loss.H, loss.c
    if loss.is_scalar:
        if alpha == 0.0:
            return a * c / (a + lam)
        return float(soft_threshold(a * c, lam * alpha / 2.0)) / (a + lam * (1.0 - alpha))
    H = np.asarray(a)
    q = H @ np.asarray(c)
    H_eff = H + lam * (1.0 - alpha) * np.eye(H.shape[0])
    if alpha == 0.0:
        return np.linalg.solve(H_eff, q)
    return _l1_solution(H_eff, q, lam * alpha)


def zero_threshold(loss: Quadratic) -> float:
    """Smallest λ at which the L1 minimizer is entirely zero: ``2‖Hc‖∞`` (``2a|w0|`` in 1-D)."""
    loss = _check_loss(loss)
    return float(np.max(np.abs(2.0 * np.asarray(loss.linear_term))))


def objective(loss: Quadratic, w: object, lam: float, penalty: str = "l1",
              l1_ratio: float = 0.5) -> np.ndarray | float:
    """``J(w) = L(w) + λ·P(w)``, vectorised like :meth:`Quadratic.value`.

    For a 1-D loss every entry of ``w`` is one evaluation point; otherwise the
    last axis holds the weights.
    """
    loss = _check_loss(loss)
    w = np.asarray(w, dtype=float)
    if loss.is_scalar:
        pen = {"l1": np.abs(w), "l2": w**2,
               "elastic": l1_ratio * np.abs(w) + (1 - l1_ratio) * w**2}[choice("penalty", penalty, PENALTIES)]
    else:
        pen = np.asarray(penalty_value(w, penalty, l1_ratio))
    out = np.asarray(loss.value(w)) + lam * pen
    return float(out) if out.ndim == 0 else out
