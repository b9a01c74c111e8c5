"""add_event_hostility: shipped GDELT pair-years by default, a user's event store with db=."""

from __future__ import annotations

import polars as pl

import threatbalance as tb
from threatbalance import events


def test_shipped_gdelt_2018_2022():
    p = tb.dyad_years(years="2018-2022").add_event_hostility()
    assert p.height == tb.dyad_years(years="2018-2022").height
    assert "gdelt" in p.sources
    d = p.data
    us_iran = d.filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 630)).sort("year")
    assert us_iran["gdelt_days_active"].min() > 300
    # 2020 (Soleimani) is the most hostile year of the pair
    assert us_iran["gdelt_negative_share"].arg_max() == 2
    # Serbia (345) is absent from the GDELT pair data: NA, not 0
    assert (
        d.filter(pl.col("ccode1") == 345)["gdelt_days_active"].null_count() == d.filter(pl.col("ccode1") == 345).height
    )
    # a covered pair without events is 0, not NA
    assert (d["gdelt_days_active"] == 0).sum() > 0


def test_outside_coverage_is_na():
    d = tb.dyad_years(years=2017).add_event_hostility().data
    assert d["gdelt_score"].null_count() == d.height


def test_from_a_store(tmp_path):
    db = tmp_path / "ev.duckdb"
    events.ingest([events.shipped_sample()], db=db)
    p = tb.dyad_years(years="2017-2018").add_event_hostility(db=db)
    d = p.data
    row = d.filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 731) & (pl.col("year") == 2018)).row(0, named=True)
    y = events.dyads(db=db, unit="year").filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 731)).row(0, named=True)
    assert row["ev_n_events12"] == y["n_events"] and row["ev_conflict_norm12"] == y["conflict_norm"]
    back = events.dyads(db=db, unit="year").filter((pl.col("ccode1") == 731) & (pl.col("ccode2") == 2))
    assert row["ev_n_events21"] == back["n_events"][0]
    assert d.filter(pl.col("year") == 2017)["ev_n_events12"].null_count() == d.filter(pl.col("year") == 2017).height
    y18 = d.filter(pl.col("year") == 2018)
    assert (y18["ev_n_events12"] == 0).sum() > 0  # covered pairs without events
    assert y18["ev_goldstein_mean12"].null_count() > (y18["ev_n_events12"] == 0).sum() - 1
