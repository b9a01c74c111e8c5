"""threatbalance reproduces peacesciencer 1.2.9's reference pipeline to the row.

Reference: peacesciencer's output for 1962 and 2005 (``tests/data``, copied from the project's shared
reference sample), pipeline create_dyadyears(subset_years=1816:2016) + add_nmc + add_capital_distance +
add_contiguity + add_atop_alliance + add_gml_mids + add_strategic_rivalries + add_democracy.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

DATA = Path(__file__).parent / "data"

KEYS = ["ccode1", "ccode2", "year"]


@pytest.fixture(scope="module")
def joined(peer_pipeline):
    ref = pl.read_parquet(DATA / "peacesciencer_dyadyears_1962_2005.parquet")
    ours = peer_pipeline.data.filter(pl.col("year").is_in([1962, 2005]))
    return ref, ours


def test_same_rows_and_columns(joined):
    ref, ours = joined
    assert ours.columns == ref.columns
    assert ours.height == ref.height == 50244
    r = ref.select(KEYS).cast(pl.Int32)
    o = ours.select(KEYS).cast(pl.Int32)
    assert r.join(o, on=KEYS, how="anti").height == 0
    assert o.join(r, on=KEYS, how="anti").height == 0


def test_row_order_matches_peer(joined):
    ref, ours = joined
    # peacesciencer orders by ccode1, ccode2, year
    assert ours.select(KEYS).cast(pl.Int64).equals(ref.select(KEYS).cast(pl.Int64).sort(KEYS))


@pytest.mark.parametrize("column", pl.read_parquet_schema(DATA / "peacesciencer_dyadyears_1962_2005.parquet").keys())
def test_column_values_equal_peer(joined, column):
    ref, ours = joined
    if column in KEYS:
        return
    j = (
        ref.select(*KEYS, column)
        .cast(dict.fromkeys(KEYS, pl.Int32))
        .join(ours.select(*KEYS, column).cast(dict.fromkeys(KEYS, pl.Int32)), on=KEYS, suffix="_ours")
    )
    a, b = j[column].cast(pl.Float64), j[f"{column}_ours"].cast(pl.Float64)
    assert (a.is_null() == b.is_null()).all(), f"{column}: NA pattern differs"
    both = a.is_not_null()
    if ref.schema[column] == pl.Float64:
        # floating point: capital distance and democracy scores agree to 1e-9 (relative)
        diff = ((a - b).abs() / b.abs().clip(lower_bound=1.0)).filter(both)
        assert diff.max() is None or diff.max() < 1e-9, f"{column}: max rel. diff {diff.max()}"
    else:
        assert (a.filter(both) == b.filter(both)).all(), f"{column}: values differ"


def test_row_count_full_pipeline(peer_pipeline):
    assert peer_pipeline.height == 1_912_290
    assert peer_pipeline.data.select(KEYS).is_duplicated().sum() == 0


def test_documented_contiguity_difference_from_peer(peer_pipeline):
    """Overlapping type-0 records: the peer reports 0 for a land border, threatbalance the border."""
    import threatbalance as tb

    ours = tb.dyad_years(years=1962).add_contiguity().data
    peer = peer_pipeline.data.filter(pl.col("year") == 1962).select(KEYS + ["conttype"])
    j = ours.join(peer, on=KEYS, suffix="_peer")
    ussr_afg = j.filter((pl.col("ccode1") == 365) & (pl.col("ccode2") == 700))
    assert ussr_afg["conttype"][0] == 1 and ussr_afg["conttype_peer"][0] == 0
    differ = j.filter(pl.col("conttype") != pl.col("conttype_peer"))
    assert differ.height > 0 and (differ["conttype_peer"] == 0).all() and (differ["conttype"] > 0).all()
