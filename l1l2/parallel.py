"""Render several scenes in separate processes (``-j N``) with one progress display.

manim's config is one global per process, so each scene renders in its own
worker process (spawned, not forked: no manim state is shared). Each worker
writes its log, manim's output included, to ``<out>/.logs/<stem>.log``; the
log of a scene that failed is named in the summary. The parent shows one line
per update with every scene's state; a scene that fails does not stop the others.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import multiprocessing as mp
import os
import queue
import re
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from .job import RenderJob
from .render import RenderResult


@dataclasses.dataclass
class Outcome:
    job: RenderJob
    result: RenderResult | None
    error: str = ""
    log: Path | None = None


def log_path(out_dir: Path | str, job: RenderJob) -> Path:
    return Path(out_dir) / ".logs" / f"{job.label}.log"


_updates = None  # the parent's progress queue, handed to each worker process when it starts


def _init_worker(updates) -> None:
    """In each worker: keep the progress queue, and leave Ctrl-C to the parent. A terminal's Ctrl-C
    reaches the whole process group; the parent then stops the pool, which sends SIGTERM, and a
    render stops on SIGTERM the way it does on Ctrl-C: its temporary folders are removed."""
    global _updates
    _updates = updates
    # The parent started this process with SIGINT blocked (see _workers_started), so a Ctrl-C that
    # came while Python was still starting is pending, not raised; ignoring it first discards it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # manim's progress bars (tqdm) would create a multiprocessing lock: a named semaphore that a
    # stopped worker (os._exit) cannot release, which the resource tracker then reports as leaked.
    # One process needs no cross-process lock; a thread lock serves.
    import threading

    from tqdm import tqdm

    tqdm.set_lock(threading.RLock())


@contextlib.contextmanager
def _workers_started():
    """Start worker processes with SIGINT blocked. A terminal's Ctrl-C reaches the whole process group;
    a worker still starting (importing, unpickling its task) would otherwise die of it with a traceback
    on the terminal. The blocked mask survives the spawn's exec, so the signal waits in the worker until
    its initializer ignores it. The pool's own threads, started here, keep SIGINT blocked too (workers it
    starts later inherit that); only this, the main thread, takes it back: a Ctrl-C that came meanwhile
    is delivered right after, as KeyboardInterrupt, and stops the pool."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class _Log(io.TextIOBase):
    """A worker's log: a log that cannot be written (full disk) must not fail the render it describes."""

    def __init__(self, path: Path):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fh: io.TextIOBase | None = open(path, "w", buffering=1)  # noqa: SIM115 (lives with the process)
        except OSError:
            self._fh = None

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError, ValueError):
            if self._fh is not None:
                self._fh.write(text)
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            if self._fh is not None:
                self._fh.flush()

    def fileno(self) -> int:
        return self._fh.fileno() if self._fh is not None else os.open(os.devnull, os.O_WRONLY)


def _worker(job: RenderJob, out_dir: str) -> tuple[RenderResult | None, str]:
    """Runs in a child process: output to the job's log file, progress to the parent's queue."""
    updates = _updates
    log = _Log(log_path(out_dir, job))
    fd = log.fileno()
    os.dup2(fd, 1)  # what C libraries and subprocesses print goes to the log too
    os.dup2(fd, 2)
    sys.stdout = sys.stderr = log
    from .render import render_job
    from .run import RenderError, quiet_manim

    quiet_manim()
    started = time.perf_counter()

    def say(msg: str) -> None:
        print(msg)
        updates.put((job.label, msg))

    try:
        result = render_job(job, out_dir, progress=say)
        print(f"done in {time.perf_counter() - started:.1f} s")
        return result, ""
    except Exception as err:  # noqa: BLE001 (reported to the parent, others keep going)
        traceback.print_exc()
        return None, str(err) if isinstance(err, RenderError) else f"{job.scene}: {type(err).__name__}: {err}"
    except BaseException:  # stopped (SIGTERM from the parent): the render cleaned up on its way out
        traceback.print_exc()
        sys.stdout.flush()
        os._exit(1)  # not a normal exit: it would wait for manim's non-daemon encoder thread


