"""Shared machinery of the ``add_*`` steps: the step registry and the join helpers.

Every step is a function ``add_<name>(panel: P, **options) -> P`` registered with :func:`step`,
which records what the shared conformance test needs: the source, the units it applies to, the
years inside which missing matches are filled with 0 and the columns it adds.  Steps never
change the row count or the keys (``finish`` asserts it).  ``P`` is bound to
:class:`~threatbalance._panel_base.PanelBase`: this package never imports ``threatbalance.panels``
(the ``Panel`` methods that call the steps are written out there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import polars as pl

from .._errors import UnitError
from .._panel_base import P, PanelBase
from ..sources import get_source


@dataclass(frozen=True)
class StepInfo:
    """What the conformance test needs to know about an ``add_*`` step."""

    name: str
    func: Callable[..., PanelBase]
    source: str
    units: tuple[str, ...]
    systems: tuple[str, ...]
    coverage: tuple[int, int] | None
    filled: tuple[str, ...] = ()
    symmetric: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    #: Pairs of columns that swap with the direction of the dyad: ``a(i, j) == b(j, i)`` on directed
    #: panels (e.g. ``("tiv12", "tiv21")``).  Pairs ``x1``/``x2`` of state-level steps need not be listed.
    mirrored: tuple[tuple[str, str], ...] = ()
    #: The years inside ``coverage`` in which the source has data, for sparse sources (surveys every five
    #: years, a session without roll calls); a set of years or a function returning one (called lazily,
    #: so a step can read it from its table).  ``None``: every year of ``coverage``.
    covered_years: Callable[[], Iterable[int]] | frozenset[int] | None = None

    def years_covered(self) -> frozenset[int]:
        """The years in which the source has data: ``covered_years`` if given, else every year of ``coverage``.

        Examples
        --------
        >>> from threatbalance.covariates import STEPS
        >>> 1990 in STEPS["nmc"].years_covered(), 1815 in STEPS["nmc"].years_covered()
        (True, False)
        """
        if self.covered_years is None:
            return frozenset(range(self.coverage[0], self.coverage[1] + 1)) if self.coverage else frozenset()
        years = self.covered_years() if callable(self.covered_years) else self.covered_years
        return frozenset(int(y) for y in years)


STEPS: dict[str, StepInfo] = {}
F = TypeVar("F", bound=Callable[..., Any])


def step(
    name: str,
    source: str,
    units: Iterable[str] = ("state-year", "dyad-year"),
    systems: Iterable[str] = ("cow",),
    coverage: tuple[int, int] | None = None,
    filled: Iterable[str] = (),
    symmetric: Iterable[str] = (),
    aliases: Iterable[str] = (),
    mirrored: Iterable[tuple[str, str]] = (),
    covered_years: Callable[[], Iterable[int]] | Iterable[int] | None = None,
) -> Callable[[F], F]:
    """Register an ``add_*`` step in :data:`STEPS` (the ``Panel`` method is written out in ``threatbalance.panels``)."""

    def deco(func: F) -> F:
        cy = covered_years if covered_years is None or callable(covered_years) else frozenset(covered_years)
        info = StepInfo(
            name,
            func,
            source,
            tuple(units),
            tuple(systems),
            coverage if coverage is not None else get_source(source).years,
            tuple(filled),
            tuple(symmetric),
            tuple(aliases),
            tuple(tuple(m) for m in mirrored),
            cy,
        )
        STEPS[name] = info
        return func

    return deco


def check_panel(panel: PanelBase, step_name: str) -> StepInfo:
    info = STEPS[step_name]
    if not isinstance(panel, PanelBase):
        raise UnitError(
            f"add_{step_name} takes a threatbalance Panel (from tb.dyad_years() or tb.state_years()), "
            f"got {type(panel).__name__}"
        )
    if panel.unit not in info.units:
        raise UnitError(f"add_{step_name} works on {' and '.join(info.units)} panels, not on a {panel.unit} panel")
    if panel.system not in info.systems:
        raise UnitError(
            f"add_{step_name} is available for the {', '.join(s.upper() for s in info.systems)} system(s), "
            f"not {panel.system.upper()}"
        )
    return info


def drop_existing(panel: PanelBase, cols: Iterable[str]) -> pl.DataFrame:
    """The panel's data without columns a step is about to (re)add, so re-running a step is idempotent."""
    keys = set(panel.keys)
    return panel.data.drop([c for c in cols if c in panel.data.columns and c not in keys])


def finish(panel: P, data: pl.DataFrame, source: str | Iterable[str]) -> P:
    """Check the invariants every step keeps and record the source."""
    if data.height != panel.data.height:  # pragma: no cover - a bug, guarded by the conformance test
        raise AssertionError(f"step changed the row count: {panel.data.height} -> {data.height}")
    return panel.with_data(data, source)


def in_years(cov: tuple[int, int]) -> pl.Expr:
    return pl.col("year").is_between(cov[0], cov[1])


