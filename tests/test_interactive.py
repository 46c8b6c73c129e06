"""``l1l2 interactive`` (issue 23) in Debian's Chromium, driven with real pointer, touch and key events: every
readout equals mathcore's number for the problem on the page (an exact zero reads ``0``), the contact dot is
drawn where mathcore puts it (found in the screenshot's pixels), every control is reached by Tab and moved by
keys, nothing is requested outside the page, and a hostile CSV column name shows as text."""

from __future__ import annotations

import io
import json
import math
import shlex

import numpy as np
import pytest
from browser_helpers import axe_violations, chromium_page
from PIL import Image
from scene_helpers import dot_centroid

from l1l2.cli import main
from mathcore import Quadratic, constrained_minimizer, lasso_path, penalized_minimizer, zero_threshold
from scenes.kit.problem2d import rotated_quadratic
from scenes.kit.style import THEMES

pytestmark = pytest.mark.xdist_group("browser")

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def shown(v: float) -> str:
    """How a readout must write ``v`` (3 decimals; an exact 0 is ``0``; a non-zero below 10⁻³ in scientific
    notation), derived here from Python's own formatting, not from the page's code."""
    if v == 0.0:
        return "0"
    if abs(v) < 1e-3:
        mant, exp = f"{v:.1e}".split("e")
        return f"{mant} × 10{str(int(exp)).translate(SUPERSCRIPT)}".replace("-", "−")
    return f"{v:.3f}".replace("-", "−")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("interactive")
    assert main(["interactive", "--all", "-o", str(out), "--quiet"]) == 0
    fast = tmp_path_factory.mktemp("fast")
    assert main(["interactive", "budget", "--set", "sweep_seconds=2", "-o", str(fast), "--quiet"]) == 0
    light = tmp_path_factory.mktemp("light")
    assert main(["interactive", "--all", "--theme", "light", "--aspect", "9:16", "-o", str(light), "--quiet"]) == 0
    return {**{n: out / "interactive" / f"{n}.html" for n in ("budget", "shrink", "path")},
            **{f"{n}_light": light / "interactive" / f"{n}.html" for n in ("budget", "shrink", "path")},
            "budget_fast": fast / "interactive" / "budget.html"}


def open_page(page, path):
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']")


def value(page, sel: str) -> float:
    return float(page.get_attribute(sel, "data-value"))


def assert_only_the_page(page, path):
    assert page.console_errors == []
    assert set(page.requests) == {path.as_uri()}, page.requests  # no request but the page itself


def drag_range(page, sel: str, fraction: float) -> None:
    """A real pointer drag on a range input: press on its track, move to ``fraction`` of its width, release."""
    box = page.locator(sel).bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    for k in range(1, 9):
        page.mouse.move(box["x"] + box["width"] * (0.5 + (fraction - 0.5) * k / 8), y)
    page.mouse.up()


def plane_pixel(page, w) -> tuple[float, float]:
    """Where data point ``w`` of the budget plane is on screen, from the SVG's box on the page, its viewBox
    and the data box it declares, with the plane's reach computed here from the scene's parameters."""
    loss = rotated_quadratic((1.5, 0.6), 1.0, 3.0, 100.0)
    reach = max(1.05 * float(np.abs(loss.c).sum()), float(np.abs(loss.c).max())) * 1.08
    rect = page.locator("#plane").bounding_box()
    vb = [float(v) for v in page.get_attribute("#plane", "viewBox").split()]
    bx, by, bw, bh = (float(v) for v in page.get_attribute("#plane", "data-box").split())
    sx, sy = rect["width"] / vb[2], rect["height"] / vb[3]
    return (rect["x"] + (bx + (w[0] + reach) / (2 * reach) * bw) * sx,
            rect["y"] + (by + (reach - w[1]) / (2 * reach) * bh) * sy)


def screenshot(page) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB"))


