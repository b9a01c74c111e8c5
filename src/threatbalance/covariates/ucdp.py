"""UCDP armed conflict: ``add_ucdp_acd`` (conflict onsets and ongoing conflicts) and ``add_ucdp_onsets``."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from .._errors import InputError
from .._panel_base import P
from ..sources import get_source, load_table
from ._base import check_panel, drop_existing, fill_within, finish, step

UCDP_TYPES = ("extrasystemic", "interstate", "intrastate", "II")
UCDP_ISSUES = ("territory", "government", "both")
ACD_COLS = ["ucdpongoing", "ucdponset", "maxintensity", "conflict_ids"]
ONSET_COLS = ["sumnewconf", "sumonset1", "sumonset2", "sumonset3", "sumonset5", "sumonset10"]


def _choices(value: str | Iterable[str] | None, allowed: tuple[str, ...], what: str) -> list[str] | None:
    if value is None:
        return None
    vals = [value] if isinstance(value, str) else list(value)
    bad = [v for v in vals if v not in allowed]
    if bad or not vals:
        raise InputError(f"unknown UCDP {what} {bad[0] if bad else value!r}; allowed: {', '.join(allowed)}")
    return vals


def ucdp_conflict_years(
    type: str | Iterable[str] | None = None, issue: str | Iterable[str] | None = None, only_wars: bool = False
) -> pl.DataFrame:
    """UCDP conflict-years summarised per primary side A state (``gwcode``) and year, as peacesciencer does.

    A state-year has ``ucdponset`` = 1 when it is the first year of any conflict (among the selected
    ones) in which the state is a primary party on side A (``gwno_a``); with ``only_wars=True`` only
    years of war intensity (1,000+ battle deaths, ``intensity_level == 2``) count, so the onset is the
    first war year.  ``maxintensity`` is the highest intensity of the year's conflicts and
    ``conflict_ids`` their UCDP ids joined by ``"; "``.
    """
    types = _choices(type, UCDP_TYPES, "type of conflict")
    issues = _choices(issue, UCDP_ISSUES, "incompatibility")
    if not isinstance(only_wars, bool):
        raise InputError(f"only_wars must be True or False, got {only_wars!r}")
    acd = load_table("ucdp_acd")
    if types is not None:
        acd = acd.filter(pl.col("type_of_conflict").is_in(types))
    if issues is not None:
        acd = acd.filter(pl.col("incompatibility").is_in(issues))
    if only_wars:
        acd = acd.filter(pl.col("intensity_level") == 2)
    # one row per conflict, side-A state and year (the table has a row per secondary participant)
    cy = (
        acd.select(
            pl.col("conflict_id").cast(pl.Int64),
            pl.col("gwno_a").cast(pl.Int32).alias("gwcode"),
            pl.col("year").cast(pl.Int32),
            pl.col("intensity_level").cast(pl.Int8),
        )
        .unique(["conflict_id", "gwcode", "year"], keep="first", maintain_order=True)
        .sort("conflict_id", "gwcode", "year")
        .with_columns((pl.col("year") == pl.col("year").min().over("conflict_id", "gwcode")).cast(pl.Int8).alias("_on"))
    )
    return (
        cy.group_by("gwcode", "year", maintain_order=True)
        .agg(
            pl.lit(1, dtype=pl.Int8).alias("ucdpongoing"),
            pl.col("_on").max().alias("ucdponset"),
            pl.col("intensity_level").max().alias("maxintensity"),
            pl.col("conflict_id").cast(pl.Utf8).str.join("; ").alias("conflict_ids"),
        )
        .sort("gwcode", "year")
    )


@step(
    "ucdp_acd",
    source="ucdp_acd",
    units=("state-year",),
    systems=("gw",),
    filled=("ucdpongoing", "ucdponset"),
    aliases=("ucdp", "armed_conflict"),
)
def add_ucdp_acd(
    panel: P,
    type: str | Iterable[str] | None = None,
    issue: str | Iterable[str] | None = None,
    only_wars: bool = False,
) -> P:
    """Add UCDP/PRIO armed conflict onsets and ongoing conflicts to G-W state-years (1946-2024).

    As peacesciencer's ``add_ucdp_acd()``: ``ucdpongoing`` = 1 if the state is a primary party on
    side A (the government side for intra-state conflicts) of an active conflict in the year,
    ``ucdponset`` = 1 if that is the first year of one of its conflicts in the data (conflicts active
    in 1946 count as onsets in 1946), ``maxintensity`` (1: 25-999 battle deaths, 2: 1,000+) and
    ``conflict_ids``.  Both flags are 0 for state-years without a conflict in 1946-2024 and missing
    outside.

    Parameters
    ----------
    type
        Conflict types to keep: ``"extrasystemic"``, ``"interstate"``, ``"intrastate"``,
        ``"II"`` (internationalised intra-state), one or several; default all.
    issue
        Incompatibilities to keep: ``"territory"``, ``"government"``, ``"both"``; default all.
    only_wars
        Keep only conflict-years at war intensity (1,000+ battle deaths) before finding onsets.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years="1990-1991", system="gw").add_ucdp_acd(type="intrastate")
    >>> p.data.filter((tb.col("gwcode") == 345) & (tb.col("year") == 1991))["ucdponset"][0]
    1
    """
    check_panel(panel, "ucdp_acd")
    table = ucdp_conflict_years(type, issue, only_wars)
    data = drop_existing(panel, ACD_COLS).join(table, on=["gwcode", "year"], how="left", maintain_order="left")
    data = data.with_columns(fill_within(["ucdpongoing", "ucdponset"], get_source("ucdp_acd").span))
    return finish(panel, data, "ucdp_acd")


@step("ucdp_onsets", source="ucdp_onsets", units=("state-year",), systems=("gw",), filled=tuple(ONSET_COLS))
def add_ucdp_onsets(panel: P, peer_compat: bool = False) -> P:
    """Add UCDP onset counts (Pettersson 2019) to G-W state-years, 1946-2017.

    ``sumnewconf`` counts the state's new conflicts in the year, ``sumonset1`` ... ``sumonset10``
    its conflict onsets after 1, 2, 3, 5 and 10 years of inactivity.  0 for state-years the table
    lacks in 1946-2017, missing after 2017.  peacesciencer fills 0 in every year, including years
    the data do not cover; ``peer_compat=True`` does that.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years=2017, system="gw").add_ucdp_onsets()
    >>> int(p.data["sumnewconf"].sum()) >= 0
    True
    """
    check_panel(panel, "ucdp_onsets")
    table = load_table("ucdp_onsets").select(
        pl.col("gwcode").cast(pl.Int32), pl.col("year").cast(pl.Int32), *ONSET_COLS
    )
    data = drop_existing(panel, ONSET_COLS).join(table, on=["gwcode", "year"], how="left", maintain_order="left")
    cov = (-(10**6), 10**6) if peer_compat else get_source("ucdp_onsets").span
    data = data.with_columns(fill_within(ONSET_COLS, cov))
    return finish(panel, data, "ucdp_onsets")
