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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from ._errors import EmptySelectionError, InputError, UnitError, YearRangeError
from .sources import DATA_END, DATA_START, load_table

UNITS = ("state-year", "dyad-year")
_SYSTEM_TABLE = {"cow": ("cw_system", "ccode", 2016), "gw": ("gw_system", "gwcode", 2020)}


def _code(system: str) -> str:
    return _SYSTEM_TABLE[system][1]


@dataclass(frozen=True)
class Panel:
    """A state-year or dyad-year panel that knows its universe.

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

    data: pl.DataFrame
    unit: str
    system: str = "cow"
    years: tuple[int, int] = (DATA_START, DATA_END)
    directed: bool = True
    sources: tuple[str, ...] = field(default=())

    # ---- identity -------------------------------------------------------------------------
    @property
    def keys(self) -> list[str]:
        """The key columns of this unit and system."""
        c = _code(self.system)
        return [c, "year"] if self.unit == "state-year" else [f"{c}1", f"{c}2", "year"]

    @property
    def columns(self) -> list[str]:
        return self.data.columns

    @property
    def height(self) -> int:
        return self.data.height

    @property
    def shape(self) -> tuple[int, int]:
        return self.data.shape

    def __len__(self) -> int:
        return self.data.height

    def __repr__(self) -> str:
        d = "" if self.unit == "state-year" else (" directed" if self.directed else " non-directed")
        return (
            f"<Panel {self.system.upper()}{d} {self.unit}s {self.years[0]}-{self.years[1]}: "
            f"{self.data.height:,} rows x {self.data.width} cols; sources: {', '.join(self.sources) or '-'}>"
        )

    def __getitem__(self, item: Any) -> Any:
        return self.data[item]

    # ---- conversion -----------------------------------------------------------------------
    def to_polars(self) -> pl.DataFrame:
        """The rows as a polars DataFrame."""
        return self.data

    def to_pandas(self):
        """The rows as a pandas DataFrame (nullable dtypes, so NA stays NA)."""
        return self.data.to_pandas(use_pyarrow_extension_array=True)

    def meta(self) -> dict:
        """The declaration of the panel as a plain dict (written beside files it is saved to)."""
        return {
            "unit": self.unit,
            "system": self.system,
            "years": list(self.years),
            "directed": self.directed,
            "sources": list(self.sources),
            "rows": self.data.height,
        }

    def with_data(self, data: pl.DataFrame, source: str | Iterable[str] | None = None) -> Panel:
        """A copy with new rows/columns and, optionally, one more source recorded."""
        src = self.sources
        for s in [source] if isinstance(source, str) else (source or []):
            if s not in src:
                src = src + (s,)
        return replace(self, data=data, sources=src)

    def pipe(self, func: Callable[..., Panel], *args: Any, **kwargs: Any) -> Panel:
        """``func(self, *args, **kwargs)``, for chaining user-written steps."""
        return func(self, *args, **kwargs)

    def require(self, unit: str | None = None, system: str | None = None, step: str = "this step") -> None:
        """Raise :class:`UnitError` unless the panel has this unit / system."""
        if unit and self.unit != unit:
            raise UnitError(
                f"{step} needs a {unit} panel, got a {self.unit} panel; build one with "
                f"tb.{'dyad_years' if unit == 'dyad-year' else 'state_years'}()"
            )
        if system and self.system != system:
            raise UnitError(f"{step} is only available for the {system.upper()} system, got {self.system.upper()}")

    def write(self, path: str | Path) -> Path:
        """Write the panel atomically as Parquet (``.parquet``) or CSV (``.csv``), with its declaration.

        The declaration is stored in the Parquet metadata (key ``threatbalance``); for CSV a
        ``<file>.meta.json`` is written beside it.
        """
        from ._io import write_frame

        return write_frame(self.data, path, meta=self.meta())


def _check_system(system: str) -> None:
    if system not in _SYSTEM_TABLE:
        raise InputError(f"unknown state system {system!r}; allowed: cow, gw")


def parse_years(years: Any, lo: int = DATA_START, hi: int = DATA_END, what: str = "panel") -> tuple[int, int]:
    """Parse ``2005``, ``(1816, 2016)``, ``range(...)`` or ``"1816-2016"`` into a checked (first, last)."""
    if years is None:
        return lo, hi
    try:
        if isinstance(years, str):
            parts = years.replace("–", "-").split("-")
            if len(parts) == 1:
                a = b = int(parts[0])
            elif len(parts) == 2:
                a, b = int(parts[0]), int(parts[1])
            else:
                raise ValueError
        elif isinstance(years, range):
            a, b = years.start, years.stop - 1
        elif isinstance(years, int):
            a = b = years
        else:
            a, b = (int(v) for v in years)
    except (ValueError, TypeError):
        raise YearRangeError(
            f"cannot read years {years!r}; give a year (2005) or a range ('1816-2016' or (1816, 2016))"
        ) from None
    if a > b:
        raise YearRangeError(f"years {a}-{b} run backwards; the first year must not exceed the last")
    if a < lo or b > hi:
        raise YearRangeError(f"years {a}-{b} are outside the {what}'s coverage {lo}-{hi}")
    return a, b


def _membership_years(system: str, extend: bool) -> pl.DataFrame:
    """(code, year) for every year a state was a member for at least part of the year."""
    table, code, last = _SYSTEM_TABLE[system]
    spells = load_table(table).select(code, "start", "end")
    end_year = pl.col("end").dt.year()
    if extend:
        # a spell running to the source's final day is carried forward to the data's end year
        end_year = (
            pl.when((pl.col("end").dt.year() == last) & (pl.col("end").dt.month() == 12))
            .then(DATA_END)
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


def _system_end(system: str, extend: bool) -> int:
    return DATA_END if extend else _SYSTEM_TABLE[system][2]


def state_years(years: Any = None, system: str = "cow", extend: bool = True) -> Panel:
    """Every state-year of the state system.

    Parameters
    ----------
    years
        A year or inclusive range (``"1816-2022"``, ``(1990, 2010)``); default: all years,
        1816 to 2022 (the data's end, see ``extend``).
    system
        ``"cow"`` (Correlates of War) or ``"gw"`` (Gleditsch-Ward).
    extend
        Carry states whose membership runs to the source's final date (COW 2016-12-31, G-W
        2020-12-31) forward to 2022, the last year of the data.  ``False`` stops at the source's end.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years="2000-2001")
    >>> p.keys, p.data.height
    (['ccode', 'year'], 382)
    """
    _check_system(system)
    a, b = parse_years(years, hi=_system_end(system, extend))
    code = _code(system)
    sy = _membership_years(system, extend).filter(pl.col("year").is_between(a, b))
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
    _check_system(system)
    if not isinstance(directed, bool):
        raise InputError(f"directed must be True or False, got {directed!r}")
    a, b = parse_years(years, hi=_system_end(system, extend))
    code = _code(system)
    c1, c2 = f"{code}1", f"{code}2"
    # Runs of consecutive member years per state; every pair of runs overlaps in at most one
    # interval, so expanding the overlaps of the (sorted) run pairs yields the dyad-years already
    # in (code1, code2, year) order, without a join or sort over millions of rows.
    runs = (
        _membership_years(system, extend)
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
    dy = pairs.select(c1, c2, pl.int_ranges("s", pl.col("e") + 1, dtype=pl.Int32).alias("year")).explode("year")
    false = load_table("false_cow_dyads" if system == "cow" else "false_gw_dyads").select(
        pl.col(c1).cast(pl.Int32), pl.col(c2).cast(pl.Int32), pl.col("year").cast(pl.Int32)
    )
    false = pl.concat([false, false.select(pl.col(c2).alias(c1), pl.col(c1).alias(c2), "year")]).unique()
    dy = dy.join(false, on=[c1, c2, "year"], how="anti", maintain_order="left")
    if dy.is_empty():
        raise EmptySelectionError(f"no dyad-years in {a}-{b}")
    return Panel(dy, "dyad-year", system, (a, b), directed, (f"{system}_system",))


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


def filter_prd(panel: Panel, max_conttype: int = 5) -> Panel:
    """Keep politically relevant dyads: contiguous (conttype 1..``max_conttype``) or with a major power.

    Follows Weede (1976) and Lemke & Reed (2001), as peacesciencer's ``filter_prd()``.  The filter
    adds no columns: it computes COW contiguity (v3.2) and major-power status itself, whatever the
    panel already holds, and for years after 2016 (the end of both sources) it uses their 2016
    values, so a panel reaching 2022 keeps its politically relevant dyads in every year.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2000).pipe(tb.filter_prd)
    >>> 0 < p.data.height < tb.dyad_years(years=2000).data.height
    True
    """
    from .covariates import add_contiguity, add_major_powers

    panel.require(unit="dyad-year", system="cow", step="filter_prd")
    if not 1 <= max_conttype <= 5:
        raise InputError(f"max_conttype must be 1-5 (1 land ... 5 up to 400 miles of water), got {max_conttype}")
    # always the same rule, whatever columns the panel already has: contiguity and major-power
    # status carried forward after 2016 for this filter only
    keys = panel.keys
    probe = panel.with_data(panel.data.select(keys))
    probe = add_major_powers(add_contiguity(probe, mry=True), mry=True)
    keep = (pl.col("conttype").is_between(1, max_conttype)) | (pl.col("cowmaj1") == 1) | (pl.col("cowmaj2") == 1)
    mask = probe.data.select(keep.fill_null(False).alias("_keep"))["_keep"]
    p = panel.with_data(panel.data, ["contiguity", "majors", "prd"])
    data = p.data.filter(mask)
    if data.is_empty():
        raise EmptySelectionError("no politically relevant dyads in this panel")
    return p.with_data(data)
