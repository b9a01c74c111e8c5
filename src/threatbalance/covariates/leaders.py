"""Leaders on state- and dyad-years: ``add_archigos`` (leader transitions and who held office, Archigos 4.1)."""

from __future__ import annotations

import polars as pl

from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, finish, join_state_level, step

ARCHIGOS_VARS = ["leadertransition", "irregular", "n_leaders", "jan1obsid", "dec31obsid"]


def archigos_state_years(system: str = "gw") -> pl.DataFrame:
    """Archigos leader summaries per state-year (``archigossums``), in G-W codes or mapped to COW.

    For COW the G-W codes are matched through isard's ``gw_cw_panel``; as in peacesciencer, G-W
    Serbia (340) in 2006 is dropped in favour of Serbia and Montenegro (COW 345), whose 31 December
    leader becomes ``SER-2006``.
    """
    s = load_table("archigossums").with_columns(pl.col("gwcode").cast(pl.Int32), pl.col("year").cast(pl.Int32))
    if system == "gw":
        return s
    cw = load_table("gw_cw_panel").select(
        pl.col("gwcode").cast(pl.Int32), pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32)
    )
    s = s.join(cw, on=["gwcode", "year"], how="left", maintain_order="left")
    s = s.filter(~((pl.col("gwcode") == 340) & (pl.col("year") == 2006))).with_columns(
        pl.when((pl.col("gwcode") == 345) & (pl.col("year") == 2006))
        .then(pl.lit("SER-2006"))
        .otherwise(pl.col("dec31obsid"))
        .alias("dec31obsid")
    )
    return s.filter(pl.col("ccode").is_not_null()).drop("gwcode")


@step("archigos", source="archigos", systems=("cow", "gw"), aliases=("leaders",))
def add_archigos(panel: P) -> P:
    """Add Archigos 4.1 leader summaries (Goemans, Gleditsch & Chiozza 2009), 1870-2015.

    ``leadertransition`` (1 if the state changed leader in the year), ``irregular`` (1 if a change
    was irregular: coup, revolt, assassination ...), ``n_leaders`` (leaders in office during the
    year), ``jan1obsid`` and ``dec31obsid`` (the Archigos ids of the leaders in office on 1 January
    and 31 December).  Suffixes 1 and 2 on dyad-years.  Archigos is coded in the G-W system; COW
    panels are matched through isard's G-W/COW panel as in peacesciencer.  No filling.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years=2001).add_archigos()
    >>> p.data.filter(tb.col("ccode") == 2)["dec31obsid"][0]
    'USA-2001'
    """
    check_panel(panel, "archigos")
    data = join_state_level(panel, archigos_state_years(panel.system), ARCHIGOS_VARS)
    return finish(panel, data, "archigos")