def check_budget_readouts(page, norm: str) -> np.ndarray:
    """The page's C, λ, w₁, w₂ against mathcore's constrained minimizer of the page's problem."""
    state = page.evaluate("window.L1L2_STATE")
    C = value(page, "#r-C")
    assert C == page.eval_on_selector("#C", "e => e.valueAsNumber") == state["C"]
    sol = constrained_minimizer(Quadratic(np.array(state["H"]), np.array(state["c"])), C, norm,
                                l1_ratio=state["alpha"] if norm == "elastic" else 0.5)
    got = np.array([value(page, "#r-w1"), value(page, "#r-w2")])
    assert np.abs(got - sol.point).max() <= 1e-12, (got, sol.point)
    assert list(got == 0) == list(sol.point == 0)
    assert abs(value(page, "#r-lam") - sol.lam) <= 1e-12 * max(1.0, sol.lam)
    for sel, v in (("#r-C", C), ("#r-lam", sol.lam), ("#r-w1", sol.point[0]), ("#r-w2", sol.point[1])):
        assert page.text_content(sel) == shown(v), (sel, v)
    return sol.point


def test_budget_drag_the_budget_and_toggle_the_set_readouts_and_dot_are_mathcores(pages):
    pal = THEMES["dark"]
    with chromium_page(1000, 700) as page:
        open_page(page, pages["budget"])
        # the page's starting problem is the scene's own H, exactly
        H = np.array(page.evaluate("window.L1L2_STATE.H"))
        assert (H == rotated_quadratic((1.5, 0.6), 1.0, 3.0, 100.0).H).all()
        drag_range(page, "#C", 0.3)
        C = value(page, "#r-C")
        c_max = float(page.get_attribute("#C", "max"))
        assert abs(C / c_max - 0.3) < 0.05, C  # the drag moved the budget where the pointer went
        for norm, colour in (("l1", pal.l1), ("l2", pal.l2), ("elastic", pal.elastic)):
            page.locator(f"input[name=norm][value={norm}]").click()  # a real click on the radio
            point = check_budget_readouts(page, norm)
            x, y = plane_pixel(page, point)
            found = dot_centroid(screenshot(page), colour, (x - 25, x + 25, y - 25, y + 25), erode=3)
            assert found is not None, f"no {norm} contact dot near {x:.0f}, {y:.0f}"
            assert math.hypot(found[0] - x, found[1] - y) <= 1.5, (norm, found, (x, y))
        assert_only_the_page(page, pages["budget"])


def test_budget_drag_w_hat_onto_an_l1_corner_and_w2_reads_exactly_0(pages):
    loss = rotated_quadratic((1.5, 0.6), 1.0, 3.0, 100.0)
    target = np.array([1.7, 0.3])
    with chromium_page(1000, 700) as page:
        open_page(page, pages["budget"])
        C = value(page, "#r-C")
        # precondition, from mathcore: around the target (± a few pixels) the L1 contact is the corner (C, 0)
        for dx in (-0.05, 0.0, 0.05):
            for dy in (-0.05, 0.0, 0.05):
                sol = constrained_minimizer(Quadratic(loss.H, target + [dx, dy]), C, "l1")
                assert sol.point[1] == 0.0 and sol.point[0] == C
        page.evaluate("document.querySelector('input[value=l2]').click()")  # start away from the corner
        page.locator("input[name=norm][value=l1]").click()
        x0, y0 = plane_pixel(page, (1.5, 0.6))
        x1, y1 = plane_pixel(page, target)
        page.mouse.move(x0, y0)
        page.mouse.down()
        for k in range(1, 11):
            page.mouse.move(x0 + (x1 - x0) * k / 10, y0 + (y1 - y0) * k / 10)
        page.mouse.up()
        c = np.array(page.evaluate("window.L1L2_STATE.c"))
        assert np.abs(c - target).max() < 0.03, c  # ŵ followed the pointer
        assert page.text_content("#r-w2") == "0" and page.get_attribute("#r-w2", "data-value") == "0"
        check_budget_readouts(page, "l1")
        assert "w₂ = 0 exactly" in page.text_content("#sentence")
        assert_only_the_page(page, pages["budget"])


