"""A user's CSV at the edges: values too large to square, columns that are copies up to scale and shift,
nearly constant columns, too few rows to cross-validate, and size (limits, the fast reader).

Each refusal is one ``ValueError`` line naming the file and the column (or row) and what is allowed; through
the CLI it is ``l1l2: error: …`` with exit 2, nothing on stdout, and never a numpy warning.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hold_helpers import HANG

from mathcore import cross_validate, load_csv, load_dataset, standardize
from mathcore import datasets as ds

RNG = np.random.default_rng(20261204)
N = 20
A, C = RNG.normal(size=N), RNG.normal(size=N)
Y = A - C + RNG.normal(size=N)


def write(path: Path, columns: dict[str, np.ndarray], fmt=repr) -> Path:
    names = list(columns)
    rows = [",".join(names)] + [",".join(fmt(float(columns[k][i])) for k in names) for i in range(len(Y))]
    path.write_text("\n".join(rows) + "\n")
    return path


def refused(path: Path, *words: str) -> str:
    """The one-line error of ``load_csv(path)``, with numpy warnings turned into errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError) as err:
            load_csv(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message, message
    for word in words:
        assert word in message, message
    return message


def accepted(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_csv(path)


# -- 1. values too large to square -----------------------------------------------------------------

HUGE = np.where(np.arange(N) % 3 == 0, -1e308, 1e308)


def test_a_column_too_large_to_square_is_refused_naming_row_column_and_the_limit(tmp_path):
    path = write(tmp_path / "huge.csv", {"a": A, "big": HUGE, "y": Y})
    refused(path, "row 2", "'big'", "1e+308", "at most 1e+50")
    big_y = write(tmp_path / "huge_target.csv", {"a": A, "y": Y * 1e51})
    refused(big_y, "'y'", "at most 1e+50")
    fine = accepted(write(tmp_path / "large.csv", {"a": A * 1e49, "y": Y * 1e49}))
    assert np.max(np.abs(fine.X)) > 1e48


def test_standardize_scales_safely_a_column_whose_squares_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Z, means, scales = standardize(np.column_stack([HUGE, A]))
    assert np.all(np.isfinite(Z)) and scales[0] > 0
    expected = (HUGE / 2.0**1000 - np.mean(HUGE / 2.0**1000)) / np.std(HUGE / 2.0**1000)
    np.testing.assert_array_equal(Z[:, 0], expected)  # a power of two in and out: exact
    d = load_dataset("diabetes")
    old = (d.X - d.X.mean(axis=0)) / d.X.std(axis=0)
    np.testing.assert_array_equal(standardize(d.X).Z, old)  # ordinary data: the same bits as before


# -- 2. copies up to scale and shift ---------------------------------------------------------------

@pytest.mark.parametrize("b, fmt", [(2 * A, repr), (-3 * A + 5, repr), (-3 * A + 5, "{:.15g}".format),
                                    (1e-3 * A + 1e6, repr)])
def test_two_columns_that_are_copies_up_to_scale_and_shift_are_refused_naming_both(tmp_path, b, fmt):
    path = write(tmp_path / "copies.csv", {"a": A, "c": C, "b": b, "y": Y}, fmt=fmt)
    refused(path, "columns 'a' and 'b'", "same up to scale and shift", "not be unique", "drop one")


def test_columns_close_to_copies_but_not_at_rounding_level_are_accepted(tmp_path):
    near = A + 1e-9 * RNG.normal(size=N)  # correlation 1 − 1e-18, still not a copy: 1e-9 ≫ rounding
    d = accepted(write(tmp_path / "near_copy.csv", {"a": A, "b": -2 * near + 1, "y": Y}))
    assert d.feature_names == ("a", "b")
    assert accepted(write(tmp_path / "target_copy.csv", {"a": A, "y": 2 * A})).d == 1  # a feature may predict y


# -- 3. nearly constant ----------------------------------------------------------------------------

def test_a_column_constant_but_for_rounding_is_refused(tmp_path):
    ones = np.ones(N)
    ones[3] = np.nextafter(1.0, 2.0)
    refused(write(tmp_path / "flat.csv", {"a": A, "flat": ones, "y": Y}), "'flat'", "nearly constant", "1e-12")
    flat_y = np.full(N, 1e6)
    flat_y[5] += 1e-9  # 1e-15 of the size
    refused(write(tmp_path / "flat_y.csv", {"a": A, "y": flat_y}), "'y'", "nearly constant")
    # a small but real spread is fine: 1e6 ± 1e-3 (9 of 16 digits the same)
    d = accepted(write(tmp_path / "offset.csv", {"a": 1e6 + 1e-3 * A, "y": Y}))
    assert np.all(np.isfinite(standardize(d.X).Z))


# -- 4. cross-validation needs enough training rows in every fold ---------------------------------

def test_folds_must_leave_enough_training_rows_for_the_features():
    X, y = np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 1.0, 5.0])
    with pytest.raises(ValueError, match=r"folds.*3 rows.*1 row.*at least 2") as err:
        cross_validate(X, y, [0.1], folds=2)
    assert "at least 3 folds" in str(err.value)
    assert cross_validate(X, y, [0.1], folds=3).errors.shape == (3, 1)  # leave-one-out: 2 training rows
    X5 = RNG.normal(size=(8, 5))
    with pytest.raises(ValueError, match=r"folds.*8 rows.*4 rows.*at least 6"):
        cross_validate(X5, X5 @ np.ones(5), [0.1], folds=2)  # an intercept and 5 weights need 6 rows
    ridge = cross_validate(X5, X5 @ np.ones(5), [0.1], penalty="l2", folds=2)  # ridge is unique anyway
    assert np.all(np.isfinite(ridge.errors))


