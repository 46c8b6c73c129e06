"""The path scene: profiles, breakpoints and the leaving feature against scikit-learn's LARS-lasso path;
a user's CSV at the command line; the cache knows the file's content."""

from __future__ import annotations

import re

import numpy as np
import pytest
from scene_helpers import TINY, out_of_frame, text_overlaps
from sklearn.linear_model import lars_path

from l1l2 import RenderSettings, capture_scene, timeline
from l1l2.cli import main
from mathcore import load_dataset
from scenes.kit.registry import get_spec

SPEC = get_spec("path")


def sklearn_path(name="diabetes"):
    """scikit-learn's lasso path of the centred, unit-norm columns: the shrinkage s at each breakpoint and
    the coefficients rescaled to unit-variance columns (× 1/√n)."""
    d = load_dataset(name)
    X, y = (d.X[d.train], d.y[d.train]) if d.train is not None else (d.X, d.y)
    Xc = X - X.mean(0)
    _, _, coefs = lars_path(Xc / np.linalg.norm(Xc, axis=0), y - y.mean(), method="lasso")
    l1 = np.abs(coefs).sum(0)
    return l1 / l1[-1], coefs.T / np.sqrt(len(y)), d.feature_names


@pytest.fixture(scope="session")  # session: a module fixture re-renders when xdist interleaves files
def scene():
    tl = timeline("path", settings=TINY)
    t = tl.still_time("leaves", TINY.frame_rate)
    return capture_scene("path", [t], settings=TINY, params=SPEC.params_class())


@pytest.mark.render
def test_each_profile_is_straight_between_scikit_learns_breakpoints(scene):
    s_ref, coefs_ref, _ = sklearn_path()
    axes = scene.lasso_axes
    for j, prof in enumerate(scene.profiles):
        corners = np.array([axes.p2c(p) for p in prof.get_anchors()])
        # every bend of the polyline is at a breakpoint, at scikit-learn's coefficient there
        for x, w in corners:
            k = int(np.argmin(np.abs(s_ref - x)))
            assert abs(s_ref[k] - x) < 1e-6 and abs(coefs_ref[k, j] - w) < 1e-6 * max(1, abs(w)), (j, x, w)
        assert corners[0][0] == pytest.approx(0.0, abs=1e-9) and corners[-1][0] == pytest.approx(1.0, abs=1e-9)


@pytest.mark.render
def test_dashed_lines_sit_at_the_breakpoints_and_counts_are_the_non_zeros(scene):
    s_ref, coefs_ref, _ = sklearn_path()
    xs = sorted(scene.lasso_axes.p2c(d.get_center())[0] for d in scene.dashes)
    np.testing.assert_allclose(xs, s_ref[1:-1], atol=1e-6)
    # every segment's count is shown, above the *middle* of its segment (issue 22, round 3: they stood on the
    # dashed breakpoints and stacked in two rows, while the caption said "above each piece"), in one row, and
    # each says the non-zero weights *inside* it: scikit-learn's coefficients at the segment's midpoint (issue
    # 22: it read 9 where all 10 were non-zero, counting the leaving weight's 0 at the segment's end)
    assert len(scene.counts) == len(s_ref) - 1
    mids = (s_ref[:-1] + s_ref[1:]) / 2
    for label in scene.counts:
        x = scene.lasso_axes.p2c(label.get_bottom())[0]
        k = int(np.argmin(np.abs(mids - x)))
        assert abs(mids[k] - x) < 1e-6
        inside = (coefs_ref[k] + coefs_ref[k + 1]) / 2
        assert re.sub(r"[^0-9]", "", label.typst_code) == str(np.count_nonzero(inside))
    assert np.ptp([c.get_bottom()[1] for c in scene.counts]) < 1e-6, "the counts stack in rows"
    row = sorted(scene.counts, key=lambda c: c.get_x())
    assert all(a.get_right()[0] < b.get_left()[0] for a, b in zip(row, row[1:], strict=False))
    counts = [int(re.sub(r"[^0-9]", "", c.typst_code)) for c in sorted(scene.counts, key=lambda c: c.get_x())]
    assert counts[-3:] == [10, 9, 10]  # s3's exit and return


