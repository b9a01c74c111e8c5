"""``threatbalance events ingest|dyads|info``: machine-coded event data into dyad hostility (a thin layer
over :mod:`threatbalance.events`)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .._errors import InputError
from . import app
from ._common import emit, emit_json, err_console

events_app = typer.Typer(
    help="Event data (ICEWS, GDELT, Phoenix, CSV): ingest into a DuckDB store, dyad-month/year hostility.",
    no_args_is_help=True,
)
app.add_typer(events_app, name="events")

_DB_HELP = (
    "the DuckDB event store (default: events.duckdb in the user's data directory; THREATBALANCE_DATA_DIR overrides)"
)


def _columns(spec: str | None) -> dict[str, str] | None:
    if not spec:
        return None
    out = {}
    for part in spec.split(","):
        if "=" not in part:
            raise InputError(f"--columns takes name=column pairs separated by commas, got {part!r}")
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out


@events_app.command(
    epilog="Examples: threatbalance events ingest events.2018.tab --db ev.duckdb\n\n"
    "threatbalance events ingest 2019*.export.CSV --format gdelt2 --engine spark --master local[*]\n\n"
    "threatbalance events ingest my.csv --format csv --columns event_id=id,event_date=day,cameo_code=code"
)
def ingest(
    files: list[Path] = typer.Argument(..., help="event files (.tab/.tsv/.csv/.txt, .gz, .parquet)"),
    db: Path = typer.Option(None, "--db", help=_DB_HELP),
    fmt: str = typer.Option(None, "--format", help="icews, gdelt1, gdelt2, phoenix or csv (default: guessed)"),
    engine: str = typer.Option("duckdb", help="duckdb (stores every event) or spark (stores dyad-month counts)"),
    master: str = typer.Option("local[*]", help="Spark master: local[*], spark://host:7077, yarn"),
    dataset: str = typer.Option(
        None, help="name of the data set in the store (default: icews, gdelt, phoenix, custom)"
    ),
    columns: str = typer.Option(None, help="--format csv: declared columns as name=file_column,..."),
    date_format: str = typer.Option("%Y-%m-%d", help="--format csv: strftime format of the date column"),
    allow_malformed: bool = typer.Option(
        False, "--allow-malformed", help="load the valid rows of files with malformed rows (counted and reported)"
    ),
    fmt_out: str = typer.Option("table", "--report", help="report as table, json or csv"),
) -> None:
    """Ingest event files into the store in one transaction: idempotent by event id, provenance per file.

    A malformed row stops the ingest (exit status 1) naming the file, the line and its text; nothing
    changes.  With --allow-malformed the other rows are loaded and the count recorded.
    """
    import polars as pl

    import threatbalance.events as ev

    from ._common import progress as _progress

    store = db or ev.default_db()
    n = len(files)
    extra = {"dateformat": date_format} if fmt == "csv" else {}
    with _progress("ingesting") as advance:

        def report(i: int, path: str, frac: float) -> None:
            advance(f"ingesting {Path(path).name} ({i + 1}/{n}) {frac:4.0%}")

        reports = ev.ingest(
            files,
            db=store,
            format=fmt,
            engine=engine,
            master=master,
            dataset=dataset,
            allow_malformed=allow_malformed,
            columns=_columns(columns),
            progress=report,
            **extra,
        )
    keys = [
        "path",
        "dataset",
        "format",
        "engine",
        "rows_read",
        "rows_new",
        "rows_duplicate",
        "rows_malformed",
        "first_bad_line",
        "rows_unmapped_country",
        "rows_unknown_code",
        "skipped",
    ]
    table = pl.DataFrame([{k: r.as_dict()[k] for k in keys} for r in reports])
    emit(table, fmt_out, title=f"ingested into {store}")
    for r in reports:
        if r.rows_malformed:
            err_console.print(
                f"{r.path}: {r.rows_malformed:,} malformed row(s) skipped; first at line {r.first_bad_line}: "
                f"{(r.first_bad_text or '')[:120]!r}",
                highlight=False,
            )


@events_app.command(
    epilog="Examples: threatbalance events dyads --db ev.duckdb --unit year --years 2018-2022 --out dy.parquet\n\n"
    "threatbalance events dyads --unit month --format csv --out - | head"
)
def dyads(
    db: Path = typer.Option(None, "--db", help=_DB_HELP),
    unit: str = typer.Option("month", help="month or year"),
    years: str = typer.Option(None, help="a year or range, e.g. 2018-2022"),
    dataset: str = typer.Option(None, help="the data set, if the store holds several"),
    fmt: str = typer.Option(None, "--format", help="csv, json or parquet (default: from the --out extension)"),
    out: str = typer.Option(..., help="output file (.parquet, .csv, .json), or - for CSV/JSON on standard output"),
) -> None:
    """Write directed dyad-month or dyad-year measures (counts per quad class, Goldstein, normalised volume)."""
    import threatbalance.events as ev

    from .._io import write_frame

    if fmt is not None and fmt not in ("csv", "json", "parquet"):
        raise InputError(f"unknown --format {fmt!r}; allowed: csv, json, parquet")
    path = None if out == "-" else Path(out)
    if path is not None:
        ext = path.suffix.lower().lstrip(".")
        if ext not in ("csv", "json", "parquet"):
            raise InputError(f"cannot tell the format of --out {out!r}; use a name ending in .parquet, .csv or .json")
        if fmt is not None and fmt != ext:
            raise InputError(f"--out {out!r} does not end in .{fmt} (the --format)")
    elif fmt == "parquet":
        raise InputError("--out - writes csv or json; give a file name for parquet")
    d = ev.dyads(db=db, unit=unit, years=years, dataset=dataset)
    if path is None:
        sys.stdout.write(d.write_json() if fmt == "json" else d.write_csv())
        return
    write_frame(d, path)
    err_console.print(f"wrote {d.height:,} dyad-{unit}s x {d.width} columns to {path}", highlight=False)


@events_app.command(epilog="Example: threatbalance events info --db ev.duckdb --format json")
def info(
    db: Path = typer.Option(None, "--db", help=_DB_HELP),
    fmt: str = typer.Option("table", "--format", help="table, json or csv"),
) -> None:
    """What the store holds: data sets, events, dates, and every ingested file with its provenance."""
    import polars as pl

    import threatbalance.events as ev

    i = ev.info(db)
    files = i["files"]
    if fmt == "json":
        emit_json({**{k: v for k, v in i.items() if k != "files"}, "files": files.to_dicts()})
        return
    rows = [{"dataset": k, **{kk: str(vv) for kk, vv in v.items()}} for k, v in i["datasets"].items()]
    if fmt == "table":
        err_console.print(f"{i['db']}  ({i['size_bytes'] / 1e6:.1f} MB)", highlight=False)
        emit(pl.DataFrame(rows) if rows else pl.DataFrame({"dataset": []}), fmt, title="data sets")
    keep = [
        "file_id",
        "dataset",
        "path",
        "format",
        "engine",
        "ingested_at",
        "rows_read",
        "rows_new",
        "rows_duplicate",
        "rows_malformed",
        "first_bad_line",
        "sha256",
    ]
    f = files.select(keep).with_columns(pl.col("sha256").str.slice(0, 12), pl.col("ingested_at").cast(pl.Utf8))
    emit(f, fmt, title="files")
