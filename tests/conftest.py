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
