"""``l1l2 interactive``: a scene as a page the reader drives (issue 23): ``budget`` (seed 002's widget),
``shrink`` and ``path``.

Each page is one self-contained file (:func:`l1l2.web.page.standalone_page`): no network, works from
``file://``. Its numbers come from mathcore: the scene's own parameters are validated as for ``render``,
the starting problem (``H``, ``ŵ``, the lasso path's breakpoints) is mathcore's, and what the reader
changes is solved in the page by ``exact.js``, the closed forms that ``tests/test_web_exact.py`` checks
against mathcore on 10,000 problems. Beside each page go ``NAME.embed.html`` (an ``<iframe>`` snippet)
and ``NAME.json`` (the manifest the gallery reads).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scenes.kit.params import ParamError
from scenes.kit.typeset import fmt_plain

from ..files import atomic_write_text
from .page import escape_html, script_asset, standalone_page

KIND = "interactive"
# The iframe's width (px) at each aspect: at 16:9 the page sets its controls beside the picture, at 1:1 and 9:16
# below it. Each interactive's height at each width is EMBED_HEIGHT: the page's whole height there in Chromium,
# with the longest state shown (budget's elastic net with its α slider, shrink past λ*), plus 20 px, measured
# and checked by tests/test_interactive.py.
EMBED_WIDTH = {"16:9": 960, "1:1": 720, "9:16": 540}
EMBED_HEIGHT = {"budget": {"16:9": 840, "1:1": 920, "9:16": 1480}, "shrink": {"16:9": 860, "1:1": 740, "9:16": 1360},
                "path": {"16:9": 720, "1:1": 840, "9:16": 1120}}


@dataclass(frozen=True)
class Interactive:
    name: str
    title: str
    lede: str  # one paragraph under the title: what to do, and what the reader sees
    data: Callable[[Any], dict]  # the page's numbers, from the scene's validated params
    body: Callable[[dict], str]  # the markup of the controls and pictures (escaped)
    script: str  # its file in l1l2/web


def nice_step(span: float, count: int) -> float:
    """A step of 1, 2 or 5 × 10^k giving about ``count`` steps over ``span`` (as ``L1L2UI.niceStep``)."""
    raw = span / count
    mag = 10.0 ** math.floor(math.log10(raw))
    m = raw / mag
    return (1 if m < 1.5 else 2 if m < 3.5 else 5 if m < 7.5 else 10) * mag


def _num(x: float) -> str:
    """A number for an HTML attribute (a range input's min, max, step, value): at most 12 significant
    digits, so a step of 0.005 is written ``0.005``, not ``0.005000000000000001``."""
    return f"{x:.12g}"


def _range(id_: str, label: str, lo: float, hi: float, step: float, value: float, hint: str = "",
           hidden: bool = False) -> str:
    hint_html = f'<span class="hint" id="{id_}-hint">{escape_html(hint)}</span>' if hint else ""
    described = f' aria-describedby="{id_}-hint"' if hint else ""
    return (f'<div class="control" id="{id_}-row"{" hidden" if hidden else ""}><label for="{id_}">{escape_html(label)}</label>'
            f'<input type="range" id="{id_}" min="{_num(lo)}" max="{_num(hi)}" step="{_num(step)}" '
            f'value="{_num(value)}"{described}><output id="{id_}-out" for="{id_}"></output>{hint_html}</div>')


def _readouts(rows: list[tuple[str, str, str]]) -> str:
    """A table of readouts: (id, label, css class)."""
    cells = "".join(f'<tr class="{cls}"><th scope="row">{escape_html(label)}</th><td id="{id_}"></td></tr>'
                    for id_, label, cls in rows)
    return f'<table class="readouts"><caption>Exact values</caption><tbody>{cells}</tbody></table>'


# -- budget ------------------------------------------------------------------------------------------


def budget_data(p: Any) -> dict:
    from scenes.budget import BudgetNumbers

    m = BudgetNumbers(p, samples=2)
    c = np.asarray(m.loss.c, dtype=float)
    reach = max(m.c_start, float(np.abs(c).max())) * 1.08  # as the video's planes
    step = nice_step(reach, 500)
    return {"H": np.asarray(m.loss.H).tolist(), "center": c.tolist(), "eig_small": p.eig_small,
            "eig_large": p.eig_large, "tilt0": float(p.angle_deg % 180.0), "reach": reach,
            "c_start": math.ceil(m.c_start / step) * step, "c_first": round(0.45 * m.c_start / step) * step,
            "c_step": step, "c_max": math.floor(reach / step) * step,
            "c_end": p.c_end, "sweep_seconds": p.sweep_seconds}


def budget_body(d: dict) -> str:
    tilt0 = d["tilt0"]
    lo = tilt0 % 1.0
    norms = "".join(
        f'<label class="norm-{n}"><input type="radio" name="norm" value="{n}"{" checked" if n == "l1" else ""}> '
        f"{escape_html(label)}</label>"
        for n, label in (("l1", "L1: |w₁| + |w₂| ≤ C"), ("l2", "L2: √(w₁² + w₂²) ≤ C"),
                         ("elastic", "Elastic net: α(|w₁| + |w₂|) + (1 − α)(w₁² + w₂²) ≤ C")))
    return f"""<div class="panes"><div class="stage"><svg id="plane" viewBox="0 0 420 400" role="group"
 aria-label="The weights' plane: the loss's contour touching the constraint set at the exact minimizer"></svg>
<p id="sentence" class="sentence" aria-live="polite"></p>
<p class="hint">Drag ŵ, or Tab to it and move it with the arrow keys (Page Up/Down and Home/End: ten steps).</p></div>
<div class="controls">
<fieldset class="norms"><legend>Constraint set</legend>{norms}</fieldset>
{_range("C", "Budget C", d["c_step"], d["c_max"], d["c_step"], d["c_first"])}
{_range("alpha", "α, the elastic net's L1 share", 0.05, 0.95, 0.05, 0.5, hidden=True)}
{_range("tilt", "Tilt of the loss's ellipse (degrees)", lo, lo + 180.0, 1.0, tilt0)}
<div class="buttons"><button type="button" id="play" aria-pressed="false">▶ Play the sweep</button>
<button type="button" id="reset">Reset</button></div>
{_readouts([("r-C", "C", "accent"), ("r-lam", "λ with the same answer", "accent"), ("r-w1", "w₁", "norm"),
            ("r-w2", "w₂", "norm"), ("r-hat", "ŵ", "data")])}
<p class="hint" id="lam-note"></p>
</div></div>"""


BUDGET = Interactive(
    "budget", "L1 or L2: slide the budget C",
    "Toggle the set, slide the budget C, tilt the loss's ellipse and drag ŵ, the least-squares point, where the "
    "loss (w − ŵ)ᵀH(w − ŵ) is smallest. The dot is the exact minimizer of the loss over the set: where the lowest "
    "contour that reaches the set touches it (that contour is drawn). The line from ŵ to the dot is the solution "
    "path, the minimizer at every budget from ŵ's own size down to C. On the L1 diamond the dot often lands on a "
    "corner, where one weight is exactly 0.",
    budget_data, budget_body, "budget.js")


# -- shrink ------------------------------------------------------------------------------------------


def shrink_data(p: Any) -> dict:
    from scenes.shrink import ShrinkNumbers

    m = ShrinkNumbers(p)
    lo, hi = m.w_range()
    ws = np.linspace(lo, hi, 241)
    mse = m.a * (ws - m.w0) ** 2 + m.r
    # the objectives at the starting λ fill the plot; a larger λ lifts their far ends out of it, never the
    # minimizers (each is at most MSE(0) there) or the kink at 0
    top = max(float(np.max(mse + p.lam * np.maximum(np.abs(ws), ws ** 2))) * 1.15, 2.5 * (m.a * m.w0 ** 2 + m.r))
    step = nice_step(p.lam_max, 1000)
    return {"a": m.a, "w0": m.w0, "r": m.r, "q": float(np.asarray(m.loss.linear_term)), "lam_star": m.lam_star,
            "lam_max": p.lam_max, "lam_step": step, "lam0": round(p.lam / step) * step,
            "w_range": [lo, hi], "y_range": [m.r - 0.04 * (top - m.r), top],  # ŵ's dot clear of the bottom edge
            "true_w": p.true_w, "n": p.n_points, "spread": p.x_spread, "noise": p.noise}


def shrink_body(d: dict) -> str:
    def given(x: float) -> str:  # a parameter as the user gave it
        return escape_html(f"{x:g}".replace("-", "−"))

    noise = f" plus noise of standard deviation {given(d['noise'])}" if d["noise"] else ""
    return f"""<p class="setup">The data: y = {given(d["true_w"])}·x{noise} at {d["n"]} points x spread evenly over
 [−{given(d["spread"])}, {given(d["spread"])}]. The loss is the mean squared
 error of the fit w·x, MSE(w) = a(w − ŵ)² + r, with a = {escape_html(fmt_plain(d["a"], 3))} (the mean of x²),
 ŵ = {escape_html(fmt_plain(d["w0"], 3))} (the least-squares weight, the grey dot) and r = {escape_html(fmt_plain(d["r"], 3))} (the
 error left at ŵ).</p>
<div class="panes"><div class="stage"><svg id="curves" viewBox="0 0 420 266" role="img"
 aria-label="The loss and the two penalized objectives against w, with their minimizers"></svg>
<p class="legend"><span class="key data">MSE(w)</span> <span class="key l1">MSE + λ|w|</span>
<span class="key l2">MSE + λw²</span> <span class="key accent">slopes of MSE + λ|w| leaving 0</span></p>
<svg id="inset" viewBox="0 0 420 196" role="img"
 aria-label="Both minimizers against λ: L1's reaches 0 at λ* and stays; L2's only shrinks"></svg></div>
<div class="controls">
{_range("lam", "Penalty strength λ", 0.0, d["lam_max"], d["lam_step"], d["lam0"])}
<p id="sentence" class="sentence" aria-live="polite"></p>
{_readouts([("r-lam", "λ", "accent"), ("r-star", "λ* = 2a|ŵ|", "accent"), ("r-l1", "L1 minimizer", "l1"),
            ("r-l2", "L2 minimizer", "l2"), ("r-left", "Rise going left of 0: λ + 2aŵ", "accent"),
            ("r-right", "Rise going right of 0: λ − 2aŵ", "accent")])}
</div></div>"""


SHRINK = Interactive(
    "shrink", "Same λ, different fate: L1 reaches 0, L2 only shrinks",
    "Slide the penalty strength λ. The blue and orange dots are the exact minimizers of MSE(w) + λ|w| (L1) and "
    "MSE(w) + λw² (L2). The two short straight segments at w = 0 are the slopes at which MSE + λ|w| rises leaving "
    "0, to the left and to the right; once neither is negative, at λ ≥ λ*, the L1 minimizer is exactly 0.",
    shrink_data, shrink_body, "shrink.js")


# -- path --------------------------------------------------------------------------------------------


def path_data(p: Any) -> dict:
    from mathcore import lasso_path
    from scenes.kit.realdata import prepared

    prep = prepared(p)
    path = lasso_path(prep.Z, prep.y)
    order = list(path.order) + [j for j in range(len(prep.names)) if j not in path.order]
    from scenes.kit.realdata import short

    return {"names": list(prep.names), "short": [short(n) for n in prep.names], "lams": path.lams.tolist(), "coefs": path.coefs.tolist(),
            "s": path.shrinkage.tolist(), "order": order, "rows": prep.rows, "data": prep.data.name,
            "target": prep.data.target_name, "training_rows": prep.data.train is not None}


def path_body(d: dict) -> str:
    rows = f"{d['rows']} training rows" if d["training_rows"] else f"{d['rows']} rows"
    return f"""<div class="panes"><div class="stage"><svg id="profiles" viewBox="0 0 500 282" role="img"
 aria-label="The exact lasso path: each standardized feature's weight against the shrinkage s"></svg>
<p class="hint">{escape_html(d["data"])} data, {escape_html(rows)}, predicting {escape_html(d["target"])}; features
 standardized. Point at a row of the table, or Tab to it, to pick out its line; click, tap or Enter keeps it
 picked.</p></div>
<div class="controls">
{_range("s", "How far along the path: s = ‖w‖₁ / ‖w_end‖₁", 0.0, 1.0, 0.001, 0.5,
         "0: every weight 0 (λ large enough) · 1: the end of the path, λ = 0 (least squares, where it is unique)")}
{_readouts([("r-s", "s", "accent"), ("r-lam", "λ", "accent"), ("r-count", "Non-zero weights", "l1")])}
<div class="table-wrap"><table class="coefs"><caption id="coef-caption"></caption>
<thead><tr><th scope="col">Feature (in order of first entry)</th><th scope="col" class="num">Weight</th></tr></thead>
<tbody id="coef-rows"></tbody></table></div>
</div></div>"""


PATH = Interactive(
    "path", "The lasso path: which features survive",
    "Slide s along the exact lasso path: the minimizers of MSE(w) + λ‖w‖₁ on standardized features, for every λ "
    "from large (s = 0, every weight 0) down to 0 (s = 1). The table gives every weight at that point, from the "
    "path's exact breakpoints: a weight that is out of the model there reads 0, exactly.",
    path_data, path_body, "path.js")


INTERACTIVES: dict[str, Interactive] = {i.name: i for i in (BUDGET, SHRINK, PATH)}


# -- pages and files ---------------------------------------------------------------------------------


def check_name(name: str) -> Interactive:
    if name not in INTERACTIVES:
        raise ParamError(f"interactive: no interactive {name!r}; allowed: {', '.join(INTERACTIVES)}")
    return INTERACTIVES[name]


def interactive_page(name: str, overrides: dict[str, Any] | None = None, *, theme: str = "dark",
                     aspect: str = "16:9") -> tuple[str, Any]:
    """The page of interactive ``name`` with the scene's ``overrides`` (validated as for ``render``), and
    the validated params."""
    from ..job import checked_numbers, resolve

    item = check_name(name)
    spec, params = resolve(name, overrides)
    checked_numbers(spec, params)  # parameters with no exact answer are refused as for render
    data = item.data(params)
    body = (f'<main class="widget interactive-{name} aspect-{aspect.replace(":", "x")}">'
            f"<h1>{escape_html(item.title)}</h1><p class=\"lede\">{escape_html(item.lede)}</p>"
            f'{item.body(data)}</main>')
    html = standalone_page(item.title, body, theme=theme, styles=script_asset("widget.css"), data=data,
                           scripts=(script_asset("exact.js"), script_asset("ui.js"), script_asset(item.script)))
    return html, params


def embed_snippet(name: str, title: str, aspect: str, src: str = "") -> str:
    """The ``<iframe>`` for an article, at the aspect's width and the page's measured height there; its script
    resizes the frame to the height the page reports (a narrower column makes the page taller), so the
    controls never hide below the frame's edge."""
    width, height = EMBED_WIDTH[aspect], EMBED_HEIGHT[name][aspect]
    frame_id = f"l1l2-{name}"
    return (f'<iframe id="{frame_id}" src="{escape_html(src or name + ".html")}" title="{escape_html(title)}" '
            f'width="{width}" height="{height}" style="width:100%;max-width:{width}px;border:0" loading="lazy">'
            f"</iframe>\n<script>addEventListener(\"message\", (e) => {{ const f = document.getElementById"
            f"(\"{frame_id}\"); if (f && e.source === f.contentWindow && e.data && e.data.type === \"l1l2-height\") "
            f"f.style.height = Math.ceil(e.data.height) + \"px\"; }});</script>\n")


def write_interactive(name: str, overrides: dict[str, Any] | None = None, *, theme: str = "dark",
                      aspect: str = "16:9", out_dir: Path | str = "renders", command: str = "") -> dict[str, Path]:
    """Write ``<out_dir>/interactive/NAME.html``, ``NAME.embed.html`` and ``NAME.json`` (each through a
    temporary file; the manifest last, so it never names a file that was not written)."""
    item = check_name(name)
    html, params = interactive_page(name, overrides, theme=theme, aspect=aspect)
    folder = Path(out_dir) / KIND
    outputs = {"html": folder / f"{name}.html", "embed": folder / f"{name}.embed.html"}
    atomic_write_text(outputs["html"], html)
    atomic_write_text(outputs["embed"], embed_snippet(name, item.title, aspect))
    manifest = {"kind": KIND, "scene": name, "title": item.title, "description": item.lede,
                "params": dataclasses.asdict(params), "theme": theme, "aspect": aspect,
                "command": command or f"l1l2 interactive {name}", "bytes": len(html.encode("utf-8")),
                "outputs": {k: p.name for k, p in outputs.items()}}
    atomic_write_text(folder / f"{name}.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return {**outputs, "manifest": folder / f"{name}.json"}
