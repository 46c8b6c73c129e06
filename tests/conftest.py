import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

LATEX_TOOLS = ("latex", "pdflatex", "xelatex", "lualatex", "dvisvgm")


def pytest_configure(config):
    """Every test runs with fake LaTeX tools first on PATH that fail loudly: a scene that reached for
    LaTeX (a ``MathTex``, or manim's hidden defaults in ``DecimalNumber``, axis numbers, ``add_coordinates``)
    fails its render test instead of passing on a machine that happens to have TeX installed."""
    if os.environ.get("L1L2_FAKE_LATEX"):
        return  # already set up by the controlling process (xdist workers inherit it)
    fake = Path(tempfile.mkdtemp(prefix="l1l2-no-latex-"))
    for tool in LATEX_TOOLS:
        script = fake / tool
        script.write_text(f"#!/bin/sh\necho '{tool} was called: scenes must not use LaTeX' >&2\nexit 1\n")
        script.chmod(0o755)
    os.environ["PATH"] = f"{fake}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ["L1L2_FAKE_LATEX"] = str(fake)


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
