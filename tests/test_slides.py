"""``l1l2 slides`` (issue 24): a two-chapter deck, cut at the render's beat times, presented in Debian's
Chromium with real key events. Each slide, once its animation ends, shows the beat's still (the same luma check
as video against stills); back shows the previous built frame at once; the speaker view follows with the
captions as notes; nothing is requested outside the deck's folder."""

from __future__ import annotations

import dataclasses
import io
import json

import av
import numpy as np
import pytest
from browser_helpers import chromium_page
from PIL import Image
from scene_helpers import luma, luma_mismatch

from l1l2 import RenderSettings
from l1l2.lecture import load_lecture, render_chapters
from l1l2.slides import build_slides, cut_clip
from l1l2.stills import still_frames
from scenes.kit.captions import plain_text
from scenes.kit.registry import get_spec
from scenes.kit.summary import POINTS

pytestmark = [pytest.mark.render, pytest.mark.xdist_group("slides")]  # beside the lecture's group
SIZE = (256, 144)
SMALL = RenderSettings(quality="preview", pixel_size=SIZE, fps=5)
TOML = """
[lecture]
title = "A <b>test</b> deck"
card_seconds = 1.0
summary = true
[[chapter]]
scene = "penalties"
part = "First"
[[chapter]]
scene = "bites"
title = "Bites & bytes"
part = "Second"
"""


def decode(path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(c.streams.video[0])]


@pytest.fixture(scope="session")
def deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("deck")
    (out / "l.toml").write_text(TOML, encoding="utf-8")
    lec = dataclasses.replace(load_lecture(out / "l.toml"), settings=SMALL)
    return out, lec, build_slides(lec, out_dir=out, formats=("html", "pptx"))


def test_one_slide_per_beat_and_card_cut_at_the_timelines_frames(deck):
    out, lec, res = deck
    beats = {s: get_spec(s).beats for s in ("penalties", "bites")}
    kinds = [s.kind for s in res.slides]
    assert kinds.count("beat") == len(beats["penalties"]) + len(beats["bites"])
    # per part: its card, the chapter's card, and its recap (one lesson each); then the end card
    assert kinds.count("card") == 7
    lesson = {scene: point for point, scene, _ in POINTS}
    first = get_spec("penalties").chapter
    assert [s.label for s in res.slides if s.kind == "card"] == [
        "Part I: First", f"Chapter 1: {first}", f"Part I recap: {lesson['penalties']} ({first})",
        "Part II: Second", "Chapter 2: Bites & bytes", f"Part II recap: {lesson['bites']} (Bites & bytes)",
        "The end: A <b>test</b> deck"]
    # a card holds on its picture, never on the empty background it fades out to
    for s in res.slides:
        if s.kind == "card":
            frame = np.asarray(Image.open(out / "slides" / "assets" / s.still).convert("RGB")).astype(int)
            ink = (np.abs(frame - frame[0, 0]).max(axis=2) > 60).mean()
            assert ink > 0.001, (s.label, ink)
    assert [s.beat for s in res.slides if s.kind == "beat"] == [*beats["penalties"], *beats["bites"]]
    manifest = json.loads((out / "slides" / "slides.json").read_text(encoding="utf-8"))
    assert [s["clip"] for s in manifest["slides"]] == [s.clip for s in res.slides]
    # every beat's clip is its scene's frames from its beat's start to the next's, bit for bit
    for scene, video in (("penalties", out / "penalties" / "penalties-preview.mp4"),
                         ("bites", out / "bites" / "bites-preview.mp4")):
        record = json.loads(video.with_suffix(".json").read_text(encoding="utf-8"))
        frames = decode(video)
        starts = [round(b["time"] * SMALL.frame_rate) for b in record["beats"]] + [len(frames)]
        clips = [s for s in res.slides if s.scene == scene]
        assert len(clips) == len(record["beats"])
        for k, s in enumerate(clips):
            got = decode(out / "slides" / "assets" / s.clip)
            want = frames[starts[k]:starts[k + 1]]
            assert len(got) == len(want) == s.frames and all((g == w).all() for g, w in zip(got, want, strict=True))
            # its built frame (shown on going back) is the clip's last frame, bit for bit
            assert (np.asarray(Image.open(out / "slides" / "assets" / s.still).convert("RGB")) == got[-1]).all()
            # the notes are the beat's caption as plain text
            assert s.notes == " ".join(plain_text(record["beats"][k]["caption"]).split())


