"""Dask's overhead, measured in one run (issue 27); not a test.

    .venv/bin/python benchmarks/cluster.py [-q draft] [--repeat 3] [SCENE ...]

Each round renders the scenes (default: all) twice from cold output folders: ``l1l2 render --scheduler``
on a Dask scheduler and two one-thread workers started on this machine for it (each in its own folder;
stopped before the other run), and ``l1l2 render -j 2``; the order alternates between rounds. Prints each
round's wall times and ratio, the median and range of the ratios (target ≤ 1.1), and the last round's
render time per scene as the manifests recorded it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
EXTRA = os.environ.get("L1L2_BENCH_WORKER_ARGS", "").split()


def start(cmd: list[str], cwd: Path) -> subprocess.Popen:
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(cmd, cwd=cwd, env={**os.environ, "TMPDIR": str(cwd)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


class Cluster:
    """A scheduler and two one-thread workers on this machine, each in its own folder; stopped on exit."""

    def __init__(self, tmp: Path) -> None:
        self.tmp, self.procs = tmp, []

    def __enter__(self) -> str:
        file = self.tmp / "scheduler.json"
        self.procs = [start([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                             "--no-dashboard", "--scheduler-file", str(file)], self.tmp / "scheduler")]
        while not (file.is_file() and file.stat().st_size):
            time.sleep(0.05)
        address = json.loads(file.read_text())["address"]
        self.procs += [start([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard", *EXTRA,
                              "--local-directory", str(self.tmp / w)], self.tmp / w) for w in ("w1", "w2")]
        from distributed import Client

        with Client(address, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=300)
        return address

    def __exit__(self, *exc) -> None:
        for proc in reversed(self.procs):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-q", "--quality", default="draft")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the order of the two alternates")
    parser.add_argument("scenes", nargs="*")
    args = parser.parse_args()
    which = args.scenes or ["--all"]
    render = [str(BIN / "l1l2"), "render", *which, "-q", args.quality, "--quiet"]
    ratios = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for round_ in range(args.repeat):
            out = tmp / f"round{round_}"

            def on_dask(out: Path = out) -> float:
                with Cluster(out / "cluster") as address:  # stopped before -j 2 runs: nothing idles beside it
                    return timed(render + ["--scheduler", address, "-o", str(out / "dask")])

            def local(out: Path = out) -> float:
                return timed(render + ["-j", "2", "-o", str(out / "local")])

            if round_ % 2 == 0:
                dask_s, local_s = on_dask(), local()
            else:
                local_s, dask_s = local(), on_dask()
            ratios.append(dask_s / local_s)
            print(f"round {round_ + 1}: Dask (2 one-thread workers) {dask_s:.1f} s, -j 2 {local_s:.1f} s → "
                  f"{ratios[-1]:.3f}", flush=True)
        ordered = sorted(ratios)
        print(f"render {' '.join(which)} -q {args.quality}: Dask/-j 2 median {ordered[len(ordered) // 2]:.3f}, "
              f"range {ordered[0]:.3f}-{ordered[-1]:.3f} over {len(ratios)} rounds (target ≤ 1.1)")
        for manifest in sorted((out / "local").glob("*/*.json")):  # the last round, scene by scene
            data = json.loads(manifest.read_text())
            dask = json.loads((out / "dask" / manifest.parent.name / manifest.name).read_text())
            print(f"  {data['scene']:<11} {data['duration']:6.1f} s of video: -j 2 {data['seconds']:6.1f} s, "
                  f"on a Dask worker {dask['seconds']:6.1f} s")


if __name__ == "__main__":
    main()
