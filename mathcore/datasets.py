"""Real data sets: the three that ship with the package, and a user's CSV file, as one ``Dataset``.

``load_dataset("diabetes" | "prostate" | "longley")`` reads ``mathcore/data/<name>.csv`` (their
provenance and the published numbers they reproduce are in ``mathcore/data/README.md``);
``load_csv(path, target=None)`` reads a user's file through the same checks, so a bad file is one
``ValueError`` naming the file, the row and the column. ``standardize`` centres and scales the
columns and maps coefficients back to the data's own units.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ._validate import finite_array


@dataclass(frozen=True)
class Dataset:
    """A regression data set in its own units. The arrays are read-only.

    ``X`` is ``(n, d)``, ``y`` is ``(n,)``; ``train`` is the published train/test split as a
    boolean mask (prostate: ESL's 67 training rows) or ``None``.
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_name: str
    source: str
    train: np.ndarray | None = None

    @property
    def n(self) -> int:
        return int(self.X.shape[0])

    @property
    def d(self) -> int:
        return int(self.X.shape[1])


SHIPPED = {  # name: (target column, split column or None, citation)
    "diabetes": ("y", None,
                 "Efron, Hastie, Johnstone & Tibshirani (2004), Least Angle Regression, "
                 "Annals of Statistics 32(2), 407–499"),
    "prostate": ("lpsa", "train",
                 "Stamey et al. (1989), via Hastie, Tibshirani & Friedman, The Elements of Statistical "
                 "Learning, 2nd ed. (2009), §3.2 and Table 3.3"),
    "longley": ("TOTEMP", None,
                "Longley (1967), JASA 62, 819–841; NIST Statistical Reference Datasets, "
                "linear least squares (certified values)"),
}
DATASETS = tuple(SHIPPED)

# A number as people write it in a CSV: ASCII digits, an optional sign, point and exponent.
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")  # ASCII digits only
_NON_FINITE = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)
_FLAGS = {"T": True, "F": False, "TRUE": True, "FALSE": False}


@functools.cache
def load_dataset(name: str) -> Dataset:
    """One of the shipped data sets (``DATASETS``); an unknown name raises ``ValueError`` listing them.

    Read once per process: a ``Dataset`` is frozen and its arrays are read-only, so every caller
    (a scene's parameter check, its numbers, the registry's choices) shares the same one."""
    if name not in SHIPPED:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}, got {name!r}")
    target, split, source = SHIPPED[name]
    text = (resources.files("mathcore") / "data" / f"{name}.csv").read_text(encoding="utf-8")
    return _parse(f"{name}.csv", text, name, target, split, source)


