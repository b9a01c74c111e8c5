"""User evidence: the schema is checked row by row, and items move their term from their date on, then decay."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest

import threatbalance as tb
from threatbalance.threat import load_evidence
from threatbalance.threat.evidence import evidence_contributions


def _ev(**over):
    row = {
        "date": "2012-03-01",
        "source_state": "IRN",
        "target_state": "AZE",
        "direction": "hostile",
        "dimension": "intent",
        "weight": 1.0,
        "summary": "officials accuse Baku of hosting Mossad",
        "citation": "case brief, section 2",
    }
    row.update(over)
    return pl.DataFrame([row])


def _intent(model, years=(2010, 2020)):
    k = pl.DataFrame(
        {
            "ccode1": [630] * (years[1] - years[0] + 1),
            "ccode2": [373] * (years[1] - years[0] + 1),
            "year": list(range(years[0], years[1] + 1)),
        }
    )
    t = model.transform(k)
    return dict(zip(t["year"].to_list(), t["intent"].to_list())), dict(zip(t["year"].to_list(), t["threat"].to_list()))


def test_schema_normalised():
    ev = load_evidence(_ev(source_state="ایران", target_state="Azerbaijan", date="2012"))
    assert ev.select("year", "source", "target", "sign", "dimension", "weight").row(0) == (
        2012,
        630,
        373,
        1,
        "intent",
        1.0,
    )
    assert ev["summary"][0].startswith("officials")


def test_pandas_csv_and_hostility_alias(tmp_path):
    df = _ev().to_pandas().rename(columns={"weight": "hostility"})
    assert load_evidence(df)["weight"][0] == 1.0
    f = tmp_path / "ledger.csv"
    _ev(weight=0.5).write_csv(f)
    assert load_evidence(str(f))["weight"][0] == 0.5
    assert load_evidence(pd.DataFrame(_ev().drop("dimension", "weight").to_dicts()))["dimension"][0] == "intent"


@pytest.mark.parametrize(
    "over,needle",
    [
        ({"date": "March 2012"}, "evidence row 1: cannot read date 'March 2012'"),
        ({"date": "1700"}, "outside the model's years"),
        ({"source_state": "Atlantis"}, "evidence row 1: unknown state 'Atlantis'"),
        ({"target_state": "IRN"}, "the same state"),
        ({"direction": "angry"}, "unknown direction 'angry'"),
        ({"dimension": "culture"}, "unknown dimension 'culture'"),
        ({"weight": 3}, "outside [0, 1]"),
        ({"weight": "high"}, "is not a number"),
        ({"citation": ""}, "citation is empty"),
    ],
)
def test_bad_rows_name_row_and_value(over, needle):
    with pytest.raises(tb.InputError) as exc:
        load_evidence(_ev(**over))
    assert needle in str(exc.value)


def test_missing_column_and_bad_path(tmp_path):
    with pytest.raises(tb.InputError, match="lacks required column"):
        load_evidence(_ev().drop("citation"))
    with pytest.raises(tb.InputError, match="does not exist"):
        load_evidence(tmp_path / "nope.csv")


def test_hostile_item_raises_intent_from_its_year_and_decays():
    base_i, base_t = _intent(tb.ThreatModel())
    i, t = _intent(tb.ThreatModel(evidence=_ev()))
    assert i[2011] == base_i[2011]  # nothing before the item's date
    d = {y: i[y] - base_i[y] for y in i}
    assert d[2012] == pytest.approx(1.0 * 0.6931471805599453)  # evidence_weight * log(1 + 1)
    assert d[2012] > d[2013] > d[2015] > d[2020] > 0
    assert t[2012] > base_t[2012]


def test_reassuring_lowers_but_not_below_zero_and_dimension_routes():
    base_i, _ = _intent(tb.ThreatModel())
    i, _ = _intent(tb.ThreatModel(evidence=pl.concat([_ev(direction="reassuring")] * 200)))
    assert i[2012] < base_i[2012] and i[2012] >= 0
    m = tb.ThreatModel(evidence=_ev(dimension="offense"), evidence_weight=2.0)
    k = pl.DataFrame({"ccode1": [630], "ccode2": [373], "year": [2012]})
    a, b = tb.ThreatModel().transform(k), m.transform(k)
    assert b["offense"][0] == pytest.approx(a["offense"][0] + 2.0 * 0.6931471805599453)
    assert b["intent"][0] == pytest.approx(a["intent"][0])


def test_contributions_aligned_with_rows():
    k = pl.DataFrame({"ccode1": [630, 2, 630], "ccode2": [373, 20, 373], "year": [2012, 2012, 2011]})
    c = evidence_contributions(_ev(), k)
    assert c.height == 3 and c["intent"].to_list()[1:] == [0.0, 0.0] and c["intent"][0] > 0


def test_evidence_column_reports_what_was_applied_after_the_floor():
    k = pl.DataFrame({"ccode1": [630], "ccode2": [373], "year": [2012]})
    base = tb.ThreatModel().transform(k)
    floored = tb.ThreatModel(evidence=pl.concat([_ev(direction="reassuring")] * 200)).transform(k)
    assert floored["intent"][0] == 0.0
    assert floored["evidence"][0] == pytest.approx(-base["intent"][0])  # not the pre-floor -log(201)
    hostile = tb.ThreatModel(evidence=_ev()).transform(k)
    assert hostile["evidence"][0] == pytest.approx(0.6931471805599453)
    assert base["evidence"][0] == 0.0


def test_corrupt_parquet_names_the_file(tmp_path):
    f = tmp_path / "ledger.parquet"
    f.write_bytes(b"not a parquet file")
    with pytest.raises(tb.InputError, match=r"cannot read evidence file .*ledger\.parquet.* as Parquet"):
        load_evidence(f)
    with pytest.raises(tb.InputError, match=r"ledger\.parquet"):
        tb.ThreatModel(evidence=str(f)).transform(pl.DataFrame({"ccode1": [630], "ccode2": [373], "year": [2012]}))
    _ev().write_parquet(tmp_path / "ok.parquet")
    assert load_evidence(tmp_path / "ok.parquet")["source"][0] == 630


def test_repr_abbreviates_evidence_frames():
    assert "evidence=<polars DataFrame of 1 rows>" in repr(tb.ThreatModel(evidence=_ev()))
    r = repr(tb.ThreatModel(evidence=_ev().to_pandas()))
    assert "evidence=<pandas DataFrame of 1 rows>" in r and "officials" not in r
    assert repr(tb.ThreatModel()) == "ThreatModel()  # default weights"
    assert "recalibrate_years=None" in repr(tb.ThreatModel(recalibrate_years=None))
