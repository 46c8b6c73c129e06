"""Running a scene class under manim: settings applied per run, dry runs for timelines, clean aborts.

manim's config is one global per process, so every run sets everything it needs in
``tempconfig``. Manim's own partial-movie cache is off (``disable_caching``): whole
outputs are cached instead (:mod:`l1l2.cache`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenes.kit.base import BeatRecord, ExplainerScene

from . import cache
from .files import work_dir
from .job import RenderJob, checked_numbers, resolve
from .settings import RenderSettings


class RenderError(RuntimeError):
    """A render failed (exit code 1 in the CLI)."""


class StillCaptured(Exception):  # noqa: N818 (control flow, not an error)
    """Raised inside a still run once every requested frame has been captured."""


@dataclass
class Timeline:
    beats: list[BeatRecord]
    duration: float
    stills: list[tuple[float, float]] = dataclasses.field(default_factory=list)  # waits with nothing moving

    @classmethod
    def of(cls, scene: Any) -> Timeline:
        """The timeline a finished (dry) run of ``scene`` logged."""
        return cls(list(scene.beat_log), float(scene.time), list(scene.still_log))

    def to_data(self) -> dict[str, Any]:
        """As JSON-ready data (the timeline cache, :mod:`l1l2.cache`)."""
        return {"beats": [dataclasses.asdict(b) for b in self.beats], "duration": self.duration,
                "stills": [list(s) for s in self.stills]}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Timeline:
        beats = [BeatRecord(b["name"], float(b["time"]), b["caption"], tuple(tuple(p) for p in b.get("pages", ())))
                 for b in data["beats"]]
        return cls(beats, float(data["duration"]), [(float(a), float(b)) for a, b in data.get("stills", [])])

    def longest_still(self) -> tuple[float, float]:
        """The longest frozen stretch ``(start, end)``: consecutive still waits, broken where a beat starts
        (its new caption changes the picture)."""
        starts = {round(b.time, 6) for b in self.beats}
        best, run = (0.0, 0.0), None
        for start, end in self.stills:
            if run is not None and abs(start - run[1]) < 1e-6 and round(start, 6) not in starts:
                run = (run[0], end)
            else:
                run = (start, end)
            if run[1] - run[0] > best[1] - best[0]:
                best = run
        return best

    def still_time(self, name: str, fps: int) -> float:
        """The moment a beat is fully built: one frame before the next beat (or the end)."""
        names = [b.name for b in self.beats]
        k = names.index(name)
        end = self.beats[k + 1].time if k + 1 < len(self.beats) else self.duration
        return max(self.beats[k].time, end - 1.0 / fps)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def stop_signals_raise(signals: tuple[int, ...] = STOP_SIGNALS, seen: list[int] | None = None):
    """While inside, each of ``signals`` raises ``KeyboardInterrupt(signum)`` in the main thread (and is
    appended to ``seen``), so every ``with`` block on the way out cleans up (temporary folders,
    encoder threads). A signal the parent chose to ignore (SIG_IGN, e.g. SIGINT for a background
    job of a script) stays ignored; in other threads nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        if seen is not None:
            seen.append(signum)
        raise KeyboardInterrupt(signum)

    previous = {}
    for sig in signals:
        if signal.getsignal(sig) is not signal.SIG_IGN:
            previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def quiet_manim() -> None:
    """No update checks, no manim log noise (our CLI prints its own progress)."""
    os.environ.setdefault("MANIM_DISABLE_UPDATE_CHECK", "1")
    logging.getLogger("manim").setLevel(logging.ERROR)


def run_scene(scene_cls: type[ExplainerScene], settings: RenderSettings, work: Path, *,
              dry: bool, output_file: str = "out") -> ExplainerScene:
    """Run ``scene_cls`` with ``settings``: a real render into ``work``, or a dry (skipping) run."""
    from manim import tempconfig

    quiet_manim()
    cfg = settings.manim_config(work, output_file)
    if dry:
        cfg.update({"dry_run": True, "write_to_movie": False})
    with tempconfig(cfg):
        scene = scene_cls(skip_animations=dry) if dry else scene_cls()
        if dry:
            draw_nothing(scene.renderer)
        try:
            scene.render()
        except StillCaptured:
            pass
        except BaseException:
            abort_encoders(scene)
            raise
    return scene


def draw_nothing(renderer) -> None:
    """A dry run draws no frame of its own. While skipping, manim's ``play`` still paints the static
    mobjects into a background and each frozen wait's frame, pictures nobody sees (about a fifth of a dry
    run's time). A still capture draws the frames it keeps itself (``StillCapture.capture_frame``, through
    the class's ``update_frame``)."""
    renderer.save_static_frame_data = lambda _scene, _mobjects: None
    renderer.update_frame = lambda *_args, **_kwargs: None


def abort_encoders(scene) -> None:
    """Stop manim's partial-movie encoder thread after a failed or interrupted render: it is not a
    daemon and would otherwise keep the process alive, waiting for frames that never come."""
    writer = getattr(getattr(scene, "renderer", None), "file_writer", None)
    if writer is not None and hasattr(writer, "abort_encode_jobs"):
        with contextlib.suppress(Exception):
            writer.abort_encode_jobs()


def timeline(name: str, overrides: dict[str, Any] | None = None, settings: RenderSettings | None = None,
             params: Any = None, out_dir: Path | str | None = None) -> Timeline:
    """Beat times and duration from a dry run (no frames drawn); with ``out_dir``, recorded in (and
    read from) its timeline cache."""
    _spec, p = resolve(name, overrides, params)
    return job_timeline(RenderJob(name, p, (settings or RenderSettings()).check()), out_dir)


def job_timeline(job: RenderJob, out_dir: Path | str | None = None) -> Timeline:
    """Beat times and duration of a :class:`~l1l2.job.RenderJob` (its narration and recordings
    included) from a dry run; with ``out_dir``, from its timeline cache when the job's key is there
    (and recorded there when it is not)."""
    if out_dir is not None and (tl := cached_timeline(job, out_dir)) is not None:
        return tl
    with work_dir("dry") as tmp:
        scene = run_scene(job.scene_class(), job.settings, Path(tmp), dry=True)
    tl = Timeline.of(scene)
    if out_dir is not None:
        keep_timeline(job, out_dir, tl)
    return tl


def cached_timeline(job: RenderJob, out_dir: Path | str) -> Timeline | None:
    """The timeline recorded for ``job``'s render key in ``out_dir``'s cache, if any."""
    data = cache.read_timeline(out_dir, job.cache_key())
    try:
        return Timeline.from_data(data) if data else None
    except (KeyError, TypeError, ValueError):  # a record from another version: run the scene again
        return None


def keep_timeline(job: RenderJob, out_dir: Path | str, tl: Timeline) -> None:
    """Record ``tl`` (a whole run of ``job``: a dry run, a render or a still run to the end) in the cache."""
    cache.write_timeline(out_dir, job.cache_key(), tl.to_data())


def solve(name: str, overrides: dict[str, Any] | None = None, params: Any = None) -> dict[str, Any]:
    """The exact numbers behind a scene, with its params."""
    spec, p = resolve(name, overrides, params)
    return {"scene": name, "params": dataclasses.asdict(p), "numbers": checked_numbers(spec, p)}
