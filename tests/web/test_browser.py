"""The dashboard in headless Chromium (Playwright): choose a state and a year, watch every panel update.

Uses Debian's Chromium at /usr/bin/chromium (Playwright's own browser download is not used); without
it the tests skip on a developer's machine and fail in CI (``CI=true``; fixtures in tests/conftest.py).
The server runs in a thread on a free loopback port; the page may reach nothing but that server
(every other request is aborted and counted as a failure).
Runs on the real threat model; writes the screenshot used in the README to ``docs/img/dashboard.png``
when ``THREATBALANCE_WRITE_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
# the README's picture is refreshed only on request (THREATBALANCE_WRITE_SCREENSHOTS=1), so that a
# test run leaves the tracked file alone; otherwise the screenshot goes to the temporary folder
SCREENSHOT = (
    Path(__file__).resolve().parents[2] / "docs" / "img" / "dashboard.png"
    if os.environ.get("THREATBALANCE_WRITE_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "threatbalance-dashboard.png"
)
WAIT = 90_000  # ms: bound of every wait (the first year of the real model is computed on demand)


@pytest.fixture(scope="module")
def page(real_model, live_server, chromium, sync_api):
    from threatbalance.web import create_app

    server = live_server(create_app(model=real_model))
    log = {"external": [], "errors": [], "server_errors": []}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, timeout=60_000)
        try:
            context = browser.new_context(viewport={"width": 1500, "height": 1250}, accept_downloads=True)
            pg = context.new_page()
            pg.set_default_timeout(WAIT)

            def route(r):
                if r.request.url.startswith(server.url):
                    r.continue_()
                else:
                    log["external"].append(r.request.url)
                    r.abort()

            pg.route("**/*", route)
            pg.on("pageerror", lambda e: log["errors"].append(str(e)))
            pg.on("response", lambda r: r.status >= 500 and log["server_errors"].append(f"{r.status} {r.url}"))
            pg.goto(server.url + "/", wait_until="domcontentloaded")
            pg.log = log
            yield pg
        finally:
            browser.close()


def _text(pg, sel: str) -> str:
    return pg.locator(sel).first.text_content() or ""


def _wait_text(pg, sel: str, needle: str) -> None:
    pg.wait_for_function(
        "([s, n]) => { const e = document.querySelector(s); return e && (e.textContent || '').includes(n); }",
        arg=[sel, needle],
        timeout=WAIT,
    )


def _loaded(pg) -> None:
    pg.wait_for_selector("#map .choroplethlocation")
    pg.wait_for_selector("table.partners tbody tr")
    pg.wait_for_selector("#network .scatterlayer .trace")
    pg.wait_for_selector("#common .scatterlayer .trace")
    pg.wait_for_selector("#terms .scatterlayer .trace")
    pg.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=WAIT)


def _type(pg, sel: str, text: str) -> None:
    box = pg.locator(sel)
    box.fill(text)
    box.press("Enter")


def _set_year(pg, year: int) -> None:
    """Move the year slider's handle with the keyboard (as a person would without a mouse)."""
    thumb = pg.locator("#year [role=slider]").first
    now = int(thumb.get_attribute("aria-valuenow"))
    thumb.focus()
    key = "ArrowLeft" if year < now else "ArrowRight"
    for _ in range(abs(year - now)):
        thumb.press(key)
    pg.keyboard.press("Tab")  # leave the slider: commits the value in every Dash version


