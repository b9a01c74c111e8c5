"""Major-power status (COW): ``add_major_powers``."""

from __future__ import annotations

import polars as pl

from .._panel_base import P
from ..sources import get_source, load_table
from ._base import check_panel, fill_within, finish, join_state_level, step


def _major_years(last: int) -> pl.DataFrame:
    m = load_table("cow_majors")
    end = pl.when(pl.col("endyear") == get_source("majors").span[1]).then(last).otherwise(pl.col("endyear"))
    return (
        m.select(pl.col("ccode").cast(pl.Int32), pl.int_ranges("styear", end + 1, dtype=pl.Int32).alias("year"))
        .explode("year")
        .unique()
        .with_columns(pl.lit(1, pl.Int8).alias("cowmaj"))
    )


@step("major_powers", source="majors", filled=("cowmaj", "cowmaj1", "cowmaj2"), aliases=("majors",))
def add_major_powers(panel: P, mry: bool = False) -> P:
    """Add COW major-power status ``cowmaj`` (1 = major power that year; 0 otherwise, 1816-2016).

    A state counts for a year if it held the status for any part of it.  With ``mry=True`` the
    major powers of 2016, the data's last year, are carried forward to 2022 (then the column is
    filled through 2022); by default years after 2016 stay missing.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.state_years(years=2010).add_major_powers()
    >>> sorted(p.data.filter(tb.col("cowmaj") == 1)["ccode"].to_list())
    [2, 200, 220, 255, 365, 710, 740]
    """
    check_panel(panel, "major_powers")
    last = 2022 if mry else get_source("majors").span[1]
    data = join_state_level(panel, _major_years(last), ["cowmaj"])
    cols = ["cowmaj"] if panel.unit == "state-year" else ["cowmaj1", "cowmaj2"]
    data = data.with_columns(fill_within(cols, (1816, last))).with_columns([pl.col(c).cast(pl.Int8) for c in cols])
    return finish(panel, data, "majors")
