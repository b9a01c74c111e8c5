"""Case commands: ``case`` (a shipped case study) and ``report`` (the same report for any states)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .. import _validate as V
from .._errors import InputError
from . import app
from ._common import check_format, emit, emit_json, err_console, progress

# = threatbalance.cases DEFAULT_OUT, written out so that loading the CLI does not import the case
# machinery (matplotlib, polars); tests/test_startup.py checks the two agree
DEFAULT_OUT = "threatbalance-report"
_VERDICT_STYLE = {"supported": "green", "not_supported": "red", "cannot_tell": "yellow"}


def _check_lang(lang: str) -> str:
    return V.lang(lang, option="--lang")


def _fmt(fmt: str) -> tuple[str, bool]:
    """(format of the terminal output, whether to write report.pdf): ``--format pdf`` writes the PDF."""
    if fmt == "pdf":
        return "table", True
    return check_format(fmt), False


def _show(summary: dict, fmt: str) -> None:
    import polars as pl

    from ..cases._text import digits, t, tr

    if fmt == "json":
        emit_json(summary)
        return
    if fmt == "csv":
        sys.stdout.write(pl.DataFrame(summary["series"], infer_schema_length=None).write_csv())
        return
    lang = summary.get("lang", "en")
    out = summary.get("out")
    err_console.print(f"[bold]{digits(summary['title'][lang], lang)}[/]", highlight=False)
    for c in summary["claims"]:
        style = _VERDICT_STYLE.get(c["verdict"], "white")
        text = digits(c["claim"].get(lang, c["claim"]["en"]), lang)
        err_console.print(
            f"  {c['id']:>4} [{style}]{t(c['verdict'], lang):<13}[/] {text}", highlight=False, soft_wrap=True
        )
    for s in summary["conclusion"][lang]:
        err_console.print(f"  {s}", highlight=False, soft_wrap=True)
    if out:
        main = "report.pdf" if "report.pdf" in summary["files"] else "report.html"
        n = digits(len(summary["files"]) - 1, lang)
        err_console.print(
            tr("wrote {path} (+ {n} files)", lang, path=str(Path(out) / main), n=n), highlight=False, soft_wrap=True
        )


@app.command(
    epilog="Examples: threatbalance case israel-azerbaijan | threatbalance case --list | "
    "threatbalance case israel-azerbaijan --lang fa --out report-fa | "
    "threatbalance case israel-azerbaijan --years 1991-2016 --format json"
)
def case(
    name: str = typer.Argument(None, help="a shipped case, e.g. israel-azerbaijan (see --list)"),
    list_: bool = typer.Option(False, "--list", help="list the shipped cases and exit"),
    out: Path = typer.Option(Path(DEFAULT_OUT), help="output folder, written atomically (replaces an earlier report)"),
    lang: str = typer.Option("en", help="language of the HTML report: en or fa (Persian, right-to-left)"),
    years: str = typer.Option(None, help="years to cover instead of the case's, e.g. 1991-2016"),
    states: str = typer.Option(None, help="states to show instead of the case's (the pair stays first)"),
    ledger: Path = typer.Option(None, help="an evidence ledger CSV to use instead of the case's"),
    heatmap_years: str = typer.Option(None, "--heatmap-years", help="years of the threat heatmaps, e.g. 1992,2012"),
    with_evidence: bool = typer.Option(
        False, "--with-evidence", help="feed the ledger's hostile events into the threat model's terms"
    ),
    fmt: str = typer.Option(
        "table",
        "--format",
        help="table (short summary on stderr), json (summary), csv (series) or pdf (also write report.pdf)",
    ),
) -> None:
    """Build a shipped case study's report: HTML + PNG charts + summary.json in one folder."""
    import polars as pl

    from ..cases import case_report, list_cases

    fmt, pdf = _fmt(fmt)
    if list_:
        emit(pl.DataFrame(list_cases()), fmt, title="shipped cases")
        return
    if not name:
        raise InputError("name a case (e.g. `threatbalance case israel-azerbaijan`) or use --list")
    _check_lang(lang)
    with progress(f"case {name}") as advance:
        summary = case_report(
            name,
            out=out,
            lang=lang,
            years=years,
            states=states,
            ledger=ledger,
            heatmap_years=heatmap_years,
            use_evidence=with_evidence,
            progress=advance,
            pdf=pdf,
        )
    _show(summary, fmt)


@app.command(
    epilog="Example: threatbalance report --states ISR,AZE,IRN,ARM,TUR,RUS,GEO,USA --years 1991-2013 "
    "--threatener IRN --out my-report"
)
def report(
    states: str = typer.Option(..., help="comma-separated states; the first two are the focal pair"),
    years: str = typer.Option("1991-2013", help="a year range, e.g. 1991-2013"),
    pair: str = typer.Option(None, help="the focal pair if not the first two states, e.g. ISR,AZE"),
    threatener: str = typer.Option(None, help="the common threat to examine (default: the model's most frequent)"),
    ledger: Path = typer.Option(None, help="an evidence ledger CSV (schema: docs/case.md)"),
    claims: Path = typer.Option(None, help="a claims JSON file (schema: docs/case.md)"),
    heatmap_years: str = typer.Option(None, "--heatmap-years", help="years of the threat heatmaps, e.g. 1992,2012"),
    with_evidence: bool = typer.Option(
        False, "--with-evidence", help="feed the ledger's hostile events into the threat model's terms"
    ),
    out: Path = typer.Option(Path(DEFAULT_OUT), help="output folder, written atomically"),
    lang: str = typer.Option("en", help="en or fa"),
    fmt: str = typer.Option("table", "--format", help="table, json, csv or pdf (also write report.pdf)"),
) -> None:
    """Build the case report for any set of states and years."""
    from ..cases import custom_report

    fmt, pdf = _fmt(fmt)
    _check_lang(lang)
    with progress("report") as advance:
        summary = custom_report(
            states,
            years=years,
            out=out,
            lang=lang,
            pair=pair,
            threatener=threatener,
            ledger=ledger,
            claims=claims,
            heatmap_years=heatmap_years,
            use_evidence=with_evidence,
            progress=advance,
            pdf=pdf,
        )
    _show(summary, fmt)
