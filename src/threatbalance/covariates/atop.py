"""ATOP v5.1 alliances: ``add_atop_alliance``."""

from __future__ import annotations

import polars as pl

from .._panel_base import P
from ..sources import get_source, load_table
from ._base import check_panel, directed_table, drop_existing, finish, gather_dyadic, step

ATOP_VARS = ["atop_alliance", "atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]


@step("atop_alliance", source="atop", units=("dyad-year",), filled=tuple(ATOP_VARS), aliases=("atop",))
def add_atop_alliance(panel: P) -> P:
    """Add ATOP v5.1 alliance obligations (1815-2018), directed.

    ``atop_alliance`` is 1 when state 1 has any ATOP obligation toward state 2 that year;
    ``atop_defense``, ``atop_offense``, ``atop_neutral``, ``atop_nonagg`` and ``atop_consul`` flag
    the kind of pledge (an alliance can carry none of the five, e.g. a pure consultation clause
    coded elsewhere).  On directed panels each direction keeps its own pledges (France pledged
    defence to Belgium in 1832, not the reverse); on non-directed panels each dyad-year takes the
    maximum over both directions.  Dyad-years without a record in 1815-2018 are 0, later years
    missing.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2005).add_atop_alliance()
    >>> p.data.filter((tb.col("ccode1") == 2) & (tb.col("ccode2") == 200))["atop_defense"][0]
    1
    """
    check_panel(panel, "atop_alliance")
    t = (
        load_table("atop_alliance")
        .with_columns(pl.lit(1).alias("atop_alliance"))
        .select("ccode1", "ccode2", "year", *[pl.col(c).cast(pl.Int8) for c in ATOP_VARS])
    )
    t = directed_table(panel, t, ATOP_VARS, agg="max")
    new = gather_dyadic(panel, t, ATOP_VARS, ATOP_VARS, get_source("atop").years)
    data = drop_existing(panel, ATOP_VARS).with_columns(new)
    return finish(panel, data, "atop")
