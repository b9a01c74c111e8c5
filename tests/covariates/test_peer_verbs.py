"""peacesciencer 1.2.9 verbs added for issue 14: UCDP, COW wars, CREG/HIEF, terrain, Archigos, spells, whittling."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import threatbalance as tb
from threatbalance.covariates.spells import spell_counts
from threatbalance.covariates.whittle import (
    dispute_dyad_years,
    whittle_conflicts,
    whittle_conflicts_duration,
    whittle_conflicts_fatality,
)
from threatbalance.sources import load_table


def _sp(ev, unit=None, ongo=False, pc=False):
    ev = np.array(ev)
    unit = np.zeros(len(ev), int) if unit is None else np.array(unit)
    return [None if np.isnan(v) else int(v) for v in spell_counts(ev, unit, np.arange(len(ev)), ongo, pc)]


def test_spells_count_years_since_the_last_event_per_unit():
    assert _sp([0, 0, 1, 0, 0, 1, 1, 0]) == [0, 1, 2, 0, 1, 2, 0, 0]
    assert _sp([1, 0, 0, 1, 0, 1, 1, 0], unit=[0, 0, 0, 0, 1, 1, 1, 1]) == [0, 0, 1, 2, 0, 1, 0, 0]


def test_spells_ongo_drops_continuing_event_years():
    assert _sp([0, 0, 1, 1, 1, 0, 0], ongo=True) == [0, 1, 2, None, None, 0, 1]


def test_spells_peer_compat_reproduces_ps_spells_miscount():
    # ps_spells indexes the "at risk" helper in the original row order while walking spells in id order
    assert _sp([0, 0, 1, 1, 1, 0, 0], ongo=True, pc=True) == [0, 0, 0, None, None, 0, 1]
    assert _sp([0, 0, 1, 0, 1], pc=True) == _sp([0, 0, 1, 0, 1])  # without ongo the two agree


def test_add_spells_missing_outside_event_coverage_and_named_event():
    p = tb.dyad_years(years="2009-2012", directed=False).add_gml_mids().add_spells()
    assert (
        p.data.filter(pl.col("year") > 2010)["gmlmidspell"].null_count() == p.data.filter(pl.col("year") > 2010).height
    )
    q = tb.dyad_years(years="1990-1995", directed=False).add_atop_alliance().add_spells(event="atop_defense")
    assert "atop_defensespell" in q.data.columns and q.data["atop_defensespell"].null_count() == 0
    assert "spells" in q.sources


def test_add_spells_errors():
    with pytest.raises(tb.InputError, match="no event columns"):
        tb.dyad_years(years=2000).add_spells()
    with pytest.raises(tb.InputError, match="0/1"):
        tb.state_years(years=2000).add_nmc().add_spells(event="cinc")
    with pytest.raises(tb.InputError, match="conflict_event_type"):
        tb.dyad_years(years=2000).add_gml_mids().add_spells(conflict_event_type="start")


def test_ucdp_acd_onset_is_first_year_of_each_conflict():
    p = tb.state_years(system="gw", years="1946-2022").add_ucdp_acd(type="intrastate")
    d = p.data
    acd = load_table("ucdp_acd").filter(pl.col("type_of_conflict") == "intrastate")
    first = acd.group_by("conflict_id", "gwno_a").agg(pl.col("year").min())
    onsets = (
        first.filter(pl.col("year") <= 2022)
        .select(pl.col("gwno_a").cast(pl.Int32).alias("gwcode"), pl.col("year").cast(pl.Int32))
        .unique()
    )
    got = d.filter(pl.col("ucdponset") == 1).select("gwcode", "year")
    # every onset year of a state in the panel is flagged, and nothing else
    want = onsets.join(d.select("gwcode", "year"), on=["gwcode", "year"], how="semi")
    assert got.sort("gwcode", "year").equals(want.sort("gwcode", "year"))
    assert (
        d.filter(pl.col("ucdpongoing") == 0)["conflict_ids"].null_count() == d.filter(pl.col("ucdpongoing") == 0).height
    )


def test_ucdp_bad_options_and_cow_panels():
    with pytest.raises(tb.InputError, match="intra"):
        tb.state_years(system="gw", years=2000).add_ucdp_acd(type="intra")
    with pytest.raises(tb.UnitError, match="GW"):
        tb.state_years(years=2000).add_ucdp_acd()


def test_ucdp_onsets_na_after_2017_unless_peer_compat():
    p = tb.state_years(system="gw", years="2016-2019")
    a, b = p.add_ucdp_onsets(), p.add_ucdp_onsets(peer_compat=True)
    assert a.data.filter(pl.col("year") > 2017)["sumonset1"].null_count() > 0
    assert b.data["sumonset1"].null_count() == 0


def test_cow_wars_one_war_per_dyad_year_most_deaths():
    t = load_table("cow_war_inter")
    p = tb.dyad_years(years="1816-2007").add_cow_wars()
    onset = p.data.filter(pl.col("cowinteronset") == 1)
    assert onset.height > 0 and p.data.filter(pl.col("year") > 2007).height == 0
    # a dyad-year with several wars keeps one row (the conformance test checks the row count)
    multi = t.group_by("ccode1", "ccode2", "year").len().filter(pl.col("len") > 1)
    assert multi.height > 0
    with pytest.raises(tb.InputError, match="intra"):
        tb.dyad_years(years=2000).add_cow_wars(type="intra")


def test_cow_intra_wars_deaths_missing_not_minus_nine():
    s = tb.state_years(years="1816-2007").add_cow_wars()
    assert (s.data["sideadeaths"].drop_nulls() >= 0).all()
    s2 = tb.state_years(years="1816-2007").add_cow_wars(peer_compat=True)
    assert (s2.data["sideadeaths"] == -9).any()


def test_creg_keeps_highest_ethfrac_of_duplicates():
    t = load_table("creg")
    dup = (
        t.group_by("ccode", "year")
        .agg(pl.col("ethfrac").max(), pl.len())
        .filter(pl.col("len") > 1)
        .sort("ccode", "year")
        .row(0, named=True)
    )
    p = tb.state_years(years=dup["year"]).add_creg_fractionalization()
    got = p.data.filter(pl.col("ccode") == dup["ccode"])["ethfrac"]
    assert got.len() in (0, 1) and (got.len() == 0 or got[0] == dup["ethfrac"])


def test_rugged_terrain_is_time_invariant():
    p = tb.state_years(years="1950-1951").add_rugged_terrain()
    us = p.data.filter(pl.col("ccode") == 2)
    assert us["rugged"].n_unique() == 1 and us["rugged"].null_count() == 0


def test_archigos_cow_serbia_2006():
    p = tb.state_years(years=2006).add_archigos()
    assert p.data.filter(pl.col("ccode") == 345)["dec31obsid"][0] == "SER-2006"


def test_whittling_reproduces_the_shipped_one_dispute_per_dyad_year_tables():
    for src, ref, ren in [
        ("gml", "gml_mid_ddydisps", {"midongoing": "gmlmidongoing", "midonset": "gmlmidonset"}),
        ("cow", "cow_mid_ddydisps", {"dispongoing": "cowmidongoing", "disponset": "cowmidonset"}),
    ]:
        r = load_table(ref)
        w = whittle_conflicts(dispute_dyad_years(src)).rename(ren).select(r.columns)
        assert w.sort("ccode1", "ccode2", "year").equals(r.sort("ccode1", "ccode2", "year")), src


def test_whittle_rules_keep_ties_and_check_input():
    d = dispute_dyad_years("gml")
    f = whittle_conflicts_fatality(d)
    assert f.height < d.height and f.select(pl.struct("ccode1", "ccode2", "year").n_unique()).item() < f.height
    with pytest.raises(tb.InputError, match="durtype"):
        whittle_conflicts_duration(d, "length")
    with pytest.raises(tb.InputError, match="columns"):
        whittle_conflicts_fatality(d.drop("fatality"))
    with pytest.raises(tb.InputError, match="gml, cow"):
        dispute_dyad_years("ucdp")


def test_data_versions():
    v = tb.data_versions()
    assert {"ucdp_acd", "creg", "archigos", "nmc"} <= set(v["key"])
    with pytest.raises(tb.InputError, match="no data source"):
        tb.data_versions("nonsense")
