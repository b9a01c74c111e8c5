"""``threatbalance events ingest|dyads|info``."""

from __future__ import annotations

import polars as pl

from threatbalance import events


def test_ingest_dyads_info(run, tmp_path):
    db = tmp_path / "ev.duckdb"
    code, out, err = run("events", "ingest", str(events.shipped_sample()), "--db", str(db), "--report", "csv")
    assert code == 0, err
    assert "4993,4993,0,0" in out
    code, out, _ = run("events", "ingest", str(events.shipped_sample()), "--db", str(db), "--report", "json")
    assert code == 0 and '"rows_new": 0' in out and '"rows_duplicate": 4993' in out
    o = tmp_path / "d.parquet"
    code, _, err = run("events", "dyads", "--db", str(db), "--unit", "year", "--out", str(o))
    assert code == 0 and "dyad-years" in err
    assert pl.read_parquet(o).columns[:3] == ["ccode1", "ccode2", "year"]
    code, out, _ = run("events", "dyads", "--db", str(db), "--unit", "month", "--format", "csv", "--out", "-")
    assert code == 0 and out.splitlines()[0].startswith("ccode1,ccode2,year,month,n_events")
    code, out, _ = run("events", "info", "--db", str(db), "--format", "json")
    assert code == 0 and '"events": 4993' in out


def test_truncated_file_one_line_exit_1(run, tmp_path):
    data = events.shipped_sample()
    tab = tmp_path / "events.tab"
    pl.read_parquet(data).drop("year", "yearmonth").with_columns(
        pl.col(pl.Utf8).str.replace_all(r"[\t\r\n]", " ")
    ).write_csv(tab, separator="\t", quote_style="never", null_value="")
    raw = tab.read_bytes()
    tab.write_bytes(raw[: len(raw) - 30])
    db = tmp_path / "ev.duckdb"
    code, _, err = run("events", "ingest", str(tab), "--db", str(db))
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "events.tab" in lines[0] and "line 4994" in lines[0]
    assert not db.exists()


def test_bad_options(run, tmp_path):
    code, _, err = run(
        "events", "ingest", str(events.shipped_sample()), "--db", str(tmp_path / "x.duckdb"), "--engine", "hive"
    )
    assert code == 1 and "unknown engine 'hive'" in err
    code, _, err = run("events", "dyads", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "a.txt"))
    assert code == 1 and "cannot tell the format" in err
