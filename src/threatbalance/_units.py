"""Frames of the leader units and state-days (peacesciencer's ``create_leaderyears``,
``create_leaderdyadyears`` and ``create_statedays``), built from intervals instead of days.

peacesciencer expands every leader's tenure and every state's membership into days and joins the
days; a leader-year exists when the leader held office on at least one day of the year on which
the state was a member of the system.  Here the same rule is computed on date intervals: a
leader's tenure (split by year, and for COW by the COW code the state has that year) is
intersected with the state's membership spells, and a leader-year is kept when the intersection
is not empty.  Leader-dyad-years are the pairs of such intervals in the same year that overlap
(both leaders in office, both states members, on a common day).  The results are the peer's rows
(``tests/test_leader_units.py`` checks them against a day-by-day construction).

Examples
--------
>>> ly = leader_year_frame("gw")
>>> ly.filter((pl.col("gwcode") == 2) & (pl.col("year") == 1881))["obsid"].to_list()
['USA-1877', 'USA-1881-1', 'USA-1881-2']
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from . import _validate as V
from .sources import load_table

#: COW codes peacesciencer sets by hand when it standardises Archigos (G-W codes) to COW
#: (``create_leaderyears(standardize = "cow")``): years where COW has a state G-W does not, and the
#: two 1990 unifications that one leader presided over (the date is the first day of the new code).
_COW_YEAR_FIXES = ((600, 1905, 1912, 600), (670, 1927, 1932, 670))
_COW_DATE_SPLITS = {"YEM-1978": (dt.date(1990, 5, 22), 678, 679), "GFR-1982": (dt.date(1990, 10, 3), 260, 255)}
#: The years of peacesciencer's leader-dyad-years (its pre-generated files loop over 1870:2015).
LEADER_DYAD_YEARS = (1870, 2015)

_SYSTEM = {"cow": ("cw_system", "ccode", "cw_name"), "gw": ("gw_system", "gwcode", "gw_name")}


def system_spells(system: str, extend: bool = True) -> pl.DataFrame:
    """Membership spells ``(code, name, [microstate], start, end)`` of a state system.

    With ``extend`` a spell ending on the source's final day (31 December of its last year) runs to
    31 December of the system's panel end (peacesciencer's ``mry = TRUE``).
    """
    table, code, name = _SYSTEM[system]
    t = load_table(table)
    last = V.system_end(system)
    end = pl.col("end")
    if extend:
        to = dt.date(V.system_end(system, extend=True), 12, 31)
        end = pl.when(end == dt.date(last, 12, 31)).then(pl.lit(to)).otherwise(end)
    extra = ["microstate"] if system == "gw" else []
    return t.select(pl.col(code).cast(pl.Int32), name, *extra, pl.col("start"), end.alias("end"))


def state_day_frame(system: str, first: int, last: int, extend: bool = True) -> pl.DataFrame:
    """Every day each state was a member of the system, in ``first``-``last`` (``create_statedays``)."""
    _, code, _ = _SYSTEM[system]
    lo, hi = dt.date(first, 1, 1), dt.date(last, 12, 31)
    s = system_spells(system, extend).with_columns(
        pl.max_horizontal("start", pl.lit(lo)).alias("start"), pl.min_horizontal("end", pl.lit(hi)).alias("end")
    )
    s = s.filter(pl.col("start") <= pl.col("end"))
    days = s.with_columns(pl.date_ranges("start", "end", "1d").alias("date")).drop("start", "end").explode("date")
    return days.sort(code, "date")


def _tenures() -> pl.DataFrame:
    return load_table("archigos").select(
        "obsid",
        pl.col("gwcode").cast(pl.Int32),
        "leader",
        pl.col("yrborn").cast(pl.Int32),
        "gender",
        pl.col("startdate").alias("start"),
        pl.col("enddate").alias("end"),
        pl.col("startdate").dt.year().cast(pl.Int32).alias("_y0"),
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
    )


def _by_year(t: pl.DataFrame) -> pl.DataFrame:
    """Each tenure cut into its calendar years: ``start``/``end`` clipped to the year."""
    t = t.with_columns(
        pl.int_ranges(pl.col("start").dt.year(), pl.col("end").dt.year() + 1, dtype=pl.Int32).alias("year")
    )
    t = t.explode("year")
    jan1 = pl.date(pl.col("year"), 1, 1)
    dec31 = pl.date(pl.col("year"), 12, 31)
    return t.with_columns(pl.max_horizontal("start", jan1).alias("start"), pl.min_horizontal("end", dec31).alias("end"))


def leader_intervals(system: str, standardize: bool = True) -> pl.DataFrame:
    """Intervals ``(obsid, code, year, start, end)`` within one year when the leader held office (and,
    with ``standardize``, the state was a member of ``system``), with the leader's attributes."""
    _, code, _ = _SYSTEM[system]
    t = _by_year(_tenures())
    if system == "cow":
        cw = load_table("gw_cw_panel").select(
            pl.col("gwcode").cast(pl.Int32), pl.col("year").cast(pl.Int32), pl.col("ccode").cast(pl.Int32)
        )
        t = t.join(cw, on=["gwcode", "year"], how="left", maintain_order="left")
        fix = pl.col("ccode")
        for gw, a, b, cc in _COW_YEAR_FIXES:
            fix = pl.when((pl.col("gwcode") == gw) & pl.col("year").is_between(a, b)).then(pl.lit(cc)).otherwise(fix)
        t = t.with_columns(fix.cast(pl.Int32).alias("ccode"))
        parts = [t.filter(~pl.col("obsid").is_in(list(_COW_DATE_SPLITS)))]
        for obsid, (day, before, after) in _COW_DATE_SPLITS.items():
            x = t.filter(pl.col("obsid") == obsid)
            parts.append(
                x.with_columns(
                    pl.min_horizontal("end", pl.lit(day - dt.timedelta(days=1))).alias("end"),
                    pl.lit(before).alias("ccode"),
                )
            )
            parts.append(
                x.with_columns(pl.max_horizontal("start", pl.lit(day)).alias("start"), pl.lit(after).alias("ccode"))
            )
        t = pl.concat([p.with_columns(pl.col("ccode").cast(pl.Int32)) for p in parts])
        t = t.filter((pl.col("start") <= pl.col("end")) & pl.col("ccode").is_not_null())
    elif not standardize:
        return t.sort("_row", "year")
    spells = system_spells(system).select(code, pl.col("start").alias("_s"), pl.col("end").alias("_e"))
    t = t.join(spells, on=code, how="inner")
    t = t.with_columns(pl.max_horizontal("start", "_s").alias("start"), pl.min_horizontal("end", "_e").alias("end"))
    return t.filter(pl.col("start") <= pl.col("end")).drop("_s", "_e").sort("_row", "year", "start")


