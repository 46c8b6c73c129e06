"""``l1l2 studio``: a live preview in the browser, served from 127.0.0.1, with one warm worker.

The server (this module, no manim in it) answers the page and hands scene work to the worker process
(:mod:`l1l2.studio_worker`), which keeps manim, Typst and the scenes loaded. The page sends the form's
values; they are checked here by the same rules as ``--set`` (:func:`scenes.kit.params.convert`), and
a value that fails never reaches the worker. Stills are written where ``l1l2 still -o OUT/studio``
writes them, videos where ``l1l2 render -o OUT`` does; nothing is written outside ``OUT``.

A saved story file (``scenes/NAME.py``) is loaded again in the worker; a change to the kit or the math
(``scenes/kit/``, ``mathcore/``) starts a fresh worker. Either way the page is told and draws its still
again; a file that does not load is shown as one message with its line, and the worker stays up.

Only this machine is served: the socket listens on 127.0.0.1, a request whose ``Host`` is not this
server's own is refused (a web page elsewhere cannot reach it by DNS rebinding), and a POST must be JSON
from this origin (a form on another site cannot post here).
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import json
import math
import mimetypes
import os
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from scenes.kit.params import ParamError, ParamInfo, convert

from .settings import RenderSettings

HOST = "127.0.0.1"
EVENT_WAIT = 20.0  # seconds a long poll for events is held open
MAX_BODY = 64 * 1024


# -- the worker, seen from the server ---------------------------------------------------------------


class WorkerHandle:
    """A worker process: requests go to it one at a time; a worker that died is started again. The studio
    has two: one for stills, one for renders."""

    def __init__(self, out_dir: Path, on_start: Callable[[int], None] | None = None):
        self.out_dir = out_dir
        self.on_start = on_start or (lambda _pid: None)
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.process = None
        self.conn = None
        self.pid = 0

    def start(self) -> None:
        from .studio_worker import start

        self.process, self.conn = start(self.out_dir)
        ready = self.conn.recv()
        self.pid = int(ready["ready"])
        self.on_start(self.pid)

    def request(self, kind: str, payload: dict[str, Any] | None = None,
                progress: Callable[[str], None] | None = None) -> dict[str, Any]:
        with self.lock:
            if self.process is None or not self.process.is_alive():
                died = self.process is not None
                code = self.process.exitcode if died else None
                self.start()
                if died:
                    return {"error": f"the worker had stopped (exit code {code}); a new one is running: try again"}
            rid = next(self.ids)
            try:
                self.conn.send({"id": rid, "kind": kind, **(payload or {})})
                while True:
                    message = self.conn.recv()
                    if message.get("id") != rid:
                        continue
                    if "progress" in message:
                        if progress:
                            progress(message["progress"])
                        continue
                    return message
            except (EOFError, OSError, BrokenPipeError):
                code = self.process.exitcode if self.process else None
                self._drop()
                return {"error": f"the worker stopped (exit code {code}) during the request; "
                                 "a new one starts with the next"}

    def restart(self) -> None:
        with self.lock:
            self._drop()
            self.start()

    def _drop(self, busy: bool = False) -> None:
        """Stop the worker: an idle one leaves by itself when its pipe closes (so it exits normally and
        releases what it holds); a busy one (a render) is terminated, which stops the render cleanly."""
        process, conn = self.process, self.conn  # stop() may run beside a request's own clean-up
        self.process = self.conn = None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()
        if process is not None:
            if busy and process.is_alive():
                process.terminate()  # the worker exits as from a finished request (studio_worker.main)
            process.join(10)  # a bound: an idle worker is gone at once
            if process.is_alive():
                process.terminate()
                process.join(10)
                if process.is_alive():
                    process.kill()
            process.join()

    def stop(self) -> None:
        # no lock: a render may hold it; terminating the worker ends that request too
        self._drop(busy=self.lock.locked())


class Events:
    """What the page is told without asking: reloads, file errors, a render's progress and result."""

    def __init__(self):
        self.items: list[dict[str, Any]] = []
        self.cond = threading.Condition()

    def publish(self, event: dict[str, Any]) -> None:
        with self.cond:
            self.items.append({"seq": len(self.items) + 1, **event})
            self.cond.notify_all()

    def after(self, seq: int, wait: float) -> list[dict[str, Any]]:
        with self.cond:
            self.cond.wait_for(lambda: len(self.items) > seq, timeout=wait)
            return self.items[seq:]


