"""The penalties scene: slopes and update numbers come from mathcore and match calculus."""

from __future__ import annotations

import numpy as np
import pytest
from scene_helpers import TINY

from l1l2 import capture_scene, solve, timeline
from scenes.kit.params import apply_overrides
from scenes.kit.registry import get_spec

pytestmark = pytest.mark.render
SPEC = get_spec("penalties")


@pytest.mark.parametrize("overrides", [{}, {"slide_to": 0.3, "w_max": 2.0, "slide_from": 1.8}])
def test_slide_ends_where_the_slopes_are_1_and_2w(overrides):
    p = apply_overrides(SPEC.params_class, overrides)
    tl = timeline("penalties", settings=TINY, params=p)
    t = tl.still_time("near_zero", TINY.frame_rate)
    scene = capture_scene("penalties", [t], settings=TINY, params=p)
    dots, sdots, _, readouts = scene.slide_group
    # d|w|/dw = 1 and d(w^2)/dw = 2w at w = slide_to, derived by hand
    for dot, expected in ((sdots[0], 1.0), (sdots[1], 2 * p.slide_to)):
        w, g = scene.slope_axes.p2c(dot.get_center())
        assert w == pytest.approx(p.slide_to, abs=1e-9) and g == pytest.approx(expected, abs=1e-9)
    for dot, expected in ((dots[0], p.slide_to), (dots[1], p.slide_to**2)):
        assert scene.value_axes.p2c(dot.get_center())[1] == pytest.approx(expected, abs=1e-9)
    assert readouts[0].shown == "1.00" and readouts[1].shown == f"{2 * p.slide_to:.2f}"


def test_solve_numbers():
    out = solve("penalties", {"step": 0.2, "lam": 0.5})["numbers"]
    assert out["l2_decay_factor"] == pytest.approx(1 - 2 * 0.2 * 0.5)
    assert out["l1_bite"] == pytest.approx(0.1)
    assert out["slopes"]["0"]["l1"] == [-1.0, 1.0]  # the subdifferential at the kink
    assert out["slopes"]["1.4"]["l2"] == pytest.approx(2.8)


def test_bad_params_are_rejected():
    from scenes.kit.params import ParamError

    with pytest.raises(ParamError, match="slide_from"):
        apply_overrides(SPEC.params_class, {"slide_from": 3.0})
    with pytest.raises(ParamError, match="step"):
        apply_overrides(SPEC.params_class, {"step": 0.9, "lam": 1.0})
    assert np.isfinite(SPEC.params_class().w_max)


def test_the_weight_decay_beat_steps_both_dots_as_the_caption_says():
    """Issue 22 review: the step contrast was only text. Twelve penalty steps from the slide's end: the L1 dot
    loses ηλ a step and stops at exactly 0; the L2 dot keeps (1 − 2ηλ) of itself a step (by hand)."""
    p = SPEC.params_class()
    tl = timeline("penalties", settings=TINY)
    scene = capture_scene("penalties", [tl.still_time("weight_decay", TINY.frame_rate)], settings=TINY, params=p)
    dots = scene.slide_group[0]
    l1 = scene.value_axes.p2c(dots[0].get_center())[0]
    l2 = scene.value_axes.p2c(dots[1].get_center())[0]
    assert p.slide_to - 12 * p.step * p.lam <= 0  # enough steps to reach 0 ...
    assert l1 == pytest.approx(0.0, abs=1e-9)  # ... and it stops there
    assert l2 == pytest.approx(p.slide_to * (1 - 2 * p.step * p.lam) ** 12, rel=1e-9)
    assert scene.stepped["l1"][-1] == 0.0
    # its slope dot fell from 1 to sign(0) = 0: on the kink's bar, which spans ∂|w|(0) = [−1, 1], as the
    # caption says (review round 3: the drop had no word)
    np.testing.assert_allclose(scene.slope_axes.p2c(scene.slide_group[1][0].get_center()), [0.0, 0.0], atol=1e-9)
    bar = sorted(scene.slope_axes.p2c(q)[1] for q in scene.kink[0].get_start_and_end())
    assert bar[0] == pytest.approx(-1.0) and bar[1] == pytest.approx(1.0)
    caption = next(b.caption for b in tl.beats if b.name == "weight_decay")
    assert "stops at 0" in caption and "kink" in caption
