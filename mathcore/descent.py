"""Iterative descent on ``J(w) = L(w) + λ·P(w)``: what an optimizer actually does.

- ``"gd"``: gradient descent, ``w ← w − η(∇L + λ∇P)``; needs a differentiable
  penalty (``"l2"``).
- ``"subgradient"``: the same step with the subgradient ``sign(w)`` for
  ``|w|`` (``sign(0) = 0``). With L1 it overshoots and chatters around 0.
- ``"proximal"``: ``w ← prox_{ηλP}(w − η∇L)``; for L1 the prox is
  soft-thresholding, which lands on exactly ``0.0`` and stays there.
  For L2 the prox is ``z / (1 + 2ηλ)``; for elastic net both, in that order.
- ``"coordinate"``: cyclic coordinate descent. One row per *full sweep* over
  ``j = 0 … d−1``; each update is the exact 1-D minimizer of ``J`` in ``w_j``
  with the others held, the soft-threshold closed form
  ``w_j = S(q_j − Σ_{k≠j} H_jk w_k, λα/2) / (H_jj + λ(1 − α))`` (``q = Hc``),
  so a weight lands on exactly ``0.0`` the moment its threshold clips.
  ``step`` is not used.
"""

from __future__ import annotations

import numpy as np

from ._validate import choice, finite_array, finite_scalar, positive_int
from .penalized import PENALTIES, _check_loss
from .quadratic import Quadratic

METHODS = ("gd", "subgradient", "proximal", "coordinate")


def descent(loss: Quadratic, lam: float, penalty: str = "l1", method: str = "proximal",
            step: float = 0.1, n_steps: int = 50, start: object = 1.0,
            l1_ratio: float = 0.5) -> np.ndarray:
    """Iterates of a descent method, shape ``(n_steps + 1, d)`` (``(n_steps + 1,)`` in 1-D).

    Row 0 is ``start``; for ``"coordinate"`` row k is the point after k full sweeps.
    See the module docstring for the update rules.
    """
    loss = _check_loss(loss)
    lam = finite_scalar("lam", lam, minimum=0.0)
    choice("penalty", penalty, PENALTIES)
    choice("method", method, METHODS)
    if method == "gd" and penalty != "l2":
        raise ValueError("method='gd' needs a differentiable penalty ('l2'); use 'subgradient' or 'proximal'")
    eta = finite_scalar("step", step, minimum=0.0, strict=True)
    n_steps = positive_int("n_steps", n_steps, minimum=0)
    alpha = {"l1": 1.0, "l2": 0.0}.get(penalty, finite_scalar("l1_ratio", l1_ratio, minimum=0.0, maximum=1.0))
    w = finite_array("start", start, ndim=0 if loss.is_scalar else 1).copy()
    if not loss.is_scalar and w.shape != (loss.dim,):
        raise ValueError(f"start must have shape ({loss.dim},), got {w.shape}")
    out = np.empty((n_steps + 1,) + w.shape)
    out[0] = w
    if method == "coordinate":
        return _coordinate_sweeps(loss, lam, alpha, w, out)
    t1, t2 = eta * lam * alpha, eta * lam * (1.0 - alpha)
    for k in range(1, n_steps + 1):
        g = np.asarray(loss.grad(w))
        if method == "proximal":
            z = w - eta * g
            w = np.sign(z) * np.maximum(np.abs(z) - t1, 0.0) / (1.0 + 2.0 * t2) + 0.0
        else:
            w = w - eta * (g + lam * (alpha * np.sign(w) + 2.0 * (1.0 - alpha) * w))
        out[k] = w
    return out


def _coordinate_sweeps(loss: Quadratic, lam: float, alpha: float, w: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Fill ``out[1:]`` with the points after each full cyclic sweep (see the module docstring)."""
    H = np.atleast_2d(np.asarray(loss.H, dtype=float))
    q = H @ np.atleast_1d(np.asarray(loss.c, dtype=float))
    w = np.atleast_1d(w).copy()
    thresh, ridge = lam * alpha / 2.0, lam * (1.0 - alpha)
    for k in range(1, out.shape[0]):
        for j in range(w.shape[0]):
            z = q[j] - (H[j] @ w - H[j, j] * w[j])
            w[j] = np.sign(z) * max(abs(z) - thresh, 0.0) / (H[j, j] + ridge) + 0.0
        out[k] = w[0] if loss.is_scalar else w
    return out
