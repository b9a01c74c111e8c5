"""Democracy (isard ``cw_democracy``/``gw_democracy``): ``add_democracy``."""

from __future__ import annotations

from .._panel_base import P
from ..sources import load_table
from ._base import check_panel, finish, join_state_level, step

DEMOCRACY_VARS = ["euds", "aeuds", "polity2", "v2x_polyarchy"]


@step("democracy", source="democracy", systems=("cow", "gw"))
def add_democracy(panel: P) -> P:
    """Add democracy scores (1816-2025): extended UDS ``euds`` and its adjusted form ``aeuds``
    (Marquez), ``polity2`` (Polity) and ``v2x_polyarchy`` (V-Dem electoral democracy).

    On dyad-years the columns get suffixes 1 and 2 (so ``polity21`` is Polity2 of state 1, as in
    peacesciencer).  No filling.

    Examples
    --------
    >>> import threatbalance as tb
    >>> tb.state_years(years=2005).add_democracy().data.filter(tb.col("ccode") == 2)["polity2"][0]
    10
    """
    check_panel(panel, "democracy")
    table = load_table("cw_democracy" if panel.system == "cow" else "gw_democracy")
    data = join_state_level(panel, table, DEMOCRACY_VARS)
    return finish(panel, data, "democracy")
