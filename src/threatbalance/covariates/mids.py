"""Militarized interstate disputes: ``add_gml_mids`` (Gibler-Miller-Little 2.2.1) and ``add_cow_mids`` (COW MID 5)."""

from __future__ import annotations

import polars as pl

from .._errors import InputError
from .._panel_base import P
from ..sources import get_source, load_table
from ._base import check_panel, drop_existing, finish, gather_dyadic, step

DISPUTE_VARS = [
    "dispnum",
    "{ongoing}",
    "{onset}",
    "sidea1",
    "sidea2",
    "fatality1",
    "fatality2",
    "fatalpre1",
    "fatalpre2",
    "hiact1",
    "hiact2",
    "hostlev1",
    "hostlev2",
    "orig1",
    "orig2",
    "fatality",
    "hostlev",
    "recip",
    "mindur",
    "maxdur",
    "stmon",
]
INIT_RULES = ("sidea-all-joiners", "sidea-with-joiners", "sidea-orig", "sidea")


def _init(side: str, orig: str, rule: str) -> pl.Expr:
    s, o = pl.col(side), pl.col(orig)
    if rule == "sidea-all-joiners":  # side A, or any joiner on either side
        e = (s == 1) | (o == 0)
    elif rule == "sidea-with-joiners":  # side A, originators and joiners alike
        e = s == 1
    elif rule == "sidea-orig":  # side A originators only
        e = (s == 1) & (o == 1)
    else:  # "sidea"
        e = s == 1
    return pl.when(s.is_null()).then(None).otherwise(e.cast(pl.Int8))


def _add_disputes(panel: P, name: str, table: str, source: str, ongoing: str, onset: str, init: str) -> P:
    check_panel(panel, name)
    if init not in INIT_RULES:
        raise InputError(f"init must be one of {', '.join(INIT_RULES)}; got {init!r}")
    cols = [c.format(ongoing=ongoing, onset=onset) for c in DISPUTE_VARS]
    t = load_table(table).select("ccode1", "ccode2", "year", *cols)
    t = t.select(
        pl.col("ccode1").cast(pl.Int32),
        pl.col("ccode2").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        *[pl.col(c).cast(pl.Int32) for c in cols],
    )
    t = t.unique(["ccode1", "ccode2", "year"], keep="first", maintain_order=True)
    if not panel.directed:
        # non-directed: a dyad-year is in a dispute if either direction is; keep the lower-code state as 1
        t = t.filter(pl.col("ccode1") < pl.col("ccode2"))
    # the initiator flags are computed on the disputes, then taken to the panel with the rest
    t = t.with_columns(_init("sidea1", "orig1", init).alias("init1"), _init("sidea2", "orig2", init).alias("init2"))
    added = cols + ["init1", "init2"]
    new = gather_dyadic(panel, t, added, [ongoing, onset], get_source(source).years)
    data = drop_existing(panel, added).with_columns(new)
    return finish(panel, data, source)


@step(
    "gml_mids",
    source="gml_mids",
    units=("dyad-year",),
    filled=("gmlmidongoing", "gmlmidonset"),
    symmetric=("gmlmidongoing", "gmlmidonset", "dispnum", "hostlev", "fatality", "recip", "mindur", "maxdur", "stmon"),
    aliases=("gml", "mids"),
)
def add_gml_mids(panel: P, init: str = "sidea-all-joiners") -> P:
    """Add GML MID v2.2.1 dispute data (1816-2010), one dispute per directed dyad-year.

    ``gmlmidongoing`` (1 if the dyad is in an active MID that year) and ``gmlmidonset`` (1 in the
    dispute's first year for the dyad) are 0 for dyad-years without a dispute in 1816-2010 and
    missing after 2010.  The dispute's attributes (``dispnum``, side A, fatality, highest action,
    hostility level, originator, duration, start month) are missing when there is no dispute.
    Where a dyad-year had several disputes, the source keeps one by peacesciencer's rules (onsets
    first, then highest fatality, hostility, duration ...).  ``init1``/``init2`` mark the
    initiators by the rule ``init`` (default ``"sidea-all-joiners"``: side A, or a joiner).

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=1990).add_gml_mids()
    >>> p.data.filter((tb.col("ccode1") == 645) & (tb.col("ccode2") == 690))["gmlmidonset"][0]
    1
    """
    return _add_disputes(panel, "gml_mids", "gml_mid_ddydisps", "gml_mids", "gmlmidongoing", "gmlmidonset", init)


@step(
    "cow_mids",
    source="cow_mids",
    units=("dyad-year",),
    filled=("cowmidongoing", "cowmidonset"),
    symmetric=("cowmidongoing", "cowmidonset"),
)
def add_cow_mids(panel: P, init: str = "sidea-all-joiners") -> P:
    """Add COW MID 5.0 dispute data (1816-2014), with the same columns and rules as :func:`add_gml_mids`
    (``cowmidongoing``/``cowmidonset`` instead of the ``gml`` names).

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2012).add_cow_mids()
    >>> int(p.data["cowmidongoing"].sum()) > 0
    True
    """
    return _add_disputes(panel, "cow_mids", "cow_mid_ddydisps", "cow_mids", "cowmidongoing", "cowmidonset", init)
