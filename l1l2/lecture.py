"""The whole lecture as one video: chapters (scenes) between short title cards, with captions and chapters.

``load_lecture`` reads an optional TOML file (see ``lecture.example.toml``);
``render_lecture`` renders every chapter's scene through the cached render API
(so a changed parameter re-renders only its scene), renders the title cards,
joins everything without re-encoding (the segments share one encoder
configuration, so their H.264 packets are copied with shifted timestamps), and
writes beside the video:

- ``.vtt`` and ``.srt`` captions: each beat's caption sentence from the beat's
  time in the real render, shifted by where its chapter starts in the joined
  video (measured from the segments' frame counts, not estimated);
- ``-chapters.vtt`` (WebVTT chapters) and ``-chapters.txt`` ("0:00 Title" lines,
  the list video sites read from a description).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scenes.kit import captions
from scenes.kit.params import ParamError
from scenes.kit.registry import all_specs, get_spec

from .encode import video_seconds
from .files import atomic_move, atomic_write_text, output_path, sweep_leftovers, work_dir
from .job import RenderJob, check_narration, checked_numbers, resolve, voice_tag
from .settings import RenderSettings

LECTURE_NAME = "lecture"
DEFAULT_TITLE = "Why L1 gives exact zeros and L2 only shrinks"
LECTURE_KEYS = {"title", "quality", "theme", "aspect", "captions", "card_seconds", "summary"}
CHAPTER_KEYS = {"scene", "title", "params", "part", "narration"}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


TITLE_MAX_CHARS = 100  # a heading, not a paragraph: a card, a chapter marker and a player's menu show it whole


def check_title(value: object, where: str) -> str:
    """A title (of the lecture, a chapter or a part): text, not blank, on one line, at most
    :data:`TITLE_MAX_CHARS`; else a :class:`ParamError` naming ``where``."""
    from .userfiles import kind

    if not isinstance(value, str):
        raise ParamError(f"{where}: must be text (in quotes), got {kind(value)}")
    if not value.strip():
        raise ParamError(f"{where}: is empty; give a title, or leave the key out for the default")
    if "\n" in value.strip() or "\r" in value:
        raise ParamError(f"{where}: must be one line (a title, shown on a card and as a chapter marker)")
    if len(value) > TITLE_MAX_CHARS:
        raise ParamError(f"{where}: is {len(value)} characters; at most {TITLE_MAX_CHARS} (a title is shown whole on "
                         "its card and as a chapter marker): shorten it")
    return value


@dataclasses.dataclass(frozen=True)
class Chapter:
    scene: str
    title: str
    params: Any  # the scene's validated params object
    part: str = ""  # the part it belongs to (default: its scene's part)
    narration: tuple[tuple[str, str], ...] = ()  # (beat, the lecturer's sentence) replacing its caption


@dataclasses.dataclass(frozen=True)
class Lecture:
    title: str
    chapters: tuple[Chapter, ...]
    settings: RenderSettings
    card_seconds: float = 3.0
    summary: bool = False  # end with the "when to use which" card

    def summary_points(self, table: str = "POINTS") -> list[tuple[str, str, str, str]]:
        """``(point, chapter title, scene, beat)`` for each line of ``scenes.kit.summary``'s ``table`` (the
        recaps' ``POINTS`` or the closing ``GUIDE``) whose scene plays in this lecture; the lessons in the
        lecture's chapter order, the advice in its own (the beat's built frame is the line's picture)."""
        from scenes.kit import summary

        order: dict[str, tuple[int, str]] = {}
        for k, ch in enumerate(self.chapters):
            order.setdefault(ch.scene, (k, ch.title))
        found = [(order[scene][0] if table == "POINTS" else n, point, order[scene][1], scene, beat)
                 for n, (point, scene, beat) in enumerate(getattr(summary, table)) if scene in order]
        return [(point, title, scene, beat) for _, point, title, scene, beat in sorted(found, key=lambda f: f[0])]


