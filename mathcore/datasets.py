"""Real data sets: the three that ship with the package, and a user's CSV file, as one ``Dataset``.

``load_dataset("diabetes" | "prostate" | "longley")`` reads ``mathcore/data/<name>.csv`` (their
provenance and the published numbers they reproduce are in ``mathcore/data/README.md``);
``load_csv(path, target=None)`` reads a user's file through the same checks, so a bad file is one
``ValueError`` naming the file, the row and the column, and what is allowed (the limits are the
module's constants, each with its reason). ``standardize`` centres and scales the columns and maps
coefficients back to the data's own units.
"""

from __future__ import annotations

import codecs
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

# Size. Reading is the cost of a big file, not the math (the path needs only XᵀX and Xᵀy: 0.03 s for a
# million rows). Measured on 2 cores, 10 features + the target written with 17 significant digits
# (221 MB for a million rows): reading and checking 10^6 rows takes 5.2 s and about 310 MB above the
# interpreter's own (the bytes, the numbers, one working copy); the cell-by-cell reader took 26 s (the
# csv module 3.8 s, checking and converting each cell in Python 22 s). `l1l2 solve path` on it: 7.7 s and
# 630 MB at the peak. Ten times the rows would be ten times both, more than a scene should wait for.
# Over 100 columns the exact homotopy's cost (about d³: 0.04 s at 100 features, 1 s at 300, and again
# for every fold in cross-validation) outgrows what the scenes are for (they show at most 30 features).
# A file over MAX_BYTES (a million rows of 25 such numbers) is refused before it is read.
MAX_ROWS = 1_000_000
MAX_COLUMNS = 100
MAX_BYTES = 512 * 2**20
# A value's size: the highest power of the data any computation takes is the fourth (the spread of the
# squared errors across cross-validation folds). For values up to 1e50 it is 1e200, and summed over a
# million rows 1e206: a factor 1e100 below the largest double, 1.8e308, for what a fit multiplies it
# by on the way (1/λ down to 1e-3 of λ_max, condition numbers up to 1e12, the homotopy's own limit).
# Squares alone would overflow from 1.3e154. Data in any unit stays far below 1e50 (a supernova's
# energy in erg is 1e51); larger numbers can be rescaled (a unit change) before they are written.
MAX_ABS = 1e50
# Nearly constant: a column whose standard deviation is at most FLAT × its largest |value| agrees with a
# constant in its first 12 significant digits. A double holds 15–17, so what is left is the rounding of
# printing and parsing (one unit is 1.1e-16 of the size; FLAT is ~9000 of them); standardizing divides by
# that spread and would turn rounding noise into unit variance, with fewer than 4 correct digits.
FLAT = 1e-12
# Copies: after standardizing, an exact copy (b = αa + β) differs from ±a only by rounding: each value
# carries up to about 45 units of roundoff (1 unit = 2⁻⁵³ ≈ 1.1e-16) relative to the column's largest
# |value| when a file is written with 15 significant digits (spreadsheets' precision), a few units with
# 17, and centring adds a few more; standardizing magnifies a column's roundoff by κ = max|x| / std.
# Two columns are copies when their standardized RMS difference is at most COPY_UNITS·2⁻⁵³·(κ_a + κ_b).
# Measured on 5,500 random copies (n from 3 to 10^5, slopes 1e-6…1e6, offsets up to 1e12, written with
# 15, 16 or 17 digits): at most 1.0 unit with 17 digits, 3.3 with 16, 27 with 15. 64 is above the 45 a
# 15-digit file can reach at worst, and still only 1e-14 for ordinary columns (κ ≈ 3 to 5).
COPY_UNITS = 64
_UNIT = 2.0**-53
_PLAIN = b"0123456789+-.eE,\n\r \t"  # every byte of a body of plain numbers (ASCII, no quotes)


@functools.cache
def load_dataset(name: str) -> Dataset:
    """One of the shipped data sets (``DATASETS``); an unknown name raises ``ValueError`` listing them.

    Read once per process: a ``Dataset`` is frozen and its arrays are read-only, so every caller
    (a scene's parameter check, its numbers, the registry's choices) shares the same one."""
    if name not in SHIPPED:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}, got {name!r}")
    target, split, source = SHIPPED[name]
    raw = (resources.files("mathcore") / "data" / f"{name}.csv").read_bytes()
    return _parse(f"{name}.csv", raw, name, target, split, source)


