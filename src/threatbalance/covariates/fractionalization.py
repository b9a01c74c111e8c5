"""Ethnic and religious fractionalization: ``add_creg_fractionalization`` (CREG) and ``add_hief`` (HIEF)."""

from __future__ import annotations

import polars as pl

from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, finish, join_state_level, step

CREG_VARS = ["ethfrac", "ethpol", "relfrac", "relpol"]


def creg_state_years(system: str = "cow") -> pl.DataFrame:
    """CREG fractionalization per state-year, one row each, by peacesciencer's rule.

    CREG has several rows for some state-years (states the COW and CREG codes split differently).
    Within a state-year a missing value is replaced by the largest non-missing one, identical rows
    are merged, and the row with the highest ``ethfrac`` (then ``relfrac``) is kept.
    """
    code = "ccode" if system == "cow" else "gwcode"
    t = load_table("creg").select(pl.col(code).cast(pl.Int32), pl.col("year").cast(pl.Int32), *CREG_VARS)
    t = t.filter(pl.col(code).is_not_null())
    n = pl.len().over(code, "year")
    # R: ifelse(is.na(x) & n() > 1, max(x, na.rm = TRUE), x); max of no values is -Inf there, missing here
    t = t.with_columns(
        [
            pl.when(pl.col(c).is_null() & (n > 1))
            .then(pl.col(c).max().over(code, "year"))
            .otherwise(pl.col(c))
            .alias(c)
            for c in CREG_VARS
        ]
    )
    t = t.unique(maintain_order=True)
    t = t.sort(
        [code, "year", "ethfrac", "relfrac"],
        descending=[False, False, True, True],
        nulls_last=True,
        maintain_order=True,
    )
    return t.unique([code, "year"], keep="first", maintain_order=True)


@step("creg_fractionalization", source="creg", systems=("cow", "gw"), aliases=("creg", "creg_frac"))
def add_creg_fractionalization(panel: P) -> P:
    """Add CREG ethnic and religious fractionalization and polarization (Nardulli et al. 2012), 1945-2013.

    ``ethfrac``, ``ethpol``, ``relfrac``, ``relpol`` (suffixes 1 and 2 on dyad-years):
    fractionalization is the probability that two random residents belong to different groups,
    polarization the Montalvo & Reynal-Querol index.  Where CREG has several rows for a state-year
    the one with the highest ethnic (then religious) fractionalization is kept, as in peacesciencer.
    No filling.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years=2000).add_creg_fractionalization()
    >>> round(p.data.filter(tb.col("ccode") == 2)["ethfrac"][0], 3)
    0.442
    """
    check_panel(panel, "creg_fractionalization")
    data = join_state_level(panel, creg_state_years(panel.system), CREG_VARS)
    return finish(panel, data, "creg")


@step("hief", source="hief", systems=("cow", "gw"), aliases=("efindex", "hief_fractionalization"))
def add_hief(panel: P) -> P:
    """Add the Historical Index of Ethnic Fractionalization (Dražanová 2020), 1945-2013.

    ``efindex`` (suffixes 1 and 2 on dyad-years): the probability that two randomly drawn residents
    belong to different ethnic groups.  peacesciencer 1.2.9 ships these data (``hief``) without an
    ``add_*`` function.  A state-year the table lists twice (a few COW/G-W code splits) takes its
    first row.  No filling.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years=2000).add_hief()
    >>> 0 < p.data.filter(tb.col("ccode") == 2)["efindex"][0] < 1
    True
    """
    check_panel(panel, "hief")
    code = "ccode" if panel.system == "cow" else "gwcode"
    t = load_table("hief").select(pl.col(code).cast(pl.Int32), pl.col("year").cast(pl.Int32), "efindex")
    data = join_state_level(panel, t.filter(pl.col(code).is_not_null()), ["efindex"])
    return finish(panel, data, "hief")
