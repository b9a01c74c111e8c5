"""National Material Capabilities (COW NMC v7.0): ``add_nmc``."""

from __future__ import annotations

from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, finish, join_state_level, step

NMC_VARS = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]


@step("nmc", source="nmc")
def add_nmc(panel: P) -> P:
    """Add COW National Material Capabilities v7.0 (1816-2022).

    Adds ``milex milper irst pec tpop upop cinc`` (state-years) or the same with suffixes 1 and 2
    (dyad-years): military expenditure (thousands of current USD), military personnel
    (thousands), iron and steel production (thousands of tons), primary energy consumption
    (thousands of coal-ton equivalents), total and urban population (thousands) and the Composite
    Index of National Capability.  No filling: a missing value in NMC stays missing (NMC codes a
    missing value as -9 in the raw release; peacesciencer's copy already has them as NA).

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2005).add_nmc()
    >>> p.data.filter((tb.col("ccode1") == 2) & (tb.col("ccode2") == 20))["cinc1"][0] > 0.1
    True
    """
    check_panel(panel, "nmc")
    data = join_state_level(panel, load_table("cow_nmc"), NMC_VARS)
    return finish(panel, data, "nmc")
