"""An author's waits, measured in one run (issue 26); not a test.

    .venv/bin/python benchmarks/latency.py [--skip-script] [--studio-rounds 4]

Each command runs as a user runs it (a fresh ``l1l2`` process; "cold" is a fresh output folder, so no
still, timeline or Typst result is reused), and the ratios the issue sets are printed beside the numbers:

- a cold still of shrink's first beat against ``import manim`` plus one frame's drawing (target ≤ 2×);
- ``l1l2 script`` for the whole lecture, warm (target ≤ 5 s) and cold;
- ``l1l2 studio``: a changed parameter to the new still, at every beat of shrink, through the server's
  own API as the page calls it (target p95 ≤ 1 s, warm, preview quality). Warm is as the page leaves the
  worker: its first still shown, then the scene's timeline (the page asks for it, for the scrubber).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
L1L2 = [str(BIN / "l1l2")]


def timed(cmd: list[str], cwd: Path) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - t


def one_frame_seconds() -> float:
    """Median time to draw one frame of shrink's first beat at preview quality (the capture a still makes)."""
    code = """
import statistics, time
from l1l2.job import resolve
from l1l2.settings import RenderSettings
from l1l2.stills import capture_scene
s = RenderSettings(quality="preview").check()
scene = capture_scene("shrink", (), settings=s, params=resolve("shrink")[1], beat="data")
ts = []
for _ in range(7):
    t = time.perf_counter(); scene.capture_frame(); ts.append(time.perf_counter() - t)
print(statistics.median(ts))
"""
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


def studio_latencies(tmp: Path, rounds: int) -> tuple[float, list[float]]:
    """(the first still's seconds, then every later one's): each request a new ``lam`` at one beat of shrink."""
    proc = subprocess.Popen(L1L2 + ["studio", "--no-browser", "-o", str(tmp / "studio")], cwd=tmp,
                            stdout=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().split()[1]
        beats = json.loads(urllib.request.urlopen(url + "api/catalog").read())
        beats = next(e for e in beats if e["name"] == "shrink")["beats"]
        rng = random.Random(26)
        lams = iter(f"{x:.4f}" for x in rng.sample([k / 10000 for k in range(500, 4000)], 1 + rounds * len(beats)))

        def still(beat: str) -> float:
            body = json.dumps({"scene": "shrink", "values": {"lam": next(lams)}, "beat": beat}).encode()
            req = urllib.request.Request(url + "api/still", data=body, headers={"Content-Type": "application/json"})
            t = time.perf_counter()
            with urllib.request.urlopen(req) as res:
                answer = json.loads(res.read())
            assert "png" in answer, answer
            return time.perf_counter() - t

        first = still(beats[0])
        # as the page does once a still is shown and nothing else is asked: the timeline (for the scrubber),
        # a run of the whole scene that also typesets its fixed text
        body = json.dumps({"scene": "shrink", "values": {}}).encode()
        urllib.request.urlopen(urllib.request.Request(url + "api/timeline", data=body,
                                                      headers={"Content-Type": "application/json"})).read()
        order = [b for _ in range(rounds) for b in beats]
        rng.shuffle(order)
        return first, [still(b) for b in order]
    finally:
        proc.terminate()
        proc.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-script", action="store_true", help="skip l1l2 script (its cold run takes minutes)")
    parser.add_argument("--studio-rounds", type=int, default=4, help="stills per beat of shrink in the studio")
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        imports = statistics.median(timed([sys.executable, "-c", "import manim"], tmp) for _ in range(3))
        frame = one_frame_seconds()
        cold = [timed(L1L2 + ["still", "shrink", "--beat", "data", "-q", "preview", "-o", str(tmp / f"c{k}")], tmp)
                for k in range(3)]
        warm = [timed(L1L2 + ["still", "shrink", "--beat", "data", "-q", "preview", "-o", str(tmp / "c0")], tmp)
                for _ in range(3)]
        last = timed(L1L2 + ["still", "shrink", "-q", "preview", "-o", str(tmp / "last")], tmp)
        base = imports + frame
        rows += [("`import manim` (a fresh process)", f"{imports:.2f} s", ""),
                 ("one frame's drawing (shrink, preview)", f"{frame * 1000:.0f} ms", ""),
                 ("`l1l2 still shrink --beat data -q preview`, cold", f"{statistics.median(cold):.2f} s",
                  f"{statistics.median(cold) / base:.2f}× import + frame (target ≤ 2)"),
                 ("the same still again (a cache hit)", f"{statistics.median(warm):.2f} s", ""),
                 ("`l1l2 still shrink -q preview` (the last beat), cold", f"{last:.2f} s", "")]
        if not args.skip_script:
            lecture = str(ROOT / "lecture.example.toml")
            script_cold = timed(L1L2 + ["script", lecture, "--quiet", "-o", str(tmp / "script")], tmp)
            script_warm = statistics.median(timed(L1L2 + ["script", lecture, "--quiet", "-o", str(tmp / "script")], tmp)
                                            for _ in range(3))
            rows += [("`l1l2 script` (whole lecture), cold", f"{script_cold:.1f} s", ""),
                     ("`l1l2 script`, warm", f"{script_warm:.2f} s",
                      f"{script_warm / 5:.2f}× the 5 s target; {script_cold / script_warm:.0f}× faster than cold")]
        first, times = studio_latencies(tmp, args.studio_rounds)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        rows += [("studio: first still (worker warm, caches cold)", f"{first:.2f} s", ""),
                 (f"studio: a changed λ to its still, {len(times)} tries over shrink's beats",
                  f"p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s, max {times[-1]:.2f} s",
                  f"p95 {p95:.2f}× the 1 s target")]
    width = max(len(r[0]) for r in rows)
    for what, value, ratio in rows:
        print(f"{what:<{width}}  {value:<34} {ratio}")


if __name__ == "__main__":
    main()
