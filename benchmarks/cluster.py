"""Dask's overhead, measured in one run (issue 27); not a test.

    .venv/bin/python benchmarks/cluster.py [-q draft] [SCENE ...]

Starts a Dask scheduler and two one-thread workers on this machine (each in its own folder), then renders
the scenes (default: all) twice from a cold output folder: ``l1l2 render --scheduler`` on that cluster,
and ``l1l2 render -j 2``. Prints both wall times, their ratio (target ≤ 1.1) and each scene's render time
as the manifests recorded it.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-q", "--quality", default="draft")
    parser.add_argument("scenes", nargs="*")
    args = parser.parse_args()
    which = args.scenes or ["--all"]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        file = tmp / "scheduler.json"
        procs = [start([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                        "--scheduler-file", str(file)], tmp / "scheduler")]
        try:
            while not (file.is_file() and file.stat().st_size):
                time.sleep(0.05)
            address = json.loads(file.read_text())["address"]
            procs += [start([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard", *EXTRA,
                             "--local-directory", str(tmp / w)], tmp / w) for w in ("w1", "w2")]
            from distributed import Client

            with Client(address, set_as_default=False) as client:
                client.wait_for_workers(2, timeout=300)
            render = [str(BIN / "l1l2"), "render", *which, "-q", args.quality, "--quiet"]
            on_dask = timed(render + ["--scheduler", address, "-o", str(tmp / "dask")])
            local = timed(render + ["-j", "2", "-o", str(tmp / "local")])
            print(f"render {' '.join(which)} -q {args.quality}: Dask (local cluster, 2 workers) {on_dask:.1f} s, "
                  f"-j 2 {local:.1f} s → Dask/-j = {on_dask / local:.3f} (target ≤ 1.1)")
            for manifest in sorted((tmp / "local").glob("*/*.json")):
                data = json.loads(manifest.read_text())
                dask = json.loads((tmp / "dask" / manifest.parent.name / manifest.name).read_text())
                print(f"  {data['scene']:<11} {data['duration']:6.1f} s of video: -j 2 {data['seconds']:6.1f} s, "
                      f"on a Dask worker {dask['seconds']:6.1f} s")
        finally:
            for proc in reversed(procs):
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(60)


if __name__ == "__main__":
    main()
