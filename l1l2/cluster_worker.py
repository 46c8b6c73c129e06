"""What runs on a Dask worker for :mod:`l1l2.cluster` and needs Dask itself to import (the worker plugin)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import tempfile

from distributed.diagnostics.plugin import WorkerPlugin

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
HEAP_BYTES = 64 * 1024 * 1024  # frames (a few MB each) come from the heap and stay there between frames


class WorkerSetup(WorkerPlugin):
    """Run when a worker starts (a nanny restarting a killed one too):

    - remove the temporary folders that dead processes left in the machine's temporary folder (a SIGKILL
      cannot clean up; the folders carry the dead process's id);
    - undo the nanny's ``MALLOC_TRIM_THRESHOLD_=65536``: with it glibc maps and unmaps every frame-sized
      array anew, and a render ran 10–25 % slower than in a plain process (``benchmarks/cluster.py``
      with and without ``--no-nanny``). Raising both thresholds keeps those arrays on the heap.
    """

    name = "l1l2-worker-setup"

    def setup(self, worker) -> None:
        from .files import sweep_leftovers

        sweep_leftovers(tempfile.gettempdir())
        if os.environ.get("MALLOC_TRIM_THRESHOLD_") and (libc := ctypes.util.find_library("c")):
            try:
                mallopt = ctypes.CDLL(libc).mallopt
            except (OSError, AttributeError):  # not glibc
                return
            mallopt(M_MMAP_THRESHOLD, HEAP_BYTES)
            mallopt(M_TRIM_THRESHOLD, 2 * HEAP_BYTES)
