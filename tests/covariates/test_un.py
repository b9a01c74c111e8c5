"""add_un_ideal_points and add_un_votes: known positions, agreement computed directly from the votes."""

from __future__ import annotations

import polars as pl
import pytest

import threatbalance as tb
from threatbalance import InputError
from threatbalance.sources import load_table


def direct_agreement(a: int, b: int, year: int) -> tuple[float, int]:
    """Share of identical votes among the year's roll calls both voted on, by a join of the two states' votes."""
    v = load_table("unvotes_votes").filter(pl.col("year") == year)
    j = (
        v.filter(pl.col("ccode") == a)
        .select("rcid", pl.col("vote").alias("va"))
        .join(v.filter(pl.col("ccode") == b).select("rcid", pl.col("vote").alias("vb")), on="rcid")
    )
    return (j["va"] == j["vb"]).mean(), j.height


@pytest.fixture(scope="module")
def votes_2010():
    return tb.dyad_years(years=2010).add_un_votes().data


def _get(d: pl.DataFrame, a: int, b: int, col: str):
    return d.filter((pl.col("ccode1") == a) & (pl.col("ccode2") == b))[col][0]


@pytest.mark.parametrize(("a", "b"), [(630, 373), (2, 666), (2, 630), (2, 20), (365, 710)])
def test_agreement_equals_direct_computation(votes_2010, a, b):
    share, n = direct_agreement(a, b, 2010)
    assert _get(votes_2010, a, b, "unagree") == pytest.approx(share)
    assert _get(votes_2010, b, a, "unagree") == pytest.approx(share)
    assert _get(votes_2010, a, b, "unvotes_common") == n


def test_known_alignments(votes_2010):
    assert _get(votes_2010, 630, 373, "unagree") > 0.7  # Iran-Azerbaijan
    assert _get(votes_2010, 2, 666, "unagree") > 0.7  # United States-Israel
    assert _get(votes_2010, 2, 630, "unagree") < 0.3  # United States-Iran


def test_gaps_and_non_members():
    p = tb.dyad_years(years=(1963, 1965)).add_un_votes().data
    y64 = p.filter(pl.col("year") == 1964)
    assert y64["unagree"].null_count() == y64.height and y64["unvotes_common"].null_count() == y64.height
    # the PRC (710) did not hold China's seat before 1971: no common vote, count 0
    prc = p.filter((pl.col("year") == 1963) & (pl.col("ccode1") == 2) & (pl.col("ccode2") == 710)).row(0, named=True)
    assert prc["unagree"] is None and prc["unvotes_common"] == 0
    twn = p.filter((pl.col("year") == 1963) & (pl.col("ccode1") == 2) & (pl.col("ccode2") == 713)).row(0, named=True)
    assert twn["unvotes_common"] > 0
    assert tb.dyad_years(years=2020).add_un_votes().data["unagree"].null_count() > 0


def test_china_seat_before_1949_is_cows_china():
    p = tb.dyad_years(years=1947).add_un_votes().data
    share, n = direct_agreement(2, 713, 1947)  # the votes carry 713; COW's 713 starts in 1949
    assert n > 0 and _get(p, 2, 710, "unvotes_common") == n
    assert _get(p, 2, 710, "unagree") == pytest.approx(share)


def test_issue_subset():
    p = tb.dyad_years(years=2010).add_un_votes(issue="me").data
    assert {"unagree_me", "unvotes_common_me"} <= set(p.columns)
    assert _get(p, 2, 666, "unvotes_common_me") < _get(
        tb.dyad_years(years=2010).add_un_votes().data, 2, 666, "unvotes_common"
    )
    with pytest.raises(InputError, match="issue"):
        tb.dyad_years(years=2010).add_un_votes(issue="xx")


def test_ideal_points():
    t = load_table("unga_idealpoints").filter(pl.col("year") == 2010)
    s = tb.state_years(years=2010).add_un_ideal_points().data
    assert _get_state(s, 630) == pytest.approx(t.filter(pl.col("ccode") == 630)["idealpointfp"][0])
    d = tb.dyad_years(years=2010).add_un_ideal_points().data
    r = d.filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 630)).row(0, named=True)
    assert r["idealpointdist"] == pytest.approx(abs(r["idealpointfp1"] - r["idealpointfp2"]))
    assert _get(d, 2, 666, "idealpointdist") < _get(d, 2, 630, "idealpointdist")
    y64 = tb.state_years(years=1964).add_un_ideal_points().data
    assert y64["idealpointfp"].null_count() == y64.height


def _get_state(d: pl.DataFrame, c: int) -> float:
    return d.filter(pl.col("ccode") == c)["idealpointfp"][0]
