"""Alignment commands: ``partners``, ``common-enemies``, ``landscape`` (thin layers over threatbalance.alignment)."""

from __future__ import annotations

import typer

from .._errors import InputError
from . import app
from ._common import check_format, emit, emit_json, progress

_THEORY_HELP = "threat (balance of threat, default), power, bandwagon, regime, un or ab (Axelrod & Bennett inputs)"


def _check_theory(theory: str) -> str:
    from ..alignment import THEORIES

    if theory not in THEORIES:
        raise InputError(f"unknown --theory {theory!r}; allowed: {', '.join(THEORIES)}")
    return theory


@app.command(
    epilog="Examples: threatbalance partners AZE --year 2012 | "
    "threatbalance partners Israel --year 2010 --top 5 --theory power --format json"
)
def partners(
    state: str = typer.Argument(..., help="a state: code, abbreviation, ISO3, English or Persian name"),
    year: int = typer.Option(..., help="year, e.g. 2012"),
    top: int = typer.Option(10, help="number of partners to list"),
    theory: str = typer.Option("threat", help=_THEORY_HELP),
    combine: str = typer.Option(
        "geometric",
        help="how a third state's threats to the two combine: geometric "
        "(sqrt of the product, default), min (both must be threatened) "
        "or product; see docs/alignment.md",
    ),
    set_: list[str] = typer.Option(
        None,
        "--set",
        help="what-if: change an input for the year, e.g. IRN.nuclear=0, IRN.cinc=0.05, ARM-AZE.rivalry=0, "
        "RUS-UKR.alliance=1, or remove a state's threat: IRN.threat=0 (repeatable; see docs/model.md)",
    ),
    method: str = typer.Option(
        None,
        help="model (rank by the fitted alignment model, default with --theory threat) or score "
        "(the theory's hand-set pair score, default for the other theories)",
    ),
    fmt: str = typer.Option("table", "--format", help="table, json or csv"),
) -> None:
    """Rank a state's predicted alignment partners, with the common enemy and actual ATOP / SIPRI ties."""
    import polars as pl

    from ..alignment import COMBINE, METHODS
    from ..alignment import partners as _partners
    from ..states import resolve_state, state_name

    check_format(fmt)
    _check_theory(theory)
    if method is not None and method not in METHODS:
        raise InputError(f"unknown --method {method!r}; allowed: {', '.join(METHODS)}")
    if method == "model" and theory != "threat":
        raise InputError(f"--method model ranks by the fitted alignment model; --theory {theory} needs --method score")
    method = method or ("model" if theory == "threat" else "score")
    if combine not in COMBINE:
        raise InputError(f"unknown --combine {combine!r}; allowed: {', '.join(COMBINE)}")
    if top < 1:
        raise InputError(f"--top must be a positive integer, got {top}")
    with progress(f"ranking partners of {state} in {year}"):
        df = _partners(state, year, top=top, theory=theory, combine=combine, scenario=set_ or None, method=method)
    code = resolve_state(state)
    if fmt == "table":  # the terminal gets the columns that fit; json/csv keep all
        df = df.select(
            "rank",
            "abb",
            "name",
            *(["p_align", "c_threat"] if method == "model" else []),
            "score",
            "mutual_threat",
            pl.col("enemy_abb").alias("enemy"),
            pl.col("enemy_share").alias("share"),
            pl.col("atop_type").alias("ATOP obligation"),
            pl.col("arms_tiv").round(0).cast(pl.Int64).alias("arms TIV"),
        )
    emit(
        df,
        fmt,
        title=f"Predicted partners of {state_name(code)} ({state_name(code, 'abb')}) in {year} "
        + (
            "- ranked by the fitted alignment model (p_align; c_threat: the threat block's log-odds; "
            "states allied in the previous year after new candidates, strategic rivals last); common enemy from the "
            "threat block"
            if method == "model"
            else f"- theory: {theory} (hand-set score)"
        )
        + "; ATOP obligations, SIPRI arms TIV either way",
    )


