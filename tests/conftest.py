"""Shared fixtures: panels are expensive to build, so they are built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import threatbalance as tb

DATA = Path(__file__).parent / "data"


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