def load_lecture(path: Path | str | None = None, **overrides: Any) -> Lecture:
    """The lecture from a TOML file (or every scene in story order); ``overrides`` (quality, theme,
    aspect) win over the file. Checked against the schema of ``lecture.example.toml``: any problem is a
    :class:`ParamError` whose one line names the file, the key and what is allowed."""
    from .userfiles import kind, read_toml, scalar_params

    data: dict[str, Any] = read_toml(path, "lecture file") if path is not None else {}
    where = f"lecture file {path}" if path is not None else "lecture"
    unknown = set(data) - {"lecture", "chapter"}
    if unknown:
        raise ParamError(f"{where}: unknown key {sorted(unknown)[0]!r}; allowed: [lecture], [[chapter]]")
    head = data.get("lecture", {})
    if not isinstance(head, dict):
        raise ParamError(f"{where}: lecture: must be the [lecture] table, got {kind(head)}")
    if bad := set(head) - LECTURE_KEYS:
        raise ParamError(f"{where}: [lecture].{sorted(bad)[0]}: unknown key; allowed: {', '.join(sorted(LECTURE_KEYS))}")
    if "title" in head:
        check_title(head["title"], f"{where}: [lecture].title")
    for key in ("captions", "summary"):
        if key in head and not isinstance(head[key], bool):
            raise ParamError(f"{where}: [lecture].{key}: must be true or false, got {head[key]!r}")
    RenderSettings(**{k: head[k] for k in ("quality", "theme", "aspect") if k in head}).check(
        names=f"{where}: [lecture].{{}}")
    card = head.get("card_seconds", 3.0)
    if isinstance(card, bool) or not isinstance(card, (int, float)) or not 0.5 <= card <= 20:
        raise ParamError(f"{where}: [lecture].card_seconds: must be a number of seconds in [0.5, 20], got {card!r}")
    if "chapter" in data:
        chapters_raw = data["chapter"]
        if not isinstance(chapters_raw, list) or not all(isinstance(c, dict) for c in chapters_raw):
            raise ParamError(f"{where}: chapter: must be [[chapter]] blocks (tables), got {kind(chapters_raw)}"
                             + (" of other values" if isinstance(chapters_raw, list) else ""))
        if not chapters_raw:
            raise ParamError(f"{where}: chapter: an empty list plays nothing; give [[chapter]] blocks, or none "
                             "to play every scene")
    else:
        chapters_raw = [{"scene": s.name} for s in all_specs()]
    chapters = []
    for k, raw in enumerate(chapters_raw, 1):
        at = f"{where}: chapter {k}"
        if bad := set(raw) - CHAPTER_KEYS:
            raise ParamError(f"{at}: unknown key {sorted(bad)[0]!r}; allowed: {', '.join(sorted(CHAPTER_KEYS))}")
        if "scene" not in raw:
            raise ParamError(f"{at}: needs scene = \"NAME\"")
        if not isinstance(raw["scene"], str):
            raise ParamError(f"{at}: scene: must be a scene name in quotes, got {kind(raw['scene'])}")
        for key in ("title", "part"):
            if key in raw:
                check_title(raw[key], f"{at}: {key}")
        params = raw.get("params", {})
        if not isinstance(params, dict):
            raise ParamError(f"{at}: params: must be a table of scene parameters, got {kind(params)}")
        scalar_params(f"{at}: params.", params)
        try:
            spec, valid = resolve(raw["scene"], params)
            checked_numbers(spec, valid)  # the chapter's math, before any chapter renders
        except ParamError as err:
            raise ParamError(f"{at}: {err}") from None
        spec = get_spec(raw["scene"])
        narration = raw.get("narration", {})
        if not isinstance(narration, dict):
            raise ParamError(f"{at}: narration: must be a table of beat = \"sentence\" lines, got {kind(narration)}")
        check_narration(spec, narration, f"{at}: narration")
        chapters.append(Chapter(raw["scene"], raw.get("title", spec.chapter), valid, raw.get("part", spec.part),
                                tuple((b, narration[b]) for b in spec.beats if b in narration)))
    look = {k: head[k] for k in ("quality", "theme", "aspect", "captions") if k in head}
    look.update({k: v for k, v in overrides.items() if v is not None})
    summary = head.get("summary", "chapter" not in data)  # the whole story ends with it; a chosen set need not
    return Lecture(head.get("title", DEFAULT_TITLE), tuple(chapters), RenderSettings(**look).check(), float(card),
                   summary)


