"""Captions, one module: a beat's caption template becomes the typeset caption in the frame,
a plain-text sentence with readable Unicode math, and ``.srt``/``.vtt`` cues.

A caption template is Typst markup: prose with ``$…$`` math and ``*bold*``, formatted
with the scene's numbers. ``CaptionBar`` typesets it; ``plain_text`` is what viewers
read in a subtitle track, a search engine indexes, and the reading time is measured
on (``MSE(w)``, ``w₀ = 0.50``, ``λ* = 2a|w₀| = 0.40``, ``a·w₀/(a + λ)``, ``7.5 × 10⁻⁴``);
``srt`` and ``webvtt`` write timed cues. Scene renders and the lecture use the same code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from manim import VGroup

from . import style
from .layout import Box
from .typeset import plain_math, text

READING_CPS = 17.0  # characters per second a viewer reads (a common subtitle guideline), plus 1 s

Cue = tuple[float, float, str]  # (start seconds, end seconds, plain text)


# -- plain text -------------------------------------------------------------------------


def plain_text(caption: str) -> str:
    """The caption as plain text: ``$…$`` math as Unicode, no ``*bold*`` marks, no escapes."""
    parts = re.split(r"(?<!\\)\$([^$]*)\$", caption)
    out = []
    for k, part in enumerate(parts):
        if k % 2:
            out.append(plain_math(part))
        else:
            prose = re.sub(r"(?<!\\)\*", "", part)
            out.append(re.sub(r"\\(.)", r"\1", prose))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def reading_seconds(plain: str) -> float:
    """How long a caption must stay on screen: about 17 characters per second, plus 1 s."""
    return len(plain) / READING_CPS + 1.0


# -- in the frame -----------------------------------------------------------------------


def unbreakable_math(markup: str) -> str:
    """Typst markup whose inline formulas (``$…$``) never break across lines: each is set in a
    box, so "−2.2 × 10⁻³" or "λ* = 2a|w₀| = 0.40" stays on one line."""
    # A ";" right after an embedded expression ends it in Typst and is swallowed: escape it.
    boxed = re.sub(r"(?<!\\)\$([^$]+)\$", lambda m: f"#box[${m.group(1)}$]", markup)
    return re.sub(r"(#box\[\$[^$]+\$\]);", r"\1\\;", boxed)


class CaptionBar(VGroup):
    """The beat's caption sentence, wrapped to fit a box at the bottom of the frame."""

    def __init__(self, caption: str, box: Box, palette: style.Palette):
        super().__init__()
        markup = unbreakable_math(caption)
        for size in (style.BODY, style.LABEL):  # a smaller size before squeezing
            body = text(markup, size, palette.text, width=box.width - 0.6)
            if body.height <= box.height - 0.12:
                break
        if body.height > box.height - 0.12:
            body.scale_to_fit_height(box.height - 0.12)
        body.move_to(box.center)
        self.add(body)


# -- subtitle files ---------------------------------------------------------------------


def beat_cues(beats: Sequence, end: float, offset: float = 0.0) -> list[Cue]:
    """One cue per beat (anything with ``.time`` and ``.caption``), from its start to the next
    beat's (the last to ``end``), shifted by ``offset`` seconds."""
    ends = [b.time for b in beats[1:]] + [end]
    return [(offset + b.time, offset + e, plain_text(b.caption)) for b, e in zip(beats, ends, strict=True)]


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def one_line(t: str) -> str:
    """Text on one line with no cue syntax in it: newlines (which would end a cue or start a forged
    one) folded to spaces, and ``-->`` (the timing arrow) shown as ``→``."""
    return " ".join(str(t).split()).replace("-->", "→")


def webvtt(cues: Sequence[Cue]) -> str:
    """WebVTT: one line per cue; ``<``, ``>`` and ``&`` escaped (a cue's text is markup there)."""
    def esc(t: str) -> str:
        return one_line(t).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    body = "".join(f"{k}\n{_stamp(s, '.')} --> {_stamp(e, '.')}\n{esc(t)}\n\n" for k, (s, e, t) in enumerate(cues, 1))
    return "WEBVTT\n\n" + body


def srt(cues: Sequence[Cue]) -> str:
    """SubRip: plain text, one line per cue, so no cue text line can pose as a number or a timing line.
    SubRip has no escapes, yet players read ``<b>``-style and ``{\\b1}``-style tags in it: a zero-width
    space after each ``<`` or ``{`` that could open one keeps such text as text."""
    def esc(t: str) -> str:
        return re.sub(r"([<{])(?=[A-Za-z/\\])", "\\1\u200b", one_line(t))

    return "".join(f"{k}\n{_stamp(s, ',')} --> {_stamp(e, ',')}\n{esc(t)}\n\n" for k, (s, e, t) in enumerate(cues, 1))


def clock_label(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``), as video sites read chapter lists."""
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
