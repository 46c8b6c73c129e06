"""``l1l2 article`` (issue 25): a two-chapter article, read in Debian's Chromium. The prose is the captions'
plain text sentence for sentence (each formula read as its MathML's alttext), the stills are the video's frames
where the beats are complete, the clips play, the interactive page answers a key, nothing is requested outside
the folder, axe-core finds nothing in either theme, the print is a PDF with the stills and no cut text, the
one-file article is one request, and a chapter's reproduce command re-renders its clip byte for byte."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import shutil
import subprocess
import sys

import av
import numpy as np
import pytest
from browser_helpers import axe_violations, chromium_page
from PIL import Image

from l1l2 import RenderSettings
from l1l2.article import build_article
from l1l2.lecture import load_lecture
from l1l2.web.page import theme_css
from scenes.kit.captions import plain_text
from scenes.kit.layout import Layout

pytestmark = [pytest.mark.render, pytest.mark.xdist_group("article")]
SIZE = (320, 180)
SMALL = RenderSettings(quality="preview", pixel_size=SIZE, fps=5, theme="light", captions=False)
MINE = "A line of mine: $5, #str(1), <b>bold</b> & *not bold*"
TOML = f"""
[lecture]
title = "An <i>article</i> & test"
[[chapter]]
scene = "penalties"
[[chapter]]
scene = "shrink"
title = "Fate <script>alert(1)</script>"
[chapter.narration]
data = {json.dumps(MINE)}
"""


@pytest.fixture(scope="session")
def article(tmp_path_factory):
    out = tmp_path_factory.mktemp("article")
    (out / "l.toml").write_text(TOML, encoding="utf-8")
    lec = dataclasses.replace(load_lecture(out / "l.toml"), settings=SMALL)
    return out, lec, build_article(lec, out_dir=out)


def record(out, scene: str) -> dict:
    """The render's own manifest (its beats, captions and times), read from disk, not from the article."""
    [path] = [p for p in (out / scene).glob("*.json")]
    return json.loads(path.read_text(encoding="utf-8"))


def decode(path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(c.streams.video[0])]


PROSE = """(k) => Array.from(document.querySelectorAll(`#chapter-${k} .sentence`)).map(s => {
  const c = s.cloneNode(true);
  c.querySelectorAll("math").forEach(m => m.replaceWith(m.getAttribute("alttext")));
  return [s.dataset.beat, c.textContent.replace(/\\s+/g, " ").trim(), s.querySelectorAll("math").length,
          s.querySelectorAll("b, script, i").length];
})"""


def test_the_article_reads_as_the_captions_with_math_stills_and_headings_in_order(article):
    out, lec, res = article
    folder = (out / "article").as_uri() + "/"
    with chromium_page(900, 900) as page:
        page.goto(folder + "index.html")
        # user text is text: the title and a chapter title with markup, a narration line with Typst and HTML
        assert page.text_content("h1") == "An <i>article</i> & test"
        assert page.evaluate("document.querySelectorAll('h1 i, h2 script, h3 script').length") == 0
        assert "alert(1)" not in page.evaluate("Array.from(document.scripts).map(s => s.text).join()")
        # headings never skip a level; the contents link to every chapter
        levels = page.evaluate("Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])")
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
        links = page.evaluate("Array.from(document.querySelectorAll('nav.toc a')).map(a => a.hash)")
        assert links[:2] == ["#chapter-1", "#chapter-2"] and "#references" in links
        assert all(page.evaluate(f"!!document.getElementById({h[1:]!r})") for h in links)
        assert "Fate <script>alert(1)</script>" in page.text_content("#chapter-2-h")
        for k, scene in enumerate(("penalties", "shrink"), 1):
            beats = record(out, scene)["beats"]
            got = page.evaluate(PROSE, k)
            # sentence for sentence, in order: the prose is the captions track's text
            assert [g[0] for g in got] == [b["name"] for b in beats]
            for (beat, text, formulas, tags), b in zip(got, beats, strict=True):
                assert text == plain_text(b["caption"]), beat
                assert formulas == len(re.findall(r"(?<!\\)\$[^$]*\$", b["caption"])), beat  # each one MathML
                assert tags == 0, beat
        mine = page.evaluate(PROSE, 2)[0]
        assert mine[:2] == ["data", MINE] and mine[2:] == [0, 0]  # shown as written, nothing run or typeset
        # the stills: each a frame of the clip where its beat is complete, above the (empty) caption band
        stills = page.evaluate("Array.from(document.querySelectorAll('figure.still img')).map(i => "
                               "[i.getAttribute('src'), i.alt, i.naturalWidth, i.complete])")
    assert len(stills) == sum(len(c.stills) for c in res.chapters) >= 2
    rows = int(round((Layout(*SMALL.frame_units).height / 2 - Layout(*SMALL.frame_units).content.bottom)
                     / Layout(*SMALL.frame_units).height * SIZE[1]))
    for c in res.chapters:
        rec = record(out, c.scene)
        frames = decode(out / "article" / "assets" / c.clip["mp4"])
        by_beat = {b["name"]: b for b in rec["beats"]}
        for s in c.stills:
            src, alt, width, complete = next(x for x in stills if x[0] == f"assets/{s.file}")
            assert complete and width == SIZE[0] and alt == plain_text(by_beat[s.beat]["caption"])
            b = by_beat[s.beat]
            png = np.asarray(Image.open(out / "article" / "assets" / s.file).convert("RGB"))
            assert png.shape == (rows, SIZE[0], 3)
            # the still is the beat's built frame: the clip's last frame before the next beat, bit for bit
            ends = sorted(int(round(x["time"] * SMALL.frame_rate)) for x in rec["beats"] if x["time"] > b["time"])
            last = (ends[0] if ends else len(frames)) - 1
            assert (frames[last][:rows] == png).all(), (c.scene, s.beat)