class StatusBoard:
    """One status line for the whole run: each scene's percent done, then a time-left estimate."""

    PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")
    WAITING = re.compile(r"waiting for another render of it \(pid ([^)]*)\)")

    def __init__(self, labels: list[str], write: Callable[[str], None] | None, coarse: bool = False):
        self.coarse = coarse  # a log, not a terminal: only print when a scene moves by 10% or changes state
        self.last = ""
        self.state = {label: "queued" for label in labels}
        self.done = {label: 0.0 for label in labels}
        self.write = write
        self.start = time.perf_counter()

    def update(self, label: str, msg: str) -> None:
        m = self.PERCENT.search(msg)
        if m:
            pct = float(m.group(1))
            self.done[label] = pct / 100
            self.state[label] = f"{10 * int(pct // 10) if self.coarse else round(pct)}%"
        elif "cached" in msg:
            self.done[label], self.state[label] = 1.0, "cached"
        elif w := self.WAITING.search(msg):  # the stem's lock is held: say by whom, until it is ours
            self.state[label] = f"waiting for pid {w.group(1)}, which is rendering it"
        elif "encoding" in msg:
            self.state[label] = "encoding"
        self.show()

    def finish(self, label: str, ok: bool) -> None:
        if self.state[label] != "cached" or not ok:
            self.state[label] = "done" if ok else "FAILED"
        self.done[label] = 1.0
        self.show()

    def show(self) -> None:
        if not self.write:
            return
        line = " | ".join(f"{k.split('-')[0]} {v}" for k, v in self.state.items())
        if self.coarse and line == self.last:
            return
        self.last = line
        frac = sum(self.done.values()) / max(len(self.done), 1)
        elapsed = time.perf_counter() - self.start
        left = f", ~{elapsed * (1 - frac) / frac:.0f} s left" if 0.02 < frac < 1 else ""
        self.write(f"{line}  [{100 * frac:.0f}%{left}]")


def render_many(jobs: list[RenderJob], out_dir: Path | str, workers: int = 1,
                write: Callable[[str], None] | None = None, coarse: bool = False,
                scheduler: str | None = None) -> list[Outcome]:
    """Render ``jobs`` with ``workers`` processes, or on the Dask cluster at ``scheduler``
    (:mod:`l1l2.cluster`); every job's outcome, in the order given."""
    if scheduler:
        from .cluster import render_on_cluster

        return render_on_cluster(jobs, out_dir, scheduler, write, coarse)
    board = StatusBoard([j.label for j in jobs], write, coarse)
    if workers <= 1:
        return [_in_process(job, out_dir, board) for job in jobs]
    ctx = mp.get_context("spawn")
    updates = ctx.Queue()
    with _workers_started():
        pool = ctx.Pool(processes=min(workers, len(jobs)), initializer=_init_worker, initargs=(updates,))
    try:
        pending = [(job, pool.apply_async(_worker, (job, str(out_dir)))) for job in jobs]
        outcomes: dict[str, Outcome] = {}
        while len(outcomes) < len(jobs):
            try:
                label, msg = updates.get(timeout=0.2)
                board.update(label, msg)
            except queue.Empty:
                pass
            for job, handle in pending:
                if job.label not in outcomes and handle.ready():
                    try:
                        result, error = handle.get()
                    except Exception as err:  # noqa: BLE001 (the worker itself failed, not its render)
                        result, error = None, f"{job.scene}: {type(err).__name__}: {err}"
                    outcomes[job.label] = Outcome(job, result, error, log_path(out_dir, job))
                    board.finish(job.label, not error)
        pool.close()
    except BaseException:
        pool.terminate()  # SIGTERM: each worker's render removes its temporary folders and stops
        raise
    finally:
        pool.join()
        updates.close()
        updates.join_thread()
    return [outcomes[j.label] for j in jobs]


def _in_process(job: RenderJob, out_dir: Path | str, board: StatusBoard) -> Outcome:
    from .render import render_job
    from .run import RenderError

    try:
        result = render_job(job, out_dir, progress=lambda msg: board.update(job.label, msg))
    except RenderError as err:
        board.finish(job.label, False)
        return Outcome(job, None, str(err))
    board.finish(job.label, True)
    return Outcome(job, result)
