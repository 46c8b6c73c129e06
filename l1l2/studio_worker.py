"""The studio's warm worker: one process that keeps manim, Typst and the scenes loaded and answers requests.

:mod:`l1l2.studio` (the web server) starts it with :func:`start` and talks to it through a pipe, one
request at a time: ``catalog`` (the scenes, their beats and parameter specs), ``still``, ``timeline``,
``render`` (with progress messages on the way) and ``reload`` (a story file saved). Every answer is a
dict: ``{"ok": …}``, or ``{"error": one line, "field": a parameter or None, "file"/"line": where in a
scene file}``. No exception leaves the loop: a scene that fails to import or to run is an answer, and
the worker goes on with the next request (the last good version of the file stays loaded).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

STILLS_FOLDER = "studio"  # the studio's stills go to OUT/studio/<scene>/ (videos to OUT/<scene>/, as l1l2 render)
MAX_STILLS = 300  # the newest stills kept there (each value and scrubber position is one); older ones go


def prune_stills(folder: Path, keep: int = MAX_STILLS, spare: Path | None = None) -> list[Path]:
    """Remove all but the ``keep`` newest stills under ``folder/<scene>/`` (by modification time), each
    with its cache record, never ``spare`` (the still just shown); returns the PNGs removed."""
    from .cache import still_record

    pngs = sorted(folder.glob("*/*.png"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    gone = [png for png in pngs[keep:] if png != spare]
    for png in gone:
        png.unlink(missing_ok=True)
        still_record(folder, png).unlink(missing_ok=True)
    return gone


def start(out_dir: Path) -> tuple[multiprocessing.Process, Any]:
    """A new worker for ``out_dir`` and the parent's end of its pipe (it sends ``{"ready": pid}`` first)."""
    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of the server's state
    parent, child = ctx.Pipe()
    process = ctx.Process(target=main, args=(child, str(out_dir)), daemon=True, name="l1l2-studio-worker")
    process.start()
    child.close()
    return process, parent


def main(conn, out_dir: str) -> None:
    """The worker's loop: answer each request until the pipe closes (the server stopped)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the terminal is the server's to handle
    signal.signal(signal.SIGTERM, _leave)  # the server stopping a busy worker: unwind, clean up, exit
    try:
        worker = Worker(Path(out_dir))
        conn.send({"ready": os.getpid()})
        while True:
            request = conn.recv()
            rid = request.get("id")

            def progress(message: str, rid=rid) -> None:
                conn.send({"id": rid, "progress": message})

            conn.send({"id": rid, **worker.answer(request, progress)})
    except (EOFError, OSError, SystemExit):  # the pipe closed, or the server said stop: leave normally
        return


def _leave(_signum, _frame) -> None:
    raise SystemExit(0)


class Worker:
    def __init__(self, out_dir: Path):
        from .run import quiet_manim

        quiet_manim()
        self.out_dir = out_dir
        self.broken: dict[str, dict[str, Any]] = {}  # story module → the error its last save raised
        self.stills = 0  # still and timeline requests that reached a scene (the tests count them)
        self._warm()

    def _warm(self) -> None:
        """Load what every still needs: manim, the scenes, Typst and its fonts."""
        from scenes.kit.registry import all_specs
        from scenes.kit.typeset import formula

        all_specs()
        formula("lambda |w|")

    # -- requests ---------------------------------------------------------------------------------

    def answer(self, request: dict[str, Any], progress) -> dict[str, Any]:
        from scenes.kit.params import ParamError

        from .run import RenderError

        kind = request.get("kind")
        handler = {"catalog": self.catalog, "still": self.still, "timeline": self.timeline,
                   "render": self.render, "reload": self.reload, "status": self.status}.get(kind)
        if handler is None:
            return {"error": f"unknown request {kind!r}"}
        try:
            return {"ok": handler(request, progress)}
        except SceneFileError as err:
            return dict(err.where)
        except ParamError as err:
            return {"error": str(err), "field": _field_of(str(err), request)}
        except RenderError as err:
            return {"error": str(err), **scene_frame(err.__cause__ or err)}
        except KeyboardInterrupt:  # a render stopped by SIGTERM (its own handler): the server is stopping
            raise SystemExit(0) from None
        except Exception as err:  # a scene's own bug: one line, with where it is in the scene file
            return {"error": f"{type(err).__name__}: {err}", **scene_frame(err)}

    def status(self, _request, _progress) -> dict[str, Any]:
        return {"pid": os.getpid(), "stills": self.stills, "broken": sorted(self.broken)}

    def catalog(self, _request, _progress) -> list[dict[str, Any]]:
        from scenes.kit.params import describe
        from scenes.kit.registry import all_specs

        from .settings import QUALITIES

        return [{"name": s.name, "description": s.description, "chapter": s.chapter, "beats": list(s.beats),
                 "params": [_jsonable(i.as_dict()) for i in describe(s.params_class)],
                 "qualities": list(QUALITIES)} for s in all_specs()]

    def _job(self, request: dict[str, Any]):
        from .job import RenderJob, checked_numbers, resolve
        from .settings import RenderSettings

        scene = str(request.get("scene", ""))
        spec, params = resolve(scene, dict(request.get("values") or {}))
        if (module := spec.scene_class.__module__) in self.broken:
            raise SceneFileError(self.broken[module])
        checked_numbers(spec, params)
        look = request.get("look") or {}
        return RenderJob(scene, params, RenderSettings.from_look(look))

    def still(self, request: dict[str, Any], _progress) -> dict[str, Any]:
        from .files import file_digest
        from .run import cached_timeline
        from .stills import render_still, still_command

        job = self._job(request)
        beat = request.get("beat")
        at = request.get("at")
        at = None if at is None else float(at)
        folder = self.out_dir / STILLS_FOLDER
        self.stills += 1
        png = render_still(job.scene, beat=beat, at=at, params=job.params, settings=job.settings, out_dir=folder)
        png.touch()  # a cache hit is as new as a still just drawn: pruning keeps what is being looked at
        prune_stills(folder, spare=png)
        tl = cached_timeline(job, folder)
        return {"png": png.relative_to(self.out_dir).as_posix(), "digest": file_digest(png)[:16],
                "command": self._output_words(still_command(job, beat, at)),
                "timeline": _timeline(tl, job) if tl else None}

    def _output_words(self, command: str) -> str:
        """``command`` with ``-o DIR`` when the studio's output folder is not the default ``renders/``, so
        that the command run as shown uses (and fills) the studio's folder and its cache."""
        import shlex

        if self.out_dir.resolve() == Path("renders").resolve():
            return command
        return f"{command} {shlex.join(['-o', str(self.out_dir)])}"

    def timeline(self, request: dict[str, Any], _progress) -> dict[str, Any]:
        from .run import job_timeline

        job = self._job(request)
        self.stills += 1
        return _timeline(job_timeline(job, self.out_dir / STILLS_FOLDER), job)

    def render(self, request: dict[str, Any], progress) -> dict[str, Any]:
        import dataclasses

        from .render import render_job, reproduce_command

        job = dataclasses.replace(self._job(request), formats=("mp4",), poster=True)
        result = render_job(job, self.out_dir, progress)
        outputs = {fmt: path.relative_to(self.out_dir).as_posix() for fmt, path in result.outputs.items()}
        embed = result.outputs.get("embed")
        return {"outputs": outputs, "embed": embed.read_text(encoding="utf-8") if embed else "",
                "command": self._output_words(reproduce_command(job)), "seconds": round(result.seconds, 2),
                "cached": bool(result.extra.get("cached"))}

    def reload(self, request: dict[str, Any], _progress) -> dict[str, Any]:
        """Load the saved story file ``request["path"]`` again (its scene's class is replaced in the
        registry). A file that does not compile or run keeps its last good version loaded and is
        reported until a save loads."""
        from scenes.kit.registry import STORIES_PACKAGE

        from . import cache

        path = Path(request["path"])
        module = f"{STORIES_PACKAGE}.{path.stem}"
        cache.source_digest.cache_clear()  # the cache keys must see the new file
        try:
            if module in sys.modules:
                importlib.reload(sys.modules[module])
            elif path.is_file():
                importlib.import_module(module)
        except Exception as err:  # SyntaxError included: the message says where
            self.broken[module] = {"error": f"{type(err).__name__}: {_message(err)}", **scene_frame(err, path)}
            raise SceneFileError(self.broken[module]) from None
        self.broken.pop(module, None)
        return {"module": module}


