"""The same job gives the same bytes, whatever the process's memory held before.

A render's frames are computed exactly, but an encoder that reads memory it never wrote turns the heap's
leftovers into output: libx264's macroblock tree over B-frames did (``l1l2.settings.X264_OPTIONS``), so a Dask
worker, whose nanny changes malloc's settings, or a process that had rendered before, could encode the same
frames into other bytes. ``MALLOC_PERTURB_`` makes glibc fill every allocation with a given byte: two renders
that differ only in it must be byte-identical.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

from l1l2.job import make_job
from l1l2.settings import RenderSettings

TINY = RenderSettings(quality="preview", pixel_size=(160, 90), fps=6)  # a size the B-frame encoder got wrong

RENDER = ("import pickle, sys\nfrom l1l2 import render_job\n"
          "job = pickle.loads(sys.stdin.buffer.read())\n"
          "result = render_job(job, sys.argv[1])\n"
          "sys.stdout.buffer.write(pickle.dumps({f: str(p) for f, p in result.outputs.items()}))\n")


def _render_with_heap_filled(job, out: Path, byte: int) -> dict[str, str]:
    env = {**os.environ, "MALLOC_PERTURB_": str(byte)}
    done = subprocess.run([sys.executable, "-c", RENDER, str(out)], input=pickle.dumps(job), capture_output=True,
                          env=env, timeout=600, check=True)
    outputs = pickle.loads(done.stdout)
    return {fmt: hashlib.sha256(Path(path).read_bytes()).hexdigest() for fmt, path in outputs.items()}


def test_a_render_is_the_same_bytes_whatever_the_heap_held(tmp_path):
    job = make_job("penalties", settings=TINY, formats=("mp4", "webm"), poster=True)
    first = _render_with_heap_filled(job, tmp_path / "a", 0x55)
    second = _render_with_heap_filled(job, tmp_path / "b", 0xAA)
    assert set(first) >= {"mp4", "webm", "poster"}
    assert first == second
