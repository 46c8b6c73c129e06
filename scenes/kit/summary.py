"""The lecture's lessons: one sentence per chapter, told again at the end of its part (the part's recap)
and in the closing "When to use which". Each names the beat whose built frame is its picture: the
summary shows each lesson beside that frame of its chapter's real video. A point whose scene is not in the lecture is left out, so nothing cites a missing
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
    ("Random losses land on L1's corners often, on an L2 axis point never.", "odds", "tally"),
    ("On real data the lasso selects features; a ridge weight is 0 only where it changes sign.", "path",
     "ridge_zeros"),
    ("Choose λ by cross-validation; the one-standard-error rule picks a sparser model.", "cv", "mean"),
    ("The lasso is built for few weights that matter: when many matter a little, it drops some, and ridge can "
     "do better.",
     "sparsity", "dense"),
    ("With correlated features the lasso picks one arbitrarily; ridge and the elastic net share.", "correlated",
     "bootstrap"),
    ("Standardize the features first.", "scaling", "invariant"),
    ("Solvers reach exact zeros by clipping (coordinate descent) or follow the exact path (the homotopy).",
     "coordinate", "clip"),
)
TITLE = "When to use which"
