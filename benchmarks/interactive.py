"""Input-to-frame time of the interactive pages in Chromium (issue 23), measured in one run; not a test.

    .venv/bin/python benchmarks/interactive.py [--drags 200]

For each page (written by ``l1l2 interactive --all`` into a temporary folder) it makes ``--drags`` real pointer
drags through Playwright and Debian's Chromium, eight moves each: budget's ŵ on the L1 diamond and on the
elastic-net ball (the heaviest redraw: each of the 121 points of the path is a bisection), budget's C slider,
shrink's λ slider and path's s slider. Each input's time runs from the event's time stamp to the animation frame
after the page redrew (``window.L1L2_FRAMES``); the redraw's own time is ``window.L1L2_WORK``. Prints median
and p95 of both per control, against the target of p95 ≤ 16 ms (one 60 Hz frame), and each page's size.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def drags(page, start, end, n: int, moves: int = 8) -> None:
    (x0, y0), (x1, y1) = start, end
    for k in range(n):
        a, b = ((x0, y0), (x1, y1)) if k % 2 == 0 else ((x1, y1), (x0, y0))
        page.mouse.move(*a)
        page.mouse.down()
        for j in range(1, moves + 1):
            page.mouse.move(a[0] + (b[0] - a[0]) * j / moves, a[1] + (b[1] - a[1]) * j / moves)
        page.mouse.up()


def measure(page, action) -> tuple[np.ndarray, np.ndarray]:
    page.evaluate("() => { window.L1L2_FRAMES.length = 0; window.L1L2_WORK.length = 0; }")
    action()
    page.wait_for_timeout(100)  # let the last animation frame land
    return np.array(page.evaluate("window.L1L2_FRAMES")), np.array(page.evaluate("window.L1L2_WORK"))


def main() -> None:
    from playwright.sync_api import sync_playwright

    from l1l2.cli import main as l1l2

    parser = argparse.ArgumentParser()
    parser.add_argument("--drags", type=int, default=200)
    n = parser.parse_args().drags
    with tempfile.TemporaryDirectory() as tmp:
        with contextlib.redirect_stdout(io.StringIO()):  # the paths it prints
            assert l1l2(["interactive", "--all", "-o", tmp, "--quiet"]) == 0
        folder = Path(tmp) / "interactive"
        sizes = {p.stem: p.stat().st_size for p in folder.glob("*.html") if not p.name.endswith(".embed.html")}
        rows = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=["--disable-gpu"])
            page = browser.new_page(viewport={"width": 1000, "height": 700})

            def open_(name):
                page.goto((folder / f"{name}.html").as_uri())
                page.wait_for_selector("body[data-ready='1']")

            def centre(sel):
                b = page.locator(sel).bounding_box()
                return b["x"] + b["width"] / 2, b["y"] + b["height"] / 2

            def track(sel, lo, hi):
                b = page.locator(sel).bounding_box()
                y = b["y"] + b["height"] / 2
                return (b["x"] + lo * b["width"], y), (b["x"] + hi * b["width"], y)

            open_("budget")
            hat = centre(".handle .hat")
            for norm in ("l1", "elastic"):
                page.locator(f"input[name=norm][value={norm}]").click()
                page.locator("#C").focus()
                rows.append((f"budget: drag ŵ ({norm})", *measure(page, lambda: drags(page, hat, (hat[0] - 120, hat[1] - 90), n))))
            rows.append(("budget: drag C (elastic)", *measure(page, lambda: drags(page, *track("#C", 0.1, 0.9), n))))
            open_("shrink")
            rows.append(("shrink: drag λ", *measure(page, lambda: drags(page, *track("#lam", 0.05, 0.95), n))))
            open_("path")
            rows.append(("path: drag s", *measure(page, lambda: drags(page, *track("#s", 0.05, 0.95), n))))
            version = browser.version
            browser.close()
    print(f"Chromium {version}, {n} drags of 8 moves per control; ms from the input event to the next frame "
          "(and the redraw alone):")
    for name, frames, work in rows:
        print(f"  {name:28s} input-to-frame median {np.median(frames):5.1f}  p95 {np.percentile(frames, 95):5.1f}"
              f"   redraw median {np.median(work):5.2f}  p95 {np.percentile(work, 95):5.2f}   ({len(frames)} inputs)")
    print("page sizes: " + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sorted(sizes.items())))


if __name__ == "__main__":
    main()
