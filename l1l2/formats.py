"""The output formats, as a table: one entry per kind of file a render can write.

Each entry says its name (what ``--format`` takes), its file extension, whether it keeps
a transparent background, whether it needs one, its MIME type in a ``<video>`` tag (None
for files that are not played), and how it is made from the render's master video.
Validation, rendering, the embed snippet and the gallery all loop over ``FORMATS``; a new
output kind is one entry here plus one test.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scenes.kit.params import ParamError

from . import encode


@dataclass(frozen=True)
class OutputFormat:
    name: str
    ext: str
    alpha: bool  # keeps a transparent background
    transparent_only: bool  # only for --transparent renders
    mime: str | None  # a <video> source type; None: not a video source
    make: Callable[..., Path] | None  # (master video, destination, audio samples or None) -> destination
    help: str
    sound: bool = False  # carries the narration (AAC in mp4, Opus in webm)

    @property
    def video(self) -> bool:
        return self.mime is not None or self.name == "gif"


def _master(src: Path, dst: Path, audio=None) -> Path:
    """The render's own video (mp4, or mov when transparent); with ``audio``, its frames copied
    beside an AAC track."""
    if audio is None:
        return src
    from .voice import with_audio

    return with_audio(src, audio, dst)


FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    # Order matters: it is the <source> order of the embed snippet (WebM first: Chromium builds
    # without H.264 play it).
    OutputFormat("webm", "webm", True, False, "video/webm", encode.to_webm, "VP9 (with alpha when transparent), "
                 "Opus narration", sound=True),
    OutputFormat("mp4", "mp4", False, False, "video/mp4", _master, "H.264, the master video; AAC narration",
                 sound=True),
    OutputFormat("mov", "mov", True, True, "video/quicktime", _master, "QuickTime RLE with alpha (--transparent)"),
    OutputFormat("gif", "gif", False, False, None, encode.to_gif, "≤ 640 px wide, 15 fps, one palette"),
    OutputFormat("png", "png", True, False, None, None, "the last frame, as a still"),
)}


def master_format(transparent: bool) -> OutputFormat:
    """The format manim writes directly: mov with alpha, else mp4."""
    return FORMATS["mov" if transparent else "mp4"]


def check_formats(formats: Sequence[str], transparent: bool) -> tuple[str, ...]:
    """The formats asked for, de-duplicated, or a :class:`ParamError` naming what is allowed."""
    names = tuple(dict.fromkeys(f.strip() for f in formats if f.strip()))
    bad = [f for f in names if f not in FORMATS]
    if bad or not names:
        raise ParamError(f"--format: must be a comma list of {', '.join(FORMATS)}, got {','.join(names) or 'nothing'}")
    if transparent and any(not FORMATS[f].alpha for f in names):
        keep = ", ".join(f.name for f in FORMATS.values() if f.alpha)
        lose = " and ".join(f.name for f in FORMATS.values() if not f.alpha)
        raise ParamError(f"--transparent: formats must be among {keep} ({lose} have no alpha), got {','.join(names)}")
    for f in names:
        if FORMATS[f].transparent_only and not transparent:
            raise ParamError(f"--format: {f} is for --transparent renders; use mp4 or webm otherwise")
    return names
