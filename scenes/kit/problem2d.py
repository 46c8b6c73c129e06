"""The tilted 2-D loss shared by ``geometry`` and ``budget``: parameters declared once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathcore import Quadratic

from .params import param


def rotated_quadratic(center: tuple[float, float], eig_small: float, eig_large: float, angle_deg: float) -> Quadratic:
    """``H = R(θ) diag(eig_small, eig_large) R(θ)ᵀ``: the long axis of the ellipses points along θ."""
    t = np.radians(angle_deg)
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return Quadratic(R @ np.diag([eig_small, eig_large]) @ R.T, np.array(center, dtype=float))


@dataclass(frozen=True)
class Loss2DParams:
    center_x: float = param(1.5, "least-squares point ŵ, first weight (in units of C)", min=-5.0, max=5.0)
    center_y: float = param(0.6, "least-squares point ŵ, second weight (in units of C)", min=-5.0, max=5.0)
    eig_small: float = param(1.0, "curvature along the ellipses' long axis", min=0.01, max=100.0)
    eig_large: float = param(3.0, "curvature along the short axis (>= eig_small)", min=0.01, max=100.0)
    angle_deg: float = param(100.0, "direction of the long axis, degrees from the w1 axis", min=-360.0, max=360.0)

    def check(self) -> None:
        if self.eig_large < self.eig_small:
            raise ValueError(f"eig_large: must be >= eig_small ({self.eig_small:g}), got {self.eig_large:g}")
        if self.center_x == 0 and self.center_y == 0:
            raise ValueError("center_x: ŵ must not be the origin")