def test_a_cut_off_a_keyframe_is_encoded_again_with_the_right_frames(deck, tmp_path):
    out, _, _ = deck
    video = out / "penalties" / "penalties-preview.mp4"
    frames = decode(video)
    with av.open(str(video)) as c:
        packets = [(p.pts, p.is_keyframe) for p in c.demux(c.streams.video[0]) if p.size]
    shown = sorted(pts for pts, _ in packets)  # display order
    keys = sorted(shown.index(pts) for pts, key in packets if key)
    a, z = keys[1], keys[2]  # one whole group of pictures
    assert z - a > 3
    assert cut_clip(video, a, z, tmp_path / "a.mp4") is True  # whole groups: packets copied
    # off a keyframe at either end: encoded again (a copied cut ending mid-group would lose frames it refers to)
    for k, (first, stop) in enumerate(((a + 1, z), (a, z - 1), (a + 1, z + 2))):
        assert cut_clip(video, first, stop, tmp_path / f"b{k}.mp4") is False
        got = decode(tmp_path / f"b{k}.mp4")
        assert len(got) == stop - first
        for g, w in zip(got, frames[first:stop], strict=True):
            assert luma_mismatch(luma(g), w) is None


def screen(page) -> np.ndarray:
    box = page.locator("#screen").bounding_box()
    assert (round(box["width"]), round(box["height"])) == SIZE  # the video shown at its own size
    shot = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
    return np.asarray(shot)


def test_presenting_the_deck_with_keys_stops_on_each_beats_still(deck):
    out, lec, res = deck
    # each beat's still, as `l1l2 still NAME --beat B` takes it (one capturing pass per scene)
    jobs, results, _ = render_chapters(lec, out_dir=out)  # all cached: the timelines
    stills = {}
    for job, result in zip(jobs, results, strict=True):
        mine = [s for s in res.slides if s.scene == job.scene]
        times = [result.timeline.still_time(s.beat, SMALL.frame_rate) for s in mine]
        for s, frame in zip(mine, still_frames(job.scene, times, settings=SMALL, params=job.params), strict=True):
            stills[s.clip] = frame[..., :3]
    for s in res.slides:
        if s.kind == "card":  # a card's built frame is its video's last frame
            stills[s.clip] = decode(out / "slides" / "assets" / s.clip)[-1]
    folder = (out / "slides").as_uri() + "/"
    with chromium_page(SIZE[0], SIZE[1] + 40) as page:
        page.goto(folder + "index.html?rate=8")  # the rehearsal speed: the same frames, eight times as fast
        for k, s in enumerate(res.slides, 1):
            if k > 1:
                page.keyboard.press(("ArrowRight", " ", "PageDown")[k % 3])  # what a clicker sends
            page.wait_for_selector(f"body[data-slide='{k}'][data-state='held']", timeout=60_000)
            assert luma_mismatch(luma(screen(page)), stills[s.clip]) is None, (k, s.label)
        page.keyboard.press("ArrowRight")  # past the last slide: it stays
        assert page.get_attribute("body", "data-slide") == str(len(res.slides))
        # back: the previous slide's built frame at once, not replayed
        page.keyboard.press("ArrowLeft")
        page.wait_for_selector(f"body[data-slide='{len(res.slides) - 1}'][data-state='held']", timeout=60_000)  # a bound, not a wait: it returns once the frame is up
        assert page.is_visible("#held") and page.evaluate("!document.querySelector('#screen video.shown')")
        prev = res.slides[-2]
        assert luma_mismatch(luma(screen(page)), stills[prev.clip]) is None
        # a number and Enter jump; Home goes to the first slide
        for key in ("2", "Enter"):
            page.keyboard.press(key)
        page.wait_for_selector("body[data-slide='2'][data-state='held']", timeout=60_000)
        page.keyboard.press("Home")
        page.wait_for_selector("body[data-slide='1'][data-state='held']", timeout=60_000)
        # B blanks the screen and brings it back
        page.keyboard.press("b")
        assert page.is_visible("#blank")
        page.keyboard.press("b")
        assert not page.is_visible("#blank")
        # S: the speaker view, in step with the deck, with the caption as notes and the next slide's still
        with page.context.expect_page() as opened:
            page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_selector("body[data-slide='1']")
        assert not speaker.is_visible("#deck") and speaker.is_visible("#sp-notes")  # notes only, no second deck
        assert speaker.text_content("#sp-notes") == res.slides[0].notes
        assert speaker.get_attribute("#sp-next", "src") == f"assets/{res.slides[1].still}"
        page.keyboard.press("ArrowRight")
        speaker.wait_for_selector("body[data-slide='2']")
        assert speaker.text_content("#sp-notes") == res.slides[1].notes
        speaker.keyboard.press("ArrowRight")  # the presenter's keys work from the speaker window too
        page.wait_for_selector("body[data-slide='3']")
        speaker.wait_for_selector("body[data-slide='3']")
        assert page.console_errors == []
        assert all(url.startswith(folder) for url in page.requests), page.requests
        assert page.evaluate("document.getElementById('video').playbackRate") == 8
    # user text is text: the lecture's title with markup in it
    html = (out / "slides" / "index.html").read_text(encoding="utf-8")
    assert "<b>test</b>" not in html and "A &lt;b&gt;test&lt;/b&gt; deck" in html


