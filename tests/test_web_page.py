"""The shared web page (``l1l2/web/page.py``) in Chromium: user text is text, in the markup and in the page's
data, and the page's Content-Security-Policy lets no request leave it (issue 23: a CSV column named
``<img src=x onerror=alert(1)>`` shows as text; no network)."""

from __future__ import annotations

from browser_helpers import chromium_page

from l1l2.web.page import escape_html, json_for_script, script_asset, standalone_page

HOSTILE = "<img src=x onerror=alert(1)></script><script>window.PWNED=1</script>&amp;\u2028'\""


def test_user_text_stays_text_and_nothing_leaves_the_page(tmp_path):
    body = (f"<h1 id=title>{escape_html(HOSTILE)}</h1><p id=out></p>"
            f'<div id=attr data-name="{escape_html(HOSTILE)}"></div>')
    probe = """
        document.getElementById('out').textContent = window.L1L2_DATA.columns[0];
        window.SOLVED = L1L2Exact.constrained2([[1, 0], [0, 1]], [2, 0.5], 0, 1, 'l1', 1).w;
        fetch('https://example.com/x').then(() => { window.FETCHED = 'yes'; }, () => { window.FETCHED = 'blocked'; });
        const img = new Image(); img.src = 'https://example.com/pixel.png'; document.body.appendChild(img);
    """
    page_html = standalone_page(HOSTILE, body, theme="light", data={"columns": [HOSTILE]},
                                scripts=(script_asset("exact.js"), probe))
    assert "<img src=x" not in page_html and "window.PWNED=1</script>" not in page_html
    path = tmp_path / "page.html"
    path.write_text(page_html, encoding="utf-8")
    with chromium_page() as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_function("window.FETCHED !== undefined")
        assert page.title() == HOSTILE
        assert page.text_content("#title") == HOSTILE
        assert page.text_content("#out") == HOSTILE
        assert page.get_attribute("#attr", "data-name") == HOSTILE
        assert page.evaluate("document.querySelectorAll('img[src=x], script').length") == 3  # 2 inline + data
        assert page.evaluate("window.PWNED") is None and dialogs == []
        assert page.evaluate("window.SOLVED") == [1, 0]  # the diamond's corner: an exact 0
        assert page.evaluate("window.FETCHED") == "blocked"
        assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--l1').trim()") == \
            "#0072B2"
    # the image's request is issued and stopped by the policy inside Chromium: nothing leaves the page
    outside = [u for u in page.requests if not u.startswith("file://")]
    assert outside == ["https://example.com/pixel.png"]
    assert all("csp" in (page.failed.get(u) or "").lower() for u in outside), page.failed


def test_json_for_script_cannot_close_its_script():
    text = json_for_script({"a": "</script><!--", "b": "\u2028"})
    assert "<" not in text and ">" not in text and "\u2028" not in text
    import json

    assert json.loads(text) == {"a": "</script><!--", "b": "\u2028"}
