"""ExplainerScene: what every scene shares — params, beats, captions, palette, layout.

A scene subclass declares ``PARAMS`` (a frozen params dataclass) and ``BEATS``
(name → caption template, in story order) and calls ``self.beat(name)`` at the
start of each beat. A beat:

- records its start time (``self.beat_log``),
- starts a manim section of the same name (``next_section``),
- adds the caption to manim's subcaptions (written as ``.srt`` beside the video),
- shows the caption sentence in the caption band,
- lasts at least its caption's reading time and, when narrated, its recording plus a breath.

A lecturer's narration can replace a beat's caption (``narration``: beat → plain text, shown
and written as text, never run as markup), and a recorded voice sets a least length per beat
(``voice_seconds``: beat → the recording's seconds; the beat lasts that plus ``style.BREATH``); the
beat's last frame is held until then, to the frame. A long line is shown page by page, each page
when its words are reached (``captions.caption_pages``).

Variants (params, theme, captions) are one-line subclasses made by
:meth:`ExplainerScene.variant`, so stock ``manim`` renders the defaults. Still
capture is not here: the production package (``l1l2.stills``) mixes it in at
render time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar

import numpy as np
from manim import Scene, config

from . import style
from .captions import (
    READING_CPS,
    CaptionBar,
    PagedCaption,
    caption_pages,
    page_offsets,
    plain_text,
    reading_seconds,
)
from .layout import Layout
from .params import validate
from .style import DEFAULT_THEME, THEMES, Palette
from .typeset import escape_markup


@dataclass(frozen=True)
class BeatRecord:
    name: str
    time: float
    caption: str
    pages: tuple = ()  # a long narration line, page by page: (seconds into the beat, plain text)


class ExplainerScene(Scene):
    PARAMS: ClassVar[type]
    BEATS: ClassVar[tuple[tuple[str, str], ...]] = ()

    # Variant knobs (set by ``variant``).
    params: ClassVar[Any] = None
    theme: ClassVar[str] = DEFAULT_THEME
    show_captions: ClassVar[bool] = True
    narration: ClassVar[Mapping[str, str]] = MappingProxyType({})  # beat -> the lecturer's sentence
    voice_seconds: ClassVar[Mapping[str, float]] = MappingProxyType({})  # beat -> its recording's length

    # -- variants ---------------------------------------------------------------
    @classmethod
    def variant(cls, *, params: Any = None, theme: str | None = None, show_captions: bool | None = None,
                narration: Mapping[str, str] | None = None,
                voice_seconds: Mapping[str, float] | None = None) -> type[ExplainerScene]:
        attrs: dict[str, Any] = {}
        if params is not None:
            attrs["params"] = params
        if theme is not None:
            attrs["theme"] = theme
        if show_captions is not None:
            attrs["show_captions"] = show_captions
        for key, table in (("narration", narration), ("voice_seconds", voice_seconds)):
            if table:
                unknown = set(table) - {name for name, _ in cls.BEATS}
                if unknown:
                    raise KeyError(f"{cls.__name__} has no beat {sorted(unknown)[0]!r}")
                attrs[key] = MappingProxyType(dict(table))
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
        self.still_log: list[tuple[float, float]] = []  # (start, end) of every wait with nothing moving
        self._caption_mob: CaptionBar | None = None
        self._subcaption_closed: str | None = None

    def tear_down(self) -> None:
        self._hold_beat()
        self._close_subcaption()

    # -- timing helpers -----------------------------------------------------------------
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
        pages: tuple = ()
        if name in self.narration:  # the lecturer's words: text, shown as written (page by page if long)
            caption = escape_markup(self.narration[name])
            texts = caption_pages(self.narration[name], self.layout.caption)
            if len(texts) > 1:
                span = self.voice_seconds.get(name) or reading_seconds(plain_text(caption))
                pages = tuple(zip(page_offsets(texts, span), texts, strict=True))
        else:
            caption = templates[name].format(p=self.p, **values)
        self._hold_beat()
        self._close_subcaption()
        self.next_section(name)
        start = float(self.time)
        self.beat_log.append(BeatRecord(name, start, caption, pages))
        if self.show_captions:
            if self._caption_mob is not None:
                self.remove(self._caption_mob)
            if pages:
                self._caption_mob = PagedCaption([t for _, t in pages], [o for o, _ in pages], self.layout.caption,
                                                 self.palette, clock=lambda: float(self.time) - start)
            else:
                self._caption_mob = self.caption_bar(name, caption)
            self.add(self._caption_mob)

    def caption_bar(self, name: str, caption: str) -> Any:
        """The caption of beat ``name`` in the caption band (a still's capture run replaces the bars of the
        beats it never shows with empty ones: typesetting a sentence is most of a beat's cost)."""
        return CaptionBar(caption, self.layout.caption, self.palette)

    def when_read(self, phrase: str, *animations: Any, run_time: float = style.MEDIUM) -> None:
        """Play ``animations`` when a viewer reading the current caption (``READING_CPS`` characters a second
        from the beat's start) reaches ``phrase``: the picture shows what the sentence says while it is read,
        instead of holding still. Waits until then if the picture got there first. A caption that does not
        contain ``phrase`` (a lecturer's own narration) plays them at once."""
        beat = self.beat_log[-1]
        at = plain_text(beat.caption).find(plain_text(phrase))
        if at < 0 and beat.name not in self.narration:  # the scene's own caption: a phrase it lacks is a bug
            raise ValueError(f"{type(self).__name__}.when_read: {phrase!r} is not in the {beat.name} caption")
        if at >= 0:
            frames = int(round((beat.time + at / READING_CPS - float(self.time)) * config.frame_rate))
            if frames > 0:
                self.wait_frames(frames)
        self.play(*animations, run_time=run_time)

    def least_seconds(self, beat: BeatRecord) -> float:
        """How long a beat must last: its caption's reading time, and its recording plus a breath."""
        spoken = self.voice_seconds.get(beat.name)
        return max(reading_seconds(plain_text(beat.caption)), spoken + style.BREATH if spoken else 0.0)

    def _hold_beat(self) -> None:
        """Hold the last frame until the current beat has lasted :meth:`least_seconds`."""
        if not self.beat_log:
            return
        last = self.beat_log[-1]
        short = self.least_seconds(last) - (float(self.time) - last.time)
        frames = int(np.ceil(short * config.frame_rate - 1e-6))
        if frames > 0:
            self.wait_frames(frames)

    def wait_frames(self, frames: int) -> None:
        """Wait exactly ``frames`` frames, in a real render and in a skipping run alike."""
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
        if duration > 0 and self._subcaption_closed != last.name:
            self.add_subcaption(plain_text(last.caption), duration=duration, offset=-duration)
            self._subcaption_closed = last.name

    def play(self, *args: Any, **kwargs: Any) -> None:
        t0 = float(self.renderer.time)
        super().play(*args, **kwargs)
        if self.renderer.skip_animations:
            # A skipping run (timeline, stills) adds the exact run time, but a real render
            # advances by whole frames: ceil for animations, floor for frozen waits.
            # Replay that here so beat times match the final video to the frame.
            self.renderer.time = t0 + self.frames_of_play() / config.frame_rate
        if self.is_still_wait():
            self.still_log.append((t0, float(self.renderer.time)))

    def is_still_wait(self) -> bool:
        """Whether the play just made was a wait in which nothing on screen moves: only ``Wait``s, and no
        time-based updater (a paged caption's page turns are one). An updater driven by a tracker that
        does not move during a wait leaves the picture still too, so it does not count as movement."""
        from manim import Wait

        if not self.animations or not all(isinstance(a, Wait) for a in self.animations):
            return False
        return not any(m.has_time_based_updater() for m in self.get_mobject_family_members())


    def frames_of_play(self) -> int:
        """How many frames the current play adds to the real video (manim's own counts: a frozen
        wait writes ``int(duration / dt)`` copies of one frame, an animation one frame per step of
        ``arange(0, duration, dt)``)."""
        dt = 1.0 / config.frame_rate
        if Scene.is_current_animation_frozen_frame(self):
            return int(self.duration / dt)
        return len(np.arange(0, self.duration, dt))

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
