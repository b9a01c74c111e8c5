"""The HTML reports render in headless Chromium (Debian's) without console errors."""

from __future__ import annotations

import pytest

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser(chromium, sync_api):
    """Headless Chromium; skipped without it locally, a failure in CI (tests/conftest.py)."""
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize("which", ["case_dir", "case_dir_fa"])
def test_report_renders_without_errors(browser, request, tmp_path, which):
    folder = request.getfixturevalue(which)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url[:80]}"))
    page.goto((folder / "report.html").resolve().as_uri())
    page.wait_for_load_state("load")
    assert problems == []
    n_img = page.evaluate("document.images.length")
    ok = page.evaluate("Array.from(document.images).filter(i => i.complete && i.naturalWidth > 100).length")
    assert n_img == 7 and ok == 7  # six charts and the what-if
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == ("rtl" if which == "case_dir_fa" else "ltr")
    assert page.evaluate("document.querySelectorAll('table').length") >= 6
    shot = tmp_path / f"{which}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    page.close()
