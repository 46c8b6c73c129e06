"""HTML for articles: the ``<video>`` snippet beside each clip, and the gallery page of every render.

The snippet plays the clip muted and looped, WebM first (Chromium builds without
H.264 play it), MP4 second, and falls back to the GIF as an ``<img>`` for
readers whose browser plays neither. Paths are relative to the snippet's folder.
"""

from __future__ import annotations

import html
from pathlib import Path

VIDEO_TYPES = {"webm": "video/webm", "mp4": "video/mp4", "mov": "video/quicktime"}


def embed_snippet(outputs: dict[str, Path], size: tuple[int, int], *, alt: str, prefix: str = "") -> str:
    """The embed snippet for one clip's ``outputs`` (format -> path); ``prefix`` is prepended to file names."""
    width, height = size
    esc = html.escape
    poster = f' poster="{esc(prefix + outputs["poster"].name)}"' if "poster" in outputs else ""
    sources = [f'  <source src="{esc(prefix + outputs[f].name)}" type="{VIDEO_TYPES[f]}">'
               for f in ("webm", "mp4", "mov") if f in outputs]
    fallback = (f'  <img src="{esc(prefix + outputs["gif"].name)}" alt="{esc(alt)}" width="{width}" '
                f'style="max-width:100%;height:auto">' if "gif" in outputs else f"  {esc(alt)}")
    if not sources:  # a GIF only
        return fallback.strip() + "\n"
    return "\n".join([
        f'<video autoplay loop muted playsinline width="{width}" height="{height}"{poster} '
        f'style="max-width:100%;height:auto" aria-label="{esc(alt)}">',
        *sources,
        fallback,
        "</video>",
    ]) + "\n"
