"""Cards: lines of text or formulas stacked on a rounded panel."""

from __future__ import annotations

from collections.abc import Sequence

from manim import DOWN, RoundedRectangle, VGroup, VMobject

from . import style


def card(lines: Sequence[VMobject], palette: style.Palette, *, buff: float = 0.35, accent: str | None = None) -> VGroup:
    """Lines stacked on a rounded card."""
    content = VGroup(*lines).arrange(DOWN, buff=0.25)
    bg = RoundedRectangle(corner_radius=0.15, width=content.width + 2 * buff, height=content.height + 2 * buff,
                          fill_color=palette.card, fill_opacity=1.0, stroke_color=accent or palette.axis,
                          stroke_width=2)
    bg.move_to(content)
    return VGroup(bg, content)
