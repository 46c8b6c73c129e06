"""The shrink scene, rendered tiny: beats, frame bounds, text overlap, marker positions vs mathcore."""

from __future__ import annotations

import numpy as np
import pytest
from scene_helpers import TINY, color_centroid, out_of_frame, text_overlaps

from l1l2 import capture_scene, timeline
from scenes.kit.params import apply_overrides
from scenes.kit.registry import get_spec
from scenes.kit.style import THEMES

pytestmark = pytest.mark.render
SPEC = get_spec("shrink")


def independent_numbers(p):
    """The 1-D lasso/ridge solutions derived here from the data, not from mathcore."""
    x = np.linspace(-p.x_spread, p.x_spread, p.n_points)
    y = p.true_w * x + np.random.default_rng(p.seed).standard_normal(p.n_points) * p.noise
    a = np.mean(x * x)
    w0 = np.sum(x * y) / np.sum(x * x)
    def l1(lam):
        return np.sign(w0) * max(abs(w0) - lam / (2 * a), 0.0)
    def l2(lam):
        return a * w0 / (a + lam)
    return a, w0, l1, l2


@pytest.fixture(scope="session")  # session: a module fixture re-renders when xdist interleaves files
def tl():
    return timeline("shrink", settings=TINY)


def test_beats_in_story_order_with_increasing_times(tl):
    assert [b.name for b in tl.beats] == list(SPEC.beats)
    times = [b.time for b in tl.beats]
    assert times[0] == 0.0
    assert all(t1 > t0 for t0, t1 in zip(times, times[1:], strict=False))
    assert tl.duration > times[-1]


def _marker_x(scene, frame, color):
    """Pixel centroid of the marker triangle under the main x-axis, mapped back to w."""
    axes = scene.axes
    h, w = frame.shape[:2]
    fw, fh = scene.camera.frame_width, scene.camera.frame_height

    def to_px(pt):
        return (pt[0] + fw / 2) / fw * w, (fh / 2 - pt[1]) / fh * h

    left, y_axis = to_px(axes.c2p(axes.x_range[0], 0))
    right, _ = to_px(axes.c2p(axes.x_range[1], 0))
    band = (int(left), int(right), int(y_axis) + 1, int(y_axis + 0.3 / fh * h))
    c = color_centroid(frame, color, band)
    assert c is not None, f"no {color} marker under the axis"
    x_scene = c[0] / w * fw - fw / 2
    return axes.p2c(np.array([x_scene, 0.0, 0.0]))[0], (axes.x_range[1] - axes.x_range[0]) / (right - left)


@pytest.mark.parametrize("overrides", [{}, {"true_w": -0.8, "lam": 0.1, "lam_max": 2.0, "noise": 0.1}])
def test_marker_pixels_match_independent_minimizers(overrides):
    p = apply_overrides(SPEC.params_class, overrides)
    _, _, l1, l2 = independent_numbers(p)
    tl = timeline("shrink", settings=TINY, params=p)
    pal = THEMES["dark"]
    for beat, lam in (("sums", p.lam), ("takeaway", p.lam_max)):
        t = tl.still_time(beat, TINY.frame_rate)
        scene = capture_scene("shrink", [t], settings=TINY, params=p)
        frame = scene.captured[t]
        for color, expected in ((pal.l1, l1(lam)), (pal.l2, l2(lam))):
            w_px, w_per_px = _marker_x(scene, frame, color)
            assert w_px == pytest.approx(expected, abs=1.5 * w_per_px), (beat, color)
    # In the last frame the L1 marker stands on exactly 0 (mathcore's exact zero), L2 does not.
    assert scene.markers["l1"][2].w_value == 0.0
    assert scene.markers["l2"][2].w_value == pytest.approx(l2(p.lam_max), rel=1e-12)
    assert scene.markers["l2"][2].w_value != 0.0


def test_readouts_show_exact_zero_as_0(tl):
    t = tl.still_time("takeaway", TINY.frame_rate)
    scene = capture_scene("shrink", [t], settings=TINY, params=SPEC.params_class())
    assert scene.w_readouts["l1"].shown == "0"
    assert scene.w_readouts["l2"].shown == f"{1 * 0.4 * 0.5 / (0.4 + 1.0):.2f}"  # a = 0.4 for 11 points on [-1, 1]


def test_geometry_checks_catch_what_they_claim(tmp_path):
    """The frame and overlap checks above are only worth something if they can fail."""
    from types import SimpleNamespace

    from manim import MathTypst, tempconfig

    with tempconfig({"media_dir": str(tmp_path)}):
        inside = MathTypst("w = 0.25").move_to([0, 0, 0])
        crossing = MathTypst("λ = 1").move_to([0.1, 0.05, 0])
        off = MathTypst("w_0").move_to([7.5, 0, 0])
    cam = SimpleNamespace(frame_width=14.2, frame_height=8.0)
    assert out_of_frame(SimpleNamespace(mobjects=[inside], camera=cam)) == []
    assert out_of_frame(SimpleNamespace(mobjects=[inside, off], camera=cam)) != []
    assert text_overlaps(SimpleNamespace(mobjects=[inside, off], camera=cam)) == []
    assert len(text_overlaps(SimpleNamespace(mobjects=[inside, crossing], camera=cam))) == 1


def test_readout_never_grows_past_its_max_width(tmp_path):
    from manim import tempconfig

    from scenes.kit.typeset import Readout

    with tempconfig({"media_dir": str(tmp_path)}):
        r = Readout("w^*_(L 1)", 0.25, color="#56B4E9")
        r.max_width = r.width * 1.1
        left = r.get_left()[0]
        r.set_value(0.0056)  # becomes "5.6 × 10^(−3)": much longer
        assert r.shown == "5.6 times 10^(−3)"
        assert r.width <= r.max_width + 1e-9 and r.get_left()[0] == pytest.approx(left)
        r.set_value(0.0)
        assert r.shown == "0"


@pytest.mark.parametrize("fps", [10, 30, 60])
def test_sweep_lands_on_lambda_star_in_its_last_frame(fps):
    """The frame before the l1_hits_zero caption shows λ = λ* and an L1 readout of exactly 0
    (with a plain linear sweep it showed λ one step short and w*_L1 = 2.8·10⁻³)."""
    from l1l2 import RenderSettings

    settings = RenderSettings(quality="preview", pixel_size=(160, 90), fps=fps)
    p = SPEC.params_class()
    a, w0, l1, _ = independent_numbers(p)
    lam_star = 2 * a * abs(w0)
    t_hit = {b.name: b.time for b in timeline("shrink", settings=settings).beats}["l1_hits_zero"]
    t = round(t_hit * fps - 1) / fps  # the sweep's last frame
    seen = {}

    class Probe(SPEC.scene_class):
        def on_capture(self, at):
            seen["lam"] = self.lam.get_value()
            seen["l1"] = self.w_readouts["l1"].shown
            seen["caption"] = self.beat_log[-1].name

    capture_scene("shrink", [t], settings=settings, params=p, scene_class=Probe)
    assert seen["caption"] == "sweep"
    assert seen["lam"] == pytest.approx(lam_star, rel=1e-12)
    assert l1(seen["lam"]) == 0.0 and seen["l1"] == "0"
