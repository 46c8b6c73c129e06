"""``l1l2 gallery``: ``renders/index.html``, every rendered clip playing with its command, parameters
and a copy-ready embed snippet (read from the manifests the renders wrote), and the lecture with its
captions and chapters when one was rendered."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

from .cache import read_manifest
from .embed import embed_snippet
from .files import atomic_write_text
from .formats import FORMATS

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>l1l2-explainer gallery</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem;
       background: #fafafa; color: #1f2328; }}
h1 {{ margin-bottom: 0.2rem; }}
.clip {{ background: #fff; border: 1px solid #e3e6ea; border-radius: 10px; padding: 1rem 1.2rem;
         margin: 1.4rem 0; }}
.clip h2 {{ margin: 0 0 0.2rem; font-size: 1.2rem; }}
.clip video, .clip img {{ display: block; margin: 0.6rem 0; border-radius: 6px; background: #0e1116; }}
pre {{ background: #f3f4f6; padding: 0.6rem 0.8rem; border-radius: 6px; overflow-x: auto; font-size: 13px; }}
table {{ border-collapse: collapse; font-size: 14px; }}
td {{ padding: 0.1rem 0.8rem 0.1rem 0; }}
button {{ font-size: 13px; }}
.muted {{ color: #59616b; }}
</style>
</head>
<body>
<h1>l1l2-explainer gallery</h1>
<p class="muted">{count} clip(s) and {interactive_count} interactive(s) in {folder}. Regenerate with
<code>l1l2 gallery</code>.</p>
{lecture}
{interactives}
{clips}
<script>
for (const button of document.querySelectorAll("button[data-copy]")) {{
  button.addEventListener("click", () => {{
    const text = document.getElementById(button.dataset.copy).textContent;
    if (navigator.clipboard) {{ navigator.clipboard.writeText(text).catch(() => {{}}); }}
    button.textContent = "Copied";
  }});
}}
</script>
</body>
</html>
"""


def _clip_html(data: dict, folder: Path, out_dir: Path, k: int) -> str:
    esc = html.escape
    outputs = {fmt: folder / name for fmt, name in data["outputs"].items() if (folder / name).exists()}
    prefix = os.path.relpath(folder, out_dir).replace(os.sep, "/") + "/"
    voiced = bool((data.get("voice") or {}).get("beats"))
    player = embed_snippet(outputs, tuple(data["size"]), alt=f"{data['scene']}: {data['description']}",
                           prefix=prefix, sound=voiced)
    snippet = outputs["embed"].read_text() if "embed" in outputs else player
    params = "".join(f"<tr><td><code>{esc(k)}</code></td><td>{esc(json.dumps(v))}</td></tr>"
                     for k, v in data["params"].items())
    files = ", ".join(f'<a href="{esc(prefix + p.name)}">{esc(fmt)}</a>' for fmt, p in outputs.items())
    s = data["settings"]
    return f"""<section class="clip" id="{esc(data['stem'])}">
<h2>{esc(data['scene'])} <span class="muted">· {esc(s['quality'])}, {esc(s['aspect'])}, {esc(s['theme'])}
· {data['duration']:.1f} s{" · narrated" if voiced else ""}</span></h2>
<p class="muted">{esc(data['description'])}</p>
{player}
<p>Command:</p><pre>{esc(data.get('command') or 'l1l2 render ' + data['scene'])}</pre>
<details><summary>Parameters</summary><table>{params}</table></details>
<p>Embed snippet (paths relative to the clip's folder) <button data-copy="snippet-{k}">Copy</button></p>
<pre id="snippet-{k}">{esc(snippet)}</pre>
<p class="muted">Files: {files}</p>
</section>"""


