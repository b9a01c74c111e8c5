"""Correlates of War dyadic trade v4.0: ``add_cow_trade``."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, drop_existing, finish, join_state_level, step

TRADE_VARS = ["flow1", "flow2", "smoothflow1", "smoothflow2"]
_SWAP = {"flow1": "flow2", "flow2": "flow1", "smoothflow1": "smoothflow2", "smoothflow2": "smoothflow1"}


@lru_cache(maxsize=1)
def _directed_trade() -> pl.DataFrame:
    """Both orientations of the non-directed table, flows swapped in the mirrored copy."""
    t = load_table("cow_trade_ndy").select(
        pl.col("ccode1").cast(pl.Int32),
        pl.col("ccode2").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        *[pl.col(c).cast(pl.Float64) for c in TRADE_VARS],
    )
    mirror = t.rename({"ccode1": "ccode2", "ccode2": "ccode1", **_SWAP}).select(t.columns)
    return pl.concat([t, mirror]).unique(["ccode1", "ccode2", "year"], keep="first", maintain_order=True)


@step(
    "cow_trade",
    source="trade",
    units=("state-year", "dyad-year"),
    aliases=("trade",),
    mirrored=(("flow1", "flow2"), ("smoothflow1", "smoothflow2")),
)
def add_cow_trade(panel: P) -> P:
    """Add COW dyadic trade v4.0 (Barbieri, Keshk & Pollins), 1870-2014.

    ``flow1`` is the value of state 1's imports from state 2 and ``flow2`` of state 2's imports
    from state 1, in millions of current US dollars; ``smoothflow1``/``smoothflow2`` are COW's
    smoothed versions of the same flows.  The source is non-directed (``ccode1 < ccode2``); on a
    row (a, b) with a > b the flows are swapped, so ``flow1`` is always the imports of the row's
    ``ccode1``.  COW codes a missing flow as -9; these are missing here (peacesciencer's copy already
    turned them into NA), and so are dyad-years the source does not list and years outside
    1870-2014: nothing is filled with 0.  The flows in peacesciencer's copy are whole millions.

    On state-years the step adds the state's total ``imports`` and ``exports`` (millions of
    current US dollars, COW national trade v4.0), also unfilled.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=1920).add_cow_trade()
    >>> p.data.filter((tb.col("ccode1") == 2) & (tb.col("ccode2") == 20))["flow1"][0]  # US imports from Canada
    612.0
    >>> p.data.filter((tb.col("ccode1") == 20) & (tb.col("ccode2") == 2))["flow2"][0]
    612.0
    """
    check_panel(panel, "cow_trade")
    if panel.unit == "state-year":
        table = load_table("cow_trade_sy").with_columns(pl.col("imports", "exports").cast(pl.Float64))
        return finish(panel, join_state_level(panel, table, ["imports", "exports"]), "trade")
    c1, c2 = panel.keys[0], panel.keys[1]
    data = drop_existing(panel, TRADE_VARS)
    t = _directed_trade().rename({"ccode1": c1, "ccode2": c2})
    data = data.join(t, on=[c1, c2, "year"], how="left", maintain_order="left")
    return finish(panel, data, "trade")
