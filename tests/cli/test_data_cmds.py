"""`threatbalance panel`, `cite`, `sources`, `states`: outputs, exit codes and error lines."""

from __future__ import annotations

import json

import polars as pl
import pytest

import threatbalance as tb


def test_panel_parquet_and_cite(run, tmp_path):
    out = tmp_path / "d.parquet"
    code, _, err = run(
        "panel",
        "--unit",
        "dyad-year",
        "--years",
        "2004-2005",
        "--directed",
        "--add",
        "nmc,capital_distance,contiguity,atop,gml_mids,rivalries,democracy",
        "--out",
        str(out),
    )
    assert code == 0, err
    p = tb.read_panel(out)
    assert p.height == tb.dyad_years(years="2004-2005").height and p.data.width == 62
    code, bib, _ = run("cite", "--panel", str(out))
    assert code == 0 and "@Article{leedsetal2002atop," in bib and "@Article{gibleretal2016amid," in bib


def test_panel_csv_state_years(run, tmp_path):
    out = tmp_path / "s.csv"
    code, _, err = run("panel", "--unit", "state-year", "--years", "2000", "--add", "nmc,democracy", "--out", str(out))
    assert code == 0, err
    df = pl.read_csv(out)
    assert {"ccode", "year", "cinc", "polity2"} <= set(df.columns)


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--unit", "country-year"], "unknown --unit 'country-year'; allowed: state-year, dyad-year"),
        (["--years", "1700-1800"], "outside the panel's coverage 1816-2022"),
        (["--add", "nmc,bogus"], "unknown covariate 'bogus'; available:"),
        (["--system", "xx"], "allowed: cow, gw"),
    ],
)
def test_panel_bad_options_one_line_exit_1(run, tmp_path, args, needle):
    code, _out, err = run("panel", *args, "--out", str(tmp_path / "x.parquet"))
    assert code == 1
    assert needle in " ".join(err.split())
    assert "Traceback" not in err
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_panel_bad_extension(run, tmp_path):
    code, _, err = run("panel", "--years", "2000", "--out", str(tmp_path / "x.xlsx"))
    assert code == 1 and ".parquet or .csv" in err


def test_cite_and_sources(run):
    code, out, _ = run("cite", "nmc,atop")
    assert code == 0 and out.count("@") == 3
    code, out, err = run("cite", "nope")
    assert code == 1 and "unknown data source 'nope'" in err
    code, out, _ = run("sources", "--format", "json")
    rows = json.loads(out)
    assert {"nmc", "atop", "gml_mids"} <= {r["key"] for r in rows}


def test_states(run):
    code, out, _ = run("states", "ISR,آذربایجان,IRN", "--format", "csv")
    assert code == 0 and pl.read_csv(out.encode())["code"].to_list() == [373, 630, 666]
    code, _, err = run("states", "Azerbajan")
    assert code == 1 and "did you mean: Azerbaijan (AZE, 373)" in err


def test_cite_panel_file_errors(run, tmp_path):
    code, _, err = run("cite", "--panel", str(tmp_path / "missing.parquet"))
    assert code == 1 and "does not exist" in err
    bad = tmp_path / "bad.parquet"
    bad.write_text("not parquet")
    code, _, err = run("cite", "--panel", str(bad))
    assert code == 1 and "not a Parquet file" in err


@pytest.mark.parametrize("args", [["--bogus"], ["panel"], ["cite", "--panel"], ["nocmd"]])
def test_usage_errors_exit_1_without_traceback(run, args):
    code, _, err = run(*args)
    assert code == 1
    assert "Traceback" not in err and "internal error" not in err


def test_no_arguments_shows_help(run):
    code, out, err = run()
    assert code == 0 and "Usage" in out + err


def test_source_keys_name_their_step_and_csv_panels_cite(run, tmp_path):
    out = tmp_path / "d.csv"
    code, _, err = run("panel", "--years", "2005", "--add", "capitals,un_idealpoints", "--out", str(out))
    assert code == 0, err
    code, bib, err = run("cite", "--panel", str(out))
    assert code == 0 and "baileystrezhnevvoeten2017" in bib, err
