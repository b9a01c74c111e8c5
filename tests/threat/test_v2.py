"""Threat v2: the new inputs (nuclear, missiles, arms imports, ideology, portfolios, events), the extended
dispute record, the per-year vintage table, what-if scenarios and the checks of issue 10."""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import pytest

import threatbalance as tb
from threatbalance.sources import load_table
from threatbalance.threat._features import (
    FEATURE_NAMES,
    MID_END,
    build_features,
    mid_outcome,
    v2_state_inputs,
    vintage,
)
from threatbalance.threat._scenario import parse_scenario


def _state(code: int, year: int) -> dict:
    return v2_state_inputs().filter((pl.col("ccode") == code) & (pl.col("year") == year)).row(0, named=True)


# ---- data ------------------------------------------------------------------------------------------
def test_nuclear_ledger_has_one_citation_per_row_and_its_bibtex():
    t = load_table("nuclear_weapons")
    assert t.height == 10 and t["citation"].null_count() == 0
    bib = tb.cite(["nuclear_weapons"])
    for key in t["bibtex_key"]:
        assert re.search(r"@\w+\{" + key + ",", bib), key
    isr = t.filter(pl.col("abb") == "ISR").row(0, named=True)
    assert isr["first_weapon_year"] == 1967 and isr["status"] == "undeclared"


def test_nuclear_status_and_latency_by_year():
    assert _state(731, 2005)["nuclear"] == 0 and _state(731, 2007)["nuclear"] == 1  # DPRK test 2006
    assert _state(560, 1985)["nuclear"] == 1 and _state(560, 1995)["nuclear"] == 0  # South Africa dismantled
    assert _state(630, 2011)["latent"] == 1  # Iran: enrichment operating, no weapons
    assert _state(2, 2011)["latent"] == 0  # weapon states are not "latent"
    assert _state(630, 2020)["latent"] == _state(630, 2012)["latent"]  # Fuhrmann & Tkach end 2012: carried


def test_missile_tests_and_arms_stock():
    assert _state(731, 2017)["missile_range"] >= 5500  # ICBM tests of 2017
    assert _state(630, 2012)["missile_stock"] > 0 and _state(220, 2012)["missile_stock"] == 0
    assert _state(630, 1949)["arms_stock"] is None  # SIPRI starts 1950: missing, not 0
    assert _state(750, 2012)["arms_stock"] > _state(373, 2012)["arms_stock"] > 0


def test_dispute_record_extends_to_2014_with_cow_mid_5():
    keys = pl.DataFrame(
        {"ccode1": [365, 365, 369], "ccode2": [369, 369, 365], "year": [2013, 2015, 2014]},
        schema=dict.fromkeys(("ccode1", "ccode2", "year"), pl.Int32),
    )
    y = mid_outcome(keys).to_list()
    assert y == [1, None, 1]  # COW MID 5.0 disputes 4681 (2013) and 4682 (2014: Ukraine on side A); 2015 unobserved
    assert MID_END == 2014


def test_new_features_are_nonnegative_and_missing_where_no_source():
    keys = tb.dyad_years(years=(1960, 1960)).data.select("ccode1", "ccode2", "year").head(3000)
    F = build_features(keys)
    assert F["int_hostility"].null_count() == F.height  # GDELT starts 2018
    assert F["off_arms"].null_count() < F.height
    for c in FEATURE_NAMES:
        assert (F[c].drop_nulls() >= 0).all(), c


# ---- vintage ------------------------------------------------------------------------------------------
def test_vintage_says_what_is_carried_and_from_when():
    v = dict(zip(*vintage(2022).select("source", "status").to_dict(as_series=False).values()))
    assert v["nuclear_latency"] == "carried forward from 2012"
    assert v["cow_mids"] == "held at 2014" and v["nmc"] == "observed" and v["gdelt"] == "observed"
    v12 = dict(zip(*vintage(2012).select("source", "status").to_dict(as_series=False).values()))
    assert v12["gml_mids"] == "continued by COW MID 5.0" and v12["nuclear_latency"] == "observed"
    assert dict(zip(*vintage(1900).select("source", "status").to_dict(as_series=False).values()))["sipri"] == (
        "not yet begun"
    )
    c = tb.threats(target="AZE", year=2022, top=1)["caveats"][0]
    assert "held at their 2014 level" in c and "nuclear latency carried forward from 2012" in c


# ---- the checks of issue 10 ---------------------------------------------------------------------------
def test_russia_threat_to_ukraine_rises_after_crimea():
    t12 = tb.threats(source="RUS", target="UKR", year=2012)["threat"][0]
    t15 = tb.threats(source="RUS", target="UKR", year=2015)["threat"][0]
    assert t15 > t12


@pytest.mark.parametrize("year", [2016, 2020])
def test_azerbaijan_and_armenia_among_each_others_top_threats(year):
    assert "ARM" in tb.threats(target="AZE", year=year, top=3)["source_abb"].to_list()
    assert "AZE" in tb.threats(target="ARM", year=year, top=3)["source_abb"].to_list()


