"""A full course at 4k, measured on this machine and scheduled on paper (issue 27); not a test.

    .venv/bin/python benchmarks/course.py [--scenes NAME,...] [--looks 16:9/dark,1:1/dark,...]

Renders every scene at 4k (3840x2160, 60 fps), one after another, each as its own ``l1l2 render SCENE -q 4k``
process (what one Dask worker does with one task), and prints each scene's wall time, frames, MP4 size and
peak memory. Other looks (``--looks``: aspect/theme pairs) are rendered for the scenes given with
``--check-scenes`` to see whether their times differ from 16:9/dark.

Then the arithmetic for a course of 2 themes x 3 aspects: the jobs, and the wall time on 1, 8, 32 and
enough workers, each worker a process with one thread on a machine like this one, by longest-first list
scheduling (Dask's scheduler does not promise that order; the lower bound is max(total / workers, longest
job)). Transfer: each job's MP4 crosses the network once, and is held in the worker's and the client's
memory while it does.
"""

from __future__ import annotations

import argparse
import heapq
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]


def render(scene: str, aspect: str, theme: str, out: Path) -> tuple[float, int, float]:
    """Wall seconds, MP4 bytes and peak resident MB of one ``l1l2 render`` at 4k."""
    cmd = [str(BIN / "l1l2"), "render", scene, "-q", "4k", "--aspect", aspect, "--theme", theme, "--quiet",
           "--force", "-o", str(out)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    mp4 = max((out / scene).glob("*.mp4"), key=lambda p: p.stat().st_mtime)
    return seconds, mp4.stat().st_size, usage.ru_maxrss / 1024


def schedule(durations: list[float], workers: int) -> float:
    """Wall time of ``durations`` on ``workers`` by longest-first list scheduling."""
    loads = [0.0] * min(workers, len(durations))
    heapq.heapify(loads)
    for d in sorted(durations, reverse=True):
        heapq.heappush(loads, heapq.heappop(loads) + d)
    return max(loads)


def hms(seconds: float) -> str:
    h, rest = divmod(round(seconds), 3600)
    return f"{h}h{rest // 60:02d}m" if h else f"{rest // 60}m{rest % 60:02d}s"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from scenes.kit.registry import all_specs

    parser = argparse.ArgumentParser()
    parser.add_argument("--scenes", help="comma list (default: all)")
    parser.add_argument("--check-scenes", default="budget", help="scenes also rendered in --looks")
    parser.add_argument("--looks", default="1:1/dark,9:16/dark,16:9/light")
    args = parser.parse_args()
    scenes = args.scenes.split(",") if args.scenes else [s.name for s in all_specs()]

    times: dict[str, float] = {}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        print(f"{'scene':12s} {'look':11s} {'wall':>8s} {'MP4':>9s} {'peak RSS':>9s}", flush=True)
        for scene in scenes:
            seconds, size, rss = render(scene, "16:9", "dark", out)
            times[scene], sizes[scene] = seconds, size
            print(f"{scene:12s} {'16:9/dark':11s} {seconds:7.1f}s {size / 1e6:7.1f}MB {rss:7.0f}MB", flush=True)
        for scene in args.check_scenes.split(","):
            for look in args.looks.split(","):
                aspect, theme = look.split("/")
                seconds, size, rss = render(scene, aspect, theme, out)
                print(f"{scene:12s} {look:11s} {seconds:7.1f}s {size / 1e6:7.1f}MB {rss:7.0f}MB "
                      f"({seconds / times.get(scene, seconds):.2f}x of 16:9/dark)", flush=True)

    looks = 2 * 3
    jobs = [t for t in times.values() for _ in range(looks)]
    total, longest = sum(jobs), max(jobs)
    mp4_total = sum(sizes.values()) * looks
    print(f"\n{len(scenes)} scenes x 2 themes x 3 aspects = {len(jobs)} jobs, {hms(total)} of rendering "
          f"(each look assumed to take its scene's 16:9/dark time), {mp4_total / 1e9:.2f} GB of MP4; "
          f"longest job {hms(longest)} ({max(times, key=times.get)}), largest MP4 {max(sizes.values()) / 1e6:.1f} MB")
    for workers in (1, 8, 32, len(jobs)):
        wall = schedule(jobs, workers)
        print(f"  {workers:3d} workers: {hms(wall)} (lower bound {hms(max(total / workers, longest))}; "
              f"the client receives {mp4_total / 1e9 / (wall / 3600):.2f} GB an hour)")


if __name__ == "__main__":
    main()
