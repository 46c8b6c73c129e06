"""Iterative descent on ``J(w) = L(w) + λ·P(w)``: what an optimizer actually does.

- ``"gd"``: gradient descent, ``w ← w − η(∇L + λ∇P)``; needs a differentiable
  penalty (``"l2"``).
- ``"subgradient"``: the same step with the subgradient ``sign(w)`` for
  ``|w|`` (``sign(0) = 0``). With L1 it overshoots and chatters around 0.
- ``"proximal"``: ``w ← prox_{ηλP}(w − η∇L)``; for L1 the prox is
  soft-thresholding, which lands on exactly ``0.0`` and stays there.
  For L2 the prox is ``z / (1 + 2ηλ)``; for elastic net both, in that order.
"""

from __future__ import annotations

import numpy as np

from ._validate import choice, finite_array, finite_scalar, positive_int
from .penalized import PENALTIES, _check_loss
from .quadratic import Quadratic

METHODS = ("gd", "subgradient", "proximal")


def descent(loss: Quadratic, lam: float, penalty: str = "l1", method: str = "proximal",
            step: float = 0.1, n_steps: int = 50, start: object = 1.0,
            l1_ratio: float = 0.5) -> np.ndarray:
    """Iterates of a descent method, shape ``(n_steps + 1, d)`` (``(n_steps + 1,)`` in 1-D).

    Row 0 is ``start``. See the module docstring for the update rules.
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