def test_the_pptx_has_a_slide_per_beat_with_its_clip_playing_by_itself_and_the_caption_as_notes(deck):
    import hashlib

    from pptx import Presentation

    out, lec, res = deck
    path = out / "slides" / "slides.pptx"
    prs = Presentation(str(path))
    assert len(prs.slides) == len(res.slides)
    videos = {part.partname for part in prs.part.package.iter_parts() if part.content_type == "video/mp4"}
    distinct = {hashlib.sha1((out / "slides" / "assets" / s.clip).read_bytes()).hexdigest() for s in res.slides}
    assert len(videos) == len(distinct)  # every clip is in the file (identical clips stored once)
    for slide, s in zip(prs.slides, res.slides, strict=True):
        assert slide.notes_slide.notes_text_frame.text == s.notes
        movies = [sh for sh in slide.shapes if sh.name == s.label]
        assert len(movies) == 1
        xml = slide._element.xml
        # starts by itself when the slide shows: the main sequence's first step plays this movie after 0 s
        assert 'nodeType="afterEffect"' in xml and 'presetClass="mediacall"' in xml
        assert 'cmd="playFrom(0.0)"' in xml and f'<p:spTgt spid="{movies[0].shape_id}"/>' in xml


def test_libreoffice_converts_the_pptx_to_one_pdf_page_per_slide_showing_its_built_frame(deck, tmp_path):
    import shutil
    import subprocess

    out, lec, res = deck
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    assert soffice and pdftoppm, "make test installs libreoffice-impress and poppler-utils"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out / "slides" / "slides.pptx")], check=True, capture_output=True,
                   timeout=300)
    subprocess.run([pdftoppm, "-r", "30", "-png", str(tmp_path / "slides.pdf"), str(tmp_path / "page")], check=True,
                   timeout=300)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(res.slides)

    def small(img: Image.Image) -> np.ndarray:
        return luma(np.asarray(img.convert("RGB").resize((128, 72), Image.BILINEAR))).astype(float)

    built = [small(Image.open(out / "slides" / "assets" / s.still)) for s in res.slides]
    for k, page in enumerate(pages):
        shown = small(Image.open(page))
        errors = [float(np.abs(shown - b).mean()) for b in built]
        # each page shows its own slide's built frame (a card's is its title on the background: cards look
        # alike at this size, so a beat's page must be nearer its own frame than any other slide's)
        assert errors[k] < 4, (k, res.slides[k].label, errors[k])
        if res.slides[k].kind == "beat":
            assert errors[k] == min(errors), (k, res.slides[k].label, errors[k], min(errors))


