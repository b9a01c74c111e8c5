"""Event data: ``add_event_hostility`` (GDELT 2.0 pair activity shipped, or a user's event store).

Two sources of the same idea, hostility observed in machine-coded news events:

* by default the shipped GDELT 2.0 country-pair activity (2018 - Feb 2024, non-directed): columns
  ``gdelt_*``;
* with ``db=``, the directed dyad-years of a DuckDB event store built by ``threatbalance events
  ingest`` (ICEWS, GDELT, Phoenix, ...): columns ``ev_*12`` (state 1 toward state 2) and ``ev_*21``.

Both leave NA where the source has no coverage (a year it does not cover, or a state it never names
that year) and give 0 events to covered pairs with none, never a silent 0 elsewhere.  Formulas:
``docs/events.md``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import polars as pl

from .._panel_base import P
from ._base import check_panel, drop_existing, finish, join_undirected, step

#: Columns added from the shipped GDELT data (symmetric: the source is non-directed).
GDELT_COLUMNS = (
    "gdelt_score",
    "gdelt_days_active",
    "gdelt_days_negative",
    "gdelt_negative_share",
    "gdelt_min_daily_score",
)
#: Measures taken from an event store for each direction (suffix 12: state 1 -> state 2; 21 the reverse).
STORE_MEASURES = (
    "n_events",
    "n_conflict",
    "n_material_conflict",
    "goldstein_mean",
    "conflict_share",
    "days_material_conflict",
    "conflict_norm",
)
_STORE_COUNTS = ("n_events", "n_conflict", "n_material_conflict", "days_material_conflict")


@lru_cache(maxsize=1)
def _gdelt_year() -> pl.DataFrame:
    from ..events import shipped_gdelt

    g = shipped_gdelt("year")
    return g.select(
        pl.col("ccode_a").alias("_lo"),
        pl.col("ccode_b").alias("_hi"),
        pl.col("year").cast(pl.Int32),
        pl.col("score_sum").alias("gdelt_score"),
        pl.col("days_active").cast(pl.Int32).alias("gdelt_days_active"),
        pl.col("days_negative").cast(pl.Int32).alias("gdelt_days_negative"),
        (pl.col("days_negative") / pl.col("days_active")).alias("gdelt_negative_share"),
        pl.col("min_daily_score").alias("gdelt_min_daily_score"),
    )


@lru_cache(maxsize=1)
def _gdelt_states() -> pl.DataFrame:
    """(ccode, year) of every state the GDELT pair data name in a year (its coverage of states)."""
    g = _gdelt_year()
    s = pl.concat([g.select(pl.col("_lo").alias("ccode"), "year"), g.select(pl.col("_hi").alias("ccode"), "year")])
    return s.unique().with_columns(pl.lit(True).alias("_cov"))


def _covered(data: pl.DataFrame, c1: str, c2: str, states: pl.DataFrame) -> pl.Series:
    s = states.select(pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32), "_cov")
    d = data.select(pl.col(c1).cast(pl.Int32), pl.col(c2).cast(pl.Int32), pl.col("year").cast(pl.Int32))
    d = d.join(s.rename({"ccode": c1, "_cov": "_c1"}), on=[c1, "year"], how="left", maintain_order="left")
    d = d.join(s.rename({"ccode": c2, "_cov": "_c2"}), on=[c2, "year"], how="left", maintain_order="left")
    return (d["_c1"].fill_null(False) & d["_c2"].fill_null(False)).alias("_covered")


@step(
    "event_hostility",
    source="gdelt",
    units=("dyad-year",),
    symmetric=GDELT_COLUMNS,
    aliases=("events", "event_hostility", "gdelt"),
)
def add_event_hostility(panel: P, db: str | Path | None = None, dataset: str | None = None) -> P:
    """Add hostility observed in news events: shipped GDELT 2.0 pair activity, or a user's event store.

    **Default (``db=None``): GDELT 2.0 country-pair activity, 2018-2024** (January 2018 - February
    2024; non-directed, so the same for (a, b) and (b, a)):

    * ``gdelt_score``: the year's sum of the pair's daily GDELT scores (Goldstein-based, weighted by
      sources, articles and tone: volume dominates it; negative = net conflictual);
    * ``gdelt_days_active``, ``gdelt_days_negative``: days with any event, days with a negative score;
    * ``gdelt_negative_share``: ``gdelt_days_negative / gdelt_days_active`` (NA without active days);
    * ``gdelt_min_daily_score``: the year's most hostile day.

    NA outside 2018-2024 and for states the GDELT pair data never name that year (Serbia, Montenegro,
    Bosnia, Kosovo, Slovenia and East Timor are absent); a covered pair without events gets 0 days
    and score 0.  2024 covers two months only.

    **With ``db``** (a store from ``threatbalance events ingest``; ``dataset`` picks one of several):
    directed measures of events between state actors, ``ev_<m>12`` from state 1 to state 2 and
    ``ev_<m>21`` back, for ``<m>`` in ``n_events``, ``n_conflict`` (verbal + material conflict),
    ``n_material_conflict``, ``goldstein_mean``, ``conflict_share`` (conflict / quad-coded events),
    ``days_material_conflict`` and ``conflict_norm`` (conflict events over both states' coverage, see
    ``docs/events.md``).  NA in years and for states the store does not cover; counts 0 for covered
    pairs without events; means and shares NA without events.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years="2018-2022").add_event_hostility()
    >>> d = p.data.filter((tb.col("ccode1") == 2) & (tb.col("ccode2") == 630))   # United States - Iran
    >>> bool((d["gdelt_days_negative"] > 100).all())
    True
    >>> tb.dyad_years(years=2010).add_event_hostility().data["gdelt_score"].null_count() > 0
    True
    """
    check_panel(panel, "event_hostility")
    if db is not None:
        return _from_store(panel, Path(db), dataset)
    c1, c2 = panel.keys[0], panel.keys[1]
    cols = list(GDELT_COLUMNS)
    data = join_undirected(panel, _gdelt_year(), cols)
    cov = _covered(data, c1, c2, _gdelt_states())
    zero = {"gdelt_score": 0.0, "gdelt_days_active": 0, "gdelt_days_negative": 0}
    data = (
        data.with_columns(cov)
        .with_columns(
            [pl.when(pl.col("_covered")).then(pl.col(c).fill_null(v)).otherwise(None).alias(c) for c, v in zero.items()]
            + [
                pl.when(pl.col("_covered")).then(pl.col(c)).otherwise(None).alias(c)
                for c in ("gdelt_negative_share", "gdelt_min_daily_score")
            ]
        )
        .drop("_covered")
    )
    return finish(panel, data, "gdelt")


def _from_store(panel: P, db: Path, dataset: str | None) -> P:
    from ..events._duck import covered_state_years, dyads_duckdb

    lo, hi = panel.years
    t = dyads_duckdb(db, "year", (lo, hi), dataset)
    t = t.select(
        pl.col("ccode1").cast(pl.Int32),
        pl.col("ccode2").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        "n_events",
        (pl.col("n_verbal_conflict") + pl.col("n_material_conflict")).alias("n_conflict"),
        "n_material_conflict",
        "goldstein_mean",
        "conflict_share",
        "days_material_conflict",
        "conflict_norm",
    )
    c1, c2 = panel.keys[0], panel.keys[1]
    names = [f"ev_{m}{s}" for s in ("12", "21") for m in STORE_MEASURES]
    data = drop_existing(panel, names)
    fwd = t.rename({"ccode1": c1, "ccode2": c2} | {m: f"ev_{m}12" for m in STORE_MEASURES})
    rev = t.rename({"ccode1": c2, "ccode2": c1} | {m: f"ev_{m}21" for m in STORE_MEASURES})
    data = data.join(fwd, on=[c1, c2, "year"], how="left", maintain_order="left")
    data = data.join(rev, on=[c1, c2, "year"], how="left", maintain_order="left")
    states = covered_state_years(db, dataset).with_columns(pl.lit(True).alias("_cov"))
    data = data.with_columns(_covered(data, c1, c2, states))
    counts = [f"ev_{m}{s}" for s in ("12", "21") for m in _STORE_COUNTS]
    data = data.with_columns(
        [pl.when(pl.col("_covered")).then(pl.col(c).fill_null(0)).otherwise(None).alias(c) for c in counts]
        + [pl.when(pl.col("_covered")).then(pl.col(c)).otherwise(None).alias(c) for c in names if c not in counts]
    ).drop("_covered")
    return finish(panel, data, "cameo")