def test_clips_play_the_interactive_answers_keys_nothing_leaves_and_axe_is_clean_in_both_themes(article):
    out, lec, res = article
    folder = (out / "article").as_uri() + "/"
    with chromium_page(900, 900) as page:
        page.goto(folder + "index.html")
        clips = page.evaluate("""Array.from(document.querySelectorAll('figure.clip video')).map(v => ({
            sources: Array.from(v.querySelectorAll('source')).map(s => s.type),
            track: v.querySelector('track[kind=captions]') !== null,
            poster: v.getAttribute('poster'), muted: v.muted, loop: v.loop, controls: v.controls}))""")
        assert len(clips) == 2
        for clip, c in zip(clips, res.chapters, strict=True):
            assert clip["sources"] == ["video/webm", "video/mp4"] and clip["track"]
            assert clip["poster"] == f"assets/{c.clip['poster']}" and clip["muted"] and clip["loop"] and clip["controls"]
        # a clip out of view shows its poster (not playing, at 0); scrolled into view it plays by itself
        before = page.evaluate("""async () => { const v = document.querySelectorAll('figure.clip video')[1];
            const before = [v.paused, v.currentTime]; v.scrollIntoView({block: 'center'});
            await new Promise(r => v.addEventListener('timeupdate', r, {once: true})); return before; }""")
        assert before == [True, 0]
        for k in range(2):  # each has a length and plays
            played = page.evaluate("""async (k) => { const v = document.querySelectorAll('figure.clip video')[k];
                v.scrollIntoView(); if (v.readyState < 1) await new Promise(r => v.addEventListener('loadedmetadata', r,
                {once: true})); const t0 = v.currentTime; await v.play();
                while (v.currentTime <= t0) await new Promise(r => v.addEventListener('timeupdate', r, {once: true}));
                return [v.duration, v.currentTime > t0]; }""", k)
            assert played[0] > 10 and played[1], played
        # the captions load from file:// (a <track> file would not: it is in the page) and are the render's cues
        for k, c in enumerate(res.chapters, 1):
            cues = page.evaluate("""async (k) => { const t = document.querySelectorAll('figure.clip track')[k - 1];
                t.track.mode = 'hidden'; if (t.readyState !== 2) await new Promise((ok, no) => {
                t.addEventListener('load', ok); t.addEventListener('error', no); });
                return Array.from(t.track.cues).map(q => q.text); }""", k)
            vtt = (out / "article" / "assets" / c.clip["vtt"]).read_text(encoding="utf-8")
            assert cues and all(q in vtt for q in cues) and len(cues) == vtt.count(" --> ")
        # the interactive page's frame is as tall as the page in it: no blank band, no scroll bar
        page.locator("#chapter-2 iframe").scroll_into_view_if_needed()
        inner = page.frame_locator("#chapter-2 iframe").locator("body").evaluate("b => b.getBoundingClientRect().height")
        # the page posts its height; the snippet's script sets it on the frame (wait for that, not for time)
        page.wait_for_selector(f'#chapter-2 iframe[style*="height: {math.ceil(inner)}px"]', timeout=10_000)
        outer = page.evaluate("document.querySelector('#chapter-2 iframe').getBoundingClientRect().height")
        assert abs(outer - inner) <= 1, (outer, inner)
        # the interactive page answers a key: λ one step up moves the readout
        frame = page.frame_locator("#chapter-2 iframe")
        slider = frame.get_by_role("slider", name="Penalty strength λ")
        before = frame.locator("#r-lam").get_attribute("data-value")
        slider.focus()
        page.keyboard.press("ArrowRight")
        assert frame.locator("#r-lam").get_attribute("data-value") != before
        assert page.console_errors == []
        assert all(url.startswith(folder) for url in page.requests), page.requests
        # nothing failed to load (Chromium aborts and re-issues a paused video's range requests: not a failure)
        assert all(why == "net::ERR_ABORTED" for why in page.failed.values()), page.failed
        assert axe_violations(page) == []
        # the dark theme's colours on the same page (the palette is all a theme changes in the page)
        page.add_style_tag(content=theme_css("dark"))
        assert axe_violations(page) == []


