"""Diplomatic ties every five years, 1970-2005 (Duque 2018): ``add_diplomatic_ties``."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, drop_existing, finish, step


@lru_cache(maxsize=1)
def _ties() -> pl.DataFrame:
    return (
        load_table("dipl_ties")
        .select(
            pl.col("sender_ccode").cast(pl.Int32),
            pl.col("host_ccode").cast(pl.Int32),
            pl.col("year").cast(pl.Int32),
            pl.col("tie").cast(pl.Int8),
        )
        .unique(["sender_ccode", "host_ccode", "year"], keep="first", maintain_order=True)
    )


@lru_cache(maxsize=1)
def survey_years() -> frozenset[int]:
    """The years the diplomatic data cover: 1970, 1975, ..., 2005."""
    return frozenset(_ties()["year"].unique().to_list())


@step(
    "diplomatic_ties",
    source="diplomacy",
    units=("dyad-year",),
    mirrored=(("dipl12", "dipl21"),),
    covered_years=survey_years,
    aliases=("diplomacy", "dipl_ties", "embassies"),
)
def add_diplomatic_ties(panel: P) -> P:
    """Add diplomatic representation between the two states (Duque 2018), 1970-2005 every five years.

    ``dipl12`` is 1 if state 1 is diplomatically represented in state 2 (sends a mission to it),
    0 if not; ``dipl21`` the reverse.  The data (derived from, but not identical to, COW's
    Diplomatic Exchange) exist only for 1970, 1975, 1980, 1985, 1990, 1995, 2000 and 2005: every
    other year is missing, as are states the source does not list in a survey year and the few
    pairs it leaves uncoded (both Vietnams in 1975).  Nothing is interpolated or filled.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=(2004, 2005)).add_diplomatic_ties()
    >>> p.data.filter((tb.col("ccode1") == 2) & (tb.col("ccode2") == 20))["dipl12"].to_list()
    [None, 1]
    """
    check_panel(panel, "diplomatic_ties")
    c1, c2 = panel.keys[0], panel.keys[1]
    t = _ties()
    data = drop_existing(panel, ["dipl12", "dipl21"])
    data = data.join(
        t.rename({"sender_ccode": c1, "host_ccode": c2, "tie": "dipl12"}),
        on=[c1, c2, "year"],
        how="left",
        maintain_order="left",
    )
    data = data.join(
        t.rename({"sender_ccode": c2, "host_ccode": c1, "tie": "dipl21"}),
        on=[c1, c2, "year"],
        how="left",
        maintain_order="left",
    )
    return finish(panel, data, "diplomacy")
