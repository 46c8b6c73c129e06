"""The penalties themselves: slopes (with the honest subdifferential at 0) and penalty-only steps.

``P = |w|`` has slope ``sign(w)`` away from 0 and the whole interval ``[−1, 1]`` at 0
(its subdifferential); ``P = w²`` has slope ``2w``. Seed 001's arithmetic holds the
data loss constant, so only the penalty moves the weights: a gradient step on
``λ·w²`` multiplies every weight by ``1 − 2ηλ`` (proportional bites, weight
decay), while the proximal step on ``λ·|w|`` subtracts the same ``ηλ`` from every
magnitude and stops at exactly 0 (equal bites).
"""

from __future__ import annotations

import numpy as np

from ._validate import choice, finite_array, finite_scalar, positive_int
from .penalized import PENALTIES


def penalty_subdifferential(w: object, penalty: str = "l1", l1_ratio: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Elementwise ``[low, high]`` of the subdifferential of ``P`` at ``w``.

    l1: ``(sign w, sign w)`` for ``w ≠ 0`` and ``(−1, 1)`` at 0; l2: ``(2w, 2w)``;
    elastic: ``α·(l1) + (1 − α)·(l2)``. Where ``low == high`` that is the derivative.
    """
    choice("penalty", penalty, PENALTIES)
    w = finite_array("w", w)
    alpha = {"l1": 1.0, "l2": 0.0}.get(penalty)
    if alpha is None:
        alpha = finite_scalar("l1_ratio", l1_ratio, minimum=0.0, maximum=1.0)
    s = np.sign(w)
    low = np.where(w == 0.0, -1.0, s)
    high = np.where(w == 0.0, 1.0, s)
    smooth = 2.0 * w
    return alpha * low + (1 - alpha) * smooth, alpha * high + (1 - alpha) * smooth


def penalty_gradient(w: object, penalty: str = "l1", l1_ratio: float = 0.5) -> np.ndarray:
    """The (sub)gradient an optimizer uses: the derivative, with ``sign(0) = 0`` for ``|w|``."""
    low, high = penalty_subdifferential(w, penalty, l1_ratio)
    return 0.5 * (low + high)


def penalty_steps(w: object, lam: float, step: float, n_steps: int, penalty: str = "l1") -> np.ndarray:
    """Iterate steps on ``λ·P`` alone (the data loss held constant), shape ``(n_steps + 1,) + w.shape``.

    l1: proximal steps ``w ← soft_threshold(w, ηλ)`` — every magnitude loses the same
    ``ηλ`` and stops at exactly 0. l2: gradient steps ``w ← (1 − 2ηλ)·w`` — every
    weight loses the same fraction and never reaches 0 (for ``2ηλ < 1``).
    """
    choice("penalty", penalty, ("l1", "l2"))
    w = finite_array("w", w).copy()
    lam = finite_scalar("lam", lam, minimum=0.0)
    eta = finite_scalar("step", step, minimum=0.0, strict=True)
    n_steps = positive_int("n_steps", n_steps, minimum=0)
    if penalty == "l2" and 2 * eta * lam >= 1:
        raise ValueError(f"step: 2·step·lam must be < 1 for weight decay, got {2 * eta * lam:g}")
    k = np.arange(n_steps + 1).reshape((-1,) + (1,) * w.ndim)
    if penalty == "l1":
        # Closed form of k proximal steps: subtracting ηλ k times in floating point would
        # leave residues like 1.4e-17 where the exact answer is 0 (e.g. 0.6 − 12 × 0.05).
        return np.sign(w) * np.maximum(np.abs(w) - k * (eta * lam), 0.0) + 0.0
    return (1.0 - 2.0 * eta * lam) ** k * w
