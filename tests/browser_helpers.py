"""Debian's Chromium driven by Playwright (``executable_path``: no browser is downloaded), for the tests
of the web pages: real key and pointer events, the console and every request the page makes."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def chromium_page(width: int = 1000, height: int = 700, *, touch: bool = False) -> Iterator:
    """A fresh page in headless Chromium; yields it with ``page.console_errors``, ``page.requests`` (every
    URL it asked for) and ``page.failed`` (the requests that failed, and why) filled in as it runs. With
    ``touch`` the page has a touch screen (``Input.dispatchTouchEvent`` through a CDP session)."""
    from playwright import sync_api  # the test extra installs it; a missing one is a failure, not a skip
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Debian's chromium is not installed (make test installs it)"
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, has_touch=touch)
            page.console_errors, page.requests = [], []
            page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: page.console_errors.append(str(e)))
            page.on("request", lambda r: page.requests.append(r.url))
            page.failed = {}  # url → why it failed ("csp": the page's policy stopped it)
            page.on("requestfailed", lambda r: page.failed.__setitem__(r.url, r.failure))
            yield page
        finally:
            browser.close()


AXE = Path(__file__).parent / "web" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """axe-core's accessibility violations on the loaded page (``make test`` installs it from npm, pinned by
    ``tests/web/package-lock.json``), one line each: rule, impact and the first offending elements."""
    assert AXE.is_file(), f"{AXE} is missing: make test installs it (npm ci in tests/web)"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in found]
