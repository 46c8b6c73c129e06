"""The lecture's closing words. ``POINTS``: one lesson per chapter, told again at the end of its part (the
part's recap). ``GUIDE``: the closing "When to use which", advice drawn from those chapters. Each names the
beat whose built frame is its picture: a recap or the summary shows each line beside that frame of its
chapter's real video. A line whose scene is not in the lecture is left out, so nothing cites a missing
chapter. Each sentence is worded so that it holds for any parameters the scene accepts."""

from __future__ import annotations

# (the point, as plain text; the scene that shows it; the beat whose built frame is its picture)
POINTS: tuple[tuple[str, str, str], ...] = (
    ("Regularize when data are few or noisy: too little penalty overfits, too much underfits.", "overfit", "errors"),
    ("L1 gives exact zeros, L2 only shrinks.", "shrink", "takeaway"),
    ("Near 0, L1's slope stays 1 while L2's fades to 0.", "penalties", "near_zero"),
    ("Proximal steps land on exactly 0 and stay; plain subgradient steps hop around it.", "gradient",
     "exact_vs_nearly"),
    ("L1 takes equal bites and prunes; L2 takes proportional bites and only shrinks.", "bites", "many_weights"),
    ("The diamond's corners are where exact zeros come from.", "geometry", "contact"),
    ("Shrinking the budget walks the L1 solution onto an axis; L2's shrinks both weights.", "budget", "to_zero"),
    ("Random losses land on L1's corners often; on an L2 axis point almost never (only if the pull points exactly "
     "along the axis).", "odds", "tally"),
    ("On real data the lasso selects features; a ridge weight is 0 only where it changes sign.", "path",
     "ridge_zeros"),
    ("Choose λ by cross-validation; the one-standard-error rule picks a more penalized, usually sparser model.",
     "cv", "mean"),
    ("The lasso is built for few weights that matter: when many matter a little, it drops some, and ridge can "
     "do better.",
     "sparsity", "dense"),
    ("With correlated features the lasso picks one, and which one flips between resamples; ridge and the elastic "
     "net share.", "correlated", "bootstrap"),
    ("Standardize the features first.", "scaling", "invariant"),
    ("Solvers reach exact zeros by clipping (coordinate descent) or follow the exact path (the homotopy).",
     "coordinate", "clip"),
)
TITLE = "When to use which"

# (the advice, as plain text; the scene that backs it; the beat whose built frame is its picture)
GUIDE: tuple[tuple[str, str, str], ...] = (
    ("Want few features, or to see which matter? Use L1, the lasso: it sets weights to exactly 0.", "path", "path"),
    ("Many small effects and no wish to drop any? Use L2, ridge: it keeps every weight, and can predict better "
     "there.", "sparsity", "dense"),
    ("Correlated features you want kept together? The elastic net shares the weight like L2, and its ball keeps "
     "L1's corners.", "correlated", "contacts"),
    ("Whichever you use, standardize the features first.", "scaling", "invariant"),
    ("Choose λ by cross-validation; the one-standard-error rule picks a more penalized, usually sparser model.",
     "cv", "mean"),
    ("Not sure which? Fit both and compare them on data neither has seen.", "sparsity", "bet"),
)
