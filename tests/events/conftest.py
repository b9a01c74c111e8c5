"""Fixtures of the event tests: the shipped ICEWS sample as files of each layout, small synthetic files, Spark."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from threatbalance import events
from threatbalance.events._formats import _ICEWS_DATAVERSE


def write_icews_tab(df: pl.DataFrame, path: Path) -> Path:
    """Write an ICEWS frame (snake_case columns) as a Dataverse-layout .tab file."""
    cols = [c.lower().replace(" ", "_") for c in _ICEWS_DATAVERSE]
    out = df.select(cols).rename(dict(zip(cols, _ICEWS_DATAVERSE)))
    out = out.with_columns(pl.col(pl.Utf8).str.replace_all(r"[\t\r\n]", " "))
    out.write_csv(path, separator="\t", quote_style="never", null_value="")
    return path


@pytest.fixture(scope="session")
def sample_df() -> pl.DataFrame:
    return pl.read_parquet(events.shipped_sample())


@pytest.fixture(scope="session")
def sample_tab(tmp_path_factory, sample_df) -> Path:
    return write_icews_tab(sample_df, tmp_path_factory.mktemp("icews") / "events.2018.sample.tab")


@pytest.fixture(scope="session")
def synth_tab(tmp_path_factory) -> Path:
    from threatbalance.events.synthetic import generate_icews

    p = tmp_path_factory.mktemp("synth") / "synth.tab"
    generate_icews(p, 20_000, seed=7, years=(2017, 2018), chunk=7_000)
    return p


@pytest.fixture(scope="session")
def spark_master() -> str:
    """Spark local mode (one session per test session, reused by every Spark test)."""
    skip = pytest.fail if os.environ.get("THREATBALANCE_REQUIRE_SPARK") else pytest.skip  # CI sets it
    try:
        import pyspark  # noqa: F401
    except ImportError:
        skip("pyspark is not installed (pip install 'threatbalance[spark]')")
    if shutil.which("java") is None:
        skip("no Java on the PATH (Spark needs Java 17+)")
    from threatbalance.events._spark import session

    session("local[2]")
    return "local[2]"
