"""l1l2: the production side of l1l2-explainer — the CLI and everything that turns a scene into files.

``cli`` (the ``l1l2`` command) parses options once into ``job.RenderJob``s; ``render``
renders a job (``run`` runs manim, ``stills`` captures frames, ``formats`` is the table
of output kinds, ``encode`` transcodes, ``files`` names and writes outputs atomically,
``cache`` keys and records them); ``parallel`` renders several jobs in processes;
``storyboard``, ``lecture``, ``gallery`` and ``embed`` build on those. Scenes never
import this package.

The library API (what the CLI and the tests use) is importable from here:
``from l1l2 import render_video, render_still, timeline, solve, RenderSettings``.
"""

from __future__ import annotations

from importlib import import_module

_API = {
    "RenderSettings": "settings", "RenderJob": "job", "make_job": "job", "resolve": "job",
    "timeline": "run", "solve": "run", "Timeline": "run", "RenderError": "run",
    "render_video": "render", "render_job": "render", "RenderResult": "render",
    "render_still": "stills", "still_frames": "stills", "capture_scene": "stills",
    "render_storyboard": "storyboard", "render_lecture": "lecture", "load_lecture": "lecture",
    "write_gallery": "gallery", "output_path": "files", "variant_tag": "files",
}


def __getattr__(name: str):  # imported on first use: `l1l2 list` need not load manim
    if name in _API:
        return getattr(import_module(f"{__name__}.{_API[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_API)