# -- 5. size ---------------------------------------------------------------------------------------

def test_too_many_rows_or_columns_is_one_line_naming_the_limit(tmp_path, monkeypatch):
    path = write(tmp_path / "rows.csv", {"a": A, "c": C, "y": Y})
    monkeypatch.setattr(ds, "MAX_ROWS", 10)
    refused(path, "20 data rows", "at most 10")
    monkeypatch.setattr(ds, "MAX_ROWS", 20)
    assert accepted(path).n == 20
    monkeypatch.setattr(ds, "MAX_COLUMNS", 2)
    refused(path, "3 columns", "at most 2")
    monkeypatch.setattr(ds, "MAX_BYTES", 2**20)
    path.write_bytes(path.read_bytes() + b" " * 2**20)  # refused by its size, before it is read
    refused(path, "1 MB", "at most 1 MB")


def test_a_scene_reads_a_users_file_once_and_again_when_its_bytes_change(tmp_path, monkeypatch):
    from scenes.kit import realdata

    calls = []
    monkeypatch.setattr(realdata, "load_csv", lambda *args: calls.append(args) or load_csv(*args))
    realdata._read_user_file.cache_clear()
    path = write(tmp_path / "mine.csv", {"a": A, "c": C, "y": Y})
    p = realdata.DataParams(data=str(path))
    p.check()
    first = realdata.prepared(p)
    assert len(calls) == 1  # the check and the numbers share one reading
    path.write_text(path.read_text().replace("a,c,y", "c,a,y"))  # same size, same time stamp tick
    assert realdata.prepared(p).names == ("c", "a") != first.names and len(calls) == 2


def test_a_plain_numeric_file_is_read_without_the_cell_by_cell_reader(tmp_path, monkeypatch):
    X = RNG.normal(size=(5000, 6)) * 10.0 ** RNG.integers(-300, 300, size=(5000, 6)).clip(-45, 45)
    names = [f"x{j}" for j in range(6)]
    path = tmp_path / "plain.csv"
    np.savetxt(path, X, delimiter=",", fmt="%.17g", header=",".join(names), comments="")
    slow = ds._parse(str(path), path.read_bytes(), "plain", None, None, "x", fast=False)
    monkeypatch.setattr(ds, "_cells_one_by_one", None)  # the fast reader must not need it
    fast = load_csv(path)
    assert np.array_equal(fast.X.view(np.int64), slow.X.view(np.int64))  # the same bits
    assert np.array_equal(fast.y.view(np.int64), slow.y.view(np.int64))


