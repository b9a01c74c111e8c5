"""Panels: state-years and dyad-years of the COW or Gleditsch-Ward state system.

A :class:`Panel` is a polars DataFrame plus a declaration of its universe: the unit of analysis
(``"state-year"`` or ``"dyad-year"``), the state system (``"cow"`` or ``"gw"``), its years, whether
dyads are directed, and the data sources used so far.  ``add_*`` steps (``threatbalance.covariates``)
take a panel and return a new panel with the same rows and more columns.

Examples
--------
>>> import threatbalance as tb
>>> p = tb.dyad_years(years=(2005, 2005)).add_nmc().add_capital_distance()
>>> p.unit, p.system, p.directed, p.years
('dyad-year', 'cow', True, (2005, 2005))
>>> p.data.height
36672
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from . import _validate as V
from . import covariates as _cov
from ._errors import EmptySelectionError, InputError
from ._panel_base import UNITS, PanelBase
from .covariates import filter_prd
from .sources import load_table

__all__ = [
    "UNITS",
    "Panel",
    "dyad_years",
    "filter_prd",
    "leader_dyad_years",
    "leader_years",
    "read_panel",
    "state_days",
    "state_years",
]

#: Each state system's membership table and code column (its years: ``cow_system`` / ``gw_system`` in the
#: source registry, read through :func:`threatbalance._validate.system_end`).
_SYSTEM_TABLE = {"cow": ("cw_system", "ccode"), "gw": ("gw_system", "gwcode")}


def _code(system: str) -> str:
    return _SYSTEM_TABLE[system][1]


class Panel(PanelBase):
    """A state-year or dyad-year panel that knows its universe, with one method per ``add_*`` step.

    Build one with :func:`state_years` or :func:`dyad_years`; every method returns a new panel
    (``tb.dyad_years().add_nmc().add_contiguity()``).  Each ``add_*`` method calls the function of
    the same name in :mod:`threatbalance.covariates` (``tb.add_nmc(panel)`` is the same), with the
    same parameters (a test keeps them equal).

    Attributes
    ----------
    data : polars.DataFrame
        The rows; keys are ``(ccode, year)`` / ``(ccode1, ccode2, year)`` (``gwcode`` for G-W).
    unit : {"state-year", "dyad-year"}
    system : {"cow", "gw"}
    years : (int, int)
        First and last year covered.
    directed : bool
        For dyad-years: both (a, b) and (b, a) present (True) or only a < b (False).
    sources : tuple of str
        Keys of the data sources used so far (see :func:`threatbalance.cite`).
    """

    # ---- add_* steps (threatbalance.covariates), in alphabetical order; filter_prd last -------------
    def add_archigos(self) -> Panel:
        """Add Archigos 4.1 leader summaries (Goemans, Gleditsch & Chiozza 2009), 1870-2015.

        See :func:`threatbalance.add_archigos` (``covariates.leaders``).
        """
        return _cov.add_archigos(self)

    def add_arms_races(self) -> Panel:
        """Add ``armsrace``: 1 if the two states are in a conventional arms race that year (1816-1993).

        See :func:`threatbalance.add_arms_races` (``covariates.arms``).
        """
        return _cov.add_arms_races(self)

    def add_atop_alliance(self) -> Panel:
        """Add ATOP v5.1 alliance obligations (1815-2018), directed.

        See :func:`threatbalance.add_atop_alliance` (``covariates.atop``).
        """
        return _cov.add_atop_alliance(self)

    def add_capital_distance(self, transsum: str = "first") -> Panel:
        """Add ``capdist``: great-circle distance in km between the two capitals (1816-2024).

        See :func:`threatbalance.add_capital_distance` (``covariates.distance``).
        """
        return _cov.add_capital_distance(self, transsum=transsum)

    def add_contiguity(self, slice: str = "first", mry: bool = False, peer_compat: bool = False) -> Panel:
        """Add ``conttype``, COW direct contiguity v3.2 (1816-2016), by date.

        See :func:`threatbalance.add_contiguity` (``covariates.contiguity``).
        """
        return _cov.add_contiguity(self, slice=slice, mry=mry, peer_compat=peer_compat)

    def add_cow_mids(self, init: str = "sidea-all-joiners") -> Panel:
        """Add COW MID 5.0 dispute data (1816-2014), one dispute per directed dyad-year.

        See :func:`threatbalance.add_cow_mids` (``covariates.mids``).
        """
        return _cov.add_cow_mids(self, init=init)

    def add_cow_trade(self) -> Panel:
        """Add COW dyadic trade v4.0 (Barbieri, Keshk & Pollins), 1870-2014.

        See :func:`threatbalance.add_cow_trade` (``covariates.trade``).
        """
        return _cov.add_cow_trade(self)

    def add_cow_wars(self, type: str | None = None, intratype: str = "all", peer_compat: bool = False) -> Panel:
        """Add Correlates of War wars: inter-state wars to dyad-years, intra-state wars to state-years (to 2007).

        See :func:`threatbalance.add_cow_wars` (``covariates.wars``).
        """
        return _cov.add_cow_wars(self, type=type, intratype=intratype, peer_compat=peer_compat)

    def add_creg_fractionalization(self) -> Panel:
        """Add CREG ethnic and religious fractionalization and polarization (Nardulli et al. 2012), 1945-2013.

        See :func:`threatbalance.add_creg_fractionalization` (``covariates.fractionalization``).
        """
        return _cov.add_creg_fractionalization(self)

    def add_democracy(self) -> Panel:
        """Add democracy scores (1816-2025): extended UDS ``euds`` and its adjusted form ``aeuds``

        See :func:`threatbalance.add_democracy` (``covariates.democracy``).
        """
        return _cov.add_democracy(self)

    def add_diplomatic_ties(self) -> Panel:
        """Add diplomatic representation between the two states (Duque 2018), 1970-2005 every five years.

        See :func:`threatbalance.add_diplomatic_ties` (``covariates.diplomacy``).
        """
        return _cov.add_diplomatic_ties(self)

    def add_event_hostility(self, db: str | Path | None = None, dataset: str | None = None) -> Panel:
        """Add hostility observed in news events: shipped GDELT 2.0 pair activity, or a user's event store.

        See :func:`threatbalance.add_event_hostility` (``covariates.events``).
        """
        return _cov.add_event_hostility(self, db=db, dataset=dataset)

    def add_gdppop(self) -> Panel:
        """Add simulated GDP per capita, GDP and population with their uncertainty (1816-2019).

        See :func:`threatbalance.add_gdppop` (``covariates.economy``).
        """
        return _cov.add_gdppop(self)

    def add_gml_mids(self, init: str = "sidea-all-joiners") -> Panel:
        """Add GML MID v2.2.1 dispute data (1816-2010), one dispute per directed dyad-year.

        See :func:`threatbalance.add_gml_mids` (``covariates.mids``).
        """
        return _cov.add_gml_mids(self, init=init)

    def add_hief(self) -> Panel:
        """Add the Historical Index of Ethnic Fractionalization (Dražanová 2020), 1945-2013.

        See :func:`threatbalance.add_hief` (``covariates.fractionalization``).
        """
        return _cov.add_hief(self)

    def add_igos(self) -> Panel:
        """Add ``dyadigos``: the number of IGOs in which both states are full members (COW IGO v3.0, 1816-2014).

        See :func:`threatbalance.add_igos` (``covariates.igos``).
        """
        return _cov.add_igos(self)

    def add_lead(self, keep: str | Iterable[str] | None = None) -> Panel:
        """Add Leader Experience and Attribute Descriptions (LEAD; Ellis, Horowitz & Stam 2015) to leader units.

        See :func:`threatbalance.add_lead` (``covariates.leaders``).
        """
        return _cov.add_lead(self, keep=keep)

    def add_lwuf(self, keep: str | Iterable[str] | None = None) -> Panel:
        """Add leaders' latent willingness to use force (Carter & Smith 2020) to leader units.

        See :func:`threatbalance.add_lwuf` (``covariates.leaders``).
        """
        return _cov.add_lwuf(self, keep=keep)

    def add_major_powers(self, mry: bool = False) -> Panel:
        """Add COW major-power status ``cowmaj`` (1 = major power that year; 0 otherwise, 1816-2016).

        See :func:`threatbalance.add_major_powers` (``covariates.majors``).
        """
        return _cov.add_major_powers(self, mry=mry)

    def add_minimum_distance(self) -> Panel:
        """Add ``mindist``: minimum distance in km between the two states' territories (CShapes 2.0, 1886-2019).

        See :func:`threatbalance.add_minimum_distance` (``covariates.distance``).
        """
        return _cov.add_minimum_distance(self)

    def add_nmc(self) -> Panel:
        """Add COW National Material Capabilities v7.0 (1816-2022).

        See :func:`threatbalance.add_nmc` (``covariates.nmc``).
        """
        return _cov.add_nmc(self)

    def add_rugged_terrain(self) -> Panel:
        """Add terrain ruggedness (Nunn & Puga 2012) and logged % mountainous terrain (Gibler & Miller 2014).

        See :func:`threatbalance.add_rugged_terrain` (``covariates.terrain``).
        """
        return _cov.add_rugged_terrain(self)

    def add_sdp_gdp(self) -> Panel:
        """Add GDP, population and surplus domestic product estimates of Anders, Fariss & Markowitz (2020), 1816-2016.

        See :func:`threatbalance.add_sdp_gdp` (``covariates.economy``).
        """
        return _cov.add_sdp_gdp(self)

    def add_sipri_transfers(self) -> Panel:
        """Add SIPRI arms deliveries between the two states (1950-2021).

        See :func:`threatbalance.add_sipri_transfers` (``covariates.arms``).
        """
        return _cov.add_sipri_transfers(self)

    def add_spells(
        self,
        event: str | None = None,
        conflict_event_type: str = "ongoing",
        ongo: bool = False,
        name: str | None = None,
        peer_compat: bool = False,
    ) -> Panel:
        """Add peace spells: the years since the unit's last event, for each event column the panel holds.

        See :func:`threatbalance.add_spells` (``covariates.spells``).
        """
        return _cov.add_spells(
            self, event=event, conflict_event_type=conflict_event_type, ongo=ongo, name=name, peer_compat=peer_compat
        )

    def add_strategic_rivalries(self, peer_compat: bool = False) -> Panel:
        """Add strategic rivalries of Thompson, Sakuwa & Suhas (2021), 1816-2020.

        See :func:`threatbalance.add_strategic_rivalries` (``covariates.rivalries``).
        """
        return _cov.add_strategic_rivalries(self, peer_compat=peer_compat)

    def add_td_rivalries(self) -> Panel:
        """Add Thompson & Dreyer (2012) strategic rivalries (1816-2010): ``td_rivalryno`` (missing when

        See :func:`threatbalance.add_td_rivalries` (``covariates.rivalries``).
        """
        return _cov.add_td_rivalries(self)

    def add_territorial_threat(self, uncertainty: bool = False) -> Panel:
        """Add the latent external territorial threat a state faces (1816-2010).

        See :func:`threatbalance.add_territorial_threat` (``covariates.territory``).
        """
        return _cov.add_territorial_threat(self, uncertainty=uncertainty)

    def add_ucdp_acd(
        self, type: str | Iterable[str] | None = None, issue: str | Iterable[str] | None = None, only_wars: bool = False
    ) -> Panel:
        """Add UCDP/PRIO armed conflict onsets and ongoing conflicts to G-W state-years (1946-2024).

        See :func:`threatbalance.add_ucdp_acd` (``covariates.ucdp``).
        """
        return _cov.add_ucdp_acd(self, type=type, issue=issue, only_wars=only_wars)

    def add_ucdp_onsets(self, peer_compat: bool = False) -> Panel:
        """Add UCDP onset counts (Pettersson 2019) to G-W state-years, 1946-2017.

        See :func:`threatbalance.add_ucdp_onsets` (``covariates.ucdp``).
        """
        return _cov.add_ucdp_onsets(self, peer_compat=peer_compat)

    def add_un_ideal_points(self) -> Panel:
        """Add UN General Assembly ideal points (Bailey, Strezhnev & Voeten, July 2025 release), 1946-2024.

        See :func:`threatbalance.add_un_ideal_points` (``covariates.un``).
        """
        return _cov.add_un_ideal_points(self)

    def add_un_votes(self, issue: str | None = None) -> Panel:
        """Add agreement in UN General Assembly roll-call votes (Voeten's data as packaged in unvotes 0.3.0), 1946-2019.

        See :func:`threatbalance.add_un_votes` (``covariates.un``).
        """
        return _cov.add_un_votes(self, issue=issue)

    def filter_prd(self, max_conttype: int = 5, peer_compat: bool = False) -> Panel:
        """Keep politically relevant dyads: contiguous (conttype 1..``max_conttype``) or with a major power.

        See :func:`threatbalance.filter_prd` (``covariates.prd``).
        """
        return _cov.filter_prd(self, max_conttype=max_conttype, peer_compat=peer_compat)


def membership_years(system: str, extend: bool) -> pl.DataFrame:
    """(code, year) for every year a state was a member for at least part of the year.

    With ``extend``, a spell running to the source's final day (31 December of the system's last year
    in the source registry) is carried forward to the data's end year.

    Examples
    --------
    >>> m = membership_years("cow", extend=True)
    >>> int(m["year"].max()), int(membership_years("cow", extend=False)["year"].max())
    (2022, 2016)
    """
    table, code = _SYSTEM_TABLE[system]
    last = V.system_end(system)
    spells = load_table(table).select(code, "start", "end")
    end_year = pl.col("end").dt.year()
    if extend:
        end_year = (
            pl.when((pl.col("end").dt.year() == last) & (pl.col("end").dt.month() == 12))
            .then(V.system_end(system, extend=True))
            .otherwise(end_year)
        )
    sy = (
        spells.select(
            pl.col(code).cast(pl.Int32),
            pl.int_ranges(pl.col("start").dt.year(), end_year + 1, dtype=pl.Int32).alias("year"),
        )
        .explode("year")
        .unique([code, "year"])
    )
    return sy


def state_years(years: Any = None, system: str = "cow", extend: bool = True) -> Panel:
    """Every state-year of the state system.

    Parameters
    ----------
    years
        A year or inclusive range (``"1816-2022"``, ``(1990, 2010)``); default: all years of the
        system (COW 1816-2022, G-W 1816-2025; see ``extend``).
    system
        ``"cow"`` (Correlates of War) or ``"gw"`` (Gleditsch-Ward).
    extend
        Carry states whose membership runs to the source's final date (COW 2016-12-31, G-W
        2020-12-31: the years of ``cow_system`` / ``gw_system`` in ``tb.data_sources()``) forward to
        the system's panel end in the registry (``threatbalance.sources.SYSTEM_END``: COW 2022, the
        last year of NMC; G-W 2025).  ``False`` stops at the source's end.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years="2000-2001")
    >>> p.keys, p.data.height
    (['ccode', 'year'], 382)
    """
    system = V.state_system(system)
    a, b = V.years(years, hi=V.system_end(system, extend), what="panel")
    code = _code(system)
    sy = membership_years(system, extend).filter(pl.col("year").is_between(a, b))
    table = _SYSTEM_TABLE[system][0]
    name_col = "cw_name" if system == "cow" else "gw_name"
    names = load_table(table).select(pl.col(code).cast(pl.Int32), name_col).unique(code, keep="last")
    data = sy.join(names, on=code, how="left").select(code, name_col, "year").sort(code, "year")
    if data.is_empty():
        raise EmptySelectionError(f"no state-years in {a}-{b}")
    return Panel(data, "state-year", system, (a, b), True, (f"{system}_system",))


def dyad_years(years: Any = None, system: str = "cow", directed: bool = True, extend: bool = True) -> Panel:
    """Every dyad-year of the state system, without false dyads.

    A pair-year is kept when both states are members for at least part of the year; the dyads
    whose members were never members on the same day (peacesciencer's ``false_cow_dyads`` /
    ``false_gw_dyads``) are removed.

    Parameters
    ----------
    years, system, extend
        As in :func:`state_years`.
    directed
        Both (a, b) and (b, a) (default) or only a < b.

    Examples
    --------
    >>> import threatbalance as tb
    >>> tb.dyad_years(years=(1962, 1962)).data.height
    13572
    >>> tb.dyad_years(years=1962, directed=False).data.height
    6786
    """
    system = V.state_system(system)
    if not isinstance(directed, bool):
        raise InputError(f"directed must be True or False, got {directed!r}")
    a, b = V.years(years, hi=V.system_end(system, extend), what="panel")
    code = _code(system)
    c1, c2 = f"{code}1", f"{code}2"
    # Runs of consecutive member years per state; every pair of runs overlaps in at most one
    # interval, so expanding the overlaps of the (sorted) run pairs yields the dyad-years already
    # in (code1, code2, year) order, without a join or sort over millions of rows.
    runs = (
        membership_years(system, extend)
        .filter(pl.col("year").is_between(a, b))
        .sort(code, "year")
        .with_columns(((pl.col("year").diff().over(code) != 1).fill_null(True)).cum_sum().alias("_run"))
        .group_by(code, "_run", maintain_order=True)
        .agg(pl.col("year").min().alias("start"), pl.col("year").max().alias("end"))
        .drop("_run")
    )
    pairs = runs.rename({code: c1, "start": "s1", "end": "e1"}).join(
        runs.rename({code: c2, "start": "s2", "end": "e2"}), how="cross"
    )
    pairs = pairs.filter((pl.col(c1) < pl.col(c2)) if not directed else (pl.col(c1) != pl.col(c2)))
    pairs = pairs.select(c1, c2, pl.max_horizontal("s1", "s2").alias("s"), pl.min_horizontal("e1", "e2").alias("e"))
    pairs = pairs.filter(pl.col("s") <= pl.col("e")).sort(c1, c2, "s")
    # expand each overlap into its years with numpy (no list column); the false dyad-years (a few
    # dozen) are located arithmetically and dropped
    if pairs.is_empty():
        raise EmptySelectionError(f"no dyad-years in {a}-{b}")
    p1, p2 = pairs[c1].to_numpy(), pairs[c2].to_numpy()
    s, e = pairs["s"].to_numpy(), pairs["e"].to_numpy()
    lens = (e - s + 1).astype(np.int64)
    starts = np.cumsum(lens) - lens
    n = int(lens.sum())
    year = np.arange(n, dtype=np.int64)
    year -= np.repeat(starts - s, lens)
    false = load_table("false_cow_dyads" if system == "cow" else "false_gw_dyads")
    f1, f2 = false[c1].to_numpy().astype(np.int64), false[c2].to_numpy().astype(np.int64)
    fy = false["year"].to_numpy().astype(np.int64)
    f1, f2, fy = np.concatenate([f1, f2]), np.concatenate([f2, f1]), np.concatenate([fy, fy])
    # pairs are sorted by (code1, code2, start): the run holding (f1, f2, fy) is the last one starting by fy
    pkey = (p1.astype(np.int64) * 100_000 + p2) * 10_000 + s
    j = np.searchsorted(pkey, (f1 * 100_000 + f2) * 10_000 + fy, side="right") - 1
    ok = j >= 0
    j = np.where(ok, j, 0)
    ok &= (p1[j] == f1) & (p2[j] == f2) & (fy >= s[j]) & (fy <= e[j])
    keep = np.ones(n, dtype=bool)
    keep[starts[j[ok]] + fy[ok] - s[j[ok]]] = False
    dy = pl.DataFrame(
        {
            c1: np.repeat(p1, lens)[keep],
            c2: np.repeat(p2, lens)[keep],
            "year": year.astype(np.int32)[keep],
        },
        schema={c1: pl.Int32, c2: pl.Int32, "year": pl.Int32},
    )
    if dy.is_empty():
        raise EmptySelectionError(f"no dyad-years in {a}-{b}")
    return Panel(dy, "dyad-year", system, (a, b), directed, (f"{system}_system",))


def leader_years(years: Any = None, system: str = "gw", standardize: bool = True) -> Panel:
    """Every leader-year of Archigos 4.1 (peacesciencer's ``create_leaderyears``).

    A leader-year is a year in which the leader (Archigos ``obsid``) held office for at least one
    day; with ``standardize`` (the default), a day on which the state was a member of the state
    system ``system``.  Columns: ``obsid``, ``gwcode`` / ``ccode``, ``leader``, ``gender``,
    ``leaderage`` (year minus year of birth), ``year``, ``yrinoffice`` (1 in the year of entry).
    Keys ``(obsid, code, year)``: in COW, a leader who presided over a change of state code (Saleh in
    Yemen and Kohl in Germany, 1990) has a row for each code that year.

    Parameters
    ----------
    years
        A year or inclusive range inside 1816-2015 (Archigos' leaders' tenures start in 1840 and
        end in 2015); default every year.
    system
        ``"gw"`` (default; Archigos' own system) or ``"cow"``: G-W codes are mapped to COW through
        isard's ``gw_cw_panel`` with peacesciencer's corrections (Morocco 1905-1912, Saudi Arabia
        1927-1932, Yemen and Germany split on their 1990 unification dates).
    standardize
        Keep only days on which the state was a system member (peacesciencer's ``standardize =
        "gw"`` / ``"cow"``).  ``False`` (G-W only) is the peer's default ``standardize = "none"``:
        every year of every tenure.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.leader_years(years=1990, system="cow")
    >>> p.keys, p.data.filter(tb.col("obsid") == "GFR-1982")["ccode"].to_list()
    (['obsid', 'ccode', 'year'], [255, 260])
    """
    from . import _units

    system = V.state_system(system)
    if not isinstance(standardize, bool):
        raise InputError(f"standardize must be True or False, got {standardize!r}")
    if not standardize and system != "gw":
        raise InputError(
            "standardize=False keeps Archigos' own G-W codes: use system='gw' (COW codes need standardize)"
        )
    a, b = V.years(years, lo=1816, hi=2015, what="leader-year")
    data = _units.leader_year_frame(system, standardize).filter(pl.col("year").is_between(a, b))
    if data.is_empty():
        raise EmptySelectionError(f"no leader-years in {a}-{b} (Archigos tenures run 1840-2015)")
    return Panel(data, "leader-year", system, (a, b), True, (f"{system}_system", "archigos"))


def leader_dyad_years(years: Any = None, system: str = "gw", directed: bool = True) -> Panel:
    """Every leader-dyad-year, 1870-2015 (peacesciencer's ``create_leaderdyadyears``).

    Two leaders of different states (the first three letters of their Archigos ids differ) form a
    dyad in a year when both held office, in states that were members of ``system``, on a common
    day of that year (the leader-days of :func:`leader_years` with ``standardize=True``).  Columns:
    ``obsid1``, ``obsid2``, the two state codes, ``year``, and ``gender``, ``leaderage`` and
    ``yrinoffice`` of each leader.  peacesciencer ships these tables pre-generated (a download);
    here they are built from Archigos in a few seconds.

    Parameters
    ----------
    years
        A year or inclusive range inside 1870-2015; default every year.
    system
        ``"gw"`` (default, as the peer) or ``"cow"`` (see :func:`leader_years`).
    directed
        Both (a, b) and (b, a) (default) or only rows with code1 < code2.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.leader_dyad_years(years=1900, directed=False)
    >>> p.keys, p.data.height
    (['obsid1', 'obsid2', 'gwcode1', 'gwcode2', 'year'], 1734)
    """
    from . import _units

    system = V.state_system(system)
    if not isinstance(directed, bool):
        raise InputError(f"directed must be True or False, got {directed!r}")
    a, b = V.years(years, lo=_units.LEADER_DYAD_YEARS[0], hi=_units.LEADER_DYAD_YEARS[1], what="leader-dyad-year")
    data = _units.leader_dyad_year_frame(system, directed, a, b)
    if data.is_empty():
        raise EmptySelectionError(f"no leader-dyad-years in {a}-{b}")
    return Panel(data, "leader-dyad-year", system, (a, b), directed, (f"{system}_system", "archigos"))


def state_days(years: Any = None, system: str = "cow", extend: bool = True) -> Panel:
    """Every day each state was a member of the state system (peacesciencer's ``create_statedays``).

    Columns: the state code, its name (``cw_name`` / ``gw_name``), for G-W ``microstate``, and
    ``date``; keys ``(code, date)``.  ``years`` and ``extend`` as in :func:`state_years`: with
    ``extend`` (the peer's ``mry = TRUE``) memberships running to the source's final day continue
    to 31 December of the system's panel end (COW 2022, G-W 2025).

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_days(years=2000)
    >>> p.keys, p.data.filter(tb.col("ccode") == 2).height
    (['ccode', 'date'], 366)
    """
    from . import _units

    system = V.state_system(system)
    a, b = V.years(years, hi=V.system_end(system, extend), what="panel")
    data = _units.state_day_frame(system, a, b, extend)
    if data.is_empty():
        raise EmptySelectionError(f"no state-days in {a}-{b}")
    return Panel(data, "state-day", system, (a, b), True, (f"{system}_system",))


def read_panel(path: str | Path) -> Panel:
    """Read a panel written by :meth:`Panel.write`, restoring its declaration.

    Parquet files carry the declaration in their metadata; CSV files in ``<file>.meta.json``.

    Raises
    ------
    InputError
        If the file does not exist, is not Parquet, or carries no threatbalance declaration.

    Examples
    --------
    >>> import threatbalance as tb, tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "p.parquet")
    >>> _ = tb.state_years(years=2000).add_nmc().write(f)
    >>> tb.read_panel(f).sources
    ('cow_system', 'nmc')
    """
    import json

    path = Path(path)
    if not path.is_file():
        raise InputError(f"panel file {str(path)!r} does not exist")
    if path.suffix.lower() == ".csv":
        meta = path.with_name(path.name + ".meta.json")
        if not meta.is_file():
            raise InputError(
                f"{str(path)!r} has no declaration file {meta.name!r} beside it (write panels with Panel.write)"
            )
        m = json.loads(meta.read_text(encoding="utf-8"))
        return Panel(pl.read_csv(path), m["unit"], m["system"], tuple(m["years"]), m["directed"], tuple(m["sources"]))
    try:
        md = pl.read_parquet_metadata(path)
    except Exception:
        raise InputError(f"{str(path)!r} is not a Parquet file") from None
    if "threatbalance" not in md:
        raise InputError(f"{str(path)!r} carries no threatbalance declaration (write panels with Panel.write)")
    m = json.loads(md["threatbalance"])
    return Panel(pl.read_parquet(path), m["unit"], m["system"], tuple(m["years"]), m["directed"], tuple(m["sources"]))
