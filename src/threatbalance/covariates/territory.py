"""Latent territorial threat (Miller 2022, from Gibler's territorial data): ``add_territorial_threat``."""

from __future__ import annotations

import polars as pl

from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, finish, join_state_level, step

#: shipped column -> column added to the panel
UNCERTAINTY = {"sd": "lterrthreat_sd", "lwr": "lterrthreat_lwr", "upr": "lterrthreat_upr"}


@step("territorial_threat", source="terrthreat", aliases=("terrthreat", "latent_territorial_threat", "territory"))
def add_territorial_threat(panel: P, uncertainty: bool = False) -> P:
    """Add the latent external territorial threat a state faces (1816-2010).

    ``lterrthreat`` (state-years) or ``lterrthreat1``/``lterrthreat2`` (dyad-years) is the posterior
    estimate of a random item response model of territorial threat (Miller 2022, built on Gibler's
    territorial-claims and dispute data): higher means a more threatening territorial
    neighbourhood.  It is a property of each *state*, not of the dyad: ``lterrthreat1`` is the
    threat state 1 faces from all its neighbours, not from state 2.  With ``uncertainty=True`` the
    posterior standard deviation and the bounds of the 95% interval are added too
    (``lterrthreat_sd``, ``lterrthreat_lwr``, ``lterrthreat_upr``, suffixed 1/2 on dyad-years).
    No filling: years after 2010 and states without an estimate stay missing.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years=2000).add_territorial_threat()
    >>> p.data.filter(tb.col("ccode") == 666)["lterrthreat"][0] > p.data.filter(tb.col("ccode") == 20)["lterrthreat"][0]
    True
    """
    check_panel(panel, "territorial_threat")
    t = load_table("terrthreat").rename(UNCERTAINTY)
    cols = ["lterrthreat", *UNCERTAINTY.values()] if uncertainty else ["lterrthreat"]
    t = t.select("ccode", "year", *[pl.col(c).cast(pl.Float64) for c in cols])
    data = join_state_level(panel, t, cols)
    return finish(panel, data, "terrthreat")
