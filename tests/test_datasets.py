"""The shipped data sets, a user's CSV and standardize, against published numbers and scikit-learn.

Expected numbers come from the data README (ESL Table 3.3, NIST's certified Longley values, the
LARS paper's order of entry) and from scikit-learn's own copy of the diabetes data, never from
the code under test.
"""

from __future__ import annotations

import numpy as np
import pytest

from mathcore import DATASETS, lasso_path, load_csv, load_dataset, standardize


def with_intercept(X):
    return np.column_stack([np.ones(len(X)), X])


def test_the_three_data_sets_have_their_published_shapes_and_names():
    shapes = {"diabetes": (442, 10), "prostate": (97, 8), "longley": (16, 6)}
    assert DATASETS == tuple(shapes)
    for name, shape in shapes.items():
        d = load_dataset(name)
        assert d.X.shape == shape and d.y.shape == (shape[0],) and len(d.feature_names) == shape[1]
        assert d.source and d.name == name
        with pytest.raises(ValueError):
            d.X[0, 0] = 1.0  # read-only
    assert load_dataset("prostate").train.sum() == 67 and load_dataset("diabetes").train is None
    assert load_dataset("longley").target_name == "TOTEMP" and load_dataset("prostate").target_name == "lpsa"


def test_an_unknown_data_set_is_refused_naming_the_choices():
    with pytest.raises(ValueError, match="diabetes, prostate, longley"):
        load_dataset("iris")


def test_diabetes_is_scikit_learns_raw_diabetes_data():
    from sklearn.datasets import load_diabetes

    ref = load_diabetes(scaled=False)
    d = load_dataset("diabetes")
    np.testing.assert_allclose(d.X, ref.data, rtol=0, atol=1e-12)
    np.testing.assert_allclose(d.y, ref.target, rtol=0, atol=0)
    assert list(d.feature_names) == list(ref.feature_names)


def test_diabetes_least_squares_intercept_and_r2():
    d = load_dataset("diabetes")
    beta = np.linalg.lstsq(with_intercept(d.X - d.X.mean(0)), d.y, rcond=None)[0]
    fitted = with_intercept(d.X - d.X.mean(0)) @ beta
    r2 = 1 - np.sum((d.y - fitted) ** 2) / np.sum((d.y - d.y.mean()) ** 2)
    assert beta[0] == pytest.approx(152.1335, abs=5e-5) and r2 == pytest.approx(0.5177, abs=5e-5)


def entry_events(path) -> list[str]:
    """"+name" when a weight becomes non-zero between two breakpoints, "-name" when it returns to 0."""
    names = load_dataset("diabetes").feature_names
    events = []
    for before, after in zip(path.coefs[:-1], path.coefs[1:], strict=True):
        events += [f"+{names[j]}" for j in np.flatnonzero((before == 0) & (after != 0))]
        events += [f"-{names[j]}" for j in np.flatnonzero((before != 0) & (after == 0))]
    return events


def test_diabetes_lasso_path_order_of_entry_with_s3_leaving_and_reentering():
    d = load_dataset("diabetes")
    path = lasso_path(standardize(d.X).Z, d.y - d.y.mean())
    # the data README (Efron et al. 2004): bmi, s5, bp, s3, sex, s6, s1, s4, s2, age enter; then s3
    # hits 0 and leaves, and re-enters: 12 steps
    published = ["+bmi", "+s5", "+bp", "+s3", "+sex", "+s6", "+s1", "+s4", "+s2", "+age", "-s3", "+s3"]
    assert entry_events(path) == published
    # mathcore's own account of the same path: its events, order of entry and shrinkage factor
    names = d.feature_names
    assert [("+" if kind == "join" else "-") + names[j] for kind, j, _ in path.events()] == published
    assert [names[j] for j in path.order] == [e[1:] for e in published[:10]]
    s = path.shrinkage
    assert s[0] == 0.0 and s[-1] == 1.0
    assert np.all(np.diff(s) > 0)  # ‖w(λ)‖₁ grows as λ falls, also where s3 leaves
    # the same path in scikit-learn's LARS-lasso (unit-norm columns: the order does not depend on the scale)
    from sklearn.linear_model import lars_path

    Xc = d.X - d.X.mean(0)
    _, active, ref_coefs = lars_path(Xc / np.linalg.norm(Xc, axis=0), d.y - d.y.mean(), method="lasso")
    assert ref_coefs.shape[1] == path.coefs.shape[0] and np.array_equal(ref_coefs.T == 0, path.coefs == 0)


ESL_LS = {"intercept": 2.465, "lcavol": 0.680, "lweight": 0.263, "age": -0.141, "lbph": 0.210, "svi": 0.305,
          "lcp": -0.288, "gleason": -0.021, "pgg45": 0.267}


def test_prostate_reproduces_esl_table_3_3_least_squares_column():
    d = load_dataset("prostate")
    Z = (d.X - d.X.mean(0)) / d.X.std(0, ddof=1)  # ESL: standardized over all 97 rows, ddof 1
    beta = np.linalg.lstsq(with_intercept(Z[d.train]), d.y[d.train], rcond=None)[0]
    got = dict(zip(ESL_LS, beta, strict=True))
    for name, value in ESL_LS.items():
        assert got[name] == pytest.approx(value, abs=5e-4), name
    test_error = np.mean((d.y[~d.train] - with_intercept(Z[~d.train]) @ beta) ** 2)
    assert test_error == pytest.approx(0.521, abs=5e-4)


NIST_LONGLEY = [-3482258.63459582, 15.0618722713733, -0.0358191792925910, -2.02022980381683, -1.03322686717359,
                -0.0511041056535807, 1829.15146461355]


