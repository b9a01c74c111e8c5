"""Shared fixtures: panels are expensive to build, so they are built once per test session.

The browser fixtures (``chromium``, ``sync_api``) skip when Debian's Chromium or the playwright
package is absent on a developer's machine, and fail instead when ``CI`` is set (``.ci/run``
installs both), so that the browser tests cannot vanish from CI silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import threatbalance as tb

DATA = Path(__file__).parent / "data"
CHROMIUM = "/usr/bin/chromium"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _browser_missing(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason}; CI=true, so the browser tests must run (.ci/run installs it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium (``apt-get install chromium``); Playwright's own browser download is not used."""
    if not os.path.exists(CHROMIUM):
        _browser_missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def sync_api(chromium):
    """``playwright.sync_api`` (the dev extra), after checking that Chromium is there."""
    try:
        from playwright import sync_api
    except ImportError:
        _browser_missing('the playwright package is not installed (pip install -e ".[dev]")')
    return sync_api


@pytest.fixture(scope="session")
def peer_pipeline() -> tb.Panel:
    """The reference pipeline of peacesciencer 1.2.9: directed COW dyad-years 1816-2016 with seven steps.

    ``peer_compat=True`` reproduces the peer where threatbalance deliberately differs (docs/data.md).
    """
    return (
        tb.dyad_years(years="1816-2016")
        .add_nmc()
        .add_capital_distance()
        .add_contiguity(peer_compat=True)
        .add_atop_alliance()
        .add_gml_mids()
        .add_strategic_rivalries(peer_compat=True)
        .add_democracy()
    )


@pytest.fixture
def run(capsys):
    """Run the command line in-process: ``run("threats", "--target", "AZE", ...)`` -> (exit code, stdout, stderr)."""
    from threatbalance.cli import main

    def _run(*args: str):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


@pytest.fixture
def run_cli(run):
    """The same as ``run`` (name used by the case tests)."""
    return run
