"""Terrain: ``add_rugged_terrain`` (ruggedness and mountainous terrain, time-invariant)."""

from __future__ import annotations

import polars as pl

from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, finish, join_state_level, step

RUGGED_VARS = ["rugged", "newlmtnest"]


@step("rugged_terrain", source="rugged", systems=("cow", "gw"), coverage=(1816, 2025), aliases=("rugged", "terrain"))
def add_rugged_terrain(panel: P) -> P:
    """Add terrain ruggedness (Nunn & Puga 2012) and logged % mountainous terrain (Gibler & Miller 2014).

    ``rugged`` (the terrain ruggedness index, hundreds of metres) and ``newlmtnest`` (the natural log of
    the percentage of mountainous terrain, the Fearon & Laitin measure updated by Gibler & Miller),
    suffixes 1 and 2 on dyad-years.  The data have no time dimension: a state's values are attached to
    every year, as in peacesciencer.  States the data lack are missing.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years=2000).add_rugged_terrain()
    >>> p.data.filter(tb.col("ccode") == 700)["rugged"][0]
    2.518
    """
    check_panel(panel, "rugged_terrain")
    code = "ccode" if panel.system == "cow" else "gwcode"
    t = load_table("rugged").select(pl.col(code).cast(pl.Int32), *RUGGED_VARS).filter(pl.col(code).is_not_null())
    years = panel.data.select(pl.col("year").unique())
    table = t.join(years, how="cross")  # time-invariant: the same value in each of the panel's years
    data = join_state_level(panel, table, RUGGED_VARS)
    return finish(panel, data, "rugged")