def _lecture_html(out_dir: Path) -> str:
    esc = html.escape
    blocks = []
    for mp4 in sorted((out_dir / "lecture").glob("lecture-*.mp4")):
        stem = mp4.stem
        tracks = ""
        vtt, chapters = mp4.with_suffix(".vtt"), mp4.with_name(f"{stem}.chapters.vtt")
        if vtt.exists():
            tracks += f'\n  <track kind="captions" src="lecture/{esc(vtt.name)}" srclang="en" label="English">'
        if chapters.exists():
            tracks += f'\n  <track kind="chapters" src="lecture/{esc(chapters.name)}" srclang="en">'
        listing = mp4.with_name(f"{stem}.chapters.txt")
        chapter_list = f"<pre>{esc(listing.read_text())}</pre>" if listing.exists() else ""
        sound = _has_audio(mp4)
        voice = " --voice draft" if "-draft-voice-" in mp4.name else " --voice DIR" if sound else ""
        blocks.append(f"""<section class="clip" id="{esc(stem)}">
<h2>The lecture <span class="muted">· {esc(stem)}{" · narrated" if sound else ""}</span></h2>
<video controls{"" if sound else " muted"} playsinline preload="metadata" style="max-width:100%;height:auto">
  <source src="lecture/{esc(mp4.name)}" type="{FORMATS["mp4"].mime}">{tracks}
</video>
<p>Chapters:</p>{chapter_list}
<p>Command:</p><pre>l1l2 lecture lecture.example.toml{voice}</pre>
</section>""")
    made = [(f"{folder}/index.html", what) for folder, what in (("slides", "the slides (l1l2 slides)"),
                                                                 ("article", "the article (l1l2 article)"))
            if (out_dir / folder / "index.html").exists()]
    if made:
        blocks.append("<p>The lecture as " + " and as ".join(f'<a href="{esc(href)}">{esc(what)}</a>'
                                                            for href, what in made) + ".</p>")
    return "\n".join(blocks)


def _interactives(out_dir: Path) -> list[dict]:
    """The manifests ``l1l2 interactive`` wrote in ``<out_dir>/interactive`` whose page is there."""
    from .web.interactive import KIND

    found = []
    for path in sorted((out_dir / KIND).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("kind") == KIND and (path.parent / f"{data.get('scene')}.html").is_file():
            found.append(data)
    return found


def _interactive_html(data: dict, k: int) -> str:
    from .web.interactive import KIND, embed_snippet

    esc = html.escape
    name = data["scene"]
    frame = embed_snippet(name, data["title"], data["aspect"], src=f"{KIND}/{name}.html")
    snippet = embed_snippet(name, data["title"], data["aspect"])
    return f"""<section class="clip" id="interactive-{esc(name)}">
<h2>{esc(data['title'])} <span class="muted">· interactive {esc(name)} · {esc(data['aspect'])}, {esc(data['theme'])}
· {data['bytes'] / 1024:.0f} KiB, one file, works offline</span></h2>
<p class="muted">{esc(data['description'])}</p>
{frame}
<p>Command:</p><pre>{esc(data['command'])}</pre>
<p>Embed snippet (beside <code>{esc(name)}.html</code>) <button data-copy="isnippet-{k}">Copy</button></p>
<pre id="isnippet-{k}">{esc(snippet)}</pre>
</section>"""


def _has_audio(video: Path) -> bool:
    import av

    try:
        with av.open(str(video)) as c:
            return bool(c.streams.audio)
    except (av.error.FFmpegError, OSError):
        return False


def write_gallery(out_dir: Path | str = "renders") -> Path:
    """Write ``<out_dir>/index.html`` from every manifest found there; returns its path."""
    out_dir = Path(out_dir)
    records = []
    for path in sorted(out_dir.glob("*/*.json")):
        data = read_manifest(path)
        if data and data.get("outputs"):
            records.append((path.parent, data))
    clips = "\n".join(_clip_html(data, folder, out_dir, k) for k, (folder, data) in enumerate(records))
    interactives = _interactives(out_dir)
    page = PAGE.format(count=len(records), folder=html.escape(str(out_dir)), lecture=_lecture_html(out_dir),
                       interactive_count=len(interactives),
                       interactives="\n".join(_interactive_html(d, k) for k, d in enumerate(interactives)),
                       clips=clips or "<p>No renders yet: try <code>l1l2 render shrink --format webm,mp4,gif "
                                      "--poster</code>.</p>")
    dest = out_dir / "index.html"
    atomic_write_text(dest, page)
    return dest
