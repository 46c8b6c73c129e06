"""HTML for articles: the ``<video>`` snippet beside each clip.

The snippet plays a silent clip muted and looped (a narrated one with controls, from the
start, with its sound), with a source per video format in the
order of the format table (WebM first: Chromium builds without H.264 play it), the
captions as a ``<track>``, and falls back to the GIF as an ``<img>`` for readers
whose browser plays neither. Paths are relative to the snippet's folder.
"""

from __future__ import annotations

import html
from pathlib import Path

from .formats import FORMATS


def embed_snippet(outputs: dict[str, Path], size: tuple[int, int], *, alt: str, prefix: str = "",
                  sound: bool = False, controls: bool = False) -> str:
    """The embed snippet for one clip's ``outputs`` (format -> path); ``prefix`` is prepended to file names.
    A clip with ``sound`` (narration) gets controls instead of muted autoplay; with ``controls`` a muted loop
    has them and no ``autoplay`` (the page plays it while it is in view: :mod:`l1l2.article`'s script)."""
    width, height = size
    esc = html.escape
    poster = f' poster="{esc(prefix + outputs["poster"].name)}"' if "poster" in outputs else ""
    sources = [f'  <source src="{esc(prefix + outputs[f.name].name)}" type="{f.mime}">'
               for f in FORMATS.values() if f.mime and f.name in outputs]
    track = (f'  <track kind="captions" src="{esc(prefix + outputs["vtt"].name)}" srclang="en" label="English">'
             if "vtt" in outputs else None)
    fallback = (f'  <img src="{esc(prefix + outputs["gif"].name)}" alt="{esc(alt)}" width="{width}" '
                f'style="max-width:100%;height:auto">' if "gif" in outputs else f"  {esc(alt)}")
    if not sources:  # a GIF only
        return fallback.strip() + "\n"
    playing = ('controls preload="metadata"' if sound else "loop muted controls" if controls
               else "autoplay loop muted")
    return "\n".join([
        f'<video {playing} playsinline '
        f'width="{width}" height="{height}"{poster} '
        f'style="max-width:100%;height:auto" aria-label="{esc(alt)}">',
        *sources,
        *([track] if track else []),
        fallback,
        "</video>",
    ]) + "\n"