def test_budget_every_control_is_reached_by_tab_named_and_moved_by_keys(pages):
    with chromium_page(1000, 700) as page:
        open_page(page, pages["budget"])
        seen = []
        for _ in range(12):
            page.keyboard.press("Tab")
            seen.append(page.evaluate("document.activeElement.id || document.activeElement.getAttribute('class')"
                                      " || document.activeElement.name"))
        assert {"handle", "norm", "C", "tilt", "play", "reset"} <= set(seen), seen
        for role, name in (("slider", "Budget C"), ("slider", "Tilt of the loss's ellipse (degrees)"),
                           ("radio", "L1: |w₁| + |w₂| ≤ C"), ("radio", "L2: √(w₁² + w₂²) ≤ C"),
                           ("button", "▶ Play the sweep"), ("button", "Reset")):
            assert page.get_by_role(role, name=name, exact=True).count() == 1, (role, name)
        assert page.get_by_role("slider", name="ŵ, the least-squares point").count() == 1
        step = float(page.get_attribute("#C", "step"))
        page.focus("#C")
        before = value(page, "#r-C")
        page.keyboard.press("ArrowRight")
        assert abs(value(page, "#r-C") - (before + step)) <= 1e-12
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        assert abs(value(page, "#r-C") - (before - step)) <= 1e-12
        page.keyboard.press("PageUp")
        assert value(page, "#r-C") > before + step
        page.keyboard.press("Home")
        assert value(page, "#r-C") == float(page.get_attribute("#C", "min"))
        check_budget_readouts(page, "l1")
        page.keyboard.press("End")
        assert abs(value(page, "#r-C") - float(page.get_attribute("#C", "max"))) <= 1e-12
        check_budget_readouts(page, "l1")
        # the tilt: the page's H is R(θ) diag(1, 3) R(θ)ᵀ at the new angle, and the readouts follow it
        page.keyboard.press("Home")
        for _ in range(40):
            page.keyboard.press("ArrowRight")
        page.focus("#tilt")
        page.keyboard.press("ArrowRight")
        H = np.array(page.evaluate("window.L1L2_STATE.H"))
        assert np.abs(H - rotated_quadratic((1.5, 0.6), 1.0, 3.0, 101.0).H).max() <= 1e-14
        check_budget_readouts(page, "l1")
        # ŵ by keys: one arrow press is a hundredth of the plane's half-width
        page.focus(".handle")
        c0 = np.array(page.evaluate("window.L1L2_STATE.c"))
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Home")
        c1 = np.array(page.evaluate("window.L1L2_STATE.c"))
        reach = page.evaluate("window.L1L2_STATE.reach")
        assert np.abs(c1 - c0 - [-10 * reach / 100, reach / 100]).max() <= 1e-12
        check_budget_readouts(page, "l1")
        assert_only_the_page(page, pages["budget"])


def test_budget_play_sweeps_the_budget_down_onto_the_axis_as_the_video_does(pages):
    with chromium_page(1000, 700) as page:
        open_page(page, pages["budget_fast"])
        page.get_by_role("button", name="▶ Play the sweep").click()
        assert page.get_attribute("#play", "aria-pressed") == "true"
        page.wait_for_selector("#play[aria-pressed='false']")  # the sweep ended (no clock in the test)
        C = value(page, "#r-C")
        start = 1.05 * 2.1  # 1.05‖ŵ‖₁, ŵ = (1.5, 0.6): the video's starting budget
        assert abs(C - 0.08 * start) <= float(page.get_attribute("#C", "step"))  # c_end = 0.08 of it
        check_budget_readouts(page, "l1")
        assert page.text_content("#r-w2") == "0"  # the video ends with L1 on the axis
        assert_only_the_page(page, pages["budget_fast"])


