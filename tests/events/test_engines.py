"""One aggregation, three implementations: DuckDB and Spark run the same SQL and must agree exactly;
the naive pandas loop of the benchmark is an independent check of the counts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl
import pytest

from threatbalance import InputError, events


def test_duckdb_and_spark_give_identical_dyad_months(spark_master, synth_tab, sample_tab):
    files = [synth_tab, sample_tab]
    duck = events.aggregate(files, unit="month", engine="duckdb")
    spark = events.aggregate(files, unit="month", engine="spark", master=spark_master)
    assert duck.height > 3_000
    assert duck.schema == spark.schema
    assert duck.equals(spark)  # bit for bit, floats included


def test_spark_ingest_into_the_store(spark_master, tmp_path, sample_tab):
    a, b = tmp_path / "duck.duckdb", tmp_path / "spark.duckdb"
    events.ingest([sample_tab], db=a)
    r = events.ingest([sample_tab], db=b, engine="spark", master=spark_master)
    assert (r[0].engine, r[0].rows_read, r[0].skipped) == ("spark", 4993, False)
    assert events.dyads(db=a, unit="year").equals(events.dyads(db=b, unit="year"))
    again = events.ingest([sample_tab], db=b, engine="spark", master=spark_master)
    assert again[0].skipped  # the same file (sha256) is not counted twice
    assert events.dyads(db=a, unit="month").equals(events.dyads(db=b, unit="month"))


def test_spark_reports_malformed_rows(spark_master, tmp_path, sample_tab):
    bad = tmp_path / "bad.tab"
    lines = sample_tab.read_text().splitlines()
    lines[10] = lines[10].replace("2018-06-0", "2018-13-0", 1)
    bad.write_text("\n".join(lines) + "\n")
    db = tmp_path / "s.duckdb"
    with pytest.raises(InputError, match=r"bad\.tab: 1 malformed row\(s\); first: .*2018-13-0"):
        events.ingest([bad], db=db, engine="spark", master=spark_master)
    assert not db.exists()


def _bench():
    path = Path(__file__).parents[2] / "benchmarks" / "bench_events.py"
    spec = importlib.util.spec_from_file_location("bench_events", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_pandas_loop_peer_agrees_with_duckdb(synth_tab):
    peer = _bench().pandas_loop(synth_tab)
    duck = events.aggregate([synth_tab], unit="month")
    assert peer["rows"] == 20_000
    assert peer["dyad_months"] == duck.height


def test_synthetic_file_looks_like_icews(synth_tab):
    from threatbalance.events._formats import detect

    assert detect(synth_tab).name == "icews"
    df = pl.read_csv(synth_tab, separator="\t", quote_char=None, infer_schema=False)
    assert df.height == 20_000 and df["Event ID"].n_unique() == 20_000
    assert df["Source Country"].n_unique() > 100  # every state occurs
    assert 0.2 < df["Source Sectors"].str.contains("Government").mean() < 0.8
    assert df["CAMEO Code"].str.len_chars().is_in([2, 3, 4]).all()
