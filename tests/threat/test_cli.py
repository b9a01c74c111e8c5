"""`threatbalance threats`: table, JSON and CSV output; one-line errors with exit status 1."""

from __future__ import annotations

import json

import polars as pl
import pytest


def test_threats_target_json(run):
    code, out, err = run("threats", "--target", "AZE", "--year", "2012", "--top", "5", "--format", "json")
    assert code == 0, err
    recs = json.loads(out)
    assert len(recs) == 5 and recs[0]["source_abb"] == "IRN" and recs[0]["target_name"] == "Azerbaijan"
    assert {"source", "source_name", "target", "threat", "power", "proximity", "offense", "intent"} <= set(recs[0])
    assert [r["threat"] for r in recs] == sorted((r["threat"] for r in recs), reverse=True)


def test_threats_source_table_and_csv(run, tmp_path):
    code, out, err = run("threats", "--source", "IRN", "--year", "2012", "--top", "3")
    assert code == 0, err
    assert "threats posed by Iran, 2012" in out and "proximity" in out
    code, out, _ = run("threats", "--source", "IRN", "--year", "2012", "--top", "3", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("rank,year,source,")


def test_threats_with_evidence_file(run, tmp_path):
    f = tmp_path / "ev.csv"
    pl.DataFrame(
        {
            "date": ["2012-01-01"],
            "source_state": ["IRN"],
            "target_state": ["AZE"],
            "direction": ["hostile"],
            "citation": ["test"],
        }
    ).write_csv(f)
    _, base, _ = run("threats", "--target", "AZE", "--source", "IRN", "--year", "2012", "--format", "json")
    code, out, err = run(
        "threats", "--target", "AZE", "--source", "IRN", "--year", "2012", "--format", "json", "--evidence", str(f)
    )
    assert code == 0, err
    assert json.loads(out)[0]["intent"] > json.loads(base)[0]["intent"]


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--target", "XYZ", "--year", "2012"], "unknown state 'XYZ'"),
        (["--target", "AZE", "--year", "1980"], "was not a member of the state system in 1980"),
        (["--target", "AZE", "--year", "2030"], "outside the threat model's coverage 1816-2022"),
        (["--year", "2012"], "name a target"),
        (["--target", "AZE", "--year", "2012", "--format", "xml"], "unknown --format 'xml'"),
    ],
)
def test_threats_errors_exit_1(run, args, needle):
    code, _out, err = run("threats", *args)
    assert code == 1 and needle in " ".join(err.split())


def test_corrupt_evidence_parquet_exit_1(run, tmp_path):
    f = tmp_path / "ledger.parquet"
    f.write_bytes(b"PAR1 broken")
    code, _, err = run("threats", "--target", "AZE", "--year", "2012", "--evidence", str(f))
    assert code == 1 and "ledger.parquet" in err and "Parquet" in err


def test_same_state_as_source_and_target_is_explained(run):
    code, _, err = run("threats", "--target", "IRN", "--source", "Iran", "--year", "2012")
    assert code == 1 and "source and target are the same state (Iran)" in " ".join(err.split())
