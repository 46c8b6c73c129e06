"""Real-data parameters shared by the data scenes: a shipped data set or the user's CSV, standardized.

``DataParams`` is a params mixin (``dataset``, ``data``, ``target``); ``prepared(p)`` loads the
rows a scene fits (prostate: ESL's training rows), standardizes them over those rows, and keeps
the held-out rows, if the data set has a published split, standardized the same way. A user's file
is read once per process while it is unchanged (the check and the numbers share it), and a scene
with ``folds`` has them checked against the rows it fits (``mathcore.cv.check_folds``).
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass

import numpy as np

from mathcore import DATASETS, Dataset, datasets, load_csv, load_dataset, standardize
from mathcore.cv import check_folds

from .params import param
from .typeset import escape_markup

MAX_FEATURES = 30
NAME_CHARS = 14  # longer feature names are cut with "…" on screen


@dataclass(frozen=True)
class DataParams:
    dataset: str = param("diabetes", "shipped data set (prostate: ESL's 67 training rows)", choices=DATASETS)
    data: str = param("", "your own CSV file (a header row, then numbers); replaces dataset", file=True)
    target: str = param("", "the column of data to predict (default: the last column)")

    def check(self) -> None:
        if self.target and not self.data:
            raise ValueError("target: only with data=FILE.csv (the shipped data sets know their target)")
        d = self.load()
        if d.d > MAX_FEATURES:
            raise ValueError(f"data: {d.d} features; the data scenes show at most {MAX_FEATURES}")
        folds = getattr(self, "folds", None)  # a cross-validating scene (cv): the lasso on the rows it fits
        if folds is not None:
            check_folds(int(d.train.sum()) if d.train is not None else d.n, d.d, folds, "l1")

    def load(self) -> Dataset:
        if self.data:
            try:
                return _user_file(self.data, self.target or None)
            except ValueError as err:
                raise ValueError(f"data: {err}") from None
        return load_dataset(self.dataset)


def _user_file(path: str, target: str | None) -> Dataset:
    """``load_csv``, read again only when the file's bytes changed: the parameter check and the scene's
    numbers load the same file, which for a million rows takes seconds (hashing it: 0.2 s). Keyed by
    content, not by time stamp: a file rewritten within the clock's tick keeps its time stamp."""
    try:
        if os.stat(path).st_size > datasets.MAX_BYTES:
            return load_csv(path, target)  # refused before it is read (or hashed)
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return load_csv(path, target)  # load_csv names the problem
    return _read_user_file(path, target, digest)


@functools.lru_cache(maxsize=2)
def _read_user_file(path: str, target: str | None, digest: str) -> Dataset:
    return load_csv(path, target)  # a Dataset is frozen with read-only arrays: safe to share


@dataclass(frozen=True)
class Prepared:
    """The fitted rows, standardized (``Z``, centred ``y``), and the held-out rows mapped the same way."""

    data: Dataset
    Z: np.ndarray
    y: np.ndarray  # centred by the fitted rows' mean
    y_mean: float
    Z_test: np.ndarray | None
    y_test: np.ndarray | None  # not centred

    @property
    def rows(self) -> int:
        return int(self.Z.shape[0])

    @property
    def names(self) -> tuple[str, ...]:
        return self.data.feature_names

    def title(self) -> str:
        """The data's name as Typst markup (a user's file name is text)."""
        what = f"{escape_markup(self.data.name)} data"
        return f"{what} (training rows)" if self.data.train is not None else what


def prepared(p: DataParams) -> Prepared:
    d = p.load()
    fit_rows = d.train if d.train is not None else np.ones(d.n, dtype=bool)
    std = standardize(d.X[fit_rows])
    y = d.y[fit_rows]
    if d.train is not None and (~d.train).any():
        Z_test, y_test = (d.X[~d.train] - std.means) / std.scales, d.y[~d.train]
    else:
        Z_test = y_test = None
    return Prepared(d, std.Z, y - y.mean(), float(y.mean()), Z_test, y_test)


def short(name: str) -> str:
    """A feature name short enough for a label (the full names are in ``l1l2 solve``)."""
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"
