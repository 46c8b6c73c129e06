import numpy as np
import pytest
from conftest import random_data, random_spd

from mathcore import Quadratic


def test_from_data_equals_mse_everywhere(rng):
    for d in (1, 2, 5):
        X, y = random_data(rng, 40, d)
        loss = Quadratic.from_data(X, y)
        W = rng.normal(size=(30, d))
        direct = np.mean((y[None, :] - W @ X.T) ** 2, axis=1)
        np.testing.assert_allclose(loss.value(W), direct, rtol=1e-12)


def test_from_data_1d_is_scalar_and_matches_mse(rng):
    x = rng.normal(size=25)
    y = 0.5 * x + 0.1 * rng.normal(size=25)
    loss = Quadratic.from_data(x, y)
    assert loss.is_scalar and loss.dim == 1
    ws = np.linspace(-2, 2, 41)
    direct = np.array([np.mean((y - w * x) ** 2) for w in ws])
    np.testing.assert_allclose(loss.value(ws), direct, rtol=1e-12)
    assert loss.value(loss.c) == pytest.approx(direct.min(), abs=1e-3)


def test_grad_matches_finite_differences(rng):
    loss = Quadratic(random_spd(rng, 3), rng.normal(size=3), 0.7)
    w = rng.normal(size=(4, 3))
    h = 1e-6
    fd = np.stack([(loss.value(w + h * e) - loss.value(w - h * e)) / (2 * h) for e in np.eye(3)], -1)
    np.testing.assert_allclose(loss.grad(w), fd, rtol=1e-6, atol=1e-6)


def test_level_ellipse_points_have_that_level(rng):
    loss = Quadratic(random_spd(rng, 2), rng.normal(size=2), 0.3)
    pts = loss.level_ellipse(2.0, 50)
    np.testing.assert_allclose(loss.value(pts), 2.0, rtol=1e-12)


@pytest.mark.parametrize(
    "H, c, word",
    [
        (np.array([[1.0, 2.0], [2.0, 1.0]]), [0.0, 0.0], "positive definite"),
        (np.array([[1.0, 0.5], [0.0, 1.0]]), [0.0, 0.0], "symmetric"),
        (np.eye(2), [0.0, np.nan], "c must be finite"),
        (np.eye(2), [0.0, 0.0, 1.0], "shape"),
        (-1.0, 0.5, "H must be positive"),
        (np.full((2, 2), np.inf), [0.0, 0.0], "H must be finite"),
    ],
)
def test_bad_quadratic_names_the_problem(H, c, word):
    with pytest.raises(ValueError, match=word):
        Quadratic(H, c)


def test_rank_deficient_data_is_rejected():
    X = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    with pytest.raises(ValueError, match="full column rank"):
        Quadratic.from_data(X, np.array([1.0, 2.0, 3.0]))
