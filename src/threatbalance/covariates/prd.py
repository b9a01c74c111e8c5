"""Politically relevant dyads: ``filter_prd`` (a filter, not an ``add_*`` step: it removes rows)."""

from __future__ import annotations

import polars as pl

from .._errors import EmptySelectionError, InputError
from .._panel_base import P
from .contiguity import add_contiguity
from .majors import add_major_powers


def filter_prd(panel: P, max_conttype: int = 5) -> P:
    """Keep politically relevant dyads: contiguous (conttype 1..``max_conttype``) or with a major power.

    Follows Weede (1976) and Lemke & Reed (2001), as peacesciencer's ``filter_prd()``.  The filter
    adds no columns: it computes COW contiguity (v3.2) and major-power status itself, whatever the
    panel already holds, and for years after 2016 (the end of both sources) it uses their 2016
    values, so a panel reaching 2022 keeps its politically relevant dyads in every year.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2000).pipe(tb.filter_prd)
    >>> 0 < p.data.height < tb.dyad_years(years=2000).data.height
    True
    """
    panel.require(unit="dyad-year", system="cow", step="filter_prd")
    if not 1 <= max_conttype <= 5:
        raise InputError(f"max_conttype must be 1-5 (1 land ... 5 up to 400 miles of water), got {max_conttype}")
    # always the same rule, whatever columns the panel already has: contiguity and major-power
    # status carried forward after 2016 for this filter only
    keys = panel.keys
    probe = panel.with_data(panel.data.select(keys))
    probe = add_major_powers(add_contiguity(probe, mry=True), mry=True)
    keep = (pl.col("conttype").is_between(1, max_conttype)) | (pl.col("cowmaj1") == 1) | (pl.col("cowmaj2") == 1)
    mask = probe.data.select(keep.fill_null(False).alias("_keep"))["_keep"]
    p = panel.with_data(panel.data, ["contiguity", "majors", "prd"])
    data = p.data.filter(mask)
    if data.is_empty():
        raise EmptySelectionError("no politically relevant dyads in this panel")
    return p.with_data(data)
