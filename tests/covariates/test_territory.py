"""add_territorial_threat: values equal a direct filter of the shipped terrthreat table."""

from __future__ import annotations

import polars as pl
import pytest

import threatbalance as tb
from threatbalance.sources import load_table


def _direct(ccode: int, year: int, col: str = "lterrthreat") -> float:
    t = load_table("terrthreat")
    return t.filter((pl.col("ccode") == ccode) & (pl.col("year") == year))[col][0]


def test_state_year_values():
    p = tb.state_years(years=1990).add_territorial_threat()
    got = p.data.filter(pl.col("ccode") == 666)["lterrthreat"][0]
    assert got == pytest.approx(_direct(666, 1990))


def test_dyad_year_values_are_each_states_own():
    p = tb.dyad_years(years=1990).add_territorial_threat(uncertainty=True)
    row = p.data.filter((pl.col("ccode1") == 666) & (pl.col("ccode2") == 651))
    assert row["lterrthreat1"][0] == pytest.approx(_direct(666, 1990))
    assert row["lterrthreat2"][0] == pytest.approx(_direct(651, 1990))
    assert row["lterrthreat_sd1"][0] == pytest.approx(_direct(666, 1990, "sd"))
    assert row["lterrthreat_lwr1"][0] < row["lterrthreat1"][0] < row["lterrthreat_upr1"][0]


def test_missing_after_2010():
    p = tb.state_years(years=2011).add_territorial_threat()
    assert p.data["lterrthreat"].null_count() == p.data.height