# -- the studio ----------------------------------------------------------------------------------


class Studio:
    def __init__(self, out_dir: Path):
        self.out_dir = out_dir.resolve()
        self.events = Events()
        self.worker = WorkerHandle(self.out_dir)  # stills, timelines, the catalog
        # Renders get a worker of their own (started with the first), so that a still never waits for a
        # render; a saved file marks it stale, and the next render starts it afresh with the new code.
        self.render_worker = WorkerHandle(self.out_dir)
        self.render_stale = False
        self.catalog: list[dict[str, Any]] = []
        self.render_lock = threading.Lock()
        self.stop_watching = threading.Event()
        self.forwarded = 0  # requests forwarded to the worker (stills, timelines, renders)

    # the scenes, their beats and parameter specs, as the worker reports them
    def load_catalog(self) -> None:
        answer = self.worker.request("catalog")
        if "ok" in answer:
            self.catalog = answer["ok"]

    def scene(self, name: Any) -> dict[str, Any]:
        for entry in self.catalog:
            if entry["name"] == name:
                return entry
        raise ParamError(f"scene: unknown scene {name!r}; allowed: {', '.join(e['name'] for e in self.catalog)}")

    def checked(self, body: dict[str, Any], *, moment: bool) -> tuple[dict[str, Any], dict[str, str]]:
        """The request for the worker, and the errors by field (``""`` for the form as a whole): every value
        by the rules of ``--set``, the look by those of ``--quality``/``--theme``/``--aspect``."""
        errors: dict[str, str] = {}
        try:
            entry = self.scene(body.get("scene"))
        except ParamError as err:
            return {}, {"scene": str(err)}
        infos = {p["name"]: ParamInfo(**{k: tuple(v) if k == "choices" and v else v for k, v in p.items()
                                         if k in ParamInfo.__dataclass_fields__}) for p in entry["params"]}
        values = body.get("values") or {}
        if not isinstance(values, dict):
            return {}, {"": "values: must be an object of parameter names and values"}
        clean = {}
        for name, raw in values.items():
            if name not in infos:
                errors[name] = f"{name}: unknown parameter; allowed: {', '.join(infos)}"
                continue
            if not isinstance(raw, str | bool | int | float) or isinstance(raw, float) and not math.isfinite(raw):
                errors[name] = f"{name}: must be {infos[name].allowed}"
                continue
            try:
                convert(infos[name], raw)
                clean[name] = str(raw).lower() if isinstance(raw, bool) else str(raw)
            except ParamError as err:
                errors[name] = str(err)
        look = body.get("look") or {}
        try:
            settings = RenderSettings.from_look(look)
        except ParamError as err:
            errors[str(err).split(":", 1)[0]] = str(err)
            settings = None
        request: dict[str, Any] = {"scene": entry["name"], "values": clean}
        if settings is not None:
            request["look"] = {"quality": settings.quality, "theme": settings.theme, "aspect": settings.aspect,
                               "captions": settings.captions}
        if moment:
            beat, at = body.get("beat"), body.get("at")
            if beat is not None and at is not None:
                errors["beat"] = "beat/at: give one of them, not both"
            elif beat is not None:
                if beat not in entry["beats"]:
                    errors["beat"] = f"beat: unknown beat {beat!r}; allowed: {', '.join(entry['beats'])}"
                request["beat"] = beat
            elif at is not None:
                if isinstance(at, bool) or not isinstance(at, int | float) or not math.isfinite(at) or at < 0:
                    errors["at"] = "at: must be a finite number of seconds >= 0"
                request["at"] = at
        return request, errors

    def forward(self, kind: str, request: dict[str, Any], progress=None,
                worker: WorkerHandle | None = None) -> dict[str, Any]:
        """``request`` to ``worker`` (the stills' worker unless given), counted."""
        self.forwarded += 1
        return (worker or self.worker).request(kind, request, progress)

    # files saved while the studio runs
    def watch(self, folders: list[Path], stories: Path) -> None:
        import logging

        from watchfiles import watch

        logging.getLogger("watchfiles").setLevel(logging.WARNING)  # no "1 change detected" in the terminal
        for changes in watch(*folders, stop_event=self.stop_watching, debounce=150, step=40,
                             rust_timeout=1000, yield_on_timeout=False, raise_interrupt=False):
            paths = sorted({Path(p) for _change, p in changes if p.endswith(".py") or Path(p).suffix in (".csv",)})
            if not paths:
                continue
            try:
                self.reload(paths, stories)
            except (EOFError, OSError) as err:  # the studio stopping while a worker starts: nothing to say
                if self.stop_watching.is_set():
                    return
                self.events.publish({"kind": "file-error", "file": _shown(paths[0], stories.parent), "line": None,
                                     "error": f"the worker could not load it: {type(err).__name__}: {err}"})

    def reload(self, paths: list[Path], stories: Path) -> None:
        shown = ", ".join(_shown(p, stories.parent) for p in paths)
        if all(p.parent == stories and p.suffix == ".py" for p in paths):
            for path in paths:
                answer = self.worker.request("reload", {"path": str(path)})
                if "error" in answer:
                    self.events.publish({"kind": "file-error", "file": answer.get("file", _shown(path, stories.parent)),
                                         "line": answer.get("line"), "error": answer["error"]})
                    return
        else:  # the kit or the math: everything may depend on it, so a fresh worker imports it all
            self.worker.restart()
        self.render_stale = True
        self.load_catalog()
        self.events.publish({"kind": "reloaded", "files": shown})

    def render(self, request: dict[str, Any]) -> None:
        """One render at a time (the caller holds ``render_lock``), in the render worker."""
        try:
            if self.render_stale and self.render_worker.process is not None:
                self.render_worker.restart()  # files were saved since it loaded the scenes
            self.render_stale = False
            answer = self.forward("render", request, lambda m: self.events.publish({"kind": "progress", "message": m}),
                                  worker=self.render_worker)
            self.events.publish({"kind": "rendered", **answer})
        finally:
            self.render_lock.release()


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


