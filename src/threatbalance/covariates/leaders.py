"""Leaders: ``add_archigos`` (leader transitions and who held office, Archigos 4.1) on state- and
dyad-years; ``add_lead`` (LEAD) and ``add_lwuf`` (leaders' willingness to use force) on leader-years
and leader-dyad-years (``tb.leader_years`` / ``tb.leader_dyad_years``)."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from .._errors import InputError
from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, drop_existing, finish, join_state_level, step

LEADER_UNITS = ("leader-year", "leader-dyad-year")

ARCHIGOS_VARS = ["leadertransition", "irregular", "n_leaders", "jan1obsid", "dec31obsid"]


def archigos_state_years(system: str = "gw") -> pl.DataFrame:
    """Archigos leader summaries per state-year (``archigossums``), in G-W codes or mapped to COW.

    For COW the G-W codes are matched through isard's ``gw_cw_panel``; as in peacesciencer, G-W
    Serbia (340) in 2006 is dropped in favour of Serbia and Montenegro (COW 345), whose 31 December
    leader becomes ``SER-2006``.
    """
    s = load_table("archigossums").with_columns(pl.col("gwcode").cast(pl.Int32), pl.col("year").cast(pl.Int32))
    if system == "gw":
        return s
    cw = load_table("gw_cw_panel").select(
        pl.col("gwcode").cast(pl.Int32), pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32)
    )
    s = s.join(cw, on=["gwcode", "year"], how="left", maintain_order="left")
    s = s.filter(~((pl.col("gwcode") == 340) & (pl.col("year") == 2006))).with_columns(
        pl.when((pl.col("gwcode") == 345) & (pl.col("year") == 2006))
        .then(pl.lit("SER-2006"))
        .otherwise(pl.col("dec31obsid"))
        .alias("dec31obsid")
    )
    return s.filter(pl.col("ccode").is_not_null()).drop("gwcode")


@step("archigos", source="archigos", systems=("cow", "gw"), aliases=("leaders",))
def add_archigos(panel: P) -> P:
    """Add Archigos 4.1 leader summaries (Goemans, Gleditsch & Chiozza 2009), 1870-2015.

    ``leadertransition`` (1 if the state changed leader in the year), ``irregular`` (1 if a change
    was irregular: coup, revolt, assassination ...), ``n_leaders`` (leaders in office during the
    year), ``jan1obsid`` and ``dec31obsid`` (the Archigos ids of the leaders in office on 1 January
    and 31 December).  Suffixes 1 and 2 on dyad-years.  Archigos is coded in the G-W system; COW
    panels are matched through isard's G-W/COW panel as in peacesciencer.  No filling.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years=2001).add_archigos()
    >>> p.data.filter(tb.col("ccode") == 2)["dec31obsid"][0]
    'USA-2001'
    """
    check_panel(panel, "archigos")
    data = join_state_level(panel, archigos_state_years(panel.system), ARCHIGOS_VARS)
    return finish(panel, data, "archigos")


def _leader_attributes(panel: P, name: str, table: str, keep: str | Iterable[str] | None) -> P:
    """Left-join a leader-level table (one row per Archigos ``obsid``) to leader-years, or twice (suffixes
    1 and 2, by ``obsid1`` / ``obsid2``) to leader-dyad-years, as peacesciencer's ``add_lead``/``add_lwuf``."""
    check_panel(panel, name)
    t = load_table(table)
    avail = [c for c in t.columns if c != "obsid"]
    if keep is None:
        cols = avail
    else:
        cols = [keep] if isinstance(keep, str) else list(keep)
        bad = [c for c in cols if c not in avail]
        if bad or not cols:
            raise InputError(
                f"add_{name}: keep={bad or cols!r} is not a {table.upper()} column; available: {', '.join(avail)}"
            )
    t = t.select("obsid", *cols)
    sides = [("obsid", "")] if panel.unit == "leader-year" else [("obsid1", "1"), ("obsid2", "2")]
    data = drop_existing(panel, [f"{c}{s}" for _, s in sides for c in cols])
    for key, s in sides:
        right = t.rename({"obsid": key, **{c: f"{c}{s}" for c in cols}})
        data = data.join(right, on=key, how="left", maintain_order="left")
    return finish(panel, data, table)


#: Leader-years with LEAD / LWUF values run 1840-2015: the sources cover leaders in office 1875-2004,
#: whose tenures (and so their leader-years) start as early as 1840 and end as late as 2015.
_LEADER_SPAN = (1840, 2015)


@step("lead", source="lead", units=LEADER_UNITS, systems=("cow", "gw"), coverage=_LEADER_SPAN)
def add_lead(panel: P, keep: str | Iterable[str] | None = None) -> P:
    """Add Leader Experience and Attribute Descriptions (LEAD; Ellis, Horowitz & Stam 2015) to leader units.

    One value per leader (Archigos ``obsid``): education (``leveledu``), military service and combat,
    rebel experience, wins and losses, years of political experience, physical and mental health.
    Suffixes 1 and 2 on leader-dyad-years.  ``keep`` selects columns (peacesciencer's ``keep``).
    LEAD codes leaders in office 1875-2004; other leaders get NA (never 0).

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.leader_years(years=1990).add_lead(keep="leveledu")
    >>> p.data.filter(tb.col("obsid") == "USA-1989")["leveledu"].to_list()
    [2]
    """
    return _leader_attributes(panel, "lead", "lead", keep)


@step("lwuf", source="lwuf", units=LEADER_UNITS, systems=("cow", "gw"), coverage=_LEADER_SPAN)
def add_lwuf(panel: P, keep: str | Iterable[str] | None = None) -> P:
    """Add leaders' latent willingness to use force (Carter & Smith 2020) to leader units.

    Four estimates (``theta1_mean`` ... ``theta4_mean``, each with its ``_sd``) per leader (Archigos
    ``obsid``), as peacesciencer's ``add_lwuf``; suffixes 1 and 2 on leader-dyad-years.  ``keep``
    selects columns.  Leaders outside the source (in office 1875-2004) get NA.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.leader_years(years=1990).add_lwuf(keep=["theta1_mean"])
    >>> p.data["theta1_mean"].null_count() < p.data.height
    True
    """
    return _leader_attributes(panel, "lwuf", "lwuf", keep)
