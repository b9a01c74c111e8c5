"""The gather-based join helpers of ``covariates._base`` equal a polars left join (+ fill), row for row.

They replace hash joins on the hot path of every ``add_*`` step, with a sparse (scatter) and a dense
(gather) branch and a fast path for sorted panels; each is checked here against the plain join on
random tables with missing values, on sorted and shuffled panels.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import polars as pl
import pytest

import threatbalance as tb
from threatbalance.covariates._base import (
    dyad_index,
    gather_dyadic,
    join_directed,
    join_state_level,
    join_undirected,
)

KEYS = ["ccode1", "ccode2", "year"]
COV = (1990, 1994)


@pytest.fixture(scope="module")
def panels() -> dict[str, tb.Panel]:
    p = tb.dyad_years(years="1988-1996")
    shuffled = replace(p, data=p.data.sample(fraction=1.0, shuffle=True, seed=1))
    nd = tb.dyad_years(years="1988-1996", directed=False)
    return {"sorted": p, "shuffled": shuffled, "non-directed": nd}


def _table(panel: tb.Panel, frac: float, seed: int) -> pl.DataFrame:
    """Some of the panel's dyad-years plus some keys not in it, with Int32, Int8 and Float64 columns holding nulls."""
    rng = np.random.default_rng(seed)
    keys = panel.data.select(KEYS).sample(fraction=frac, seed=seed)
    extra = pl.DataFrame(
        {"ccode1": [2, 999], "ccode2": [998, 2], "year": [1990, 1991]}, schema=dict.fromkeys(KEYS, pl.Int32)
    )
    keys = pl.concat([keys, extra])
    n = keys.height
    a = rng.integers(-5, 100, n)
    return keys.with_columns(
        pl.Series("a", a, dtype=pl.Int32).set(pl.Series(rng.random(n) < 0.2), None),
        pl.Series("b", rng.integers(0, 2, n), dtype=pl.Int8),
        pl.Series("c", rng.normal(size=n)).set(pl.Series(rng.random(n) < 0.1), None),
    )


def _reference(panel: tb.Panel, table: pl.DataFrame, filled: list[str], cov) -> pl.DataFrame:
    j = panel.data.join(table, on=KEYS, how="left", maintain_order="left")
    if cov is not None:
        inside = pl.col("year").is_between(*cov)
        j = j.with_columns([pl.when(inside).then(pl.col(c).fill_null(0)).otherwise(pl.col(c)).alias(c) for c in filled])
    return j.select(["a", "b", "c"])


@pytest.mark.parametrize("which", ["sorted", "shuffled"])
@pytest.mark.parametrize("frac", [0.05, 0.9], ids=["sparse", "dense"])
@pytest.mark.parametrize("cov", [None, COV], ids=["no-fill", "fill"])
def test_gather_dyadic_equals_left_join_and_fill(panels, which, frac, cov):
    p = panels[which]
    t = _table(p, frac, seed=3)
    filled = ["a", "b"] if cov else []
    got = pl.DataFrame(gather_dyadic(p, t, ["a", "b", "c"], filled, cov))
    want = _reference(p, t, filled, cov)
    assert got.schema == want.schema
    assert got.equals(want)


@pytest.mark.parametrize("which", ["sorted", "shuffled", "non-directed"])
def test_join_directed_and_undirected(panels, which):
    p = panels[which]
    t = _table(tb.dyad_years(years="1988-1996"), 0.1, seed=5)
    got = join_directed(p, t, ["a", "b", "c"], agg="max")
    if p.directed:
        want = p.data.join(t, on=KEYS, how="left", maintain_order="left")
    else:
        both = t.with_columns(
            pl.min_horizontal("ccode1", "ccode2").alias("ccode1"), pl.max_horizontal("ccode1", "ccode2").alias("ccode2")
        )
        both = both.group_by(KEYS).agg(pl.col("a").max(), pl.col("b").max(), pl.col("c").max())
        want = p.data.join(both, on=KEYS, how="left", maintain_order="left")
    assert got.equals(want)
    # an undirected table keyed (_lo, _hi, year) reaches both directions
    u = t.filter(pl.col("ccode1") < pl.col("ccode2")).rename({"ccode1": "_lo", "ccode2": "_hi"})
    got = join_undirected(p, u, ["a", "c"])
    lo, hi = pl.min_horizontal("ccode1", "ccode2").alias("_lo"), pl.max_horizontal("ccode1", "ccode2").alias("_hi")
    want = (
        p.data.with_columns(lo, hi)
        .join(u.select("_lo", "_hi", "year", "a", "c"), on=["_lo", "_hi", "year"], how="left", maintain_order="left")
        .drop("_lo", "_hi")
    )
    assert got.equals(want)


@pytest.mark.parametrize("which", ["sorted", "shuffled"])
def test_join_state_level(panels, which):
    p = panels[which]
    rng = np.random.default_rng(7)
    sy = tb.state_years(years="1989-1995").data.select("ccode", "year")
    t = sy.with_columns(pl.Series("v", rng.normal(size=sy.height)).set(pl.Series(rng.random(sy.height) < 0.3), None))
    got = join_state_level(p, t, ["v"])
    want = p.data
    for i in ("1", "2"):
        want = want.join(
            t.rename({"ccode": f"ccode{i}", "v": f"v{i}"}), on=[f"ccode{i}", "year"], how="left", maintain_order="left"
        )
    assert got.equals(want)


def test_duplicate_table_keys_are_a_bug(panels):
    p = panels["sorted"]
    k = np.array([2, 2], dtype=np.int32)
    with pytest.raises(AssertionError, match="duplicate"):
        dyad_index(p, k, np.array([20, 20], dtype=np.int32), np.array([1990, 1990], dtype=np.int32))
