"""The interactive pages' in-page solvers (``l1l2/web/exact.js``) against mathcore, run in Chromium: 10,000
random 2-D problems on the diamond, the disc and the elastic-net ball, and 2,000 1-D penalized ones. Every
point within 1e-12 of mathcore's, the same λ, and the same exact zeros (issue 23: widgets elsewhere scale
the point radially or snap to a corner; ours must give mathcore's numbers)."""

from __future__ import annotations

from importlib.resources import files

import numpy as np
from browser_helpers import chromium_page

from mathcore import Quadratic, constrained_minimizer, penalized_minimizer

RNG_SEED = 23


def random_problems(n: int, rng: np.random.Generator) -> list[dict]:
    """Tilted ellipses (eigenvalues 0.2–4), ŵ in [−3, 3]², budgets from 2 % to 110 % of ŵ's own size (a
    tenth of them leave ŵ inside), each norm a third of the time, α from (0, 1) for the elastic ball."""
    out = []
    for k in range(n):
        theta = rng.uniform(0, np.pi)
        R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
        H = R @ np.diag(rng.uniform(0.2, 4.0, 2)) @ R.T
        H = (H + H.T) / 2
        c = rng.uniform(-3, 3, 2)
        norm = ("l1", "l2", "elastic")[k % 3]
        alpha = float(rng.uniform(0.1, 0.95)) if norm == "elastic" else 1.0
        size = {"l1": np.abs(c).sum(), "l2": np.linalg.norm(c),
                "elastic": alpha * np.abs(c).sum() + (1 - alpha) * c @ c}[norm]
        C = float(size * rng.uniform(0.02, 1.1))
        out.append({"H": H.tolist(), "c": c.tolist(), "r": 0.25, "C": C, "norm": norm, "alpha": alpha})
    return out


def test_the_in_page_solvers_give_mathcores_answers_on_ten_thousand_problems():
    rng = np.random.default_rng(RNG_SEED)
    problems = random_problems(10_000, rng)
    expected = []
    for p in problems:
        sol = constrained_minimizer(Quadratic(np.array(p["H"]), np.array(p["c"]), p["r"]), p["C"], p["norm"],
                                    l1_ratio=p["alpha"] if p["norm"] == "elastic" else 0.5)
        expected.append((sol.point, sol.lam, sol.level))
    ones = [{"a": float(rng.uniform(0.1, 3)), "w0": float(rng.uniform(-2, 2)), "lam": float(rng.uniform(0, 4)),
             "norm": ("l1", "l2", "elastic")[k % 3], "alpha": float(rng.uniform(0.1, 0.95))} for k in range(2000)]
    script = (files("l1l2.web") / "exact.js").read_text(encoding="utf-8")
    with chromium_page() as page:
        page.set_content("<!doctype html><title>exact</title>")
        page.add_script_tag(content=script)
        got = page.evaluate("""([ps, ones]) => [
            ps.map(p => L1L2Exact.constrained2(p.H, p.c, p.r, p.C, p.norm, p.alpha)),
            ones.map(o => L1L2Exact.penalized1(o.a, o.w0, o.lam, o.norm, o.alpha))]""", [problems, ones])
        assert page.console_errors == []
    two, one = got
    worst = {"w": 0.0, "lam": 0.0, "level": 0.0}
    zeros_seen = 0
    for p, (w, lam, lev), js in zip(problems, expected, two, strict=True):
        w_js = np.array(js["w"], dtype=float)
        worst["w"] = max(worst["w"], float(np.abs(w_js - w).max()))
        worst["lam"] = max(worst["lam"], abs(js["lam"] - lam) / max(1.0, abs(lam)))
        worst["level"] = max(worst["level"], abs(js["level"] - lev) / max(1.0, abs(lev)))
        assert list(w_js == 0.0) == list(w == 0.0), (p, w_js.tolist(), w.tolist())
        zeros_seen += int(np.any(w == 0.0))
    assert worst["w"] <= 1e-12 and worst["lam"] <= 1e-12 and worst["level"] <= 1e-12, worst
    assert zeros_seen > 1000  # corner contacts are common: the exact-zero comparison was exercised
    for o, js in zip(ones, one, strict=True):
        ref = penalized_minimizer(Quadratic(o["a"], o["w0"]), o["lam"], o["norm"], l1_ratio=o["alpha"])
        assert abs(js - ref) <= 1e-12 and (js == 0.0) == (ref == 0.0), (o, js, ref)
