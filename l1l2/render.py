"""Rendering a job to its outputs: the video, its other formats, captions, poster, embed snippet, manifest.

Every output is made in a temporary folder beside its destination and moved into
place (``os.replace``) only when complete, so an interrupted or failed render
leaves the previous good file untouched and no partial file behind. The manifest
is written last: the cache never vouches for a file it did not write.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shlex
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenes.kit import captions
from scenes.kit.base import BeatRecord, ExplainerScene
from scenes.kit.params import ParamError

from . import cache
from .embed import embed_snippet
from .encode import frame_at, frame_count
from .files import (
    atomic_move,
    atomic_write_text,
    file_digest,
    save_png,
    stem_lock,
    sweep_leftovers,
    variant_tag,
    work_dir,
    write_failure,
)
from .formats import FORMATS, check_formats, master_format
from .job import RenderJob, make_job
from .run import (
    STOP_SIGNALS,
    RenderError,
    Timeline,
    job_timeline,
    keep_timeline,
    run_scene,
    stop_signals_raise,
)
from .settings import RenderSettings
from .stills import render_still

Progress = Callable[[str], None]


@dataclass
class RenderResult:
    scene: str
    outputs: dict[str, Path]
    timeline: Timeline
    seconds: float
    frames: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def render_video(name: str, *, overrides: dict[str, Any] | None = None, settings: RenderSettings | None = None,
                 formats: Sequence[str] = ("mp4",), out_dir: Path | str = "renders", params: Any = None,
                 progress: Progress | None = None, poster: bool = False, force: bool = False) -> RenderResult:
    """Render a scene to every format in ``formats``, plus ``.srt``/``.vtt`` captions (see :func:`render_job`)."""
    job = make_job(name, overrides, params=params, settings=settings, formats=tuple(formats), poster=poster,
                   force=force)
    return render_job(job, out_dir, progress)


def render_job(job: RenderJob, out_dir: Path | str = "renders", progress: Progress | None = None) -> RenderResult:
    """Render one job. Bad input raised :class:`ParamError` when the job was made; anything failing
    inside the render raises :class:`RenderError`. Either way no partial file is left behind."""
    with _interrupt_watch() as interrupted:
        try:
            check_formats(job.formats, job.settings.transparent)  # a job made by hand, not by make_job
            say = progress or (lambda _msg: None)
            folder = Path(out_dir) / job.scene
            sweep_leftovers(folder)
            with stem_lock(Path(out_dir), job.scene, job.label, say):  # one render of a stem at a time
                return _render(job, Path(out_dir), say, interrupted)
        except (ParamError, KeyboardInterrupt, RenderError):
            raise
        except Exception as err:
            if interrupted:  # Ctrl-C inside manim's encoder can surface as its own RuntimeError
                raise KeyboardInterrupt from err
            if (io := write_failure(err)) is not None:  # the place, not manim's temporary segment file
                raise RenderError(f"{job.scene}: cannot write in {Path(out_dir) / job.scene}: "
                                  f"{io.strerror or io}") from err
            raise RenderError(f"{job.scene}: {type(err).__name__}: {err}") from err


@contextlib.contextmanager
def _interrupt_watch():
    """Record SIGINT, SIGTERM and SIGHUP (and raise KeyboardInterrupt) while a render runs.

    The record matters because the KeyboardInterrupt can be swallowed (raised inside a weakref
    callback, or turned into manim's own RuntimeError by its encoder); the render checks it before
    moving any output into place.
    """
    seen: list[int] = []
    with stop_signals_raise(STOP_SIGNALS, seen):
        yield seen


@contextlib.contextmanager
def _signals_deferred():
    """Hold SIGINT/SIGTERM/SIGHUP while the outputs and their manifest are committed, so they are
    replaced together or not at all; a signal that arrives meanwhile is delivered right after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def cached_result(job: RenderJob, out_dir: Path) -> RenderResult | None:
    """The outputs of an earlier render of ``job`` in ``out_dir``, if its manifest vouches for all of them."""
    if job.force:
        return None
    record = cache.manifest_path(out_dir, job.scene, job.label)
    hit = cache.cached_outputs(record, job.cache_key(), list(job.formats) + (["poster"] if job.poster else []))
    if hit is None:
        return None
    data = cache.read_manifest(record) or {}
    tl = Timeline([BeatRecord(**b) for b in data.get("beats", [])], float(data.get("duration", 0.0)))
    return RenderResult(job.scene, hit, tl, 0.0, int(data.get("frames", 0)), {"cached": True})


def _render(job: RenderJob, out_dir: Path, say: Progress, interrupted: Sequence[bool]) -> RenderResult:
    t0 = time.perf_counter()
    if (hit := cached_result(job, out_dir)) is not None:
        say(f"{job.scene}: unchanged, cached ({job.label})")
        hit.seconds = time.perf_counter() - t0
        return hit
    dest_dir = out_dir / job.scene
    dest_dir.mkdir(parents=True, exist_ok=True)
    with work_dir("render", beside=dest_dir) as tmp:
        produced, tl, frames = produce(job, out_dir, Path(tmp), say)
        if interrupted:
            raise KeyboardInterrupt  # the interrupt was swallowed somewhere: keep the previous outputs
        outputs = commit(job, out_dir, produced, tl, frames, time.perf_counter() - t0)
    return RenderResult(job.scene, outputs, tl, time.perf_counter() - t0, frames)


def produce(job: RenderJob, out_dir: Path, work: Path, say: Progress) -> tuple[dict[str, Path], Timeline, int]:
    """Every output of ``job`` made in the folder ``work`` (nothing is moved into place): the files by format,
    the real render's timeline and its frame count. ``out_dir`` is where its timeline is cached.
    A cluster worker runs this alone and sends the files back (:mod:`l1l2.cluster`)."""
    name, p, settings, formats = job.scene, job.params, job.settings, list(job.formats)
    master = master_format(settings.transparent)
    videos = [f for f in formats if FORMATS[f].make is not None]
    produced: dict[str, Path] = {}
    frames = 0
    if videos or job.poster:
        cls = _with_progress(job.scene_class(), job_timeline(job, out_dir), say, name)
        scene = run_scene(cls, settings, work, dry=False)
        video = Path(scene.renderer.file_writer.final_file_path)
        if not video.exists():
            raise RenderError(f"{name}: manim produced no video")
        tl = Timeline.of(scene)  # the real render's beat times
        keep_timeline(job, out_dir, tl)
        frames = frame_count(video)
        cues = captions.beat_cues(tl.beats, frames / settings.frame_rate)
        (work / "captions.srt").write_text(captions.srt(cues), encoding="utf-8")
        (work / "captions.vtt").write_text(captions.webvtt(cues), encoding="utf-8")
        produced.update({"srt": work / "captions.srt", "vtt": work / "captions.vtt"})
        sound = narration_track(job, tl, frames / settings.frame_rate) if job.voice else None
        for fmt in videos:
            if fmt != master.name or sound is not None:
                say(f"{name}: encoding {fmt}" + (" with the narration" if sound is not None else ""))
            produced[fmt] = FORMATS[fmt].make(video, work / f"out.{FORMATS[fmt].ext}",
                                              sound if FORMATS[fmt].sound else None)
        if job.poster:
            last = tl.beats[-1].name if tl.beats else None
            t_poster = tl.still_time(last, settings.frame_rate) if last else tl.duration
            save_png(frame_at(video, t_poster, alpha=settings.transparent), work / "poster.png",
                     alpha=settings.transparent)
            produced["poster"] = work / "poster.png"
    else:
        tl = job_timeline(job, out_dir)
    if "png" in formats:
        produced["png"] = render_still(name, settings=settings, params=p, tl=tl, output=work / "last.png",
                                       scene_class=job.scene_class())
    return produced, tl, frames


def commit(job: RenderJob, out_dir: Path, produced: dict[str, Path], tl: Timeline, frames: int,
           seconds: float) -> dict[str, Path]:
    """Move every output into place, then write the manifest that vouches for them with their content
    hashes, with stop signals held: a render's files and manifest are replaced together. (Even a
    SIGKILL in between cannot make the cache serve a mismatched file: the hashes would not match.)
    The caller holds the stem's lock; ``produced`` lies beside the destination (a rename, not a copy)."""
    name, p, settings, spec = job.scene, job.params, job.settings, job.spec
    key = job.cache_key()
    record = cache.manifest_path(out_dir, name, job.label)
    outputs: dict[str, Path] = {}
    with _signals_deferred():
        for fmt, path in produced.items():
            ext = "poster.png" if fmt == "poster" else FORMATS[fmt].ext if fmt in FORMATS else fmt
            dest = job.output(out_dir, ext)
            atomic_move(path, dest)
            outputs[fmt] = dest
        if any(FORMATS[f].video for f in outputs if f in FORMATS):
            outputs["embed"] = job.output(out_dir, "embed.html")
            atomic_write_text(outputs["embed"], embed_snippet(outputs, settings.size, alt=f"{name}: {spec.description}",
                                                              sound=bool(job.voice)))
        cache.write_manifest(record, {
            "key": key, "scene": name, "description": spec.description, "stem": job.label,
            "variant": variant_tag(p),
            "params": dataclasses.asdict(p), "settings": dataclasses.asdict(settings),
            "command": reproduce_command(job),
            "duration": tl.duration, "frames": frames, "fps": settings.frame_rate,
            "size": list(settings.size), "seconds": round(seconds, 2),
            "beats": [dataclasses.asdict(b) for b in tl.beats],
            "narration": dict(job.narration),
            "voice": voice_record(job, tl),
            "outputs": {fmt: path.name for fmt, path in outputs.items()},
            "hashes": {fmt: file_digest(path) for fmt, path in outputs.items()},
        })
    return outputs


def narration_track(job: RenderJob, tl: Timeline, seconds: float):
    """The job's recordings, each from its beat's start in the real render, as one track of ``seconds``."""
    from .voice import mix, placements

    return mix(placements(job.voice, tl.beats), seconds)


def voice_record(job: RenderJob, tl: Timeline) -> dict[str, Any]:
    """The manifest's account of the sound: which voice, and per beat the file, its hash, length, start."""
    from .voice import placements

    return {"kind": job.voice_kind, "beats": {
        r.beat: {"file": str(r.path), "digest": r.digest, "seconds": round(r.seconds, 4), "start": round(start, 4)}
        for start, r in placements(job.voice, tl.beats)}}


def reproduce_command(job: RenderJob) -> str:
    """The ``l1l2 render`` command line that makes this render (parameters that differ from the defaults)."""
    words = ["l1l2", "render", job.scene, *job.option_words()]
    if list(job.formats) != ["mp4"]:
        words += ["--format", ",".join(job.formats)]
    if job.poster:
        words.append("--poster")
    if job.voice_kind == "draft":
        words += ["--voice", "draft"]
    elif job.voice_kind == "voice" and job.voice:
        words += ["--voice", str(job.voice[0].path.parent.parent)]
    line = shlex.join(words)
    # narration lines come from a lecture file: say so rather than print a command that differs
    return line + ("  # with the narration lines of a lecture file (l1l2 lecture FILE.toml)" if job.narration else "")


def _with_progress(cls: type[ExplainerScene], tl: Timeline, say: Progress, name: str) -> type[ExplainerScene]:
    total = max(tl.duration, 1e-9)
    start = time.perf_counter()

    def play(self, *args, **kwargs):
        ExplainerScene.play(self, *args, **kwargs)
        done = float(self.time) / total
        elapsed = time.perf_counter() - start
        left = elapsed * (1 - done) / done if done > 0 else float("nan")
        say(f"{name}: {100 * done:5.1f}%  {self.time:5.1f}/{total:.1f} s of video, ~{left:.0f} s left")

    return type(cls.__name__, (cls,), {"play": play})