def test_budget_works_by_touch_in_a_360_px_frame(pages):
    with chromium_page(360, 740, touch=True) as page:
        open_page(page, pages["budget"])
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the frame
        for sel in ("#plane", "#C", "#tilt", "#play", ".readouts"):
            box = page.locator(sel).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (sel, box)
        x0, y0 = plane_pixel(page, (1.5, 0.6))
        x1, y1 = plane_pixel(page, (0.4, 1.6))
        cdp = page.context.new_cdp_session(page)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
        for k in range(1, 9):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
                {"x": x0 + (x1 - x0) * k / 8, "y": y0 + (y1 - y0) * k / 8}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        c = np.array(page.evaluate("window.L1L2_STATE.c"))
        assert np.abs(c - [0.4, 1.6]).max() < 0.05, c  # ŵ followed the finger
        check_budget_readouts(page, "l1")
        assert_only_the_page(page, pages["budget"])


def test_shrink_lambda_slider_minimizers_slopes_and_lambda_star_are_mathcores(pages):
    from scenes.kit.problem1d import Problem1D
    from scenes.shrink import ShrinkParams

    model = Problem1D(ShrinkParams())
    # independent of the scene's code: the data y = 0.5 x on 11 even points of [−1, 1]
    x = np.linspace(-1, 1, 11)
    a, w0 = float(np.mean(x * x)), float(np.sum(x * 0.5 * x) / np.sum(x * x))
    loss = Quadratic.from_data(x, 0.5 * x)
    with chromium_page(1000, 760) as page:
        open_page(page, pages["shrink"])
        assert abs(value(page, "#r-star") - 2 * a * abs(w0)) <= 1e-12
        assert value(page, "#r-star") == zero_threshold(model.loss)
        for move in (lambda: drag_range(page, "#lam", 0.3), lambda: page.keyboard.press("ArrowRight"),
                     lambda: page.keyboard.press("End")):
            move()
            lam = value(page, "#r-lam")
            for sel, norm in (("#r-l1", "l1"), ("#r-l2", "l2")):
                ref = penalized_minimizer(loss, lam, norm)
                assert abs(value(page, sel) - ref) <= 1e-12 and (value(page, sel) == 0) == (ref == 0)
                assert page.text_content(sel) == shown(value(page, sel))
            assert abs(value(page, "#r-left") - (lam + 2 * a * w0)) <= 1e-12
            assert abs(value(page, "#r-right") - (lam - 2 * a * w0)) <= 1e-12
        assert lam == float(page.get_attribute("#lam", "max")) and lam > 2 * a * abs(w0)
        assert page.text_content("#r-l1") == "0" and value(page, "#r-l2") > 0  # past λ*: L1 exactly 0, L2 not
        assert "exactly 0" in page.text_content("#sentence")
        assert_only_the_page(page, pages["shrink"])


def check_path_table(page, path) -> tuple[float, np.ndarray]:
    lam = value(page, "#r-lam")
    ref = path.at(lam)
    got = np.array([float(td.get_attribute("data-value")) for td in page.locator("#coef-rows td").all()])
    names = page.locator("#coef-rows th").all_text_contents()
    return lam, ref, got, names


