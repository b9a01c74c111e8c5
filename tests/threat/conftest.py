"""Shared, session-scoped pieces of the threat tests (feature tables are the expensive part)."""

from __future__ import annotations

import polars as pl
import pytest

import threatbalance as tb
from threatbalance.threat._features import _initiations


@pytest.fixture(scope="session")
def model() -> tb.ThreatModel:
    return tb.ThreatModel()


@pytest.fixture(scope="session")
def frame_2012(model) -> pl.DataFrame:
    return model.threat_frame(2012)


@pytest.fixture(scope="session")
def isolated_initiation() -> tuple[int, int, int]:
    """(j, i, s): a pair whose only GML dispute initiation (either way) is j against i in year s, 1960-1990."""
    ev = _initiations()
    both = pl.concat([ev, ev.select(pl.col("ccode2").alias("ccode1"), pl.col("ccode1").alias("ccode2"), "year")])
    one = (
        both.with_columns(
            pl.min_horizontal("ccode1", "ccode2").alias("a"), pl.max_horizontal("ccode1", "ccode2").alias("b")
        )
        .group_by("a", "b")
        .agg(pl.col("year").n_unique().alias("n"))
        .filter(pl.col("n") == 1)
    )
    cand = (
        ev.join(one, left_on=["ccode1", "ccode2"], right_on=["a", "b"], how="inner")
        .filter(pl.col("year").is_between(1960, 1990))
        .sort("ccode1", "ccode2")
    )
    j, i, s = cand.row(0)[:3]
    return int(j), int(i), int(s)
