"""add_arms_races and add_sipri_transfers: known races and deliveries, computed independently from the tables."""

from __future__ import annotations

import polars as pl

import threatbalance as tb
from threatbalance.covariates.arms import SIPRI_CODE_FIXES
from threatbalance.sources import load_table


def _pair(p: tb.Panel, a: int, b: int) -> pl.DataFrame:
    return p.data.filter((pl.col("ccode1") == a) & (pl.col("ccode2") == b)).sort("year")


def test_arms_race_years():
    p = tb.dyad_years(years=(1977, 1995)).add_arms_races()
    us_ussr = _pair(p, 365, 2)  # race 63: United States - Soviet Union 1978-1981
    assert us_ussr.filter(pl.col("armsrace") == 1)["year"].to_list() == [1978, 1979, 1980, 1981]
    assert us_ussr.filter(pl.col("year") == 1982)["armsrace"][0] == 0
    assert us_ussr.filter(pl.col("year") == 1994)["armsrace"][0] is None
    races = load_table("grh_arms_races").filter(pl.col("endyear").is_between(1977, 1993))
    ones = p.data.filter((pl.col("armsrace") == 1) & (pl.col("ccode1") < pl.col("ccode2")))
    assert ones.select("ccode1", "ccode2").unique().height <= races.height


def _direct_tiv(supplier: str, recipient: str) -> pl.DataFrame:
    t = load_table("sipri_tiv")
    return (
        t.filter((pl.col("supplier") == supplier) & (pl.col("recipient") == recipient))
        .group_by("year")
        .agg(pl.col("value").sum())
        .sort("year")
    )


def test_israel_to_azerbaijan():
    direct = _direct_tiv("Israel", "Azerbaijan").filter(pl.col("year").is_between(2005, 2015))
    assert direct["value"].sum() > 0
    p = tb.dyad_years(years=(2005, 2015)).add_sipri_transfers()
    got = _pair(p, 666, 373).select("year", "tiv12").join(direct, on="year", how="left")
    assert got.filter(pl.col("tiv12") > 0).height > 0
    assert got.filter(pl.col("value").is_not_null() & (pl.col("tiv12") != pl.col("value"))).height == 0
    assert got.filter(pl.col("value").is_null())["tiv12"].to_list() == [0.0] * got["value"].null_count()
    # the reverse direction of the same rows
    back = _pair(p, 373, 666).select("year", "tiv21")
    assert back["tiv21"].to_list() == got["tiv12"].to_list()


def test_non_state_recipients_do_not_count_for_the_state():
    # Iran's deliveries to Hezbollah are coded 660 (Lebanon) in the table; they are not deliveries to Lebanon
    t = load_table("sipri_tiv").filter((pl.col("supplier") == "Iran") & (pl.col("recipient_cown") == 660))
    state = t.filter(~pl.col("recipient").str.ends_with("*")).group_by("year").agg(pl.col("value").sum())
    hez = t.filter((pl.col("recipient") == "Hezbollah (Lebanon)*") & (pl.col("value") > 0))
    year = hez["year"].max()  # 2006
    p = tb.dyad_years(years=year).add_sipri_transfers()
    want = state.filter(pl.col("year") == year)["value"]
    assert _pair(p, 630, 660)["tiv12"][0] == (float(want[0]) if len(want) else 0.0)


def test_code_fixes_and_missing_west_germany():
    assert SIPRI_CODE_FIXES["Serbia"] == 345
    direct = _direct_tiv("Russia", "Serbia").filter(pl.col("year") == 2019)
    p = tb.dyad_years(years=2019).add_sipri_transfers()
    assert _pair(p, 365, 345)["tiv12"][0] == direct["value"][0] > 0
    # no West German record at all in the table: missing, never 0
    q = tb.dyad_years(years=(1989, 1991)).add_sipri_transfers()
    frg = q.data.filter((pl.col("ccode1") == 260) | (pl.col("ccode2") == 260))
    assert frg.height > 0 and frg["tiv12"].null_count() == frg.height
    de = q.data.filter((pl.col("ccode1") == 255) & (pl.col("year") == 1990))
    assert de["tiv12"].null_count() == de.height
    assert q.data.filter((pl.col("ccode1") == 255) & (pl.col("year") == 1991))["tiv12"].sum() > 0


def test_zero_inside_and_missing_outside_coverage():
    p = tb.dyad_years(years=(1949, 1950)).add_sipri_transfers()
    assert p.data.filter(pl.col("year") == 1949)["tiv12"].null_count() == p.data.filter(pl.col("year") == 1949).height
    assert p.data.filter(pl.col("year") == 1950)["tiv12"].null_count() == 0