def _attributes(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(
        (pl.col("year") - pl.col("yrborn")).alias("leaderage"), (pl.col("year") - pl.col("_y0") + 1).alias("yrinoffice")
    )


def leader_year_frame(system: str = "gw", standardize: bool = True) -> pl.DataFrame:
    """Leader-years ``(obsid, code, leader, gender, leaderage, year, yrinoffice)`` (``create_leaderyears``)."""
    _, code, _ = _SYSTEM[system]
    iv = leader_intervals(system, standardize)
    ly = _attributes(iv).unique(["obsid", code, "year"], keep="first", maintain_order=True)
    ly = ly.sort(code, "year", "_row")
    return ly.select("obsid", code, "leader", "gender", "leaderage", "year", "yrinoffice")


def leader_dyad_year_frame(
    system: str = "gw", directed: bool = True, first: int = 1870, last: int = 2015
) -> pl.DataFrame:
    """Leader-dyad-years (``create_leaderdyadyears``): two leaders of different states (the first three
    letters of their Archigos ids differ) in office on a common day of the year, both states members."""
    _, code, _ = _SYSTEM[system]
    iv = leader_intervals(system, True).filter(pl.col("year").is_between(first, last))
    iv = _attributes(iv).select(
        "obsid",
        code,
        "year",
        "gender",
        "leaderage",
        "yrinoffice",
        pl.col("start"),
        pl.col("end"),
        pl.col("obsid").str.slice(0, 3).alias("_st"),
    )
    a = iv.rename({c: f"{c}1" for c in iv.columns if c != "year"})
    b = iv.rename({c: f"{c}2" for c in iv.columns if c != "year"})
    pairs = a.join(b, on="year", how="inner")
    keep = (pl.col("_st1") != pl.col("_st2")) & (
        pl.max_horizontal("start1", "start2") <= pl.min_horizontal("end1", "end2")
    )
    if not directed:
        keep = keep & (pl.col(f"{code}1") < pl.col(f"{code}2"))
    pairs = pairs.filter(keep)
    keys = ["obsid1", "obsid2", f"{code}1", f"{code}2", "year"]
    pairs = pairs.unique(keys, keep="first").sort(f"{code}1", f"{code}2", "year", "obsid1", "obsid2")
    return pairs.select(*keys, "gender1", "gender2", "leaderage1", "leaderage2", "yrinoffice1", "yrinoffice2")
