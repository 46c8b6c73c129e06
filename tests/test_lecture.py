"""The lecture: joined frames, captions at the real beat times, chapters, per-scene re-rendering."""

from __future__ import annotations

import dataclasses
import re

import av
import numpy as np
import pytest
import srt

from l1l2 import RenderSettings
from l1l2.lecture import load_lecture, render_lecture
from scenes.kit.params import ParamError
from scenes.kit.registry import get_spec

pytestmark = [pytest.mark.render, pytest.mark.xdist_group("lecture")]
MICRO = RenderSettings(quality="preview", pixel_size=(192, 108), fps=5)
TOML = """
[lecture]
title = "A test lecture"
card_seconds = 1.0
[[chapter]]
scene = "penalties"
[[chapter]]
scene = "bites"
title = "Bites"
[chapter.params]
lam = {lam}
"""


def decode(path):
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24").astype(float) for f in c.decode(c.streams.video[0])]


# session, not module: xdist interleaves other files' tests on this worker, and pytest tears a module
# fixture down whenever the next test is in another file (it rendered twice)
@pytest.fixture(scope="session")
def lecture(tmp_path_factory):
    out = tmp_path_factory.mktemp("lec")
    (out / "l.toml").write_text(TOML.format(lam=0.1))
    lec = dataclasses.replace(load_lecture(out / "l.toml"), settings=MICRO)
    return out, lec, render_lecture(lec, out_dir=out)


def test_video_is_cards_and_scenes_back_to_back(lecture):
    out, lec, res = lecture
    cards = sorted((out / "lecture" / "cards").glob("*.mp4"))
    scenes = [out / "penalties" / "penalties-preview.mp4", out / "bites" / "bites-lam-0.1-preview.mp4"]
    assert len(cards) == 3  # the two chapters' cards and the end card
    joined = decode(res.outputs["mp4"])
    parts = {p: decode(p) for p in [*cards, *scenes]}
    assert len(joined) == sum(len(f) for f in parts.values())
    # Chapter 2 starts after card 1 and the penalties scene, counted in decoded frames.
    assert len({len(parts[c]) for c in cards}) == 1
    start2 = (len(parts[cards[0]]) + len(parts[scenes[0]])) / MICRO.frame_rate
    assert [round(s, 6) for s, _ in res.chapters] == [0.0, round(start2, 6)]
    assert [t for _, t in res.chapters] == ["The V and the parabola", "Bites"]
    assert res.duration == pytest.approx(len(joined) / MICRO.frame_rate)


def test_captions_start_where_the_beats_start_in_the_joined_video(lecture):
    out, lec, res = lecture
    joined = decode(res.outputs["mp4"])
    bites = decode(out / "bites" / "bites-lam-0.1-preview.mp4")
    start2 = res.chapters[1][0]
    fps = MICRO.frame_rate
    card_lengths = {len(decode(p)) for p in (out / "lecture" / "cards").glob("*.mp4")}
    assert len(card_lengths) == 1  # both cards last card_seconds
    scene_start = int(round(start2 * fps)) + card_lengths.pop()  # the scene's first frame in the lecture, counted
    beat_cues = [c for c in res.cues if c[0] > start2 + 1e-9 and not c[2].startswith("The end: ")]
    assert len(beat_cues) == len(get_spec("bites").beats)
    assert res.cues[-1][2] == f"The end: {lec.title}"  # the lecture closes on a card, not on its last frame
    for start, _end, _text in beat_cues:
        k_lecture = int(round(start * fps))
        k_scene = k_lecture - scene_start
        # The frame at the cue in the lecture is the frame at the beat in the scene's own video.
        assert np.abs(joined[k_lecture] - bites[k_scene]).mean() < 1.0
    vtt = res.outputs["vtt"].read_text()
    assert vtt.startswith("WEBVTT\n\n") and "$" not in vtt and "*" not in vtt
    subs = list(srt.parse(res.outputs["srt"].read_text()))
    assert [round(s.start.total_seconds(), 3) for s in subs] == [round(c[0], 3) for c in res.cues]
    assert all(s.content for s in subs)


def test_chapter_files(lecture):
    out, lec, res = lecture
    lines = res.outputs["chapters.txt"].read_text().splitlines()
    assert lines[0] == "0:00 The V and the parabola"
    assert re.fullmatch(r"\d+:\d\d Bites", lines[1])
    m, s = map(int, lines[1].split()[0].split(":"))
    assert m * 60 + s == int(res.chapters[1][0])
    assert res.outputs["chapters.vtt"].read_text().count(" --> ") == 2


def test_one_changed_parameter_re_renders_only_that_scene(lecture):
    out, lec, first = lecture
    assert sorted(first.rendered) == ["bites", "penalties"]
    again = render_lecture(lec, out_dir=out)
    assert again.rendered == []
    (out / "l2.toml").write_text(TOML.format(lam=0.15))
    changed = dataclasses.replace(load_lecture(out / "l2.toml"), settings=MICRO)
    assert render_lecture(changed, out_dir=out).rendered == ["bites"]


