"""Penalty slopes, subdifferentials and penalty-only steps (seed 001's arithmetic)."""

import numpy as np
import pytest

from mathcore import penalty_gradient, penalty_steps, penalty_subdifferential, penalty_value


def test_slopes_match_finite_differences_away_from_zero(rng):
    w = rng.uniform(0.05, 3, size=50) * rng.choice([-1, 1], size=50)
    h = 1e-7
    for pen in ("l1", "l2", "elastic"):
        fd = (penalty_value(w[:, None] + h, pen) - penalty_value(w[:, None] - h, pen)) / (2 * h)
        np.testing.assert_allclose(penalty_gradient(w, pen), fd, rtol=1e-6)


def test_subdifferential_at_zero_is_the_whole_interval():
    low, high = penalty_subdifferential(np.array([-2.0, 0.0, 3.0]), "l1")
    np.testing.assert_array_equal(low, [-1, -1, 1])
    np.testing.assert_array_equal(high, [-1, 1, 1])
    # every g in [-1, 1] is a subgradient at 0: |v| >= 0 + g*v for all v
    v = np.linspace(-2, 2, 41)
    for g in np.linspace(-1, 1, 9):
        assert np.all(np.abs(v) >= g * v - 1e-15)
    assert penalty_gradient(0.0, "l1") == 0.0
    lo2, hi2 = penalty_subdifferential(np.array([0.0, 0.5]), "l2")
    np.testing.assert_array_equal(lo2, hi2)


def test_seed_001_arithmetic():
    # scenario 1: 1000 -> 999; scenario 2: 1.1 -> 0
    drop = {pen: (penalty_value(1000.0, pen) - penalty_value(999.0, pen),
                  penalty_value(1.1, pen) - penalty_value(0.0, pen)) for pen in ("l1", "l2")}
    assert drop["l1"] == pytest.approx((1.0, 1.1))
    assert drop["l2"] == pytest.approx((1999.0, 1.21))


def test_equal_bites_vs_proportional_bites():
    w0 = np.array([2.0, 1.0, 0.5, 0.2, -0.3])
    l1 = penalty_steps(w0, lam=1.0, step=0.1, n_steps=30, penalty="l1")
    l2 = penalty_steps(w0, lam=1.0, step=0.1, n_steps=30, penalty="l2")
    # L1: every nonzero magnitude drops by exactly 0.1 per step until it is exactly 0
    for k in range(1, 31):
        expected = np.sign(w0) * np.maximum(np.abs(w0) - 0.1 * k, 0.0)
        np.testing.assert_allclose(l1[k], expected, atol=1e-12)
    assert np.all(l1[-1] == 0.0)
    assert l1[3][3] == 0.0 and l1[2][0] != 0.0  # the small weight leaves first
    # L2: every weight keeps its share; ratios to the start are all (1 - 2*0.1*1)^k; never 0
    np.testing.assert_allclose(l2[10] / w0, 0.8**10, rtol=1e-12)
    assert np.all(l2 != 0.0)


def test_penalty_steps_rejects_unstable_decay():
    with pytest.raises(ValueError, match="step"):
        penalty_steps([1.0], lam=5.0, step=0.2, n_steps=3, penalty="l2")


def test_l1_steps_reach_exact_zero_without_float_residue():
    # 0.6 - 0.05 * 12 accumulated step by step in floats leaves 1.4e-17; the exact answer is 0.
    w = np.array([0.6, 0.35])
    acc = w.copy()
    for _ in range(12):
        acc = np.sign(acc) * np.maximum(np.abs(acc) - 0.05, 0.0)
    assert acc[0] != 0.0  # the naive iteration really does leave a residue
    out = penalty_steps(w, lam=1.0, step=0.05, n_steps=12, penalty="l1")
    assert out[12][0] == 0.0 and out[7][1] == 0.0 and out[11][0] > 0.0
