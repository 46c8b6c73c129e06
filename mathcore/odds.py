"""How often does the constrained solution have an exact zero? Monte Carlo, exact per trial.

Random 2-D losses ``(w − c)ᵀH(w − c)`` are drawn as follows (``budget`` = C):

- centre ``c`` uniform in the square ``[−4C, 4C]²``, redrawn while ``‖c‖₂ <= C``
  (so the least-squares point is outside both the disc and the diamond, and
  both constraints are active: the comparison is always between two real
  contact points);
- ``H = R(θ) diag(1, κ) R(θ)ᵀ`` with the condition number ``κ`` log-uniform in
  ``[1, 10]`` and, by ``shape``:
  ``"general"``: θ uniform in ``[0, π)`` (tilted, correlated ellipses);
  ``"orthogonal"``: θ = 0 (axis-aligned ellipses, uncorrelated features);
  ``"symmetric"``: κ = 1 (circular bowls).

These mirror the three families in Terence Parr's explainer (explained.ai),
whose exact parameters are not published; the overall scale of ``H`` does not
change the constrained solution, so only shape, tilt and centre are drawn.
Each trial is solved exactly (:func:`diamond_minimizer_2d`,
:func:`disc_minimizer_batch`), and a zero means ``== 0.0``.
"""

from __future__ import annotations

import numpy as np

from ._validate import choice, finite_scalar, positive_int
from .constrained import diamond_minimizer_2d, disc_minimizer_batch

SHAPES = ("general", "symmetric", "orthogonal")
CENTRE_BOX = 4.0  # centres are drawn in [−4C, 4C]²
MAX_CONDITION = 10.0
_CHUNK = 250_000


def wilson_interval(successes: int, trials: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion (95% by default)."""
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    den = 1.0 + z * z / trials
    mid = (p + z * z / (2 * trials)) / den
    half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / den
    low = 0.0 if successes == 0 else max(0.0, mid - half)  # exact ends: no float dust at 0 or 1
    high = 1.0 if successes == trials else min(1.0, mid + half)
    return float(low), float(high)


def random_losses(n: int, shape: str, budget: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` random 2-D losses as described in the module docstring: ``(H, c)``."""
    c = np.empty((0, 2))
    while c.shape[0] < n:
        cand = rng.uniform(-CENTRE_BOX * budget, CENTRE_BOX * budget, size=(2 * (n - c.shape[0]) + 8, 2))
        cand = cand[np.hypot(cand[:, 0], cand[:, 1]) > budget]
        c = np.concatenate([c, cand])[:n]
    kappa = np.exp(rng.uniform(0.0, np.log(MAX_CONDITION), size=n))
    theta = rng.uniform(0.0, np.pi, size=n)
    if shape == "symmetric":
        kappa[:] = 1.0
    if shape != "general":
        theta[:] = 0.0
    cos, sin = np.cos(theta), np.sin(theta)
    R = np.stack([np.stack([cos, -sin], -1), np.stack([sin, cos], -1)], -2)
    H = np.einsum("nij,nj,nkj->nik", R, np.stack([np.ones(n), kappa], -1), R)
    return H, c


def zero_indicators(trials: int, shape: str = "general", budget: float = 1.0, seed: int = 0) -> dict[str, np.ndarray]:
    """Per trial, whether the exact L1 / L2 solution has an exact zero (``== 0.0``).

    Returns ``{"l1": bool array, "l2": bool array}`` of length ``trials``, in
    draw order; the losses are those :func:`zero_odds` tallies for the same seed.
    """
    trials = positive_int("trials", trials)
    choice("shape", shape, SHAPES)
    budget = finite_scalar("budget", budget, minimum=0.0, strict=True)
    positive_int("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    out = {"l1": np.empty(trials, dtype=bool), "l2": np.empty(trials, dtype=bool)}
    done = 0
    while done < trials:
        n = min(_CHUNK, trials - done)
        H, c = random_losses(n, shape, budget, rng)
        out["l1"][done:done + n] = np.any(diamond_minimizer_2d(H, c, budget) == 0.0, axis=1)
        out["l2"][done:done + n] = np.any(disc_minimizer_batch(H, c, budget) == 0.0, axis=1)
        done += n
    return out


def running_fraction(hits: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The fraction of ``hits`` among the first ``n`` trials, for each ``n`` in ``counts``.

    Returns ``(fraction, low, high)`` arrays with the 95% Wilson interval at each count.
    """
    hits = np.asarray(hits, dtype=bool)
    counts = np.asarray(counts, dtype=np.int64)
    if counts.size and (counts.min() < 1 or counts.max() > hits.size):
        raise ValueError(f"counts: must lie in [1, {hits.size}]")
    cumulative = np.concatenate([[0], np.cumsum(hits)])[counts]
    bounds = np.array([wilson_interval(int(k), int(n)) for k, n in zip(cumulative, counts, strict=True)]).reshape(-1, 2)
    return cumulative / counts, bounds[:, 0], bounds[:, 1]


def zero_tally(hits: dict[str, np.ndarray]) -> dict[str, tuple[float, float, float]]:
    """``{norm: (fraction, low, high)}`` of per-trial hits, with the 95% Wilson interval."""
    out = {}
    for norm, h in hits.items():
        k, n = int(np.sum(h)), len(h)
        out[norm] = (k / n, *wilson_interval(k, n))
    return out


def zero_odds(trials: int, shape: str = "general", budget: float = 1.0, seed: int = 0) -> dict[str, tuple[float, float, float]]:
    """Fraction of random losses whose constrained solution has an exact zero.

    Returns ``{"l1": (fraction, low, high), "l2": (fraction, low, high)}`` with
    the 95% Wilson interval. Same ``seed``, same answer.
    """
    return zero_tally(zero_indicators(trials, shape, budget, seed))