@app.command("common-enemies", epilog="Example: threatbalance common-enemies ISR AZE --year 2012 --top 5")
def common_enemies(
    a: str = typer.Argument(..., help="first state"),
    b: str = typer.Argument(..., help="second state"),
    year: int = typer.Option(..., help="year, e.g. 2012"),
    top: int = typer.Option(10, help="number of third states to list"),
    set_: list[str] = typer.Option(
        None,
        "--set",
        help="what-if: change an input for the year, e.g. IRN.nuclear=0, IRN.cinc=0.05, ARM-AZE.rivalry=0, "
        "RUS-UKR.alliance=1, or remove a state's threat: IRN.threat=0 (repeatable; see docs/model.md)",
    ),
    fmt: str = typer.Option("table", "--format", help="table, json or csv"),
) -> None:
    """Each third state's share of the threat two states have in common (the common enemy first)."""
    from ..alignment import common_enemies as _common_enemies
    from ..states import state_name

    check_format(fmt)
    if top < 1:
        raise InputError(f"--top must be a positive integer, got {top}")
    with progress(f"common enemies of {a} and {b} in {year}"):
        df = _common_enemies(a, b, year, top=top, scenario=set_ or None)
    emit(
        df,
        fmt,
        title=f"Common threat of {state_name(a)} and {state_name(b)} in {year}: "
        f"threat_to_1 = to {state_name(a, 'abb')}, threat_to_2 = to {state_name(b, 'abb')}",
    )


@app.command(
    epilog="Examples: threatbalance landscape --year 1936 | "
    "threatbalance landscape --year 1936 --states UKG,FRN,GMY,ITA,RUS,POL --format json"
)
def landscape(
    year: int = typer.Option(None, help="year of the data (default: the case's year, else 1936)"),
    states: str = typer.Option(None, help="comma-separated states (2-24); default: Axelrod & Bennett's 17"),
    theory: str = typer.Option("threat", help=_THEORY_HELP + "; its pair score is the propensity"),
    common: str = typer.Option(
        "outside",
        help="threat/power: common threat from states outside the set (outside), "
        "from every third state (all) or none (none: p = -mutual threat)",
    ),
    mutual_weight: float = typer.Option(
        None, "--mutual-weight", help="lambda, weight of the mutual threat (default 10)"
    ),
    case: str = typer.Option(
        None, help="a case with known blocs: ab1936 (Axelrod & Bennett's 17) or coldwar1955 (NATO / Warsaw Pact)"
    ),
    fmt: str = typer.Option("table", "--format", help="table, json or csv"),
) -> None:
    """Split states into the two blocs of least landscape energy (Axelrod & Bennett 1993), exact search."""
    import polars as pl

    from ..alignment import landscape as _landscape

    check_format(fmt)
    _check_theory(theory)
    with progress("searching every two-bloc configuration"):
        r = _landscape(year, states, theory=theory, common=common, mutual_weight=mutual_weight, case=case)
    if fmt == "json":
        emit_json(r.to_dict())
        return
    df = r.frame()
    second = dict.fromkeys(r.next_blocs[0], "A") | dict.fromkeys(r.next_blocs[1], "B")
    df = df.with_columns(pl.Series("next_best", [second[c] for c in r.codes]))
    acc = (
        f"; {r.correct}/{len(r.codes)} placed as the truth (random split: {r.null_mean:.2f} on average, "
        f"p = {r.p_value:.3g})"
        if r.correct is not None
        else ""
    )
    title = (
        f"Landscape {year} ({theory}): best energy {r.energy:.4g}{acc}; next best {r.next_energy:.4g}"
        + (f" ({r.next_correct}/{len(r.codes)})" if r.next_correct is not None else "")
        + f"; {len(r.local_minima)} local minima"
    )
    emit(df, fmt, title=title, float_digits=4)