def test_path_slider_gives_the_exact_lasso_coefficients_with_zeros_as_0(pages):
    from mathcore import load_dataset, standardize

    d = load_dataset("diabetes")
    Z = standardize(d.X).Z
    path = lasso_path(Z, d.y - d.y.mean())
    with chromium_page(1000, 760) as page:
        open_page(page, pages["path"])
        for move in (lambda: drag_range(page, "#s", 0.35), lambda: page.keyboard.press("ArrowRight"),
                     lambda: page.keyboard.press("Home"), lambda: page.keyboard.press("End")):
            move()
            lam, _, got, names = check_path_table(page, path)
            order = [list(d.feature_names).index(n) for n in names]
            ref = path.at(lam)[order]
            # 1e-12 relative: this path is mathcore's on data standardized here, not through the scene's code
            assert (np.abs(got - ref) <= 1e-12 * np.maximum(1, np.abs(ref))).all(), (lam, got, ref)
            assert list(got == 0) == list(ref == 0)
            texts = page.locator("#coef-rows td").all_text_contents()
            assert texts == [shown(v) for v in ref]
            assert value(page, "#r-count") == int((ref != 0).sum())
            s = value(page, "#r-s")
            l1 = np.abs(path.at(lam)).sum() / np.abs(path.coefs[-1]).sum()
            assert abs(l1 - s) <= 1e-9, (s, l1)  # λ is the one on the path at this s
        assert value(page, "#r-count") == 10  # s = 1: the end of the path, every weight in
        page.keyboard.press("Home")
        assert set(page.locator("#coef-rows td").all_text_contents()) == {"0"}
        assert_only_the_page(page, pages["path"])


HOSTILE = "<img src=x onerror=alert(1)>"


