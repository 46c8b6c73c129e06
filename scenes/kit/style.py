"""One palette and one type scale for every scene. Themes swap the palette, never the code.

Colours follow the Okabe–Ito colour-blind-safe set: L1 is blue, L2 is vermillion,
the elastic net is bluish green, the data loss is a neutral grey, λ and highlights are
yellow (dark) or reddish purple (light: Okabe–Ito's #CC79A7 darkened at the same hue to
#B94686, so λ readouts and labels read at 4.9:1 on white, not 3.1:1). A scene looks a
penalty's colour up with ``palette.of(penalty)``, never with an if/else on its name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    muted: str  # secondary text, axis labels
    axis: str
    data: str  # the data loss and data points (neutral)
    l1: str  # lasso, everywhere
    l2: str  # ridge, everywhere
    elastic: str  # elastic net, everywhere
    accent: str  # λ, λ*, "exactly 0" highlights
    card: str  # background of cards and caption bars
    dim: float = 0.3  # stroke opacity of lines pushed into the background (higher on white, to stay visible)

    def of(self, penalty: str) -> str:
        """The colour of a penalty ("l1", "l2" or "elastic"); an unknown name is an error, not a grey."""
        if penalty not in PENALTY_LABELS:
            raise KeyError(f"no colour for penalty {penalty!r}; penalties: {', '.join(PENALTY_LABELS)}")
        return getattr(self, penalty)


# How a penalty is named on screen (Typst text; captions say the same).
PENALTY_LABELS = {"l1": "L1", "l2": "L2", "elastic": "Elastic net"}


THEMES: dict[str, Palette] = {
    "dark": Palette(
        background="#0E1116", text="#ECEFF4", muted="#A7ADB7", axis="#7C838E",
        data="#C9CDD3", l1="#56B4E9", l2="#E5732E", elastic="#2EC4A0", accent="#F0E442", card="#1A1F27",
    ),
    "light": Palette(
        background="#FFFFFF", text="#1F2328", muted="#59616B", axis="#6E7781",
        data="#57606A", l1="#0072B2", l2="#D55E00", elastic="#009E73", accent="#B94686", card="#F3F4F6", dim=0.55,
    ),
}
DEFAULT_THEME = "dark"

# Type scale (manim font_size units; the frame is 8 units across its short side at every aspect).
TITLE = 46
HEADING = 34
BODY = 28
LABEL = 24
SMALL = 20
FINE = 18  # the smallest: axis tags and row numbers (a 12.4 px em at 480p; nothing is set smaller)

# Strokes and sizes.
CURVE_WIDTH = 5
THIN_WIDTH = 2.5
AXIS_WIDTH = 2
DOT_RADIUS = 0.09
MARGIN = 0.35  # distance kept from the frame edge

# Timing (seconds).
BEAT_PAUSE = 1.2
SHORT = 0.8
MEDIUM = 1.5
LONG = 2.5
BREATH = 0.5  # after a narrated beat's recording, before the next beat starts
