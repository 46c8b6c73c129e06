"""A test seam, not part of the tool: tests that stop a render put this folder first on PYTHONPATH, so
every Python process they start (the CLI and its ``-j`` worker processes) imports it at start-up.

With ``L1L2_HOLD_DIR`` set, the render of a scene whose class name contains ``L1L2_HOLD_SCENE`` (any
scene if unset) holds inside its third animation, after frames have been drawn and encoded: it writes
``<L1L2_HOLD_DIR>/<pid>`` and waits there until a signal stops it. A test waits for that file (an event,
not a time), sends its signal, and so always interrupts a render in the middle, however busy the machine.

With ``L1L2_HOLD_STARTUP`` set, a ``-j`` worker process holds at start-up instead (and renders don't hold), before the worker
initializer runs: it writes ``<L1L2_HOLD_DIR>/start-<pid>`` and waits for ``<L1L2_HOLD_DIR>/go``. That is
the window where a terminal's Ctrl-C used to reach a worker that had not yet chosen to ignore it.
"""

import importlib.abc
import importlib.util
import os
import sys
import time

HOLD_DIR = os.environ.get("L1L2_HOLD_DIR")


def _announce(name: str) -> None:
    path = os.path.join(HOLD_DIR, name)
    with open(path + ".tmp", "w") as fh:
        fh.write(str(os.getpid()))
    os.replace(path + ".tmp", path)  # the file appears whole


def _hold_in_play(scene_module) -> None:
    real = scene_module.Scene.play
    calls = {}

    def play(self, *args, **kwargs):
        real(self, *args, **kwargs)
        wanted = os.environ.get("L1L2_HOLD_SCENE", "")
        if wanted not in type(self).__name__ or getattr(self.renderer, "skip_animations", False):
            return
        calls[id(self)] = calls.get(id(self), 0) + 1
        if calls[id(self)] == 3:
            _announce(str(os.getpid()))
            while True:  # until a stop signal raises here
                time.sleep(0.01)

    scene_module.Scene.play = play


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs ``then(module)`` right after ``name`` is first imported."""

    def __init__(self, name, then):
        self.name, self.then = name, then

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        loader, then = spec.loader, self.then

        class Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                then(module)

        spec.loader = Loader()
        return spec


if HOLD_DIR and os.environ.get("L1L2_HOLD_STARTUP"):
    if "--multiprocessing-fork" in sys.argv:
        _announce(f"start-{os.getpid()}")
        while not os.path.exists(os.path.join(HOLD_DIR, "go")):
            time.sleep(0.01)
elif HOLD_DIR:
    sys.meta_path.insert(0, _AfterImport("manim.scene.scene", _hold_in_play))
