"""``l1l2 slides``: the lecture as a deck to present live (issue 24). Each beat of each chapter is one slide: its
animation plays once and holds on the beat's built frame until the presenter advances; the part, chapter,
recap, summary and end cards are slides too.

The clips are cut from the rendered scene videos at the frames the render's timeline gives, without
re-encoding: a scene's video starts a closed group of pictures at every animation (manim writes each play
as its own partial movie), so every beat starts on a keyframe and its packets are copied as they are; the
decoded clip is the scene's frames, bit for bit (a beat that did not start on a keyframe would be
re-encoded; none does today, and ``tests/test_slides.py`` checks both). Each slide also gets its built frame
as a PNG, shown at once when the presenter goes back.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from scenes.kit.captions import one_line

from .encode import frame_count
from .files import replace_folder, work_dir
from .lecture import LECTURE_NAME, Lecture, lecture_segments, render_chapters
from .settings import X264_OPTIONS
from .web.page import escape_html, script_asset, standalone_page

SLIDES_NAME = "slides"


@dataclasses.dataclass(frozen=True)
class Slide:
    kind: str  # "card" or "beat"
    label: str  # what the deck's list and the speaker view call it
    notes: str  # the speaker's notes: the caption (or narration line) as plain text
    clip: str  # the clip's file name in assets/
    still: str  # its built frame (the clip's last frame) in assets/
    frames: int
    seconds: float
    scene: str = ""
    beat: str = ""


@dataclasses.dataclass
class SlidesResult:
    index: Path
    slides: list[Slide]
    rendered: list[str]
    seconds: float


def cut_clip(video: Path, first: int, stop: int, dest: Path) -> bool:
    """Frames ``first`` … ``stop − 1`` (display order) of ``video`` into ``dest``: the packets copied when the cut
    is whole groups of pictures, frame ``first`` a keyframe and frame ``stop`` one too (or the end) (returns
    True); else decoded and encoded again with the same codec (False)."""
    with av.open(str(video)) as inp:
        vin = inp.streams.video[0]
        packets = [p for p in inp.demux(vin) if p.size]
        order = {pts: k for k, pts in enumerate(sorted(p.pts for p in packets))}
        keys = {order[p.pts] for p in packets if p.is_keyframe}
        chosen = [p for p in packets if first <= order[p.pts] < stop]
        if chosen and first in keys and (stop >= len(packets) or stop in keys):
            start = min(p.pts for p in chosen)
            with av.open(str(dest), "w", format="mp4") as out:
                vout = out.add_stream_from_template(vin)
                for p in chosen:
                    p.pts -= start
                    p.dts -= start
                    p.stream = vout
                    out.mux(p)
            return True
    with av.open(str(video)) as inp, av.open(str(dest), "w", format="mp4") as out:
        vin = inp.streams.video[0]
        vout = out.add_stream("libx264", rate=vin.average_rate, options=dict(X264_OPTIONS))
        vout.width, vout.height, vout.pix_fmt = vin.codec_context.width, vin.codec_context.height, "yuv420p"
        rate = Fraction(vin.average_rate or 30)
        for k, frame in enumerate(inp.decode(vin)):
            if first <= k < stop:
                frame.pts, frame.time_base = k - first, 1 / rate
                out.mux(vout.encode(frame))
            elif k >= stop:
                break
        out.mux(vout.encode())
    return False


def last_frame_png(video: Path, dest: Path) -> int:
    """The clip's last frame as a PNG (its built frame); returns the clip's frame count (one packet a frame).
    Only the last group of pictures is decoded: from the last keyframe on, the frames are the same as from the
    start (each animation's group is closed), and a beat's clip holds several."""
    with av.open(str(video)) as inp:
        vin = inp.streams.video[0]
        packets = [(p.pts, p.is_keyframe) for p in inp.demux(vin) if p.size]
        inp.seek(max(pts for pts, key in packets if key), stream=vin, backward=True)
        last = None
        for frame in inp.decode(vin):
            last = frame
    last.to_image().save(dest, compress_level=3)  # smaller and faster than the default 6 on these frames
    return len(packets)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")[:32] or "slide"


def build_slides(lecture: Lecture, *, out_dir: Path | str = "renders", workers: int = 1, force: bool = False,
                 progress: Callable[[str], None] | None = None, coarse: bool = False,
                 formats: tuple[str, ...] = ("html",), one_file: bool = False,
                 folder: str = SLIDES_NAME, scheduler: str | None = None) -> SlidesResult:
    """Render (or find) the lecture's chapters and cards, cut every beat's clip and write
    ``<out_dir>/slides/index.html`` with its ``assets/`` (and ``slides.pptx`` with ``"pptx"`` in ``formats``).
    With ``one_file`` the clips and built frames are inlined as ``data:`` URLs: ``index.html`` alone is the deck.
    ``folder`` names the deck's folder in ``out_dir``.
    The folder is replaced whole, so a deck is never half old, half new."""
    t0 = time.perf_counter()
    say = progress or (lambda _m: None)
    out_dir = Path(out_dir)
    jobs, results, rendered = render_chapters(lecture, out_dir=out_dir, workers=workers, force=force, scheduler=scheduler,
                                              progress=progress, coarse=coarse)
    segments = lecture_segments(lecture, jobs, results, out_dir / LECTURE_NAME / "cards", say)
    fps = lecture.settings.frame_rate
    dest = out_dir / folder
    slides: list[Slide] = []
    with work_dir("slides", beside=out_dir) as tmp:
        work = Path(tmp) / folder
        assets = work / "assets"
        assets.mkdir(parents=True)

        def add(kind: str, label: str, notes: str, make_clip: Callable[[Path], None], **extra: Any) -> None:
            n = len(slides) + 1
            stem = f"{n:03d}-{_slug(label)}"
            clip, still = assets / f"{stem}.mp4", assets / f"{stem}.png"
            make_clip(clip)
            frames = last_frame_png(clip, still)
            slides.append(Slide(kind, label, notes, clip.name, still.name, frames, frames / fps, **extra))

        chapter = iter(lecture.chapters)
        for seg in segments:
            if seg.kind == "card":
                # a card is a slide per line (a recap's lessons, one at a time), each held where its line is
                # complete; the card's fade-out is left out, so a card holds on its title, not on the background
                for label, notes, a, z in card_parts(seg, fps):
                    say(f"slides: card {len(slides) + 1}")
                    add("card", label, notes, lambda path, a=a, z=z, v=seg.video: cut_clip(v, a, z, path))
                continue
            title = next(chapter).title
            beats = seg.result.timeline.beats
            total = frame_count(seg.video)
            starts = [min(int(round(b.time * fps)), total) for b in beats] + [total]
            scene = seg.job.scene
            for k, (b, cue) in enumerate(zip(beats, _beat_notes(seg), strict=True)):
                if starts[k + 1] <= starts[k]:
                    continue  # a beat with no frames of its own (none today)
                say(f"slides: {scene} {b.name}")
                add("beat", f"{title} · {k + 1} of {len(beats)}", cue,
                    lambda path, a=starts[k], z=starts[k + 1], v=seg.video: cut_clip(v, a, z, path),
                    scene=scene, beat=b.name)
        page = deck_page(lecture, slides, inline=assets if one_file else None)
        (work / "index.html").write_text(page, encoding="utf-8")
        (work / "slides.json").write_text(json.dumps({"title": lecture.title, "fps": fps,
                                                      "slides": [dataclasses.asdict(s) for s in slides]},
                                                     indent=2, ensure_ascii=False), encoding="utf-8")
        if "pptx" in formats:
            say("slides: slides.pptx")
            from scenes.kit.style import THEMES

            write_pptx(work, lecture.title, slides, lecture.settings.size, THEMES[lecture.settings.theme].background)
        if one_file:
            shutil.rmtree(assets)  # everything is in index.html (and in slides.pptx)
        replace_folder(work, dest)
    return SlidesResult(dest / "index.html", slides, rendered, time.perf_counter() - t0)


def card_parts(seg: Any, fps: int) -> list[tuple[str, str, int, int]]:
    """A card's slides: ``(label, notes, first frame, stop frame)`` per cue, a recap's or the summary's lines
    one at a time, each ending where its line is complete; the card's fade-out is left out, so a card holds on
    its title, not on the empty background."""
    total = frame_count(seg.video)
    out, z = [], 0
    for k, ((_, _, text), built) in enumerate(zip(seg.cues, seg.built, strict=True)):
        a = min(z, total - 1)  # a line's slide starts where the previous one was held
        z = min(max(int(round(built * fps)), a + 1), total)
        head = one_line(text).split(": ", 1)[0]
        out.append((one_line(text) if len(seg.cues) == 1 else f"{head} · {k + 1} of {len(seg.cues)}",
                    one_line(text), a, z))
    return out


def _beat_notes(seg: Any) -> list[str]:
    """Each beat's notes: its cues' texts (a beat read page by page has one cue per page), on one line."""
    beats = seg.result.timeline.beats
    starts = [b.time for b in beats] + [float("inf")]
    out = []
    for k in range(len(beats)):
        texts = [one_line(text) for a, _, text in seg.cues if starts[k] - 1e-9 <= a < starts[k + 1] - 1e-9]
        out.append(" ".join(texts))
    return out


def deck_page(lecture: Lecture, slides: list[Slide], inline: Path | None = None) -> str:
    """The deck: one page, the clips beside it in assets/ (or, with ``inline`` the assets folder, inside it as
    ``data:`` URLs), the player and the speaker view in slides.js."""
    import base64

    def url(name: str, mime: str) -> str:
        if inline is None:
            return f"assets/{name}"
        return f"data:{mime};base64," + base64.b64encode((inline / name).read_bytes()).decode("ascii")

    width, height = lecture.settings.size
    data = {"title": lecture.title, "size": [width, height],
            "slides": [{"kind": s.kind, "label": s.label, "notes": s.notes, "clip": url(s.clip, "video/mp4"),
                        "still": url(s.still, "image/png"), "seconds": s.seconds} for s in slides]}
    body = f"""<main id="deck" aria-label="{escape_html(lecture.title)}: slides">
<div id="screen"><video id="video" muted playsinline preload="auto" aria-label="The current slide"></video>
<video id="video2" muted playsinline preload="auto" aria-label="The current slide"></video>
<img id="held" alt="The current slide, complete" hidden></div>
<div id="blank" hidden></div>
<p id="status" class="status" aria-live="polite"></p>
<p id="help" class="help">→ Space Page Down: next · ← Page Up: back · Home End: first, last · a number then Enter:
 that slide · F or F5: full screen · B or .: blank · S: speaker view · ?: these keys</p>
</main>
<section id="speaker" hidden aria-label="Speaker view">
<div class="speaker-top"><span id="sp-number"></span><span id="sp-clock"></span><span id="sp-elapsed"></span>
<span id="sp-label"></span></div>
<div class="speaker-main"><div><h2>Notes</h2><p id="sp-notes"></p></div>
<div><h2>Next</h2><img id="sp-next" alt=""><p id="sp-next-label"></p></div></div>
</section>"""
    return standalone_page(f"{lecture.title}: slides", body, theme=lecture.settings.theme,
                           styles=script_asset("slides.css"), data=data, scripts=(script_asset("slides.js"),))


# PowerPoint's "Start: Automatically" for one movie: the main sequence begins with the slide and calls
# playFrom(0) on the movie (what PowerPoint itself writes); the movie's own node as python-pptx writes it.
AUTOPLAY_TIMING = """<p:timing xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:tnLst><p:par>\
<p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>\
<p:seq concurrent="1" nextAc="seek"><p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>\
<p:par><p:cTn id="3" fill="hold"><p:stCondLst><p:cond delay="indefinite"/><p:cond evt="onBegin" delay="0">\
<p:tn val="2"/></p:cond></p:stCondLst><p:childTnLst><p:par><p:cTn id="4" fill="hold"><p:stCondLst>\
<p:cond delay="0"/></p:stCondLst><p:childTnLst><p:par><p:cTn id="5" presetID="1" presetClass="mediacall" \
presetSubtype="0" fill="hold" nodeType="afterEffect"><p:stCondLst><p:cond delay="0"/></p:stCondLst>\
<p:childTnLst><p:cmd type="call" cmd="playFrom(0.0)"><p:cBhvr><p:cTn id="6" dur="{ms}" fill="hold"/>\
<p:tgtEl><p:spTgt spid="{spid}"/></p:tgtEl></p:cBhvr></p:cmd></p:childTnLst></p:cTn></p:par></p:childTnLst>\
</p:cTn></p:par></p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn><p:prevCondLst><p:cond evt="onPrev" \
delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:prevCondLst><p:nextCondLst><p:cond evt="onNext" delay="0">\
<p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:nextCondLst></p:seq><p:video><p:cMediaNode vol="80000">\
<p:cTn id="7" fill="hold" display="0"><p:stCondLst><p:cond delay="indefinite"/></p:stCondLst></p:cTn>\
<p:tgtEl><p:spTgt spid="{spid}"/></p:tgtEl></p:cMediaNode></p:video></p:childTnLst></p:cTn></p:par></p:tnLst>\
</p:timing>"""


def write_pptx(folder: Path, title: str, slides: list[Slide], size: tuple[int, int], background: str) -> Path:
    """``folder/slides.pptx``: one slide per deck slide, its clip filling the slide and starting by itself, its
    built frame as the movie's poster (what a PDF export shows), and its notes in the notes field."""
    from lxml import etree
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu

    prs = Presentation()
    prs.core_properties.title = title
    width = Emu(12_192_000)  # 13.333 in, PowerPoint's 16:9 width; the height follows the video's aspect
    height = Emu(int(round(width * size[1] / size[0])))
    prs.slide_width, prs.slide_height = width, height
    blank = prs.slide_layouts[6]
    for s in slides:
        slide = prs.slides.add_slide(blank)
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(background.lstrip("#"))
        movie = slide.shapes.add_movie(str(folder / "assets" / s.clip), 0, 0, width, height,
                                       poster_frame_image=str(folder / "assets" / s.still), mime_type="video/mp4")
        movie.name = s.label
        timing = slide._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}timing")
        if timing is not None:
            slide._element.remove(timing)
        slide._element.append(etree.fromstring(AUTOPLAY_TIMING.format(ms=int(round(s.seconds * 1000)),
                                                                       spid=movie.shape_id)))
        slide.notes_slide.notes_text_frame.text = s.notes
    dest = folder / "slides.pptx"
    prs.save(str(dest))
    return dest