# ---- what-if -----------------------------------------------------------------------------------------
def test_scenario_parsing_and_errors():
    sc = parse_scenario(["IRN.nuclear=1", "ARM-AZE.rivalry=0"])
    assert [c.input for c in sc.changes] == ["nuclear", "rivalry"] and sc.changes[1].state == 371
    assert parse_scenario(None) is None and parse_scenario({}) is None
    with pytest.raises(tb.InputError, match="unknown scenario input 'nukes'"):
        parse_scenario({"IRN.nukes": 1})
    with pytest.raises(tb.InputError, match="bad value 2 for nuclear"):
        parse_scenario({"IRN.nuclear": 2})
    with pytest.raises(tb.InputError, match="must be a number"):
        parse_scenario({"IRN.cinc": "a lot"})
    with pytest.raises(tb.UnknownStateError):
        parse_scenario({"XXQ.nuclear": 1})


def test_scenario_changes_exactly_the_inputs_it_names():
    m = tb.ThreatModel(weights={"off_nuclear": 1.0})
    base = tb.threats(source="IRN", year=2012, top=None, model=m).sort("target")
    what = tb.threats(source="IRN", year=2012, top=None, model=m, scenario={"IRN.nuclear": 1}).sort("target")
    assert (what["offense"] - base["offense"]).abs().max() == pytest.approx(1.0)
    assert (what["offense"] - base["offense"]).min() == pytest.approx(1.0)  # every target of Iran, by the weight
    assert what["caveats"][0].startswith("scenario: IRN.nuclear=1")
    other = tb.threats(source="TUR", year=2012, top=None, model=m, scenario={"IRN.nuclear": 1})
    assert other.filter(pl.col("target_abb") != "IRN")["offense"].equals(
        tb.threats(source="TUR", year=2012, top=None, model=m).filter(pl.col("target_abb") != "IRN")["offense"]
    )


def test_pair_scenario_and_partners():
    a = tb.threats(source="ARM", target="AZE", year=2016)["intent"][0]
    b = tb.threats(source="ARM", target="AZE", year=2016, scenario={"ARM-AZE.rivalry": 0})["intent"][0]
    assert b < a
    p0 = tb.common_enemies("ISR", "AZE", 2012, top=None)
    p1 = tb.common_enemies("ISR", "AZE", 2012, top=None, scenario={"IRN.cinc": 0.0001})
    share = lambda d: d.filter(pl.col("enemy_abb") == "IRN")["share"][0]  # noqa: E731
    assert share(p1) < share(p0)
    assert tb.partners("AZE", 2012, top=3, scenario={"IRN.cinc": 0.0001}).height == 3


def test_cli_set(run):
    code, out, err = run(
        "threats", "--target", "ISR", "--year", "2012", "--top", "3", "--set", "IRN.cinc=0.0001", "--format", "csv"
    )
    assert code == 0, err
    assert "scenario: IRN.cinc=0.0001" in out
    code, out, err = run("threats", "--target", "ISR", "--year", "2012", "--set", "IRN.nukes=1")
    assert code != 0 and "unknown scenario input" in err


# ---- what-if: removing a state's threat (STATE.threat=0) ---------------------------------------------
def test_threat_removal_parsing():
    from threatbalance.threat._scenario import Scenario

    assert parse_scenario({"IRN": {"threat": 0}}) == parse_scenario("IRN.threat=0") == Scenario.remove_threat_of("IRN")
    sc = parse_scenario(["IRN.threat=0", "IRN.cinc=0.01"])
    assert sc.removed == (630,) and sc.input_changes.describe() == "IRN.cinc=0.01"
    assert parse_scenario("IRN.threat=0").input_changes is None
    with pytest.raises(tb.InputError, match=r"bad value 0\.5 for threat"):
        parse_scenario({"IRN.threat": 0.5})


def test_threat_removal_zeroes_exactly_the_states_row():
    from threatbalance.alignment import _data

    codes, M0 = _data.threat_matrix(2012)
    codes1, M1 = _data.threat_matrix(2012, tb.threat.with_scenario(None, tb.Scenario.remove_threat_of("IRN")))
    i = int(np.flatnonzero(codes == 630)[0])
    assert (codes == codes1).all() and np.nanmax(M0[i]) > 0
    assert (M1[i] == 0).all()  # every target, a known 0
    rest = np.delete(np.arange(len(codes)), i)
    assert np.array_equal(M0[rest], M1[rest], equal_nan=True)  # threats to Iran and all other rows as scored


def test_threat_removal_works_on_a_matrix_only_model():
    from threatbalance.threat._scenario import with_scenario

    class Toy:
        def threat_matrix(self, year):
            return np.array([2, 630, 666]), np.array([[0, 0.1, np.nan], [0.3, 0, 0.4], [0.5, 0.6, 0]])

    _codes, M = with_scenario(Toy(), "IRN.threat=0").threat_matrix(2000)
    assert M.tolist()[1] == [0.0, 0.0, 0.0] and np.isnan(M[0, 2]) and M[2, 1] == 0.6
    with pytest.raises(tb.InputError, match="needs a ThreatModel"):
        with_scenario(Toy(), "IRN.cinc=0.01")


def test_threat_removal_in_threats_partners_and_cli(run):
    t = tb.threats(target="AZE", year=2012, top=None, scenario={"IRN.threat": 0})
    assert t.filter(pl.col("source_abb") == "IRN")["threat"][0] == 0.0
    assert t["caveats"][0].startswith("scenario: IRN.threat=0")
    en = tb.common_enemies("ISR", "AZE", 2012, top=None, scenario={"IRN.threat": 0})
    assert "IRN" not in en.filter(pl.col("share") > 0)["enemy_abb"].to_list()
    code, out, err = run("common-enemies", "ISR", "AZE", "--year", "2012", "--top", "3", "--set", "IRN.threat=0")
    assert code == 0, err
    assert "IRN" not in out