TRICKY = [  # each read by both readers: the same numbers, or the same message
    "a,b,y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n",
    "a,b,y\r\n1,2,3\r\n2,1,5\r\n3,5,4\r\n4,3,9\r\n5,4,1\r\n\r\n  \n",
    "a, b ,y\n 1 ,\t2,3 \n2,1,5\n3,5,4\n4,3,9\n5,4,1",
    "a,b,y\n1,2,3\n\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n",  # a blank line inside
    "a,b,y\n1,2,3\r2,1,5\r3,5,4\r4,3,9\r5,4,1\r",  # old Mac line ends
    "a,b,y\n1,2,3\n2,1,5,\n3,5,4\n4,3,9\n5,4,1\n",
    "a,b,y\n1,2,3\n2,1e999,5\n3,5,4\n4,3,9\n5,4,1\n",
    "a,b,y\n1,2,3\n2,1e,5\n3,5,4\n4,3,9\n5,4,1\n",
    "a,b,y\n1,2,3\n2,.,5\n3,5,4\n4,3,9\n5,4,1\n",
    "a,b,y\n1,2,3\n2,+-1,5\n3,5,4\n4,3,9\n5,4,1\n",
    "a,b,y\n1,2,3\n2,1 2,5\n3,5,4\n4,3,9\n5,4,1\n",
    'a,b,y\n1,2,3\n2,"1",5\n3,5,4\n4,3,9\n5,4,1\n',
    '"a","b,c",y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n',
    "a,b,y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n,,\n",
    "a,b,y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n6,7,8,9\n",
    "a,b,y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n6,7\n",
    "a,b,y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n6,7,1e200\n",
    "a,b,y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n6,7,\u00a08\n",  # a no-break space
    "\na,b,y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n",
    "a,b,y\n",
    "a,b,y\n1,2,3\n2,4,5\n3,6,4\n4,8,9\n5,10,1\n",  # b = 2a
]


@pytest.mark.parametrize("text", TRICKY, ids=[f"tricky{k}" for k in range(len(TRICKY))])
def test_the_fast_and_the_cell_by_cell_reader_agree(text):
    def read(fast):
        try:
            d = ds._parse("t.csv", text.encode(), "t", None, None, "x", fast=fast)
        except ValueError as err:
            return str(err)
        return d.feature_names, d.target_name, d.X.tobytes(), d.y.tobytes()

    assert read(True) == read(False)


# -- through the CLI: one line, exit 2, nothing written, no warning --------------------------------

def test_the_cli_refuses_each_bad_file_in_one_line_without_a_numpy_warning(tmp_path):
    ones = np.ones(N)
    ones[3] = np.nextafter(1.0, 2.0)
    files = [write(tmp_path / "huge.csv", {"a": A, "big": HUGE, "y": Y}),
             write(tmp_path / "copies.csv", {"a": A, "b": -3 * A + 5, "y": Y}),
             write(tmp_path / "flat.csv", {"a": A, "flat": ones, "y": Y})]
    three = tmp_path / "three.csv"
    three.write_text("a,y\n1,2\n2,1\n3,5\n")
    l1l2 = Path(sys.executable).parent / "l1l2"
    runs = [["solve", "path", "--set", f"data={f}"] for f in files]
    runs.append(["solve", "cv", "--set", f"data={three}", "--set", "folds=2"])
    for args in runs:
        res = subprocess.run([str(l1l2), *args], capture_output=True, text=True, timeout=HANG)
        assert res.returncode == 2 and res.stdout == "", (args, res.stdout[:200], res.stderr)
        assert res.stderr.startswith("l1l2: error: ") and res.stderr.count("\n") == 1, res.stderr
        assert "Warning" not in res.stderr and "Traceback" not in res.stderr
    assert "folds" in res.stderr and "3 rows" in res.stderr