@dataclasses.dataclass
class LectureResult:
    outputs: dict[str, Path]
    chapters: list[tuple[float, str]]  # (start seconds, title)
    cues: list[tuple[float, float, str]]  # (start, end, caption)
    duration: float
    rendered: list[str]  # scenes rendered (not cached) this time
    seconds: float


def shared_recordings(lecture: Lecture) -> list[str]:
    """A warning for each beat that two chapters of one scene narrate with different lines: a beat has
    one recording (``<scene>/<beat>.wav``), so one of the chapters will say what its caption does not."""
    lines: dict[tuple[str, str], tuple[int, str]] = {}
    out = []
    for k, ch in enumerate(lecture.chapters, 1):
        spec = get_spec(ch.scene)
        own = dict(ch.narration)
        for beat in spec.beats:
            said = own.get(beat, "")  # "": the caption
            first = lines.setdefault((ch.scene, beat), (k, said))
            if first[1] != said:
                out.append(f"chapters {first[0]} and {k} both play {ch.scene} with different lines for {beat}, "
                           f"but a beat has one recording ({ch.scene}/{beat}.wav)")
    return out


def lecture_jobs(lecture: Lecture, force: bool = False, formats: tuple[str, ...] = ("mp4",),
                 poster: bool = False) -> list[RenderJob]:
    """One render job per chapter (validated by :func:`load_lecture`), with its narration."""
    return [RenderJob(ch.scene, ch.params, lecture.settings, formats=formats, poster=poster, force=force,
                      narration=ch.narration) for ch in lecture.chapters]


@dataclasses.dataclass(frozen=True)
class Segment:
    """One piece of the lecture, in order: a card or a chapter's scene video."""

    kind: str  # "card" or "scene"
    video: Path
    seconds: float  # its length, from its frames
    cues: tuple[tuple[float, float, str], ...]  # (start, end, text), from the segment's start
    marker: str = ""  # a chapter marker (players' chapter list) that starts with this segment
    result: Any = None  # a scene: its RenderResult (outputs, timeline)
    job: Any = None  # a scene: its RenderJob (narration, recordings)
    built: tuple[float, ...] = ()  # a card: per cue, the time its picture is complete (before it fades out)


def part_numeral(k: int) -> str:
    """Part ``k`` (from 0) as the cards and the article number it: I, II, … X, then 11, 12, …"""
    return ROMAN[k] if k < len(ROMAN) else str(k + 1)


def render_chapters(lecture: Lecture, *, out_dir: Path | str = "renders", workers: int = 1, force: bool = False,
                    progress: Callable[[str], None] | None = None, coarse: bool = False,
                    voice: str | None = None, warn: Callable[[str], None] | None = None,
                    formats: tuple[str, ...] = ("mp4",), poster: bool = False, scheduler: str | None = None) -> tuple[list, list, list[str]]:
    """Every chapter's scene rendered (or found in the cache): ``(jobs, results, rendered)``, one job and result
    per chapter, and the scenes rendered this time. ``voice`` is a folder of recordings, ``draft``, or None
    (silent); every recording is checked before anything is rendered (:func:`l1l2.narration.voiced_jobs`).
    ``formats`` and ``poster`` are what each chapter's render writes (the article wants WebM and a poster too)."""
    from .narration import voiced_jobs
    from .parallel import render_many
    from .run import RenderError

    say = progress or (lambda _m: None)
    if voice is not None:
        for message in shared_recordings(lecture):
            (warn or say)(f"lecture: {message}")
    jobs = voiced_jobs(lecture_jobs(lecture, force, formats, poster), voice, out_dir, warn or say, say)

    def same_render(job) -> str:  # a scene used twice with the same parameters and narration renders once
        return job.label + json.dumps([dataclasses.asdict(job.params), job.narration], sort_keys=True)

    unique = list({same_render(j): j for j in jobs}.values())
    outcomes = render_many(unique, out_dir, workers=workers, write=progress, coarse=coarse, scheduler=scheduler)
    failed = [o for o in outcomes if o.result is None]
    if failed:
        names = ", ".join(o.job.scene for o in failed)
        raise RenderError(f"lecture: {names} failed; first: {failed[0].error} (logs in {Path(out_dir) / '.logs'})")
    by_render = {same_render(o.job): o.result for o in outcomes}
    results = [by_render[same_render(j)] for j in jobs]
    rendered = [o.job.scene for o in outcomes if not o.result.extra.get("cached")]
    return jobs, results, rendered