class SceneFileError(Exception):
    """A story file that does not load: its error, file and line, as the worker reports them."""

    def __init__(self, where: dict[str, Any]):
        super().__init__(where["error"])
        self.where = where


def _message(err: BaseException) -> str:
    return err.msg if isinstance(err, SyntaxError) and err.msg else str(err)


def scene_frame(err: BaseException, path: Path | None = None) -> dict[str, Any]:
    """Where in a scene file ``err`` happened: ``{"file": "scenes/x.py", "line": n}`` (a syntax error's own
    line, else the deepest frame of the traceback inside ``scenes/`` or ``mathcore/``), or ``{}``."""
    if isinstance(err, SceneFileError):
        return {k: v for k, v in err.where.items() if k != "error"}
    from scenes.kit.registry import STORIES_DIR

    root = STORIES_DIR.parent
    if isinstance(err, SyntaxError) and err.filename:
        return {"file": _shown(Path(err.filename), root), "line": err.lineno}
    inside = [f for f in traceback.extract_tb(err.__traceback__)
              if _within(Path(f.filename), root / "scenes") or _within(Path(f.filename), root / "mathcore")]
    if inside:
        return {"file": _shown(Path(inside[-1].filename), root), "line": inside[-1].lineno}
    return {"file": _shown(path, root)} if path else {}


def _within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _field_of(message: str, request: dict[str, Any]) -> str | None:
    """The parameter a ParamError names (its messages start with ``name:``), if the scene has it."""
    from scenes.kit.params import describe
    from scenes.kit.registry import get_spec

    try:
        names = {i.name for i in describe(get_spec(str(request.get("scene", ""))).params_class)}
    except KeyError:
        return None
    head = message.split(":", 1)[0].strip()
    return {"--beat": "beat", "--at": "at"}.get(head, head if head in names else None)


def _timeline(tl, job) -> dict[str, Any]:
    return {"beats": [{"name": b.name, "time": round(b.time, 6)} for b in tl.beats],
            "duration": round(tl.duration, 6), "fps": job.settings.frame_rate}


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}
