"""Economic size: ``add_gdppop`` (simulated GDP and population, isard), ``add_sdp_gdp`` (surplus domestic product)."""

from __future__ import annotations

import polars as pl

from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, finish, join_state_level, step

GDPPOP_VARS = ["mrgdppc", "sd_mrgdppc", "pwtrgdp", "sd_pwtrgdp", "pwtpop", "sd_pwtpop"]
SDP_VARS = ["wbgdp2011est", "wbpopest", "sdpest", "wbgdppc2011est"]


@step("gdppop", source="gdppop", systems=("cow", "gw"), aliases=("sim_gdp_pop", "gdp"))
def add_gdppop(panel: P) -> P:
    """Add simulated GDP per capita, GDP and population with their uncertainty (1816-2019).

    From Anders, Fariss & Markowitz's simulations as updated in isard 0.2.0 (``cw_gdppop`` for COW,
    ``gw_gdppop`` for Gleditsch-Ward panels), their suggested defaults:

    * ``mrgdppc``: GDP per capita, constant 2011 international dollars (PPP; Maddison Project),
    * ``pwtrgdp``: real GDP, millions of 2017 international dollars (PPP; Penn World Table),
    * ``pwtpop``: population, millions (Penn World Table),
    * ``sd_*``: the standard deviation of each across the simulations.

    Suffixes 1 and 2 on dyad-years (``mrgdppc1``, ``sd_mrgdppc1`` ...).  No filling.  The simulations
    are demarcated in the G-W system, so a few COW state-years are missing (Serbia 1916-17, Morocco
    1905-12, Egypt 1856-82, Saudi Arabia 1927-31, Laos 1953).

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years=2010).add_gdppop()
    >>> p.data.filter(tb.col("ccode") == 2)["pwtpop"][0] > 300
    True
    """
    check_panel(panel, "gdppop")
    table = load_table("cw_gdppop" if panel.system == "cow" else "gw_gdppop")
    table = table.with_columns([pl.col(c).cast(pl.Float64) for c in GDPPOP_VARS])
    data = join_state_level(panel, table, GDPPOP_VARS)
    return finish(panel, data, "gdppop")


@step("sdp_gdp", source="sdp", systems=("cow", "gw"), aliases=("sdp",))
def add_sdp_gdp(panel: P) -> P:
    """Add GDP, population and surplus domestic product estimates of Anders, Fariss & Markowitz (2020), 1816-2016.

    **All four are natural logarithms** (exponentiate before adding or dividing levels):

    * ``wbgdp2011est``: log GDP, 2011 US dollars,
    * ``wbpopest``: log population,
    * ``sdpest``: log surplus domestic product (GDP above what the population needs to subsist),
    * ``wbgdppc2011est``: log GDP per capita, 2011 US dollars.

    Suffixes 1 and 2 on dyad-years.  COW panels use ``cow_sdp_gdp`` (to 2016), Gleditsch-Ward
    panels ``gw_sdp_gdp`` (to 2015, so G-W 2016 is missing).  No filling.  The source's update is
    :func:`add_gdppop`; this is the version of the 2020 article.

    Examples
    --------
    >>> import math
    >>> import threatbalance as tb
    >>> p = tb.state_years(years=2010).add_sdp_gdp()
    >>> round(math.exp(p.data.filter(tb.col("ccode") == 2)["wbpopest"][0]) / 1e6)  # millions
    301
    """
    check_panel(panel, "sdp_gdp")
    table = load_table("cow_sdp_gdp" if panel.system == "cow" else "gw_sdp_gdp").with_columns(
        [pl.col(c).cast(pl.Float64) for c in SDP_VARS]
    )
    data = join_state_level(panel, table, SDP_VARS)
    return finish(panel, data, "sdp")
