import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(20261124)


def random_spd(rng, d, cond_max=20.0):
    """A random symmetric positive-definite matrix with condition number <= cond_max."""
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    evals = np.exp(rng.uniform(0, np.log(cond_max), size=d))
    return (Q * evals) @ Q.T


def random_data(rng, n, d, sparse=True):
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d) * (rng.uniform(size=d) < 0.5 if sparse else 1)
    y = X @ w + 0.5 * rng.normal(size=n)
    return X - X.mean(0), y - y.mean()
