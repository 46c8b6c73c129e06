"""The gallery page in a real browser: Debian's headless Chromium loads every video, no console errors.

Chromium comes from Debian's ``chromium`` package (``make test`` installs it); the page is served
on localhost and checked through a small harness page that reads the gallery in an iframe.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading

import pytest

from l1l2 import RenderSettings, render_video
from l1l2.gallery import write_gallery
from l1l2.lecture import load_lecture, render_lecture

pytestmark = [pytest.mark.render, pytest.mark.xdist_group("gallery")]
MICRO = RenderSettings(quality="preview", pixel_size=(192, 108), fps=5)
HARNESS = """<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
<iframe id="g" src="index.html" width="1200" height="900"></iframe>
<pre id="result">pending</pre>
<script>
const frame = document.getElementById("g");
frame.addEventListener("load", () => {
  const doc = frame.contentDocument;
  const videos = [...doc.querySelectorAll("video")];
  const states = videos.map(v => new Promise(resolve => {
    const done = ok => resolve({src: v.currentSrc, ok, duration: v.duration, error: v.error && v.error.code});
    if (v.readyState >= 1) { done(true); return; }
    v.addEventListener("loadedmetadata", () => done(true), {once: true});
    v.addEventListener("error", () => done(false), {once: true});
    for (const s of v.querySelectorAll("source")) s.addEventListener("error", () => {}, {once: true});
    setTimeout(() => done(false), 8000);
  }));
  Promise.all(states).then(r => {
    document.getElementById("result").textContent = JSON.stringify({videos: r,
      snippets: doc.querySelectorAll("pre[id^=snippet]").length, clips: doc.querySelectorAll(".clip").length});
  });
});
</script></body></html>
"""


@pytest.fixture(scope="module")
def gallery_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("gallery")
    render_video("bites", settings=MICRO, out_dir=out, formats=("webm", "mp4", "gif"), poster=True)
    render_video("penalties", settings=MICRO, out_dir=out, formats=("webm", "mp4"))
    (out / "l.toml").write_text('[lecture]\ncard_seconds = 1.0\n[[chapter]]\nscene = "bites"\n')
    import dataclasses

    lecture = dataclasses.replace(load_lecture(out / "l.toml"), settings=MICRO)
    render_lecture(lecture, out_dir=out)
    write_gallery(out)
    return out


def test_page_lists_every_clip_with_command_and_snippet(gallery_dir):
    page = (gallery_dir / "index.html").read_text()
    assert page.count('class="clip"') == 3  # two clips and the lecture
    assert "l1l2 render bites -q preview --format webm,mp4,gif --poster" in page
    assert 'src="bites/bites-preview.webm"' in page and 'poster="bites/bites-preview.poster.png"' in page
    assert 'kind="captions"' in page and 'kind="chapters"' in page


def test_chromium_loads_every_video_without_console_errors(gallery_dir):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Debian's chromium package is missing: run `make test` (it installs it with apt-get)"
    (gallery_dir / "check.html").write_text(HARNESS)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(gallery_dir))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/check.html"
        proc = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--mute-audio",
                               "--autoplay-policy=no-user-gesture-required", "--enable-logging=stderr", "--v=0",
                               "--virtual-time-budget=20000", "--dump-dom", url],
                              capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    m = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout, re.S)
    assert m, proc.stderr[-2000:]
    result = json.loads(m.group(1).replace("&quot;", '"'))
    assert result["clips"] == 3 and result["snippets"] == 2
    videos = result["videos"]
    assert len(videos) == 3
    for v in videos:
        assert v["ok"] and v["duration"] > 0, v
    assert any(v["src"].endswith(".webm") for v in videos)
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
