"""The lecture's closing card: when to use which. Each point names the scene (chapter) that showed it;
a point whose scene is not in the lecture is left out, so the card never cites a missing chapter."""

from __future__ import annotations

# (the point, as Typst markup; the scene that shows it)
POINTS: tuple[tuple[str, str], ...] = (
    ("Regularize when data are few or noisy: too little penalty overfits, too much underfits.", "overfit"),
    ("L1 gives exact zeros, L2 only shrinks.", "shrink"),
    ("L1 when you want feature selection, or the truth is sparse.", "path"),
    ("L2 for correlated features and stable weights; elastic net for both.", "correlated"),
    ("Standardize the features first.", "scaling"),
    ("Choose λ by cross-validation.", "cv"),
)
TITLE = "When to use which"
