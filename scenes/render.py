"""The render API the CLI and the tests use: videos, stills, timelines, exact numbers.

Every output is rendered into a temporary folder beside its destination and moved
into place with ``os.replace`` only when complete, so an interrupted or failed
render leaves the previous good file untouched and no partial file behind.
Manim's own partial-movie cache is off (``disable_caching``); manim's config is
one global per process, so each render sets everything it needs in
``tempconfig``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .base import BeatRecord, ExplainerScene, StillCaptured
from .layout import ASPECTS
from .params import ParamError, apply_overrides
from .registry import SceneSpec, get_spec
from .style import THEMES

# name: (short side in pixels, frames per second)
QUALITIES: dict[str, tuple[int, int]] = {
    "preview": (360, 15),
    "draft": (480, 30),
    "hd": (1080, 60),
    "4k": (2160, 60),
}
FORMATS = ("mp4", "webm", "gif", "png", "mov")
ALPHA_FORMATS = ("mov", "webm", "png")  # the formats that keep a transparent background
# libx264 for explainer frames (flat colours, sharp edges): manim's crf 23 with the veryfast preset
# and the animation tune: about 1.6x faster to encode than manim's default (medium) at a similar size;
# at 1080p60 encoding is most of the render time (see benchmarks/run.py).
X264_OPTIONS = {"crf": "23", "preset": "veryfast", "tune": "animation"}
FRAME_SHORT_SIDE = 8.0  # scene units across the frame's short side: one pixel density per quality

Progress = Callable[[str], None]


class RenderError(RuntimeError):
    """A render failed (exit code 1 in the CLI)."""


@dataclass(frozen=True)
class RenderSettings:
    quality: str = "hd"
    theme: str = "dark"
    aspect: str = "16:9"
    pixel_size: tuple[int, int] | None = None  # (width, height) overrides quality's size (tests)
    fps: int | None = None  # overrides quality's fps
    captions: bool = True
    transparent: bool = False  # no background: mov (QuickTime RLE) and webm (VP9 with alpha) keep it

    def check(self) -> RenderSettings:
        if self.quality not in QUALITIES:
            raise ParamError(f"--quality: must be one of {', '.join(QUALITIES)}, got {self.quality!r}")
        if self.theme not in THEMES:
            raise ParamError(f"--theme: must be one of {', '.join(THEMES)}, got {self.theme!r}")
        if self.aspect not in ASPECTS:
            raise ParamError(f"--aspect: must be one of {', '.join(ASPECTS)}, got {self.aspect!r}")
        return self

    @property
    def size(self) -> tuple[int, int]:
        if self.pixel_size:
            return self.pixel_size
        short, _ = QUALITIES[self.quality]
        aw, ah = ASPECTS[self.aspect]
        if aw >= ah:
            return (int(round(short * aw / ah / 2)) * 2, short)
        return (short, int(round(short * ah / aw / 2)) * 2)

    @property
    def frame_rate(self) -> int:
        return self.fps or QUALITIES[self.quality][1]

    def manim_config(self, media_dir: Path, output_file: str) -> dict[str, Any]:
        w, h = self.size
        return {
            "media_dir": str(media_dir),
            "output_file": output_file,
            "pixel_width": w,
            "pixel_height": h,
            "frame_height": FRAME_SHORT_SIDE * max(1.0, h / w),
            "frame_width": FRAME_SHORT_SIDE * max(1.0, w / h),
            "frame_rate": self.frame_rate,
            "disable_caching": True,
            "flush_cache": False,
            "progress_bar": "none",
            "verbosity": "ERROR",
            "write_to_movie": True,
            "save_last_frame": False,
            "preview": False,
            "show_in_file_browser": False,
            "background_color": THEMES[self.theme].background,
            **({"transparent": True, "format": "mov"} if self.transparent else
               {"video_encoder_options": dict(X264_OPTIONS)}),
        }

    def suffix(self) -> str:
        parts = [self.quality]
        if self.aspect != "16:9":
            parts.append(self.aspect.replace(":", "x"))
        if self.theme != "dark":
            parts.append(self.theme)
        if self.transparent:
            parts.append("alpha")
        return "-".join(parts)


@dataclass
class Timeline:
    beats: list[BeatRecord]
    duration: float

    def beat_time(self, name: str) -> float:
        for b in self.beats:
            if b.name == name:
                return b.time
        raise KeyError(name)

    def still_time(self, name: str, fps: int) -> float:
        """The moment a beat is fully built: one frame before the next beat (or the end)."""
        names = [b.name for b in self.beats]
        k = names.index(name)
        end = self.beats[k + 1].time if k + 1 < len(self.beats) else self.duration
        return max(self.beats[k].time, end - 1.0 / fps)


@dataclass
class RenderResult:
    scene: str
    outputs: dict[str, Path]
    timeline: Timeline
    seconds: float
    frames: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def quiet_manim() -> None:
    """No update checks, no manim log noise (our CLI prints its own progress)."""
    os.environ.setdefault("MANIM_DISABLE_UPDATE_CHECK", "1")
    logging.getLogger("manim").setLevel(logging.ERROR)


def resolve(name: str, overrides: dict[str, Any] | None = None, params: Any = None) -> tuple[SceneSpec, Any]:
    """The scene spec and validated params (raises ParamError / KeyError with clear text)."""
    try:
        spec = get_spec(name)
    except KeyError:
        from .registry import all_specs

        raise ParamError(f"scene: unknown scene {name!r}; allowed: {', '.join(s.name for s in all_specs())}") from None
    return spec, apply_overrides(spec.params_class, overrides, base=params)


def _run_scene(scene_cls: type[ExplainerScene], settings: RenderSettings, work: Path, *,
               dry: bool, output_file: str = "out") -> ExplainerScene:
    from manim import tempconfig

    quiet_manim()
    cfg = settings.manim_config(work, output_file)
    if dry:
        cfg.update({"dry_run": True, "write_to_movie": False})
    with tempconfig(cfg):
        scene = scene_cls(skip_animations=dry) if dry else scene_cls()
        try:
            scene.render()
        except StillCaptured:
            pass
        except BaseException:
            _abort_encoders(scene)
            raise
    return scene


def _abort_encoders(scene) -> None:
    """Stop manim's partial-movie encoder thread after a failed or interrupted render: it is not a
    daemon and would otherwise keep the process alive, waiting for frames that never come."""
    writer = getattr(getattr(scene, "renderer", None), "file_writer", None)
    if writer is not None and hasattr(writer, "abort_encode_jobs"):
        with contextlib.suppress(Exception):
            writer.abort_encode_jobs()


def timeline(name: str, overrides: dict[str, Any] | None = None, settings: RenderSettings | None = None,
             params: Any = None) -> Timeline:
    """Beat times and duration from a dry run (no frames drawn)."""
    spec, p = resolve(name, overrides, params)
    settings = (settings or RenderSettings()).check()
    with tempfile.TemporaryDirectory(prefix="l1l2-dry-") as tmp:
        cls = spec.scene_class.variant(params=p, theme=settings.theme, show_captions=settings.captions)
        scene = _run_scene(cls, settings, Path(tmp), dry=True)
    return Timeline(list(scene.beat_log), float(scene.time))


def changed_params(params: Any) -> list[tuple[str, Any]]:
    """``(name, value)`` of each parameter that differs from the scene's default, in declared order."""
    defaults = type(params)()
    return [(f.name, getattr(params, f.name)) for f in dataclasses.fields(params)
            if getattr(params, f.name) != getattr(defaults, f.name)]