def lecture_segments(lecture: Lecture, jobs: list, results: list, cards_dir: Path,
                     progress: Callable[[str], None] | None = None) -> list[Segment]:
    """The lecture in order: part and chapter cards, each chapter's scene, the recaps, the summary and the end
    card (cards are rendered here, cached by their text and look). ``l1l2 lecture`` joins them; ``l1l2 slides``
    shows each card and each beat of each scene as a slide."""
    say = progress or (lambda _m: None)
    settings = lecture.settings
    segments: list[Segment] = []
    parts = list(dict.fromkeys(ch.part for ch in lecture.chapters))
    heading = lecture.title  # on the first card only
    marker = ""

    def add(kind: str, video: Path, cues: list[tuple[float, float, str]], **extra: Any) -> None:
        nonlocal marker
        segments.append(Segment(kind, video, video_seconds(video), tuple(cues), marker, **extra))
        marker = ""

    def add_card(kicker: str, title: str, seconds: float, cue: str, lines: tuple[str, ...] = ()) -> None:
        nonlocal heading
        card = title_card(cards_dir, settings, heading, kicker, title, seconds, lines)
        heading = ""
        add("card", card, [(0.0, video_seconds(card), cue)], built=card_built(card))

    def part_number(part: str) -> str:
        return part_numeral(parts.index(part))

    lessons = lecture.summary_points() if lecture.summary else []
    guide = lecture.summary_points("GUIDE") if lecture.summary else []
    shown = {ch.scene: res for ch, res in reversed(list(zip(lecture.chapters, results, strict=True)))}

    def pictured(lines: list[tuple[str, str, str, str]]) -> tuple:
        beats: dict[str, list[str]] = {}
        for _, _, scene, beat in lines:
            beats.setdefault(scene, []).append(beat)
        frames = {scene: dict(zip(names, lesson_pictures(shown[scene], names, settings), strict=True))
                  for scene, names in beats.items()}  # one decoding pass per chapter
        return tuple((point, title, frames[scene][beat]) for point, title, scene, beat in lines)

    def add_recap(part: str) -> None:
        """A part that ends before another begins closes with its lessons, one at a time, each with its picture."""
        nonlocal marker
        mine = [line for line in lessons if any(ch.part == part and ch.scene == line[2] for ch in lecture.chapters)]
        if not mine or len(parts) < 2:
            return
        kicker = f"Part {part_number(part)} recap"
        say(f"lecture: {kicker.lower()}")
        marker = kicker  # a chapter of its own, so players list it
        add_points(kicker, part, kicker, tuple(f"{point} ({title})" for point, title, _, _ in mine), pictured(mine))

    def add_points(kicker: str, title: str, cue_head: str, lines: tuple[str, ...], pictures: tuple = ()) -> None:
        """A card whose lines appear one at a time, each with its own cue, read like any caption."""
        nonlocal heading
        spans = point_seconds(tuple(f"{cue_head}: {line}" for line in lines), lecture.card_seconds)
        card = title_card(cards_dir, settings, heading, kicker, title, sum(spans), lines, spans, pictures)
        heading = ""
        cues, start = [], 0.0
        for line, span in zip(lines, spans, strict=True):
            cues.append((start, start + span, f"{cue_head}: {line}"))
            start += span
        add("card", card, cues, built=card_built(card))

    for k, (ch, job, res) in enumerate(zip(lecture.chapters, jobs, results, strict=True), 1):
        say(f"lecture: title card {k}/{len(lecture.chapters)}")
        if len(parts) > 1 and k > 1 and ch.part != lecture.chapters[k - 2].part:
            add_recap(lecture.chapters[k - 2].part)
        marker = ch.title
        if len(parts) > 1 and (k == 1 or ch.part != lecture.chapters[k - 2].part):
            number = part_number(ch.part)
            add_card(f"Part {number}", ch.part, lecture.card_seconds, f"Part {number}: {ch.part}")
        add_card(f"Chapter {k}", ch.title, lecture.card_seconds, f"Chapter {k}: {ch.title}")
        scene_len = video_seconds(res.outputs["mp4"])
        add("scene", res.outputs["mp4"], captions.beat_cues(res.timeline.beats, scene_len, offset=0.0),
            result=res, job=job)
    if lessons and len(parts) > 1:
        add_recap(lecture.chapters[-1].part)
    if guide:
        from scenes.kit.summary import TITLE

        marker = TITLE
        say("lecture: the summary")
        add_points("Summary", TITLE, TITLE, tuple(f"{point} ({title})" for point, title, _, _ in guide), pictured(guide))
    say("lecture: the end card")
    add_card("The end", lecture.title, lecture.card_seconds, f"The end: {lecture.title}")
    return segments