def test_choose_state_and_year_updates_every_panel(page):
    pg = page
    _loaded(pg)
    _wait_text(pg, "#summary", "Israel")
    assert "Threat to Israel, 2012" in _text(pg, "#map .gtitle")
    first_row = _text(pg, "table.partners tbody tr")
    net_before = _text(pg, "#network .gtitle")

    # a Persian name picks the state; the default partner (Azerbaijan) is then the state itself:
    # the top predicted partner is used, said in the summary, no error banner
    _type(pg, "#state", "آذربایجان")
    _wait_text(pg, "#summary", "the partner box names Azerbaijan itself")
    _wait_text(pg, "#map .gtitle", "Threat to Azerbaijan, 2012")
    _wait_text(pg, "#network .gtitle", "Azerbaijan")
    _wait_text(pg, "#table-note", "partners of Azerbaijan in 2012")
    _wait_text(pg, "#common .gtitle", "Common threat of Azerbaijan and")
    _loaded(pg)
    assert _text(pg, "#message").strip() == ""
    assert pg.locator("#common .scatterlayer .trace").count() >= 3  # common, mutual threat, score
    assert _text(pg, "table.partners tbody tr") != first_row
    assert _text(pg, "#network .gtitle") != net_before
    _type(pg, "#partner", "Israel")
    _wait_text(pg, "#common .gtitle", "Common threat of Azerbaijan and Israel")
    assert _text(pg, "#message").strip() == ""

    # a year typed in the box and Enter: every panel follows; a year outside the data: a message
    _type(pg, "#year-box", "1700")
    _wait_text(pg, "#year-note", "year 1700 is outside")
    assert pg.locator("#year [role=slider]").first.get_attribute("aria-valuenow") == "2012"
    _type(pg, "#year-box", "1995")
    _wait_text(pg, "#summary", "in 1995")
    _wait_text(pg, "#map .gtitle", "Threat to Azerbaijan, 1995")
    _wait_text(pg, "#network .gtitle", "1995")
    _wait_text(pg, "#table-note", "in 1995")
    assert _text(pg, "#year-note").strip() == ""
    assert pg.locator("#year [role=slider]").first.get_attribute("aria-valuenow") == "1995"

    # the year slider
    _set_year(pg, 2005)
    _wait_text(pg, "#summary", "in 2005")
    assert pg.locator("#year-box").input_value() == "2005"
    _wait_text(pg, "#map .gtitle", "Threat to Azerbaijan, 2005")
    _wait_text(pg, "#network .gtitle", "2005")
    _wait_text(pg, "#table-note", "in 2005")
    _loaded(pg)
    assert pg.locator("#map .choroplethlocation").count() > 150
    assert pg.locator("table.partners tbody tr").count() == 15

    # the time series' range typed in its boxes, applied on Enter
    _type(pg, "#series-from", "2005")
    pg.wait_for_function(
        "() => Array.from(document.querySelectorAll('#terms .xtick text'))"
        ".every(e => +e.textContent.replace(/\\D/g, '') >= 2005)",
        timeout=WAIT,
    )
    _type(pg, "#series-from", "1992")

    # map colouring by predicted partners
    pg.get_by_label("Predicted partners (alignment score)").check()
    _wait_text(pg, "#map .gtitle", "Predicted partners of Azerbaijan, 2005")
    pg.get_by_label("Threat to the chosen state").check()
    _wait_text(pg, "#map .gtitle", "Threat to Azerbaijan, 2005")

    # the README's picture
    _set_year(pg, 2012)
    _wait_text(pg, "#map .gtitle", "Threat to Azerbaijan, 2012")
    _loaded(pg)
    pg.evaluate("() => document.activeElement && document.activeElement.blur()")  # no focus ring
    pg.wait_for_timeout(800)  # let plotly finish its transitions
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENSHOT), full_page=True)
    assert not pg.log["errors"], pg.log["errors"]


def test_csv_download_of_the_table(page, tmp_path):
    pg = page
    _loaded(pg)
    with pg.expect_download(timeout=WAIT) as dl:
        pg.click("#dl-table")
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    head = path.read_text(encoding="utf-8").splitlines()
    assert dl.value.suggested_filename.startswith("threatbalance_table_partners_")
    assert head[0].startswith("rank,ccode,abb,name") and len(head) == 16


def test_bad_input_shows_a_message_not_a_server_error(page):
    pg = page
    _type(pg, "#state", "Narnia")
    _wait_text(pg, "#message", "unknown state 'Narnia'")
    _wait_text(pg, "#map-note", "unknown state")
    _type(pg, "#state", "")
    _wait_text(pg, "#message", "choose a state")
    _type(pg, "#partner", "Azerbaijan")
    _type(pg, "#state", "Israel")
    _wait_text(pg, "#summary", "Israel")
    _type(pg, "#threshold", "5")
    _wait_text(pg, "#network-note", "type a number from 0 to 1")
    _type(pg, "#threshold", "0.01")
    _wait_text(pg, "#network-note", "threat edges")
    _wait_text(pg, "#summary", "Israel")
    _wait_text(pg, "#map .gtitle", "Threat to Israel")
    assert _text(pg, "#message").strip() == ""


def test_nothing_left_the_machine(page):
    log = page.log
    assert log["server_errors"] == [] and log["errors"] == []
    assert log["external"] == [], f"the page tried to fetch from outside: {log['external']}"
