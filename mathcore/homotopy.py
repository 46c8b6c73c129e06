"""The exact lasso homotopy (LARS with the lasso modification) on ``(H, q)``.

The objective is ``wᵀHw − 2qᵀw + λ‖w‖₁`` (the MSE up to a constant plus the L1
penalty). Its KKT conditions are ``2(q − Hw)_j = λ·sign(w_j)`` on the active set
and ``|2(q − Hw)_j| <= λ`` elsewhere. Between breakpoints the active set ``A``
and its signs ``s`` are fixed and the solution is linear in λ:

    w_A(λ) = H_AA⁻¹ q_A − (λ/2) H_AA⁻¹ s_A,   w_j = 0 (exactly) for j ∉ A.

Breakpoints are where an inactive correlation reaches ±λ (a weight joins) or an
active weight reaches 0 (it leaves). Everything is closed form: the inactive
weights are the literal ``0.0`` and nothing is iterated to a tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Segment:
    """One linear piece of the path: ``w_A(λ) = u + v·λ`` for ``lam_low <= λ <= lam_high``."""

    lam_high: float
    lam_low: float
    active: np.ndarray  # indices into w
    signs: np.ndarray  # ±1 for each active index
    u: np.ndarray
    v: np.ndarray

    def weights(self, lam: float, d: int) -> np.ndarray:
        """The full weight vector at ``lam`` (inactive entries are exactly 0.0)."""
        w = np.zeros(d)
        w[self.active] = self.u + self.v * lam
        return w


def _segment_solution(H: np.ndarray, q: np.ndarray, active: list[int], signs: list[float]):
    A = np.array(active, dtype=int)
    s = np.array(signs, dtype=float)
    HAA = H[np.ix_(A, A)]
    u = np.linalg.solve(HAA, q[A])
    v = -0.5 * np.linalg.solve(HAA, s)
    return A, s, u, v


def lasso_segments(H: np.ndarray, q: np.ndarray, lam_stop: float = 0.0) -> tuple[float, list[Segment]]:
    """Walk the lasso path from ``λ_max = 2‖q‖∞`` down to ``lam_stop``.

    Returns ``λ_max`` and the list of linear segments covering
    ``[max(lam_stop, end), λ_max]``; the path stops early only where the
    active Hessian block becomes singular (then least squares is not unique).
    """
    d = q.shape[0]
    corr0 = 2.0 * q
    lam_max = float(np.max(np.abs(corr0))) if d else 0.0
    segments: list[Segment] = []
    if lam_max == 0.0:
        return 0.0, segments
    tol = 1e-12 * lam_max
    j0 = int(np.argmax(np.abs(corr0)))
    active = [j0]
    signs = [float(np.sign(corr0[j0]))]
    lam = lam_max
    while lam > lam_stop:
        try:
            A, s, u, v = _segment_solution(H, q, active, signs)
        except np.linalg.LinAlgError:
            break
        if np.linalg.cond(H[np.ix_(A, A)]) > 1e12:
            break
        inactive = np.setdiff1d(np.arange(d), A)
        best = -np.inf
        event: tuple[str, int, float] | None = None
        if inactive.size:
            HIA = H[np.ix_(inactive, A)]
            alpha = 2.0 * (q[inactive] - HIA @ u)
            beta = -2.0 * (HIA @ v)
            for sign in (1.0, -1.0):
                denom = sign - beta
                with np.errstate(divide="ignore", invalid="ignore"):
                    cand = np.where(np.abs(denom) > 1e-15, alpha / denom, -np.inf)
                ok = (cand < lam - tol) & (cand > best)
                if np.any(ok):
                    k = int(np.argmax(np.where(ok, cand, -np.inf)))
                    best = float(cand[k])
                    event = ("join", int(inactive[k]), sign)
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = np.where(v != 0.0, -u / v, -np.inf)
        ok = (cross < lam - tol) & (cross > best)
        if np.any(ok):
            k = int(np.argmax(np.where(ok, cross, -np.inf)))
            best = float(cross[k])
            event = ("leave", int(A[k]), 0.0)
        low = max(best, lam_stop, 0.0)
        segments.append(Segment(lam, low, A, s, u, v))
        if event is None or best <= lam_stop or best <= 0.0:
            break
        kind, j, sign = event
        if kind == "join":
            active.append(j)
            signs.append(sign)
        else:
            i = active.index(j)
            del active[i]
            del signs[i]
        lam = best
    return lam_max, segments