def test_one_file_deck_is_the_same_deck_in_one_file_from_the_cached_renders(deck):
    out, lec, res = deck
    one = build_slides(lec, out_dir=out, one_file=True, folder="one")
    assert one.rendered == []  # assembly only: every scene came from the cache
    assert sorted(p.name for p in (out / "one").iterdir()) == ["index.html", "slides.json"]
    assert [s.notes for s in one.slides] == [s.notes for s in res.slides]
    still = np.asarray(Image.open(out / "slides" / "assets" / res.slides[1].still).convert("RGB"))
    with chromium_page(SIZE[0], SIZE[1] + 40) as page:
        page.goto(one.index.as_uri())
        page.wait_for_selector("body[data-slide='1'][data-state='held']", timeout=60_000)
        page.keyboard.press("ArrowRight")
        page.wait_for_selector("body[data-slide='2'][data-state='held']", timeout=60_000)
        assert luma_mismatch(luma(screen(page)), still) is None
        page.keyboard.press("ArrowRight")
        page.wait_for_selector("body[data-slide='3']")
        page.keyboard.press("ArrowLeft")
        page.wait_for_selector("body[data-slide='2'][data-state='held']", timeout=60_000)  # a bound, not a wait: it returns once the frame is up
        assert luma_mismatch(luma(screen(page)), still) is None  # its built frame, from inside the file
        assert page.console_errors == [] and page.requests == [one.index.as_uri()]


