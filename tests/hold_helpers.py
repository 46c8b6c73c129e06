"""Stopping a render at a known point: start the CLI with tests/hold/sitecustomize.py on its path, wait for
the render to announce that it is holding (a file appears), then signal it. No test here waits for a
time: a busy machine only makes the wait longer. (The one bound, HANG, only turns a hung process into a
failure instead of a stuck suite.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HOLD = Path(__file__).parent / "hold"
L1L2 = Path(sys.executable).parent / "l1l2"
HANG = 1200  # seconds: far beyond any render these tests start, on any machine


def _as_a_terminal_starts_it() -> None:
    """A shell starts a foreground command with Ctrl-C's default action, whatever the test runner set for
    itself (an ignored SIGINT would be inherited, and would hide what a terminal's Ctrl-C does)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class HeldRun:
    """``l1l2 ARGS`` whose render of a scene with ``scene`` in its class name (any, if empty) holds in
    its third animation; with ``startup``, each ``-j`` worker holds while it starts instead. ``group``
    gives the CLI its own process group, so a test can signal it and its workers as a terminal does.
    Its stderr is drained as it comes, so the CLI never blocks on a full pipe."""

    def __init__(self, args: list[str], tmp_path: Path, *, scene: str = "", startup: bool = False,
                 group: bool = False, env: dict | None = None):
        self.holds = tmp_path / "holds"
        self.holds.mkdir()
        env = {**os.environ, **(env or {}), "L1L2_HOLD_DIR": str(self.holds), "L1L2_HOLD_SCENE": scene,
               "PYTHONPATH": os.pathsep.join(p for p in (str(HOLD), os.environ.get("PYTHONPATH", "")) if p)}
        if startup:
            env["L1L2_HOLD_STARTUP"] = "1"
        self.group = group
        self.proc = subprocess.Popen([str(L1L2), *args], cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                                     env=env, start_new_session=group, preexec_fn=_as_a_terminal_starts_it)
        self._err: list[str] = []
        self._drain = threading.Thread(target=lambda: self._err.extend(self.proc.stderr), daemon=True)
        self._drain.start()

    def wait_for_holds(self, count: int = 1, prefix: str = "") -> list[int]:
        """The pids of the first ``count`` processes holding; fails with the CLI's stderr if it exits first."""
        while True:
            found = [p for p in self.holds.iterdir() if p.name.startswith(prefix) and p.name != "go"
                     and not p.name.endswith(".tmp") and (prefix or not p.name.startswith("start-"))]
            if len(found) >= count:
                return [int(p.read_text()) for p in found]
            if self.proc.poll() is not None:
                self._drain.join()
                raise AssertionError(f"l1l2 exited ({self.proc.returncode}) before {count} held:\n{self.stderr}")
            time.sleep(0.02)

    def signal(self, sig: int) -> None:
        """Send ``sig`` to the CLI, or to its whole process group (as a terminal does) if started with one."""
        if self.group:
            os.killpg(self.proc.pid, sig)
        else:
            self.proc.send_signal(sig)

    def release_startup(self) -> None:
        (self.holds / "go").write_text("")

    def finish(self) -> tuple[int, str]:
        """Wait for the CLI to exit: its exit code and everything it wrote to stderr."""
        try:
            self.proc.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL) if self.group else self.proc.kill()
            raise AssertionError(f"l1l2 hung after the signal:\n{self.stderr}") from None
        finally:
            if self.group:  # no worker may outlive the test
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self._drain.join()
        return self.proc.returncode, self.stderr

    @property
    def stderr(self) -> str:
        return "".join(self._err)
