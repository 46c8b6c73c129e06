"""Stills: the frames at given times, captured in one skipping run, exactly as the video shows them.

:class:`StillCapture` is mixed into a scene class at render time (scenes never import
it). It overrides two of manim's internals, ``get_time_progression`` and
``update_to_time``: during a skipping run it stops each play only at the frames asked
for and draws them. Frames are chosen by index, as in the video: frame k shows the
moment k/fps, and the still at t is frame floor(t·fps).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from scenes.kit.base import ExplainerScene
from scenes.kit.params import ParamError
from scenes.kit.registry import SceneSpec, get_spec

from . import cache
from .files import atomic_move, output_path, save_png, work_dir, writing
from .job import RenderJob, checked_numbers, resolve
from .run import StillCaptured, Timeline, cached_timeline, job_timeline, keep_timeline, run_scene
from .settings import RenderSettings


class StillCapture:
    """Mixin for an ExplainerScene: capture the frames at ``still_times`` (seconds) during a skipping run.

    ``captured`` maps each time to its RGB(A) frame. A scene (or a test's subclass of it) that
    defines ``on_capture(t)`` has it called right after each capture, to inspect geometry there.

    With ``still_beat``, the run also keeps the last frame of each play of that beat (``beat_end``:
    its frame index and picture) and stops when the next beat starts: the beat's last frame, the one
    where it is fully built, without knowing in advance when the beat ends (see :func:`beat_end_frame`).
    """

    still_times: ClassVar[tuple[float, ...]] = ()
    still_beat: ClassVar[str | None] = None
    unseen: ClassVar[frozenset[str]] = frozenset()  # beats whose caption no captured frame shows

    def setup(self) -> None:
        super().setup()
        self.captured: dict[float, np.ndarray] = {}
        self.beat_end: tuple[int, np.ndarray] | None = None
        self.stopped_early = False  # True when the run stopped before the scene's end (its timeline is partial)
        self._pending: dict[float, list[float]] = {}
        self._ends: dict[float, int] = {}

    def get_time_progression(self, run_time, description, n_iterations=None, override_skip_animations=False):
        from manim import config

        if not self.still_times and self.still_beat is None:
            return super().get_time_progression(run_time, description, n_iterations, override_skip_animations)
        # Work in whole frames, as the video does: float sums of frame steps must not decide
        # which play a frame at a beat boundary belongs to.
        fps = config.frame_rate
        end = float(self.renderer.time)  # skipping: the renderer already added run_time
        first = int(round((end - run_time) * fps))
        n = self.frames_of_play()
        self._pending = {}
        for t in self.still_times:
            k = int(np.floor(t * fps + 1e-6))
            if first <= k < first + n and t not in self.captured:
                self._pending.setdefault((k - first) / fps, []).append(t)
        self._ends = {}
        if self.still_beat is not None and n > 0 and self.beat_log and self.beat_log[-1].name == self.still_beat:
            beat = self.beat_log[-1]
            # A play after which the beat is still shorter than its least length is never its last: the
            # beat's hold (ExplainerScene._hold_beat) would follow it. Only the others' last frames are drawn.
            short = int(np.ceil((self.least_seconds(beat) - ((first + n) / fps - beat.time)) * fps - 1e-6))
            if short <= 0:
                self._ends[(n - 1) / fps] = first + n - 1
        return _Progress(sorted(set(self._pending) | set(self._ends)) + [run_time])

    def update_to_time(self, t: float) -> None:
        super().update_to_time(t)
        if t in self._ends:
            self.beat_end = (self._ends.pop(t), self.capture_frame())
        if t in self._pending:
            frame = self.capture_frame()
            for at in self._pending.pop(t):
                self.captured[at] = frame
                if hasattr(self, "on_capture"):
                    self.on_capture(at)
            if self.still_beat is None and len(self.captured) == len(set(self.still_times)):
                self._stop()

    def beat(self, name: str, **values: Any) -> None:
        if (self.still_beat is not None and self.beat_log and self.beat_log[-1].name == self.still_beat
                and len(self.captured) == len(set(self.still_times))):
            self._hold_beat()  # the still beat's last frames (the next beat would hold them first)
            self._stop()  # now is the next beat's start: no need to typeset its caption
        super().beat(name, **values)

    def caption_bar(self, name: str, caption: str) -> Any:
        if name in self.unseen:
            from manim import VGroup

            return VGroup()  # gone before the first captured frame: not typeset
        return super().caption_bar(name, caption)

    def _stop(self) -> None:
        self.stopped_early = True
        raise StillCaptured

    def is_current_animation_frozen_frame(self) -> bool:
        # A frozen wait skips update_to_time: while capturing, every play is stepped.
        if self.still_times or self.still_beat is not None:
            return False
        return super().is_current_animation_frozen_frame()

    def capture_frame(self) -> np.ndarray:
        """The current frame as an RGB(A) array, whatever the skipping state."""
        from manim.renderer.cairo_renderer import CairoRenderer

        self.renderer.static_image = None
        CairoRenderer.update_frame(self.renderer, self)  # a dry run's renderer draws nothing on its own
        return self.renderer.get_frame()


class _Progress(list):
    """A finished list that looks enough like tqdm for ``play_internal``."""

    def close(self) -> None:
        pass


def capturing(scene_class: type[ExplainerScene], times: Sequence[float], beat: str | None = None,
              unseen: Iterable[str] = ()) -> type:
    """``scene_class`` with :class:`StillCapture` mixed in, capturing at ``times`` (and the end of ``beat``);
    the captions of the beats ``unseen`` are not typeset (no captured frame shows them)."""
    return type(scene_class.__name__, (StillCapture, scene_class),
                {"still_times": tuple(sorted(times)), "still_beat": beat, "unseen": frozenset(unseen)})


def capture_scene(name: str, times: Sequence[float], *, settings: RenderSettings, params: Any,
                  scene_class: type[ExplainerScene] | None = None, beat: str | None = None,
                  unseen: Iterable[str] = ()) -> ExplainerScene:
    """Run a scene in a skipping pass that captures the frames at ``times``; returns the scene.

    Its ``captured`` dict maps each time to the RGB frame; its mobjects are in the
    state of the last captured time (so tests can inspect positions too). With ``beat``, the run
    also keeps that beat's last frame and stops when the next beat starts (:func:`beat_end_frame`).
    ``unseen`` names beats whose caption no captured frame shows (see :func:`unseen_captions`).
    """
    base = scene_class or get_spec(name).scene_class
    cls = capturing(base.variant(params=params, theme=settings.theme, show_captions=settings.captions), times, beat,
                    unseen)
    with work_dir("still") as tmp:
        return run_scene(cls, settings, Path(tmp), dry=True)


def still_frames(name: str, times: Sequence[float], *, settings: RenderSettings, params: Any,
                 scene_class: type[ExplainerScene] | None = None, tl: Timeline | None = None) -> list[np.ndarray]:
    """The frames at ``times`` (seconds), captured in one skipping pass; times past the end give the last frame.
    With the run's timeline ``tl``, the captions of beats over before the first of ``times`` are not typeset."""
    unseen = unseen_captions(tl, min(times), settings.frame_rate) if tl is not None and times else ()
    scene = capture_scene(name, times, settings=settings, params=params, scene_class=scene_class, unseen=unseen)
    last = None
    frames = []
    for t in times:
        if t in scene.captured:
            frames.append(scene.captured[t])
        else:
            last = last if last is not None else scene.capture_frame()
            frames.append(last)
    return frames


def absent(scene: str, beat: str, tl: Timeline) -> None:
    """A ParamError if the scene, with its parameters, plays no beat ``beat`` (``geometry`` with
    ``cases=main`` has no ``edge``)."""
    names = [b.name for b in tl.beats]
    if beat not in names:
        raise ParamError(f"--beat: {scene} has no beat {beat!r} with these parameters; its beats: {', '.join(names)}")


def unseen_captions(tl: Timeline, t: float, fps: int) -> list[str]:
    """The beats whose captions are gone by the frame at ``t``: each is replaced when the next beat starts
    (on that beat's first frame), and the frame at ``t`` is frame ``floor(t·fps)``."""
    k = int(np.floor(t * fps + 1e-6))
    return [b.name for b, after in zip(tl.beats, tl.beats[1:], strict=False) if int(round(after.time * fps)) <= k]


def beat_end_frame(scene: StillCapture, beat: str, fps: int) -> tuple[float, np.ndarray | None]:
    """After a run with ``still_beat = beat``: the time of the frame where ``beat`` is fully built
    (:meth:`Timeline.still_time`, from the beats the run logged; a run stopped at the next beat's start
    ends there) and that frame, if the run kept it (the last frame of the beat's last play is that
    frame unless the beat's last play had no frame)."""
    tl = Timeline(list(scene.beat_log), float(scene.time))
    t = tl.still_time(beat, fps)
    kept = scene.beat_end
    return t, kept[1] if kept is not None and kept[0] == int(np.floor(t * fps + 1e-6)) else None


def still_target(spec: SceneSpec, tl: Timeline, settings: RenderSettings, beat: str | None,
                 at: float | None) -> tuple[float, str]:
    """The time of a still and its tag in the file name: a beat fully built, a time, or the last frame."""
    if beat is not None and at is not None:
        raise ParamError("--beat/--at: give one of them, not both")
    if beat is not None:
        if beat not in spec.beats:
            raise ParamError(f"--beat: unknown beat {beat!r}; allowed: {', '.join(spec.beats)}")
        absent(spec.name, beat, tl)
        return tl.still_time(beat, settings.frame_rate), beat
    if at is not None:
        if not (np.isfinite(at) and 0 <= at <= tl.duration):
            raise ParamError(f"--at: must be seconds between 0 and the scene's duration {tl.duration:.2f}, got {at:g}")
        return min(at, tl.duration - 1e-6), f"t{at:g}"
    return tl.duration - 1e-6, "last"


def still_frame(job: RenderJob, *, beat: str | None = None, at: float | None = None, tl: Timeline | None = None,
                out_dir: Path | str | None = None, scene_class: type[ExplainerScene] | None = None) -> np.ndarray:
    """The frame of ``job``'s video where ``beat`` is fully built, at ``at`` seconds, or the last one.

    With a timeline (given, or cached in ``out_dir`` under the job's key) one run goes to the frame
    and stops. Without, a beat's frame (the last frame is the last beat's) is found in the same single
    run: it stops when the next beat starts. Only a time (``at``) needs the whole timeline first, to
    check it against the scene's length. A run that reached the end records its timeline in ``out_dir``.
    """
    spec = job.spec
    if tl is None and out_dir is not None:
        tl = cached_timeline(job, out_dir)
    if tl is None and at is None:
        names = list(spec.beats)
        target = beat or names[-1]
        scene = capture_scene(job.scene, (), settings=job.settings, params=job.params, scene_class=scene_class,
                              beat=target, unseen=names[:names.index(target)])
        logged = Timeline(list(scene.beat_log), float(scene.time))  # up to the next beat's start
        absent(job.scene, target, logged)  # bad input writes nothing
        if not scene.stopped_early and out_dir is not None and scene_class is None:
            keep_timeline(job, out_dir, Timeline.of(scene))
        t, frame = beat_end_frame(scene, target, job.settings.frame_rate)
        if frame is not None:
            return frame
        (frame,) = still_frames(job.scene, [t], settings=job.settings, params=job.params, scene_class=scene_class,
                                tl=logged)
        return frame
    fresh = tl is None
    tl = tl or job_timeline(job)
    t, _tag = still_target(spec, tl, job.settings, beat, at)  # a time past the end is refused: nothing written
    if fresh and out_dir is not None and scene_class is None:
        keep_timeline(job, out_dir, tl)
    (frame,) = still_frames(job.scene, [t], settings=job.settings, params=job.params, scene_class=scene_class, tl=tl)
    return frame


def still_command(job: RenderJob, beat: str | None = None, at: float | None = None) -> str:
    """The ``l1l2 still`` command line that draws this still."""
    import shlex

    where = ["--beat", beat] if beat is not None else ["--at", f"{at:g}"] if at is not None else []
    return shlex.join(["l1l2", "still", job.scene, *where, *job.option_words()])


def still_key(job: RenderJob, tag: str) -> str:
    """The cache key of one still: its render's key and which frame (a beat, ``t<seconds>`` or ``last``)."""
    return hashlib.sha256(f"{job.cache_key()}/{tag}".encode()).hexdigest()


def render_still(name: str, *, beat: str | None = None, at: float | None = None,
                 overrides: dict[str, Any] | None = None, settings: RenderSettings | None = None,
                 out_dir: Path | str = "renders", output: Path | str | None = None, params: Any = None,
                 tl: Timeline | None = None, scene_class: type[ExplainerScene] | None = None,
                 force: bool = False) -> Path:
    """One PNG: the frame where ``beat`` is fully built, the frame at ``at`` seconds, or the last frame.
    ``scene_class`` (a narrated job's class, with ``tl`` its timeline) replaces the scene's own.

    A still written to ``out_dir`` is a cache hit when nothing it depends on changed (its render key
    and the frame asked for; the PNG's content hash is checked): it is returned as it is, unless ``force``."""
    spec, p = resolve(name, overrides, params)
    if params is None:  # from the user: the math first (a job's params were checked when it was made)
        checked_numbers(spec, p)
    settings = (settings or RenderSettings()).check()
    if beat is not None and at is not None:
        raise ParamError("--beat/--at: give one of them, not both")
    if at is not None and not (np.isfinite(at) and at >= 0):  # checks that need no run come first
        raise ParamError(f"--at: must be a finite number of seconds >= 0, got {at:g}")
    if beat is not None and beat not in spec.beats:
        raise ParamError(f"--beat: unknown beat {beat!r}; allowed: {', '.join(spec.beats)}")
    job = RenderJob(name, p, settings)
    tag = beat if beat is not None else f"t{at:g}" if at is not None else "last"
    dest = Path(output) if output else output_path(Path(out_dir), name, settings, "png", tag, params=p)
    cached = output is None and scene_class is None  # a still of the scene as it is, where the cache is
    key = still_key(job, tag) if cached else ""
    if cached and not force and cache.cached_still(out_dir, dest, key):
        return dest
    frame = still_frame(job, beat=beat, at=at, tl=tl, out_dir=out_dir if scene_class is None else None,
                        scene_class=scene_class)
    with writing(dest):
        dest.parent.mkdir(parents=True, exist_ok=True)
    with writing(dest), work_dir("png", beside=dest.parent) as tmp:
        png = Path(tmp) / "still.png"
        save_png(frame, png, alpha=settings.transparent)
        atomic_move(png, dest)
    if cached:
        cache.write_still_record(out_dir, dest, key)
    return dest