def variant_tag(params: Any) -> str:
    """A short, readable name for parameters that differ from the scene's defaults ("" for none).

    ``shape=orthogonal`` → ``shape-orthogonal``; several or long changes become ``p`` and
    8 hex digits of a hash, so a variant never overwrites the default outputs.
    """
    changed = changed_params(params) if params is not None else []
    if not changed:
        return ""
    readable = "-".join(f"{k}-{v:g}" if isinstance(v, float) else f"{k}-{v}" for k, v in changed)
    if len(readable) <= 32 and re.fullmatch(r"[A-Za-z0-9_.,-]+", readable):
        return readable.replace(",", "_")
    digest = hashlib.sha1(json.dumps(changed, sort_keys=True, default=str).encode()).hexdigest()
    return f"p{digest[:8]}"


def output_path(out_dir: Path, scene: str, settings: RenderSettings, ext: str, tag: str = "",
                params: Any = None) -> Path:
    """``<out>/<scene>/<scene>[-<variant>][-<tag>]-<quality>[-<aspect>][-<theme>].<ext>``."""
    parts = [scene, variant_tag(params), tag, settings.suffix()]
    return Path(out_dir) / scene / f"{'-'.join(x for x in parts if x)}.{ext}"


def _atomic_move(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.partial-{os.getpid()}")
    shutil.copyfile(src, tmp) if src.stat().st_dev != dst.parent.stat().st_dev else shutil.move(src, tmp)
    os.replace(tmp, dst)


def _save_png(frame: np.ndarray, path: Path, alpha: bool = False) -> None:
    from PIL import Image

    frame = np.asarray(frame).astype(np.uint8)
    if alpha and frame.shape[-1] == 4:
        Image.fromarray(frame, "RGBA").save(path)
    else:
        Image.fromarray(frame[..., :3], "RGB").save(path)


def capture_scene(name: str, times: Sequence[float], *, settings: RenderSettings, params: Any,
                  scene_class: type[ExplainerScene] | None = None) -> ExplainerScene:
    """Run a scene in a skipping pass that captures the frames at ``times``; returns the scene.

    Its ``captured`` dict maps each time to the RGB frame; its mobjects are in the
    state of the last captured time (so tests can inspect positions too).
    """
    spec = get_spec(name)
    base = scene_class or spec.scene_class
    with tempfile.TemporaryDirectory(prefix="l1l2-still-") as tmp:
        cls = base.variant(params=params, theme=settings.theme, still_times=tuple(times),
                           show_captions=settings.captions)
        return _run_scene(cls, settings, Path(tmp), dry=True)


def still_frames(name: str, times: Sequence[float], *, settings: RenderSettings, params: Any) -> list[np.ndarray]:
    """The frames at ``times`` (seconds), captured in one skipping pass; times past the end give the last frame."""
    scene = capture_scene(name, times, settings=settings, params=params)
    last = None
    frames = []
    for t in times:
        if t in scene.captured:
            frames.append(scene.captured[t])
        else:
            last = last if last is not None else scene.capture_frame()
            frames.append(last)
    return frames


def _still_target(spec: SceneSpec, tl: Timeline, settings: RenderSettings, beat: str | None,
                  at: float | None) -> tuple[float, str]:
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
                 tl: Timeline | None = None) -> Path:
    """One PNG: the frame where ``beat`` is fully built, the frame at ``at`` seconds, or the last frame."""
    spec, p = resolve(name, overrides, params)
    settings = (settings or RenderSettings()).check()
    if at is not None and not np.isfinite(at):
        raise ParamError(f"--at: must be a finite number of seconds, got {at}")
    if beat is not None and beat not in spec.beats:
        raise ParamError(f"--beat: unknown beat {beat!r}; allowed: {', '.join(spec.beats)}")
    tl = tl or timeline(name, settings=settings, params=p)
    t, tag = _still_target(spec, tl, settings, beat, at)
    dest = Path(output) if output else output_path(Path(out_dir), name, settings, "png", tag, params=p)
    dest.parent.mkdir(parents=True, exist_ok=True)
    (frame,) = still_frames(name, [t], settings=settings, params=p)
    with tempfile.TemporaryDirectory(prefix=".l1l2-", dir=dest.parent) as tmp:
        png = Path(tmp) / "still.png"
        _save_png(frame, png, alpha=settings.transparent)
        _atomic_move(png, dest)
    return dest