def load_csv(path: str | Path, target: str | None = None) -> Dataset:
    """A user's CSV file: a header row of column names, then one row of numbers per sample.

    ``target`` names the column to predict (default: the last column); every other column is a
    feature. Refused with a ``ValueError`` naming the file, and the row and column where there is
    one: a file that cannot be read or is not UTF-8, an empty or duplicate column name, a row with
    the wrong number of cells, an empty or non-numeric cell, NaN or infinity, a missing target
    column, a constant column, or fewer rows than columns + 2 (too few to fit and check a fit).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(f"{path}: not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise ValueError(f"{path}: cannot read: {err.strerror or err}") from None
    return _parse(str(path), text, path.stem, target, None, f"user file {path.name}")


def _parse(where: str, text: str, name: str, target: str | None, split: str | None, source: str) -> Dataset:
    rows = list(csv.reader(io.StringIO(text)))
    while rows and not any(cell.strip() for cell in rows[-1]):  # trailing blank lines
        rows.pop()
    if not rows:
        raise ValueError(f"{where}: empty file; expected a header row of column names")
    header = [cell.strip() for cell in rows[0]]
    seen: dict[str, int] = {}
    for j, col in enumerate(header, 1):
        if not col:
            raise ValueError(f"{where}: row 1, column {j}: empty column name")
        if col in seen:
            raise ValueError(f"{where}: row 1, column {j}: duplicate column name {col!r} (also column {seen[col]})")
        seen[col] = j
    if len(header) < 2:
        raise ValueError(f"{where}: needs at least two columns (a feature and the target), got {len(header)}")
    target = header[-1] if target is None else target
    if target not in seen:
        raise ValueError(f"{where}: no column named {target!r} for the target; columns: {', '.join(header)}")
    values = np.empty((len(rows) - 1, len(header)))
    flags = np.zeros(len(rows) - 1, dtype=bool)
    for i, row in enumerate(rows[1:], 2):
        if len(row) != len(header):
            raise ValueError(f"{where}: row {i}: {len(row)} cells, but the header has {len(header)}")
        for j, (col, cell) in enumerate(zip(header, row, strict=True)):
            cell = cell.strip()
            if col == split:
                if cell.upper() not in _FLAGS:
                    raise ValueError(f"{where}: row {i}, column {col!r}: must be T or F, got {cell!r}")
                flags[i - 2] = _FLAGS[cell.upper()]
                values[i - 2, j] = 0.0
                continue
            if not cell:
                raise ValueError(f"{where}: row {i}, column {col!r}: empty cell (missing values are not allowed)")
            if _NON_FINITE.fullmatch(cell):
                raise ValueError(f"{where}: row {i}, column {col!r}: must be a finite number, got {cell!r}")
            if not _NUMBER.fullmatch(cell):
                raise ValueError(f"{where}: row {i}, column {col!r}: not a number: {cell!r}")
            x = float(cell)
            if not np.isfinite(x):
                raise ValueError(f"{where}: row {i}, column {col!r}: {cell!r} overflows a float")
            values[i - 2, j] = x
    features = [col for col in header if col not in (target, split)]
    if not features:
        raise ValueError(f"{where}: no feature columns besides the target {target!r}")
    n = values.shape[0]
    if n < len(features) + 2:
        raise ValueError(f"{where}: {n} data rows for {len(features)} features; needs at least "
                         f"{len(features) + 2} (columns + 2)")
    for col in [*features, target]:
        column = values[:, seen[col] - 1]
        if np.all(column == column[0]):
            raise ValueError(f"{where}: column {col!r}: constant ({column[0]:g} in every row), so it "
                             "carries no information")
    X = values[:, [seen[c] - 1 for c in features]]
    y = values[:, seen[target] - 1]
    for arr in (X, y, flags):
        arr.setflags(write=False)
    return Dataset(name, X, y, tuple(features), target, source, flags if split else None)


class Standardized(NamedTuple):
    """``standardize``'s result: ``Z = (X − means) / scales``, column by column."""

    Z: np.ndarray
    means: np.ndarray
    scales: np.ndarray

    def original_coefs(self, coefs: object, y_mean: float = 0.0) -> tuple[np.ndarray, float]:
        """Map coefficients fitted on ``Z`` (with the target centred at ``y_mean``) back to the data's
        own units: ``w = coefs / scales`` and ``intercept = y_mean − means · w``, so that
        ``X @ w + intercept == Z @ coefs + y_mean``. Works on one vector or a stack ``(k, d)``."""
        coefs = finite_array("coefs", coefs, ndim=(1, 2))
        if coefs.shape[-1] != self.scales.shape[0]:
            raise ValueError(f"coefs must have {self.scales.shape[0]} entries per row, got {coefs.shape[-1]}")
        w = coefs / self.scales
        intercept = y_mean - w @ self.means
        return w, intercept


def standardize(X: object) -> Standardized:
    """Centred, unit-variance columns (the population standard deviation, ddof = 0), with the means
    and scales used, so fitted coefficients can be mapped back (:meth:`Standardized.original_coefs`).
    A constant column has no scale and raises ``ValueError`` naming it."""
    X = finite_array("X", X, ndim=2)
    if X.shape[0] < 2:
        raise ValueError(f"X must have at least 2 rows, got {X.shape[0]}")
    means = X.mean(axis=0)
    scales = X.std(axis=0)
    constant = np.flatnonzero(scales == 0.0)
    if constant.size:
        raise ValueError(f"X column {int(constant[0])} is constant: it cannot be scaled to unit variance")
    return Standardized((X - means) / scales, means, scales)
