"""The x264 settings compared on a scene's real frames, in one run; not a test.

    .venv/bin/python benchmarks/encoder.py [--scene shrink] [-q draft] [--size WxH] [--frames 1200]

Renders the scene once, keeping its first N frames as they reach the encoder, then encodes those same frames
with manim's B-frame settings at crf 23 (what we used before) and with ``l1l2.settings.X264_OPTIONS``. For
each: file size, encoding time, PSNR of the decoded frames against the frames, and whether two encodes in
fresh processes whose heaps glibc fills with different bytes (``MALLOC_PERTURB_``) give the same file, on
those frames and on a short synthetic clip at the same size (a disc moving over a gradient: 60 frames at
854x480 were not repeatable with B-frames; the scene's own frames may or may not show it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BEFORE = {"crf": "23", "preset": "veryfast", "tune": "animation"}


def capture(scene: str, quality: str, size: tuple[int, int] | None, limit: int, out: Path) -> tuple[Path, int]:
    """The scene's first ``limit`` frames (RGB) as they reach manim's encoder, saved as one .npy file."""
    from manim.scene import video_segment_encoder as vse

    from l1l2 import render_job
    from l1l2.job import make_job
    from l1l2.settings import RenderSettings

    frames: list[np.ndarray] = []
    original = vse.VideoSegmentEncoder.write_frame

    def keep(self, pixels, *, repeat=1):
        if len(frames) < limit:
            frames.extend([pixels[..., :3].copy()] * min(repeat, limit - len(frames)))
        return original(self, pixels, repeat=repeat)

    vse.VideoSegmentEncoder.write_frame = keep
    settings = RenderSettings(quality=quality, pixel_size=size)
    render_job(make_job(scene, settings=settings, formats=("mp4",)), out / "render")
    vse.VideoSegmentEncoder.write_frame = original
    path = out / "frames.npy"
    np.save(path, np.stack(frames))
    return path, settings.frame_rate


def synthetic(width: int, height: int, count: int = 60) -> np.ndarray:
    """A disc moving over a horizontal gradient, RGB."""
    yy, xx = np.mgrid[0:height, 0:width]
    frames = np.zeros((count, height, width, 3), np.uint8)
    for k in range(count):
        disc = (xx - (3 * k) % width) ** 2 + (yy - (2 * k) % height) ** 2 < (height / 4) ** 2
        frames[k, disc, 0], frames[k, disc, 1] = 200, 80
        frames[k, ..., 2] = (xx * 255 // width).astype(np.uint8)
    return frames


def encode(frames: np.ndarray, fps: int, options: dict[str, str], dest: Path) -> float:
    """``frames`` encoded by libx264 with ``options`` (yuv420p, as manim does); returns the seconds it took."""
    import av

    with av.open(str(dest), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=Fraction(fps), options=dict(options))
        stream.pix_fmt, stream.height, stream.width = "yuv420p", frames.shape[1], frames.shape[2]
        t = time.perf_counter()
        for k, frame in enumerate(frames):
            vf = av.VideoFrame.from_ndarray(frame, format="rgb24")
            vf.pts = k
            out.mux(stream.encode(vf))
        out.mux(stream.encode())
        return time.perf_counter() - t


def psnr(frames: np.ndarray, video: Path) -> float:
    import av

    err = 0.0
    with av.open(str(video)) as inp:
        for k, frame in enumerate(inp.decode(video=0)):
            err += float(np.mean((frame.to_ndarray(format="rgb24").astype(float) - frames[k]) ** 2))
    return 10 * np.log10(255 ** 2 / (err / len(frames)))


def encoded_hash_in_fresh_process(npy: Path, fps: int, options: dict[str, str], fill: int, dest: Path) -> str:
    env = {**os.environ, "MALLOC_PERTURB_": str(fill)}
    subprocess.run([sys.executable, __file__, "--encode", str(npy), str(fps), json.dumps(options), str(dest)],
                   env=env, check=True)
    return hashlib.sha256(dest.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scene", default="shrink")
    parser.add_argument("-q", "--quality", default="draft")
    parser.add_argument("--size", help="WxH, instead of the quality's frame size")
    parser.add_argument("--frames", type=int, default=1200)
    parser.add_argument("--encode", nargs=4, help=argparse.SUPPRESS)  # NPY FPS OPTIONS DEST, in a child
    args = parser.parse_args()
    if args.encode:
        npy, fps, options, dest = args.encode
        encode(np.load(npy), int(fps), json.loads(options), Path(dest))
        return

    from l1l2.settings import X264_OPTIONS

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        size = tuple(int(n) for n in args.size.split("x")) if args.size else None
        npy, fps = capture(args.scene, args.quality, size, args.frames, work)
        frames = np.load(npy)
        clip = work / "synthetic.npy"
        np.save(clip, synthetic(frames.shape[2], frames.shape[1]))
        print(f"{args.scene}, {len(frames)} frames at {frames.shape[2]}x{frames.shape[1]}, {fps} fps")
        for name, options in (("B-frames, crf 23 (before)", BEFORE), ("X264_OPTIONS (now)", X264_OPTIONS)):
            dest = work / "out.mp4"
            seconds = encode(frames, fps, options, dest)
            size = dest.stat().st_size
            quality = psnr(frames, dest)
            same = [len({encoded_hash_in_fresh_process(source, fps, options, fill, work / f"fill{fill}.mp4")
                         for fill in (0x55, 0xAA)}) == 1 for source in (npy, clip)]
            print(f"  {name:28s} {size / 1e3:8.1f} kB  encode {seconds:6.2f} s  PSNR {quality:5.2f} dB  "
                  f"under MALLOC_PERTURB_: scene {'repeatable' if same[0] else 'NOT repeatable'}, "
                  f"synthetic {'repeatable' if same[1] else 'NOT repeatable'}")


if __name__ == "__main__":
    main()
