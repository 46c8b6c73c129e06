"""The gradient scene: arrows to scale, exact vs nearly-zero readouts, iterates from mathcore."""

from __future__ import annotations

import numpy as np
import pytest
from scene_helpers import TINY

from l1l2 import capture_scene, solve, timeline
from scenes.kit.params import ParamError, apply_overrides
from scenes.kit.registry import get_spec

pytestmark = pytest.mark.render
SPEC = get_spec("gradient")


def hand_numbers(p):
    x = np.linspace(-p.x_spread, p.x_spread, p.n_points)
    y = p.true_w * x
    a, w0 = np.mean(x * x), np.sum(x * y) / np.sum(x * x)
    return a, w0


def test_arrows_are_to_scale_with_the_gradients():
    p = SPEC.params_class()
    a, w0 = hand_numbers(p)
    tl = timeline("gradient", settings=TINY)
    t = tl.still_time("near_zero", TINY.frame_rate)
    scene = capture_scene("gradient", [t], settings=TINY, params=p)
    w = float(scene.w.get_value())
    assert w == pytest.approx(0.08 * p.start)
    expected = {"data_l1": -2 * a * (w - w0), "pen_l1": -p.lam * np.sign(w),
                "data_l2": -2 * a * (w - w0), "pen_l2": -2 * p.lam * w}
    expected["net_l1"] = expected["data_l1"] + expected["pen_l1"]
    expected["net_l2"] = expected["data_l2"] + expected["pen_l2"]
    from scenes.gradient import MIN_ARROW

    clamped = []
    for key, pull in expected.items():
        arrow = scene.arrows[key]
        dx = arrow.get_end()[0] - arrow.get_start()[0]
        if abs(pull * scene.arrow_scale) >= MIN_ARROW:
            assert dx == pytest.approx(pull * scene.arrow_scale, rel=1e-6), key
        else:  # too short to read as an arrow: drawn at the minimum length, its value printed
            assert dx == pytest.approx(np.sign(pull) * MIN_ARROW), key
            clamped.append(key)
    assert clamped == ["pen_l2"]  # the fading L2 pull near 0 (0.08)
    label = scene.arrow_values["pen_l2"]
    assert label.shown == f"{abs(expected['pen_l2']):.2f}" and label.get_fill_opacity() > 0.9
    # near 0 the net pull of L1 points to 0, the net pull of L2 away from it (toward its minimizer)
    assert expected["net_l1"] < 0 < expected["net_l2"]
    # L1's push is the same length at the start and near 0; L2's is 12.5 times shorter
    assert abs(expected["pen_l1"]) == pytest.approx(p.lam)
    assert abs(scene.numbers.pulls(p.start)["l2"]) / abs(expected["pen_l2"]) == pytest.approx(1 / 0.08)


def test_last_readouts_exact_zero_vs_nearly_zero():
    p = SPEC.params_class()
    tl = timeline("gradient", settings=TINY)
    t = tl.still_time("exact_vs_nearly", TINY.frame_rate)
    scene = capture_scene("gradient", [t], settings=TINY, params=p)
    r = scene.run_readouts
    assert r["proximal"].shown == "0" and r["proximal"].value == 0.0
    assert r["subgradient"].value != 0.0 and r["subgradient"].shown != "0"
    a, w0 = hand_numbers(p)
    w_star = a * w0 / (a + p.lam)
    # gradient descent on a(w − w0)² + λw² contracts the error by 1 − 2η(a + λ) per step
    expected = w_star + (1 - 2 * p.step * (a + p.lam)) ** p.n_steps * (p.start - w_star)
    assert r["gd"].value == pytest.approx(expected, rel=1e-9) and r["gd"].value > w_star
    # the drawn trace ends at the last iterate
    end = scene.chart.p2c(scene.trace_dots["subgradient"].get_center())
    assert end[1] == pytest.approx(r["subgradient"].value, abs=1e-9)


def test_solve_two_d_proximal_lands_exactly_on_axis():
    out = solve("gradient")["numbers"]
    assert out["last"]["proximal"] == 0.0 and out["last"]["subgradient"] != 0.0
    two = out["two_d"]
    assert two["last"]["proximal"][1] == 0.0 and two["exact_l1"][1] == 0.0
    assert two["last"]["subgradient"][1] != 0.0 and two["last"]["gd"][1] != 0.0
    np.testing.assert_allclose(two["last"]["proximal"], two["exact_l1"], atol=1e-9)


