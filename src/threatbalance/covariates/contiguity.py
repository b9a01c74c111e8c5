"""COW direct contiguity v3.2: ``add_contiguity``."""

from __future__ import annotations

import polars as pl

from .._errors import InputError
from .._panel_base import P
from ..sources import get_source, load_table
from ._base import check_panel, directed_table, drop_existing, finish, gather_dyadic, step

CONTTYPES = {
    0: "not contiguous",
    1: "land",
    2: "12 miles of water or less",
    3: "24 miles or less",
    4: "150 miles or less",
    5: "400 miles or less",
}


def contiguity_years(slice: str = "first", peer_compat: bool = False) -> pl.DataFrame:
    """(ccode1, ccode2, year, conttype): the record in force in the first (or last) month of each year.

    Where several records are in force at that moment (``cow_contdir`` holds 180 explicit type-0
    records, some overlapping a land or sea record), the closest non-zero type wins; with
    ``peer_compat=True`` the first record in the file wins, as in peacesciencer 1.2.9.
    """
    if slice not in ("first", "last"):
        raise InputError(f"slice must be 'first' or 'last', got {slice!r}")
    c = load_table("cow_contdir").with_row_index("_row")
    y = c.select(
        "_row",
        pl.col("ccode1").cast(pl.Int32),
        pl.col("ccode2").cast(pl.Int32),
        "conttype",
        "stdate",
        "enddate",
        pl.int_ranges(pl.col("stdate").dt.year(), pl.col("enddate").dt.year() + 1, dtype=pl.Int32).alias("year"),
    ).explode("year")
    y = y.with_columns(
        pl.max_horizontal("stdate", pl.date(pl.col("year"), 1, 1)).alias("_first"),
        pl.min_horizontal("enddate", pl.date(pl.col("year"), 12, 1)).alias("_last"),
    )
    keys = ["ccode1", "ccode2", "year"]
    # among the records in force at the moment, the closest contiguity type (0 = none only if nothing else)
    tie = [pl.col("_row")] if peer_compat else [pl.col("conttype") == 0, pl.col("conttype"), pl.col("_row")]
    if slice == "first":
        y = y.sort(*keys, "_first", *tie)
    else:
        y = y.sort([*keys, "_last", *tie], descending=[False, False, False, True] + [False] * len(tie))
    return y.unique(keys, keep="first", maintain_order=True).select(*keys, pl.col("conttype").cast(pl.Int8))


@step("contiguity", source="contiguity", units=("dyad-year",), filled=("conttype",), symmetric=("conttype",))
def add_contiguity(panel: P, slice: str = "first", mry: bool = False, peer_compat: bool = False) -> P:
    """Add ``conttype``, COW direct contiguity v3.2 (1816-2016), by date.

    ``1`` land border, ``2`` separated by 12 miles of water or less, ``3`` 24 miles or less,
    ``4`` 150 miles or less, ``5`` 400 miles or less, ``0`` none of these.  Contiguity records are
    dated to the month; a dyad-year takes the record of the year's earliest covered month
    (``slice="first"``, peacesciencer's default) or the latest (``"last"``).  Dyad-years in
    1816-2016 with no record are 0; later years stay missing unless ``mry=True`` carries the 2016
    value forward to 2022.

    When several records are in force at that moment, the closest type wins: ``cow_contdir``
    holds explicit type-0 records that overlap land or sea records (USSR-Afghanistan 1920-1991,
    Italy-Yugoslavia 1920-2006 ...); peacesciencer 1.2.9 takes whichever comes first in the file and
    so reports 0 for 1,272 directed dyad-years with a border.  ``peer_compat=True`` reproduces it.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2012).add_contiguity()
    >>> p.data.filter((tb.col("ccode1") == 630) & (tb.col("ccode2") == 373))["conttype"][0]
    1
    """
    check_panel(panel, "contiguity")
    cov = get_source("contiguity").span
    t = contiguity_years(slice, peer_compat)
    if mry:
        last = t.filter(pl.col("year") == cov[1])
        t = pl.concat([t, *[last.with_columns(pl.lit(y, pl.Int32).alias("year")) for y in range(cov[1] + 1, 2023)]])
        cov = (cov[0], 2022)
    t = directed_table(panel, t, ["conttype"], agg="min")
    data = drop_existing(panel, ["conttype"]).with_columns(gather_dyadic(panel, t, ["conttype"], ["conttype"], cov))
    return finish(panel, data, "contiguity")
