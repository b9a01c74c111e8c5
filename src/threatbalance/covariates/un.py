"""UN General Assembly: ``add_un_ideal_points`` (Bailey, Strezhnev & Voeten) and ``add_un_votes`` (vote agreement)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import polars as pl

from .._errors import InputError
from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, finish, join_state_level, join_undirected, step

#: Roll-call issue codes of the unvotes data (``issue=`` of :func:`add_un_votes`).
ISSUES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
VOTES = ("yes", "no", "abstain")


def _china_seat(code: str = "ccode") -> pl.Expr:
    """China's seat before 1949 was the Republic of China's, which COW codes 710 (China); both UN tables give it 713.

    COW's 713 (Taiwan) starts in 1949, so the 1946-1948 votes belong to COW 710; from 1949 to 1971 the
    seat's votes stay with Taiwan (713), as in the sources.
    """
    return pl.when((pl.col(code) == 713) & (pl.col("year") < 1949)).then(710).otherwise(pl.col(code)).alias(code)


@lru_cache(maxsize=1)
def _ideal_points() -> pl.DataFrame:
    t = load_table("unga_idealpoints").select(
        pl.col("ccode").cast(pl.Int32), pl.col("year").cast(pl.Int32), pl.col("idealpointfp").cast(pl.Float64)
    )
    return t.with_columns(_china_seat())


@lru_cache(maxsize=1)
def ideal_point_years() -> frozenset[int]:
    """Years with ideal points (1946-2024 without 1964, when the Assembly held no recorded vote)."""
    return frozenset(load_table("unga_idealpoints")["year"].unique().to_list())


@step(
    "un_ideal_points",
    source="un_idealpoints",
    covered_years=ideal_point_years,
    aliases=("idealpoints", "ideal_points", "unga_idealpoints"),
)
def add_un_ideal_points(panel: P) -> P:
    """Add UN General Assembly ideal points (Bailey, Strezhnev & Voeten, July 2025 release), 1946-2024.

    ``idealpointfp`` (state-years) is a state's position on the single dimension that structures
    its Assembly votes (the "US-led liberal order" dimension: higher is closer to the United
    States), estimated from all roll calls with votes made comparable across years.  On
    dyad-years: ``idealpointfp1``, ``idealpointfp2`` and ``idealpointdist`` = |idealpointfp1 -
    idealpointfp2|, a standard measure of foreign-policy dissimilarity (symmetric).  No filling:
    non-members and 1964 (no recorded votes) are missing.  China's seat: see :func:`add_un_votes`.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2010).add_un_ideal_points()
    >>> d = p.data.filter(tb.col("ccode1") == 2)
    >>> d.filter(tb.col("ccode2") == 630)["idealpointdist"][0] > d.filter(tb.col("ccode2") == 666)["idealpointdist"][0]
    True
    """
    check_panel(panel, "un_ideal_points")
    data = join_state_level(panel, _ideal_points(), ["idealpointfp"])
    if panel.unit == "dyad-year":
        data = data.drop("idealpointdist", strict=False).with_columns(
            (pl.col("idealpointfp1") - pl.col("idealpointfp2")).abs().alias("idealpointdist")
        )
    return finish(panel, data, "un_idealpoints")


@lru_cache(maxsize=8)
def _votes(issue: str | None) -> pl.DataFrame:
    """(rcid, year, ccode, vote) with vote 0 = yes, 1 = no, 2 = abstain; optionally one issue's roll calls."""
    v = load_table("unvotes_votes").select(
        pl.col("rcid").cast(pl.Int32), pl.col("year").cast(pl.Int32), pl.col("ccode").cast(pl.Int32), "vote"
    )
    if issue is not None:
        rc = load_table("unvotes_issues").filter(pl.col("short_name") == issue).select(pl.col("rcid").cast(pl.Int32))
        v = v.join(rc.unique(), on="rcid", how="semi")
    v = v.with_columns(
        _china_seat(),
        pl.col("vote").replace_strict({k: i for i, k in enumerate(VOTES)}, return_dtype=pl.Int8).alias("vote"),
    )
    return v.unique(["rcid", "ccode"], keep="first", maintain_order=True)


def vote_years(issue: str | None = None) -> frozenset[int]:
    """Years with at least one recorded roll call (of ``issue``): 1946-2019 without 1964 for all votes."""
    return frozenset(_votes(issue)["year"].unique().to_list())