def test_bad_params():
    with pytest.raises(ParamError, match="h12"):
        apply_overrides(SPEC.params_class, {"h12": 2.0})
    with pytest.raises(ParamError, match="step"):
        apply_overrides(SPEC.params_class, {"step": 5.0})
    with pytest.raises(ParamError, match="start"):
        apply_overrides(SPEC.params_class, {"start": 0})


def test_the_subgradient_band_is_where_a_hand_run_keeps_jumping_not_its_last_step():
    """Issue 22: "subgradient ends at w₂ = −2.2 × 10⁻³" was a lucky last step. A hand-written run
    (w ← w − η(2H(w − c) + λ·sign(w))) keeps jumping across 0; the 2-D band spans its w₂ over the
    last half of the steps, and the caption names that band, not the last value."""
    p = SPEC.params_class()
    H, c = np.array([[p.h11, p.h12], [p.h12, p.h22]]), np.array([p.c1, p.c2])
    w = np.array([-0.6, 1.1]) * max(1.0, float(np.abs(c).max()))
    w2, w1s = [w[1]], [w[0]]
    for _ in range(p.n_steps_2d):
        w = w - p.step_2d * (2 * H @ (w - c) + p.lam_2d * np.sign(w))
        w2.append(w[1])
        w1s.append(w[0])
    tail = w2[len(w2) // 2:]
    lo, hi = min(tail), max(tail)
    assert lo < 0 < hi and hi - lo > 0.3 and abs(w2[-1]) < 0.01  # the last step looked like a zero; it is not
    tl = timeline("gradient", settings=TINY)
    beat = next(b for b in tl.beats if b.name == "two_d")
    assert f"{lo:.2f}".replace("-", "−") in beat.caption and f"{hi:.2f}" in beat.caption
    assert "ends at" not in beat.caption
    scene = capture_scene("gradient", [tl.still_time("two_d", TINY.frame_rate)], settings=TINY, params=p)
    axes = scene.two_d[0].axes
    ys = sorted(axes.p2c(v)[1] for v in scene.band_2d.get_vertices())
    assert ys[0] == pytest.approx(lo, abs=1e-9) and ys[-1] == pytest.approx(hi, abs=1e-9)
    # the zoom (review round 3: the zig-zag was ~15 px wide): the jumps drawn at least 4× larger, at the hand
    # run's own w₂ values, on both sides of the axis
    zoom = scene.zoom_2d
    w1 = [run_w1 for run_w1 in w1s[len(w1s) // 2:]]
    width = {name: abs(a.c2p(max(w1), 0)[0] - a.c2p(min(w1), 0)[0]) for name, a in (("main", axes),
                                                                                     ("zoom", zoom.axes))}
    assert width["zoom"] > 4 * width["main"], width
    sub = zoom.paths[0]
    drawn = np.array([zoom.axes.p2c(q)[1] for piece in sub for q in piece.get_anchors()])
    assert drawn.min() < 0 < drawn.max()
    for v in tail[-4:]:
        assert np.min(np.abs(drawn - v)) < 0.02 * (hi - lo)


def test_the_two_l1_runs_coincide_until_a_step_would_cross_zero():
    """three_runs: "The two L1 runs coincide until a step would cross 0" (review round 2: the dashed run hid
    under the solid one). Hand-written steps on the scene's loss: subgradient w − η(ℓ'(w) + λ sign w), proximal
    the soft-threshold of w − η ℓ'(w) at ηλ."""
    from scenes.gradient import GradientNumbers

    p = SPEC.params_class()
    loss = GradientNumbers(p).loss
    sub, prox = [p.start], [p.start]
    for _ in range(p.n_steps):
        w = sub[-1]
        sub.append(w - p.step * (float(loss.grad(w)) + p.lam * np.sign(w)))
        z = prox[-1] - p.step * float(loss.grad(prox[-1]))
        prox.append(np.sign(z) * max(abs(z) - p.step * p.lam, 0.0))
    first = next(k for k in range(len(sub)) if abs(sub[k] - prox[k]) > 1e-12)
    assert first > 1 and np.sign(sub[first]) != np.sign(sub[first - 1]) and prox[first] == 0.0
    assert all(np.sign(sub[k]) == np.sign(sub[0]) for k in range(first))  # no crossing before
    tl = timeline("gradient", settings=TINY)
    assert "The two L1 runs coincide until a step would cross 0." in next(b.caption for b in tl.beats
                                                                          if b.name == "three_runs")