# -- HTTP ---------------------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server_version = "l1l2-studio"
    studio: Studio
    page: bytes

    def log_message(self, *_args) -> None:  # no access log on the terminal
        pass

    def _origin_ok(self) -> bool:
        port = self.server.server_address[1]
        own = {f"{HOST}:{port}", f"localhost:{port}"}
        if self.headers.get("Host", "") not in own:
            return False
        origin = self.headers.get("Origin")
        return origin is None or origin in {f"http://{h}" for h in own}

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, value: Any) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if not self._origin_ok():
            return self._json(HTTPStatus.FORBIDDEN, {"error": "this studio answers only 127.0.0.1 on its own port"})
        url = urlsplit(self.path)
        studio = self.studio
        if url.path in ("/", "/index.html"):
            return self._send(HTTPStatus.OK, self.page, "text/html; charset=utf-8")
        if url.path == "/favicon.ico":  # asked for by every browser; there is none
            return self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        if url.path == "/api/catalog":
            return self._json(HTTPStatus.OK, studio.catalog)
        if url.path == "/api/status":
            return self._json(HTTPStatus.OK, {"worker": studio.worker.pid, "render_worker": studio.render_worker.pid,
                                              "forwarded": studio.forwarded,
                                              "out": str(studio.out_dir), "events": len(studio.events.items)})
        if url.path == "/api/events":
            after = parse_qs(url.query).get("after", ["0"])[0]
            seq = int(after) if after.isdigit() else 0
            return self._json(HTTPStatus.OK, studio.events.after(seq, EVENT_WAIT))
        if url.path.startswith("/files/"):
            return self._file(unquote(url.path[len("/files/"):]))
        return self._json(HTTPStatus.NOT_FOUND, {"error": f"no such page: {url.path}"})

    do_HEAD = do_GET

    def _file(self, rel: str) -> None:
        root = self.studio.out_dir
        try:
            path = (root / rel).resolve()
            path.relative_to(root)
        except (ValueError, OSError):
            return self._json(HTTPStatus.FORBIDDEN, {"error": "only files inside the output folder are served"})
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(root).parts):
            return self._json(HTTPStatus.NOT_FOUND, {"error": f"no such file: {rel}"})
        ctype = {".vtt": "text/vtt", ".mp4": "video/mp4", ".webm": "video/webm", ".png": "image/png"}.get(
            path.suffix, mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self._send(HTTPStatus.OK, path.read_bytes(), ctype)

    def do_POST(self) -> None:  # noqa: N802
        if not self._origin_ok():
            return self._json(HTTPStatus.FORBIDDEN, {"error": "this studio answers only 127.0.0.1 on its own port"})
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            return self._json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "send JSON"})
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            return self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": f"a request is at most {MAX_BODY} bytes"})
        try:
            body = json.loads(self.rfile.read(length))
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            return self._json(HTTPStatus.BAD_REQUEST, {"error": "the request is not a JSON object"})
        studio = self.studio
        kind = urlsplit(self.path).path.removeprefix("/api/")
        if kind not in ("still", "timeline", "render"):
            return self._json(HTTPStatus.NOT_FOUND, {"error": f"no such request: {kind}"})
        request, errors = studio.checked(body, moment=kind == "still")
        if errors:
            return self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"errors": errors})
        if kind == "render":
            if not studio.render_lock.acquire(blocking=False):
                return self._json(HTTPStatus.CONFLICT, {"error": "a render is running; wait for it to finish"})
            threading.Thread(target=studio.render, args=(request,), daemon=True).start()
            return self._json(HTTPStatus.ACCEPTED, {"started": True})
        started = time.perf_counter()
        answer = studio.forward(kind, request)
        if "ok" in answer:
            return self._json(HTTPStatus.OK, {**answer["ok"], "seconds": round(time.perf_counter() - started, 3)})
        field = answer.get("field")
        if field:
            return self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"errors": {field: answer["error"]}})
        return self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"errors": {"": answer["error"]},
                                                            "file": answer.get("file"), "line": answer.get("line")})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def handle_error(self, request, client_address) -> None:
        """A page closed or reloaded mid-answer is normal (a held event request, an image no longer
        wanted): nothing to say. Anything else is one line on stderr, never a traceback."""
        err = sys.exc_info()[1]
        if isinstance(err, ConnectionError):
            return
        print(f"studio: a request failed: {type(err).__name__}: {err}", file=sys.stderr)


