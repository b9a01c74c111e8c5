"""Year-level inputs of the alignment models: the threat matrix, state attributes, controls, outcomes.

Everything here works on one year, or on a range of years, as whole vectors and matrices; nothing
loops over dyads.  Only :mod:`threatbalance.sources` is asked for tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl

from .._validate import coverage
from .._validate import year as year_
from ..sources import load_table
from ..threat._matrix import frame_to_matrix
from ..threat._use import get_model

ATOP_YEARS = coverage("atop")
SIPRI_YEARS = coverage("sipri")


# ---- the threat model ---------------------------------------------------------------------------
def threat_matrix(year: int, model: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, M)`` of one year from the threat model, with ``M[s, t]`` = threat ``s`` poses to ``t``.

    Read from the model's ``threat_frame(year)`` when it has one (so unknown threat stays NaN),
    else from its ``threat_matrix(year)``.
    """
    m = get_model(model)
    if hasattr(m, "threat_frame"):
        return _removed(m, *frame_to_matrix(m.threat_frame(int(year))))
    codes, M = m.threat_matrix(int(year))
    return _removed(m, np.asarray(codes, dtype=np.int64), np.asarray(M, dtype=np.float64))


def _removed(m: Any, codes: np.ndarray, M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The threat matrix with the rows of the states whose threat a scenario removes set to 0 (also
    the pairs the frame leaves out: a removed threat is a known 0, not unknown)."""
    rm = getattr(m, "removed_threats", ())
    if not rm:
        return codes, M
    from ..threat._scenario import zero_rows

    return codes, zero_rows(codes, M, tuple(rm))


def threat_matrices(first: int, last: int, model: Any = None) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Yield ``(year, codes, M)`` for ``first..last``, reading the model's frame for the whole range at once."""
    m = get_model(model)
    if hasattr(m, "threat_frame"):
        f = m.threat_frame((int(first), int(last)))
        for (y,), g in f.partition_by("year", as_dict=True, maintain_order=True).items():
            yield int(y), *_removed(m, *frame_to_matrix(g))
    else:
        for y in range(int(first), int(last) + 1):
            yield y, *threat_matrix(y, m)


# ---- states and their attributes ----------------------------------------------------------------
@lru_cache(maxsize=1)
def _membership() -> pl.DataFrame:
    from ..panels import state_years

    return state_years(extend=True).data.select(pl.col("ccode").cast(pl.Int64), pl.col("year").cast(pl.Int64))


def system_codes(year: int) -> np.ndarray:
    """Sorted COW codes of the members of the state system in ``year``."""
    m = _membership()
    years = m["year"].to_numpy()
    y = year_(year, int(years.min()), int(years.max()), what="state system")
    return np.sort(m.filter(pl.col("year") == y)["ccode"].to_numpy())


def _vector(table: pl.DataFrame, col: str, year: int, codes: np.ndarray, code_col: str = "ccode") -> np.ndarray:
    t = table.filter(pl.col("year") == int(year)).select(
        pl.col(code_col).cast(pl.Int64).alias("c"), pl.col(col).cast(pl.Float64).alias("v")
    )
    t = t.filter(pl.col("v").is_not_null()).unique("c", keep="first")
    out = pl.DataFrame({"c": np.asarray(codes, dtype=np.int64)}).join(t, on="c", how="left", maintain_order="left")
    return out["v"].to_numpy().astype(np.float64)


def capability(year: int, codes: np.ndarray) -> np.ndarray:
    """COW CINC of each state (NaN where NMC has no value; NMC covers 1816-2016)."""
    return _vector(load_table("cow_nmc"), "cinc", year, codes)


def polyarchy(year: int, codes: np.ndarray) -> np.ndarray:
    """V-Dem electoral-democracy index (``v2x_polyarchy``, 0-1) of each state, NaN where missing."""
    return _vector(load_table("cw_democracy"), "v2x_polyarchy", year, codes)


def ideal_point(year: int, codes: np.ndarray) -> np.ndarray:
    """UN General Assembly ideal point (Bailey, Strezhnev & Voeten, all votes), NaN where missing (before 1946)."""
    return _vector(load_table("unga_idealpoints"), "idealpointall", year, codes)


# ---- controls: distance and contiguity ----------------------------------------------------------
@lru_cache(maxsize=4)
def controls(first: int, last: int) -> pl.DataFrame:
    """Non-directed dyad-years (``ccode1 < ccode2``) of ``first..last`` with ``conttype`` and ``capdist``."""
    from ..panels import dyad_years

    p = dyad_years(years=(first, last), directed=False).add_contiguity(mry=True).add_capital_distance()
    return p.data.select(
        pl.col("ccode1").cast(pl.Int64),
        pl.col("ccode2").cast(pl.Int64),
        pl.col("year").cast(pl.Int64),
        "conttype",
        "capdist",
    )


# ---- outcomes: alliances and arms transfers ------------------------------------------------------
@lru_cache(maxsize=1)
def atop_undirected() -> pl.DataFrame:
    """ATOP v5.1 as non-directed dyad-years: ``allied`` (any obligation), ``defense`` (a defence pledge) and
    ``atop_type``, the kinds of obligation in force in either direction (e.g. ``"defense, consultation"``)."""
    a = load_table("atop_alliance")
    kinds = {
        "atop_defense": "defense",
        "atop_offense": "offense",
        "atop_neutral": "neutrality",
        "atop_nonagg": "non-aggression",
        "atop_consul": "consultation",
    }
    g = (
        a.select(
            pl.min_horizontal("ccode1", "ccode2").cast(pl.Int64).alias("ccode1"),
            pl.max_horizontal("ccode1", "ccode2").cast(pl.Int64).alias("ccode2"),
            pl.col("year").cast(pl.Int64),
            *[pl.col(c).cast(pl.Int8) for c in kinds],
        )
        .group_by("ccode1", "ccode2", "year")
        .agg(pl.lit(1, pl.Int8).alias("allied"), *[pl.col(c).max() for c in kinds])
    )
    label = pl.concat_list([pl.when(pl.col(c) == 1).then(pl.lit(k)) for c, k in kinds.items()]).list.drop_nulls()
    return g.with_columns(
        pl.col("atop_defense").alias("defense"),
        pl.when(label.list.len() > 0).then(label.list.join(", ")).otherwise(pl.lit("other")).alias("atop_type"),
    ).select("ccode1", "ccode2", "year", "allied", "defense", "atop_type")


@lru_cache(maxsize=1)
def arms_undirected() -> pl.DataFrame:
    """SIPRI TIV summed over both directions of each non-directed dyad-year (states only, 1950-2021)."""
    s = load_table("sipri_tiv").filter(
        pl.col("supplier_cown").is_not_null()
        & pl.col("recipient_cown").is_not_null()
        & (pl.col("supplier_cown") != pl.col("recipient_cown"))
    )
    return (
        s.select(
            pl.min_horizontal("supplier_cown", "recipient_cown").cast(pl.Int64).alias("ccode1"),
            pl.max_horizontal("supplier_cown", "recipient_cown").cast(pl.Int64).alias("ccode2"),
            pl.col("year").cast(pl.Int64),
            pl.col("value").cast(pl.Float64),
        )
        .group_by("ccode1", "ccode2", "year")
        .agg(pl.col("value").sum().alias("arms_tiv"))
    )


def ties_of(state: int, year: int, partners: np.ndarray) -> pl.DataFrame:
    """``allied``, ``defense``, ``atop_type`` (ATOP), ``arms_tiv`` (SIPRI) of ``state`` with each partner in ``year``.

    Values are null (not 0) in years outside the source's coverage (ATOP 1815-2018, SIPRI 1950-2021).
    """
    p = np.asarray(partners, dtype=np.int64)
    df = pl.DataFrame({"ccode": p}).with_columns(
        pl.min_horizontal(pl.lit(int(state), pl.Int64), "ccode").alias("ccode1"),
        pl.max_horizontal(pl.lit(int(state), pl.Int64), "ccode").alias("ccode2"),
    )
    a = atop_undirected().filter(pl.col("year") == int(year)).drop("year")
    s = arms_undirected().filter(pl.col("year") == int(year)).drop("year")
    df = df.join(a, on=["ccode1", "ccode2"], how="left", maintain_order="left").join(
        s, on=["ccode1", "ccode2"], how="left", maintain_order="left"
    )
    in_atop = ATOP_YEARS[0] <= year <= ATOP_YEARS[1]
    in_sipri = SIPRI_YEARS[0] <= year <= SIPRI_YEARS[1]
    return df.select(
        "ccode",
        (pl.col("allied").fill_null(0) == 1).alias("allied") if in_atop else pl.lit(None, pl.Boolean).alias("allied"),
        (pl.col("defense").fill_null(0) == 1).alias("defense")
        if in_atop
        else pl.lit(None, pl.Boolean).alias("defense"),
        pl.col("atop_type").fill_null("none").alias("atop_type")
        if in_atop
        else pl.lit(None, pl.Utf8).alias("atop_type"),
        pl.col("arms_tiv").fill_null(0.0).alias("arms_tiv") if in_sipri else pl.lit(None, pl.Float64).alias("arms_tiv"),
    )
