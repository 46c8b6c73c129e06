"""Scene jobs on a Dask cluster (``--scheduler tcp://HOST:8786``), with the cache, lock and guarantees of a local render.

The client (this process) checks its cache first: only jobs whose outputs are missing become tasks.
Each task runs on an ordinary ``dask worker`` (one thread: manim's config is per process) where this
project is installed. The worker first compares its source digest (every file of ``scenes/`` and
``mathcore/``, the cache key's ``source``) and library versions with the client's and refuses to
render with other code. It renders in a temporary folder of its own (named after its process, so a
later task on that machine sweeps what a killed worker left) and sends the files back; no shared
folder is needed. The client writes them beside their destinations and commits them exactly as a
local render does: under the stem's lock, renamed into place, with the manifest last. Narrated jobs
(``--voice``) send their recordings' bytes with the task (checked against the digests the job was made
with); the worker writes them into its temporary folder.

Progress lines come back through Dask's event topics; the status board is the one ``-j`` shows.
Ctrl-C cancels every task and leaves every output unchanged or complete. Dask retries a task whose
worker died (``allowed-failures``), on another worker.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import tempfile
import time
import warnings
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


def voice_payload(job: RenderJob) -> tuple[tuple[str, str, bytes], ...]:
    """The job's recordings as ``(beat, suffix, content)`` to send with its task (workers share no folder
    with the client), each checked against the digest the job was made with: a recording replaced since
    it was checked would narrate the video with a sound its manifest does not name."""
    from .voice import VoiceError

    payload = []
    for rec in job.voice:
        content = rec.path.read_bytes()
        if hashlib.sha256(content).hexdigest() != rec.digest:
            raise VoiceError(f"voice: {rec.path}: changed while the render was starting; run it again")
        payload.append((rec.beat, rec.path.suffix, content))
    return tuple(payload)


def _with_local_voice(job: RenderJob, payload: tuple[tuple[str, str, bytes], ...], folder: Path) -> RenderJob:
    """``job`` with its recordings written into ``folder`` on this worker (same beats, same digests)."""
    if not job.voice:
        return job
    folder.mkdir(parents=True)
    files = {}
    for beat, suffix, content in payload:
        files[beat] = folder / f"{beat}{suffix}"
        files[beat].write_bytes(content)
    return dataclasses.replace(job, voice=tuple(dataclasses.replace(r, path=files[r.beat]) for r in job.voice))


def remote_render(job: RenderJob, version: dict[str, Any], voice: tuple[tuple[str, str, bytes], ...] = ()
                  ) -> dict[str, Any]:
    """On a worker: render ``job`` in a temporary folder and return its files and what the commit needs.
    ``voice``: its recordings' bytes (:func:`voice_payload`)."""
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
        produced, tl, frames = produce(_with_local_voice(job, voice, Path(tmp) / "voice"), out, work, say)
        files = {fmt: (path.name, path.read_bytes()) for fmt, path in produced.items()}
    return {"files": files, "timeline": tl.to_data(), "frames": frames,
            "seconds": time.perf_counter() - started, "worker": worker.address}


def render_on_cluster(jobs: list[RenderJob], out_dir: Path | str, scheduler: str,
                      write: Callable[[str], None] | None = None, coarse: bool = False) -> list[Outcome]:
    """Render ``jobs`` on the Dask cluster at ``scheduler``; every job's outcome, in the order given."""
    from .files import stem_lock, sweep_leftovers, work_dir
    from .render import RenderResult, cached_result, commit
    from .run import Timeline

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
            # The recordings travel inside the task, not scattered to one worker: a retried task (its worker
            # died) must still have them. Dask warns of tasks over 10 MB; a narrated scene's are expected.
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Sending large graph")
                future = client.submit(remote_render, job, version, voice_payload(job), pure=False,
                                       key=f"l1l2-{job.label}-{os.getpid()}")
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
