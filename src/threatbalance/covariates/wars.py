"""Correlates of War wars: ``add_cow_wars`` (inter-state wars on dyad-years, intra-state wars on state-years)."""

from __future__ import annotations

import polars as pl

from .._errors import InputError
from .._panel_base import P
from ..sources import get_source, load_table
from ._base import check_panel, drop_existing, fill_within, finish, step

INTER_COLS = [
    "cowinterongoing",
    "cowinteronset",
    "sidea1",
    "sidea2",
    "initiator1",
    "initiator2",
    "outcome1",
    "outcome2",
    "batdeath1",
    "batdeath2",
    "resume",
]
INTRA_COLS = [
    "warnum",
    "warname",
    "wartype",
    "cowintraonset",
    "cowintraongoing",
    "intnl",
    "outcome",
    "sideadeaths",
    "sidebdeaths",
    "intrawarnums",
]
INTRATYPES = ("all", "central control", "local issues")


def _whittle_wars(t: pl.DataFrame, keys: list[str], onset: str, deaths: tuple[str, str]) -> pl.DataFrame:
    """One war per unit-year, as peacesciencer: drop non-onsets where a unit-year mixes onsets and
    continuations, then keep the war with the most battle deaths (first in the table's order on ties)."""
    t = t.with_row_index("_row")
    g = pl.len().over(keys)
    sd_pos = pl.col(onset).cast(pl.Float64).std().over(keys).fill_null(0) > 0
    t = t.filter(~((g > 1) & sd_pos & (pl.col(onset) == 0)))
    d1, d2 = deaths
    t = t.with_columns([pl.when(pl.col(c) < 0).then(None).otherwise(pl.col(c)).alias(c) for c in deaths])
    t = t.with_columns(
        pl.when(pl.col(d1).is_null())
        .then(pl.col(d2))
        .when(pl.col(d2).is_null())
        .then(pl.col(d1))
        .otherwise(pl.col(d1) + pl.col(d2))
        .alias("_deaths")
    )
    # R: arrange(-deaths) (stable, NA last) then slice(1) per group
    t = t.sort(["_deaths", "_row"], descending=[True, False], nulls_last=True)
    return t.unique(keys, keep="first", maintain_order=True).sort("_row").drop("_row", "_deaths")


def cow_interstate_war_years() -> pl.DataFrame:
    """COW inter-state war participation as directed dyad-years, one war per dyad-year (peacesciencer's rule)."""
    t = load_table("cow_war_inter").with_columns(pl.col(c).cast(pl.Int32) for c in ("ccode1", "ccode2", "year"))
    t = t.sort("ccode1", "ccode2", "year", maintain_order=True)
    t = _whittle_wars(t, ["ccode1", "ccode2", "year"], "cowinteronset", ("batdeath1", "batdeath2"))
    return t.select("ccode1", "ccode2", "year", *INTER_COLS)


def cow_intrastate_war_years(intratype: str = "all", peer_compat: bool = False) -> pl.DataFrame:
    """COW intra-state wars of each primary state (side A) per year, one war per state-year (peacesciencer's rule)."""
    if intratype not in INTRATYPES:
        raise InputError(f"unknown intratype {intratype!r}; allowed: {', '.join(INTRATYPES)}")
    t = load_table("cow_war_intra").rename({"ccodea": "ccode"})
    t = t.filter(pl.col("primary_state") == 1)
    if intratype != "all":
        t = t.filter(pl.col("wartype") == intratype)
    t = t.with_columns(pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32))
    t = t.with_columns(pl.col("warnum").cast(pl.Utf8).str.join("; ").over("ccode", "year").alias("intrawarnums"))
    t = _whittle_wars(t, ["ccode", "year"], "cowintraonset", ("sideadeaths", "sidebdeaths"))
    if peer_compat:  # peacesciencer codes unknown deaths -9
        t = t.with_columns(pl.col(c).fill_null(-9) for c in ("sideadeaths", "sidebdeaths"))
    else:  # the data's coverage ends in 2007; a war still running in 2008 has a stray 2008 row
        t = t.filter(pl.col("year") <= get_source("cow_wars").span[1])
    return t.select("ccode", "year", *INTRA_COLS)


@step(
    "cow_wars",
    source="cow_wars",
    filled=("cowinterongoing", "cowinteronset", "cowintraonset", "cowintraongoing"),
    symmetric=("cowinterongoing", "cowinteronset", "resume"),
    aliases=("wars", "cow_war"),
)
def add_cow_wars(panel: P, type: str | None = None, intratype: str = "all", peer_compat: bool = False) -> P:
    """Add Correlates of War wars: inter-state wars to dyad-years, intra-state wars to state-years (to 2007).

    As peacesciencer's ``add_cow_wars()``:

    * ``type="inter"`` (dyad-years, the default there): ``cowinterongoing``, ``cowinteronset``, and
      each side's ``sidea``, ``initiator``, ``outcome``, ``batdeath`` (1/2, battle deaths, missing
      when COW codes them unknown), ``resume``.  Where a dyad-year has several wars, onsets are kept
      over continuations, then the war with the most battle deaths.
    * ``type="intra"`` (state-years, the default there): intra-state wars of each primary side-A
      state: ``warnum``, ``warname``, ``wartype``, ``cowintraonset``, ``cowintraongoing``, ``intnl``,
      ``outcome``, ``sideadeaths``, ``sidebdeaths`` and ``intrawarnums`` (every war of the year);
      ``intratype`` = ``"central control"`` or ``"local issues"`` keeps one kind.  Unknown deaths are
      missing (peacesciencer: -9, ``peer_compat=True``).  The data end in 2007; the one war-year
      recorded for 2008 is dropped (peacesciencer keeps it: ``peer_compat=True``).

    Onset and ongoing flags are 0 without a war in 1816-2007 and missing after 2007.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=1991).add_cow_wars()
    >>> p.data.filter((tb.col("ccode1") == 2) & (tb.col("ccode2") == 645))["cowinteronset"][0]
    1
    """
    check_panel(panel, "cow_wars")
    want = "inter" if panel.unit == "dyad-year" else "intra"
    if type is not None and type not in ("inter", "intra"):
        raise InputError(f"unknown war type {type!r}; allowed: inter (dyad-years), intra (state-years)")
    if type is not None and type != want:
        raise InputError(f"add_cow_wars(type={type!r}) works on {'state' if type == 'intra' else 'dyad'}-years only")
    cov = get_source("cow_wars").span
    if want == "inter":
        c1, c2 = panel.keys[0], panel.keys[1]
        table = cow_interstate_war_years().rename({"ccode1": c1, "ccode2": c2})
        data = drop_existing(panel, INTER_COLS).join(table, on=[c1, c2, "year"], how="left", maintain_order="left")
        data = data.with_columns(fill_within(["cowinterongoing", "cowinteronset"], cov))
    else:
        table = cow_intrastate_war_years(intratype, peer_compat)
        data = drop_existing(panel, INTRA_COLS).join(table, on=["ccode", "year"], how="left", maintain_order="left")
        data = data.with_columns(fill_within(["cowintraonset", "cowintraongoing"], cov))
    return finish(panel, data, "cow_wars")
