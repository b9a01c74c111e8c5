"""The evidence ledger: the shipped file, the schema checks and the route into the threat model."""

from __future__ import annotations

import polars as pl
import pytest

import threatbalance as tb
from threatbalance.cases import DIRECTIONS, DOMAINS


def _row(**kw):
    base = {
        "date": "2012-02",
        "source_state": "ISR",
        "target_state": "AZE",
        "direction": "cooperative",
        "domain": "military-security",
        "summary": "arms contract",
        "citation": "Frenkel 2012",
    }
    base.update(kw)
    return pl.DataFrame({k: [v] for k, v in base.items()})


def test_shipped_ledger_is_valid_and_complete():
    led = tb.load_ledger("israel-azerbaijan")
    assert led.height >= 40
    assert led["id"].is_unique().all()
    assert set(led["direction"]) == set(DIRECTIONS) and set(led["domain"]) == set(DOMAINS)
    assert set(led["dimension"]) <= {"intent", "offense", "power", "proximity"}
    assert led["weight"].is_between(0, 1).all()
    assert led["summary"].str.len_chars().min() > 10 and led["citation"].null_count() == 0
    e = {r["id"]: r for r in led.iter_rows(named=True)}
    assert e["E34"]["year"] == 2012 and "1.6 billion" in e["E34"]["summary"] and "Frenkel" in e["E34"]["citation"]
    assert e["E14"]["date"] == "1997-08-29" and e["E14"]["date_precision"] == "day"
    assert e["E40"]["source_abb"] == "ISR" and "4 billion" in e["E40"]["summary"]
    assert led.filter(pl.col("domain") == "energy").height >= 4
    assert led["source"].null_count() == 0 and led["target"].null_count() == 0
    assert led["when"].is_sorted()


def test_ledger_is_threat_model_evidence():
    """The shipped CSV passes the threat model's own evidence loader unchanged."""
    from threatbalance.threat import load_evidence

    case = tb.get_case("israel-azerbaijan")
    ev = load_evidence(case.ledger)
    assert ev.height == tb.load_ledger(case.ledger).height


def test_hostile_events_feed_intentions():
    h = tb.hostile_events("israel-azerbaijan", source="IRN")
    assert set(h["source"]) == {630} and set(h["target"]) == {666, 373} and set(h["direction"]) == {"hostile"}
    assert tb.hostile_events("israel-azerbaijan", target="AZE", dimensions=("military-security",)).height >= 1
    base = tb.ThreatModel().threat_frame(2012)
    fed = tb.ThreatModel(evidence=h).threat_frame(2012)
    pick = lambda f: f.filter((tb.col("source") == 630) & (tb.col("target") == 373)).row(0, named=True)  # noqa: E731
    assert pick(fed)["intent"] > pick(base)["intent"] and pick(fed)["power"] == pick(base)["power"]
    with pytest.raises(tb.InputError, match="unknown domain"):
        tb.hostile_events("israel-azerbaijan", dimensions=("cultural",))


def test_user_ledger_from_csv(tmp_path):
    p = tmp_path / "mine.csv"
    _row(
        date="2001", source_state="ایران", target_state="Israel", direction="hostile", domain="threat perception"
    ).write_csv(p)
    led = tb.load_ledger(p)
    r = led.row(0, named=True)
    assert (r["source"], r["target"], r["id"], r["weight"], r["dimension"]) == (630, 666, "E01", 1.0, "intent")


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"direction": "friendly"}, "direction 'friendly' is not allowed"),
        ({"domain": "cultural"}, "domain 'cultural'"),
        ({"dimension": "religion"}, "unknown dimension 'religion'"),
        ({"weight": "2"}, "outside \\[0, 1\\]"),
        ({"date": "12/2012"}, "cannot read date"),
        ({"source_state": "Atlantis"}, "Atlantis"),
        ({"summary": ""}, "'summary' is empty"),
        ({"date_precision": "decade"}, "date_precision 'decade'"),
    ],
)
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
        "date",
        "source_state",
        "target_state",
        "direction",
        "summary",
        "citation",
    ]


def test_date_precision_marks_rows_dated_by_their_source():
    led = tb.load_ledger("israel-azerbaijan")
    e = {r["id"]: r for r in led.iter_rows(named=True)}
    # the article gives no date for these events: the year is the cited source's
    assert e["E33"]["date_precision"] == "source-year" and "Nassibu 2012" in e["E33"]["note"]
    assert (e["E32"]["date"], e["E32"]["date_precision"]) == ("2011", "source-year")
    # the article's 1997 visit cited to IRNA 1374 SH (1995/96) is flagged
    assert "1374 SH" in e["E14"]["citation"] and "1995" in e["E14"]["note"]
    assert e["E34"]["date_precision"] == "month" and e["E01"]["date_precision"] == "year"
    # given explicitly or derived from the form of the date
    r = tb.validate_ledger(_row(date="2012", date_precision="source-year")).row(0, named=True)
    assert r["date_precision"] == "source-year"
    assert tb.validate_ledger(_row(date_precision="")).row(0, named=True)["date_precision"] == "month"
