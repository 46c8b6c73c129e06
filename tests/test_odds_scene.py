"""The odds scene: its counts agree with an independent corner test and with zero_odds."""

from __future__ import annotations

import numpy as np
import pytest
from scene_helpers import TINY

from mathcore import zero_odds
from mathcore.odds import random_losses
from scenes.registry import get_spec
from scenes.render import capture_scene, solve, timeline

pytestmark = pytest.mark.render
SPEC = get_spec("odds")


def corner_is_optimal(H, c, budget=1.0):
    """A corner v is the diamond minimizer iff g = 2H(c − v) lies in the corner's normal cone."""
    for v in budget * np.array([[1.0, 0], [-1.0, 0], [0, 1.0], [0, -1.0]]):
        g = 2 * H @ (c - v)
        axis = int(np.argmax(np.abs(v)))
        if np.sign(g[axis]) == np.sign(v[axis]) and abs(g[1 - axis]) <= abs(g[axis]):
            return True
    return False


def test_counts_match_corner_kkt_and_tally_matches_zero_odds():
    p = SPEC.params_class()
    tl = timeline("odds", settings=TINY)
    t = tl.still_time("tally", TINY.frame_rate)
    scene = capture_scene("odds", [t], settings=TINY, params=p)
    H, c = random_losses(p.shown, p.shape, 1.0, np.random.default_rng(p.seed))
    expected = sum(corner_is_optimal(H[k], c[k]) for k in range(p.shown))
    assert scene.shown_counts == {"l1": expected, "l2": 0}
    assert 0 < expected < p.shown
    assert scene.result == zero_odds(p.trials, p.shape, seed=p.seed)


def test_solve_has_every_shape_with_published_rates():
    out = solve("odds", {"trials": 2000})["numbers"]
    assert set(out) == {"general", "symmetric", "orthogonal"}
    assert out["orthogonal"]["published_percent"] == {"l1": 80, "l2": 45}
    for res in out.values():
        assert res["exact"]["l2"][0] == 0.0 and 0.3 < res["exact"]["l1"][0] < 0.95
