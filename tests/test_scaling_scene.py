"""The scaling scene: entry orders and bars against scikit-learn's LARS-lasso path on raw and standardized
diabetes data, before and after the unit change; the standardized path's invariance to 1e-12."""

from __future__ import annotations

import re

import numpy as np
import pytest
from scene_helpers import TINY
from sklearn.linear_model import lars_path

from l1l2 import capture_scene, timeline
from mathcore import load_dataset
from scenes.kit.registry import get_spec

SPEC = get_spec("scaling")
P = SPEC.params_class()
D = load_dataset("diabetes")
J = D.feature_names.index("s1")


def sk_path(X, y, standardize):
    Xc = X - X.mean(axis=0)
    if standardize:
        Xc = Xc / Xc.std(axis=0)
    _, _, coefs = lars_path(Xc, y - y.mean(), method="lasso")
    coefs = coefs.T
    l1 = np.abs(coefs).sum(axis=1)
    order = []
    for k in range(1, len(coefs)):
        order += [int(j) for j in np.flatnonzero((coefs[k - 1] == 0) & (coefs[k] != 0)) if int(j) not in order]
    return l1 / l1[-1], coefs, order


def in_mmol():
    X = D.X.copy()
    X[:, J] /= 38.67  # total cholesterol: mg/dL → mmol/L
    return X


def test_the_standardized_path_is_the_same_in_any_units_to_1e_12():
    before, after = sk_path(D.X, D.y, True), sk_path(in_mmol(), D.y, True)
    assert before[2] == after[2]
    np.testing.assert_allclose(after[1], before[1], rtol=0, atol=1e-12 * np.abs(before[1]).max())
    np.testing.assert_allclose(after[0], before[0], rtol=0, atol=1e-12)
    # and mathcore's standardized paths, as the scene computes them, agree with scikit-learn's
    from scenes.scaling import ScalingNumbers

    m = ScalingNumbers(P)
    for when in ("before", "after"):
        view = m.views[("std", when)]
        np.testing.assert_allclose(view.coefs, before[1], atol=1e-9 * np.abs(before[1]).max())
    assert m.std_change <= 1e-12


@pytest.fixture(scope="session")  # session: a module fixture re-renders when xdist interleaves files
def scene():
    """The scene at the end of the units beat (raw, both units side by side) and of the invariant beat
    (standardized, both units side by side): ``scene.at[beat]`` is ``{"left": chart, "right": chart}``."""
    tl = timeline("scaling", settings=TINY)
    times = {tl.still_time(b, TINY.frame_rate): b for b in ("units", "invariant")}
    seen = {}

    class Watched(SPEC.scene_class):
        def on_capture(self, t):
            seen[times[t]] = {k: chart.copy() for k, chart in self.charts.items()}  # later beats move them

    out = capture_scene("scaling", sorted(times), settings=TINY, params=P, scene_class=Watched)
    out.at = seen
    return out


def drawn_ranks(chart):
    return [re.sub(r"[^0-9–]", "", row[2].typst_code) for row in chart.rows]


@pytest.mark.render
def test_the_raw_order_follows_the_units_as_scikit_learn_finds(scene):
    # side by side: mg/dL on the left, mmol/L on the right (issue 22: one replaced the other)
    for X, chart, last in ((D.X, scene.at["units"]["left"], False), (in_mmol(), scene.at["units"]["right"], True)):
        _, _, order = sk_path(X, D.y, False)
        assert (order[-1] == J) if last else (order[0] == J)  # s1 enters first in mg/dL, last in mmol/L
        ranks = drawn_ranks(chart)
        assert [ranks[j] for j in order] == [str(k + 1) for k in range(len(order))]


@pytest.mark.render
def test_each_bar_starts_where_scikit_learns_path_makes_that_weight_non_zero(scene):
    s, coefs, order = sk_path(D.X, D.y, True)
    chart = scene.at["invariant"]["left"]
    x0 = chart.x_of(0.0)
    x1 = chart.x_of(1.0)
    for j, row in enumerate(chart.rows):
        first = row[1][0]
        start = (first.get_start()[0] - x0) / (x1 - x0)
        k = next(k for k in range(1, len(coefs)) if coefs[k, j] != 0)
        assert start == pytest.approx(s[k - 1], abs=1e-9), D.feature_names[j]
        assert (row[1][-1].get_end()[0] - x0) / (x1 - x0) == pytest.approx(1.0, abs=1e-9)
    assert drawn_ranks(chart) == [str(order.index(j) + 1) for j in range(len(order))]