@pytest.mark.parametrize("viewport", [(400, 340), (600, 200)])  # a 4:3-ish projector; a very wide screen
def test_the_deck_is_scaled_to_any_screen_never_cropped(deck, viewport):
    out, lec, res = deck
    width, height = viewport
    area = (width, height - 40)  # the 40 px bar under the picture
    scale = min(area[0] / SIZE[0], area[1] / SIZE[1])
    shown = (SIZE[0] * scale, SIZE[1] * scale)  # the whole frame, letterboxed or pillarboxed
    x0, y0 = (area[0] - shown[0]) / 2, (area[1] - shown[1]) / 2
    s = res.slides[1]
    still = np.asarray(Image.open(out / "slides" / "assets" / s.still).convert("RGB"))
    with chromium_page(width, height) as page:
        page.goto((out / "slides" / "index.html").as_uri() + "?rate=8")
        page.keyboard.press("ArrowRight")
        page.wait_for_selector("body[data-slide='2'][data-state='held']", timeout=60_000)
        shot = np.asarray(Image.open(io.BytesIO(page.screenshot(clip={"x": 0, "y": 0, "width": area[0],
                                                                      "height": area[1]}))).convert("RGB"))
    inner = shot[int(np.ceil(y0)) + 1:int(shown[1] + y0) - 1, int(np.ceil(x0)) + 1:int(shown[0] + x0) - 1]
    # the picture inside, scaled back to the frame's size, is the built frame: nothing cut off any edge
    def coarse(rgb: np.ndarray) -> np.ndarray:  # 8 × 8 px blocks of the frame: scaling's blur averages out
        return luma(np.asarray(Image.fromarray(rgb).resize((SIZE[0] // 16 * 2, SIZE[1] // 16 * 2), Image.BOX)))

    drawn = coarse(still) != coarse(still)[0, 0]  # blocks with some drawing in them
    assert np.abs(coarse(inner) - coarse(still))[drawn].mean() < 4
    # and outside it only the background (the bands)
    bands = np.concatenate([shot[:int(y0)].reshape(-1, 3), shot[int(np.ceil(y0 + shown[1])):].reshape(-1, 3),
                            shot[:, :int(x0)].reshape(-1, 3), shot[:, int(np.ceil(x0 + shown[0])):].reshape(-1, 3)])
    assert len(bands) > 0 and (np.abs(bands.astype(int) - still[0, 0].astype(int)).max(axis=1) <= 3).all()


def test_full_screen_hides_the_bar_and_the_speaker_view_keeps_the_clock_and_the_time_since_the_start(deck):
    import datetime

    out, lec, res = deck
    with chromium_page(SIZE[0], SIZE[1] + 40) as page:
        page.context.clock.install(time=datetime.datetime(2026, 12, 4, 9, 41, 0))
        page.goto((out / "slides" / "index.html").as_uri() + "?rate=8")
        page.wait_for_selector("body[data-slide='1'][data-state='held']", timeout=60_000)
        page.keyboard.press("f")
        page.wait_for_selector("#status", state="hidden")
        assert page.evaluate("document.fullscreenElement === document.documentElement")
        box = page.locator("#screen").bounding_box()
        assert (box["width"], box["height"]) == (SIZE[0], SIZE[1] + 40)  # the bar's room goes to the picture
        page.keyboard.press("f")
        page.wait_for_selector("#status", state="visible")
        with page.context.expect_page() as opened:
            page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_selector("body[data-slide='1']")
        assert "9:41" in speaker.text_content("#sp-clock")
        page.context.clock.fast_forward(30_000)  # the audience settles: the talk has not started
        assert speaker.text_content("#sp-elapsed") == "0:00 elapsed"
        page.keyboard.press("ArrowRight")  # the first advance starts the talk's time
        speaker.wait_for_selector("body[data-slide='2']")
        page.context.clock.fast_forward(65_000)
        assert speaker.text_content("#sp-elapsed") == "1:05 elapsed"
        page.context.clock.fast_forward(60 * 60_000)
        assert "10:42" in speaker.text_content("#sp-clock") and speaker.text_content("#sp-elapsed") == "61:05 elapsed"
        assert page.console_errors == []


SAMPLER = """() => { window.gaps = 0; window.samples = 0; const held = document.getElementById('held');
  const tick = () => { window.samples++;
    const video = Array.from(document.querySelectorAll('#screen video.shown')).some(v => v.readyState >= 2);
    if (!video && !(!held.hidden && held.complete && held.naturalWidth > 0)) window.gaps++;
    if (window.samples < 100000) requestAnimationFrame(tick); };
  requestAnimationFrame(tick); }"""


def test_advancing_never_blinks_and_the_keys_behave_like_a_clicker_expects(deck):
    out, lec, res = deck
    index = (out / "slides" / "index.html").as_uri()
    with chromium_page(SIZE[0], SIZE[1] + 40) as page:
        page.goto(index + "?rate=8")
        page.wait_for_selector("body[data-slide='1'][data-state='held']", timeout=60_000)
        page.evaluate(SAMPLER)
        for k in (2, 3, 4):  # something is on screen at every painted frame: the old picture until the new clip's
            page.keyboard.press("ArrowRight")
            page.wait_for_selector(f"body[data-slide='{k}'][data-state='held']", timeout=60_000)
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowRight")  # from a built frame (the PNG) to a clip
        page.wait_for_selector("body[data-slide='4'][data-state='held']", timeout=60_000)
        assert page.evaluate("window.samples") > 20 and page.evaluate("window.gaps") == 0
        assert page.url.endswith("#4")  # the address keeps the slide
        # "." blanks like B; a forward key brings the slide back without advancing (as PowerPoint does)
        page.keyboard.press(".")
        assert page.is_visible("#blank")
        page.keyboard.press("PageDown")
        assert not page.is_visible("#blank") and page.get_attribute("body", "data-slide") == "4"
        # a digit typed and then another key is forgotten: a later Enter advances, it does not jump
        page.keyboard.press("1")
        page.keyboard.press("Escape")
        page.keyboard.press("Enter")
        page.wait_for_selector("body[data-slide='5'][data-state='held']", timeout=60_000)
        for key in ("9", "9", "Enter"):  # no such slide: it says so and stays
            page.keyboard.press(key)
        assert "No slide 99" in page.text_content("#status") and page.get_attribute("body", "data-slide") == "5"
        # a reload (a clicker's F5 in a browser, or the presenter's) comes back to the slide, held on its frame
        page.reload()
        page.wait_for_selector("body[data-slide='5'][data-state='held']", timeout=60_000)
        assert page.is_visible("#held")
        assert luma_mismatch(luma(screen(page)), np.asarray(Image.open(
            out / "slides" / "assets" / res.slides[4].still).convert("RGB"))) is None
        # F5, the clicker's "start the show": full screen from the first slide
        page.keyboard.press("F5")
        page.wait_for_selector("body[data-slide='1']")
        assert page.evaluate("document.fullscreenElement === document.documentElement")
        assert page.console_errors == []
