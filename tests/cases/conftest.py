"""Fixtures of the case-report tests: the Israel-Azerbaijan report is built once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def threat_model():
    from threatbalance.threat import default_model  # an import error here is a failure, never a skip

    return default_model()


@pytest.fixture(scope="session")
def case_build(tmp_path_factory, threat_model) -> tuple[Path, float]:
    """The full founding case (1991-2013, English), written by the public API, and its wall time."""
    import time

    import threatbalance as tb

    out = tmp_path_factory.mktemp("case") / "threatbalance-report"
    t0 = time.perf_counter()
    tb.case_report("israel-azerbaijan", out=out, lang="en")
    return out, time.perf_counter() - t0


@pytest.fixture(scope="session")
def case_dir(case_build) -> Path:
    return case_build[0]


@pytest.fixture(scope="session")
def case_summary(case_dir) -> dict:
    return json.loads((case_dir / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def case_dir_fa(tmp_path_factory, threat_model) -> Path:
    """The Persian report over a few years on both sides of the article's end (the same code path,
    shorter), with its PDF."""
    import threatbalance as tb

    out = tmp_path_factory.mktemp("case_fa") / "report-fa"
    tb.case_report("israel-azerbaijan", out=out, lang="fa", years="2011-2016", pdf=True)
    return out
