"""Shipped cases, ad-hoc cases and the claims files."""

from __future__ import annotations

import json

import polars as pl
import pytest

import threatbalance as tb
from threatbalance.cases import RULES


def test_list_and_get_case():
    cases = tb.list_cases()
    assert [c["key"] for c in cases] == ["israel-azerbaijan", "israel-gulf", "eastern-mediterranean"]
    c = tb.get_case("Israel_Azerbaijan")
    assert c.pair == (666, 373) and c.threatener == 630 and c.years == (1991, 2022)
    assert c.extra["split_year"] == 2013
    g, m = tb.get_case("israel-gulf"), tb.get_case("eastern-mediterranean")
    assert g.pair == (666, 696) and g.threatener == 630 and 692 in g.states  # Israel-UAE, Iran, Bahrain
    assert m.pair == (350, 666) and m.threatener == 640 and 352 in m.states  # Greece-Israel, Turkey, Cyprus
    assert set(c.states) == {666, 373, 630, 371, 640, 365, 372, 2}
    assert c.question["fa"] and len(c.theory["en"]) == 3 and len(c.theory["fa"]) == 3
    with pytest.raises(tb.InputError, match="shipped cases: israel-azerbaijan"):
        tb.get_case("israel-iran")


def test_with_options_and_make_case():
    c = tb.get_case("israel-azerbaijan").with_options(states="IRN,ISR,AZE", years="2000-2016")
    assert c.states == (666, 373, 630) and c.years == (2000, 2016)
    assert all(2000 <= y <= 2016 for y in c.heatmap_years)
    m = tb.make_case("ISR,AZE,IRN", years="2005-2007", threatener="Iran")
    assert m.key == "custom" and m.pair == (666, 373) and m.threatener == 630 and m.ledger is None
    with pytest.raises(tb.InputError, match="at least two"):
        tb.make_case("ISR")
    with pytest.raises(tb.YearRangeError):
        tb.make_case("ISR,AZE", years="1700-1800")
    with pytest.raises(tb.YearRangeError, match="outside the report"):
        tb.get_case("israel-azerbaijan").with_options(heatmap_years="1950")


@pytest.mark.parametrize("key", ["israel-gulf", "eastern-mediterranean"])
def test_new_cases_have_dated_cited_ledgers_and_checkable_claims(key):
    led = tb.load_ledger(key)
    assert led.height >= 10 and led["citation"].str.len_chars().min() > 10 and led["year"].max() >= 2020
    assert led.filter(pl.col("direction") == "hostile")["source"].unique().to_list() == [tb.get_case(key).threatener]
    claims = tb.load_claims(key)
    assert len(claims) >= 6 and all(c["rule"] in RULES and c["version"] >= 1 for c in claims)
    ids = set(led["id"])
    assert all(set(c.get("evidence", [])) <= ids for c in claims)


def test_shipped_claims_use_known_rules_and_ledger_ids():
    claims = tb.load_claims("israel-azerbaijan")
    led_ids = set(tb.load_ledger("israel-azerbaijan")["id"])
    assert len(claims) >= 10
    for c in claims:
        assert c["rule"] in RULES and c["claim"]["en"] and c["claim"]["fa"]
        assert set(c.get("evidence", [])) <= led_ids


def test_bad_claims_file(tmp_path):
    p = tmp_path / "c.json"
    p.write_text(json.dumps([{"claim": "x", "rule": "astrology"}]))
    with pytest.raises(tb.InputError, match="unknown rule 'astrology'"):
        tb.load_claims(p)
    p.write_text(json.dumps([{"claim": "x", "rule": "trade_value", "params": {"a": "ISR"}}]))
    with pytest.raises(tb.InputError, match="needs params"):
        tb.load_claims(p)
    p.write_text("{not json")
    with pytest.raises(tb.InputError, match="not valid JSON"):
        tb.load_claims(p)
