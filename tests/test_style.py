"""One palette: a colour per penalty in both themes, looked up by name, readable on the background."""

from __future__ import annotations

import pytest

from mathcore import PENALTIES
from scenes.kit.style import THEMES


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", list(THEMES))
def test_every_penalty_has_its_own_colour_readable_on_the_background(theme):
    pal = THEMES[theme]
    colours = {p: pal.of(p) for p in PENALTIES}
    assert len(set(colours.values()) | {pal.data, pal.accent}) == len(PENALTIES) + 2
    for p, c in colours.items():
        assert contrast(c, pal.background) >= 3.0, (p, c)  # WCAG's minimum for graphics


@pytest.mark.parametrize("theme", list(THEMES))
def test_colours_set_as_text_read_at_wcag_aa_on_the_background(theme):
    """Readouts, labels and captions are text: 4.5:1 (WCAG AA for normal text). The light accent
    was 3.06:1 (#CC79A7) until a reviewer of the frames could not read the λ labels."""
    pal = THEMES[theme]
    for name in ("text", "muted", "data", "accent"):
        assert contrast(getattr(pal, name), pal.background) >= 4.5, name


def test_an_unknown_penalty_has_no_colour():
    with pytest.raises(KeyError, match="penalty 'l3'"):
        THEMES["dark"].of("l3")


def test_elastic_net_is_okabe_ito_bluish_green():
    """The light theme uses the Okabe–Ito hue itself; the dark theme a lighter tint of the same hue."""
    import colorsys

    assert THEMES["light"].elastic.upper() == "#009E73"
    hues = [colorsys.rgb_to_hsv(*[int(THEMES[t].elastic[k:k + 2], 16) / 255 for k in (1, 3, 5)])[0] for t in THEMES]
    assert max(hues) - min(hues) < 0.02