def test_a_new_part_opens_with_a_part_card_and_the_summary_cites_only_chapters_that_play(lecture, monkeypatch):
    """The two cached scenes again (only cards render), bites moved to part II, with the summary on: part II
    closes with its recap and the lecture with its advice, each line with its chapter's picture (a frame of that
    beat)."""
    import scenes.kit.summary

    out, _, first = lecture
    monkeypatch.setattr(scenes.kit.summary, "POINTS", (("Equal bites reach 0.", "bites", "clip"),
                                                       ("Never shown.", "odds", "tally")))
    monkeypatch.setattr(scenes.kit.summary, "GUIDE", (("Prune with equal bites.", "bites", "clip"),
                                                      ("Never shown either.", "path", "path")))
    toml = TOML.format(lam=0.1).replace('title = "Bites"', 'title = "Bites"\npart = "In practice"')
    (out / "parts.toml").write_text(toml.replace("card_seconds = 1.0", "card_seconds = 1.0\nsummary = true"))
    lec = dataclasses.replace(load_lecture(out / "parts.toml"), settings=MICRO)
    res = render_lecture(lec, out_dir=out)
    assert res.rendered == []  # the scenes came from the cache
    titles = [c[2] for c in res.cues if c[2].startswith(("Part ", "Chapter ", "When to use which"))]
    assert titles == ["Part I: Why L1 gives exact zeros", "Chapter 1: The V and the parabola", "Part II: In practice",
                      "Chapter 2: Bites", "Part II recap: Equal bites reach 0. (Bites)",
                      "When to use which: Prune with equal bites. (Bites)"]
    assert [t for _, t in res.chapters] == ["The V and the parabola", "Bites", "Part II recap", "When to use which"]
    # the joined video: four one-second cards, the two scenes, the recap card, the summary and the end card
    fps = MICRO.frame_rate
    joined = decode(res.outputs["mp4"])
    scene_frames = sum(len(decode(p)) for p in (out / "penalties" / "penalties-preview.mp4",
                                                 out / "bites" / "bites-lam-0.1-preview.mp4"))
    cards = sorted(out.glob("lecture/cards/card-*.mp4"))
    lengths = sorted({len(decode(c)) for c in cards})
    assert len(lengths) == 3  # the one-second cards, the recap, the summary (one point each, its own heading)
    card = lengths[0]
    assert len(joined) == scene_frames + 5 * card + lengths[1] + lengths[2]  # the fifth: the end card
    assert res.cues[-1][2] == f"The end: {lec.title}"
    start, end, text = res.cues[-2]
    assert end <= len(joined) / fps + 1e-9
    assert end - start >= len(text) / 17 + 1 - 1 / fps  # long enough to read, like every caption (17 chars/s + 1 s)
    # the summary shows the lesson with its picture: a frame of bites' "clip" beat, framed on the left
    from PIL import Image

    from l1l2 import timeline

    bites = decode(out / "bites" / "bites-lam-0.1-preview.mp4")
    tl = timeline("bites", settings=MICRO, params=get_spec("bites").params_class(lam=0.1))
    shown = joined[int(round(end * fps)) - 2]  # the summary's last frame before it fades out
    ink = np.abs(shown - shown[0, 0]).max(axis=2) > 30
    ys = np.nonzero(ink[:, : ink.shape[1] // 4].any(axis=1))[0]  # the border's left side (the title is centred)
    xs = np.nonzero(ink[ys.min()])[0]  # the border's top side
    region = shown[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]  # the picture runs under its border
    (h, w), W = region.shape[:2], bites[0].shape[1]
    assert 0.3 * shown.shape[1] < w and h > 0.25 * shown.shape[0]

    def seen(frame):  # at half the picture's size, the border's ring left out
        small = Image.fromarray(frame.astype(np.uint8)).resize((w // 2, h // 2), Image.Resampling.BOX)
        return np.asarray(small, dtype=float)[2:-2, 2:-2]

    rows = int(round(W * h / w))  # the scene frame's top, as tall as the picture's shape says (captions cropped)
    built = {b.name: bites[int(np.floor(tl.still_time(b.name, fps) * fps + 1e-6))] for b in tl.beats}
    far = {name: np.abs(seen(f[:rows]) - seen(region)).mean() for name, f in built.items()}
    assert min(far, key=far.get) == "clip", far  # of the beats' built frames, it shows the clip beat's


@pytest.mark.parametrize("text, word", [
    ("[lecture]\nspeed = 2\n", "speed"),
    ("[[chapter]]\nscene = \"nope\"\n", "nope"),
    ("[[chapter]]\nscene = \"bites\"\n[chapter.params]\nlam = -1\n", "lam"),
    ("[[chapter]]\ntitle = \"x\"\n", "scene"),
    ("[lecture]\ncard_seconds = 0\n", "card_seconds"),
    ("[lecture\n", "TOML"),
])
def test_bad_lecture_files_name_the_problem(tmp_path, text, word):
    (tmp_path / "bad.toml").write_text(text)
    with pytest.raises(ParamError, match=word):
        load_lecture(tmp_path / "bad.toml")
