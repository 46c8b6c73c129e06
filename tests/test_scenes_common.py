"""Checks every registered scene must pass, at every aspect ratio."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scene_helpers import luma_mismatch, out_of_frame, text_overlaps, video_lumas

from scenes.registry import all_specs, get_spec
from scenes.render import RenderSettings, capture_scene, render_video, solve, still_frames, timeline

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


def beat_sample_frames(tl, fps: int, n_frames: int, per_beat: int = 3) -> list[int]:
    """Frame numbers spread through every beat: its first frame, ``per_beat`` inside, its last."""
    ends = [b.time for b in tl.beats[1:]] + [tl.duration]
    ks: set[int] = set()
    for b, e in zip(tl.beats, ends, strict=True):
        k0, k1 = int(round(b.time * fps)), min(int(round(e * fps)), n_frames) - 1
        ks |= {k0, k1} | {int(round(k0 + (k1 - k0) * (j + 1) / (per_beat + 1))) for j in range(per_beat)}
    return sorted(k for k in ks if 0 <= k < n_frames)


@pytest.mark.parametrize("quality", ["draft", "hd"])
@pytest.mark.parametrize("name", NAMES)
def test_video_frames_match_stills_in_every_beat(name, quality, tmp_path):
    """Decoded frames of the real video equal stills of the same moment, in every beat.

    Luma is compared pixel by pixel (no averaging): a ghost glyph a few pixels wide, a frozen
    readout or a caption one frame early fails it. Each quality keeps its frame rate and
    encoder; the frame is 320×180 so the whole scene renders in seconds.
    """
    settings = RenderSettings(quality=quality, pixel_size=(320, 180))
    fps = settings.frame_rate
    res = render_video(name, settings=settings, out_dir=tmp_path)
    video = video_lumas(res.outputs["mp4"])
    assert len(video) == res.frames
    ks = beat_sample_frames(res.timeline, fps, len(video))
    stills = still_frames(name, [k / fps for k in ks], settings=settings, params=get_spec(name).params_class())
    bad = {f"frame {k} ({k / fps:.2f} s)": m for k, still in zip(ks, stills, strict=True)
           if (m := luma_mismatch(video[k], still))}
    assert bad == {}
