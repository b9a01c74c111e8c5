"""add_diplomatic_ties: sender->host ties in the survey years only."""

from __future__ import annotations

import polars as pl

import threatbalance as tb
from threatbalance.sources import load_table


def test_directed_ties_equal_the_source():
    t = load_table("dipl_ties").filter(pl.col("year") == 1990)
    p = tb.dyad_years(years=1990).add_diplomatic_ties()
    j = p.data.join(
        t.select(
            pl.col("sender_ccode").cast(pl.Int32).alias("ccode1"),
            pl.col("host_ccode").cast(pl.Int32).alias("ccode2"),
            "tie",
        ),
        on=["ccode1", "ccode2"],
    )
    assert j.height > 20000
    assert j.filter(pl.col("dipl12").ne_missing(pl.col("tie"))).height == 0
    # dipl21 is the reverse tie
    r = p.data.filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 630)).row(0, named=True)
    s = p.data.filter((pl.col("ccode1") == 630) & (pl.col("ccode2") == 2)).row(0, named=True)
    assert (r["dipl12"], r["dipl21"]) == (s["dipl21"], s["dipl12"])


def test_missing_between_surveys_and_for_uncoded_pairs():
    p = tb.dyad_years(years=(1974, 1976)).add_diplomatic_ties()
    for y in (1974, 1976):
        d = p.data.filter(pl.col("year") == y)
        assert d["dipl12"].null_count() == d.height
    assert p.data.filter(pl.col("year") == 1975)["dipl12"].drop_nulls().len() > 10000
    # the source leaves both Vietnams uncoded as hosts in 1975: the dyads are in the panel, their ties missing
    y75 = p.data.filter(pl.col("year") == 1975)
    v = y75.filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 816))
    assert v.height == 1 and v["dipl12"][0] is None
    hosts = y75.filter(pl.col("ccode2").is_in([816, 817]))
    assert hosts.height > 200 and hosts["dipl12"].null_count() == hosts.height
    # while other hosts of that survey are coded (US missions abroad, e.g. in Canada)
    assert y75.filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 20))["dipl12"].to_list() == [1]