def fill_within(cols: Iterable[str], cov: tuple[int, int], value: int = 0) -> list[pl.Expr]:
    """Fill nulls with ``value`` only for years inside the source's coverage; outside stays null."""
    return [pl.when(in_years(cov)).then(pl.col(c).fill_null(value)).otherwise(pl.col(c)).alias(c) for c in cols]


def row_lookup(table_codes: np.ndarray, table_years: np.ndarray, codes: np.ndarray, years: np.ndarray) -> pl.Series:
    """Row numbers of ``(code, year)`` in a table with unique ``(code, year)`` keys, null where absent.

    A dense ``code x year`` array makes this a gather (no hash join): it is the fast path of every
    state-level join on millions of dyad-years.
    """
    y0 = int(min(table_years.min(), years.min()))
    ny = int(max(table_years.max(), years.max())) - y0 + 1
    nc = int(max(table_codes.max(), codes.max())) + 1
    dense = np.full((nc, ny), -1, dtype=np.int64)
    dense[table_codes.astype(np.int64), table_years.astype(np.int64) - y0] = np.arange(len(table_codes))
    idx = dense[codes.astype(np.int64), years.astype(np.int64) - y0]
    s = pl.Series("_idx", idx)
    return s.set(s < 0, None) if (idx < 0).any() else s


def join_state_level(
    panel: PanelBase,
    table: pl.DataFrame,
    cols: list[str],
    suffixes: tuple[str, str] = ("1", "2"),
    code: str | None = None,
) -> pl.DataFrame:
    """Left-join state-year variables; on dyad-years once for each side with suffixes 1 and 2.

    ``table`` has the key columns ``(code, year)``.  Output order follows peacesciencer:
    all variables of side 1, then all of side 2.  Equivalent to a left join on (code, year),
    done as a gather through :func:`row_lookup`.
    """
    code = code or panel.keys[0].rstrip("12")
    table = table.select(pl.col(code).cast(pl.Int32), pl.col("year").cast(pl.Int32), *cols).unique(
        [code, "year"], keep="first", maintain_order=True
    )
    tc, ty = table[code].to_numpy(), table["year"].to_numpy()
    values = table.select(cols)
    years = panel.data["year"].to_numpy()
    if panel.unit == "state-year":
        data = drop_existing(panel, cols)
        idx = row_lookup(tc, ty, panel.data[code].to_numpy(), years)
        return data.with_columns(values.select(pl.all().gather(idx)).get_columns())
    names = [f"{c}{s}" for s in suffixes for c in cols]
    data = drop_existing(panel, names)
    new = []
    for i, s in enumerate(suffixes, start=1):
        idx = row_lookup(tc, ty, panel.data[f"{code}{i}"].to_numpy(), years)
        new += [c.alias(f"{c.name}{s}") for c in values.select(pl.all().gather(idx)).get_columns()]
    return data.with_columns(new)


def undirected_key(panel: PanelBase) -> tuple[pl.Expr, pl.Expr]:
    c1, c2 = panel.keys[0], panel.keys[1]
    return pl.min_horizontal(c1, c2).alias("_lo"), pl.max_horizontal(c1, c2).alias("_hi")


def join_undirected(panel: PanelBase, table: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """Left-join a non-directed dyadic table keyed ``(_lo, _hi, year)`` to a directed or non-directed panel."""
    lo, hi = undirected_key(panel)
    data = drop_existing(panel, cols).with_columns(lo, hi)
    table = table.select(
        pl.col("_lo").cast(pl.Int32), pl.col("_hi").cast(pl.Int32), pl.col("year").cast(pl.Int32), *cols
    )
    return data.join(table, on=["_lo", "_hi", "year"], how="left", maintain_order="left").drop("_lo", "_hi")


def join_directed(panel: PanelBase, table: pl.DataFrame, cols: list[str], agg: str = "max") -> pl.DataFrame:
    """Left-join a directed dyadic table keyed ``(code1, code2, year)``.

    On a non-directed panel each dyad-year gets the column-wise ``agg`` (max or sum) of both
    directions, as peacesciencer does for ATOP.
    """
    c1, c2 = panel.keys[0], panel.keys[1]
    table = table.select(pl.col(c1).cast(pl.Int32), pl.col(c2).cast(pl.Int32), pl.col("year").cast(pl.Int32), *cols)
    data = drop_existing(panel, cols)
    if panel.directed:
        return data.join(table, on=[c1, c2, "year"], how="left", maintain_order="left")
    both = table.with_columns(pl.min_horizontal(c1, c2).alias(c1), pl.max_horizontal(c1, c2).alias(c2))
    fn = {"max": lambda c: pl.col(c).max(), "min": lambda c: pl.col(c).min(), "sum": lambda c: pl.col(c).sum()}[agg]
    both = both.group_by([c1, c2, "year"]).agg([fn(c) for c in cols])
    return data.join(both, on=[c1, c2, "year"], how="left", maintain_order="left")