def test_path_on_a_users_csv_shows_a_hostile_column_name_as_text(tmp_path):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((40, 3))
    y = X @ [2.0, -1.0, 0.5] + 0.1 * rng.standard_normal(40)
    rows = "\n".join(",".join(f"{v:.6f}" for v in (*row, t)) for row, t in zip(X, y, strict=True))
    csv = tmp_path / "mine.csv"
    csv.write_text(f'"{HOSTILE}",b,c,y\n{rows}\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["interactive", "path", "--set", f"data={csv}", "--set", "target=y", "-o", str(out), "--quiet"]) == 0
    html = (out / "interactive" / "path.html").read_text(encoding="utf-8")
    assert HOSTILE not in html  # only escaped forms are in the file
    with chromium_page(1000, 760) as page:
        dialogs = []
        page.on("dialog", lambda dlg: (dialogs.append(dlg.message), dlg.dismiss()))
        open_page(page, out / "interactive" / "path.html")
        page.keyboard.press("Tab")
        page.focus("#s")
        page.keyboard.press("End")
        assert HOSTILE in page.locator("#coef-rows th").all_text_contents()
        assert page.evaluate("document.querySelectorAll('img').length") == 0 and dialogs == []
        assert_only_the_page(page, out / "interactive" / "path.html")


@pytest.mark.parametrize("name", ["budget", "shrink", "path"])
def test_axe_finds_no_accessibility_violation_in_either_theme(pages, name):
    for key, size in ((name, (1000, 700)), (f"{name}_light", (540, 900))):
        with chromium_page(*size) as page:
            open_page(page, pages[key])
            if name == "budget":  # the α slider too, shown for the elastic net
                page.locator("input[name=norm][value=elastic]").click()
            assert axe_violations(page) == [], key
            assert page.console_errors == []


def test_interactive_command_writes_each_page_its_embed_and_manifest_and_refuses_bad_input(tmp_path, capsys):
    out = tmp_path / "renders"
    for argv, says in ((["interactive", "nope"], "interactive: no interactive 'nope'; allowed: budget, shrink, path"),
                       (["interactive", "budget", "--set", "c_end=5"], "c_end: must be a finite number >= 0.01"),
                       (["interactive", "shrink", "--set", "lam=0", "--set", "lam_max=0.1"], "lam_max: must be > λ*"),
                       (["interactive", "path", "--set", "dataset=iris"], "dataset: must be one of"),
                       (["interactive", "budget", "--set", "colour=red"], "colour: unknown parameter"),
                       (["interactive", "--all", "budget"], "give names or --all, not both"),
                       (["interactive"], "give names or --all")):
        assert main([*argv, "-o", str(out)]) == 2, argv
        err = capsys.readouterr().err
        assert says in err and err.count("\n") == 1 and "Traceback" not in err, (argv, err)
    assert not out.exists()  # nothing was written for bad input
    assert main(["interactive", "budget", "shrink", "path", "--aspect", "9:16", "--set", "c_end=0.1", "-o", str(out),
                 "--quiet"]) == 2  # c_end is budget's: shrink has no such parameter, so nothing is written
    assert not out.exists()
    assert main(["interactive", "--all", "--theme", "light", "--aspect", "9:16", "-o", str(out), "--quiet"]) == 0
    folder = out / "interactive"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{n}{ext}" for n in ("budget", "shrink", "path") for ext in (".html", ".embed.html", ".json"))
    for name in ("budget", "shrink", "path"):
        manifest = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        assert manifest["bytes"] == (folder / f"{name}.html").stat().st_size
        assert manifest["command"] == f"l1l2 interactive {name} --theme=light --aspect=9:16"
        snippet = (folder / f"{name}.embed.html").read_text(encoding="utf-8")
        assert snippet.startswith(f'<iframe id="l1l2-{name}" src="{name}.html" title="') and 'width="540"' in snippet
        # the manifest's command writes the same bytes again (the page holds no time stamp or random id)
        again = tmp_path / f"again-{name}"
        argv = shlex.split(manifest["command"])[1:]
        assert main([*argv, "-o", str(again), "--quiet"]) == 0
        assert (again / "interactive" / f"{name}.html").read_bytes() == (folder / f"{name}.html").read_bytes()
    # the gallery lists them, each in an iframe with its command and embed snippet
    from l1l2.gallery import write_gallery

    page = write_gallery(out).read_text(encoding="utf-8")
    for name in ("budget", "shrink", "path"):
        assert f'src="interactive/{name}.html"' in page and f"l1l2 interactive {name} --theme=light" in page
    assert "3 interactive(s)" in page


def test_each_embed_snippets_frame_holds_its_whole_page_at_every_aspect(tmp_path):
    from l1l2.web.interactive import EMBED_HEIGHT, EMBED_WIDTH

    with chromium_page(960, 600) as page:
        for aspect, width in EMBED_WIDTH.items():
            out = tmp_path / aspect.replace(":", "x")
            assert main(["interactive", "--all", "--aspect", aspect, "-o", str(out), "--quiet"]) == 0
            for name, heights in EMBED_HEIGHT.items():
                snippet = (out / "interactive" / f"{name}.embed.html").read_text(encoding="utf-8")
                assert f'width="{width}" height="{heights[aspect]}"' in snippet
                page.set_viewport_size({"width": width, "height": heights[aspect]})
                open_page(page, out / "interactive" / f"{name}.html")
                if name == "budget":  # the longest states: the elastic net's α slider, shrink's sentence past λ*
                    page.locator("input[name=norm][value=elastic]").click()
                if name == "shrink":
                    page.focus("#lam")
                    page.keyboard.press("End")
                need = page.evaluate("[document.documentElement.scrollHeight, document.documentElement.scrollWidth]")
                assert need[0] <= heights[aspect] and need[1] <= width, (name, aspect, need)
        assert page.console_errors == []
        # in a column narrower than the snippet's width the 16:9 page stacks and grows taller: the frame follows
        folder = tmp_path / "16x9" / "interactive"
        snippet = (folder / "budget.embed.html").read_text(encoding="utf-8")
        (folder / "host.html").write_text(f"<!doctype html><title>host</title><div style='width:600px'>{snippet}</div>",
                                          encoding="utf-8")
        page.set_viewport_size({"width": 800, "height": 600})
        page.goto((folder / "host.html").as_uri())
        frame = page.frame_locator("#l1l2-budget")
        frame.locator("body[data-ready='1']").wait_for()
        inner = frame.locator("html").evaluate("e => e.scrollHeight")
        assert inner > EMBED_HEIGHT["budget"]["16:9"]  # taller than the snippet's own height
        page.wait_for_function("h => document.getElementById('l1l2-budget').offsetHeight >= h", arg=inner)
