"""Correlates of War intergovernmental organisations v3.0: ``add_igos``."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, finish, join_state_level, join_undirected, step


@lru_cache(maxsize=1)
def igo_years() -> frozenset[int]:
    """The years the shipped IGO table has (every year 1816-2014: v3.0 is annual, see :func:`add_igos`)."""
    return frozenset(load_table("cow_igo_ndy")["year"].unique().to_list())


IGO_SY_VARS = ["sum_igo_full", "sum_igo_associate", "sum_igo_observer", "sum_igo_anytype"]


@step(
    "igos",
    source="igos",
    units=("state-year", "dyad-year"),
    symmetric=("dyadigos",),
    covered_years=igo_years,
    aliases=("igo", "cow_igos"),
)
def add_igos(panel: P) -> P:
    """Add ``dyadigos``: the number of IGOs in which both states are full members (COW IGO v3.0, 1816-2014).

    Version 3.0 (Pevehouse et al. 2020) records memberships annually for the whole period; earlier
    versions had them only every five years before 1965.  The shipped table has every year from
    1816 to 2014, and a step never fills a year the table lacks.  Dyad-years not in the table
    stay missing, and so do years after 2014.  Known limitation inherited from peacesciencer's
    summary: its count treats an IGO coded -9 (missing) for the dyad as no joint membership, so a
    dyad-year whose memberships are all unknown shows 0, not missing.

    On state-years the step adds the number of IGOs the state belongs to as a full member, an
    associate member, an observer, and of any type (``sum_igo_full``, ``sum_igo_associate``,
    ``sum_igo_observer``, ``sum_igo_anytype``; COW IGO v3.0 state-year summaries).

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=1920).add_igos()
    >>> p.data.filter((tb.col("ccode1") == 2) & (tb.col("ccode2") == 20))["dyadigos"][0]
    7
    """
    check_panel(panel, "igos")
    if panel.unit == "state-year":
        return finish(panel, join_state_level(panel, load_table("cow_igo_sy"), IGO_SY_VARS), "igos")
    t = (
        load_table("cow_igo_ndy")
        .select(
            pl.min_horizontal("ccode1", "ccode2").alias("_lo"),
            pl.max_horizontal("ccode1", "ccode2").alias("_hi"),
            "year",
            pl.col("dyadigos").cast(pl.Int16),
        )
        .unique(["_lo", "_hi", "year"], keep="first", maintain_order=True)
    )
    data = join_undirected(panel, t, ["dyadigos"])
    return finish(panel, data, "igos")
