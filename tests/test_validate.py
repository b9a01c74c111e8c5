"""The validation layer (``threatbalance._validate``): every form of input it reads, and every refusal
names the bad value and what is allowed.  Coverage facts come from the source registry."""

from __future__ import annotations

import numpy as np
import pytest

import threatbalance as tb
from threatbalance import _validate as V
from threatbalance.sources import get_source, sources


# ---- coverage facts derived from the registry ---------------------------------------------------------
def test_data_years_come_from_the_registry():
    assert (tb.DATA_START, tb.DATA_END) == (1816, 2022)
    assert get_source("nmc").years[1] == tb.DATA_END
    assert min(get_source(k).years[0] for k in ("cow_system", "gw_system")) == tb.DATA_START


def test_coverage_and_system_end_read_the_registry(monkeypatch):
    from dataclasses import replace

    import threatbalance.sources._registry as R

    assert V.coverage("gml_mids") == get_source("gml_mids").years == (1816, 2010)
    assert V.system_end("cow") == 2016 and V.system_end("gw") == 2020
    assert V.system_end("cow", extend=True) == R.SYSTEM_END["cow"] == tb.DATA_END == 2022
    assert V.system_end("gw", extend=True) == R.SYSTEM_END["gw"] == 2025
    # one registry change moves a system's end: the source's own end and the panels' end
    monkeypatch.setitem(R._BY_KEY, "gw_system", replace(R._BY_KEY["gw_system"], years=(1816, 2024)))
    monkeypatch.setitem(R.SYSTEM_END, "gw", 2026)
    assert V.system_end("gw") == 2024 and V.system_end("gw", extend=True) == 2026
    assert V.years("2026", hi=V.system_end("gw", extend=True)) == (2026, 2026)


def test_panels_end_where_the_registry_says():
    assert tb.state_years(system="gw").years == (1816, 2025)
    assert tb.state_years(system="gw", years=2025).data.height > 0
    assert tb.state_years().years == (1816, 2022)
    with pytest.raises(tb.YearRangeError, match="year 2026 is outside the panel's coverage 1816-2025"):
        tb.state_years(system="gw", years=2026)


def test_coverage_of_a_source_without_years():
    with pytest.raises(tb.InputError, match="'crosswalk' has no years"):
        V.coverage("crosswalk")
    with pytest.raises(tb.InputError, match=r"unknown data source 'nope'; known sources: .*nmc"):
        V.coverage("nope")


def test_derived_constants_follow_the_registry():
    from threatbalance.alignment import _data
    from threatbalance.cases import _claims
    from threatbalance.evaluation import _tasks
    from threatbalance.threat import _features, _model

    assert _data.ATOP_YEARS == _claims.ATOP == get_source("atop").years
    assert _data.SIPRI_YEARS == _claims.SIPRI == get_source("sipri").years
    assert get_source("trade").years == _claims.COW_TRADE
    # MID outcomes: GML from 1816, COW MID 5.0 after GML ends (to 2014)
    outcome = (get_source("gml_mids").years[0], get_source("cow_mids").years[1])
    assert outcome == _model.OUTCOME_YEARS
    assert _tasks.get_task("mid-onset").coverage == outcome
    assert _tasks.get_task("alliance-onset").coverage == (tb.DATA_START, get_source("atop").years[1])
    for key, last in _features.CARRY.items():
        assert last == min(sources()[key].years[1], tb.DATA_END)


def test_threat_sources_are_one_list():
    from threatbalance.cases import _facts
    from threatbalance.threat import _features

    used = {s for f in _features.FEATURES for s in f.sources}
    assert set(_features.SOURCES) == used == set(_features.CARRY)
    assert _facts.THREAT_SOURCES is _features.SOURCES
    assert len(_features.SOURCES) == len(set(_features.SOURCES))


def test_one_get_model():
    from threatbalance.alignment import _data
    from threatbalance.cases import _compute
    from threatbalance.threat import get_model

    assert _data.get_model is _compute.get_model is get_model


