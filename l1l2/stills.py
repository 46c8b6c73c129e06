"""Stills: the frames at given times, captured in one skipping run, exactly as the video shows them.

:class:`StillCapture` is mixed into a scene class at render time (scenes never import
it). It overrides two of manim's internals, ``get_time_progression`` and
``update_to_time``: during a skipping run it stops each play only at the frames asked
for and draws them. Frames are chosen by index, as in the video: frame k shows the
moment k/fps, and the still at t is frame floor(t·fps).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from scenes.kit.base import ExplainerScene
from scenes.kit.params import ParamError
from scenes.kit.registry import SceneSpec, get_spec

from .files import atomic_move, output_path, save_png, work_dir, writing
from .job import checked_numbers, resolve
from .run import StillCaptured, Timeline, run_scene, timeline
from .settings import RenderSettings


class StillCapture:
    """Mixin for an ExplainerScene: capture the frames at ``still_times`` (seconds) during a skipping run.

    ``captured`` maps each time to its RGB(A) frame. A scene (or a test's subclass of it) that
    defines ``on_capture(t)`` has it called right after each capture, to inspect geometry there.
    """

    still_times: ClassVar[tuple[float, ...]] = ()

    def setup(self) -> None:
        super().setup()
        self.captured: dict[float, np.ndarray] = {}
        self._pending: dict[float, list[float]] = {}

    def get_time_progression(self, run_time, description, n_iterations=None, override_skip_animations=False):
        from manim import config

        if not self.still_times:
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
        return _Progress(sorted(self._pending) + [run_time])

    def update_to_time(self, t: float) -> None:
        super().update_to_time(t)
        if t in self._pending:
            frame = self.capture_frame()
            for at in self._pending.pop(t):
                self.captured[at] = frame
                if hasattr(self, "on_capture"):
                    self.on_capture(at)
            if len(self.captured) == len(set(self.still_times)):
                raise StillCaptured

    def is_current_animation_frozen_frame(self) -> bool:
        # A frozen wait skips update_to_time: while capturing, every play is stepped.
        return False if self.still_times else super().is_current_animation_frozen_frame()

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


def capturing(scene_class: type[ExplainerScene], times: Sequence[float]) -> type:
    """``scene_class`` with :class:`StillCapture` mixed in, capturing at ``times``."""
    return type(scene_class.__name__, (StillCapture, scene_class), {"still_times": tuple(sorted(times))})


def capture_scene(name: str, times: Sequence[float], *, settings: RenderSettings, params: Any,
                  scene_class: type[ExplainerScene] | None = None) -> ExplainerScene:
    """Run a scene in a skipping pass that captures the frames at ``times``; returns the scene.

    Its ``captured`` dict maps each time to the RGB frame; its mobjects are in the
    state of the last captured time (so tests can inspect positions too).
    """
    base = scene_class or get_spec(name).scene_class
    cls = capturing(base.variant(params=params, theme=settings.theme, show_captions=settings.captions), times)
    with work_dir("still") as tmp:
        return run_scene(cls, settings, Path(tmp), dry=True)


def still_frames(name: str, times: Sequence[float], *, settings: RenderSettings, params: Any,
                 scene_class: type[ExplainerScene] | None = None) -> list[np.ndarray]:
    """The frames at ``times`` (seconds), captured in one skipping pass; times past the end give the last frame."""
    scene = capture_scene(name, times, settings=settings, params=params, scene_class=scene_class)
    last = None
    frames = []
    for t in times:
        if t in scene.captured:
            frames.append(scene.captured[t])
        else:
            last = last if last is not None else scene.capture_frame()
            frames.append(last)
    return frames


def still_target(spec: SceneSpec, tl: Timeline, settings: RenderSettings, beat: str | None,
                 at: float | None) -> tuple[float, str]:
    """The time of a still and its tag in the file name: a beat fully built, a time, or the last frame."""
    if beat is not None and at is not None:
        raise ParamError("--beat/--at: give one of them, not both")
    if beat is not None:
        if beat not in spec.beats:
            raise ParamError(f"--beat: unknown beat {beat!r}; allowed: {', '.join(spec.beats)}")
        return tl.still_time(beat, settings.frame_rate), beat
    if at is not None:
        if not (np.isfinite(at) and 0 <= at <= tl.duration):
            raise ParamError(f"--at: must be seconds between 0 and the scene's duration {tl.duration:.2f}, got {at:g}")
        return min(at, tl.duration - 1e-6), f"t{at:g}"
    return tl.duration - 1e-6, "last"


def render_still(name: str, *, beat: str | None = None, at: float | None = None,
                 overrides: dict[str, Any] | None = None, settings: RenderSettings | None = None,
                 out_dir: Path | str = "renders", output: Path | str | None = None, params: Any = None,
                 tl: Timeline | None = None, scene_class: type[ExplainerScene] | None = None) -> Path:
    """One PNG: the frame where ``beat`` is fully built, the frame at ``at`` seconds, or the last frame.
    ``scene_class`` (a narrated job's class, with ``tl`` its timeline) replaces the scene's own."""
    spec, p = resolve(name, overrides, params)
    if params is None:  # from the user: the math first (a job's params were checked when it was made)
        checked_numbers(spec, p)
    settings = (settings or RenderSettings()).check()
    if at is not None and not (np.isfinite(at) and at >= 0):  # checks that need no dry run come first
        raise ParamError(f"--at: must be a finite number of seconds >= 0, got {at:g}")
    if beat is not None and beat not in spec.beats:
        raise ParamError(f"--beat: unknown beat {beat!r}; allowed: {', '.join(spec.beats)}")
    tl = tl or timeline(name, settings=settings, params=p)
    t, tag = still_target(spec, tl, settings, beat, at)
    dest = Path(output) if output else output_path(Path(out_dir), name, settings, "png", tag, params=p)
    with writing(dest):
        dest.parent.mkdir(parents=True, exist_ok=True)
    (frame,) = still_frames(name, [t], settings=settings, params=p, scene_class=scene_class)
    with writing(dest), work_dir("png", beside=dest.parent) as tmp:
        png = Path(tmp) / "still.png"
        save_png(frame, png, alpha=settings.transparent)
        atomic_move(png, dest)
    return dest
