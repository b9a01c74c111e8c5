"""add_igos: joint full IGO memberships equal the shipped non-directed table."""

from __future__ import annotations

import polars as pl

import threatbalance as tb
from threatbalance.sources import load_table


def test_values_and_symmetry():
    t = load_table("cow_igo_ndy")
    want = t.filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 365) & (pl.col("year") == 1985))["dyadigos"][0]
    p = tb.dyad_years(years=1985).add_igos()
    d = p.data.filter(pl.col("ccode1").is_in([2, 365]) & pl.col("ccode2").is_in([2, 365]))
    assert d["dyadigos"].to_list() == [want, want]


def test_every_year_1816_2014_is_in_the_source_and_none_after():
    # v3.0 is annual for the whole period (earlier versions had 5-year intervals before 1965)
    years = set(load_table("cow_igo_ndy")["year"].unique().to_list())
    assert years == set(range(1816, 2015))
    p = tb.dyad_years(years=(1963, 1964), directed=False).add_igos()
    assert p.data["dyadigos"].null_count() == 0
    late = tb.dyad_years(years=2015).add_igos()
    assert late.data["dyadigos"].null_count() == late.data.height