# ---- years -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value,expected",
    [
        (None, (1816, 2022)),
        (2005, (2005, 2005)),
        ("2005", (2005, 2005)),
        (" 1991-2013 ", (1991, 2013)),
        ("1991–2013", (1991, 2013)),
        ("۱۹۹۱-۲۰۱۳", (1991, 2013)),
        ((1991, 2013), (1991, 2013)),
        ([1991, 2013], (1991, 2013)),
        (range(1991, 2014), (1991, 2013)),
        (np.int64(2000), (2000, 2000)),
        (2000.0, (2000, 2000)),
        (np.array([1990, 1995]), (1990, 1995)),
    ],
)
def test_years_reads(value, expected):
    assert V.years(value) == expected


@pytest.mark.parametrize(
    "value,needles",
    [
        ("abc", ["'abc'", "1816-2022"]),
        ("1990-1995-2000", ["'1990-1995-2000'", "1816-2022"]),
        ((1990,), ["(1990,)", "1816-2022"]),
        (True, ["True", "1816-2022"]),
        (1990.5, ["1990.5", "1816-2022"]),
        (range(2000, 2000), ["range(2000, 2000)", "1816-2022"]),
        (range(1990, 2000, 2), ["range(1990, 2000, 2)", "1816-2022"]),
        ("2010-2000", ["2010-2000", "run backwards", "must not exceed"]),
        ("1800-1900", ["years 1800-1900", "the data's coverage 1816-2022"]),
        (2030, ["year 2030", "the data's coverage 1816-2022"]),
    ],
)
def test_years_refuses_naming_value_and_allowed(value, needles):
    with pytest.raises(tb.YearRangeError) as exc:
        V.years(value)
    msg = str(exc.value)
    assert "\n" not in msg
    for n in needles:
        assert n in msg, (n, msg)


def test_years_bounds_default_and_reorder():
    assert V.years(None, 1816, 2010) == (1816, 2010)
    assert V.years(None, default=(1991, 2013)) == (1991, 2013)
    assert V.years([2013, 1991], reorder=True) == (1991, 2013)
    with pytest.raises(tb.YearRangeError, match="outside the mid-onset task's coverage 1816-2010"):
        V.years("1991-2015", 1816, 2010, what="mid-onset task")


@pytest.mark.parametrize("value", [2012, "2012", 2012.0, np.int32(2012), " ۲۰۱۲ "])
def test_year_reads(value):
    assert V.year(value) == 2012


@pytest.mark.parametrize(
    "value,needles",
    [
        ("soon", ["'soon'", "from 1816 to 2022"]),
        (None, ["None", "from 1816 to 2022"]),
        (True, ["True", "from 1816 to 2022"]),
        ((2012,), ["(2012,)", "from 1816 to 2022"]),
        (1850.5, ["1850.5", "not a whole number", "from 1816 to 2022"]),
        (1700, ["year 1700", "the data's coverage 1816-2022"]),
    ],
)
def test_year_refuses_naming_value_and_allowed(value, needles):
    with pytest.raises(tb.YearRangeError) as exc:
        V.year(value)
    for n in needles:
        assert n in str(exc.value), (n, str(exc.value))


def test_year_names_whose_coverage():
    with pytest.raises(tb.YearRangeError, match="year 2023 is outside the threat model's coverage 1816-2022"):
        V.year(2023, what="threat model")


def test_year_list():
    assert V.year_list("2012, 1992,2005") == (1992, 2005, 2012)
    assert V.year_list([2001, 2000, 2001]) == (2000, 2001)
    assert V.year_list(np.array([2000, 1999])) == (1999, 2000)
    assert V.year_list(2000) == (2000,)
    assert V.year_list([1990, 2030], 1991, 2013, drop_outside=True) == ()
    with pytest.raises(tb.YearRangeError, match=r"years \[1990, 2030\] are outside the report's coverage 1991-2013"):
        V.year_list([1990, 2000, 2030], 1991, 2013, what="report")
    with pytest.raises(tb.YearRangeError, match=r"cannot read years '1992,x'; give years such as .* within 1816-2022"):
        V.year_list("1992,x")


