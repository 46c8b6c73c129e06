"""Transcoding the rendered MP4 into WebM and GIF with PyAV (the FFmpeg manim already ships)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av

GIF_MAX_WIDTH = 640
GIF_FPS = 15


def transcode(src: Path, dst: Path, fmt: str) -> Path:
    """Write ``src`` (an MP4) as ``fmt`` ("webm": VP9; "gif": reduced size and fps, palette)."""
    with av.open(str(src)) as inp:
        vin = inp.streams.video[0]
        width, height = vin.codec_context.width, vin.codec_context.height
        rate = vin.average_rate or Fraction(30)
        with av.open(str(dst), "w") as out:
            if fmt == "webm":
                vout = out.add_stream("libvpx-vp9", rate=rate)
                vout.width, vout.height, vout.pix_fmt = width, height, "yuv420p"
                vout.options = {"crf": "32", "b": "0", "row-mt": "1", "deadline": "good", "cpu-used": "4"}
                step = 1
            elif fmt == "gif":
                step = max(1, round(float(rate) / GIF_FPS))
                scale = min(1.0, GIF_MAX_WIDTH / width)
                gw, gh = int(width * scale) // 2 * 2, int(height * scale) // 2 * 2
                vout = out.add_stream("gif", rate=Fraction(rate) / step)
                vout.width, vout.height, vout.pix_fmt = gw, gh, "rgb8"
            else:
                raise ValueError(f"format must be webm or gif, got {fmt!r}")
            for k, frame in enumerate(inp.decode(vin)):
                if k % step:
                    continue
                if fmt == "gif":
                    frame = frame.reformat(width=vout.width, height=vout.height, format="rgb8")
                    frame.pts = None
                for packet in vout.encode(frame):
                    out.mux(packet)
            for packet in vout.encode():
                out.mux(packet)
    return dst
