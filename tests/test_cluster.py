"""``--scheduler``: scene jobs on a real Dask cluster on this machine (a scheduler and two ``dask worker``
processes, each in its own folder with its own temporary folder, standing for machines that share none)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from l1l2 import RenderSettings, make_job, render_job
from l1l2.cluster import render_on_cluster
from scenes.kit.params import ParamError

pytestmark = [pytest.mark.render, pytest.mark.xdist_group("cluster")]
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
TINY = RenderSettings(quality="preview", pixel_size=(160, 90), fps=6)
BOUND = 180.0  # seconds a wait may last at most (each returns as soon as its event comes)


def _start(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(cmd, cwd=cwd, env={**os.environ, "TMPDIR": str(cwd), **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=(cwd / "log.txt").open("w"), start_new_session=True)


def _worker(address: str, folder: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return _start([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard",
                   "--local-directory", str(folder)], folder, env)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait(check, what: str) -> None:
    deadline = time.monotonic() + BOUND
    while not check():
        assert time.monotonic() < deadline, f"waited {BOUND:.0f} s for {what}"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(scheduler address, a client of it, the workers' folders, their processes)."""
    from distributed import Client

    tmp = tmp_path_factory.mktemp("cluster")
    file = tmp / "scheduler.json"
    scheduler = _start([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                        "--scheduler-file", str(file)], tmp / "scheduler")
    procs = [scheduler]
    try:
        _wait(lambda: file.is_file() and file.stat().st_size > 0, "the scheduler's address")
        address = json.loads(file.read_text())["address"]
        folders = [tmp / "w1", tmp / "w2"]
        procs += [_worker(address, f) for f in folders]
        client = Client(address, timeout=60, set_as_default=False)
        client.wait_for_workers(2, timeout=BOUND)
        yield address, client, folders, procs
        client.close()
    finally:
        for proc in reversed(procs):
            _stop(proc)


def _leftovers(*folders: Path) -> list[Path]:
    return [p for f in folders for p in f.rglob("*") if p.name.startswith((".l1l2-", "l1l2-")) or ".partial-" in p.name]


def test_three_scenes_on_two_workers_are_the_local_renders(cluster, tmp_path):
    address, client, folders, _procs = cluster
    jobs = [make_job(name, settings=TINY, formats=("mp4", "webm"), poster=True) for name in ("penalties", "budget",
                                                                                              "bites")]
    seen: list[str] = []
    outcomes = render_on_cluster(jobs, tmp_path / "cluster", address, write=seen.append)
    assert all(o.result is not None for o in outcomes), [o.error for o in outcomes]
    workers = {o.result.extra["worker"] for o in outcomes}
    assert len(workers) == 2  # both machines worked
    assert any("%" in line for line in seen)  # progress came back from the workers
    for job, outcome in zip(jobs, outcomes, strict=True):
        local = render_job(job, tmp_path / "local")  # the same bytes, whatever this process rendered before
        assert set(outcome.result.outputs) == set(local.outputs)
        for fmt, path in outcome.result.outputs.items():
            assert path.read_bytes() == local.outputs[fmt].read_bytes(), (job.scene, fmt)
        manifest = json.loads((tmp_path / "cluster" / job.scene / f"{job.label}.json").read_text())
        assert manifest["key"] == json.loads((tmp_path / "local" / job.scene / f"{job.label}.json").read_text())["key"]
    # the cache is the client's: again, nothing becomes a task
    before = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.task_groups))
    again = render_on_cluster(jobs, tmp_path / "cluster", address)
    assert all(o.result.extra.get("cached") for o in again)
    assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.task_groups)) == before
    assert _leftovers(tmp_path, *folders) == []


def test_a_narrated_scene_sends_its_recordings_and_is_the_local_render(cluster, tmp_path):
    from audio_helpers import write_tone

    from l1l2.narration import voiced_jobs

    address, _client, folders, _procs = cluster
    voice = tmp_path / "voice"  # on the client only: the workers' folders have no such path
    write_tone(voice / "budget" / "setup.wav", 1.5)
    write_tone(voice / "budget" / "to_zero.wav", 2.0, freq=660.0)
    (job,) = voiced_jobs([make_job("budget", settings=TINY)], str(voice), tmp_path / "cluster", print)
    assert [r.beat for r in job.voice] == ["setup", "to_zero"]
    (outcome,) = render_on_cluster([job], tmp_path / "cluster", address)
    assert outcome.result is not None, outcome.error
    local = render_job(job, tmp_path / "local")
    assert outcome.result.outputs["mp4"].read_bytes() == local.outputs["mp4"].read_bytes()  # sound and all
    manifest = json.loads((tmp_path / "cluster" / "budget" / f"{job.label}.json").read_text())
    assert manifest["voice"]["beats"]["setup"]["file"] == str(voice / "budget" / "setup.wav")

    # a recording replaced after the job was checked: one line, nothing sent, nothing written
    write_tone(voice / "budget" / "setup.wav", 1.0)
    with pytest.raises(ParamError, match=r"^voice: .*setup\.wav: changed while the render was starting"):
        render_on_cluster([job], tmp_path / "again", address)
    assert not (tmp_path / "again").exists()
    assert _leftovers(tmp_path, *folders) == []


