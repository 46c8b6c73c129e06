"""What runs on a Dask worker for :mod:`l1l2.cluster` and needs Dask itself to import (the worker plugin)."""

from __future__ import annotations

import tempfile

from distributed.diagnostics.plugin import WorkerPlugin


class Sweeper(WorkerPlugin):
    """When a worker starts (a nanny restarting a killed one too), remove the temporary folders that dead
    processes left in its machine's temporary folder (a SIGKILL cannot clean up; its folders carry its pid)."""

    name = "l1l2-sweeper"

    def setup(self, worker) -> None:
        from .files import sweep_leftovers

        sweep_leftovers(tempfile.gettempdir())
