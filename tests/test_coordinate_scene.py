"""The coordinate scene: the drawn zig-zag against sweeps computed by hand in this file, the gap table
against an exact answer derived here from the KKT conditions, and the exact marker's position."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from scene_helpers import TINY

from l1l2 import capture_scene, timeline
from scenes.kit.registry import get_spec

SPEC = get_spec("coordinate")
P = SPEC.params_class()


def hand_sweeps(rho, c, lam, start, n):
    """Cyclic coordinate descent on (w − c)ᵀH(w − c) + λ‖w‖₁, H = [[1, ρ], [ρ, 1]], written out for 2-D:
    w₁ ← S(q₁ − ρw₂, λ/2), then w₂ ← S(q₂ − ρw₁, λ/2), with q = Hc. Returns every visited point."""
    q1, q2 = c[0] + rho * c[1], rho * c[0] + c[1]

    def S(z):
        return float(np.sign(z) * max(abs(z) - lam / 2, 0.0)) + 0.0

    w1, w2 = start
    pts = [(w1, w2)]
    for _ in range(n):
        w1 = S(q1 - rho * w2)
        pts.append((w1, w2))
        w2 = S(q2 - rho * w1)
        pts.append((w1, w2))
    return np.array(pts)


def kkt_answer(rho, c, lam):
    """The exact lasso answer from the KKT conditions, trying every pattern of zeros in 2-D: on the active
    weights 2(q − Hw) = λ·sign(w), on the zero ones |2(q − Hw)| <= λ. Exactly one pattern holds."""
    H = np.array([[1.0, rho], [rho, 1.0]])
    q = H @ np.array(c)
    found = []
    for active in ([], [0], [1], [0, 1]):
        for signs in itertools.product((-1.0, 1.0), repeat=len(active)):
            w = np.zeros(2)
            if active:
                A = np.array(active)
                w[A] = np.linalg.solve(H[np.ix_(A, A)], q[A] - lam / 2 * np.array(signs))
                if np.any(np.sign(w[A]) != np.array(signs)):
                    continue
            g = 2 * (q - H @ w)
            zero = [j for j in range(2) if j not in active]
            if all(abs(g[j]) <= lam + 1e-12 for j in zero):
                found.append(w)
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="session")  # session: a module fixture re-renders when xdist interleaves files
def scene():
    tl = timeline("coordinate", settings=TINY)
    return capture_scene("coordinate", [tl.still_time("tolerance", TINY.frame_rate)], settings=TINY, params=P)


@pytest.mark.render
def test_the_drawn_steps_are_the_sweeps_computed_by_hand(scene):
    c = (P.center_x, P.center_y)
    for key, rho in (("correlated", P.rho), ("uncorrelated", 0.0)):
        axes = scene.planes[key].axes
        drawn = [(axes.p2c(line.get_start()), axes.p2c(line.get_end())) for line in scene.steps[key]]
        n = len(drawn) // 2
        pts = hand_sweeps(rho, c, P.lam, (P.start_x, P.start_y), n)
        for i, (a, b) in enumerate(drawn):
            np.testing.assert_allclose(a, pts[i], atol=1e-9)
            np.testing.assert_allclose(b, pts[i + 1], atol=1e-9)
            assert a[0] == pytest.approx(b[0], abs=1e-9) or a[1] == pytest.approx(b[1], abs=1e-9)  # axis-parallel
    # uncorrelated: one sweep; correlated: until the hand sweeps reach the KKT answer exactly
    assert len(scene.steps["uncorrelated"]) == 2
    exact = kkt_answer(P.rho, c, P.lam)
    pts = hand_sweeps(P.rho, c, P.lam, (P.start_x, P.start_y), 30)[2::2]
    first_exact = int(np.flatnonzero(np.all(pts == exact, axis=1))[0]) + 1
    assert len(scene.steps["correlated"]) == 2 * first_exact and first_exact >= 4


@pytest.mark.render
def test_the_gap_table_reads_the_distance_to_the_kkt_answer_with_exact_zeros(scene):
    c = (P.center_x, P.center_y)
    for col, (rho, exact) in enumerate(((P.rho, kkt_answer(P.rho, c, P.lam)),
                                        (0.0, kkt_answer(0.0, c, P.lam))), start=1):
        pts = hand_sweeps(rho, c, P.lam, (P.start_x, P.start_y), len(scene.table_rows))[2::2]
        for k, row in enumerate(scene.table_rows):
            shown = re.sub(r"[^0-9.]", "", row[col].typst_code)
            gap = float(np.linalg.norm(pts[k] - exact))
            if gap == 0.0:
                assert shown == "0"
            else:
                assert abs(float(shown) - gap) <= 0.0005 + 1e-12 and shown != "0"
    assert re.sub(r"[^0-9.]", "", scene.table_rows[0][2].typst_code) == "0"  # one sweep is exact at ρ = 0


@pytest.mark.render
def test_the_exact_marker_sits_at_the_kkt_answer(scene):
    c = (P.center_x, P.center_y)
    for key, rho in (("correlated", P.rho), ("uncorrelated", 0.0)):
        plane = scene.planes[key]
        ring = plane[2]
        np.testing.assert_allclose(plane.axes.p2c(ring.get_center()), kkt_answer(rho, c, P.lam), atol=1e-6)


def test_the_count_of_formulas_is_the_count_of_sign_patterns():
    """Issue 22: "each pattern of zeros has its own formula, 2^d of them" was wrong: on the non-zero weights
    the formula also depends on their signs. The candidates kkt_answer tries (every active set with every
    sign) number 3² = 9 for d = 2, and the scene's grid shows those 9; exactly one satisfies the KKT
    conditions (kkt_answer asserts it). The caption counts 3^d and names the duality gap as the stop."""
    from scenes.kit.captions import plain_text

    candidates = sum(2 ** len(a) for a in ([], [0], [1], [0, 1]))
    assert candidates == 3**2
    kkt_answer(P.rho, (P.center_x, P.center_y), P.lam)
    tl = timeline("coordinate", settings=TINY)
    captions = {b.name: plain_text(b.caption) for b in tl.beats}
    assert "3ᵈ candidates" in captions["no_formula"] and "2ᵈ" not in captions["no_formula"]
    assert "duality gap" in captions["tolerance"] and "changes little" not in captions["tolerance"].split(";")[1]
    scene = capture_scene("coordinate", [tl.still_time("no_formula", TINY.frame_rate)], settings=TINY, params=P)
    assert len(scene.sign_cells) == candidates


def test_each_coordinate_step_never_raises_loss_plus_penalty_though_the_distance_can_grow():
    """The tolerance card: "each step lowers loss + penalty, never raises it" (review round 2 found the old
    line, "if no weight clips, the distance only shrinks", false: with ρ = 0.9 and no clipping, error (0, 1)
    becomes (−0.9, 0.81) after one sweep, distance 1 → 1.21). On the hand sweeps of both panels and on that
    counter-example."""
    def objective(w, rho, c, lam):
        H = np.array([[1.0, rho], [rho, 1.0]])
        e = np.asarray(w) - np.asarray(c)
        return float(e @ H @ e + lam * np.abs(w).sum())

    from scenes.coordinate import CoordinateNumbers

    m = CoordinateNumbers(P)
    for key, rho in m.rho.items():
        c = m.loss[key].c
        pts = hand_sweeps(rho, c, P.lam, (P.start_x, P.start_y), P.max_sweeps)
        values = [objective(w, rho, c, P.lam) for w in pts]
        assert all(b <= a + 1e-12 for a, b in zip(values, values[1:], strict=False))
    # the counter-example to the old line: no penalty, no clipping, the distance to the answer grows
    pts = hand_sweeps(0.9, (0.0, 0.0), 0.0, (0.0, 1.0), 1)
    assert np.linalg.norm(pts[-1]) == pytest.approx(np.hypot(0.9, 0.81)) and np.linalg.norm(pts[-1]) > 1.0