@lru_cache(maxsize=8)
def un_agreement(issue: str | None = None) -> pl.DataFrame:
    """Vote agreement of every pair of states in every year of the unvotes data.

    Returns ``(ccode1, ccode2, year, unagree, unvotes_common)`` with ``ccode1 < ccode2`` for every
    pair that voted (yes, no or abstain) on at least one common roll call that year.  Computed per
    year as products of one-hot vote matrices (states x roll calls): the common roll calls are
    ``V V'`` and the identical votes ``Y Y' + N N' + A A'``.

    Examples
    --------
    >>> from threatbalance.covariates.un import un_agreement
    >>> a = un_agreement()
    >>> row = a.filter((a["ccode1"] == 2) & (a["ccode2"] == 20) & (a["year"] == 1990))
    >>> 0 < row["unagree"][0] < 1
    True
    """
    if issue is not None and issue not in ISSUES:
        raise InputError(
            f"unknown UN vote issue {issue!r}; allowed: {', '.join(f'{k} ({v})' for k, v in ISSUES.items())}"
        )
    v = _votes(issue)
    out = []
    for (year,), g in v.group_by(["year"], maintain_order=True):
        codes, s_idx = np.unique(g["ccode"].to_numpy(), return_inverse=True)
        _, r_idx = np.unique(g["rcid"].to_numpy(), return_inverse=True)
        n, m = len(codes), int(r_idx.max()) + 1
        onehot = np.zeros((3, n, m), dtype=np.float32)
        onehot[g["vote"].to_numpy().astype(np.int64), s_idx, r_idx] = 1.0
        same = np.einsum("kim,kjm->ij", onehot, onehot)
        voted = onehot.sum(axis=0)
        common = voted @ voted.T
        i, j = np.triu_indices(n, k=1)
        keep = common[i, j] > 0
        i, j = i[keep], j[keep]
        out.append(
            pl.DataFrame(
                {
                    "ccode1": codes[i].astype(np.int32),
                    "ccode2": codes[j].astype(np.int32),
                    "year": np.full(len(i), year, dtype=np.int32),
                    "unagree": same[i, j].astype(np.float64) / common[i, j],
                    "unvotes_common": common[i, j].round().astype(np.int32),
                }
            )
        )
    return pl.concat(out).sort("ccode1", "ccode2", "year")


def _vote_years_all() -> frozenset[int]:
    return vote_years(None)


@step(
    "un_votes",
    source="un_votes",
    units=("dyad-year",),
    filled=("unvotes_common",),
    symmetric=("unagree", "unvotes_common"),
    covered_years=_vote_years_all,
    aliases=("unvotes", "un_agreement"),
)
def add_un_votes(panel: P, issue: str | None = None) -> P:
    """Add agreement in UN General Assembly roll-call votes (Voeten's data as packaged in unvotes 0.3.0), 1946-2019.

    ``unagree`` is the share of the year's roll calls on which both states voted the same way
    (yes, no or abstain), among the roll calls on which both voted; ``unvotes_common`` is that
    number of roll calls.  Absences and non-votes are not votes.  ``unagree`` is missing where the
    two shared no vote (e.g. a non-member) and ``unvotes_common`` is then 0; both are missing in
    years without roll calls: after 2019 and in 1964 (the Assembly's 19th session took no recorded
    vote during the Article 19 crisis).  Symmetric.

    ``issue`` restricts to roll calls on one issue (``"me"`` Palestinian conflict, ``"nu"`` nuclear
    weapons, ``"di"`` arms control, ``"hr"`` human rights, ``"co"`` colonialism, ``"ec"`` economic
    development); the columns are then ``unagree_<issue>`` and ``unvotes_common_<issue>`` and are
    missing in years without a roll call on the issue.

    State codes are COW codes as added to the votes by country name.  China's seat was held by the
    Republic of China until 1971: its 1946-1948 votes are given to COW 710 (China, whose government
    it then was), its 1949-1971 votes to 713 (Taiwan), so 710 has no votes in 1949-1970.  Ukraine
    and Belarus, separate UN members from 1945, are not COW states before 1991 and drop out.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2010).add_un_votes()
    >>> d = p.data.filter(tb.col("ccode1") == 630)
    >>> d.filter(tb.col("ccode2") == 373)["unagree"][0] > d.filter(tb.col("ccode2") == 2)["unagree"][0]
    True
    """
    check_panel(panel, "un_votes")
    agree = un_agreement(issue)  # validates issue
    suffix = f"_{issue}" if issue else ""
    cols = [f"unagree{suffix}", f"unvotes_common{suffix}"]
    t = agree.rename({"ccode1": "_lo", "ccode2": "_hi", "unagree": cols[0], "unvotes_common": cols[1]})
    data = join_undirected(panel, t, cols)
    covered = sorted(vote_years(issue))
    data = data.with_columns(
        pl.when(pl.col("year").is_in(covered))
        .then(pl.col(cols[1]).fill_null(0))
        .otherwise(None)
        .cast(pl.Int32)
        .alias(cols[1])
    )
    return finish(panel, data, "un_votes")
