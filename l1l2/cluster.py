"""Scene jobs on a Dask cluster (``--scheduler tcp://HOST:8786``), with the cache, lock and guarantees of a local render.

The client (this process) checks its cache first: only jobs whose outputs are missing become tasks.
Each task runs on an ordinary ``dask worker`` (one thread: manim's config is per process) where this
project is installed. The worker first compares its source digest (every file of ``scenes/`` and
``mathcore/``, the cache key's ``source``) and library versions with the client's and refuses to
render with other code. It renders in a temporary folder of its own (named after its process, so a
later task on that machine sweeps what a killed worker left) and sends the files back; no shared
folder is needed. The client writes them beside their destinations and commits them exactly as a
local render does: under the stem's lock, renamed into place, with the manifest last.

Progress lines come back through Dask's event topics; the status board is the one ``-j`` shows.
Ctrl-C cancels every task and leaves every output unchanged or complete. Dask retries a task whose
worker died (``allowed-failures``), on another worker.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scenes.kit.params import ParamError

from .job import RenderJob
from .parallel import Outcome, StatusBoard
from .run import RenderError

TOPIC = "l1l2-progress"
INSTALL = "pip install '.[cluster]' (Dask distributed) in this project's folder"
CONNECT_SECONDS = 10
PROGRESS_EVERY = 0.5  # seconds between a worker's progress lines


class VersionMismatch(RuntimeError):
    """A worker whose installed project or libraries differ from the client's."""


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ParamError(f"--scheduler: needs Dask distributed, which is not installed: {INSTALL}") from None
    return distributed


def code_version() -> dict[str, Any]:
    """What a render's pixels depend on besides its job: the source digest and the library versions."""
    from . import cache

    return {"source": cache.source_digest(), "versions": cache.library_versions()}


def _worker_version(dask_worker=None) -> dict[str, Any]:  # runs on each worker (Client.run passes it)
    version = code_version()
    version["threads"] = dask_worker.state.nthreads if dask_worker is not None else 0
    return version


def _differs(client: dict[str, Any], worker: dict[str, Any]) -> str:
    if worker["source"] != client["source"]:
        return f"source {worker['source'][:12]}, the client's {client['source'][:12]}"
    for name, v in client["versions"].items():
        if worker["versions"].get(name) != v:
            return f"{name} {worker['versions'].get(name)}, the client's {v}"
    return ""


def connect(scheduler: str):
    """A Dask client of ``scheduler`` whose every worker runs this code with one thread; else one line."""
    distributed = _distributed()
    try:
        client = distributed.Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as err:
        raise ParamError(f"--scheduler: cannot reach the Dask scheduler at {scheduler}: {err}") from None
    try:
        mine = code_version()
        try:
            found = client.run(_worker_version)
        except Exception as err:  # noqa: BLE001 (a worker without this project, or gone)
            raise ParamError(f"--scheduler: a worker of {scheduler} cannot run this project's code "
                             f"({type(err).__name__}: {err}); install it there") from None
        if not found:
            raise ParamError(f"--scheduler: the scheduler at {scheduler} has no workers; start some with "
                             f"`dask worker {scheduler} --nthreads 1`")
        for address, theirs in found.items():
            if why := _differs(mine, theirs):
                raise ParamError(f"--scheduler: worker {address} has other code ({why}): install this "
                                 "checkout there, or stop that worker")
            if theirs["threads"] != 1:
                raise ParamError(f"--scheduler: worker {address} runs {theirs['threads']} threads; manim renders "
                                 "one scene per process: start it with `dask worker --nthreads 1`")
        from .cluster_worker import WorkerSetup

        client.register_plugin(WorkerSetup())
    except BaseException:
        client.close()
        raise
    return client


