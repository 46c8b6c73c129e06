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
import time
from pathlib import Path

import pytest
from audio_helpers import write_tone
from hold_helpers import HANG

from l1l2 import RenderSettings, render_video
from l1l2.gallery import write_gallery
from l1l2.lecture import load_lecture, render_lecture

pytestmark = [pytest.mark.render, pytest.mark.xdist_group("gallery")]
NARRATED, TONE_SECONDS = "l1_drop", 2.0  # the lecture's one recording: a 330 Hz tone on bites' second beat
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
  // Headless Chromium's virtual time races ahead of media playback, which runs on the real clock. A
  // request the server holds open pauses virtual time: "hold" until "release" (or 30 s) while the
  // lecture seeks, however loaded the machine is; "wait" for one real second while it plays.
  fetch("hold");
  Promise.all(states).then(r => listen(doc.querySelector("section[id^=lecture] video"))).then(sound => {
    document.getElementById("result").textContent = JSON.stringify({videos: states_done, sound,
      snippets: doc.querySelectorAll("pre[id^=snippet]").length, clips: doc.querySelectorAll(".clip").length});
  });
  Promise.all(states).then(r => { states_done = r; });
});
let states_done = null;
// Play the lecture from the narrated beat, unmuted, and measure what reaches the speakers' input:
// the decoded audio bytes and the loudest sample an analyser sees while it plays.
function listen(video) {
  const at = Number(new URLSearchParams(location.search).get("t") || 0);
  return new Promise(resolve => {
    const ctx = new video.ownerDocument.defaultView.AudioContext();
    const analyser = ctx.createAnalyser();
    ctx.createMediaElementSource(video).connect(analyser);
    analyser.connect(ctx.destination);
    const buf = new Float32Array(analyser.fftSize);
    let peak = 0;
    const poll = () => {  // on media events: timers stand still while virtual time is paused
      analyser.getFloatTimeDomainData(buf);
      for (const x of buf) peak = Math.max(peak, Math.abs(x));
    };
    video.addEventListener("timeupdate", poll);
    const finish = () => { poll(); video.removeEventListener("timeupdate", poll); video.pause();
      resolve({muted: video.muted, peak, decoded: video.webkitAudioDecodedByteCount, from: at,
               time: video.currentTime, state: ctx.state}); };
    video.muted = false;
    video.currentTime = at;
    video.addEventListener("seeked", () => {
      fetch("release").then(() => ctx.resume()).then(() => video.play()).then(() => fetch("wait")).then(finish)
        .catch(e => resolve({error: String(e)}));
    }, {once: true});
  });
}
</script></body></html>
"""


# session, not module: xdist interleaves other files' tests on this worker, and pytest tears a module
# fixture down whenever the next test is in another file (it rendered twice)
@pytest.fixture(scope="session")
def gallery_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("gallery")
    render_video("bites", settings=MICRO, out_dir=out, formats=("webm", "mp4", "gif"), poster=True)
    render_video("penalties", settings=MICRO, out_dir=out, formats=("webm", "mp4"))
    (out / "l.toml").write_text('[lecture]\ncard_seconds = 1.0\n[[chapter]]\nscene = "bites"\n')
    import dataclasses

    write_tone(out / "voice" / "bites" / f"{NARRATED}.wav", TONE_SECONDS, freq=330.0)
    lecture = dataclasses.replace(load_lecture(out / "l.toml"), settings=MICRO)
    result = render_lecture(lecture, out_dir=out, voice=str(out / "voice"))
    write_gallery(out)
    return out, result


def test_page_lists_every_clip_with_command_and_snippet(gallery_dir):
    gallery_dir, _ = gallery_dir
    page = (gallery_dir / "index.html").read_text()
    assert page.count('class="clip"') == 4  # two clips, the lecture's narrated chapter, the lecture
    assert "l1l2 render bites -q preview --format webm,mp4,gif --poster" in page
    assert 'src="bites/bites-preview.webm"' in page and 'poster="bites/bites-preview.poster.png"' in page
    assert 'kind="captions"' in page and 'kind="chapters"' in page
    assert '<video controls playsinline preload="metadata"' in page  # the narrated lecture is not muted
    assert "--voice DIR" in page and "lecture-voice-preview.mp4" in page


def _narrated_cue(result) -> tuple[float, float]:
    from scenes.kit.captions import plain_text
    from scenes.kit.registry import get_spec

    text = plain_text(get_spec("bites").beats[NARRATED])
    (cue,) = [c for c in result.cues if c[2].split()[:3] == text.split()[:3]]
    return cue[0], cue[1]


def test_the_lecture_track_sounds_only_inside_the_narrated_cue(gallery_dir):
    _, result = gallery_dir
    import av
    import numpy as np

    with av.open(str(result.outputs["mp4"])) as c:
        assert [s.codec_context.name for s in c.streams.audio] == ["aac"]
        a = np.concatenate([f.to_ndarray().reshape(-1) for f in c.decode(audio=0)])
    rate = 48_000
    start, end = _narrated_cue(result)
    assert end - start >= TONE_SECONDS
    loud = np.abs(a) > 0.01
    first, last = np.flatnonzero(loud)[[0, -1]] / rate
    assert abs(first - start) < 0.03 and abs(last - (start + TONE_SECONDS)) < 0.05
    assert abs(len(a) / rate - result.duration) <= 1 / MICRO.frame_rate


def test_chromium_loads_every_video_and_plays_the_lecture_with_sound(gallery_dir):
    gallery_dir, lecture = gallery_dir
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Debian's chromium package is missing: run `make test` (it installs it with apt-get)"
    (gallery_dir / "check.html").write_text(HARNESS)
    released = threading.Event()

    class Handler(http.server.SimpleHTTPRequestHandler):
        """Static files with byte ranges (as any web server serves video: a player seeks with them)."""

        def do_GET(self):  # noqa: N802 (http.server's name)
            if self.path.startswith(("/hold", "/release", "/wait")):  # see the harness: virtual time held
                if self.path.startswith("/hold"):
                    released.wait(timeout=30)  # virtual time resumes by itself after this, as before
                elif self.path.startswith("/release"):
                    released.set()
                else:
                    time.sleep(1.0)
                self.send_response(204)
                self.end_headers()
                return
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
            path = Path(self.translate_path(self.path))
            if not m or not path.is_file():
                return super().do_GET()
            data = path.read_bytes()
            start, end = int(m.group(1)), int(m.group(2) or len(data) - 1)
            end = min(end, len(data) - 1)
            self.send_response(206)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
            self.send_header("Content-Length", str(end - start + 1))
            self.end_headers()
            self.wfile.write(data[start:end + 1])

        def log_message(self, *args, **kwargs):
            pass

    handler = functools.partial(Handler, directory=str(gallery_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/check.html?t={_narrated_cue(lecture)[0] + 0.3:.2f}"
        proc = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--mute-audio",
                               "--autoplay-policy=no-user-gesture-required", "--enable-logging=stderr", "--v=0",
                               "--virtual-time-budget=20000", "--dump-dom", url],
                              capture_output=True, text=True, timeout=HANG)
    finally:
        server.shutdown()
    m = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout, re.S)
    assert m, proc.stderr[-2000:]
    result = json.loads(m.group(1).replace("&quot;", '"'))
    assert result["clips"] == 4 and result["snippets"] == 3
    videos = result["videos"]
    assert len(videos) == 4
    for v in videos:
        assert v["ok"] and v["duration"] > 0, v
    assert any(v["src"].endswith(".webm") for v in videos)
    sound = result["sound"]
    # it played unmuted for about a second, decoding audio, and the analyser heard the tone
    assert not sound["muted"] and sound["time"] > sound["from"] + 0.3, sound
    assert sound["decoded"] > 1000 and sound["peak"] > 0.05, sound
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
