"""The Spark engine: the same SQL as DuckDB, run by Spark SQL (``--engine spark --master local[*]``,
``spark://host:7077``, ``yarn``).

Spark reads the files with every column declared (``PERMISSIVE`` mode, malformed records kept in a
corrupt-record column so they can be counted and quoted), registers the two lookup tables (broadcast
by Spark), and runs :func:`~threatbalance.events._sql.map_sql`, ``DEDUP_SQL``, ``DYAD_COUNTS_SQL``,
``STATE_COUNTS_SQL`` and :func:`~threatbalance.events._sql.measures_sql` unchanged.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from .._errors import InputError
from ._formats import Format
from ._lookups import cameo, countries
from ._sql import DEDUP_SQL, DYAD_COUNTS_SQL, STATE_COUNTS_SQL, map_sql, measures_sql

_TYPES = {"VARCHAR": "STRING", "BIGINT": "BIGINT", "INTEGER": "INT", "DOUBLE": "DOUBLE", "DATE": "DATE"}
CORRUPT = "_corrupt_record"
_SESSIONS: dict[str, object] = {}


def session(master: str = "local[*]", conf: dict[str, str] | None = None):
    """A SparkSession on ``master`` (one per master per process; reused)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise InputError("--engine spark needs PySpark: pip install 'threatbalance[spark]' (and Java 17+)") from exc
    if master.startswith("local") and shutil.which("java") is None and not _java_home():
        raise InputError("--engine spark needs Java 17 or later on the PATH (Debian: apt install default-jre-headless)")
    if master in _SESSIONS:
        return _SESSIONS[master]
    b = (
        SparkSession.builder.master(master)
        .appName("threatbalance-events")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4" if master.startswith("local") else "200")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.ansi.enabled", "true")
    )
    for k, v in (conf or {}).items():
        b = b.config(k, v)
    s = b.getOrCreate()
    s.sparkContext.setLogLevel("ERROR")
    _SESSIONS[master] = s
    return s


def _java_home() -> bool:
    import os

    home = os.environ.get("JAVA_HOME")
    return bool(home) and Path(home, "bin", "java").exists()


def _read(spark, paths: Sequence[Path], fmt: Format):
    ps = [str(p) for p in paths]
    if fmt.parquet:
        return spark.read.parquet(*ps)
    schema = ", ".join(f"`{n}` {_TYPES[t]}" for n, t in fmt.columns) + f", `{CORRUPT}` STRING"
    return spark.read.csv(
        ps,
        schema=schema,
        sep=fmt.delim,
        header=fmt.header,
        dateFormat=fmt.spark_dateformat,
        quote="\u0000" if fmt.delim == "\t" else '"',
        escape="\\" if fmt.delim == "\t" else '"',
        mode="PERMISSIVE",
        columnNameOfCorruptRecord=CORRUPT,
        enforceSchema=True,
    )


def _prepare(spark, files: Sequence[tuple[Path, Format]], strict: bool = True) -> dict:
    """Register the views ``countries``, ``cameo``, ``mapped``, ``events``, ``dyad_counts``, ``state_counts``.

    Returns per-file statistics (rows read, malformed rows and the first one).  Raises on a malformed
    row when ``strict``.
    """
    spark.createDataFrame(countries().rows(), "key STRING, ccode INT").createOrReplaceTempView("countries")
    spark.createDataFrame(cameo().rows(), "code STRING, root INT, quad INT, goldstein10 INT").createOrReplaceTempView(
        "cameo"
    )
    groups: dict[tuple, list[Path]] = {}
    for path, fmt in files:
        groups.setdefault((fmt.name, fmt.columns, fmt.header, fmt.parquet, fmt.delim, fmt.dateformat), []).append(path)
    by_fmt = {(f.name, f.columns, f.header, f.parquet, f.delim, f.dateformat): f for _, f in files}
    stats: dict[str, dict] = {}
    mapped = []
    for i, (key, paths) in enumerate(groups.items()):
        fmt = by_fmt[key]
        df = _read(spark, paths, fmt)
        view = f"raw_{i}"
        df.createOrReplaceTempView(view)
        # reference every column the mapping reads, so Spark parses (and validates) them: with CSV column
        # pruning a bad value in an unread column is not a malformed record, as in DuckDB
        used = [n for n, _ in fmt.columns if any(n in e for e in fmt.select.values())] or [fmt.columns[0][0]]
        counts = ", ".join(f"COUNT(`{n}`) AS _n{i}" for i, n in enumerate(used))
        bad_expr = f"`{CORRUPT}` IS NOT NULL" if not fmt.parquet else "FALSE"
        corrupt_col = f"`{CORRUPT}`" if not fmt.parquet else "CAST(NULL AS STRING)"
        rows = spark.sql(
            f"""SELECT input_file_name() AS f, COUNT(*) AS n, SUM(CASE WHEN {bad_expr} THEN 1 ELSE 0 END) AS bad,
                       MIN(CASE WHEN {bad_expr} THEN {corrupt_col} END) AS first_bad, {counts}
                FROM {view} GROUP BY input_file_name()"""
        ).collect()
        for r in rows:
            stats[r["f"]] = {
                "rows_read": int(r["n"]),
                "rows_malformed": int(r["bad"] or 0),
                "first_bad_text": r["first_bad"],
            }
            if strict and r["bad"]:
                raise InputError(
                    f"{r['f'].removeprefix('file://')}: {int(r['bad']):,} malformed row(s); first: "
                    f"{(r['first_bad'] or '').rstrip()[:160]!r}; nothing was ingested"
                )
        src = (
            f"(SELECT * FROM {view} WHERE {bad_expr.replace('IS NOT NULL', 'IS NULL') if not fmt.parquet else 'TRUE'})"
        )
        mapped.append(map_sql(fmt.select, src, fmt.pre))
    spark.sql(" UNION ALL ".join(f"({m})" for m in mapped)).createOrReplaceTempView("mapped")
    spark.sql(DEDUP_SQL).createOrReplaceTempView("events")
    spark.sql(DYAD_COUNTS_SQL).createOrReplaceTempView("dyad_counts")
    spark.sql(STATE_COUNTS_SQL).createOrReplaceTempView("state_counts")
    return stats


def _to_polars(df) -> pl.DataFrame:
    return pl.from_arrow(df.toArrow()) if hasattr(df, "toArrow") else pl.from_pandas(df.toPandas())


def aggregate_spark(
    files: Sequence[tuple[Path, Format]], unit: str = "month", master: str = "local[*]"
) -> pl.DataFrame:
    """File(s) -> dyad-``unit`` measures on Spark (strict about malformed rows)."""
    spark = session(master)
    _prepare(spark, files, strict=True)
    return _to_polars(spark.sql(measures_sql(unit)))


def counts_spark(
    files: Sequence[tuple[Path, Format]], master: str = "local[*]", allow_malformed: bool = False
) -> tuple[pl.DataFrame, pl.DataFrame, dict]:
    """(dyad-month counts, state-month coverage, per-file statistics) computed on Spark, for the store."""
    spark = session(master)
    stats = _prepare(spark, files, strict=not allow_malformed)
    dc = _to_polars(spark.sql("SELECT * FROM dyad_counts"))
    sc = _to_polars(spark.sql("SELECT * FROM state_counts"))
    return dc, sc, stats
