"""The bites scene: bar heights and labels against sequences derived in the test."""

from __future__ import annotations

import numpy as np
import pytest
from scene_helpers import TINY

from l1l2 import capture_scene, solve, timeline
from scenes.kit.params import ParamError, apply_overrides
from scenes.kit.registry import get_spec

pytestmark = pytest.mark.render
SPEC = get_spec("bites")


def test_solve_matches_seed_arithmetic():
    out = solve("bites")["numbers"]
    assert out["drops"]["l1"] == pytest.approx([1.0, 1.1]) and out["drops"]["l2"] == pytest.approx([1999.0, 1.21])
    assert out["prefers"] == {"l1": "small", "l2": "big"}
    assert out["l2_any_zero"] is False


def test_last_step_bars_and_labels_match_equal_and_proportional_bites():
    p = SPEC.params_class()
    w = np.array(p.weight_list())
    bite, k = p.step * p.lam, p.n_steps
    l1 = np.maximum(w - k * bite, 0.0)  # equal bites, derived by hand (all weights > 0)
    l2 = w * (1 - 2 * p.step * p.lam) ** k  # proportional bites
    tl = timeline("bites", settings=TINY)
    t = tl.still_time("many_weights", TINY.frame_rate)
    scene = capture_scene("bites", [t], settings=TINY, params=p)
    for pen, expected in (("l1", l1), ("l2", l2)):
        bars = scene.weight_bars[pen]
        heights = np.array([b.height for b in bars])
        np.testing.assert_allclose(heights[expected > 0] / bars.box.height * bars.vmax, expected[expected > 0],
                                   rtol=1e-6)
        assert np.all(heights[expected == 0] < 1e-3)
    labels = scene.shown_labels
    assert labels["l1"].count("0") == int(np.sum(l1 == 0.0)) >= 2  # exact zeros shown as 0
    assert labels["l1"][0] == f"{l1[0]:.2f}"
    assert "0" not in labels["l2"] and labels["l2"][-1] == f"{l2[-1]:.2f}"


def test_weights_parameter_is_validated():
    with pytest.raises(ParamError, match="weights"):
        apply_overrides(SPEC.params_class, {"weights": "1,abc"})
    with pytest.raises(ParamError, match="weights"):
        apply_overrides(SPEC.params_class, {"weights": "1"})
    with pytest.raises(ParamError, match="weights"):
        apply_overrides(SPEC.params_class, {"weights": "1,-2"})
    with pytest.raises(ParamError, match="big_to"):
        apply_overrides(SPEC.params_class, {"big_to": 2000})