def remote_render(job: RenderJob, version: dict[str, Any]) -> dict[str, Any]:
    """On a worker: render ``job`` in a temporary folder and return its files and what the commit needs."""
    from distributed import get_worker

    from .files import sweep_leftovers, work_dir
    from .render import produce

    worker = get_worker()
    if why := _differs(version, code_version()):  # a worker that joined after the client checked
        raise VersionMismatch(f"worker {worker.address} has other code ({why})")
    sweep_leftovers(tempfile.gettempdir())  # what a killed worker on this machine left

    last = [0.0]

    def say(message: str) -> None:
        """A progress line to the client: at most a few a second (each is a message through the scheduler,
        and the worker's event loop shares the render's interpreter), every change of state at once."""
        now = time.monotonic()
        if "%" in message and now - last[0] < PROGRESS_EVERY:
            return
        last[0] = now
        with contextlib.suppress(Exception):
            worker.log_event(TOPIC, {"label": job.label, "message": message, "worker": worker.address})

    started = time.perf_counter()
    with work_dir("cluster") as tmp:
        out, work = Path(tmp) / "out", Path(tmp) / "work"
        work.mkdir(parents=True)
        produced, tl, frames = produce(job, out, work, say)
        files = {fmt: (path.name, path.read_bytes()) for fmt, path in produced.items()}
    return {"files": files, "timeline": tl.to_data(), "frames": frames,
            "seconds": time.perf_counter() - started, "worker": worker.address}


def render_on_cluster(jobs: list[RenderJob], out_dir: Path | str, scheduler: str,
                      write: Callable[[str], None] | None = None, coarse: bool = False) -> list[Outcome]:
    """Render ``jobs`` on the Dask cluster at ``scheduler``; every job's outcome, in the order given."""
    from .files import stem_lock, sweep_leftovers, work_dir
    from .render import RenderResult, cached_result, commit
    from .run import Timeline

    if any(job.voice for job in jobs):
        raise ParamError("--scheduler: narrated renders (--voice) run on this machine only for now: the "
                         "recordings are not sent to the workers")
    out = Path(out_dir)
    board = StatusBoard([j.label for j in jobs], write, coarse)
    outcomes: dict[str, Outcome] = {}
    todo = []
    for job in jobs:
        if (hit := cached_result(job, out)) is not None:
            board.update(job.label, f"{job.scene}: unchanged, cached")
            board.finish(job.label, True)
            outcomes[job.label] = Outcome(job, hit)
        else:
            todo.append(job)
    if not todo:
        return [outcomes[j.label] for j in jobs]
    distributed = _distributed()
    client = connect(scheduler)
    futures = {}
    try:
        client.subscribe_topic(TOPIC, lambda event: board.update(event[1]["label"], event[1]["message"]))
        version = code_version()
        # As many tasks in flight as the cluster has threads, the next one sent when one finishes: a task
        # sent ahead waits in a busy worker's queue while another worker may sit idle at the end.
        slots = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
        waiting = list(todo)

        def send(job: RenderJob):
            future = client.submit(remote_render, job, version, pure=False, key=f"l1l2-{job.label}-{os.getpid()}")
            futures[future] = job
            return future

        running = distributed.as_completed([send(waiting.pop(0)) for _ in range(min(slots, len(waiting)))])
        for future in running:
            if waiting:
                running.add(send(waiting.pop(0)))
            job = futures[future]
            try:
                data = future.result()
            except VersionMismatch as err:
                raise ParamError(f"--scheduler: {err}: install this checkout there, or stop that worker") from None
            except Exception as err:  # noqa: BLE001 (the scene failed; the others go on)
                board.finish(job.label, False)
                outcomes[job.label] = Outcome(job, None, f"{job.scene}: {type(err).__name__}: {err}")
                continue
            dest = out / job.scene
            dest.mkdir(parents=True, exist_ok=True)
            sweep_leftovers(dest)
            with stem_lock(out, job.scene, job.label, lambda m, label=job.label: board.update(label, m)), \
                    work_dir("render", beside=dest) as tmp:
                produced = {}
                for fmt, (name, content) in data["files"].items():
                    (Path(tmp) / name).write_bytes(content)
                    produced[fmt] = Path(tmp) / name
                tl = Timeline.from_data(data["timeline"])
                outputs = commit(job, out, produced, tl, data["frames"], data["seconds"])
            outcomes[job.label] = Outcome(job, RenderResult(job.scene, outputs, tl, data["seconds"], data["frames"],
                                                            {"worker": data["worker"]}))
            board.finish(job.label, True)
    except BaseException:
        client.cancel(list(futures))  # Ctrl-C, or a worker with other code: nothing more renders
        raise
    finally:
        with contextlib.suppress(Exception):
            client.unsubscribe_topic(TOPIC)
        client.close()
    missing = [j for j in jobs if j.label not in outcomes]
    if missing:
        raise RenderError(f"{missing[0].scene}: the cluster returned no result")
    return [outcomes[j.label] for j in jobs]
