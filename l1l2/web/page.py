"""One self-contained HTML page for every web output (interactives now; slides, article and studio later):
the theme's palette as CSS variables, scripts and styles inlined, and a Content-Security-Policy that lets
nothing leave the page's folder. User text (titles, CSV headers, narration) goes in through
:func:`escape_html` or :func:`json_for_script`, never as markup or code."""

from __future__ import annotations

import html
import json
from importlib.resources import files
from typing import Any

from scenes.kit.style import THEMES

# No network: inline scripts and styles, images as data: URLs, media from the page's own folder or inlined.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; "
       "media-src 'self' data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")


def escape_html(text: str) -> str:
    """User text as HTML text: ``<``, ``>``, ``&`` and both quotes escaped (safe in elements and attributes)."""
    return html.escape(str(text), quote=True)


def json_for_script(value: Any) -> str:
    """``value`` as JSON that is safe inside an inline ``<script>``: ``<``, ``>``, ``&`` and the two line
    separators JavaScript rejects are ``\\u`` escapes, so no string can close the script element."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def script_asset(name: str) -> str:
    """A script shipped in ``l1l2/web`` (``exact.js``), as text to inline."""
    return (files("l1l2.web") / name).read_text(encoding="utf-8")


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: str, background: str, text: str, ratio: float = 4.5) -> str:
    """``colour`` mixed toward ``text`` in steps of 5 % until it reads on ``background`` at ``ratio``
    (WCAG AA for body text): the same hue, dark enough on white (L2's #D55E00 is 3.8:1 there)."""
    mix = colour
    for k in range(21):
        t = k / 20
        mix = "#" + "".join(f"{round((1 - t) * int(colour[i:i + 2], 16) + t * int(text[i:i + 2], 16)):02X}"
                            for i in (1, 3, 5))
        if contrast(mix, background) >= ratio:
            break
    return mix


def theme_css(theme: str) -> str:
    """The palette of ``theme`` as CSS custom properties (``--l1``, ``--accent``, …): one palette for video
    and page. ``--l1-text`` and the like are the same colours for text, darkened where they would not
    read at 4.5:1 on the background."""
    pal = THEMES[theme]
    names = ("background", "text", "muted", "axis", "data", "l1", "l2", "elastic", "accent", "card")
    text = "".join(f"--{n}-text:{readable(getattr(pal, n), pal.background, pal.text)};"
                   for n in ("l1", "l2", "elastic", "accent", "data", "muted"))
    return ":root{" + "".join(f"--{n}:{getattr(pal, n)};" for n in names) + text + "}"


def standalone_page(title: str, body: str, *, theme: str, styles: str = "", scripts: tuple[str, ...] = (),
                    data: Any = None, lang: str = "en", frames: bool = False, server: bool = False) -> str:
    """A whole HTML document. ``title`` is user text (escaped here); ``body`` is markup the caller built with
    :func:`escape_html`; ``scripts`` are inlined in order after ``data``, which is exposed as
    ``window.L1L2_DATA``. With ``frames`` the page may hold ``<iframe>``s of pages in its own folder; with
    ``server`` (the studio) it may also ask its own server for data (``fetch`` to the same origin)."""
    def inline(script: str) -> str:
        return "<script>" + script.replace("</script", "<\\/script") + "</script>"

    css = theme_css(theme) + styles.replace("</style", "<\\/style")
    policy = CSP + ("; frame-src 'self'" if frames else "")
    if server:
        policy = policy.replace("connect-src 'none'", "connect-src 'self'")
    parts = [f'<!doctype html><html lang="{escape_html(lang)}"><head><meta charset="utf-8">',
             f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{escape_html(title)}</title>",
             f"<style>{css}</style></head>",
             f"<body>{body}"]
    if data is not None:
        parts.append(inline(f"window.L1L2_DATA={json_for_script(data)};"))
    parts += [inline(s) for s in scripts]
    parts.append("</body></html>\n")
    return "".join(parts)
