"""Stills without waiting: a beat's still in one run that stops at the next beat, and the still and timeline caches.

Issue 26: a still of shrink's first beat ran the whole scene twice (once to learn the beat
times, once to draw), and an unchanged still was drawn again every time.
"""

from __future__ import annotations

import numpy as np
import pytest
from scene_helpers import TINY

import l1l2.run
import l1l2.stills
from l1l2 import render_still, still_frames, timeline
from l1l2.run import Timeline
from l1l2.stills import beat_end_frame, capture_scene
from scenes.kit.registry import get_spec

pytestmark = pytest.mark.render


@pytest.fixture
def runs(monkeypatch):
    """Every scene run made through the stills module, as (scene class name, still beat or None)."""
    made: list[tuple[str, str | None]] = []
    real = l1l2.run.run_scene

    def counted(cls, settings, work, *, dry, output_file="out"):
        made.append((cls.__name__, getattr(cls, "still_beat", None)))
        return real(cls, settings, work, dry=dry, output_file=output_file)

    monkeypatch.setattr(l1l2.stills, "run_scene", counted)
    monkeypatch.setattr(l1l2.run, "run_scene", counted)
    return made


def test_a_beat_still_in_one_run_is_the_frame_the_whole_timeline_gives():
    """For the first, a middle (a sweep that lands on its value) and the last beat of shrink: the run
    that stops when the next beat starts keeps the very frame that a full timeline's still time gives,
    pixel for pixel, and it did not run past that beat."""
    spec = get_spec("shrink")
    p, names = spec.params_class(), list(spec.beats)
    tl = timeline("shrink", settings=TINY, params=p)
    picked = [names[0], "sweep", names[-1]]
    assert "sweep" in names
    times = [tl.still_time(b, TINY.frame_rate) for b in picked]
    reference = still_frames("shrink", times, settings=TINY, params=p)
    # with the timeline, the captions of the beats over before the first frame are not typeset: same pictures
    later = still_frames("shrink", times[1:], settings=TINY, params=p, tl=tl)
    assert all(np.array_equal(a, b) for a, b in zip(later, reference[1:], strict=True))
    for beat, want in zip(picked, reference, strict=True):
        scene = capture_scene("shrink", (), settings=TINY, params=p, beat=beat)
        t, frame = beat_end_frame(scene, beat, TINY.frame_rate)
        assert t == pytest.approx(tl.still_time(beat, TINY.frame_rate), abs=1e-9), beat
        assert frame is not None and np.array_equal(frame, want), beat
        logged = [b.name for b in scene.beat_log]
        assert logged == names[:names.index(beat) + 1], beat  # no later beat was run
        assert scene.stopped_early == (beat != names[-1])
        if beat == names[-1]:  # a run to the end logs the whole timeline, as a dry run does
            assert Timeline.of(scene) == tl


def test_an_unchanged_still_is_a_cache_hit_and_anything_changed_is_drawn_again(tmp_path, runs):
    first = render_still("shrink", beat="data", settings=TINY, out_dir=tmp_path)
    assert runs == [("ShrinkScene", "data")]  # one run, stopped at the next beat: no timeline run first
    picture, mtime = first.read_bytes(), first.stat().st_mtime_ns

    assert render_still("shrink", beat="data", settings=TINY, out_dir=tmp_path) == first
    assert len(runs) == 1 and first.stat().st_mtime_ns == mtime  # a hit: nothing run, nothing written

    first.write_bytes(b"not the still")  # a file the cache did not write is never vouched for
    assert render_still("shrink", beat="data", settings=TINY, out_dir=tmp_path).read_bytes() == picture
    assert len(runs) == 2

    render_still("shrink", beat="data", settings=TINY, out_dir=tmp_path, force=True)
    assert len(runs) == 3

    other = render_still("shrink", beat="data", overrides={"true_w": 0.8}, settings=TINY, out_dir=tmp_path)
    assert other != first and other.read_bytes() != picture and len(runs) == 4

    # the last frame runs the scene to its end once, and that run's timeline is kept: a still at any
    # other beat, or at a time, is then one run that stops there
    render_still("shrink", settings=TINY, out_dir=tmp_path)
    assert runs[4:] == [("ShrinkScene", list(get_spec("shrink").beats)[-1])]
    render_still("shrink", beat="loss", settings=TINY, out_dir=tmp_path)
    render_still("shrink", at=3.0, settings=TINY, out_dir=tmp_path)
    assert runs[5:] == [("ShrinkScene", None), ("ShrinkScene", None)]  # captures, no timeline run


def test_a_time_past_the_end_is_refused_from_the_cached_timeline_too(tmp_path, runs):
    from scenes.kit.params import ParamError

    render_still("shrink", settings=TINY, out_dir=tmp_path)  # the whole run: its timeline is kept
    duration = timeline("shrink", settings=TINY, out_dir=tmp_path).duration
    with pytest.raises(ParamError, match=r"--at: must be seconds between 0 and the scene's duration"):
        render_still("shrink", at=duration + 1, settings=TINY, out_dir=tmp_path)
    assert len(runs) == 1 and not list(tmp_path.glob("shrink/shrink-t*"))
