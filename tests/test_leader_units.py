"""Leader units and state-days against peacesciencer's day-by-day construction.

``create_leaderyears`` / ``create_leaderdyadyears`` expand tenures and memberships into days and
join the days; threatbalance intersects date intervals.  The reference here is the peer's algorithm
written out day by day (for a few years and states, to stay fast).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

import threatbalance as tb
from threatbalance import _units as U
from threatbalance.sources import load_table


def _leader_days(years: tuple[int, int]) -> pl.DataFrame:
    a = load_table("archigos")
    lo, hi = dt.date(years[0], 1, 1), dt.date(years[1], 12, 31)
    a = a.filter((pl.col("startdate") <= hi) & (pl.col("enddate") >= lo))
    d = a.with_columns(pl.date_ranges("startdate", "enddate", "1d").alias("date")).explode("date")
    d = d.filter(pl.col("date").is_between(lo, hi)).with_columns(
        pl.col("date").dt.year().cast(pl.Int32).alias("year"), pl.col("gwcode").cast(pl.Int32)
    )
    return d.with_columns(
        (pl.col("year") - pl.col("startdate").dt.year() + 1).cast(pl.Int32).alias("yrinoffice"),
        (pl.col("year") - pl.col("yrborn")).cast(pl.Int32).alias("leaderage"),
    )


def _standardize(d: pl.DataFrame, system: str, years: tuple[int, int]) -> pl.DataFrame:
    """The peer's semi-join of leader-days on state-days (with its COW corrections)."""
    code = "gwcode" if system == "gw" else "ccode"
    if system == "cow":
        cw = load_table("gw_cw_panel").select(
            pl.col("gwcode").cast(pl.Int32), pl.col("year").cast(pl.Int32), pl.col("ccode").cast(pl.Int32)
        )
        d = d.join(cw, on=["gwcode", "year"], how="left")
        g, y, o, day = pl.col("gwcode"), pl.col("year"), pl.col("obsid"), pl.col("date")
        d = d.with_columns(
            pl.when((g == 600) & y.is_between(1905, 1912))
            .then(600)
            .when((g == 670) & y.is_between(1927, 1932))
            .then(670)
            .when((o == "YEM-1978") & (day >= dt.date(1990, 5, 22)))
            .then(679)
            .when(o == "YEM-1978")
            .then(678)
            .when((o == "GFR-1982") & (day >= dt.date(1990, 10, 3)))
            .then(255)
            .when(o == "GFR-1982")
            .then(260)
            .otherwise(pl.col("ccode"))
            .cast(pl.Int32)
            .alias("ccode")
        )
    sd = U.state_day_frame(system, *years).select(pl.col(code), "date")
    return d.join(sd, on=[code, "date"], how="semi")


@pytest.mark.parametrize("system", ["gw", "cow"])
@pytest.mark.parametrize("years", [(1989, 1991), (1904, 1906), (1926, 1933), (2014, 2015)])
def test_leader_years_match_day_by_day(system, years):
    days = _standardize(_leader_days(years), system, years)
    code = "gwcode" if system == "gw" else "ccode"
    cols = ["obsid", code, "leader", "gender", "leaderage", "year", "yrinoffice"]
    want = days.select(cols).unique().sort("obsid", code, "year")
    got = tb.leader_years(years=years, system=system).data.sort("obsid", code, "year")
    assert got.select(cols).equals(want.select(cols))


def test_leader_years_none_and_cow_changes():
    none = tb.leader_years(years=1990, standardize=False).data
    days = _leader_days((1990, 1990)).select("obsid", "gwcode", "year").unique()
    assert none.height == days.height
    cow = tb.leader_years(years=1990, system="cow").data
    assert sorted(cow.filter(pl.col("obsid") == "YEM-1978")["ccode"].to_list()) == [678, 679]
    with pytest.raises(tb.InputError, match="standardize"):
        tb.leader_years(system="cow", standardize=False)
    with pytest.raises(tb.YearRangeError):
        tb.leader_years(years=2020)


