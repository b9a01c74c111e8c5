"""add_gdppop and add_sdp_gdp: values equal the shipped tables, in the right system."""

from __future__ import annotations

import math

import polars as pl
import pytest

import threatbalance as tb
from threatbalance.sources import load_table


def test_gdppop_state_and_dyad_years():
    t = load_table("cw_gdppop").filter((pl.col("ccode") == 365) & (pl.col("year") == 2000))
    s = tb.state_years(years=2000).add_gdppop().data.filter(pl.col("ccode") == 365)
    assert s["mrgdppc"][0] == pytest.approx(t["mrgdppc"][0])
    assert s["sd_pwtpop"][0] == pytest.approx(t["sd_pwtpop"][0])
    d = tb.dyad_years(years=2000).add_gdppop().data.filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 365))
    assert d["pwtrgdp2"][0] == pytest.approx(t["pwtrgdp"][0])
    assert d["pwtrgdp1"][0] > d["pwtrgdp2"][0]


def test_gdppop_uses_the_gw_table_on_gw_panels():
    t = load_table("gw_gdppop").filter((pl.col("gwcode") == 365) & (pl.col("year") == 2000))
    s = tb.state_years(years=2000, system="gw").add_gdppop().data.filter(pl.col("gwcode") == 365)
    assert s["mrgdppc"][0] == pytest.approx(t["mrgdppc"][0])


def test_sdp_values_are_logs():
    t = load_table("cow_sdp_gdp").filter((pl.col("ccode") == 2) & (pl.col("year") == 2010))
    s = tb.state_years(years=2010).add_sdp_gdp().data.filter(pl.col("ccode") == 2)
    assert s["wbpopest"][0] == pytest.approx(t["wbpopest"][0])
    assert 250e6 < math.exp(s["wbpopest"][0]) < 350e6  # natural log of ~300 million people
    assert s["wbgdppc2011est"][0] == pytest.approx(s["wbgdp2011est"][0] - s["wbpopest"][0], abs=0.01)


def test_sdp_gw_uses_the_gw_table():
    g = tb.state_years(years=2000, system="gw").add_sdp_gdp().data
    t = load_table("gw_sdp_gdp").filter((pl.col("gwcode") == 2) & (pl.col("year") == 2000))
    assert g.filter(pl.col("gwcode") == 2)["sdpest"][0] == pytest.approx(t["sdpest"][0])


def test_trade_and_igos_state_years():
    s = tb.state_years(years=2000).add_cow_trade().add_igos().data.filter(pl.col("ccode") == 2)
    t = load_table("cow_trade_sy").filter((pl.col("ccode") == 2) & (pl.col("year") == 2000))
    i = load_table("cow_igo_sy").filter((pl.col("ccode") == 2) & (pl.col("year") == 2000))
    assert s["imports"][0] == pytest.approx(t["imports"][0]) and s["exports"][0] == pytest.approx(t["exports"][0])
    assert s["sum_igo_full"][0] == i["sum_igo_full"][0] > 50