def test_a_worker_killed_mid_render_is_retried_on_the_other_and_leaves_nothing(cluster, tmp_path):
    address, client, folders, _procs = cluster
    job = make_job("shrink", settings=RenderSettings(quality="preview", pixel_size=(320, 180), fps=10))
    pids = client.run(os.getpid)
    killed: list[str] = []

    def kill_the_renderer() -> None:
        def rendering() -> str | None:
            busy = {w: keys for w, keys in client.processing().items() if keys}
            return next(iter(busy), None)

        _wait(lambda: rendering() is not None, "the task to start")
        worker = rendering()
        _wait(lambda: any(_leftovers(f) for f in folders), "the render's temporary folder")  # mid-render
        os.kill(pids[worker], signal.SIGKILL)
        killed.append(worker)

    killer = threading.Thread(target=kill_the_renderer, daemon=True)
    killer.start()
    (outcome,) = render_on_cluster([job], tmp_path / "out", address)
    killer.join(BOUND)
    assert killed and outcome.result is not None, outcome.error
    local = render_job(job, tmp_path / "local")
    assert outcome.result.outputs["mp4"].read_bytes() == local.outputs["mp4"].read_bytes()
    client.wait_for_workers(2, timeout=BOUND)  # the nanny started the killed one again, which swept its folder
    _wait(lambda: not _leftovers(tmp_path, *folders), "the killed worker's folder to be swept")


def test_unreachable_scheduler_other_code_and_no_dask_are_one_line(cluster, tmp_path):
    address, client, _folders, _procs = cluster
    job = make_job("budget", settings=TINY)
    with pytest.raises(ParamError, match=r"^--scheduler: cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        render_on_cluster([job], tmp_path / "a", "tcp://127.0.0.1:9")

    # a worker whose project differs (one file of mathcore changed) is named, with both versions
    other = tmp_path / "other"
    for package in ("l1l2", "scenes", "mathcore"):
        shutil.copytree(ROOT / package, other / package, ignore=shutil.ignore_patterns("__pycache__"))
    math = other / "mathcore" / "penalized.py"
    math.write_text(math.read_text(encoding="utf-8") + "\n# another version\n", encoding="utf-8")
    stranger = _worker(address, tmp_path / "w3", {"PYTHONPATH": str(other)})
    try:
        client.wait_for_workers(3, timeout=BOUND)
        with pytest.raises(ParamError, match=r"^--scheduler: worker tcp://127\.0\.0\.1:\d+ has other code \(source "
                                             r"[0-9a-f]{12}, the client's [0-9a-f]{12}\)"):
            render_on_cluster([job], tmp_path / "b", address)
    finally:
        _stop(stranger)
    _wait(lambda: len(client.scheduler_info()["workers"]) == 2, "the other worker to leave")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()

    # without Dask installed: exit 2 and how to install it
    fake = tmp_path / "nodask"
    (fake / "distributed").mkdir(parents=True)
    (fake / "distributed" / "__init__.py").write_text("raise ImportError('no module named distributed')\n")
    done = subprocess.run([str(BIN / "l1l2"), "render", "budget", "-q", "preview", "--scheduler", address,
                           "-o", str(tmp_path / "c")], env={**os.environ, "PYTHONPATH": str(fake)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "pip install '.[cluster]'" in done.stderr and not (tmp_path / "c").exists()


def test_ctrl_c_cancels_the_tasks_and_changes_no_output(cluster, tmp_path):
    address, client, _folders, _procs = cluster
    out = tmp_path / "out"
    proc = subprocess.Popen([str(BIN / "l1l2"), "render", "shrink", "-q", "preview", "--scheduler", address,
                             "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(lambda: proc.stderr.read(1), "")), daemon=True)
    reader.start()
    _wait(lambda: "%" in "".join(lines), "the first progress line from the worker")
    proc.send_signal(signal.SIGINT)
    proc.wait(BOUND)
    reader.join(10)
    assert proc.returncode == 130, "".join(lines)
    assert "".join(lines).rstrip().splitlines()[-1].startswith("l1l2: interrupted (SIGINT): no output was changed")
    _wait(lambda: not any(client.processing().values()), "the cluster's task to be cancelled")
    assert not (out / "shrink").exists() or not list((out / "shrink").glob("*.mp4"))