# ---- the entry points use it ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call,needle",
    [
        (lambda: tb.dyad_years(years="2000-2023"), "years 2000-2023 are outside the panel's coverage 1816-2022"),
        (lambda: tb.state_years(years=2017, extend=False), "year 2017 is outside the panel's coverage 1816-2016"),
        (lambda: tb.state_years(years=2021, system="gw", extend=False), "panel's coverage 1816-2020"),
        (lambda: tb.partners("AZE", "soon"), "cannot read year 'soon'"),
        (lambda: tb.threats(target="AZE", year=2023), "year 2023 is outside the threat model's coverage 1816-2022"),
        (lambda: tb.make_case("ISR,AZE", years="1700-1800"), "years 1700-1800 are outside the case's coverage"),
        (lambda: tb.make_case("ISR,AZE", heatmap_years="1992,2030"), "years [2030] are outside the report's"),
        (lambda: tb.ThreatModel().threat_frame("1700-1800"), "outside the threat model's coverage 1816-2022"),
    ],
)
def test_entry_points_share_the_messages(call, needle):
    with pytest.raises(tb.YearRangeError) as exc:
        call()
    assert needle in str(exc.value)


# ---- states, systems, languages, formats -------------------------------------------------------------------
def test_states_delegate_to_the_resolvers():
    assert V.state("Israel") == tb.resolve_state("ISR") == 666
    assert V.states("ISR, AZE") == [666, 373]
    with pytest.raises(tb.UnknownStateError, match="Atlantis"):
        V.state("Atlantis")
    with pytest.raises(tb.InputError, match="unknown state system 'iso'; allowed: cow, gw"):
        V.state("ISR", system="iso")


def test_state_system():
    assert V.state_system("cow") == "cow" and V.state_system(" GW ") == "gw"
    with pytest.raises(tb.InputError, match="unknown state system 'polity'; allowed: cow, gw"):
        V.state_system("polity")
    with pytest.raises(tb.InputError, match="unknown state system 'xx'; allowed: cow, gw"):
        tb.state_years(years=2000, system="xx")


def test_lang():
    assert V.lang("en") == "en" and V.lang("fa") == "fa"
    with pytest.raises(tb.InputError, match="unknown language 'de'; allowed: en, fa"):
        V.lang("de")
    with pytest.raises(tb.InputError, match="unknown --lang 'EN'; allowed: en, fa"):
        V.lang("EN", option="--lang")
    with pytest.raises(tb.InputError, match="unknown language 'xx'; allowed: en, fa"):
        tb.threats(target="AZE", year=2012, lang="xx")


@pytest.mark.parametrize(
    "allowed", [("table", "json", "csv"), ("json", "csv", "parquet"), ("html", "pdf"), ("json", "csv", "html")]
)
def test_output_format_per_entry_point(allowed):
    for fmt in allowed:
        assert V.output_format(fmt, allowed) == fmt
    with pytest.raises(tb.InputError) as exc:
        V.output_format("xml", allowed)
    assert str(exc.value) == f"unknown --format 'xml'; allowed: {', '.join(allowed)}"


def test_choice():
    assert V.choice("dyad-year", ("state-year", "dyad-year"), "--unit") == "dyad-year"
    with pytest.raises(tb.InputError, match="unknown --unit 'dyad'; allowed: state-year, dyad-year"):
        V.choice("dyad", ("state-year", "dyad-year"), "--unit")


def test_no_other_year_parser_left():
    """The old parsers are gone: one layer reads years."""
    import threatbalance.alignment._partners as P
    import threatbalance.panels as panels
    import threatbalance.web._data as D

    assert not hasattr(panels, "parse_years") and not hasattr(P, "_year")
    assert D._years_arg([2010, 2000]) == (2000, 2010)