def render_lecture(lecture: Lecture, *, out_dir: Path | str = "renders", workers: int = 1, force: bool = False,
                   progress: Callable[[str], None] | None = None, coarse: bool = False,
                   voice: str | None = None, warn: Callable[[str], None] | None = None, scheduler: str | None = None) -> LectureResult:
    """Render the lecture; ``voice`` is a folder of recordings, ``draft``, or None (silent). Every
    recording is checked before anything is rendered (:func:`l1l2.narration.voiced_jobs`)."""
    import time

    from .voice import mix, placements, with_audio

    t0 = time.perf_counter()
    say = progress or (lambda _m: None)
    settings = lecture.settings
    sweep_leftovers(Path(out_dir) / LECTURE_NAME, Path(out_dir) / LECTURE_NAME / "cards")
    jobs, results, rendered = render_chapters(lecture, out_dir=out_dir, workers=workers, force=force, scheduler=scheduler,
                                              progress=progress, coarse=coarse, voice=voice, warn=warn)
    segments = lecture_segments(lecture, jobs, results, Path(out_dir) / LECTURE_NAME / "cards", say)
    spoken: list[tuple[float, Any]] = []  # (start in the lecture, recording)
    chapters: list[tuple[float, str]] = []
    cues: list[tuple[float, float, str]] = []
    clock = 0.0
    for seg in segments:
        if seg.marker:
            chapters.append((clock, seg.marker))
        cues += [(clock + a, clock + b, text) for a, b, text in seg.cues]
        if seg.kind == "scene":
            spoken += placements(seg.job.voice, seg.result.timeline.beats, offset=clock)
        clock += seg.seconds
    out_dir = Path(out_dir)
    tag = voice_tag("draft" if voice == "draft" else "voice" if voice is not None else "",
                    any(j.narration for j in jobs))
    dest = {ext: output_path(out_dir, LECTURE_NAME, settings, ext, tag)
            for ext in ("mp4", "vtt", "srt", "chapters.vtt", "chapters.txt")}
    with work_dir("lecture", beside=dest["mp4"].parent) as tmp:
        work = Path(tmp)
        say("lecture: joining the chapters")
        concat_videos([seg.video for seg in segments], work / "joined.mp4")
        if voice is not None:
            say("lecture: adding the narration")
            with_audio(work / "joined.mp4", mix(spoken, video_seconds(work / "joined.mp4")), work / "lecture.mp4")
        else:
            (work / "joined.mp4").replace(work / "lecture.mp4")
        (work / "c.vtt").write_text(captions.webvtt(cues), encoding="utf-8")
        (work / "c.srt").write_text(captions.srt(cues), encoding="utf-8")
        (work / "ch.vtt").write_text(captions.webvtt([(s, e, t) for (s, t), e in zip(
            chapters, [c[0] for c in chapters[1:]] + [clock], strict=True)]), encoding="utf-8")
        (work / "ch.txt").write_text("".join(f"{captions.clock_label(s)} {captions.one_line(t)}\n" for s, t in chapters),
                                     encoding="utf-8")
        for src, key in (("lecture.mp4", "mp4"), ("c.vtt", "vtt"), ("c.srt", "srt"), ("ch.vtt", "chapters.vtt"),
                         ("ch.txt", "chapters.txt")):
            atomic_move(work / src, dest[key])
    return LectureResult(dest, chapters, cues, clock, rendered, time.perf_counter() - t0)


