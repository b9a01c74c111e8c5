"""Politically relevant dyads: ``filter_prd`` (a filter, not an ``add_*`` step: it removes rows)."""

from __future__ import annotations

import polars as pl

from .._errors import EmptySelectionError, InputError
from .._panel_base import P
from .contiguity import add_contiguity
from .majors import add_major_powers


def filter_prd(panel: P, max_conttype: int = 5, peer_compat: bool = False) -> P:
    """Keep politically relevant dyads: contiguous (conttype 1..``max_conttype``) or with a major power.

    Follows Weede (1976) and Lemke & Reed (2001), as peacesciencer's ``filter_prd()``.  The filter
    adds no columns: it computes COW contiguity (v3.2) and major-power status itself, whatever the
    panel already holds, and for years after 2016 (the end of both sources) it uses their 2016
    values, so a panel reaching 2022 keeps its politically relevant dyads in every year.

    ``peer_compat=True`` is peacesciencer 1.2.9's ``filter_prd()`` exactly: it uses the panel's own
    ``conttype`` / ``cowmaj1`` / ``cowmaj2`` when present and otherwise adds them (contiguity with the
    peer's rule, ``add_contiguity(peer_compat=True)``, and no carrying forward after 2016; major powers
    with the peer's ``mry = TRUE``), keeps those columns, adds ``prd`` (1 on every kept row) and
    keeps a dyad-year when ``conttype >= 1``, or ``conttype == 0`` and a side is a major power (a
    missing ``conttype`` drops the row).  ``max_conttype`` must then be 5.

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
    if peer_compat:
        if max_conttype != 5:
            raise InputError(f"filter_prd(peer_compat=True) has no max_conttype (the peer's is 5), got {max_conttype}")
        return _filter_prd_peer(panel)
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


def _filter_prd_peer(panel: P) -> P:
    """peacesciencer's ``filter_prd()``: reuse or add conttype/cowmaj1/cowmaj2, add ``prd``, keep prd == 1."""
    p = panel
    cols = set(panel.data.columns)
    if "conttype" not in cols:
        p = add_contiguity(p, peer_compat=True)
    if not {"cowmaj1", "cowmaj2"} <= cols:
        p = add_major_powers(p, mry=True)
    ct, m1, m2 = pl.col("conttype"), pl.col("cowmaj1"), pl.col("cowmaj2")
    prd = (ct >= 1) | ((ct == 0) & (m1 == 1)) | ((ct == 0) & (m2 == 1))
    data = p.data.filter(prd.fill_null(False)).with_columns(pl.lit(1, dtype=pl.Int8).alias("prd"))
    if data.is_empty():
        raise EmptySelectionError("no politically relevant dyads in this panel")
    return p.with_data(data, ["contiguity", "majors", "prd"])