@pytest.mark.render
def test_a_narrow_gap_is_widened_and_ringed_where_scikit_learn_has_the_weight_at_zero(scene):
    """Issue 22: 1 px gaps read as rendering seams. Each stretch of s where a weight that had entered is exactly
    0 again (from scikit-learn's raw mg/dL path) is a gap in its bar, centred where scikit-learn has it; a gap
    narrower than MIN_GAP is widened to it (unless that would eat a neighbour) and ringed."""
    from scenes.scaling import MIN_GAP

    s, coefs, _ = sk_path(D.X, D.y, False)
    chart = scene.at["units"]["left"]
    x0, x1 = chart.x_of(0.0), chart.x_of(1.0)
    found = 0
    for j, row in enumerate(chart.rows):
        spans = []  # where the weight is non-zero inside a segment, merged
        for k in range(len(s) - 1):
            if coefs[k, j] != 0 or coefs[k + 1, j] != 0:
                if spans and spans[-1][1] == s[k]:
                    spans[-1][1] = s[k + 1]
                else:
                    spans.append([s[k], s[k + 1]])
        true_gaps = [(a[1], b[0]) for a, b in zip(spans, spans[1:], strict=False)]
        bars = sorted(row[1], key=lambda b: b.get_start()[0])
        drawn = [(a.get_end()[0], b.get_start()[0]) for a, b in zip(bars, bars[1:], strict=False)]
        assert len(drawn) == len(true_gaps), D.feature_names[j]
        narrow = 0
        for (da, db), (ta, tb) in zip(drawn, true_gaps, strict=True):
            ta, tb = x0 + (x1 - x0) * ta, x0 + (x1 - x0) * tb
            assert (da + db) / 2 == pytest.approx((ta + tb) / 2, abs=1e-6)
            if tb - ta < MIN_GAP:
                narrow += 1
                assert db - da == pytest.approx(MIN_GAP, abs=1e-6) or db - da == pytest.approx(tb - ta, abs=1e-6)
            else:
                assert (da, db) == (pytest.approx(ta, abs=1e-6), pytest.approx(tb, abs=1e-6))
            found += 1
        assert len(row[3]) == narrow, D.feature_names[j]
    assert found >= 1


def test_condition_numbers_and_which_side_of_30_they_fall():
    """The longley and collinear beats: κ = σ_max/σ_min from the singular values (scikit-learn's scaler for the
    standardized columns, an explicit intercept column for the raw design). Standardizing brings diabetes under
    Belsley's 30 and leaves Longley over it: the picture shades over 30 and the caption says Longley's is still
    far above."""
    from sklearn.preprocessing import StandardScaler

    from scenes.scaling import ScalingNumbers

    m = ScalingNumbers(P)
    for name in ("diabetes", "longley"):
        X = load_dataset(name).X
        s = np.linalg.svd(np.column_stack([np.ones(len(X)), X]), compute_uv=False)
        z = np.linalg.svd(StandardScaler().fit_transform(X), compute_uv=False)
        assert m.cond[name]["raw"] == pytest.approx(s[0] / s[-1], rel=1e-9)
        assert m.cond[name]["standardized"] == pytest.approx(z[0] / z[-1], rel=1e-9)
    assert m.cond["diabetes"]["standardized"] < 30 < m.cond["longley"]["standardized"]
    assert m.cond["longley"]["standardized"] > 3 * 30  # "far above"
    captions = [b.caption for b in timeline("scaling").beats]
    # the raw number is of the design with its intercept column (Longley's published 5 × 10⁹ is), so the caption
    # says so and calls standardizing what it is, centring then scaling (round 4: "units" alone hid the offsets)
    assert any("diabetes 7236 raw" in c and "4.9 times 10^9" in c and "intercept column" in c
               and "centred, then scaled): 21.7 and $111$" in c for c in captions)