def lecture_script(lecture: Lecture, out_dir: Path | str = "renders", *, scene: str | None = None,
                   lecture_file: Path | str | None = None, progress: Callable[[str], None] | None = None,
                   voice: str | None = None, warn: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Write the narration script of the lecture (``lecture-script.md``/``.json``), or of the chapters
    playing ``scene`` (``<scene>-script.*``): per chapter and beat, the sentence, the recording's file
    name and the beat's length now (a dry run per chapter; see :mod:`l1l2.narration`). With ``voice``
    (a folder of recordings), each beat also says whether it is recorded, and its length is the
    narrated one."""
    from .narration import DRAFT, ScriptChapter, beat_lines, voiced_jobs, write_script

    if voice == DRAFT:
        raise ParamError("--voice: the script takes a folder of recordings (to say which beats are recorded), "
                         "not draft")
    jobs = lecture_jobs(lecture)
    picked = [(k, ch, job) for k, (ch, job) in enumerate(zip(lecture.chapters, jobs, strict=True), 1)
              if scene is None or ch.scene == scene]
    if scene is not None and not picked:
        resolve(scene)  # an unknown name: the error lists the scenes
        raise ParamError(f"--scene: {scene} is not a chapter of the lecture; chapters: "
                         f"{', '.join(dict.fromkeys(ch.scene for ch in lecture.chapters))}")
    say = progress or (lambda _m: None)
    for message in shared_recordings(lecture):
        (warn or say)(f"script: {message}")
    if voice is not None:
        voiced = voiced_jobs([job for _, _, job in picked], voice, out_dir, warn or say)
        picked = [(k, ch, job) for (k, ch, _), job in zip(picked, voiced, strict=True)]
    seen: dict[RenderJob, list] = {}
    chapters = []
    for n, (k, ch, job) in enumerate(picked, 1):
        say(f"script: timing {ch.scene} ({n}/{len(picked)})")
        if job not in seen:
            seen[job] = beat_lines(job, out_dir)
        chapters.append(ScriptChapter(k, ch.title, ch.part, tuple(seen[job])))
    where = f" {lecture_file}" if lecture_file else ""
    command = (f"l1l2 render {scene} --voice DIR" if scene is not None and lecture_file is None
               else f"l1l2 lecture{where} --voice DIR")
    return write_script(scene or LECTURE_NAME, lecture.title, chapters, lecture.settings, out_dir, command,
                        None if voice is None else str(voice))


# -- title cards ---------------------------------------------------------------------------


def lesson_pictures(result: Any, beats: list[str], settings: RenderSettings) -> list:
    """The frames of a chapter's real video where each of ``beats`` is fully built (the lessons' pictures),
    decoded in one pass, without the caption band (a recap or the summary says each lesson in its own words)."""
    from .encode import frames_at

    frames = frames_at(result.outputs["mp4"], [result.timeline.still_time(b, settings.frame_rate) for b in beats])
    if not settings.captions:
        return list(frames)
    rows = content_rows(settings, frames[0].shape[0])
    return [frame[:rows] for frame in frames]


def content_rows(settings: RenderSettings, height: int) -> int:
    """How many pixel rows of a frame ``height`` rows tall lie above the caption band (the band is kept free
    whether or not a caption is drawn in it)."""
    from scenes.kit.layout import Layout

    layout = Layout(*settings.frame_units)
    return int(round((layout.height / 2 - layout.content.bottom) / layout.height * height))


def point_seconds(lines: tuple[str, ...], least: float) -> list[float]:
    """How long each point of a recap or summary stays the newest: its reading time (17 characters a second
    plus 1 s, like every caption), at least ``least``, in whole frames of 1/600 s so joined cues add up."""
    return [round(max(least, captions.reading_seconds(line)) * 600) / 600 for line in lines]


def card_built(card: Path) -> tuple[float, ...]:
    """When each of a card's lines is complete (its title, or each lesson of a recap), in seconds of its video:
    what the card's render recorded beside it (frame-exact, like a scene's beat times)."""
    return tuple(json.loads(card.with_suffix(".json").read_text(encoding="utf-8"))["built"])


def card_fade(seconds: float, steps: int = 1) -> float:
    """How long a card's lines fade in and its last picture fades out: half a second, less on a short card
    (``steps`` lessons, each shown on its own, share its length)."""
    return min(0.5, seconds / (4 * steps))


def title_card(cards_dir: Path, settings: RenderSettings, heading: str, kicker: str, title: str,
               seconds: float, lines: tuple[str, ...] = (), spans: list[float] | None = None,
               pictures: tuple[Any, ...] = ()) -> Path:
    """A short card (cached by its text, pictures, look and length): the lecture title on the first, then the
    part or chapter; ``lines`` (a recap's points) are listed under the title, each appearing in turn for its
    span of ``spans`` seconds. With ``pictures`` (per line: its sentence, the chapter it comes from and that
    chapter's RGB frame), each is shown on its own with its picture (the summary: each lesson returns with
    its chapter's picture)."""
    from .cache import source_digest

    shown = [[a, b, hashlib.sha256(p.tobytes()).hexdigest(), list(p.shape)] for a, b, p in pictures]
    key = hashlib.sha256(json.dumps([heading, kicker, title, list(lines), seconds, spans, dataclasses.asdict(settings),
                                     shown, source_digest()]).encode()).hexdigest()[:16]
    path = cards_dir / f"card-{key}.mp4"
    if path.exists() and path.with_suffix(".json").exists():
        return path
    from manim import tempconfig

    from .run import quiet_manim

    quiet_manim()
    cards_dir.mkdir(parents=True, exist_ok=True)
    with work_dir("card", beside=cards_dir) as tmp, \
            tempconfig(settings.manim_config(Path(tmp), "card")):
        from scenes.kit.pictures import PictureCamera

        scene = _card_scene(settings.theme, heading, kicker, title, seconds, lines, spans, pictures)(
            camera_class=PictureCamera)
        scene.render()
        atomic_write_text(path.with_suffix(".json"), json.dumps({"built": scene.built}))
        atomic_move(Path(scene.renderer.file_writer.final_file_path), path)
    return path


def _card_scene(theme: str, heading: str, kicker: str, title: str, seconds: float, points: tuple[str, ...] = (),
                spans: list[float] | None = None, pictures: tuple[Any, ...] = ()):
    from manim import DOWN, LEFT, UP, FadeIn, FadeOut, Group, Scene, VGroup, config, linear

    from scenes.kit import style
    from scenes.kit.layout import Layout, fit
    from scenes.kit.pictures import framed_picture
    from scenes.kit.typeset import escape_markup, text

    class TitleCard(Scene):
        built: list[float]  # when each line's picture is complete (the scene's time: whole frames)

        def construct(self) -> None:
            self.built = []
            pal = style.THEMES[theme]
            self.camera.background_color = pal.background
            layout = Layout(config.frame_width, config.frame_height)
            box = layout.safe
            if pictures:
                self.lessons(pal, layout)
                return
            lines = VGroup()
            # Titles come from the user's lecture file: text, never Typst code.
            # the lecture's title, on the first card, is the largest line there; the part under it is smaller
            if heading:
                lines.add(text(f"*{escape_markup(heading)}*", style.TITLE, pal.text, width=box.width * 0.9))
            lines.add(text(escape_markup(kicker), style.LABEL, pal.accent),
                      text(escape_markup(title), style.TITLE if not (points or heading) else style.HEADING, pal.text,
                           width=box.width * 0.9))
            if points:
                items = VGroup(*[text(f"• {escape_markup(point)}", style.BODY * 0.85, pal.text, width=box.width * 0.85)
                                 for point in points]).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
                lines.add(items)
            lines.arrange(DOWN, buff=0.45)
            if lines.width > box.width or lines.height > box.height:
                lines.scale(min(box.width / lines.width, box.height / lines.height))
            lines.move_to(box.center)
            fade = card_fade(seconds)
            if not points:
                self.play(FadeIn(lines, shift=UP * 0.15), run_time=fade)
                self.wait(seconds - 2 * fade)
                self.built.append(float(self.time))
                self.play(FadeOut(lines), run_time=fade)
                return
            # the points one at a time, each for its span (the first span includes the card's fade-in)
            items = lines[-1]
            head = VGroup(*lines[:-1])
            steps = spans or [seconds / len(points)] * len(points)
            for k, (item, span) in enumerate(zip(items, steps, strict=True)):
                shown = [FadeIn(head, shift=UP * 0.15)] if k == 0 else []
                self.play(*shown, FadeIn(item, shift=UP * 0.1), run_time=fade)
                last = k == len(items) - 1
                self.wait(span - fade - (fade if last else 0.0))
                self.built.append(float(self.time))
            self.play(FadeOut(lines), run_time=fade)

        def lessons(self, pal, layout: Layout) -> None:
            """One lesson at a time: its chapter's picture, its sentence beside (wide) or under it, k of n."""
            box = layout.safe
            head = VGroup(text(escape_markup(kicker), style.LABEL, pal.accent),
                          text(escape_markup(title), style.HEADING, pal.text, width=box.width))
            head.arrange(DOWN, buff=0.15)
            fit(head, box, UP)
            rest = dataclasses.replace(box, top=head.get_bottom()[1] - 0.4)
            side = layout.wide
            pic_box, words_box = rest.split_h(0.64, 0.36, gap=0.5) if side else rest.split_v(0.7, 0.3, gap=0.4)
            fade = card_fade(seconds, len(pictures))
            steps = spans or [seconds / len(pictures)] * len(pictures)
            shown = None
            for k, ((sentence, chapter, picture), span) in enumerate(zip(pictures, steps, strict=True)):
                picture_mob = framed_picture(picture, pic_box.width, pic_box.height, pal.muted)
                picture_mob.move_to(pic_box.center)
                words = VGroup(text(escape_markup(sentence), style.BODY, pal.text, width=words_box.width),
                               text(escape_markup(f"from “{chapter}”"), style.LABEL, pal.muted, width=words_box.width),
                               text(f"{k + 1} of {len(pictures)}", style.SMALL, pal.muted))
                words.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
                fit(words, words_box, LEFT if side else UP)
                lesson = Group(picture_mob, words)
                change = [FadeIn(head, shift=UP * 0.15)] if k == 0 else [FadeOut(shown)]
                self.play(*change, FadeIn(lesson, shift=UP * 0.1), run_time=fade)
                last = k == len(pictures) - 1
                # while the line is read the picture drifts closer (slowly: a held picture, never a frozen one)
                self.play(picture_mob.animate.scale(1.05), run_time=span - fade - (fade if last else 0.0),
                          rate_func=linear)
                self.built.append(float(self.time))
                shown = lesson
            self.play(FadeOut(Group(head, shown)), run_time=fade)

    return TitleCard


# -- joining and timing ----------------------------------------------------------------------


def concat_videos(parts: list[Path], dest: Path) -> Path:
    """Join MP4s made with one encoder configuration by copying packets with shifted timestamps.

    Each part starts one frame after the previous part's last frame.
    """
    import av

    with av.open(str(parts[0])) as first:
        template = first.streams.video[0]
        rate, size = template.base_rate, (template.codec_context.width, template.codec_context.height)
        with av.open(str(dest), "w") as out:
            vout = out.add_stream_from_template(template)
            next_start = 0.0  # seconds
            for part in parts:
                with av.open(str(part)) as inp:
                    st = inp.streams.video[0]
                    if st.base_rate != rate or (st.codec_context.width, st.codec_context.height) != size:
                        raise ValueError(f"{part.name}: frame rate or size differs from the first segment")
                    packets = [p for p in inp.demux(st) if p.size and p.pts is not None]
                    tb = float(st.time_base)
                    shift = int(round(next_start / tb)) - min(p.pts for p in packets)
                    for packet in packets:
                        packet.pts += shift
                        packet.dts = packet.dts + shift if packet.dts is not None else None
                        packet.stream = vout
                        out.mux(packet)
                    next_start = (max(p.pts for p in packets)) * tb + 1 / float(rate)
    return dest
