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
from typing import Any, TypeVar, cast

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
            tuple(cast(tuple[str, str], tuple(m)) for m in mirrored),
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


def fill_within(cols: Iterable[str], cov: tuple[int, int], value: float = 0) -> list[pl.Expr]:
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
        return data.with_columns(gather_columns(values, state_index(panel.data[code].to_numpy(), years, tc, ty)))
    names = [f"{c}{s}" for s in suffixes for c in cols]
    data = drop_existing(panel, names)
    new = []
    for i, s in enumerate(suffixes, start=1):
        idx = state_index(panel.data[f"{code}{i}"].to_numpy(), years, tc, ty)
        new += gather_columns(values, idx, suffix=s)
    return data.with_columns(new)


def undirected_key(panel: PanelBase) -> tuple[pl.Expr, pl.Expr]:
    c1, c2 = panel.keys[0], panel.keys[1]
    return pl.min_horizontal(c1, c2).alias("_lo"), pl.max_horizontal(c1, c2).alias("_hi")


def join_undirected(panel: PanelBase, table: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """Left-join a non-directed dyadic table keyed ``(_lo, _hi, year)`` to a directed or non-directed panel."""
    data = drop_existing(panel, cols)
    return data.with_columns(gather_columns(table.select(cols), undirected_index(panel, table)))


def undirected_index(panel: PanelBase, table: pl.DataFrame, cov: tuple[int, int] | None = None) -> np.ndarray:
    """:func:`dyad_index` of a non-directed table keyed ``(_lo, _hi, year)``: each row matches both directions."""
    t = table.select(pl.col("_lo").cast(pl.Int32), pl.col("_hi").cast(pl.Int32), pl.col("year").cast(pl.Int32))
    lo, hi, ty = t["_lo"].to_numpy(), t["_hi"].to_numpy(), t["year"].to_numpy()
    m = len(ty)
    rev = lo != hi  # a (state, itself) row matches once
    idx = dyad_index(
        panel, np.concatenate([lo, hi[rev]]), np.concatenate([hi, lo[rev]]), np.concatenate([ty, ty[rev]]), cov
    )
    # rows of the reversed copy point back to their original row; the two extra rows move to m, m + 1
    back = np.concatenate([np.arange(m), np.flatnonzero(rev), [m, m + 1]]).astype(np.uint32)
    return back[idx]


def join_directed(panel: PanelBase, table: pl.DataFrame, cols: list[str], agg: str = "max") -> pl.DataFrame:
    """Left-join a directed dyadic table keyed ``(code1, code2, year)``.

    On a non-directed panel each dyad-year gets the column-wise ``agg`` (max or sum) of both
    directions, as peacesciencer does for ATOP.
    """
    c1, c2 = panel.keys[0], panel.keys[1]
    data = drop_existing(panel, cols)
    table = directed_table(panel, table, cols, agg)
    idx = dyad_index(panel, table[c1].to_numpy(), table[c2].to_numpy(), table["year"].to_numpy())
    return data.with_columns(gather_columns(table.select(cols), idx))


def directed_table(panel: PanelBase, table: pl.DataFrame, cols: list[str], agg: str = "max") -> pl.DataFrame:
    """A directed dyadic table with the panel's key names and Int32 keys; for a non-directed panel,
    each dyad-year's column-wise ``agg`` (max, min or sum) over both directions, keyed code1 < code2."""
    c1, c2 = panel.keys[0], panel.keys[1]
    table = table.select(pl.col(c1).cast(pl.Int32), pl.col(c2).cast(pl.Int32), pl.col("year").cast(pl.Int32), *cols)
    if panel.directed:
        return table
    both = table.with_columns(pl.min_horizontal(c1, c2).alias(c1), pl.max_horizontal(c1, c2).alias(c2))
    fn = {"max": lambda c: pl.col(c).max(), "min": lambda c: pl.col(c).min(), "sum": lambda c: pl.col(c).sum()}[agg]
    return both.group_by([c1, c2, "year"]).agg([fn(c) for c in cols])


# ---- gather-based joins ---------------------------------------------------------------------
# A left join of a small source table onto millions of dyad-years is done as "row number of the
# matching table row for every panel row" followed by one gather per column: the panel's own
# columns are never copied or hashed.  Two rows are appended to the table's values: row ``m`` holds
# the fill value of the filled columns (null in the others) and is used for panel rows without a
# match inside the source's coverage; row ``m + 1`` is all null (no match outside the coverage), so
# the index has no nulls and the fill costs nothing.


def _with_fill_rows(values: pl.DataFrame, filled: Iterable[str] = (), value: float = 0) -> pl.DataFrame:
    """``values`` plus a fill row (``value`` in ``filled`` columns, null elsewhere) and an all-null row."""
    filled = set(filled)
    extra = pl.DataFrame(
        {c: [value if c in filled else None, None] for c in values.columns}, schema=values.schema, strict=False
    )
    return pl.concat([values, extra], how="vertical", rechunk=True)


def _no_match(years: np.ndarray, m: int, cov: tuple[int, int] | None) -> np.ndarray:
    """The index of panel rows before matching: ``m`` (fill row) inside ``cov``, ``m + 1`` (null row) outside."""
    if cov is None:
        return np.full(len(years), m + 1, dtype=np.uint32)
    inside = (years >= cov[0]) & (years <= cov[1])
    return np.where(inside, np.uint32(m), np.uint32(m + 1))


def dyad_index(
    panel: PanelBase, t1: np.ndarray, t2: np.ndarray, ty: np.ndarray, cov: tuple[int, int] | None = None
) -> np.ndarray:
    """For every panel row, the row of a directed dyadic table keyed ``(t1, t2, ty)`` (unique keys).

    Rows without a match get ``m`` inside ``cov`` and ``m + 1`` otherwise (``m`` = table rows), as
    :func:`_with_fill_rows` expects.  The table's keys are searched in the panel's (sorted, as every
    panel built by threatbalance is; other panels are sorted here first), so the cost is one pass
    over the panel's key columns.
    """
    d = panel.data
    k1, k2 = panel.keys[0], panel.keys[1]
    c1, c2, y = d[k1].to_numpy(), d[k2].to_numpy(), d["year"].to_numpy()
    m = len(ty)
    idx = _no_match(y, m, cov)
    if m == 0 or len(y) == 0:
        return idx
    cmin = int(min(c1.min(), c2.min(), t1.min(), t2.min()))
    nc = int(max(c1.max(), c2.max(), t1.max(), t2.max())) - cmin + 1
    ymin = int(min(y.min(), ty.min()))
    ny = int(max(y.max(), ty.max())) - ymin + 1

    def key(a: np.ndarray, b: np.ndarray, yr: np.ndarray) -> np.ndarray:
        k = a.astype(np.int64)
        k -= cmin
        k *= nc
        k += b
        k -= cmin
        k *= ny
        k += yr
        k -= ymin
        return k

    pk, tk = key(c1, c2, y), key(t1, t2, ty)
    st = np.sort(tk)
    if (st[1:] == st[:-1]).any():  # pragma: no cover - a bug: callers pass tables with unique keys
        raise AssertionError("dyadic table has duplicate (code1, code2, year) keys")
    order = None if bool((pk[1:] > pk[:-1]).all()) else np.argsort(pk, kind="stable")
    sorted_pk = pk if order is None else pk[order]
    pos = np.searchsorted(sorted_pk, tk)
    pos[pos == len(sorted_pk)] = 0
    hit = sorted_pk[pos] == tk
    rows = pos[hit] if order is None else order[pos[hit]]
    idx[rows] = np.flatnonzero(hit).astype(np.uint32)
    return idx


def state_index(
    codes: np.ndarray, years: np.ndarray, tc: np.ndarray, ty: np.ndarray, cov: tuple[int, int] | None = None
) -> np.ndarray:
    """For every ``(code, year)``, the row of a state-year table keyed ``(tc, ty)`` (unique keys).

    The same convention as :func:`dyad_index`; a dense ``code x year`` array makes it a gather.
    """
    m = len(tc)
    if m == 0 or len(codes) == 0:
        return _no_match(years, m, cov)
    cmin = int(min(codes.min(), tc.min()))
    nc = int(max(codes.max(), tc.max())) - cmin + 1
    y0 = int(min(years.min(), ty.min()))
    ny = int(max(years.max(), ty.max())) - y0 + 1
    dense = np.tile(_no_match(np.arange(y0, y0 + ny), m, cov), nc)
    dense[(tc.astype(np.int64) - cmin) * ny + (ty - y0)] = np.arange(m, dtype=np.uint32)
    slot = codes.astype(np.int64)
    slot -= cmin
    slot *= ny
    slot += years
    slot -= y0
    return dense[slot]


def gather_dyadic(
    panel: PanelBase,
    table: pl.DataFrame,
    cols: list[str],
    filled: Iterable[str] = (),
    cov: tuple[int, int] | None = None,
    value: float = 0,
) -> list[pl.Series]:
    """The columns ``cols`` of a directed dyadic table (keyed by the panel's key names, unique keys)
    for every panel row, as a left join followed by :func:`fill_within` on the ``filled`` columns."""
    c1, c2 = panel.keys[0], panel.keys[1]
    filled = [c for c in filled if c in cols]
    if filled and cov is not None:  # missing values of the source inside its coverage are filled too
        table = table.with_columns(fill_within(filled, cov, value))
    idx = dyad_index(panel, table[c1].to_numpy(), table[c2].to_numpy(), table["year"].to_numpy(), cov)
    return gather_columns(table.select(cols), idx, filled if cov is not None else (), value)


def gather_columns(
    values: pl.DataFrame, idx: np.ndarray, filled: Iterable[str] = (), value: float = 0, suffix: str = ""
) -> list[pl.Series]:
    """The columns of ``values`` taken at ``idx`` (from :func:`dyad_index` / :func:`state_index`).

    Row ``m = values.height`` of ``idx`` means "no match, fill" (``value`` in the ``filled`` columns,
    null in the others), ``m + 1`` "no match, null".  When few panel rows match (dyadic sources:
    disputes, alliances, rivalries), the columns are written by scattering the matches into a
    filled array instead of a gather over every row.
    """
    m, n = values.height, len(idx)
    sparse = 4 * int(np.count_nonzero(idx < m)) < n
    if not sparse or not all(dt.is_numeric() for dt in values.dtypes):
        used = np.bincount(idx[idx >= m] - m, minlength=2)
        # the fill and null rows only when some panel row takes them: a gather without nulls is cheaper
        table = values if not used.any() else _with_fill_rows(values, filled, value)[: m + 1 + int(used[1] > 0)]
        return [c.alias(f"{c.name}{suffix}") for c in table.gather(pl.Series(idx, dtype=pl.UInt32)).get_columns()]
    # few matches (dyadic sources: disputes, alliances, rivalries): scatter them into a zero (or fill) array
    hit = np.flatnonzero(idx < m)
    rows = idx[hit]
    masks: dict[bool, tuple[np.ndarray, pl.Series | None]] = {}
    for fill_col in (False, True):  # which rows are null: no match at all, or no match outside coverage
        invalid = idx == m + 1 if fill_col else idx >= m
        masks[fill_col] = (invalid, pl.Series(~invalid) if invalid.any() else None)
    filled = set(filled)
    out = []
    for c in values.get_columns():
        name = f"{c.name}{suffix}"
        fill = c.name in filled
        nulls = c.null_count() > 0
        vals = c.fill_null(0).to_numpy() if nulls else c.to_numpy()
        z = np.zeros(n, dtype=vals.dtype) if not (fill and value) else np.full(n, value, dtype=vals.dtype)
        z[hit] = vals[rows]
        invalid, valid = masks[fill]
        if nulls:  # nulls in the source stay null
            invalid = invalid.copy()
            invalid[hit] |= c.is_null().to_numpy()[rows]
            valid = pl.Series(~invalid)
        if valid is None:
            col = pl.Series(name, z)
        else:
            col = pl.select(pl.when(pl.lit(valid)).then(pl.lit(pl.Series(z))).alias(name)).to_series()
        out.append(col if col.dtype == c.dtype else col.cast(c.dtype))
    return out
