"""Exact K-fold cross-validation along λ: how the penalty's strength is chosen from data.

Each fold's model is fitted on the other folds' rows, with X and y centred by those *training*
rows' means (the intercept is refitted per fold, as scikit-learn's ``fit_intercept=True`` does),
and scored by its mean squared error on the held-out rows. Every fit is exact: one lasso homotopy
per fold read at every λ (L1), one eigendecomposition per fold (L2), and for the elastic net the
homotopy of ``H + λ(1 − α)I`` at ``λα`` for each λ. Nothing is iterated to a tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import choice, finite_array, finite_scalar, positive_int
from .homotopy import lasso_segments
from .paths import ridge_from_moments
from .penalized import PENALTIES


@dataclass(frozen=True)
class CVResult:
    """``errors[k, j]`` is fold k's held-out MSE at ``lams[j]`` (``lams`` decreasing).

    ``mean`` and ``se`` (standard deviation across folds with ddof 1, divided by √folds) are per λ;
    ``lam_min`` is the largest λ with the smallest mean error; ``lam_1se`` is the largest λ whose
    mean error is within one standard error of that minimum (glmnet's one-standard-error rule).
    """

    lams: np.ndarray
    fold_of: np.ndarray
    errors: np.ndarray
    mean: np.ndarray
    se: np.ndarray
    lam_min: float
    lam_1se: float
    penalty: str
    l1_ratio: float

    @property
    def folds(self) -> int:
        return int(self.errors.shape[0])

    @property
    def index_min(self) -> int:
        return int(np.flatnonzero(self.lams == self.lam_min)[0])

    @property
    def index_1se(self) -> int:
        return int(np.flatnonzero(self.lams == self.lam_1se)[0])


def fold_assignment(n: int, folds: int, seed: int = 0) -> np.ndarray:
    """``(n,)`` fold numbers in ``0..folds-1``: a seeded shuffle dealt round-robin, so fold sizes
    differ by at most one."""
    order = np.random.default_rng(seed).permutation(n)
    fold_of = np.empty(n, dtype=np.int64)
    fold_of[order] = np.arange(n) % folds
    return fold_of


def centred_moments(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """``(x_mean, y_mean, H, q)`` with ``H = XcᵀXc/n`` and ``q = Xcᵀyc/n`` for X and y centred by their
    own means: the one place the lasso's (H, q) come from, so every caller that reads breakpoints
    walks the very homotopy the fits were read from (on an ill-conditioned design a different
    rounding of H moves a breakpoint by far more than 1e-9)."""
    x_mean, y_mean = X.mean(axis=0), float(y.mean())
    Xc, yc = X - x_mean, y - y_mean
    n = Xc.shape[0]
    return x_mean, y_mean, Xc.T @ Xc / n, Xc.T @ yc / n


def training_rows_needed(d: int, penalty: str = "l1", l1_ratio: float = 0.5) -> int:
    """The fewest training rows a fold's fit needs: 2 for every penalty (a fit centred on one row has
    all-zero features, so it predicts that row's y whatever λ), and ``d + 1`` for the lasso (the
    intercept and d weights: with fewer rows the centred features are linearly dependent, and below
    some λ the lasso's answer is not unique). Ridge's and the elastic net's answers are unique for
    every λ > 0 (the elastic net with ``l1_ratio`` 1 is the lasso)."""
    return max(2, d + 1) if _is_lasso(penalty, l1_ratio) else 2


def _is_lasso(penalty: str, l1_ratio: float) -> bool:
    return penalty == "l1" or (penalty == "elastic" and l1_ratio == 1.0)


def check_folds(n: int, d: int, folds: int, penalty: str = "l1", l1_ratio: float = 0.5) -> None:
    """``ValueError`` naming ``folds`` and the row count unless there are at most n folds and every
    training set (the rows outside one fold; the smallest has ``n − ⌈n / folds⌉``) has
    :func:`training_rows_needed` rows; it names the fewest folds that would do (more folds leave more
    rows to fit on: leave-one-out leaves n − 1)."""
    if folds > n:
        raise ValueError(f"folds: at most the number of rows ({n}), got {folds}")
    need = training_rows_needed(d, penalty, l1_ratio)
    fewest = n - -(-n // folds)
    if fewest >= need:
        return
    if fewest < 2:
        why = "fitted on one row, every centred feature is 0 and the fit is flat whatever λ"
    else:
        why = f"with fewer, the lasso's intercept and {d} weights are not determined and below some λ its answer " \
              "is not unique"
    fix = f"use at least {-(-n // (n - need))} folds or more rows" if n > need else f"use at least {need + 1} rows"
    raise ValueError(f"folds: {folds} folds of {n} rows leave {fewest} row{'s' if fewest != 1 else ''} to fit on "
                     f"in the smallest training set; it needs at least {need} ({why}); {fix}")


def fit_path(X: np.ndarray, y: np.ndarray, lams: np.ndarray, penalty: str = "l1",
             l1_ratio: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Exact fits with an intercept at each λ: ``(coefs (k, d), intercepts (k,))``.

    ``X`` and ``y`` are centred by their own means; the penalty does not touch the intercept.
    ``J(w) = (1/n)‖yc − Xc·w‖² + λ·P(w)``.
    """
    x_mean, y_mean, H, q = centred_moments(X, y)  # the one pass over the rows: every penalty reads H, q
    d = H.shape[0]
    coefs = np.zeros((lams.size, d))
    if penalty == "l2":
        coefs = ridge_from_moments(H, q, lams)
    elif penalty == "l1":
        coefs = _lasso_at(H, q, lams)
    else:
        for j, lam in enumerate(lams):
            coefs[j] = _lasso_at(H + lam * (1.0 - l1_ratio) * np.eye(d), q, np.array([lam * l1_ratio]))[0]
    return coefs, y_mean - coefs @ x_mean


def _lasso_at(H: np.ndarray, q: np.ndarray, lams: np.ndarray) -> np.ndarray:
    """The exact lasso solution of ``wᵀHw − 2qᵀw + λ‖w‖₁`` at each λ, from one homotopy."""
    d = q.shape[0]
    lam_max, segments = lasso_segments(H, q, lam_stop=float(lams.min()))
    out = np.zeros((lams.size, d))
    for j, lam in enumerate(lams):
        if lam >= lam_max or not segments:
            continue  # all exactly 0.0
        seg = next((s for s in segments if s.lam_low <= lam), None)
        if seg is None:
            raise ValueError(f"lams: below λ = {segments[-1].lam_low:.6g} the lasso solution is not unique here "
                             "(the training rows' features are collinear); use larger λ")
        out[j] = seg.weights(lam, d)
    return out


def cross_validate(X: object, y: object, lams: object, penalty: str = "l1", folds: int = 10, seed: int = 0,
                   l1_ratio: float = 0.5) -> CVResult:
    """K-fold cross-validation of ``MSE + λ·P`` along ``lams``, every fit exact (see the module).

    Raises ``ValueError`` naming the argument: ``folds`` < 2 or > n, or leaving a training set too
    few rows to fit on (:func:`check_folds`: 2, and d + 1 for the lasso), a negative or non-finite λ,
    mismatched shapes, NaN or infinity in the data, an unknown penalty, ``l1_ratio`` outside
    (0, 1] for the elastic net.
    """
    X = finite_array("X", X, ndim=2)
    y = finite_array("y", y, ndim=1)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of rows, got {X.shape[0]} and {y.shape[0]}")
    n = X.shape[0]
    lam_arr = finite_array("lams", lams, ndim=(0, 1))
    lam_arr = np.atleast_1d(lam_arr)
    if lam_arr.size == 0:
        raise ValueError("lams must hold at least one λ")
    if np.any(lam_arr < 0):
        raise ValueError(f"lams must be >= 0, got {lam_arr.min():g}")
    choice("penalty", penalty, PENALTIES)
    folds = positive_int("folds", folds, minimum=2)
    seed = positive_int("seed", seed, minimum=0)
    alpha = {"l1": 1.0, "l2": 0.0}.get(penalty)
    if alpha is None:
        alpha = finite_scalar("l1_ratio", l1_ratio, minimum=0.0, strict=True, maximum=1.0)
    check_folds(n, X.shape[1], folds, penalty, alpha)
    lam_sorted = np.unique(lam_arr)[::-1].copy()  # decreasing, each λ once
    fold_of = fold_assignment(n, folds, seed)
    errors = np.empty((folds, lam_sorted.size))
    for k in range(folds):
        train, test = fold_of != k, fold_of == k
        coefs, intercepts = fit_path(X[train], y[train], lam_sorted, penalty, alpha)
        resid = y[test][None, :] - intercepts[:, None] - coefs @ X[test].T
        errors[k] = np.mean(resid**2, axis=1)
    mean = errors.mean(axis=0)
    se = errors.std(axis=0, ddof=1) / np.sqrt(folds)
    i_min = int(np.argmin(mean))  # the first of equal minima: the largest λ
    within = np.flatnonzero(mean <= mean[i_min] + se[i_min])
    lam_1se = float(lam_sorted[within[0]])
    for arr in (lam_sorted, fold_of, errors, mean, se):
        arr.setflags(write=False)
    return CVResult(lam_sorted, fold_of, errors, mean, se, float(lam_sorted[i_min]), lam_1se, penalty,
                    float(alpha))
