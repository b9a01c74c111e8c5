"""Dispute-level dyad-years and peacesciencer's ``whittle_conflicts_*`` rules that reduce them to one per dyad-year.

A dyad can be in several militarized disputes in one year.  :func:`dispute_dyad_years` gives the
directed dispute-dyad-years (one row per dispute, dyad and year) of the GML or COW MID data;
the ``whittle_conflicts_*`` functions drop rows of a dyad-year with several disputes by one rule
each and keep every row that ties.  Applied in peacesciencer's order (:func:`whittle_conflicts`)
they give the one-dispute-per-dyad-year tables behind ``add_gml_mids`` / ``add_cow_mids``:

1. unique onsets (``whittle_conflicts_onsets``), 2. highest fatality (-9, unknown, ranks as 0.5),
3. highest hostility level, 4. longest minimum then maximum duration, 5. reciprocated,
6. earliest start month, 7. first row (``whittle_conflicts_jds``).

These functions take and return polars DataFrames (not panels): they change the row count by design.
"""

from __future__ import annotations

import polars as pl

from .._errors import InputError
from ..sources import load_table

KEYS = ["ccode1", "ccode2", "year"]
_DISP_COLS = ["fatality", "hostlev", "mindur", "maxdur", "recip", "stmon"]


def dispute_dyad_years(source: str = "gml") -> pl.DataFrame:
    """Directed dispute-dyad-years before whittling: GML MID 2.2.1 (``"gml"``) or COW MID 5.0 (``"cow"``).

    GML rows carry ``midongoing``/``midonset``, COW rows ``dispongoing``/``disponset``; both carry the
    dispute-level ``fatality hostlev mindur maxdur recip stmon`` the whittling rules use (for COW
    joined from the dispute table by ``dispnum``, as peacesciencer does).

    Examples
    --------
    >>> from threatbalance.covariates.whittle import dispute_dyad_years
    >>> dispute_dyad_years("gml").height
    10276
    """
    if source == "gml":
        return load_table("gml_dirdisp")
    if source == "cow":
        d = load_table("cow_mid_disps").select("dispnum", *_DISP_COLS)
        return load_table("cow_mid_dirdisps").join(d, on="dispnum", how="left", maintain_order="left")
    raise InputError(f"unknown dispute source {source!r}; allowed: gml, cow")


def _check(data: pl.DataFrame, cols: list[str], fn: str) -> None:
    if not isinstance(data, pl.DataFrame):
        raise InputError(f"{fn} takes a polars DataFrame of dispute-dyad-years, got {type(data).__name__}")
    missing = [c for c in [*KEYS, *cols] if c not in data.columns]
    if missing:
        raise InputError(f"{fn} needs the columns {', '.join(missing)} (see dispute_dyad_years())")


def _keep_extreme(data: pl.DataFrame, col: str, fn: str, largest: bool = True) -> pl.DataFrame:
    _check(data, [col], fn)
    data = data.sort(KEYS, maintain_order=True)
    best = pl.col(col).max() if largest else pl.col(col).min()
    # R: filter(x == max(x)) within the dyad-year; a missing extreme drops the whole group
    return data.filter((pl.col(col) == best.over(KEYS)).fill_null(False))


def whittle_conflicts_onsets(data: pl.DataFrame) -> pl.DataFrame:
    """Where a dyad-year has both new onsets and continuing disputes, drop the continuing ones."""
    onset = "midonset" if "midonset" in data.columns else "disponset"
    _check(data, [onset], "whittle_conflicts_onsets")
    n = pl.len().over(KEYS)
    sd = pl.col(onset).cast(pl.Float64).std().over(KEYS).fill_null(0)
    return data.filter(~((n > 1) & (pl.col(onset) == 0) & (sd > 0)))


def whittle_conflicts_fatality(data: pl.DataFrame) -> pl.DataFrame:
    """Keep the disputes with the highest fatality level (unknown, -9, ranks between 0 and 1)."""
    _check(data, ["fatality"], "whittle_conflicts_fatality")
    d = data.with_columns(pl.col("fatality").cast(pl.Float64).replace(-9.0, 0.5).alias("_fat"))
    return _keep_extreme(d, "_fat", "whittle_conflicts_fatality").drop("_fat")


def whittle_conflicts_hostility(data: pl.DataFrame) -> pl.DataFrame:
    """Keep the disputes with the highest hostility level."""
    return _keep_extreme(data, "hostlev", "whittle_conflicts_hostility")


def whittle_conflicts_duration(data: pl.DataFrame, durtype: str = "mindur") -> pl.DataFrame:
    """Keep the longest disputes by estimated minimum (``"mindur"``) or maximum (``"maxdur"``) duration."""
    if durtype not in ("mindur", "maxdur"):
        raise InputError(f"durtype must be 'mindur' or 'maxdur', got {durtype!r}")
    return _keep_extreme(data, durtype, "whittle_conflicts_duration")


def whittle_conflicts_reciprocation(data: pl.DataFrame) -> pl.DataFrame:
    """Keep reciprocated disputes where a dyad-year also has unreciprocated ones."""
    return _keep_extreme(data, "recip", "whittle_conflicts_reciprocation")


def whittle_conflicts_startmonth(data: pl.DataFrame) -> pl.DataFrame:
    """Keep the disputes that started earliest in the year (lowest start month)."""
    return _keep_extreme(data, "stmon", "whittle_conflicts_startmonth", largest=False)


def whittle_conflicts_jds(data: pl.DataFrame) -> pl.DataFrame:
    """Keep the first remaining row of each dyad-year ("just drop stuff")."""
    _check(data, [], "whittle_conflicts_jds")
    return data.unique(KEYS, keep="first", maintain_order=True)


def whittle_conflicts(data: pl.DataFrame) -> pl.DataFrame:
    """All rules in peacesciencer's order: one dispute per directed dyad-year.

    Examples
    --------
    >>> from threatbalance.covariates.whittle import dispute_dyad_years, whittle_conflicts
    >>> whittle_conflicts(dispute_dyad_years("gml")).height
    9284
    """
    d = whittle_conflicts_onsets(data)
    d = whittle_conflicts_fatality(d)
    d = whittle_conflicts_hostility(d)
    d = whittle_conflicts_duration(d, "mindur")
    d = whittle_conflicts_duration(d, "maxdur")
    d = whittle_conflicts_reciprocation(d)
    d = whittle_conflicts_startmonth(d)
    return whittle_conflicts_jds(d)
