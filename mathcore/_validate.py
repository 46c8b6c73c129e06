"""Input checks shared by the public functions (boundary only, never in hot loops)."""

from __future__ import annotations

import numpy as np


def finite_array(name: str, value: object, *, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a float array, or raise ``ValueError`` naming ``name``."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {value!r}") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            shapes = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {shapes}, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return arr


def finite_scalar(name: str, value: object, *, minimum: float | None = None,
                  strict: bool = False, maximum: float | None = None) -> float:
    """Return ``value`` as a finite float within the given bounds."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x}")
    if minimum is not None and (x < minimum or (strict and x == minimum)):
        op = ">" if strict else ">="
        raise ValueError(f"{name} must be {op} {minimum:g}, got {x:g}")
    if maximum is not None and x > maximum:
        raise ValueError(f"{name} must be <= {maximum:g}, got {x:g}")
    return x


def choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``allowed``."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(repr(a) for a in allowed)}, got {value!r}")
    return value


def positive_int(name: str, value: object, *, minimum: int = 1) -> int:
    """Return ``value`` as an int >= minimum."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)