def studio_page(theme: str = "dark") -> str:
    """The studio's page: the markup of ``web/studio.html`` with its style and script inlined."""
    from .web.page import script_asset, standalone_page

    return standalone_page("l1l2 studio", script_asset("studio.html"), theme=theme,
                           styles=script_asset("studio.css"), scripts=(script_asset("studio.js"),), server=True)


def package_folder(name: str) -> Path:
    """Where the package ``name`` is imported from (the watched folders are the scenes actually loaded)."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations
    return Path(list(spec.submodule_search_locations)[0]).resolve()


def serve(out_dir: Path | str = "renders", port: int = 0, *, open_browser: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Run the studio until interrupted (Ctrl-C, SIGTERM): the worker and the watcher stop with it."""
    out = Path(out_dir)
    studio = Studio(out)
    try:
        server = Server((HOST, port), type("BoundHandler", (Handler,), {"studio": studio,
                                                                          "page": studio_page().encode()}))
    except OSError as err:
        raise ParamError(f"--port: cannot listen on {HOST}:{port}: {err.strerror or err}") from None
    out.mkdir(parents=True, exist_ok=True)
    url = f"http://{HOST}:{server.server_address[1]}/"
    watcher = None
    try:
        studio.worker.start()
        studio.load_catalog()
        stories = package_folder("scenes")
        watcher = threading.Thread(target=studio.watch, args=([stories, package_folder("mathcore")], stories),
                                   daemon=True, name="l1l2-studio-watch")
        watcher.start()
        say(f"studio: {url}  (worker {studio.worker.pid}; Ctrl-C stops it)")
        sys.stdout.flush()
        if open_browser and _can_open_browser():
            import webbrowser

            webbrowser.open(url)
        server.serve_forever(poll_interval=0.25)
    finally:
        studio.stop_watching.set()
        server.server_close()
        if watcher is not None:
            watcher.join(15)  # a bound: it sees the stop within a second, or after the worker it is starting
        studio.worker.stop()
        studio.render_worker.stop()


def _can_open_browser() -> bool:
    """A graphical browser can open (on a server over SSH, ``webbrowser`` would start a text browser in
    the terminal the studio prints to)."""
    return sys.platform in ("darwin", "win32") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
