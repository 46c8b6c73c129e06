"""``l1l2 studio``: the live preview, driven in Debian's Chromium with real key and pointer events.

The studio runs as a real process on a copy of the project (so saving a scene file here edits the copy, never
the checkout other tests import), and is stopped at the end with no process left behind.
"""

from __future__ import annotations

import io
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from browser_helpers import axe_violations, chromium_page
from PIL import Image

pytestmark = [pytest.mark.render, pytest.mark.xdist_group("studio")]
ROOT = Path(__file__).resolve().parent.parent
BOUND = 120_000  # ms: how long a browser wait may last at most (it returns as soon as the page is there)


def _copy_project(dest: Path) -> Path:
    for package in ("l1l2", "scenes", "mathcore"):
        shutil.copytree(ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def _env(project: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}


def _first_line(proc: subprocess.Popen, bound: float = 180.0) -> str:
    """The studio's first line on stdout (it prints its address once it listens and its worker is up)."""
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(bound)  # a bound, not a wait: the line usually comes within a few seconds
    assert got and got[0], f"the studio printed no address; stderr: {proc.stderr.read() if proc.poll() is not None else ''}"
    return got[0]


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    """A running studio on a copy of the project: (base URL, the project copy, the output folder)."""
    tmp = tmp_path_factory.mktemp("studio")
    project = _copy_project(tmp / "project")
    out = tmp / "out"
    proc = subprocess.Popen([sys.executable, "-m", "l1l2", "studio", "--no-browser", "-o", str(out)],
                            cwd=tmp, env=_env(project), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = _first_line(proc)
        url = line.split()[1]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/"), line
        worker = _get(url + "api/status")["worker"]
        yield url, project, out, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # Ctrl-C
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
    err = proc.stderr.read()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and err.strip().endswith("studio: stopped"), err  # closed pages say nothing
    assert not _alive(worker), "the worker outlived the studio"
    assert not any(_alive(pid) for pid in RENDER_WORKERS), "the render worker outlived the studio"


RENDER_WORKERS: list[int] = []  # the render worker's pid, once a test in this process has started it


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in state


def _get(url: str, headers: dict[str, str] | None = None) -> dict:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=60) as res:
        return json.loads(res.read())


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as res:
            return res.status, json.loads(res.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def _shown_png(page) -> np.ndarray:
    src = page.get_attribute("#still", "src")
    data = page.evaluate("async (u) => { const b = await (await fetch(u)).arrayBuffer(); "
                         "return Array.from(new Uint8Array(b)); }", src)
    return np.asarray(Image.open(io.BytesIO(bytes(data))))


def _still_for(page, needle: str) -> None:
    """Wait until the still shown is the one for the current form and contains ``needle`` in its key."""
    page.wait_for_selector(f'#still:not(.stale)[data-key*={json.dumps(needle)}]', timeout=BOUND)


def test_a_changed_parameter_shows_the_new_still_which_is_l1l2_still_pixel_for_pixel(studio, tmp_path):
    url, project, out, _proc = studio
    with chromium_page(1400, 900) as page:
        page.goto(url + "#shrink")
        _still_for(page, '"beat":"data"')
        page.get_by_role("button", name="penalties", exact=True).click()
        _still_for(page, '"beat":"penalties"')
        before = _shown_png(page)
        page.click("#p-lam")
        page.keyboard.press("Control+A")
        page.keyboard.type("0.45")
        _still_for(page, '"lam":"0.45"')
        shown = _shown_png(page)
        command = page.text_content("#command")
        # -o: the studio's folder (not the default renders/), so the command uses and fills its cache
        assert command == f"l1l2 still shrink --beat penalties -q preview --set lam=0.45 -o {shlex.quote(str(out))}"
        assert not np.array_equal(shown, before)  # λ is drawn in this beat: the picture changed

        # the command, run as written, draws the same picture
        words = shlex.split(command)
        cli = tmp_path / "cli"
        done = subprocess.run([sys.executable, "-m", "l1l2", *words[1:], "-o", str(cli)], env=_env(project),
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        assert np.array_equal(np.asarray(Image.open(done.stdout.strip())), shown)

        # the scrubber: a time inside the sweep shows that frame
        page.wait_for_selector("#time:not([disabled])", timeout=BOUND)
        page.focus("#time")
        page.keyboard.press("End")
        _still_for(page, '"at":')
        assert page.text_content("#command").startswith("l1l2 still shrink --at ")
        assert page.get_attribute("#still", "src").startswith("/files/studio/shrink/")

        assert page.console_errors == []
        assert all(u.startswith(url) for u in page.requests), [u for u in page.requests if not u.startswith(url)]
        assert axe_violations(page) == []


def test_an_invalid_value_is_shown_beside_its_field_and_reaches_no_renderer(studio):
    url, _project, _out, _proc = studio
    with chromium_page(1400, 900) as page:
        page.goto(url + "#shrink")
        _still_for(page, '"beat":"data"')
        forwarded = _get(url + "api/status")["forwarded"]
        posts: list[str] = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        page.click("#p-n_points")
        page.keyboard.press("Control+A")
        page.keyboard.type("12.5")
        page.wait_for_selector("#p-n_points-error:not([hidden])", timeout=BOUND)
        assert page.text_content("#p-n_points-error") == "n_points: must be an integer >= 2 and <= 200, got '12.5'"
        assert page.get_attribute("#p-n_points", "aria-invalid") == "true"
        assert "stale" in page.get_attribute("#still", "class")
        assert posts == [] and _get(url + "api/status")["forwarded"] == forwarded

        # the server checks again: a request made without the page gets the same message, and no worker
        status, answer = _post(url + "api/still", json.dumps({"scene": "shrink", "values": {"n_points": "12.5"},
                                                              "beat": "data"}).encode(),
                               {"Content-Type": "application/json"})
        assert status == 422 and answer["errors"] == {"n_points": "n_points: must be an integer >= 2 and <= 200, "
                                                                   "got '12.5'"}
        assert _get(url + "api/status")["forwarded"] == forwarded

        # a value each of whose fields is fine but that the scene's math refuses: its message, beside its field
        page.click("#p-n_points")
        page.keyboard.press("Control+A")
        page.keyboard.type("11")
        page.click("#p-lam_max")
        page.keyboard.press("Control+A")
        page.keyboard.type("0.3")
        page.wait_for_selector("#p-lam_max-error:not([hidden])", timeout=BOUND)
        assert page.text_content("#p-lam_max-error").startswith("lam_max:")
        page.click("#p-lam_max")
        page.keyboard.press("Control+A")
        page.keyboard.type("1")
        _still_for(page, '"lam_max":"1"')
        assert page.is_hidden("#p-lam_max-error")


def test_only_this_machine_and_this_page_are_answered(studio):
    url, _project, out, _proc = studio
    port = url.rstrip("/").rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1:1"):
        with pytest.raises(urllib.error.HTTPError) as err:
            _get(url + "api/status", {"Host": host})
        assert err.value.code == 403
    body = json.dumps({"scene": "shrink", "values": {}, "beat": "data"}).encode()
    assert _post(url + "api/still", body, {"Content-Type": "application/json",
                                           "Origin": "http://evil.example"})[0] == 403
    assert _post(url + "api/still", b"scene=shrink", {"Content-Type": "application/x-www-form-urlencoded"})[0] == 415
    (out.parent / "secret.txt").write_text("outside the output folder")
    for path in ("files/../secret.txt", "files/%2e%2e/secret.txt", "files/.cache/timelines"):
        with pytest.raises(urllib.error.HTTPError) as err:
            _get(url + path)
        assert err.value.code in (403, 404), path


def test_render_gives_the_video_and_its_embed_snippet(studio):
    url, _project, out, _proc = studio
    with chromium_page(1400, 900) as page:
        page.goto(url + "#budget")
        _still_for(page, '"scene":"budget"')
        page.click("#render")
        page.wait_for_function("() => document.getElementById('progress').value > 0", timeout=600_000)
        # while it renders, another beat's still is drawn (the render has a worker of its own)
        page.get_by_role("button", name="to_zero", exact=True).click()
        _still_for(page, '"beat":"to_zero"')
        assert page.is_hidden("#render-result"), "the still waited for the render"
        status = _get(url + "api/status")
        assert status["render_worker"] not in (0, status["worker"])
        RENDER_WORKERS.append(status["render_worker"])
        page.wait_for_selector("#render-result:not([hidden])", timeout=600_000)
        src = page.get_attribute("#video", "src")
        assert src.startswith("/files/budget/budget-preview.mp4")
        assert (out / "budget" / "budget-preview.mp4").is_file() and (out / "budget" / "budget-preview.json").is_file()
        assert "<video" in page.input_value("#embed")
        assert page.text_content("#render-command") == f"l1l2 render budget -q preview --poster -o {shlex.quote(str(out))}"
        duration = page.evaluate("() => new Promise((ok) => { const v = document.getElementById('video'); "
                                 "if (v.readyState >= 1) ok(v.duration); else v.onloadedmetadata = () => ok(v.duration); })")
        assert duration > 20
        assert page.console_errors == []
    with chromium_page(1400, 900) as page:  # a page opened later starts clean: old events are not replayed
        page.goto(url + "#shrink")
        _still_for(page, '"scene":"shrink"')
        assert page.is_hidden("#render-result") and page.text_content("#render-status") == ""


def test_a_saved_scene_file_shows_at_once_and_a_broken_one_says_where(studio):
    url, project, _out, _proc = studio
    story = project / "scenes" / "shrink.py"
    original = story.read_text(encoding="utf-8")
    worker = _get(url + "api/status")["worker"]
    with chromium_page(1400, 900) as page:
        page.goto(url + "#shrink")
        _still_for(page, '"beat":"data"')
        first = _shown_png(page)
        digest = page.get_attribute("#still", "src")
        try:
            lines = original.splitlines()
            broken = "\n".join(lines + ["def broken(:", ""])
            story.write_text(broken, encoding="utf-8")
            page.wait_for_selector("#file-error:not([hidden])", timeout=BOUND)
            assert page.text_content("#file-error").startswith(f"scenes/shrink.py, line {len(lines) + 1}: SyntaxError")
            assert _get(url + "api/status")["worker"] == worker  # the worker survived it

            # fixed, and changed: the caption of the first beat says something else
            assert "Data from" in original
            story.write_text(original.replace("Data from", "Points from", 1), encoding="utf-8")
            page.wait_for_selector("#file-error[hidden]", state="attached", timeout=BOUND)
            page.wait_for_selector(f'#still:not(.stale):not([src="{digest}"])', timeout=BOUND)
            assert not np.array_equal(_shown_png(page), first)

            # a scene that raises while it runs: the message and the line of the scene file
            anchor = '        self.beat("data", '
            assert original.count(anchor) == 1
            line = original[:original.index(anchor)].count("\n") + 1  # the raise takes the beat's line
            story.write_text(original.replace(anchor, "        raise RuntimeError('not yet')\n" + anchor),
                             encoding="utf-8")
            page.wait_for_selector("#file-error:not([hidden])", timeout=BOUND)
            assert page.text_content("#file-error") == f"scenes/shrink.py, line {line}: RuntimeError: not yet"
        finally:
            story.write_text(original, encoding="utf-8")
        page.wait_for_selector(f'#still:not(.stale)[src="{digest}"]', timeout=BOUND)  # back as it was
        assert np.array_equal(_shown_png(page), first)
        assert page.is_hidden("#file-error")

        # the math changed: a fresh worker (the scenes may all depend on it), and the still again
        before = _get(url + "api/status")
        math = project / "mathcore" / "penalized.py"
        math.write_text(math.read_text(encoding="utf-8") + "\n# saved again\n", encoding="utf-8")
        deadline = time.monotonic() + BOUND / 1000  # a bound: the new worker is up within a few seconds
        while (now := _get(url + "api/status"))["worker"] == before["worker"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert now["worker"] not in (before["worker"], 0) and not _alive(before["worker"])
        while _get(url + "api/status")["forwarded"] == now["forwarded"] and time.monotonic() < deadline:
            time.sleep(0.05)  # the page asks the new worker for its still (it was told of the reload)
        page.wait_for_selector("#still:not(.stale)", timeout=BOUND)
        assert np.array_equal(_shown_png(page), first)  # a comment: the same picture, drawn by the new worker


def test_bad_studio_options_exit_2_with_one_line(tmp_path):
    for args, says in ((["--port", "http"], "--port: must be a whole number from 0 (any free port) to 65535"),
                       (["--port", "70000"], "--port: must be a whole number")):
        done = subprocess.run([sys.executable, "-m", "l1l2", "studio", "--no-browser", "-o", str(tmp_path / "o"),
                               *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and says in done.stderr, done.stderr
        assert not (tmp_path / "o").exists()


def test_the_studio_keeps_only_its_newest_stills_with_their_records(tmp_path):
    """Every value and scrubber position is a still in OUT/studio/: the oldest go, with their cache records,
    so the folder stops growing; the still being shown is never removed."""
    from l1l2.cache import still_record
    from l1l2.studio_worker import prune_stills

    folder = tmp_path / "studio"
    pngs = []
    for k in range(6):
        png = folder / ("shrink" if k % 2 else "budget") / f"still-{k}.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes(b"png")
        os.utime(png, ns=(10**18 + k * 10**9, 10**18 + k * 10**9))  # k = 5 is the newest
        record = still_record(folder, png)
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text("{}")
        pngs.append(png)
    gone = prune_stills(folder, keep=3, spare=pngs[0])  # the oldest is the one shown: it stays
    assert sorted(gone) == sorted(pngs[1:3])
    assert [p.exists() for p in pngs] == [True, False, False, True, True, True]
    assert [still_record(folder, p).exists() for p in pngs] == [True, False, False, True, True, True]
