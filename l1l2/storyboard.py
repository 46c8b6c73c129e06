"""Storyboards: one PNG grid of a scene's beats, from stills or from decoded frames of the real video."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .files import atomic_move, output_path, work_dir, writing
from .job import checked_numbers, resolve
from .render import Progress, render_video
from .run import timeline
from .settings import RenderSettings
from .stills import still_frames


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


def render_storyboard(name: str, *, overrides: dict[str, Any] | None = None, settings: RenderSettings | None = None,
                      out_dir: Path | str = "renders", output: Path | str | None = None, params: Any = None,
                      columns: int = 3, from_video: bool = False, progress: Progress | None = None) -> Path:
    """One PNG grid: every beat's frame (fully built) with its name and start time.

    ``from_video`` makes a contact sheet of *decoded frames of the real video* instead (it is
    rendered, or taken from the cache): one row per beat, its frames at a third, two thirds
    and where it is fully built. What a viewer sees, including anything stills cannot show.
    """
    spec, p = resolve(name, overrides, params)
    checked_numbers(spec, p)  # the math first: parameters with no exact answer stop before any frame
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
        tl = timeline(name, settings=settings, params=p, out_dir=out_dir)
        times = [tl.still_time(b.name, settings.frame_rate) for b in tl.beats]
        frames = still_frames(name, times, settings=settings, params=p)
        labels = [f"{k + 1}. {b.name}  (t = {b.time:.1f} s)" for k, b in enumerate(tl.beats)]
        tag = "storyboard"
    sheet = contact_sheet(frames, labels, columns)
    dest = Path(output) if output else output_path(Path(out_dir), name, settings, "png", tag, params=p)
    with writing(dest):
        dest.parent.mkdir(parents=True, exist_ok=True)
    with writing(dest), work_dir("board", beside=dest.parent) as tmp:
        png = Path(tmp) / "board.png"
        sheet.save(png)
        atomic_move(png, dest)
    return dest
