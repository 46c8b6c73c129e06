"""ExplainerScene: what every scene shares — params, beats, captions, palette, layout, stills.

A scene subclass declares ``PARAMS`` (a frozen params dataclass) and ``BEATS``
(name → caption template, in story order) and calls ``self.beat(name)`` at the
start of each beat. A beat:

- records its start time (``self.beat_log``),
- starts a manim section of the same name (``next_section``),
- adds the caption to manim's subcaptions (written as ``.srt`` beside the video),
- shows the caption sentence in the caption band.

Variants (params, theme, still capture) are one-line subclasses made by
:meth:`ExplainerScene.variant`, so stock ``manim`` renders the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from manim import Scene, config

from .layout import Layout
from .params import validate
from .style import DEFAULT_THEME, THEMES, Palette
from .widgets import CaptionBar


@dataclass(frozen=True)
class BeatRecord:
    name: str
    time: float
    caption: str


READING_CPS = 17.0  # characters per second a viewer reads (a common subtitle guideline), plus 1 s


def plain_caption(caption: str) -> str:
    """The caption as plain text (what the .srt carries)."""
    return caption.replace("$", "").replace("*", "")


def reading_seconds(plain: str) -> float:
    """How long a caption must stay on screen: about 17 characters per second, plus 1 s."""
    return len(plain) / READING_CPS + 1.0


class StillCaptured(Exception):  # noqa: N818 (control flow, not an error)
    """Raised inside a still render once the requested frame has been captured."""


class ExplainerScene(Scene):
    PARAMS: ClassVar[type]
    BEATS: ClassVar[tuple[tuple[str, str], ...]] = ()
    SCENE_NAME: ClassVar[str] = ""

    # Variant knobs (set by ``variant``).
    params: ClassVar[Any] = None
    theme: ClassVar[str] = DEFAULT_THEME
    show_captions: ClassVar[bool] = True
    still_times: ClassVar[tuple[float, ...]] = ()

    # -- variants ---------------------------------------------------------------
    @classmethod
    def variant(cls, *, params: Any = None, theme: str | None = None, still_times: tuple[float, ...] = (),
                show_captions: bool | None = None) -> type[ExplainerScene]:
        attrs: dict[str, Any] = {"still_times": tuple(sorted(still_times))}
        if params is not None:
            attrs["params"] = params
        if theme is not None:
            attrs["theme"] = theme
        if show_captions is not None:
            attrs["show_captions"] = show_captions
        return type(cls.__name__, (cls,), attrs)

    # -- numbers (scenes override) ------------------------------------------------
    @classmethod
    def solve(cls, params: Any) -> dict[str, Any]:
        """The exact numbers behind the scene, JSON-ready."""
        raise NotImplementedError

    # -- lifecycle -------------------------------------------------------------------
    def setup(self) -> None:
        self.p = validate(self.params if self.params is not None else self.PARAMS())
        self.palette: Palette = THEMES[self.theme]
        self.camera.background_color = self.palette.background
        self.layout = Layout(config.frame_width, config.frame_height)
        self.beat_log: list[BeatRecord] = []
        self.captured: dict[float, np.ndarray] = {}
        self._caption_mob: CaptionBar | None = None
        self._pending: dict[float, list[float]] = {}

    def tear_down(self) -> None:
        self._hold_for_reading()
        self._close_subcaption()

    # -- layout helpers -----------------------------------------------------------------
    @staticmethod
    def fit_into(mob, box) -> None:
        """Shrink ``mob`` (never grow it) to fit ``box`` and centre it there."""
        if mob.width > box.width:
            mob.scale_to_fit_width(box.width)
        if mob.height > box.height:
            mob.scale_to_fit_height(box.height)
        mob.move_to(box.center)

    @staticmethod
    def landing(run_time: float):
        """A linear rate function whose *last video frame* reaches the end value.

        manim draws a play's frames at ``arange(0, run_time, dt)``, so with ``linear`` the last
        frame shows the value one step short of the target (λ = 0.3986 instead of λ* = 0.40, a
        readout of 2.8·10⁻³ where the caption says 0). This one reaches 1 on that last frame.
        """
        n = len(np.arange(0, run_time, 1.0 / config.frame_rate))
        if n <= 1:
            return lambda a: a
        last = (n - 1) / config.frame_rate / run_time
        return lambda a: min(1.0, a / last)

    def play_sweep(self, *animations: Any, run_time: float) -> None:
        """A linear play (a tracker sweeping to a value) whose last frame shows the end value."""
        self.play(*animations, run_time=run_time, rate_func=self.landing(run_time))

    # -- beats ---------------------------------------------------------------------------
    def beat(self, name: str, **values: Any) -> None:
        """Start the beat ``name``; its caption template is formatted with ``p`` and ``values``."""
        templates = dict(self.BEATS)
        if name not in templates:
            raise KeyError(f"{type(self).__name__} has no beat {name!r}")
        caption = templates[name].format(p=self.p, **values)
        self._hold_for_reading()
        self._close_subcaption()
        self.next_section(name)
        self.beat_log.append(BeatRecord(name, float(self.time), caption))
        if self.show_captions:
            if self._caption_mob is not None:
                self.remove(self._caption_mob)
            self._caption_mob = CaptionBar(caption, self.layout.caption, self.palette)
            self.add(self._caption_mob)

    def _hold_for_reading(self) -> None:
        """Hold the last frame until the current beat has lasted its caption's reading time."""
        if not self.beat_log:
            return
        last = self.beat_log[-1]
        short = reading_seconds(plain_caption(last.caption)) - (float(self.time) - last.time)
        frames = int(np.ceil(short * config.frame_rate - 1e-6))
        if frames > 0:
            # A frozen wait writes int(d·fps) frames, an updating one len(arange(0, d, dt)):
            # ask for half a frame more or less so either gives exactly ``frames``.
            frozen = not (self.always_update_mobjects or self.updaters  # manim's test for a static wait
                          or any(m.has_time_based_updater() for m in self.get_mobject_family_members()))
            self.wait((frames + (0.5 if frozen else -0.5)) / config.frame_rate)

    def _close_subcaption(self) -> None:
        if not self.beat_log:
            return
        last = self.beat_log[-1]
        duration = float(self.time) - last.time
        if duration > 0 and not getattr(self, "_subcaption_closed", None) == last.name:
            self.add_subcaption(plain_caption(last.caption), duration=duration, offset=-duration)
            self._subcaption_closed = last.name

    def play(self, *args: Any, **kwargs: Any) -> None:
        t0 = float(self.renderer.time)
        super().play(*args, **kwargs)
        if self.renderer.skip_animations:
            # A skipping run (timeline, stills) adds the exact run time, but a real render
            # advances by whole frames: ceil for animations, floor for frozen waits.
            # Replay that here so beat times match the final video to the frame.
            self.renderer.time = t0 + self._frames_of_play() / config.frame_rate

    def _frames_of_play(self) -> int:
        """How many frames the current play adds to the real video (manim's own counts: a frozen
        wait writes ``int(duration / dt)`` copies of one frame, an animation one frame per step of
        ``arange(0, duration, dt)``)."""
        dt = 1.0 / config.frame_rate
        if Scene.is_current_animation_frozen_frame(self):
            return int(self.duration / dt)
        return len(np.arange(0, self.duration, dt))

    # -- stills: capture the frames at ``still_times`` (seconds) during a skipping run ---------
    def get_time_progression(self, run_time, description, n_iterations=None, override_skip_animations=False):
        if self.still_times:
            # Work in whole frames, as the video does: frame k shows the moment k/fps, and the
            # still asked for at t is the frame shown at t (frame floor(t·fps)). Float sums of
            # frame steps must not decide which play a frame at a beat boundary belongs to.
            fps = config.frame_rate
            end = float(self.renderer.time)  # skipping: the renderer already added run_time
            first = int(round((end - run_time) * fps))
            n = self._frames_of_play()
            self._pending = {}
            for t in self.still_times:
                k = int(np.floor(t * fps + 1e-6))
                if first <= k < first + n and t not in self.captured:
                    self._pending.setdefault((k - first) / fps, []).append(t)
            return _Progress(sorted(self._pending) + [run_time])
        return super().get_time_progression(run_time, description, n_iterations, override_skip_animations)

    def update_to_time(self, t: float) -> None:
        super().update_to_time(t)
        if t in self._pending:
            frame = self.capture_frame()
            for at in self._pending.pop(t):
                self.captured[at] = frame
                self.on_capture(at)
            if len(self.captured) == len(set(self.still_times)):
                raise StillCaptured

    def get_moving_and_static_mobjects(self, animations):
        """What manim redraws every frame of a play (as *top-level* mobjects) and what it bakes.

        manim bakes everything before the first moving mobject into a still background and, each
        frame, redraws the moving list. Its own moving list is the *flattened family* as it was
        when the play began: a readout that swaps its glyphs mid-play (``Readout.set_value``)
        keeps its first glyphs in that list, and they are drawn under the live ones (the ghost
        digits of issue 9). Top-level mobjects have their family re-read at every draw, so what
        is drawn is what the scene holds now.

        Our updaters also move other mobjects (a readout, a dot, a shape driven by one
        ValueTracker), so while any updater runs, every top-level mobject is redrawn.
        """
        from manim.utils.family import extract_mobject_family_members

        tops = list(self.mobjects) + [m for m in self.foreground_mobjects if m not in self.mobjects]
        if any(mob.get_family_updaters() for mob in tops):
            moving = tops
        else:
            first = next(iter(self.get_moving_mobjects(*animations)), None)
            k = next((i for i, top in enumerate(tops) if first is not None and first in top.get_family()), len(tops))
            moving = tops[k:]
        use_z = self.renderer.camera.use_z_index
        static_tops = [m for m in tops if m not in moving]
        static = extract_mobject_family_members(static_tops, use_z_index=use_z, only_those_with_points=True)
        return moving, static

    def is_current_animation_frozen_frame(self) -> bool:
        if self.still_times:
            return False
        return super().is_current_animation_frozen_frame()

    def on_capture(self, t: float) -> None:
        """Hook called right after the frame at ``t`` is captured (tests inspect geometry here)."""

    def capture_frame(self) -> np.ndarray:
        """The current frame as an RGB(A) array, whatever the skipping state."""
        self.renderer.static_image = None
        self.renderer.update_frame(self)
        return self.renderer.get_frame()


class _Progress(list):
    """A finished list that looks enough like tqdm for ``play_internal``."""

    def close(self) -> None:
        pass
