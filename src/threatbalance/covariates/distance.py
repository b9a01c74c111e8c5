"""Distances between states: ``add_capital_distance`` and ``add_minimum_distance``."""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import ArrayLike

from .._errors import InputError
from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, drop_existing, finish, join_undirected, state_index, step

EARTH_RADIUS_M = 6_378_137.0


def great_circle_km(
    lat1: ArrayLike, lng1: ArrayLike, lat2: ArrayLike, lng2: ArrayLike, radius_m: float = EARTH_RADIUS_M
) -> np.ndarray:
    """Great-circle distance in km on a sphere (Vincenty's formula for the sphere, ``geosphere::distVincentySphere``).

    Examples
    --------
    >>> from threatbalance.covariates.distance import great_circle_km
    >>> round(float(great_circle_km(38.895037, -77.036543, 51.507446, -0.127765)), 1)
    5905.1
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lng2, dtype=float) - np.asarray(lng1, dtype=float))
    num = np.sqrt(
        (np.cos(p2) * np.sin(dl)) ** 2 + (np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)) ** 2
    )
    den = np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)
    return np.arctan2(num, den) * radius_m / 1000.0


def capital_years(system: str = "cow", transsum: str = "first") -> pl.DataFrame:
    """(code, year, lat, lng) of the capital in place at the chosen moment of each year.

    ``transsum="first"``: the capital of the earliest covered day of the year (peacesciencer's
    default); ``"last"``: of the latest covered day; ``"dec31"``: on 31 December only.
    """
    if transsum not in ("first", "last", "dec31"):
        raise InputError(f"transsum must be 'first', 'last' or 'dec31', got {transsum!r}")
    code = "ccode" if system == "cow" else "gwcode"
    caps = load_table("cow_capitals" if system == "cow" else "gw_capitals").with_row_index("_row")
    y = caps.select(
        "_row",
        pl.col(code).cast(pl.Int32),
        "lat",
        "lng",
        "stdate",
        "enddate",
        pl.int_ranges(pl.col("stdate").dt.year(), pl.col("enddate").dt.year() + 1, dtype=pl.Int32).alias("year"),
    ).explode("year")
    jan1 = pl.date(pl.col("year"), 1, 1)
    dec31 = pl.date(pl.col("year"), 12, 31)
    y = y.with_columns(
        pl.max_horizontal("stdate", jan1).alias("_first"),
        pl.min_horizontal("enddate", dec31).alias("_last"),
    )
    if transsum == "first":
        y = y.sort(code, "year", "_first", "_row").unique([code, "year"], keep="first", maintain_order=True)
    elif transsum == "last":
        y = y.sort(code, "year", "_last", "_row", descending=[False, False, True, False]).unique(
            [code, "year"], keep="first", maintain_order=True
        )
    else:
        y = (
            y.filter(pl.col("enddate") >= dec31)
            .sort(code, "year", "_row")
            .unique([code, "year"], keep="first", maintain_order=True)
        )
    return y.select(code, "year", "lat", "lng")


@step(
    "capital_distance",
    source="capitals",
    units=("dyad-year",),
    systems=("cow", "gw"),
    symmetric=("capdist",),
    aliases=("capdist",),
)
def add_capital_distance(panel: P, transsum: str = "first") -> P:
    """Add ``capdist``: great-circle distance in km between the two capitals (1816-2024).

    Capitals move over time (e.g. Brazil 1960, Nigeria 1991, Kazakhstan 1997); by default the
    capital of a year is the one in place on the year's first covered day (peacesciencer's
    ``transsum="first"``).  The distance is computed on a sphere of radius 6,378,137 m with
    Vincenty's spherical formula (``geosphere::distVincentySphere``), unrounded.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2005).add_capital_distance()
    >>> round(p.data.filter((tb.col("ccode1") == 2) & (tb.col("ccode2") == 200))["capdist"][0], 3)
    5905.085
    """
    check_panel(panel, "capital_distance")
    code = "ccode" if panel.system == "cow" else "gwcode"
    c1, c2 = panel.keys[0], panel.keys[1]
    caps = capital_years(panel.system, transsum)
    data = drop_existing(panel, ["capdist"])
    # distance between every pair of capital locations once, then a gather per dyad-year
    caps = caps.with_columns(pl.struct("lat", "lng").rank("dense").cast(pl.Int64).alias("_loc") - 1)
    locs = caps.unique("_loc").sort("_loc")
    lat, lng = locs["lat"].to_numpy(), locs["lng"].to_numpy()
    dmat = great_circle_km(lat[:, None], lng[:, None], lat[None, :], lng[None, :])
    loc = caps["_loc"].to_numpy()
    cc, cy = caps[code].to_numpy(), caps["year"].to_numpy()
    years = data["year"].to_numpy()
    # rows m and m + 1 of state_index (no capital that year) point at a location whose distances are NaN
    n_loc = len(lat)
    loc = np.concatenate([loc, [n_loc, n_loc]])
    dmat = np.pad(dmat, ((0, 1), (0, 1)), constant_values=np.nan)
    i1 = loc[state_index(data[c1].to_numpy(), years, cc, cy)]
    i2 = loc[state_index(data[c2].to_numpy(), years, cc, cy)]
    dist = dmat[i1, i2]
    data = data.with_columns(pl.Series("capdist", dist, dtype=pl.Float64).fill_nan(None))
    return finish(panel, data, "capitals")


@step(
    "minimum_distance",
    source="mindist",
    units=("dyad-year",),
    systems=("cow", "gw"),
    symmetric=("mindist",),
    aliases=("mindist",),
)
def add_minimum_distance(panel: P) -> P:
    """Add ``mindist``: minimum distance in km between the two states' territories (CShapes 2.0, 1886-2019).

    Zero for states that share a land border.  Years outside 1886-2019 stay missing.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2005).add_minimum_distance()
    >>> p.data.filter((tb.col("ccode1") == 630) & (tb.col("ccode2") == 373))["mindist"][0]
    0.0
    """
    check_panel(panel, "minimum_distance")
    code = "ccode" if panel.system == "cow" else "gwcode"
    t = load_table("cow_mindist" if panel.system == "cow" else "gw_mindist")
    t = t.select(
        pl.min_horizontal(f"{code}1", f"{code}2").alias("_lo"),
        pl.max_horizontal(f"{code}1", f"{code}2").alias("_hi"),
        "year",
        "mindist",
    ).unique(["_lo", "_hi", "year"], keep="first")
    data = join_undirected(panel, t, ["mindist"])
    return finish(panel, data, "mindist")
