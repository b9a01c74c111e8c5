"""``threatbalance threats``: who threatens a state most, or whom a state threatens most (a thin layer
over :func:`threatbalance.threat.threats`)."""

from __future__ import annotations

from pathlib import Path

import typer

from .._errors import InputError
from . import app
from ._common import check_format, emit, emit_json, progress

_TERMS = ("power", "proximity", "offense", "intent")


@app.command(
    epilog="Examples: threatbalance threats --target AZE --year 2012 --top 10\n\n"
    "threatbalance threats --source IRN --year 2012 --format json\n\n"
    "threatbalance threats --target ISR --year 2012 --evidence ledger.csv\n\n"
    "threatbalance threats --target ISR --year 2012 --set IRN.nuclear=1"
)
def threats(
    target: str = typer.Option(None, help="the threatened state (code, abbreviation, ISO3, English or Persian name)"),
    source: str = typer.Option(None, help="the threatening state: list whom it threatens most"),
    year: int = typer.Option(..., help="a year in 1816-2022"),
    top: int = typer.Option(10, help="how many states to list"),
    evidence: Path = typer.Option(
        None,
        help="CSV of user evidence (date, source_state, target_state, direction, "
        "dimension, weight, summary, citation) entering the index",
    ),
    lang: str = typer.Option("en", help="language of state names: en or fa"),
    set_: list[str] = typer.Option(
        None,
        "--set",
        help="what-if: change an input for the year, e.g. IRN.nuclear=0, IRN.cinc=0.05, ARM-AZE.rivalry=0, "
        "RUS-UKR.alliance=1, or remove a state's threat: IRN.threat=0 (repeatable; see docs/model.md)",
    ),
    fmt: str = typer.Option("table", "--format", help="table, json or csv"),
) -> None:
    """Rank threats in one year with Walt's four sources: power, proximity, offense, intent.

    `threat` is the model's yearly probability that the source starts a militarized dispute against
    the target; the four terms are the log-odds each source of threat adds (see docs/model.md).
    """
    import polars as pl

    from ..threat import ThreatModel, default_model
    from ..threat import threats as _threats

    check_format(fmt)
    if top < 1:
        raise InputError(f"--top must be a positive integer, got {top}")
    with progress(f"scoring threats in {year}"):
        model = default_model() if evidence is None else ThreatModel(evidence=evidence)
        res = _threats(target=target, source=source, year=year, top=top, model=model, lang=lang, scenario=set_ or None)
    if fmt == "json":
        cols = [
            "rank",
            "year",
            "source",
            "source_abb",
            "source_name",
            "target",
            "target_abb",
            "target_name",
            "threat",
            "threat_lo",
            "threat_hi",
            *_TERMS,
            *[f"share_{t}" for t in _TERMS],
            *[f"excess_{t}" for t in _TERMS],
            *[f"share_excess_{t}" for t in _TERMS],
            "main_source",
            "top_factors",
            "evidence",
            "n_imputed",
            "caveats",
        ]
        emit_json(res.select(cols).to_dicts())
        return
    if fmt == "csv":
        emit(res, fmt)
        return
    show = res.select(
        "rank",
        pl.col("source_abb").alias("source"),
        pl.col("source_name").alias("name"),
        pl.col("target_abb").alias("target"),
        "threat",
        *_TERMS,
        "main_source",
    )
    who = (
        f"threats to {res['target_name'][0]}"
        if target is not None and source is None
        else (f"threats posed by {res['source_name'][0]}" if source is not None and target is None else "threat")
    )
    emit(
        show,
        fmt,
        title=f"{who}, {year} (terms in log-odds; main_source: the term furthest above the year's "
        "typical dyad; see docs/model.md)",
        float_digits=4,
    )
    if res["caveats"][0]:
        from ._common import err_console

        err_console.print(f"note: {res['caveats'][0]}", style="dim", highlight=False)
