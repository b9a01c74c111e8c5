"""Data commands: ``panel``, ``cite``, ``sources``, ``states``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .. import _validate as V
from .._errors import InputError
from ..sources import DATA_END, DATA_START
from . import app
from ._common import emit, err_console, progress

if TYPE_CHECKING:  # polars is not loaded for --help
    from .._panel_base import PanelBase


@app.command(
    epilog="Example: threatbalance panel --unit dyad-year --years 1816-2016 --directed "
    "--add nmc,capital_distance,contiguity,atop,gml_mids,rivalries,democracy --out dyads.parquet"
)
def panel(
    unit: str = typer.Option("dyad-year", help="state-year or dyad-year"),
    system: str = typer.Option("cow", help="cow (Correlates of War) or gw (Gleditsch-Ward)"),
    years: str = typer.Option(f"{DATA_START}-{DATA_END}", help="a year or range, e.g. 1816-2016"),
    directed: bool = typer.Option(True, "--directed/--non-directed", help="dyad-years: both directions or a<b only"),
    add: str = typer.Option(
        "", help="comma-separated covariates, e.g. nmc,contiguity,atop (see `threatbalance sources`)"
    ),
    prd: bool = typer.Option(False, "--prd", help="keep politically relevant dyads only (contiguous or a major power)"),
    out: Path = typer.Option(..., help="output file; .parquet or .csv (chosen by extension)"),
) -> None:
    """Build a state-year or dyad-year panel with covariates and write it to Parquet or CSV."""
    from .. import panels as _panels
    from ..covariates import resolve_step

    V.choice(unit, _panels.UNITS, "--unit")
    if out.suffix.lower() not in (".parquet", ".csv"):
        raise InputError(f"cannot tell the format of --out {str(out)!r}; use a name ending in .parquet or .csv")
    steps = [resolve_step(s) for s in add.split(",") if s.strip()]
    with progress("building panel") as advance:
        p: PanelBase = (_panels.state_years if unit == "state-year" else _panels.dyad_years)(
            years=years, system=system, **({} if unit == "state-year" else {"directed": directed})
        )
        for info in steps:
            advance(f"adding {info.name}")
            p = info.func(p)
        if prd:
            advance("filtering politically relevant dyads")
            p = _panels.filter_prd(p)
        advance(f"writing {out}")
        p.write(out)
    err_console.print(f"wrote {p.height:,} rows x {p.data.width} columns to {out}", highlight=False)


@app.command(
    epilog="Examples: threatbalance cite nmc,atop | threatbalance cite --panel dyads.parquet | threatbalance cite"
)
def cite(
    sources: str = typer.Argument("", help="comma-separated source keys, or empty for all"),
    panel_file: Path = typer.Option(
        None, "--panel", help="a Parquet panel written by threatbalance: cite what it used"
    ),
) -> None:
    """Print the BibTeX of data sources (all, the named ones, or those a saved panel used)."""
    from .. import panels as _panels
    from ..sources import cite as _cite

    if panel_file is not None:
        keys = list(_panels.read_panel(panel_file).sources)
    else:
        keys = [s.strip() for s in sources.split(",") if s.strip()] or None
    typer.echo(_cite(keys), nl=False)


@app.command("sources", epilog="Example: threatbalance sources --format json")
def sources_cmd(fmt: str = typer.Option("table", "--format", help="table, json or csv")) -> None:
    """List the shipped data sources with version, coverage and terms of use."""
    import polars as pl

    from ..sources import sources as _sources

    rows = [
        {
            "key": s.key,
            "title": s.title,
            "version": s.version,
            "years": f"{s.years[0]}-{s.years[1]}" if s.years else "",
            "unit": s.unit,
            "terms": s.terms,
        }
        for s in _sources().values()
    ]
    emit(pl.DataFrame(rows), fmt, title="threatbalance data sources")


@app.command(epilog="Examples: threatbalance states ISR,AZE,ایران | threatbalance states --format csv")
def states(
    query: str = typer.Argument("", help="comma-separated identifiers to resolve; empty lists all"),
    system: str = typer.Option("cow", help="cow or gw"),
    fmt: str = typer.Option("table", "--format", help="table, json or csv"),
) -> None:
    """Resolve state identifiers (codes, abbreviations, ISO3, English or Persian names) or list all states."""
    import polars as pl

    from ..states import resolve_states, state_table

    t = state_table(system)
    if query:
        codes = resolve_states(query, system)
        t = t.filter(pl.col("code").is_in(codes))
    emit(t, fmt, title="states")