@pytest.mark.render
def test_names_ride_at_the_tips_of_their_lines_while_the_path_grows():
    """Mid-sweep, each named feature that has joined has its name beside the drawing's front, on a leader
    from its own line's tip (issue 22, round 3: ten same-blue lines could not be followed through the
    crossings to names that sat at the far right); one that has not joined shows no name."""
    s_ref, coefs_ref, names = sklearn_path()
    tl = timeline("path", settings=TINY)
    from scenes.kit import style

    sweep = style.LONG * 2.4  # the path beat: the axes fade in (SHORT), then the path grows over this
    scene = capture_scene("path", [tl.beats[0].time + style.SHORT + 0.55 * sweep], settings=TINY,
                          params=SPEC.params_class())
    axes, panel = scene.lasso_axes, scene.panel
    fronts = {round(axes.p2c(p.get_anchors()[-1])[0], 9) for p in scene.profiles}
    assert len(fronts) == 1
    t = fronts.pop()
    assert 0.2 < t < 0.9
    order = scene.numbers.order
    joined = {j for j in order if s_ref[next(k for k in range(len(s_ref)) if coefs_ref[k, j] != 0) - 1] <= t}
    assert 2 < len(joined) < len(order)
    for j, group in panel.tag_of.items():
        leader, tag = group
        visible = tag.family_members_with_points()[0].get_fill_opacity() > 0.5
        assert visible == (j in joined), names[j]
        if visible:
            tip = np.interp(t, s_ref, coefs_ref[:, j])
            x, w = axes.p2c(leader.get_start())
            assert abs(x - t) < 0.01 and abs(w - tip) < 0.01 * np.ptp(coefs_ref), names[j]
            assert tag.get_left()[0] > leader.get_start()[0]
    shown = sorted((panel.tag_of[j][1] for j in joined), key=lambda m: m.get_y())
    assert all(a.get_top()[1] <= b.get_bottom()[1] + 1e-6 for a, b in zip(shown, shown[1:], strict=False))


@pytest.mark.render
def test_the_feature_that_leaves_is_ringed_where_scikit_learn_has_it_at_exactly_zero(scene):
    s_ref, coefs_ref, names = sklearn_path()
    j = names.index("s3")
    k = next(k for k in range(1, len(s_ref)) if coefs_ref[k - 1, j] != 0 and coefs_ref[k, j] == 0)
    assert scene.numbers.leaves == [(j, k)]
    ring = [m for top in scene.mobjects for m in top.get_family() if type(m).__name__ == "Circle"]
    assert len(ring) == 1
    np.testing.assert_allclose(scene.lasso_axes.p2c(ring[0].get_center()), [s_ref[k], 0.0], atol=1e-6)


@pytest.mark.render
def test_entry_tags_are_numbered_in_scikit_learns_order(scene):
    _, coefs_ref, names = sklearn_path()
    order = []
    for k in range(1, len(coefs_ref)):
        for j in np.flatnonzero((coefs_ref[k - 1] == 0) & (coefs_ref[k] != 0)):
            if names[j] not in order:
                order.append(names[j])
    assert [names[j] for j in scene.numbers.order] == order == ["bmi", "s5", "bp", "s3", "sex", "s6", "s1", "s4",
                                                               "s2", "age"]


def write_csv(path, n=60, d=30, seed=0, names=None):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X[:, :5] @ [3, -2, 1.5, 1, -0.5][: min(d, 5)] + rng.normal(size=n)
    names = names or [f"feature_with_a_long_name_{j}" for j in range(d)]
    rows = [",".join([*names, "target"])] + [",".join(f"{v:.6f}" for v in (*x, t)) for x, t in zip(X, y, strict=True)]
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.mark.render
def test_thirty_features_from_a_csv_stay_readable_in_every_aspect(tmp_path):
    csv = write_csv(tmp_path / "wide.csv")
    p = SPEC.params_class(data=str(csv))
    problems: dict[tuple[str, float], list[str]] = {}
    tl = timeline("path", settings=RenderSettings(quality="preview", fps=10), params=p)  # same beats at any aspect
    for aspect in ("16:9", "9:16"):
        settings = RenderSettings(quality="preview", fps=10, aspect=aspect)
        times = [tl.still_time(b.name, settings.frame_rate) for b in tl.beats]

        class Checked(SPEC.scene_class):
            aspect_name = aspect

            def on_capture(self, t):
                problems[(self.aspect_name, t)] = out_of_frame(self) + text_overlaps(self)

        capture_scene("path", times, settings=settings, params=p, scene_class=Checked)
    assert len(problems) >= 10 and all(not v for v in problems.values()), problems