def render_video(name: str, **kwargs: Any) -> RenderResult:
    """Render a scene to every format in ``formats`` (mp4, webm, gif, png = last frame), plus ``.srt``.

    Bad input raises :class:`ParamError`; anything failing inside the render raises
    :class:`RenderError`. Either way no partial file is left in the output folder.
    """
    with _interrupt_watch() as interrupted:
        try:
            return _render_video(name, interrupted=interrupted, **kwargs)
        except (ParamError, KeyboardInterrupt, RenderError):
            raise
        except Exception as err:
            if interrupted:  # Ctrl-C inside manim's encoder can surface as its own RuntimeError
                raise KeyboardInterrupt from err
            raise RenderError(f"{name}: {type(err).__name__}: {err}") from err


@contextlib.contextmanager
def _interrupt_watch():
    """Record SIGINT (then raise KeyboardInterrupt as usual) while a render runs in the main thread.

    The record matters because the KeyboardInterrupt can be swallowed (raised inside a
    weakref callback, or turned into manim's own RuntimeError by its encoder); the
    render checks it before moving any output into place. A SIGINT the parent chose
    to ignore (SIG_IGN, e.g. a background job of a script) stays ignored.
    """
    seen: list[bool] = []
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is signal.SIG_IGN):
        yield seen
        return

    def handler(signum, frame):
        seen.append(True)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGINT, previous)