def load_csv(path: str | Path, target: str | None = None) -> Dataset:
    """A user's CSV file: a header row of column names, then one row of numbers per sample.

    ``target`` names the column to predict (default: the last column); every other column is a
    feature. Refused with a ``ValueError`` naming the file, and the row and column where there is
    one: a file that cannot be read, is not UTF-8 or is larger than ``MAX_BYTES``; more than
    ``MAX_ROWS`` data rows or ``MAX_COLUMNS`` columns; an empty or duplicate column name, a row with
    the wrong number of cells, an empty or non-numeric cell, NaN or infinity, a value larger than
    ``MAX_ABS`` in size; a missing target column; fewer rows than columns + 2 (too few to fit and
    check a fit); a constant column, or one constant but for rounding (standard deviation at most
    ``FLAT`` × its largest value); two feature columns that are copies up to scale and shift.

    A file of plain numbers (ASCII digits, signs, points, exponents, commas, line ends) is read
    whole by numpy; any other is read cell by cell. Both give the same numbers to the last bit
    (Python's correctly rounded decimal conversion) and the same messages.
    """
    path = Path(path)
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValueError(f"{where}: {size / 2**20:,.0f} MB; at most {MAX_BYTES // 2**20} MB are read "
                             f"(and at most {MAX_ROWS:,} data rows)")
        raw = path.read_bytes()
    except OSError as err:
        raise ValueError(f"{where}: cannot read: {err.strerror or err}") from None
    table = _table(where, raw, target, None)
    del raw  # the file's bytes are not needed for the checks: free them first
    return _dataset(where, path.stem, f"user file {path.name}", None, *table)


def _parse(where: str, raw: bytes, name: str, target: str | None, split: str | None, source: str, *,
           fast: bool = True) -> Dataset:
    """The checked ``Dataset`` in a file's bytes (``fast=False``: every cell by the csv reader)."""
    return _dataset(where, name, source, split, *_table(where, raw, target, split, fast=fast))


_Table = tuple[list[str], str, np.ndarray, np.ndarray]  # header, target, values (n, columns), split flags


def _table(where: str, raw: bytes, target: str | None, split: str | None, *, fast: bool = True) -> _Table:
    """The header and the numbers, every cell checked; the whole file at once if it is plain numbers."""
    newlines, returns = _line_ends(raw)
    lines = max(newlines, returns)  # after the header, up to the last non-blank byte: the data rows
    if lines > MAX_ROWS:
        raise ValueError(f"{where}: {lines:,} data rows; at most {MAX_ROWS:,} are read")
    plain = _plain_header(raw) if fast and split is None else None
    rows: list[list[str]] = []
    if plain is None:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise ValueError(f"{where}: not UTF-8 text (byte {err.start})") from None
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # universal newlines, as open() reads text
        reader = csv.reader(io.StringIO(text))
        try:
            rows = list(reader)
        except csv.Error as err:  # a field over the csv module's limit (131,072 characters)
            raise ValueError(f"{where}: row {reader.line_num}: not CSV: {err}") from None
        while rows and not any(cell.strip() for cell in rows[-1]):  # trailing blank lines
            rows.pop()
        if not rows:
            raise ValueError(f"{where}: empty file; expected a header row of column names")
        header = [cell.strip() for cell in rows[0]]
    else:
        header = [cell.strip() for cell in plain[0]]
    seen: dict[str, int] = {}
    for j, col in enumerate(header, 1):
        if not col:
            raise ValueError(f"{where}: row 1, column {j}: empty column name")
        if col in seen:
            raise ValueError(f"{where}: row 1, column {j}: duplicate column name {col!r} (also column {seen[col]})")
        seen[col] = j
    if len(header) < 2:
        raise ValueError(f"{where}: needs at least two columns (a feature and the target), got {len(header)}")
    if len(header) > MAX_COLUMNS:
        raise ValueError(f"{where}: {len(header)} columns; at most {MAX_COLUMNS} are read")
    target = header[-1] if target is None else target
    if target not in seen:
        raise ValueError(f"{where}: no column named {target!r} for the target; columns: {', '.join(header)}")
    if plain is None:
        values, flags = _cells_one_by_one(where, rows, header, split)
        return header, target, values, flags
    values = _plain_numbers(raw, plain[1], len(header), newlines, returns)
    if values is None:  # not plain after all: every cell by the csv reader, for its message
        return _table(where, raw, target, split, fast=False)
    return header, target, values, np.zeros(values.shape[0], dtype=bool)


