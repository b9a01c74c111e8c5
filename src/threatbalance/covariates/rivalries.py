"""Rivalries: ``add_strategic_rivalries`` (Thompson, Sakuwa & Suhas) and ``add_td_rivalries`` (Thompson & Dreyer)."""

from __future__ import annotations

import polars as pl

from .._panel_base import P
from ..sources import get_source, load_table
from ._base import check_panel, drop_existing, fill_within, finish, gather_dyadic, step

TSS_TYPES = ["positional", "spatial", "ideological", "interventionary"]


def _rivalry_years(table: str, id_col: str, start: str, end: str, extra: list[str]) -> pl.DataFrame:
    r = load_table(table)
    y = r.select(
        pl.col(id_col).cast(pl.Int32),
        pl.col("ccode1").cast(pl.Int32),
        pl.col("ccode2").cast(pl.Int32),
        *extra,
        pl.int_ranges(start, pl.col(end) + 1, dtype=pl.Int32).alias("year"),
    ).explode("year")
    y = pl.concat([y, y.rename({"ccode1": "ccode2", "ccode2": "ccode1"}).select(y.columns)])
    # Austria-Hungary (300) is Austria (305) from 1919 on, as in peacesciencer
    y = y.with_columns(
        [
            pl.when((pl.col(c) == 300) & (pl.col("year") >= 1919)).then(305).otherwise(pl.col(c)).alias(c)
            for c in ("ccode1", "ccode2")
        ]
    )
    return y.filter(pl.col("year") >= 1816)


@step(
    "strategic_rivalries",
    source="tss_rivalries",
    units=("dyad-year",),
    filled=("positional", "spatial", "ideological", "interventionary", "ongoingrivalry"),
    symmetric=("tssr_id", "ongoingrivalry", "positional", "spatial", "ideological", "interventionary"),
    aliases=("rivalries", "tss_rivalries"),
)
def add_strategic_rivalries(panel: P, peer_compat: bool = False) -> P:
    """Add strategic rivalries of Thompson, Sakuwa & Suhas (2021), 1816-2020.

    ``tssr_id`` (rivalry id, missing when none), ``positional``, ``spatial``, ``ideological``,
    ``interventionary`` (the rivalry's types) and ``ongoingrivalry`` (1 in a rivalry's years).
    Outside rivalries these are 0 through 2020 and missing after it.  peacesciencer 1.2.9 sets
    ``ongoingrivalry`` to 1 for *every* dyad-year after 2020 (its fill uses ``year <= 2020`` in
    the wrong branch); ``peer_compat=True`` reproduces that.  Austria-Hungary (300) is recoded to
    Austria (305) from 1919.

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2012).add_strategic_rivalries()
    >>> p.data.filter((tb.col("ccode1") == 630) & (tb.col("ccode2") == 666))["ongoingrivalry"][0]
    1
    """
    check_panel(panel, "strategic_rivalries")
    y = _rivalry_years("tss_rivalries", "tssr_id", "start", "end", TSS_TYPES).with_columns(
        [pl.col(c).fill_null(0).cast(pl.Int8) for c in TSS_TYPES]
    )
    y = y.unique(["ccode1", "ccode2", "year"], keep="first", maintain_order=True)
    cols = ["tssr_id", *TSS_TYPES, "ongoingrivalry"]
    y = y.with_columns(pl.lit(1, pl.Int8).alias("ongoingrivalry"))
    cov = get_source("tss_rivalries").span
    new = gather_dyadic(panel, y, cols, [*TSS_TYPES, "ongoingrivalry"], cov)
    data = drop_existing(panel, cols).with_columns(new)
    if peer_compat:
        data = data.with_columns(
            pl.when(pl.col("year") > cov[1])
            .then(1)
            .otherwise(pl.col("ongoingrivalry"))
            .cast(pl.Int8)
            .alias("ongoingrivalry")
        )
    return finish(panel, data, "tss_rivalries")


@step(
    "td_rivalries",
    source="td_rivalries",
    units=("dyad-year",),
    filled=("tdrivalry",),
    symmetric=("tdrivalry", "td_rivalryno"),
)
def add_td_rivalries(panel: P) -> P:
    """Add Thompson & Dreyer (2012) strategic rivalries (1816-2010): ``td_rivalryno`` (missing when
    none) and ``tdrivalry`` (1 in a rivalry's years, 0 otherwise through 2010, missing after).

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.dyad_years(years=2005).add_td_rivalries()
    >>> p.data.filter((tb.col("ccode1") == 2) & (tb.col("ccode2") == 710))["tdrivalry"][0]  # China-United States 2
    1
    """
    check_panel(panel, "td_rivalries")
    y = _rivalry_years("td_rivalries", "rivalryno", "styear", "endyear", []).rename({"rivalryno": "td_rivalryno"})
    y = y.unique(["ccode1", "ccode2", "year"], keep="first", maintain_order=True)
    data = drop_existing(panel, ["td_rivalryno", "tdrivalry"])
    c1, c2 = panel.keys[0], panel.keys[1]
    data = data.join(y.rename({"ccode1": c1, "ccode2": c2}), on=[c1, c2, "year"], how="left", maintain_order="left")
    data = data.with_columns(
        pl.when(pl.col("td_rivalryno").is_not_null()).then(1).otherwise(None).cast(pl.Int8).alias("tdrivalry")
    )
    data = data.with_columns(fill_within(["tdrivalry"], get_source("td_rivalries").span)).with_columns(
        pl.col("tdrivalry").cast(pl.Int8)
    )
    return finish(panel, data, "td_rivalries")
