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
from .typeset import escape_markup, plain_math, text

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


def _fits(markup: str, box: Box) -> bool:
    return text(unbreakable_math(markup), style.LABEL, "#ffffff", width=box.width - 0.6).height <= box.height - 0.12


def caption_pages(line: str, box: Box) -> list[str]:
    """A lecturer's line (plain text) split into pages that each fit ``box`` at the label size, so a
    long narration is read page by page instead of shrinking to an unreadable block. Sentences stay
    whole where they fit; a sentence too long for one page is split between words."""
    words_of = " ".join(line.split())
    if _fits(escape_markup(words_of), box):
        return [words_of]
    sentences = [t for t in re.split(r"(?<=[.!?;:])\s+", words_of) if t]
    pieces: list[str] = []
    for sentence in sentences:  # a sentence that does not fit alone: as many words as fit, then the rest
        words = sentence.split()
        while words:
            lo, hi = 1, len(words)  # the most words that fit (at least one)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if _fits(escape_markup(" ".join(words[:mid])), box) else (lo, mid - 1)
            pieces.append(" ".join(words[:lo]))
            words = words[lo:]
    pages = [pieces[0]]
    for piece in pieces[1:]:  # pack whole pieces onto a page while they fit
        joined = f"{pages[-1]} {piece}"
        if _fits(escape_markup(joined), box):
            pages[-1] = joined
        else:
            pages.append(piece)
    return pages


def page_offsets(pages: Sequence[str], seconds: float) -> list[float]:
    """When each page starts, in seconds from the beat's start: in proportion to the characters read
    before it, over ``seconds`` (the recording's length, or the line's reading time)."""
    total = sum(len(p) for p in pages) or 1
    before = [sum(len(p) for p in pages[:k]) for k in range(len(pages))]
    return [seconds * b / total for b in before]


class PagedCaption(VGroup):
    """A caption shown page by page: ``clock()`` (seconds into the beat) picks the page, every frame."""

    def __init__(self, pages: Sequence[str], offsets: Sequence[float], box: Box, palette: style.Palette, clock):
        super().__init__(*[CaptionBar(escape_markup(page), box, palette) for page in pages])
        self.offsets, self.clock, self.shown = list(offsets), clock, -1
        self.show_page(0)
        self.add_updater(lambda m, dt: m.show_page(sum(1 for t in m.offsets if t <= m.clock() + 1e-9) - 1))

    def show_page(self, k: int) -> None:
        k = max(0, min(k, len(self.submobjects) - 1))
        if k != self.shown:
            for j, page in enumerate(self.submobjects):
                page.set_opacity(1.0 if j == k else 0.0)
            self.shown = k


# -- subtitle files ---------------------------------------------------------------------


def beat_cues(beats: Sequence, end: float, offset: float = 0.0) -> list[Cue]:
    """One cue per beat (anything with ``.time`` and ``.caption``), from its start to the next
    beat's (the last to ``end``), shifted by ``offset`` seconds; a beat read page by page (its
    ``.pages``: ``(seconds into the beat, text)``) gives one cue per page."""
    ends = [b.time for b in beats[1:]] + [end]
    cues: list[Cue] = []
    for b, e in zip(beats, ends, strict=True):
        pages = [(b.time + t, page) for t, page in getattr(b, "pages", ()) or ()]
        if not pages:
            cues.append((offset + b.time, offset + e, plain_text(b.caption)))
            continue
        stops = [t for t, _ in pages[1:]] + [e]
        cues += [(offset + t, offset + min(stop, e), page) for (t, page), stop in zip(pages, stops, strict=True)
                 if t < e]
    return cues


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
