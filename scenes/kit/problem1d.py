"""The 1-D problem shared by ``shrink`` and ``gradient``: data y = w·x, its MSE, the exact minimizers.

Parameters are declared once (:class:`Data1DParams`); a scene's params dataclass
inherits them, so ``--set true_w=0.8`` means the same data in every 1-D scene.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathcore import Quadratic, objective, penalized_minimizer, zero_threshold

from .params import param


@dataclass(frozen=True)
class Data1DParams:
    true_w: float = param(0.5, "true weight w of the data y = w·x", min=-3.0, max=3.0)
    n_points: int = param(11, "number of data points", min=2, max=200)
    x_spread: float = param(1.0, "x values are spread evenly over [−spread, spread]", min=0.1, max=10.0)
    noise: float = param(0.0, "standard deviation of Gaussian noise added to y", min=0.0, max=5.0)
    seed: int = param(0, "seed of the noise", min=0, max=2**31 - 1)

    def check(self) -> None:
        w0 = Problem1D(self).w0
        if abs(w0) < 1e-3:
            raise ValueError(f"true_w: the fitted weight is {w0:.2g}; use |true_w| >= 0.001 "
                             "(with this noise) so there is something to shrink")


class Problem1D:
    """Every number of a 1-D scene, from mathcore."""

    def __init__(self, p: Data1DParams):
        self.x = np.linspace(-p.x_spread, p.x_spread, p.n_points)
        noise = np.random.default_rng(p.seed).standard_normal(p.n_points) * p.noise
        self.y = p.true_w * self.x + noise
        self.loss = Quadratic.from_data(self.x, self.y)
        self.a, self.w0, self.r = float(self.loss.H), float(self.loss.c), self.loss.r
        self.lam_star = zero_threshold(self.loss)

    def w_l1(self, lam: float) -> float:
        return penalized_minimizer(self.loss, lam, "l1")

    def w_l2(self, lam: float) -> float:
        return penalized_minimizer(self.loss, lam, "l2")

    def J(self, lam: float, penalty: str):
        return lambda w: objective(self.loss, w, lam, penalty)

    def w_range(self) -> tuple[float, float]:
        """A plot range holding 0 and w0 with room on both sides."""
        pad = 0.8 * abs(self.w0)
        return (min(0.0, self.w0) - pad, max(0.0, self.w0) + pad)

    def as_dict(self) -> dict:
        return {
            "data": {"x": self.x.tolist(), "y": self.y.tolist()},
            "loss": {"a": self.a, "w0": self.w0, "r": self.r, "formula": "MSE(w) = a*(w - w0)^2 + r"},
            "lam_star": self.lam_star,
        }