def _render_video(name: str, *, overrides: dict[str, Any] | None = None, settings: RenderSettings | None = None,
                 formats: Sequence[str] = ("mp4",), out_dir: Path | str = "renders", params: Any = None,
                 progress: Progress | None = None, interrupted: Sequence[bool] = (), poster: bool = False,
                 force: bool = False) -> RenderResult:
    from . import manifest
    from .embed import embed_snippet

    spec, p = resolve(name, overrides, params)
    settings = (settings or RenderSettings()).check()
    formats = list(dict.fromkeys(formats))
    _check_formats(formats, settings)
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    dest_dir = out_dir / name
    stem = output_path(out_dir, name, settings, "x", params=p).stem
    key = manifest.cache_key(name, p, settings)
    record = manifest.manifest_path(out_dir, name, stem)
    wanted = formats + (["poster"] if poster else [])
    if not force and (hit := manifest.cached_outputs(record, key, wanted)) is not None:
        data = manifest.read_manifest(record) or {}
        tl = Timeline([BeatRecord(**b) for b in data.get("beats", [])], float(data.get("duration", 0.0)))
        say(f"{name}: unchanged, cached ({stem})")
        return RenderResult(name, hit, tl, time.perf_counter() - t0, int(data.get("frames", 0)), {"cached": True})
    dest_dir.mkdir(parents=True, exist_ok=True)
    outputs: dict[str, Path] = {}
    video_formats = [f for f in formats if f != "png"]
    main_ext = "mov" if settings.transparent else "mp4"
    with tempfile.TemporaryDirectory(prefix=".l1l2-", dir=dest_dir) as tmp:
        work = Path(tmp)
        produced: dict[str, Path] = {}
        frames = 0
        if video_formats or poster:
            cls = _with_progress(spec.scene_class.variant(params=p, theme=settings.theme,
                                                          show_captions=settings.captions),
                                 timeline(name, settings=settings, params=p), say, name)
            scene = _run_scene(cls, settings, work, dry=False)
            master = Path(scene.renderer.file_writer.final_file_path)
            if not master.exists():
                raise RenderError(f"{name}: manim produced no video")
            tl = Timeline(list(scene.beat_log), float(scene.time))  # the real render's beat times
            frames = _frame_count(master)
            produced[main_ext] = master
            srt = master.with_suffix(".srt")
            if srt.exists():
                produced["srt"] = srt
            from .encode import frame_at, transcode

            for fmt in video_formats:
                if fmt != main_ext:
                    say(f"{name}: encoding {fmt}")
                    produced[fmt] = transcode(master, work / f"out.{fmt}", fmt)
            if poster:
                last = tl.beats[-1].name if tl.beats else None
                t_poster = tl.still_time(last, settings.frame_rate) if last else tl.duration
                _save_png(frame_at(master, t_poster, alpha=settings.transparent), work / "poster.png",
                          alpha=settings.transparent)
                produced["poster"] = work / "poster.png"
            if main_ext not in formats:
                produced.pop(main_ext)
        else:
            tl = timeline(name, settings=settings, params=p)
        if "png" in formats:
            produced["png"] = render_still(name, settings=settings, params=p, tl=tl, output=work / "last.png")
        if interrupted:
            raise KeyboardInterrupt  # the interrupt was swallowed somewhere: keep the previous outputs
        for fmt, path in produced.items():
            dest = output_path(out_dir, name, settings, "poster.png" if fmt == "poster" else fmt, params=p)
            _atomic_move(path, dest)
            outputs[fmt] = dest
        if any(f in outputs for f in ("mp4", "webm", "gif", "mov")):
            html = work / "embed.html"
            html.write_text(embed_snippet(outputs, settings.size, alt=f"{name}: {spec.description}"))
            outputs["embed"] = output_path(out_dir, name, settings, "embed.html", params=p)
            _atomic_move(html, outputs["embed"])
    seconds = time.perf_counter() - t0
    manifest.write_manifest(record, {
        "key": key, "scene": name, "description": spec.description, "stem": stem,
        "variant": variant_tag(p),
        "params": dataclasses.asdict(p), "settings": dataclasses.asdict(settings),
        "command": reproduce_command(name, p, settings, formats, poster),
        "duration": tl.duration, "frames": frames, "fps": settings.frame_rate,
        "size": list(settings.size), "seconds": round(seconds, 2),
        "beats": [dataclasses.asdict(b) for b in tl.beats],
        "outputs": {fmt: path.name for fmt, path in outputs.items()},
    })
    return RenderResult(name, outputs, tl, seconds, frames)


def reproduce_command(name: str, params: Any, settings: RenderSettings, formats: Sequence[str] = ("mp4",),
                      poster: bool = False) -> str:
    """The ``l1l2 render`` command line that makes this render (parameters that differ from the defaults)."""
    import shlex

    words = ["l1l2", "render", name, "-q", settings.quality]
    if settings.theme != "dark":
        words += ["--theme", settings.theme]
    if settings.aspect != "16:9":
        words += ["--aspect", settings.aspect]
    if settings.transparent:
        words.append("--transparent")
    if not settings.captions:
        words.append("--no-captions")
    for name, value in changed_params(params):
        words += ["--set", f"{name}={str(value).lower() if isinstance(value, bool) else value}"]
    if list(formats) != ["mp4"]:
        words += ["--format", ",".join(formats)]
    if poster:
        words.append("--poster")
    return shlex.join(words)


