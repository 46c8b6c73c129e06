"""Widgets: glyph-assembled numbers look like the typeset ones."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.widgets import formula, number_formula


@pytest.mark.parametrize("prefix, value", [("C = ", "2.21"), ("w_(L 1) = ", "(1.34, 0.44)"), ("λ = ", "−3.97"),
                                           ("x = ", "9876543210.5"), ("y = ", "0")])
def test_number_formula_matches_typst_glyph_for_glyph(prefix, value):
    fast, typeset = number_formula(prefix, value), formula(prefix + value)
    assert len(fast.submobjects) == len(typeset.submobjects)
    for a, b in zip(fast.submobjects, typeset.submobjects, strict=True):
        assert a.points.shape == b.points.shape  # the same glyph outline ...
        assert np.abs(a.points - b.points).max() < 0.01  # ... in the same place (< 1.4 px at 1080p)


def test_number_formula_falls_back_for_other_text():
    fast = number_formula("w = ", "5.4 times 10^(−3)")
    assert len(fast.submobjects) == len(formula("w = 5.4 times 10^(−3)").submobjects)
