"""Event data at scale: CAMEO-coded events (ICEWS, GDELT, Phoenix, declared CSV/Parquet) into directed
dyad-month and dyad-year hostility and cooperation.

* Readers declare every column of each format and stream files (DuckDB ``read_csv`` / Spark CSV);
  a 20 GB file never has to fit in memory.
* One aggregation, written once as SQL (:mod:`threatbalance.events._sql`), runs on DuckDB (default,
  embedded) and on Spark (``engine="spark"``, any master); a test checks both give identical tables.
* The store is a DuckDB file (default ``events.duckdb`` in the user's data directory,
  ``$THREATBALANCE_DATA_DIR`` overrides it): ingest is one transaction, idempotent by event id, and
  keeps each file's provenance.
* Measures and their formulas: ``docs/events.md``.

Examples
--------
>>> import tempfile, pathlib
>>> from threatbalance import events
>>> sample = events.shipped_sample()          # 4,993 ICEWS events, 1-3 June 2018
>>> db = pathlib.Path(tempfile.mkdtemp()) / "events.duckdb"
>>> [r.rows_new for r in events.ingest([sample], db=db)]
[4993]
>>> [r.rows_new for r in events.ingest([sample], db=db)]   # idempotent by event id
[0]
>>> d = events.dyads(db=db, unit="year")
>>> d.filter((d["ccode1"] == 2) & (d["ccode2"] == 731))["n_events"][0] > 0   # United States -> North Korea
True
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl

from .._errors import InputError
from .._validate import years as _years
from ._duck import FileReport, aggregate_duckdb, default_store, dyads_duckdb, info_duckdb, ingest_duckdb, sha256_file
from ._formats import DECLARED, FORMAT_NAMES, Format, detect
from ._lookups import QUADS, cameo, countries
from ._paths import DATA_DIR_ENV, data_dir, default_db
from ._sql import MEASURE_COLUMNS

__all__ = [
    "DATA_DIR_ENV",
    "DECLARED",
    "ENGINES",
    "FORMAT_NAMES",
    "MEASURE_COLUMNS",
    "QUADS",
    "FileReport",
    "aggregate",
    "cameo",
    "countries",
    "data_dir",
    "default_db",
    "dyads",
    "info",
    "ingest",
    "shipped_gdelt",
    "shipped_sample",
]

ENGINES = ("duckdb", "spark")
UNITS = ("month", "year")


def _check(engine: str, unit: str | None = None) -> None:
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; allowed: {', '.join(ENGINES)}")
    if unit is not None and unit not in UNITS:
        raise InputError(f"unknown unit {unit!r}; allowed: {', '.join(UNITS)}")


def _resolve(
    files: Iterable[str | Path], format: str | None, columns: dict[str, str] | None, **opts
) -> list[tuple[Path, Format]]:
    out = [(Path(f).expanduser(), detect(Path(f).expanduser(), format, columns, **opts)) for f in files]
    if not out:
        raise InputError("no event file given")
    return out


def ingest(
    files: Iterable[str | Path],
    db: str | Path | None = None,
    format: str | None = None,
    engine: str = "duckdb",
    master: str = "local[*]",
    dataset: str | None = None,
    allow_malformed: bool = False,
    columns: dict[str, str] | None = None,
    progress: Callable[[int, str, float], None] | None = None,
    **declared_options,
) -> list[FileReport]:
    """Ingest event files into the DuckDB store ``db`` (default :func:`default_db`) in one transaction.

    Parameters
    ----------
    files
        ICEWS ``.tab``/``.tsv`` (Dataverse or snake_case header) or Parquet, GDELT 1.0/2.0 export files,
        Phoenix daily files, or a CSV/Parquet with declared ``columns`` (``format="csv"``); ``.gz`` is read
        as a stream.
    format
        ``icews``, ``gdelt1``, ``gdelt2``, ``phoenix`` or ``csv``; guessed from the name and first line if None.
    engine
        ``duckdb`` stores every event (idempotent by ``(dataset, event id)``); ``spark`` computes the
        additive dyad-month counts on ``master`` and stores those (a file already ingested by Spark, by
        sha256, is skipped).
    dataset
        Name under which the events are kept (default: the format's data set: icews, gdelt, phoenix, custom).
    allow_malformed
        Load the valid rows of a file with malformed rows (counted, first one recorded).  By default a
        malformed row stops the ingest with the file, the line and its text, and nothing changes.
    columns
        For ``format="csv"``: ``{declared name: file column}`` for :data:`DECLARED`.
    progress
        ``progress(file_index, path, fraction)`` called while files are read.

    Returns
    -------
    list of FileReport, one per file (rows read, new, duplicate, malformed, unmapped countries, ...).
    """
    _check(engine)
    if dataset is not None and not str(dataset).strip():
        raise InputError("--dataset must be a non-empty name")
    fs = _resolve(files, format, columns, **declared_options)
    store = default_store(db)
    if engine == "duckdb":
        return ingest_duckdb(fs, store, dataset=dataset, allow_malformed=allow_malformed, progress=progress)
    from ._duck import ingested_hashes, store_aggregates
    from ._spark import counts_spark

    ds = dataset or fs[0][1].dataset
    if any((dataset or f.dataset) != ds for _, f in fs):
        raise InputError("--engine spark ingests files of one data set at a time; give --dataset or split the files")
    done = ingested_hashes(store, ds, "spark")
    hashed = [(p, f, sha256_file(p)) for p, f in fs]
    todo = [(p, f, h) for p, f, h in hashed if h not in done]
    skipped = [FileReport(str(p), ds, f.name, "spark", sha256=h, skipped=True) for p, f, h in hashed if h in done]
    if not todo:
        return skipped
    if progress:
        progress(0, ", ".join(str(p) for p, _, _ in todo), 0.0)
    dc, sc, stats = counts_spark([(p, f) for p, f, _ in todo], master=master, allow_malformed=allow_malformed)
    per_file = []
    for p, f, h in todo:
        st = next((v for k, v in stats.items() if Path(k.removeprefix("file:").lstrip()).name == p.name), {})
        st = {
            "rows_read": st.get("rows_read", 0),
            "rows_malformed": st.get("rows_malformed", 0),
            "first_bad_text": st.get("first_bad_text"),
        }
        per_file.append((p, f, h, st))
    return store_aggregates(store, ds, per_file, dc, sc) + skipped


def dyads(
    db: str | Path | None = None, unit: str = "month", years: object = None, dataset: str | None = None
) -> pl.DataFrame:
    """Directed dyad-month or dyad-year measures of one data set in the store (columns: :data:`MEASURE_COLUMNS`).

    Only events between two state actors of two different COW states count; see ``docs/events.md``.
    """
    _check("duckdb", unit)
    yrs = _years(years, 1900, 2100, what="event store") if years is not None else None
    return dyads_duckdb(default_store(db), unit, yrs, dataset)


def info(db: str | Path | None = None) -> dict:
    """What the store holds: per data set the events and dates; per file its provenance (a polars frame)."""
    return info_duckdb(default_store(db))


def aggregate(
    files: Sequence[str | Path],
    format: str | None = None,
    unit: str = "month",
    engine: str = "duckdb",
    master: str = "local[*]",
    columns: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Files -> dyad-``unit`` measures directly, without a store, on DuckDB (in memory) or Spark.

    The same SQL on both engines: ``aggregate(f, engine="duckdb").equals(aggregate(f, engine="spark"))``.
    """
    _check(engine, unit)
    fs = _resolve(files, format, columns)
    if engine == "duckdb":
        return aggregate_duckdb(fs, unit)
    from ._spark import aggregate_spark

    return aggregate_spark(fs, unit, master)


def shipped_sample() -> Path:
    """The shipped ICEWS sample (4,993 events, 1-3 June 2018) as a Parquet file path."""
    return _shipped_file("icews_sample")


def _shipped_file(name: str) -> Path:
    f = resources.files("threatbalance").joinpath(f"data/{name}.parquet")
    try:
        with resources.as_file(f) as p:
            if Path(p).is_file():
                return Path(p)
    except FileNotFoundError:
        pass
    # a zipped install: copy once to a temporary file
    out = Path(tempfile.gettempdir()) / f"threatbalance-{name}.parquet"
    out.write_bytes(f.read_bytes())
    return out


@cache
def shipped_gdelt(unit: str = "year") -> pl.DataFrame:
    """The shipped GDELT 2.0 country-pair activity (2018 - Feb 2024), non-directed, per ``unit`` (year or month).

    Columns: ``ccode_a``, ``ccode_b`` (COW, ``ccode_a < ccode_b``), ``year`` [, ``month``], ``score_sum``,
    ``days_active``, ``days_negative``, ``min_daily_score`` [, ``months_active`` | ``ndays_in_data_month``].
    Pairs whose ISO3 code has no COW state are dropped; see ``docs/events.md`` for what the score is.
    """
    from ..sources import load_table

    _check("duckdb", unit)
    t = load_table(f"gdelt_dyad_{unit}").drop_nulls(["ccode_a", "ccode_b"])
    lo = pl.min_horizontal("ccode_a", "ccode_b").cast(pl.Int32)
    hi = pl.max_horizontal("ccode_a", "ccode_b").cast(pl.Int32)
    t = t.with_columns(lo.alias("ccode_a"), hi.alias("ccode_b")).filter(pl.col("ccode_a") != pl.col("ccode_b"))
    return t.drop("iso3_a", "iso3_b").sort(["ccode_a", "ccode_b", "year", *(["month"] if unit == "month" else [])])