def _check_formats(formats: Sequence[str], settings: RenderSettings) -> None:
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ParamError(f"--format: must be a comma list of {', '.join(FORMATS)}, got {','.join(formats) or 'nothing'}")
    if settings.transparent and any(f not in ALPHA_FORMATS for f in formats):
        raise ParamError(f"--transparent: formats must be among {', '.join(ALPHA_FORMATS)} (mp4 and gif have no "
                         f"alpha), got {','.join(formats)}")
    if "mov" in formats and not settings.transparent:
        raise ParamError("--format: mov is for --transparent renders; use mp4 or webm otherwise")


def _frame_count(video: Path) -> int:
    import av

    with av.open(str(video)) as c:
        return sum(1 for _ in c.demux(c.streams.video[0]) if _.size)


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


def contact_sheet(frames: Sequence[np.ndarray], labels: Sequence[str], columns: int):
    """Frames in a grid, each under its label (a PIL image)."""
    from PIL import Image, ImageDraw, ImageFont

    h, w = frames[0].shape[:2]
    label_h = max(28, h // 14)
    rows = -(-len(frames) // columns)
    pad = 12
    sheet = Image.new("RGB", (columns * (w + pad) + pad, rows * (h + label_h + pad) + pad), (40, 40, 40))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=int(label_h * 0.6))
    for k, (label, frame) in enumerate(zip(labels, frames, strict=True)):
        x = pad + (k % columns) * (w + pad)
        y = pad + (k // columns) * (h + label_h + pad)
        draw.text((x + 4, y + 2), label, fill=(235, 235, 235), font=font)
        sheet.paste(Image.fromarray(np.asarray(frame)[..., :3].astype(np.uint8)), (x, y + label_h))
    return sheet


def solve(name: str, overrides: dict[str, Any] | None = None, params: Any = None) -> dict[str, Any]:
    """The exact numbers behind a scene, with its params."""
    spec, p = resolve(name, overrides, params)
    return {"scene": name, "params": dataclasses.asdict(p), "numbers": spec.solve(p)}


def render_storyboard(name: str, *, overrides: dict[str, Any] | None = None, settings: RenderSettings | None = None,
                      out_dir: Path | str = "renders", output: Path | str | None = None, params: Any = None,
                      columns: int = 3, from_video: bool = False, progress: Progress | None = None) -> Path:
    """One PNG grid: every beat's frame (fully built) with its name and start time.

    ``from_video`` makes a contact sheet of *decoded frames of the real video* instead (it is
    rendered, or taken from the cache): one row per beat, its frames at a third, two thirds
    and where it is fully built. What a viewer sees, including anything stills cannot show.
    """
    spec, p = resolve(name, overrides, params)
    settings = (settings or RenderSettings(quality="draft")).check()
    if from_video:
        res = render_video(name, settings=settings, params=p, out_dir=out_dir, progress=progress)
        tl, fps = res.timeline, settings.frame_rate
        ends = [b.time for b in tl.beats[1:]] + [tl.duration]
        times = [t for b, e in zip(tl.beats, ends, strict=True)
                 for t in (b.time + (e - b.time) / 3, b.time + 2 * (e - b.time) / 3, tl.still_time(b.name, fps))]
        from .encode import frames_at

        frames = frames_at(res.outputs["mov" if settings.transparent else "mp4"], times)
        labels = [f"{k // 3 + 1}. {tl.beats[k // 3].name} @ {t:.2f} s" for k, t in enumerate(times)]
        columns, tag = 3, "storyboard-video"
    else:
        tl = timeline(name, settings=settings, params=p)
        times = [tl.still_time(b.name, settings.frame_rate) for b in tl.beats]
        frames = still_frames(name, times, settings=settings, params=p)
        labels = [f"{k + 1}. {b.name}  (t = {b.time:.1f} s)" for k, b in enumerate(tl.beats)]
        tag = "storyboard"
    sheet = contact_sheet(frames, labels, columns)
    dest = Path(output) if output else output_path(Path(out_dir), name, settings, "png", tag, params=p)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".l1l2-", dir=dest.parent) as tmp:
        png = Path(tmp) / "board.png"
        sheet.save(png)
        _atomic_move(png, dest)
    return dest
