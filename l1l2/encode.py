"""Transcoding the rendered MP4 into WebM and GIF with PyAV (the FFmpeg manim already ships); decoding frames."""

from __future__ import annotations

import bisect
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from .settings import GIF_FPS, GIF_MAX_WIDTH, VP9_OPTIONS


def to_webm(src: Path, dst: Path, audio: np.ndarray | None = None) -> Path:
    """VP9; a source with alpha (the QuickTime RLE of a transparent render) keeps it (yuva420p).
    ``audio`` (48 kHz mono samples, see :mod:`l1l2.voice`) becomes an Opus track."""
    from .voice import audio_packets, mux_interleaved

    # bitexact: no random segment UID or muxer version in the header, so the same frames make the same bytes
    with av.open(str(src)) as inp, av.open(str(dst), "w", options={"fflags": "+bitexact"}) as out:
        vin = inp.streams.video[0]
        alpha = vin.codec_context.pix_fmt in ("argb", "rgba", "bgra", "yuva420p")
        rate = Fraction(vin.average_rate or 30)
        vout = out.add_stream("libvpx-vp9", rate=rate)
        vout.width, vout.height = vin.codec_context.width, vin.codec_context.height
        vout.pix_fmt = "yuva420p" if alpha else "yuv420p"
        vout.options = dict(VP9_OPTIONS)
        sound = audio_packets(out, "libopus", audio) if audio is not None else []

        def encoded():
            for k, frame in enumerate(inp.decode(vin)):
                if alpha:
                    frame = frame.reformat(format="yuva420p")
                frame.pts, frame.time_base = k, 1 / rate
                yield from vout.encode(frame)
            yield from vout.encode()

        mux_interleaved(out, encoded(), sound)
    return dst


def to_gif(src: Path, dst: Path, audio: np.ndarray | None = None) -> Path:
    """Palette GIF (no sound: ``audio`` is ignored) via palettegen/paletteuse (as manim does), after fps and scale filters."""
    with av.open(str(src)) as inp, av.open(str(dst), "w") as out:
        vin = inp.streams.video[0]
        width = vin.codec_context.width
        gw = min(GIF_MAX_WIDTH, width) // 2 * 2
        gh = int(round(vin.codec_context.height * gw / width / 2)) * 2
        vout = out.add_stream("gif", rate=GIF_FPS)
        vout.width, vout.height, vout.pix_fmt = gw, gh, "pal8"
        graph = av.filter.Graph()
        source = graph.add_buffer(template=vin)
        fps = graph.add("fps", f"fps={GIF_FPS}")
        scale = graph.add("scale", f"{gw}:{gh}:flags=lanczos")
        split = graph.add("split")
        palettegen = graph.add("palettegen", "stats_mode=diff")
        paletteuse = graph.add("paletteuse", "dither=bayer:bayer_scale=5:diff_mode=rectangle")
        sink = graph.add("buffersink")
        source.link_to(fps)
        fps.link_to(scale)
        scale.link_to(split)
        split.link_to(palettegen, 0, 0)
        split.link_to(paletteuse, 1, 0)
        palettegen.link_to(paletteuse, 0, 1)
        paletteuse.link_to(sink)
        graph.configure()
        for frame in inp.decode(vin):
            graph.push(frame)
        graph.push(None)
        written = 0
        while True:
            try:
                frame = graph.pull()
            except (av.error.EOFError, av.error.BlockingIOError):
                break
            frame.time_base = Fraction(1, GIF_FPS)
            frame.pts = written
            written += 1
            out.mux(vout.encode(frame))
        out.mux(vout.encode())
    return dst


def frame_at(video: Path, t: float, *, alpha: bool = False):
    """The frame shown at ``t`` seconds (frame floor(t·fps)) as an RGB(A) array."""
    return frames_at(video, [t], alpha=alpha)[0]


def frames_at(video: Path, times: list[float], *, alpha: bool = False) -> list:
    """The frames shown at each of ``times`` (seconds), as RGB(A) arrays (a time past the end: the last frame).

    Frame k is shown from k/fps on, so the frame at t is number floor(t·fps). Only what the wanted frames need is
    decoded: from the keyframe at or before each of them (packets are read once, without decoding, to find
    them), so a frame near the end of a long video costs one group of pictures, not the whole video."""
    fmt = "rgba" if alpha else "rgb24"
    with av.open(str(video)) as inp:
        vin = inp.streams.video[0]
        rate = float(vin.average_rate or 30)
        packets = [(p.pts, p.is_keyframe) for p in inp.demux(vin) if p.size]
        if not packets:
            raise ValueError(f"{video} has no frames")
        shown = sorted(pts for pts, _ in packets)  # presentation order: frame n is shown[n]
        keys = sorted(pts for pts, key in packets if key)
        wanted = [shown[min(int(np.floor(t * rate + 1e-6)), len(shown) - 1)] for t in times]
        groups: dict[int, set[int]] = {}  # keyframe → the wanted frames decoded from it
        for pts in wanted:
            groups.setdefault(keys[bisect.bisect_right(keys, pts) - 1], set()).add(pts)
        keep: dict[int, np.ndarray] = {}
        for key, members in sorted(groups.items()):
            inp.seek(key, stream=vin, backward=True)
            for frame in inp.decode(vin):
                if frame.pts in members:
                    keep[frame.pts] = frame.to_ndarray(format=fmt)
                if frame.pts is not None and frame.pts >= max(members):
                    break
        missing = [pts for pts in wanted if pts not in keep]
        if missing:
            raise ValueError(f"{video}: frames at pts {missing[:3]} were not decoded")
        return [keep[pts] for pts in wanted]


def frame_count(video: Path) -> int:
    """The number of frames (non-empty packets) of a video's first stream."""
    with av.open(str(video)) as c:
        return sum(1 for packet in c.demux(c.streams.video[0]) if packet.size)


def video_seconds(video: Path) -> float:
    """A video's length from its frame count and frame rate (what a player shows)."""
    with av.open(str(video)) as c:
        rate = float(c.streams.video[0].base_rate)
    return frame_count(video) / rate


def frozen_stretches(video: Path, *, min_seconds: float = 0.0, level: int = 24,
                     pixels: int = 12) -> list[tuple[float, float]]:
    """The stretches ``(start, end)`` in seconds over which a decoded video shows the same picture.

    A frame belongs to the stretch when fewer than ``pixels`` of its pixels differ in luma by more than
    ``level`` (of 255) from the stretch's first frame: what a viewer would call no change, above the
    encoder's noise (comparing with the first frame, not the one before, so a slow drift counts). A
    digit that ticks in a readout changes far more than 12 pixels, so a ticking readout is not frozen.
    Only stretches of at least ``min_seconds`` are returned, longest first.
    """
    out: list[tuple[float, float]] = []
    with av.open(str(video)) as inp:
        vin = inp.streams.video[0]
        rate = float(vin.average_rate or vin.base_rate or 30)
        anchor, start, n = None, 0, 0
        for n, frame in enumerate(inp.decode(vin)):
            y = frame.to_ndarray(format="gray").astype(np.int16)
            if anchor is None or int((np.abs(y - anchor) > level).sum()) >= pixels:
                if anchor is not None:
                    out.append((start / rate, n / rate))
                anchor, start = y, n
        if anchor is None:
            raise ValueError(f"{video} has no frames")
        out.append((start / rate, (n + 1) / rate))
    return sorted((s for s in out if s[1] - s[0] >= min_seconds), key=lambda s: s[0] - s[1])