def test_the_print_is_a_pdf_with_the_stills_no_clips_and_nothing_cut_at_the_page_edges(article, tmp_path):
    out, lec, res = article
    printed = build_article(lec, out_dir=out, pdf=True, folder="printed")
    assert printed.rendered == [] and printed.pdf == out / "printed" / "article.pdf"
    listing = subprocess.run(["pdfimages", "-list", str(printed.pdf)], capture_output=True, text=True, check=True)
    images = [line.split() for line in listing.stdout.splitlines()[2:]]
    stills = [s for c in printed.chapters for s in c.stills]
    # the stills and nothing else: no clip, no poster, no frame of an interactive page
    assert len(images) == len(stills)
    shape = np.asarray(Image.open(out / "printed" / "assets" / stills[0].file)).shape
    assert all((int(i[3]), int(i[4])) == (shape[1], shape[0]) for i in images), images
    text = subprocess.run(["pdftotext", str(printed.pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for c in printed.chapters:
        assert c.title.split()[0] in flat
    assert "Tibshirani, R. (1996)" in flat and "In the web version of this article, a page you drive" in flat
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(printed.pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    margin = int(round(10 / 25.4 * 40))  # 10 mm at 40 dpi: inside the page's 16 mm margins nothing is drawn
    for path in pages:
        px = np.asarray(Image.open(path).convert("L"))
        edges = np.concatenate([px[:margin].ravel(), px[-margin:].ravel(), px[:, :margin].ravel(), px[:, -margin:].ravel()])
        assert edges.min() >= 250, path.name  # white: no text or picture runs off the paper


def test_one_file_is_one_request_with_its_clips_stills_and_interactive_inside(article):
    out, lec, res = article
    one = build_article(lec, out_dir=out, one_file=True, folder="one")
    assert one.rendered == [] and sorted(p.name for p in (out / "one").iterdir()) == ["article.json", "index.html"]
    with chromium_page(900, 900) as page:
        page.goto(one.index.as_uri())
        played = page.evaluate("""async () => { const v = document.querySelector('figure.clip video');
            const t0 = v.currentTime; await v.play();
            while (v.currentTime <= t0) await new Promise(r => v.addEventListener('timeupdate', r, {once: true}));
            return [v.duration, Array.from(v.querySelectorAll('source')).map(s => s.type)]; }""")
        assert played[0] > 10 and played[1] == ["video/mp4"]
        assert page.evaluate("Array.from(document.querySelectorAll('figure.still img')).every(i => i.naturalWidth > 0)")
        frame = page.frame_locator("#chapter-2 iframe")
        before = frame.locator("#r-lam").get_attribute("data-value")
        frame.get_by_role("slider", name="Penalty strength λ").focus()
        page.keyboard.press("End")
        assert frame.locator("#r-lam").get_attribute("data-value") != before
        assert page.console_errors == [] and page.requests == [one.index.as_uri()]


def test_the_cli_writes_the_article_and_its_reproduce_command_renders_the_same_clip(tmp_path):
    (tmp_path / "one.toml").write_text('[lecture]\ntitle = "One"\n[[chapter]]\nscene = "penalties"\n', encoding="utf-8")
    cli = [sys.executable, "-m", "l1l2"]
    done = subprocess.run([*cli, "article", "one.toml", "-q", "preview", "-o", "a", "--quiet"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "a" / "article" / "article.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "l1l2 article one.toml -q preview"
    [chapter] = manifest["chapters"]
    words = chapter["command"].split()
    assert words[:3] == ["l1l2", "render", "penalties"] and "--theme" in words and "light" in words
    again = subprocess.run([*cli, *words[1:], "-o", "b", "--quiet"], cwd=tmp_path, capture_output=True, text=True,
                           timeout=900)
    assert again.returncode == 0, again.stderr
    for fmt in ("mp4", "webm"):
        [clip] = (tmp_path / "b" / "penalties").glob(f"*.{fmt}")
        assert clip.read_bytes() == (tmp_path / "a" / "article" / "assets" / chapter["clip"][fmt]).read_bytes(), fmt
    # bad input: one line, exit 2, nothing written
    bad = subprocess.run([*cli, "article", "missing.toml", "-o", "c"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "missing.toml" in bad.stderr
    assert not (tmp_path / "c").exists()
    # the gallery links the article
    assert subprocess.run([*cli, "gallery", "-o", "a"], cwd=tmp_path, capture_output=True).returncode == 0
    assert '<a href="article/index.html">' in (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    # --pdf with no Chromium to print: one line saying how to get it, before anything is rendered
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}
    nopdf = subprocess.run([*cli, "article", "one.toml", "-q", "preview", "--pdf", "-o", "d"], cwd=tmp_path,
                           capture_output=True, text=True, env=env)
    assert nopdf.returncode == 2 and "apt-get install chromium" in nopdf.stderr, nopdf.stderr
    assert len(nopdf.stderr.strip().splitlines()) == 1 and not (tmp_path / "d").exists()
    assert shutil.which("chromium"), "make test installs chromium"
