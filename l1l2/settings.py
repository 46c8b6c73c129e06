"""Render settings: quality, frame size and rate, theme, aspect, captions, transparency; manim's config.

``RenderSettings`` is the look of one render, validated once. ``PIXEL_PIPELINE`` is every
setting of this package that changes pixels (encoder options, the frame's scene size, the
still-capture version); the cache key hashes it as data, not this package's source.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenes.kit.layout import ASPECTS
from scenes.kit.params import ParamError
from scenes.kit.style import THEMES

# name: (short side in pixels, frames per second)
QUALITIES: dict[str, tuple[int, int]] = {
    "preview": (360, 15),
    "draft": (480, 30),
    "hd": (1080, 60),
    "4k": (2160, 60),
}
# libx264 for explainer frames (flat colours, sharp edges): the veryfast preset and the animation tune,
# about 1.6x faster to encode than manim's default (medium) at a similar size; at 1080p60 encoding is most
# of the render time (see benchmarks/run.py). No B-frames: with them, this libx264 (PyAV's wheel) reads
# memory it never wrote (its macroblock tree over B-frames), so the same frames encoded twice could differ
# in bytes and slightly in pixels (at 854x480, 480x480, 160x90, ...; MALLOC_PERTURB_ shows it, see
# tests/test_determinism.py). Without them the bytes depend only on the frames; crf 24 instead of 23 keeps
# the picture's PSNR (shrink: 41.9 dB at 1080p, 38.4-38.5 dB at 480p) for files 18-27 % larger, and
# encoding is 1.16-1.24x faster (benchmarks/encoder.py).
X264_OPTIONS = {"crf": "24", "preset": "veryfast", "tune": "animation", "x264-params": "bframes=0"}
VP9_OPTIONS = {"crf": "32", "b": "0", "row-mt": "1", "deadline": "good", "cpu-used": "4"}
GIF_MAX_WIDTH = 640
GIF_FPS = 15
FRAME_SHORT_SIDE = 8.0  # scene units across the frame's short side: one pixel density per quality
STILL_CAPTURE_VERSION = 2  # bump when l1l2.stills changes which frame a still shows

# Everything here that changes a pixel of an output; the cache key hashes it (see l1l2.cache).
PIXEL_PIPELINE: dict[str, Any] = {
    "qualities": QUALITIES, "x264": X264_OPTIONS, "vp9": VP9_OPTIONS, "gif": [GIF_MAX_WIDTH, GIF_FPS],
    "frame_short_side": FRAME_SHORT_SIDE, "still_capture": STILL_CAPTURE_VERSION,
}


@dataclass(frozen=True)
class RenderSettings:
    quality: str = "hd"
    theme: str = "dark"
    aspect: str = "16:9"
    pixel_size: tuple[int, int] | None = None  # (width, height) overrides quality's size (tests)
    fps: int | None = None  # overrides quality's fps
    captions: bool = True
    transparent: bool = False  # no background: mov (QuickTime RLE) and webm (VP9 with alpha) keep it

    @classmethod
    def from_look(cls, look: dict[str, Any]) -> RenderSettings:
        """Checked settings from the studio's look (``quality``, ``theme``, ``aspect``, ``captions``; preview,
        dark, 16:9 and captions when missing); a ParamError names the setting without dashes."""
        return cls(quality=str(look.get("quality", "preview")), theme=str(look.get("theme", "dark")),
                   aspect=str(look.get("aspect", "16:9")), captions=bool(look.get("captions", True))).check("{}")

    def check(self, names: str = "--{}") -> RenderSettings:
        """``self`` if quality, theme and aspect are known, else a ParamError naming the setting as
        ``names.format(key)``: ``--quality`` on the command line, ``<file>: [lecture].quality`` in a file."""
        for key, allowed in (("quality", QUALITIES), ("theme", THEMES), ("aspect", ASPECTS)):
            if getattr(self, key) not in allowed:
                raise ParamError(f"{names.format(key)}: must be one of {', '.join(allowed)}, "
                                 f"got {getattr(self, key)!r}")
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
    def frame_units(self) -> tuple[float, float]:
        """The frame's (width, height) in scene units: FRAME_SHORT_SIDE across its short side."""
        w, h = self.size
        return FRAME_SHORT_SIDE * max(1.0, w / h), FRAME_SHORT_SIDE * max(1.0, h / w)

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
            "frame_width": self.frame_units[0],
            "frame_height": self.frame_units[1],
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
