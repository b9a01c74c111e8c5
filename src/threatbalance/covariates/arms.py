"""Arms: ``add_arms_races`` (Gibler, Rider & Hutchison) and ``add_sipri_transfers`` (SIPRI trend-indicator values)."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from .._panel_base import P
from ..sources import get_source, load_table
from ._base import check_panel, drop_existing, fill_within, finish, join_undirected, step

#: SIPRI names the 360info table leaves without a COW code although COW has the state.
SIPRI_CODE_FIXES = {
    "Serbia": 345,  # SIPRI's Serbia (1992-: FR Yugoslavia, Serbia and Montenegro, Serbia) is COW's 345
    "Micronesia": 987,  # Federated States of Micronesia
}
#: Recipients the table codes as a state although they are not that state.
SIPRI_NOT_STATES = ("Northern Cyprus",)  # coded 352 (Cyprus) in the table
#: States the table does not cover although they traded arms: West Germany (FRG, COW 260) has no
#: record at all (SIPRI lists it as "Germany (FRG)", which the 360info processing dropped; its
#: "Germany" starts in 1991), so united Germany's 1990 is unknown too.  (code, first, last year)
SIPRI_MISSING = ((260, 1950, 1990), (255, 1950, 1990))


@lru_cache(maxsize=1)
def arms_race_years() -> pl.DataFrame:
    """(_lo, _hi, year, armsrace=1) for every year of every arms race."""
    a = load_table("grh_arms_races")
    y = a.select(
        pl.min_horizontal("ccode1", "ccode2").cast(pl.Int32).alias("_lo"),
        pl.max_horizontal("ccode1", "ccode2").cast(pl.Int32).alias("_hi"),
        pl.int_ranges("styear", pl.col("endyear") + 1, dtype=pl.Int32).alias("year"),
    ).explode("year")
    return y.unique(maintain_order=True).with_columns(pl.lit(1, pl.Int8).alias("armsrace"))


@step(
    "arms_races",
    source="arms_races",
    units=("dyad-year",),
    filled=("armsrace",),
    symmetric=("armsrace",),
    aliases=("armsrace", "grh_arms_races"),
)
def add_arms_races(panel: P) -> P:
    """Add ``armsrace``: 1 if the two states are in a conventional arms race that year (1816-1993).

    Gibler, Rider & Hutchison (2005) identify 71 arms races: mutual, rapid military build-ups of
    rivals.  ``armsrace`` is 1 in every year from a race's start to its end year, 0 for other
    dyad-years in 1816-1993 and missing after 1993.  Symmetric.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=1913).add_arms_races()
    >>> p.data.filter((tb.col("ccode1") == 255) & (tb.col("ccode2") == 220))["armsrace"][0]
    1
    """
    check_panel(panel, "arms_races")
    data = join_undirected(panel, arms_race_years(), ["armsrace"])
    data = data.with_columns(fill_within(["armsrace"], get_source("arms_races").span)).with_columns(
        pl.col("armsrace").cast(pl.Int8)
    )
    return finish(panel, data, "arms_races")


@lru_cache(maxsize=1)
def sipri_dyad_years() -> pl.DataFrame:
    """(supplier, recipient, year, tiv): COW-coded state-to-state deliveries, summed per pair-year.

    Drops rows without a COW code on either side (unknown suppliers or recipients, international
    organisations, non-state entities such as Palestine or Western Sahara) and rows SIPRI marks as
    non-state armed groups (names ending in ``*``, which the table codes as the state they fight in,
    e.g. "Hezbollah (Lebanon)*" as Lebanon), after mapping :data:`SIPRI_CODE_FIXES`.
    """
    t = load_table("sipri_tiv")
    fix = lambda name, code: (  # noqa: E731
        pl.col(name)
        .replace_strict(SIPRI_CODE_FIXES, default=None, return_dtype=pl.Int32)
        .fill_null(pl.col(code).cast(pl.Int32))
    )
    t = t.select(
        fix("supplier", "supplier_cown").alias("supplier"),
        fix("recipient", "recipient_cown").alias("recipient"),
        pl.col("year").cast(pl.Int32),
        pl.col("value").cast(pl.Float64).alias("tiv"),
        (
            pl.col("supplier").str.ends_with("*")
            | pl.col("recipient").str.ends_with("*")
            | pl.col("recipient").is_in(SIPRI_NOT_STATES)
            | pl.col("supplier").is_in(SIPRI_NOT_STATES)
        ).alias("_nonstate"),
    )
    t = t.filter(
        ~pl.col("_nonstate")
        & pl.col("supplier").is_not_null()
        & pl.col("recipient").is_not_null()
        & (pl.col("supplier") != pl.col("recipient"))
    )
    return t.group_by("supplier", "recipient", "year").agg(pl.col("tiv").sum()).sort("supplier", "recipient", "year")


def _not_in_source(c1: str, c2: str) -> pl.Expr:
    e = pl.lit(False)
    for code, lo, hi in SIPRI_MISSING:
        e = e | ((pl.col(c1) == code) | (pl.col(c2) == code)) & pl.col("year").is_between(lo, hi)
    return e


@step(
    "sipri_transfers",
    source="sipri",
    units=("dyad-year",),
    mirrored=(("tiv12", "tiv21"),),
    aliases=("sipri", "arms_transfers"),
)
def add_sipri_transfers(panel: P) -> P:
    """Add SIPRI arms deliveries between the two states (1950-2021).

    ``tiv12`` is the SIPRI trend-indicator value (TIV, millions, constant 1990 prices: a measure of
    the volume of military capability transferred, not of money paid) of major conventional
    weapons **delivered from state 1 to state 2** that year; ``tiv21`` the reverse.  0 for a pair of
    states with no recorded delivery in 1950-2021, missing outside those years.  Deliveries to or
    from non-state actors and unknown parties are left out; several records of one state pair in a
    year are summed.  TIVs are rounded to whole millions in the source, so a small recorded delivery
    can show as 0.

    COW codes: the table's codes are used (Soviet Union and Russia are both 365, united Germany 255,
    East Germany 265, Czechoslovakia 315 / Czechia 316, North Yemen 678 / Yemen 679); Serbia
    (1992-) is mapped to 345 and Micronesia to 987.  **West Germany (260) is missing from the
    table**, so every dyad-year with 260 (1955-1990) and with Germany (255) in 1990 is missing, not 0.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2016).add_sipri_transfers()
    >>> p.data.filter((tb.col("ccode1") == 666) & (tb.col("ccode2") == 373))["tiv12"][0]  # Israel to Azerbaijan
    250.0
    """
    check_panel(panel, "sipri_transfers")
    c1, c2 = panel.keys[0], panel.keys[1]
    t = sipri_dyad_years()
    data = drop_existing(panel, ["tiv12", "tiv21"])
    data = data.join(
        t.rename({"supplier": c1, "recipient": c2, "tiv": "tiv12"}),
        on=[c1, c2, "year"],
        how="left",
        maintain_order="left",
    )
    data = data.join(
        t.rename({"supplier": c2, "recipient": c1, "tiv": "tiv21"}),
        on=[c1, c2, "year"],
        how="left",
        maintain_order="left",
    )
    data = data.with_columns(fill_within(["tiv12", "tiv21"], get_source("sipri").span, value=0.0))
    missing = _not_in_source(c1, c2)
    data = data.with_columns([pl.when(missing).then(None).otherwise(pl.col(c)).alias(c) for c in ("tiv12", "tiv21")])
    return finish(panel, data, "sipri")
