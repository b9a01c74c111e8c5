"""Input checks of the threat model in one place: the estimator's parameters and the dyad-years it is given.

Years go through the package's validation layer (:mod:`threatbalance._validate`); what is specific to
the estimator (its parameters, dyad-year frames, the training outcome) is checked here.

Every bad value raises a one-line error of the :class:`~threatbalance.InputError` family naming the
value and what is allowed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl

from .. import _validate as V
from .._errors import EmptySelectionError, InputError, UnitError, YearRangeError
from ._features import FEATURE_NAMES, check_geometry
from ._solvers import COV_TYPES


def check_params(p: dict[str, Any]) -> None:
    """Check the constructor parameters of :class:`~threatbalance.threat.ThreatModel` (``get_params()``)."""
    if p["lag"] not in (0, 1):
        raise InputError(f"lag must be 0 or 1, got {p['lag']!r}")
    for name in ("half_life_short", "half_life_long", "miles_per_day", "evidence_half_life"):
        v = p[name]
        if not isinstance(v, (int, float)) or not v > 0:
            raise InputError(f"{name} must be a positive number, got {v!r}")
    if p["mid_after_end"] not in ("hold", "decay"):
        raise InputError(f"mid_after_end must be 'hold' or 'decay', got {p['mid_after_end']!r}")
    check_geometry(p["cinc_floor"], p["far_km"], p["buildup_years"], p["sea_grades"])
    r = p["recalibrate_years"]
    if r is not None and (isinstance(r, bool) or not isinstance(r, (int, np.integer)) or r < 1):
        raise InputError(f"recalibrate_years must be a positive integer or None, got {r!r}")
    if p["cov_type"] not in COV_TYPES:
        raise InputError(f"unknown cov_type {p['cov_type']!r}; allowed: {', '.join(COV_TYPES)}")
    b0 = p["intercept"]
    if b0 is not None and (isinstance(b0, bool) or not isinstance(b0, (int, float)) or not math.isfinite(b0)):
        raise InputError(f"intercept must be a finite number, got {b0!r}")
    if not isinstance(p["l2"], (int, float)) or p["l2"] < 0:
        raise InputError(f"l2 must be a non-negative number, got {p['l2']!r}")
    if not isinstance(p["evidence_weight"], (int, float)) or p["evidence_weight"] < 0:
        raise InputError(f"evidence_weight must be a non-negative number, got {p['evidence_weight']!r}")
    for label in ("weights", "fill_values"):
        d = p[label]
        if d is None:
            continue
        if not isinstance(d, dict):
            raise InputError(f"{label} must be a dict feature -> number, got {type(d).__name__}")
        bad = [k for k in d if k not in FEATURE_NAMES]
        if bad:
            raise InputError(
                f"unknown feature(s) in {label}: {', '.join(map(str, bad))}; allowed: {', '.join(FEATURE_NAMES)}"
            )
        if label == "weights":
            neg = [k for k, v in d.items() if not (isinstance(v, (int, float)) and v >= 0)]
            if neg:
                raise InputError(
                    f"weights must be non-negative numbers (each term only adds threat); "
                    f"bad: {', '.join(f'{k}={d[k]!r}' for k in neg)}"
                )


def check_param_names(names: Any, allowed: tuple[str, ...]) -> None:
    """Unknown parameter names raise :class:`InputError` listing the allowed ones."""
    for k in names:
        if k not in allowed:
            raise InputError(f"unknown ThreatModel parameter {k!r}; allowed: {', '.join(allowed)}")


def keys_of(X: Any) -> tuple[pl.DataFrame, Any]:
    """(keys frame with ccode1, ccode2, year as Int32; the original object) from a Panel or data frame."""
    from ..panels import Panel

    if isinstance(X, Panel):
        if X.unit != "dyad-year" or X.system != "cow":
            raise UnitError(f"the threat model works on COW dyad-year panels, got a {X.system.upper()} {X.unit} panel")
        if not X.directed:
            raise UnitError(
                "the threat model needs a directed panel (threat of ccode1 to ccode2); "
                "build it with tb.dyad_years(directed=True)"
            )
        df = X.data
    elif isinstance(X, pl.DataFrame):
        df = X
    elif hasattr(X, "columns") and hasattr(X, "iloc"):  # pandas
        df = pl.from_pandas(X)
    else:
        raise InputError(
            f"expected a dyad-year Panel or a data frame with ccode1, ccode2, year; got {type(X).__name__}"
        )
    miss = [c for c in ("ccode1", "ccode2", "year") if c not in df.columns]
    if miss:
        raise InputError(
            f"the dyad-years lack column(s) {', '.join(miss)}; need ccode1 (source), ccode2 (target), year"
        )
    keys = df.select(pl.col("ccode1").cast(pl.Int32), pl.col("ccode2").cast(pl.Int32), pl.col("year").cast(pl.Int32))
    if keys.is_empty():
        raise EmptySelectionError("no dyad-years given")
    V.years((keys["year"].min(), keys["year"].max()), what="threat model")
    return keys, X


def year_list(years: Any) -> list[int]:
    """Sorted distinct years from a list/array/Series of years, or a year / range (int, str, tuple)."""
    if isinstance(years, (list, np.ndarray, pl.Series)):  # a list of years (a tuple is a range)
        wanted = list(V.year_list(years, what="threat model"))
    else:
        a, b = V.years(years, what="threat model")
        wanted = list(range(a, b + 1))
    if not wanted:
        raise EmptySelectionError("no years given")
    return wanted


def year_range(years: Any) -> tuple[int, int]:
    """An inclusive year range within the threat model's coverage from an int, str or (int, int)."""
    return V.years(years, what="threat model")


def single_year(year: Any) -> int:
    """One year as an int (``threat_matrix``)."""
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise YearRangeError(f"threat_matrix takes one year (an integer), got {year!r}")
    return int(year)


def training_range(years: Any, outcome_years: tuple[int, int]) -> tuple[int, int]:
    """Training years of ``fit`` without ``X`` (default: every year of the outcome)."""
    return V.years(years, *outcome_years, what="dispute outcome (GML MIDs)")


def check_outcome_years(keys: pl.DataFrame, outcome_years: tuple[int, int]) -> None:
    """Training dyad-years must lie where the default outcome is observed."""
    years = keys["year"].to_numpy()
    lo, hi = int(years.min()), int(years.max())
    if lo < outcome_years[0] or hi > outcome_years[1]:
        raise YearRangeError(
            f"the dispute outcome is observed in {outcome_years[0]}-{outcome_years[1]}; "
            f"training years {lo}-{hi} go beyond it (pass y to fit another outcome)"
        )


def outcome_vector(y: Any, n: int) -> np.ndarray:
    """A user-given outcome as a float array of 0/1 with one value per training dyad-year."""
    yv = np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y, dtype=float).ravel()
    if len(yv) != n:
        raise InputError(f"y has {len(yv)} values for {n} dyad-years")
    if np.isnan(yv).any() or not np.isin(yv, (0.0, 1.0)).all():
        raise InputError("y must hold only 0 and 1 (no missing values)")
    return yv


def check_events(yv: np.ndarray) -> None:
    """Fitting needs both events and non-events."""
    if yv.sum() == 0 or yv.sum() == len(yv):
        raise EmptySelectionError(
            f"the training years hold {int(yv.sum())} events in {len(yv)} dyad-years; "
            "fitting needs both events and non-events"
        )