def test_longley_matches_nists_certified_coefficients_and_is_collinear():
    d = load_dataset("longley")
    beta = np.linalg.lstsq(with_intercept(d.X), d.y, rcond=None)[0]
    np.testing.assert_allclose(beta, NIST_LONGLEY, rtol=1e-9)
    gnp, year = d.X[:, d.feature_names.index("GNP")], d.X[:, d.feature_names.index("YEAR")]
    assert np.corrcoef(gnp, year)[0, 1] == pytest.approx(0.995, abs=5e-4)


# -- a user's file ------------------------------------------------------------------------------

GOOD = "a,b,y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n"
BAD_FILES = [  # (content, words the one message must hold)
    ("a,b,y\n1,2,3\n2,x,5\n3,5,4\n4,3,9\n5,4,1\n", ["row 3", "'b'", "not a number", "'x'"]),
    ("a,b,y\n1,2,3\n2,nan,5\n3,5,4\n4,3,9\n5,4,1\n", ["row 3", "'b'", "finite"]),
    ("a,b,y\n1,2,3\n2,1,-inf\n3,5,4\n4,3,9\n5,4,1\n", ["row 3", "'y'", "finite"]),
    ("a,b,y\n1,2,3\n2,,5\n3,5,4\n4,3,9\n5,4,1\n", ["row 3", "'b'", "empty cell"]),
    ("a,b,y\n1,2,3\n2,1\n3,5,4\n4,3,9\n5,4,1\n", ["row 3", "2 cells"]),
    ("a,b,y\n1,7,3\n2,7,5\n3,7,4\n4,7,9\n5,7,1\n", ["'b'", "constant"]),
    ("a,b,y\n1,2,3\n2,1,5\n3,5,4\n", ["3 data rows", "at least 4"]),
    ("a,,y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n", ["row 1, column 2", "empty column name"]),
    ("a,a,y\n1,2,3\n2,1,5\n3,5,4\n4,3,9\n5,4,1\n", ["row 1, column 2", "duplicate", "'a'"]),
    ("a,b,y\n1,2,3\n2,１,5\n3,5,4\n4,3,9\n5,4,1\n", ["row 3", "'b'", "not a number"]),  # full-width digit
    ("a,b,y\n1,2,3\n2,1_0,5\n3,5,4\n4,3,9\n5,4,1\n", ["row 3", "not a number"]),
    ("a,b,y\n1,2,3\n2,1e999,5\n3,5,4\n4,3,9\n5,4,1\n", ["row 3", "overflows"]),
    ("", ["empty file"]),
    ("y\n1\n2\n3\n", ["two columns"]),
    (b"a,b,y\n1,2,3\n\xff,1,5\n", ["not UTF-8"]),
]


@pytest.mark.parametrize("content, words", BAD_FILES, ids=[f"bad{k}" for k in range(len(BAD_FILES))])
def test_a_bad_csv_is_one_error_naming_the_file_row_and_column(tmp_path, content, words):
    path = tmp_path / "mine.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ValueError) as err:
        load_csv(path)
    message = str(err.value)
    assert message.startswith(str(path)) and "\n" not in message, message
    for word in words:
        assert word in message, message


def test_a_missing_target_column_or_unreadable_file_is_named(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(GOOD)
    with pytest.raises(ValueError, match=r"no column named 'price'.*a, b, y"):
        load_csv(path, target="price")
    with pytest.raises(ValueError, match="cannot read"):
        load_csv(tmp_path)
    with pytest.raises(ValueError, match="cannot read"):
        load_csv(tmp_path / "absent.csv")


def test_a_csv_round_trips_with_any_target_column(tmp_path):
    d = load_dataset("diabetes")
    path = tmp_path / "diabetes-target-first.csv"
    header = ["progression", *d.feature_names]
    rows = [",".join(header)] + [",".join(repr(float(v)) for v in (y, *x)) for x, y in zip(d.X, d.y, strict=True)]
    path.write_text("\ufeff" + "\r\n".join(rows) + "\r\n\r\n")  # a BOM, Windows line ends, a blank last line
    mine = load_csv(path, target="progression")
    assert mine.feature_names == d.feature_names and mine.target_name == "progression"
    np.testing.assert_array_equal(mine.X, d.X)
    np.testing.assert_array_equal(mine.y, d.y)
    default = load_csv(tmp_path / "diabetes-target-first.csv")  # the last column (s6) is the target
    assert default.target_name == "s6" and default.d == 10


# -- standardize ----------------------------------------------------------------------------------

def test_standardize_centres_and_scales_with_ddof_0_and_maps_coefficients_back():
    d = load_dataset("diabetes")
    Z, means, scales = standardize(d.X)
    n = d.n
    np.testing.assert_allclose(means, d.X.sum(0) / n)
    np.testing.assert_allclose(scales, np.sqrt(((d.X - d.X.sum(0) / n) ** 2).sum(0) / n))
    np.testing.assert_allclose(Z.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose((Z**2).mean(0), 1, atol=1e-12)
    # a fit on Z, mapped back, predicts the same values from the raw columns
    s = standardize(d.X)
    coefs = np.linalg.lstsq(s.Z, d.y - d.y.mean(), rcond=None)[0]
    w, intercept = s.original_coefs(coefs, y_mean=d.y.mean())
    np.testing.assert_allclose(d.X @ w + intercept, s.Z @ coefs + d.y.mean(), rtol=1e-10)
    ref = np.linalg.lstsq(with_intercept(d.X), d.y, rcond=None)[0]  # raw least squares: the same model
    np.testing.assert_allclose([intercept, *w], ref, rtol=1e-8)


def test_standardize_refuses_a_constant_column():
    with pytest.raises(ValueError, match="column 1 is constant"):
        standardize(np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 2.0]]))
