"""mathcore: the exact math behind every l1l2-explainer scene (no manim here).

Conventions: ``MSE(w) = (1/n)‖y − Xw‖² = (w − c)ᵀH(w − c) + r`` and
``J(w) = MSE(w) + λ·P(w)`` with ``P = ‖w‖₁`` (L1), ``‖w‖₂²`` (L2) or
``α‖w‖₁ + (1 − α)‖w‖₂²`` (elastic net). ``Lasso(alpha)`` in scikit-learn is
``λ = 2·alpha``; ``Ridge(alpha)`` is ``λ = alpha / n``.
"""

from .constrained import ConstrainedSolution, constrained_minimizer
from .correlated import Bootstrap, TiedSolutions, bootstrap_solutions, correlated_design, identical_features
from .cv import CVResult, cross_validate
from .datasets import DATASETS, Dataset, Standardized, load_csv, load_dataset, standardize
from .descent import descent
from .odds import zero_odds
from .paths import LassoPath, lasso_path, ridge_path, ridge_zeros
from .penalized import (
    L1_L2,
    PENALTIES,
    objective,
    penalized_minimizer,
    penalty_value,
    soft_threshold,
    zero_threshold,
)
from .penalty import penalty_gradient, penalty_steps, penalty_subdifferential
from .quadratic import Quadratic

__all__ = [
    "L1_L2",
    "PENALTIES",
    "Bootstrap",
    "CVResult",
    "ConstrainedSolution",
    "DATASETS",
    "Dataset",
    "LassoPath",
    "Quadratic",
    "Standardized",
    "TiedSolutions",
    "bootstrap_solutions",
    "constrained_minimizer",
    "correlated_design",
    "cross_validate",
    "descent",
    "identical_features",
    "lasso_path",
    "load_csv",
    "load_dataset",
    "objective",
    "penalized_minimizer",
    "penalty_gradient",
    "penalty_steps",
    "penalty_subdifferential",
    "penalty_value",
    "ridge_path",
    "ridge_zeros",
    "soft_threshold",
    "standardize",
    "zero_odds",
    "zero_threshold",
]