def test_a_bad_csv_exits_2_naming_file_row_and_column(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,y\n1,2,3\n2,oops,5\n3,5,4\n4,3,9\n5,4,1\n")
    out = tmp_path / "out"
    code = main(["render", "path", "--set", f"data={bad}", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert str(bad) in err and "row 3" in err and "'b'" in err and "not a number" in err
    assert not out.exists()
    code = main(["render", "path", "--set", "target=y", "-o", str(out)])
    assert code == 2 and "target" in capsys.readouterr().err


def test_the_cache_key_changes_with_the_files_content_not_only_its_name(tmp_path):
    from l1l2.cache import cache_key
    from l1l2.settings import RenderSettings
    from scenes.kit.params import apply_overrides

    csv = write_csv(tmp_path / "mine.csv", d=4)
    p = apply_overrides(SPEC.params_class, {"data": str(csv)})
    before = cache_key("path", p, RenderSettings())
    write_csv(csv, d=4, seed=1)  # same name, other numbers
    assert cache_key("path", p, RenderSettings()) != before


def test_ridge_weights_are_zero_only_at_isolated_lambdas_where_they_change_sign():
    """Issue 22: "every ridge weight is non-zero for every λ > 0" was false. The teacher's numbers
    (scikit-learn): age, sex, s1, s2 (twice) and s3 cross 0 at about 0.083, 12, 0.82, 2.2 and 0.032,
    0.0037. scikit-learn's Ridge(alpha = n·λ) has opposite signs just either side of each zero, and a
    dense grid finds no other sign change."""
    from sklearn.linear_model import Ridge

    from scenes.path import PathNumbers

    m = PathNumbers(SPEC.params_class())
    n = m.rows
    got = [(m.names[j], lam) for j, lam in m.ridge_zeros]
    expected = [("sex", 12), ("s2", 2.2), ("s1", 0.82), ("age", 0.083), ("s2", 0.032), ("s3", 0.0037)]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for (_, lam), (_, approx) in zip(got, expected, strict=True):
        assert lam == pytest.approx(approx, rel=0.05)
    for j, lam in m.ridge_zeros:
        sides = [Ridge(alpha=n * lam * f, fit_intercept=False).fit(m.Z, m.y).coef_[j] for f in (1 - 1e-6, 1 + 1e-6)]
        assert sides[0] * sides[1] < 0, (m.names[j], lam, sides)
    lams = np.geomspace(m.ridge_lams.max(), m.ridge_lams.min(), 200_000)
    evals, Q = np.linalg.eigh(m.Z.T @ m.Z / n)
    w = (Q @ ((Q.T @ (m.Z.T @ m.y / n))[:, None] / (evals[:, None] + lams[None, :]))).T
    assert int((np.sign(w[:-1]) * np.sign(w[1:]) < 0).sum()) == len(m.ridge_zeros)
    # the scene's count of weights that are exactly 0 on a whole interval: lasso yes, ridge never
    assert np.all(m.counts[:-1] <= len(m.names))


@pytest.mark.render
def test_ridge_zeros_are_ringed_at_their_df_and_the_lasso_zoom_shows_the_stay_at_zero():
    tl = timeline("path", settings=TINY)
    scene = capture_scene("path", [tl.still_time("ridge_zeros", TINY.frame_rate)], settings=TINY,
                          params=SPEC.params_class())
    m = scene.numbers
    evals = np.linalg.eigvalsh(m.Z.T @ m.Z / m.rows)
    want = sorted(float((evals / (evals + lam)).sum()) for _, lam in m.ridge_zeros)
    got = sorted(scene.ridge_axes.p2c(r.get_center())[0] for r in scene.ridge_rings)
    np.testing.assert_allclose(got, want, atol=1e-6)
    for r in scene.ridge_rings:
        assert scene.ridge_axes.p2c(r.get_center())[1] == pytest.approx(0.0, abs=1e-6)
    # the zoom: the thick piece lies on w = 0 from s3's exit to its return (scikit-learn's breakpoints)
    s_ref, coefs_ref, names = sklearn_path()
    j = names.index("s3")
    first_in = next(k for k in range(len(s_ref)) if coefs_ref[k, j] != 0)
    zero = [k for k in range(first_in, len(s_ref) - 1) if coefs_ref[k, j] == 0]
    flat = np.array([scene.zoom.axes.p2c(p) for p in scene.zoom.flat.get_anchors()])
    np.testing.assert_allclose([flat[:, 0].min(), flat[:, 0].max()], [s_ref[zero[0]], s_ref[zero[-1]]], atol=1e-6)
    assert np.all(np.abs(flat[:, 1]) < 1e-9)
    assert [int(re.sub(r"[^0-9]", "", c.typst_code)) for c in scene.zoom.counts] == [10, 9, 10]
