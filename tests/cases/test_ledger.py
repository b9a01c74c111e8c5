"""The evidence ledger: the shipped file, the schema checks and the hostile-event view."""

from __future__ import annotations

import polars as pl
import pytest

import threatbalance as tb
from threatbalance.cases import DIMENSIONS, DIRECTIONS


def _row(**kw):
    base = {"date": "2012-02", "source_state": "ISR", "target_state": "AZE", "direction": "cooperative",
            "dimension": "military-security", "summary": "arms contract", "citation": "Frenkel 2012"}
    base.update(kw)
    return pl.DataFrame({k: [v] for k, v in base.items()})


def test_shipped_ledger_is_valid_and_complete():
    led = tb.load_ledger("israel-azerbaijan")
    assert led.height >= 40
    assert led["id"].is_unique().all()
    assert set(led["direction"]) <= set(DIRECTIONS) and set(led["dimension"]) == set(DIMENSIONS)
    assert led["summary"].str.len_chars().min() > 10 and led["citation"].null_count() == 0
    # the facts the brief lists are there, with the article's sources
    e = {r["id"]: r for r in led.iter_rows(named=True)}
    assert e["E34"]["year"] == 2012 and "1.6 billion" in e["E34"]["summary"] and "Frenkel" in e["E34"]["citation"]
    assert e["E14"]["date"] == "1997-08-29"
    assert e["E40"]["source_abb"] == "ISR" and "4 billion" in e["E40"]["summary"]
    assert led.filter(pl.col("dimension") == "energy").height >= 4
    # every state of the ledger resolves to a COW code
    assert led["source"].null_count() == 0 and led["target"].null_count() == 0
    assert led["when"].is_sorted()


def test_hostile_events_feed_intentions():
    h = tb.hostile_events("israel-azerbaijan", source="IRN")
    assert set(h.columns) >= {"year", "source", "target", "weight"}
    assert set(h["source"]) == {630} and set(h["target"]) == {666, 373}
    assert h.filter(tb.col("target") == 666)["weight"].max() == 2.0
    assert tb.hostile_events("israel-azerbaijan", target="AZE", dimensions=("military-security",)).height >= 1


def test_user_ledger_from_csv(tmp_path):
    p = tmp_path / "mine.csv"
    _row(date="2001", source_state="Iran", target_state="ایران" if False else "Israel",
         direction="hostile", dimension="threat perception").write_csv(p)
    led = tb.load_ledger(p)
    assert led.row(0, named=True)["source"] == 630 and led["id"][0] == "E01" and led["weight"][0] == 1.0


@pytest.mark.parametrize("kw, match", [
    ({"direction": "friendly"}, "direction 'friendly' is not allowed"),
    ({"dimension": "cultural"}, "dimension 'cultural'"),
    ({"date": "12/2012"}, "not YYYY"),
    ({"date": "2012-13"}, "month outside"),
    ({"source_state": "Atlantis"}, "source_state"),
    ({"summary": ""}, "empty value"),
])
def test_bad_ledgers_name_the_value(kw, match):
    with pytest.raises(tb.InputError, match=match):
        tb.validate_ledger(_row(**kw))


def test_missing_column_and_file(tmp_path):
    with pytest.raises(tb.InputError, match="required column"):
        tb.validate_ledger(_row().drop("citation"))
    with pytest.raises(tb.InputError, match="does not exist"):
        tb.load_ledger(tmp_path / "nope.csv")
    with pytest.raises(tb.InputError, match="unknown case"):
        tb.load_ledger("no-such-case")


def test_schema_table():
    s = tb.ledger_schema()
    assert s.filter(tb.col("required"))["column"].to_list() == [
        "date", "source_state", "target_state", "direction", "dimension", "summary", "citation"]