def _dataset(where: str, name: str, source: str, split: str | None, header: list[str], target: str,
             values: np.ndarray, flags: np.ndarray) -> Dataset:
    """The ``Dataset`` of a table, after the checks on whole columns."""
    features = [col for col in header if col not in (target, split)]
    if not features:
        raise ValueError(f"{where}: no feature columns besides the target {target!r}")
    n = values.shape[0]
    if n < len(features) + 2:
        raise ValueError(f"{where}: {n} data rows for {len(features)} features; needs at least "
                         f"{len(features) + 2} (columns + 2)")
    _check_sizes(where, values, header)
    X = values[:, [header.index(c) for c in features]]
    y = values[:, header.index(target)]
    _check_spread_and_copies(where, X, features, y, target)
    for arr in (X, y, flags):
        arr.setflags(write=False)
    return Dataset(name, X, y, tuple(features), target, source, flags if split else None)


def _line_ends(raw: bytes) -> tuple[int, int]:
    """How many newlines and carriage returns come before the last non-blank byte."""
    end = len(raw)
    while end and raw[end - 1] in b" \t\r\n":
        end -= 1
    return raw.count(b"\n", 0, end), (raw.count(b"\r", 0, end) if b"\r" in raw else 0)


def _plain_header(raw: bytes) -> tuple[list[str], int] | None:
    """The header's cells and where the body starts, if the first line is one the csv module would
    split at every comma (no quotes, no carriage return inside); otherwise ``None``."""
    start = 3 if raw.startswith(codecs.BOM_UTF8) else 0
    nl = raw.find(b"\n", start)
    if nl < 0:
        return None
    line = raw[start:nl].removesuffix(b"\r")
    if not line or b'"' in line or b"\r" in line:
        return None
    try:
        return line.decode("utf-8").split(","), nl + 1
    except UnicodeDecodeError:
        return None


def _plain_numbers(raw: bytes, start: int, k: int, newlines: int, returns: int) -> np.ndarray | None:
    """The body as an ``(n, k)`` array in one pass of numpy's reader, or ``None`` unless every line is
    k plain numbers. Plain bytes can only spell what ``_NUMBER`` accepts or a malformed cell, which
    numpy's reader refuses as the cell-by-cell reader does (``-``, ``1e``, ``.``, ``1 2``, an empty
    cell); a blank line, a lone carriage return or a value that overflows to infinity fall back too."""
    end = len(raw)
    while end > start and raw[end - 1] in b" \t\r\n":  # trailing blank lines, as the csv reader drops
        end -= 1
    if end == start:
        return None
    chunk = 1 << 24  # checked 16 MB at a time: no copy of the whole body
    if any(raw[i:min(i + chunk, end)].translate(None, _PLAIN) for i in range(start, end, chunk)):
        return None
    if returns and returns != raw.count(b"\r\n", 0, end):
        return None  # a lone carriage return ends a line for the csv reader, not for numpy's
    if raw.find(b"\n\n", start - 1, end) >= 0 or (returns and raw.find(b"\n\r\n", start - 1, end) >= 0):
        return None  # a blank line: numpy's reader skips it, the csv reader names it
    rows = newlines  # the header's line end and one between each two data rows
    body = io.BytesIO(raw)  # shares raw's buffer: no copy
    body.seek(start)
    try:
        values = np.loadtxt(body, delimiter=",", dtype=float, ndmin=2, comments=None, encoding="ascii",
                            max_rows=rows)
    except ValueError:
        return None
    if values.shape != (rows, k) or not np.all(np.isfinite(values)):
        return None
    return values


