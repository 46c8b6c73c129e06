"""Checks every registered scene must pass, at every aspect ratio."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scene_helpers import out_of_frame, text_overlaps

from scenes.registry import all_specs, get_spec
from scenes.render import RenderSettings, capture_scene, solve, timeline

pytestmark = pytest.mark.render
NAMES = [s.name for s in all_specs()]


@pytest.mark.parametrize("aspect", ["16:9", "1:1", "9:16"])
@pytest.mark.parametrize("name", NAMES)
def test_inside_frame_and_no_text_overlap_throughout(name, aspect):
    spec = next(s for s in all_specs() if s.name == name)
    settings = RenderSettings(quality="preview", aspect=aspect, fps=10)
    tl = timeline(name, settings=settings)
    beat_ends = [tl.still_time(b.name, settings.frame_rate) for b in tl.beats]
    step = 0.5 if aspect == "16:9" else 2.0  # every beat end, and a grid through the whole scene
    times = sorted(set(beat_ends) | set(np.arange(0.25, tl.duration, step)))
    problems: dict[float, list[str]] = {}

    class Checked(spec.scene_class):
        def on_capture(self, t):
            problems[t] = out_of_frame(self) + text_overlaps(self)

    capture_scene(name, times, settings=settings, params=spec.params_class(), scene_class=Checked)
    assert sorted(problems) == times  # every time was checked
    assert {f"{t:.2f}s": p for t, p in problems.items() if p} == {}


@pytest.mark.parametrize("name", NAMES)
def test_beats_in_declared_order_and_solve_is_json(name):
    spec = next(s for s in all_specs() if s.name == name)
    tl = timeline(name, settings=RenderSettings(quality="preview", fps=10))
    assert [b.name for b in tl.beats] == list(spec.beats)
    times = [b.time for b in tl.beats]
    assert times[0] == 0.0 and all(b > a for a, b in zip(times, times[1:], strict=False)) and tl.duration > times[-1]
    assert all(b.caption and "{" not in b.caption for b in tl.beats)  # every template was filled
    json.dumps(solve(name))


VIDEO = RenderSettings(quality="preview", pixel_size=(192, 108), fps=5)


@pytest.mark.parametrize("name", [s.name for s in all_specs()])
def test_video_frames_match_stills_mid_animation(name, tmp_path):
    """The real render and the still capture agree in the middle of every beat. manim redraws only
    the mobjects it thinks move (those with updaters or animated); one mutated by another's updater
    is baked into a frozen background in the video while stills (full redraws) look right."""
    import av

    from scenes.render import render_video, still_frames

    res = render_video(name, settings=VIDEO, out_dir=tmp_path)
    with av.open(str(res.outputs["mp4"])) as c:
        frames = [f.to_ndarray(format="rgb24").astype(float) for f in c.decode(c.streams.video[0])]
    beats = res.timeline.beats
    ends = [b.time for b in beats[1:]] + [res.timeline.duration]
    times = [round(((b.time + e) / 2) * VIDEO.frame_rate) / VIDEO.frame_rate for b, e in zip(beats, ends, strict=True)]
    stills = still_frames(name, times, settings=VIDEO, params=get_spec(name).params_class())
    for t, still in zip(times, stills, strict=True):
        k = min(int(round(t * VIDEO.frame_rate)), len(frames) - 1)
        diffs = [np.abs(frames[j] - still[..., :3]).mean() for j in (k - 1, k, k + 1) if 0 <= j < len(frames)]
        assert min(diffs) < 3.0, (name, t, [round(d, 2) for d in diffs])