@pytest.mark.parametrize(
    ("system", "year", "states"),
    [("gw", 1880, None), ("cow", 1990, [2, 255, 260, 265, 365, 678, 679, 680, 710]), ("gw", 1990, [2, 260, 265, 678])],
)
def test_leader_dyad_years_match_day_by_day(system, year, states):
    code = "gwcode" if system == "gw" else "ccode"
    days = _standardize(_leader_days((year, year)), system, (year, year))
    if states:
        days = days.filter(pl.col(code).is_in(states))
    d = days.select("obsid", code, "date", "gender", "leaderage", "yrinoffice", "year")
    a = d.rename({c: f"{c}1" for c in d.columns if c not in ("date", "year")})
    b = d.rename({c: f"{c}2" for c in d.columns if c not in ("date", "year")}).drop("year")
    pairs = a.join(b, on="date").filter(pl.col("obsid1").str.slice(0, 3) != pl.col("obsid2").str.slice(0, 3))
    cols = ["obsid1", "obsid2", f"{code}1", f"{code}2", "year", "gender1", "gender2", "leaderage1", "leaderage2"]
    cols += ["yrinoffice1", "yrinoffice2"]
    want = pairs.select(cols).unique().sort(cols[:5])
    got = tb.leader_dyad_years(years=year, system=system).data
    if states:
        got = got.filter(pl.col(f"{code}1").is_in(states) & pl.col(f"{code}2").is_in(states))
    assert got.select(cols).sort(cols[:5]).equals(want)
    assert got.select(cols[:5]).is_duplicated().sum() == 0
    nd = tb.leader_dyad_years(years=year, system=system, directed=False).data
    assert nd.height * 2 == tb.leader_dyad_years(years=year, system=system).data.height
    assert (nd[f"{code}1"] < nd[f"{code}2"]).all()


def test_state_days():
    p = tb.state_days(years="2016-2017")
    usa = p.data.filter(pl.col("ccode") == 2)
    assert usa.height == 366 + 365  # carried past the source's end (2016-12-31) with extend
    assert tb.state_days(years=2016, extend=False).data.filter(pl.col("ccode") == 2).height == 366
    assert tb.state_days(years=2016, extend=False).data["date"].max() == dt.date(2016, 12, 31)
    assert p.data.select(p.keys).is_duplicated().sum() == 0
    gw = tb.state_days(years=1990, system="gw")
    assert {"gwcode", "gw_name", "microstate", "date"} <= set(gw.data.columns)
    # East Germany leaves the G-W system on 3 October 1990
    assert gw.data.filter(pl.col("gwcode") == 265)["date"].max() == dt.date(1990, 10, 2)


def test_lead_and_lwuf_on_leader_units():
    ly = tb.leader_years(years=1990).add_lead().add_lwuf()
    assert {"leveledu", "theta1_mean", "theta4_sd"} <= set(ly.data.columns)
    lead = load_table("lead")
    j = ly.data.select("obsid", "leveledu").join(lead.select("obsid", pl.col("leveledu").alias("want")), on="obsid")
    assert j.filter(pl.col("leveledu").ne_missing(pl.col("want"))).height == 0
    ld = tb.leader_dyad_years(years=1990, directed=False).add_lwuf(keep="theta1_mean")
    assert ld.data.columns[-2:] == ["theta1_mean1", "theta1_mean2"]
    assert ld.height == tb.leader_dyad_years(years=1990, directed=False).height
    with pytest.raises(tb.InputError, match="nosuch"):
        tb.leader_years(years=1990).add_lead(keep="nosuch")
    with pytest.raises(tb.UnitError, match="add_lead"):
        tb.state_years(years=1990).add_lead()
    with pytest.raises(tb.UnitError, match="add_nmc"):
        ly.add_nmc()