def _cells_one_by_one(where: str, rows: list[list[str]], header: list[str],
                      split: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Every cell checked in turn: the first bad one is named by its row and column."""
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
    return values, flags


def _check_sizes(where: str, values: np.ndarray, header: list[str]) -> None:
    """Every value at most ``MAX_ABS`` in size; the first one over it (in row order) is named."""
    over = np.flatnonzero((values.max(axis=0) > MAX_ABS) | (values.min(axis=0) < -MAX_ABS))
    if over.size:
        rows = [int(np.argmax(np.abs(values[:, j]) > MAX_ABS)) for j in over]
        i, j = min(zip(rows, over.tolist(), strict=True))
        raise ValueError(f"{where}: row {i + 2}, column {header[j]!r}: {values[i, j]:g} is too large; values "
                         f"must be at most {MAX_ABS:g} in size (the fits take their squares and fourth powers, which "
                         "must stay finite); rescale the column")


def _check_spread_and_copies(where: str, X: np.ndarray, features: list[str], y: np.ndarray,
                             target: str) -> None:
    """No column constant or constant but for rounding, and no two features copies up to scale and shift."""
    names = [*features, target]
    columns = np.vstack([X.T, y])  # one column per row, so each sum runs along contiguous memory (pairwise)
    e, size, std = _centre_scaled(columns)
    for j, col in enumerate(names):
        if std[j] == 0.0:
            raise ValueError(f"{where}: column {col!r}: constant ({(X[0, j] if j < len(features) else y[0]):g} "
                             "in every row), so it carries no information")
        if std[j] <= FLAT * size[j]:
            raise ValueError(f"{where}: column {col!r}: nearly constant (standard deviation "
                             f"{np.ldexp(std[j], e[j]):.3g} against values up to {np.ldexp(size[j], e[j]):.6g} in "
                             "size): a spread at rounding level, which standardizing would blow up; needs a "
                             f"standard deviation above {FLAT:g} × its largest value")
    d = X.shape[1]
    if d < 2:
        return
    Z = columns[:d]
    Z /= std[:d, None]  # the standardized features, centred to the last bit
    kappa = size[:d] / std[:d]  # how much standardizing magnifies each column's rounding
    corr = Z @ Z.T / Z.shape[1]
    tol = COPY_UNITS * _UNIT * (kappa[:, None] + kappa[None, :])
    # RMS(z_b ∓ z_a)² = 2(1 − |r|), but the Gram's own rounding (at most n·2⁻⁵³ ≈ 1.1e-10 for a million
    # rows) hides a difference at rounding level: it only picks the pairs to measure directly.
    for a, b in np.argwhere(np.triu(1.0 - np.abs(corr) <= tol**2 + 1e-9, k=1)):
        sign = 1.0 if corr[a, b] > 0 else -1.0
        if np.sqrt(np.mean(np.square(Z[b] - sign * Z[a]))) <= tol[a, b]:
            slope = sign * float(np.ldexp(std[b], e[b]) / np.ldexp(std[a], e[a]))
            shift = float(X[:, b].mean() - slope * X[:, a].mean())
            fit = f"{features[b]} = {slope:.6g} × {features[a]}"
            if abs(shift) > FLAT * np.ldexp(size[b], e[b]):  # not a rounding-level shift
                fit += f" {'+' if shift > 0 else '-'} {abs(shift):.6g}"
            raise ValueError(f"{where}: columns {features[a]!r} and {features[b]!r} are the same up to scale and "
                             f"shift ({fit}, to rounding); the lasso's answer would not be unique; drop one")


def _centre_scaled(columns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centre each row of ``columns`` in place after scaling it by a power of two ``2^-e`` (exact) to
    below 1 in size, so no square overflows or underflows into lost digits; a second pass (the mean
    of the deviations) corrects the mean, so a column far from 0 is centred to the last bit. Returns
    ``(e, max|x|, std)``, the last two in the scaled units."""
    e = np.frexp(np.maximum(columns.max(axis=1), -columns.min(axis=1)))[1]
    np.ldexp(columns, -e[:, None], out=columns)
    size = np.maximum(columns.max(axis=1), -columns.min(axis=1))
    columns -= columns.mean(axis=1, keepdims=True)
    columns -= columns.mean(axis=1, keepdims=True)
    std = np.array([np.sqrt(np.mean(np.square(row))) for row in columns])
    return e, size, std


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
    A constant column has no scale and raises ``ValueError`` naming it.

    Each column is first scaled by a power of two to below 1 in size, which is exact, so ``Z`` is the
    same to the last bit as ``(X − X.mean(0)) / X.std(0)`` wherever that does not overflow, and a
    column of values near the largest double (whose squares would overflow) is standardized too."""
    X = finite_array("X", X, ndim=2)
    if X.shape[0] < 2:
        raise ValueError(f"X must have at least 2 rows, got {X.shape[0]}")
    e = np.frexp(np.max(np.abs(X), axis=0))[1]
    S = np.ldexp(X, -e)
    means = S.mean(axis=0)
    scales = S.std(axis=0)
    constant = np.flatnonzero(scales == 0.0)
    if constant.size:
        raise ValueError(f"X column {int(constant[0])} is constant: it cannot be scaled to unit variance")
    return Standardized((S - means) / scales, np.ldexp(means, e), np.ldexp(scales, e))
