"""Clip outputs: the whole-output cache, posters, embed snippets, transparency, parallel renders."""

from __future__ import annotations

import html.parser
import json

import av
import numpy as np
import pytest
from PIL import Image

from l1l2 import RenderSettings, render_still, render_video
from l1l2.job import RenderJob as Job
from l1l2.parallel import render_many
from scenes.kit.params import ParamError
from scenes.kit.registry import get_spec

pytestmark = pytest.mark.render
MICRO = RenderSettings(quality="preview", pixel_size=(192, 108), fps=5)


def frames_of(path, fmt="rgb24"):
    with av.open(str(path)) as c:
        return [f.to_ndarray(format=fmt) for f in c.decode(c.streams.video[0])]


def test_cache_reuses_an_identical_render_and_force_or_a_new_param_renders_again(tmp_path):
    first = render_video("bites", settings=MICRO, out_dir=tmp_path)
    mp4 = first.outputs["mp4"]
    stamp = mp4.stat().st_mtime_ns
    again = render_video("bites", settings=MICRO, out_dir=tmp_path)
    assert again.extra.get("cached") and again.outputs["mp4"] == mp4 and mp4.stat().st_mtime_ns == stamp
    assert [b.name for b in again.timeline.beats] == [b.name for b in first.timeline.beats]
    forced = render_video("bites", settings=MICRO, out_dir=tmp_path, force=True)
    assert not forced.extra.get("cached") and mp4.stat().st_mtime_ns != stamp
    changed = render_video("bites", settings=MICRO, out_dir=tmp_path, overrides={"lam": 0.2})
    assert not changed.extra.get("cached")
    manifest = json.loads((tmp_path / "bites" / "bites-lam-0.2-preview.json").read_text())
    assert manifest["params"]["lam"] == 0.2 and manifest["duration"] == changed.timeline.duration
    assert manifest["frames"] == len(frames_of(changed.outputs["mp4"]))
    assert manifest["variant"] == "lam-0.2" and changed.outputs["mp4"].name == "bites-lam-0.2-preview.mp4"
    assert mp4.exists() and json.loads((tmp_path / "bites" / "bites-preview.json").read_text())["variant"] == ""
    # A format not rendered before is not a cache hit.
    more = render_video("bites", settings=MICRO, out_dir=tmp_path, overrides={"lam": 0.2}, formats=("mp4", "webm"))
    assert not more.extra.get("cached") and more.outputs["webm"].exists()


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_poster_is_the_last_beat_and_the_embed_snippet_lists_webm_then_mp4_then_the_gif(tmp_path):
    res = render_video("penalties", settings=MICRO, out_dir=tmp_path, formats=("webm", "mp4", "gif"), poster=True)
    parser = _Tags()
    parser.feed(res.outputs["embed"].read_text())
    tags = parser.tags
    video = tags[0]
    assert video[0] == "video" and {"autoplay", "loop", "muted", "playsinline"} <= set(video[1])
    assert video[1]["poster"] == res.outputs["poster"].name
    assert [(t, a.get("type")) for t, a in tags[1:3]] == [("source", "video/webm"), ("source", "video/mp4")]
    assert tags[3][0] == "track" and tags[3][1]["kind"] == "captions" and tags[3][1]["src"] == res.outputs["vtt"].name
    assert tags[4][0] == "img" and tags[4][1]["src"] == res.outputs["gif"].name
    for _, attrs in tags[1:]:
        assert (res.outputs["embed"].parent / attrs["src"]).exists()
    # The poster is the frame where the last beat is fully built: compare with an independent still.
    last = list(get_spec("penalties").beats)[-1]
    still = render_still("penalties", beat=last, settings=MICRO, out_dir=tmp_path / "still")
    poster = np.asarray(Image.open(res.outputs["poster"]), dtype=float)
    reference = np.asarray(Image.open(still), dtype=float)
    assert poster.shape == reference.shape == (108, 192, 3)
    assert np.abs(poster - reference).mean() < 4.0  # video compression only
    # An earlier beat's still differs clearly from the poster (the comparison can fail).
    first = render_still("penalties", beat=next(iter(get_spec("penalties").beats)), settings=MICRO, out_dir=tmp_path / "s0")
    assert np.abs(poster - np.asarray(Image.open(first), dtype=float)).mean() > 4.0


