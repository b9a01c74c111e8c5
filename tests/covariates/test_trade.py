"""add_cow_trade: flows follow the row's direction, missing stays missing."""

from __future__ import annotations

import polars as pl

import threatbalance as tb
from threatbalance.sources import load_table

KEYS = ["ccode1", "ccode2", "year"]


def _row(p: tb.Panel, a: int, b: int) -> dict:
    return p.data.filter((pl.col("ccode1") == a) & (pl.col("ccode2") == b)).row(0, named=True)


def test_flow1_is_imports_of_ccode1_in_both_orientations():
    t = load_table("cow_trade_ndy").filter(
        (pl.col("ccode1") == 2) & (pl.col("ccode2") == 20) & (pl.col("year") == 1920)
    )
    p = tb.dyad_years(years=1920).add_cow_trade()
    us_ca, ca_us = _row(p, 2, 20), _row(p, 20, 2)
    assert us_ca["flow1"] == t["flow1"][0] == 612  # US imports from Canada, million current USD
    assert us_ca["flow2"] == t["flow2"][0] == 735
    assert (ca_us["flow1"], ca_us["flow2"]) == (us_ca["flow2"], us_ca["flow1"])
    assert (ca_us["smoothflow1"], ca_us["smoothflow2"]) == (us_ca["smoothflow2"], us_ca["smoothflow1"])


def test_non_directed_panel_keeps_source_orientation():
    p = tb.dyad_years(years=2000, directed=False).add_cow_trade()
    t = (
        load_table("cow_trade_ndy")
        .filter(pl.col("year") == 2000)
        .select([pl.col(c).cast(pl.Int32) for c in KEYS] + [pl.col("flow1").cast(pl.Float64).alias("src")])
    )
    j = p.data.join(t, on=KEYS, how="inner")
    assert j.height > 14000
    assert j.filter(pl.col("flow1").ne_missing(pl.col("src"))).height == 0


def test_missing_flows_are_not_zero():
    # COW's -9 (missing) is null in the table and stays null: US imports from Canada in 1930
    t = load_table("cow_trade_ndy").filter(
        (pl.col("ccode1") == 2) & (pl.col("ccode2") == 20) & (pl.col("year") == 1930)
    )
    assert t["flow1"][0] is None
    p = tb.dyad_years(years=1930).add_cow_trade()
    assert _row(p, 2, 20)["flow1"] is None and _row(p, 20, 2)["flow2"] is None
    assert _row(p, 2, 20)["flow2"] == t["flow2"][0]
    # outside 1870-2014 everything is missing
    late = tb.dyad_years(years=2015).add_cow_trade()
    assert late.data["flow1"].null_count() == late.data.height
