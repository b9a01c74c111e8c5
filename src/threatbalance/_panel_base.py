"""The core of a panel: its rows and the declaration of its universe, without the ``add_*`` steps.

:class:`PanelBase` is the layer the covariates build on: every ``add_*`` step takes and returns a
panel typed ``P`` (a type variable bound to :class:`PanelBase`), so ``add_nmc(panel)`` returns the
class it was given.  The public :class:`threatbalance.Panel` (``threatbalance.panels``) subclasses it
and adds one method per step; panels import the covariates, the covariates import only this module,
so there is no import cycle.

Examples
--------
>>> import polars as pl
>>> from threatbalance._panel_base import PanelBase
>>> p = PanelBase(pl.DataFrame({"ccode": [2], "year": [2000]}), "state-year", years=(2000, 2000))
>>> p.keys, p.with_data(p.data, "nmc").sources
(['ccode', 'year'], ('nmc',))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from ._errors import UnitError
from .sources import DATA_END, DATA_START

#: The units of analysis of ``tb.state_years`` / ``tb.dyad_years`` (and the CLI's ``--unit``).
UNITS = ("state-year", "dyad-year")
#: The leader units (``tb.leader_years`` / ``tb.leader_dyad_years``, Archigos) and state-days (``tb.state_days``).
OTHER_UNITS = ("leader-year", "leader-dyad-year", "state-day")
#: Every unit a panel can have.
ALL_UNITS = UNITS + OTHER_UNITS
#: The state systems and the column holding their state codes.
SYSTEM_CODES = {"cow": "ccode", "gw": "gwcode"}

P = TypeVar("P", bound="PanelBase")


@dataclass(frozen=True)
class PanelBase:
    """A state-year or dyad-year panel that knows its universe (the ``add_*`` methods are on ``Panel``).

    Attributes
    ----------
    data : polars.DataFrame
        The rows; keys are ``(ccode, year)`` / ``(ccode1, ccode2, year)`` (``gwcode`` for G-W).
    unit : {"state-year", "dyad-year", "leader-year", "leader-dyad-year", "state-day"}
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
        c = SYSTEM_CODES[self.system]
        return {
            "state-year": [c, "year"],
            "dyad-year": [f"{c}1", f"{c}2", "year"],
            "leader-year": ["obsid", c, "year"],
            "leader-dyad-year": ["obsid1", "obsid2", f"{c}1", f"{c}2", "year"],
            "state-day": [c, "date"],
        }[self.unit]

    @property
    def dyadic(self) -> bool:
        """True for dyad-years and leader-dyad-years (two sides, suffixes 1 and 2)."""
        return self.unit in ("dyad-year", "leader-dyad-year")

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
        d = "" if not self.dyadic else (" directed" if self.directed else " non-directed")
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

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (nullable dtypes, so NA stays NA)."""
        return self.data.to_pandas(use_pyarrow_extension_array=True)

    def meta(self) -> dict[str, Any]:
        """The declaration of the panel as a plain dict (written beside files it is saved to)."""
        return {
            "unit": self.unit,
            "system": self.system,
            "years": list(self.years),
            "directed": self.directed,
            "sources": list(self.sources),
            "rows": self.data.height,
        }

    def with_data(self: P, data: pl.DataFrame, source: str | Iterable[str] | None = None) -> P:
        """A copy with new rows/columns and, optionally, one more source recorded."""
        src = self.sources
        for s in [source] if isinstance(source, str) else (source or []):
            if s not in src:
                src = src + (s,)
        return replace(self, data=data, sources=src)

    def pipe(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``func(self, *args, **kwargs)``, for chaining user-written steps."""
        return func(self, *args, **kwargs)

    def require(self, unit: str | None = None, system: str | None = None, step: str = "this step") -> None:
        """Raise :class:`UnitError` unless the panel has this unit / system."""
        if unit and self.unit != unit:
            build = unit.replace("-", "_") + "s"
            raise UnitError(f"{step} needs a {unit} panel, got a {self.unit} panel; build one with tb.{build}()")
        if system and self.system != system:
            raise UnitError(f"{step} is only available for the {system.upper()} system, got {self.system.upper()}")

    def write(self, path: str | Path) -> Path:
        """Write the panel atomically as Parquet (``.parquet``) or CSV (``.csv``), with its declaration.

        The declaration is stored in the Parquet metadata (key ``threatbalance``); for CSV a
        ``<file>.meta.json`` is written beside it.
        """
        from ._io import write_frame

        return write_frame(self.data, path, meta=self.meta())