def test_transparent_outputs_keep_alpha_and_opaque_only_formats_are_refused(tmp_path):
    clear = RenderSettings(quality="preview", pixel_size=(192, 108), fps=5, transparent=True)
    res = render_video("bites", settings=clear, out_dir=tmp_path, formats=("mov", "webm", "png"))
    assert res.outputs["mov"].name == "bites-preview-alpha.mov"
    last = frames_of(res.outputs["mov"], "rgba")[-1]
    alpha = last[..., 3]
    assert alpha[0, 0] == 0 and alpha.max() == 255  # background see-through, drawing opaque
    png = np.asarray(Image.open(res.outputs["png"]))
    assert png.shape[2] == 4 and png[0, 0, 3] == 0 and png[..., 3].max() == 255
    with av.open(str(res.outputs["webm"])) as c:
        assert c.streams.video[0].metadata.get("alpha_mode") == "1"
    for formats in (("mp4",), ("gif", "webm")):
        with pytest.raises(ParamError, match="--transparent"):
            render_video("bites", settings=clear, out_dir=tmp_path / "x", formats=formats)
    with pytest.raises(ParamError, match="mov"):
        render_video("bites", settings=MICRO, out_dir=tmp_path / "x", formats=("mov",))
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").rglob("*.*"))


def test_parallel_run_delivers_the_others_when_one_scene_fails(tmp_path):
    spec = get_spec("bites")
    good = Job("bites", spec.params_class(), MICRO, ("mp4",))
    bad = Job("penalties", get_spec("penalties").params_class(), MICRO, ("nope",))
    lines = []
    outcomes = render_many([bad, good], tmp_path, workers=2, write=lines.append)
    assert outcomes[0].result is None and "--format" in outcomes[0].error
    assert "ParamError" in outcomes[0].log.read_text()
    assert outcomes[1].result is not None and outcomes[1].result.outputs["mp4"].exists()
    assert len(frames_of(outcomes[1].result.outputs["mp4"])) == outcomes[1].result.frames > 0
    assert any("bites" in line and "penalties" in line for line in lines)  # one line shows every scene


def test_a_failing_render_leaves_no_encoder_thread_and_no_file(tmp_path, monkeypatch):
    """manim's partial-movie encoder thread is not a daemon: left running, it keeps the process
    from exiting (seen once as a CLI hang after Ctrl-C under load). A failure mid-animation must
    leave none running (render._abort_encoders makes sure, whatever manim itself does)."""
    import threading

    from l1l2.run import RenderError
    from scenes.bites import BitesScene

    def broken(self):  # fails a few frames into an animation, while the encoder waits for frames
        from manim import RIGHT, Dot

        dot, calls = Dot(), []

        def boom(mob, dt):
            calls.append(dt)
            if len(calls) > 3:
                raise RuntimeError("boom")

        dot.add_updater(boom)
        self.add(dot)
        self.play(dot.animate.shift(RIGHT), run_time=2)

    monkeypatch.setattr(BitesScene, "many_weights", broken)
    with pytest.raises(RenderError, match="boom"):
        render_video("bites", settings=MICRO, out_dir=tmp_path)
    alive = [t.name for t in threading.enumerate() if t.name.startswith("partial-movie-encoder")]
    assert alive == []
    assert not any((tmp_path / "bites").glob("*.mp4"))


def _write_video(path, frames, fps=10):
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = frames[0].shape[1], frames[0].shape[0], "yuv420p"
        for f in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(f, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def test_frozen_stretches_of_a_decoded_video(tmp_path):
    """Issue 22's measure of a still picture on the real video: a moving square, a 3.5 s hold, a hold with a
    6×6 block blinking (a ticking digit is a change), a slow drift of 1 px a frame (frozen frame to frame,
    not to a viewer), and a 2 s hold at the end."""
    from l1l2.encode import frozen_stretches

    def picture(x, blink=False):
        f = np.full((96, 128, 3), 20, np.uint8)
        f[40:60, x:x + 20] = 230
        if blink:
            f[10:16, 100:106] = 230
        return f

    frames = ([picture(4 * k) for k in range(10)]  # 0–1 s: moving
              + [picture(40)] * 35  # 1–4.5 s: frozen
              + [picture(40, blink=k % 2 == 1) for k in range(10)]  # 4.5–5.5 s: the block shows from 4.6 s, then blinks
              + [picture(40 + k) for k in range(30)]  # 5.5–8.5 s: 1 px a frame
              + [picture(69)] * 20)  # 8.5–10.5 s: frozen (the drift's last frame starts it)
    video = tmp_path / "v.mp4"
    _write_video(video, frames)
    long = frozen_stretches(video, min_seconds=1.5)
    assert [(round(a, 1), round(b, 1)) for a, b in long] == [(1.0, 4.6), (8.4, 10.5)]
