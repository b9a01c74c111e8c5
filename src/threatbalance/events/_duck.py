"""The DuckDB engine: streaming file readers, the aggregation, and the embedded event store.

The store is one DuckDB file with four tables:

``stored_events``
    One row per (dataset, event id): the canonical event (COW codes, state flags, CAMEO code, quad
    class, Goldstein x 10) and the ``file_id`` it came from.
``files``
    Provenance, one row per ingested file: path, size, sha256, format, engine, time, rows read / new /
    duplicate / malformed, the first malformed line, unmapped countries and unknown codes.
``agg_dyad_month``, ``agg_state_month``
    Additive counts computed by Spark (``--engine spark``): a cluster keeps the 10^9 events, the store
    keeps their dyad-month counts.

An ingest is one transaction: either every file is in, or nothing changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from .._errors import InputError
from ._formats import Format
from ._lookups import cameo, countries
from ._paths import default_db
from ._sql import (
    COUNT_COLUMNS,
    DEDUP_SQL,
    DYAD_COUNTS_SQL,
    HAS_DUPLICATES_SQL,
    STATE_COUNTS_SQL,
    VALID_SQL,
    map_sql,
    measures_sql,
)

SCHEMA_VERSION = "1"

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS files (
        file_id INTEGER, batch_id INTEGER, dataset VARCHAR, path VARCHAR, size BIGINT, sha256 VARCHAR,
        format VARCHAR, engine VARCHAR, ingested_at TIMESTAMP, threatbalance_version VARCHAR,
        rows_read BIGINT, rows_new BIGINT, rows_duplicate BIGINT, rows_malformed BIGINT,
        first_bad_line BIGINT, first_bad_text VARCHAR, rows_unmapped_country BIGINT, rows_unknown_code BIGINT,
        first_date DATE, last_date DATE)""",
    """CREATE TABLE IF NOT EXISTS stored_events (
        dataset VARCHAR, event_id VARCHAR, file_id INTEGER, event_date DATE,
        src_ccode SMALLINT, src_state BOOLEAN, tgt_ccode SMALLINT, tgt_state BOOLEAN,
        cameo VARCHAR, quad TINYINT, goldstein10 SMALLINT)""",
    """CREATE TABLE IF NOT EXISTS agg_dyad_month (
        dataset VARCHAR, batch_id INTEGER, ccode1 INTEGER, ccode2 INTEGER, year INTEGER, month INTEGER, """
    + ", ".join(f"{c} BIGINT" for c in COUNT_COLUMNS)
    + ")",
    """CREATE TABLE IF NOT EXISTS agg_state_month (
        dataset VARCHAR, batch_id INTEGER, ccode INTEGER, year INTEGER, month INTEGER, n_coverage BIGINT)""",
]


def _frame(rel) -> pl.DataFrame:
    """A DuckDB relation as a polars frame through Arrow (``to_arrow_table`` in DuckDB 2, ``arrow`` in 1.x)."""
    fetch = getattr(rel, "to_arrow_table", None) or rel.arrow
    return pl.from_arrow(fetch())


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


@dataclass
class FileReport:
    """What one ingest did with one file."""

    path: str
    dataset: str
    format: str
    engine: str
    rows_read: int = 0
    rows_new: int = 0
    rows_duplicate: int = 0
    rows_malformed: int = 0
    first_bad_line: int | None = None
    first_bad_text: str | None = None
    rows_unmapped_country: int = 0
    rows_unknown_code: int = 0
    sha256: str = ""
    skipped: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    """sha256 of a file, read in 4 MiB chunks (never whole into memory)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


#: Environment variable overriding DuckDB's memory limit for the event engine (any DuckDB size, e.g. ``8GB``).
MEMORY_ENV = "THREATBALANCE_DUCKDB_MEMORY"


def memory_limit() -> str:
    """DuckDB's memory limit for event work: ``$THREATBALANCE_DUCKDB_MEMORY``, else half the RAM, at most 4 GB.

    Beyond it DuckDB spills staged rows and hash tables to its temporary directory, so a file of any
    size is ingested in bounded memory (DuckDB's own default, 80% of the RAM, would crowd a laptop).
    """
    env = os.environ.get(MEMORY_ENV, "").strip()
    if env:
        return env
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):  # pragma: no cover - not POSIX
        return "4GB"
    return f"{max(256, min(4096, ram // 2 // 2**20))}MB"


class _Sha256:
    """sha256 of a file computed by a thread while DuckDB reads the same file (hashlib releases the GIL)."""

    def __init__(self, path: Path, chunk: int = 1 << 22):
        self.path, self.chunk = path, chunk
        self._stop = threading.Event()
        self._digest: str | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            h = hashlib.sha256()
            with open(self.path, "rb") as fh:
                while not self._stop.is_set() and (block := fh.read(self.chunk)):
                    h.update(block)
            self._digest = h.hexdigest()
        except BaseException as exc:  # re-raised by result()
            self._error = exc

    def result(self) -> str:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._digest is not None
        return self._digest

    def cancel(self) -> None:
        self._stop.set()
        self._thread.join()


def connect(path: str | Path | None = None, read_only: bool = False):
    """A DuckDB connection (in memory when ``path`` is None) set up for large scans."""
    import duckdb

    fresh = path is not None and not Path(path).exists()
    try:
        con = duckdb.connect(str(path) if path is not None else ":memory:", read_only=read_only)
    except duckdb.Error as exc:
        raise InputError(f"cannot open the event store {str(path)!r}: {str(exc).splitlines()[0]}") from exc
    con.execute("SET preserve_insertion_order = false")  # no result here depends on the order of the rows
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    try:
        con.execute(f"SET memory_limit = {_lit(memory_limit())}")
    except duckdb.Error as exc:
        con.close()
        if fresh:  # leave no empty store behind
            for p in (Path(path), Path(str(path) + ".wal")):
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
        raise InputError(
            f"{MEMORY_ENV}={os.environ.get(MEMORY_ENV)!r} is not a DuckDB memory size; use e.g. 4GB or 512MB"
        ) from exc
    if path is None:  # a store spills next to itself (DuckDB's default, ``<db>.tmp``)
        import tempfile

        con.execute(f"SET temp_directory = {_lit(os.path.join(tempfile.gettempdir(), 'threatbalance-duckdb'))}")
    con.register("countries", countries().to_arrow())
    con.register("cameo", cameo().to_arrow())
    return con


def reader_sql(path: Path, fmt: Format, rejects: str | None = None) -> str:
    """The DuckDB table function that streams ``path`` with every column declared (no sniffing)."""
    p = _lit(str(path))
    if fmt.parquet:
        return f"read_parquet({p})"
    cols = "{" + ", ".join(f"{_lit(n)}: {_lit(t)}" for n, t in fmt.columns) + "}"
    opts = [
        f"columns = {cols}",
        f"delim = {_lit(fmt.delim)}",
        f"header = {'true' if fmt.header else 'false'}",
        "auto_detect = false",
        f"dateformat = {_lit(fmt.dateformat)}",
        "quote = ''" if fmt.delim == "\t" else "quote = '\"'",
        "escape = ''" if fmt.delim == "\t" else "escape = '\"'",
    ]
    if rejects:
        opts += [
            "store_rejects = true",
            f"rejects_table = {_lit(rejects + '_errors')}",
            f"rejects_scan = {_lit(rejects + '_scans')}",
        ]
    return f"read_csv({p}, {', '.join(opts)})"


def _bytes_read() -> int | None:
    """Bytes this process has read so far (Linux ``/proc/self/io``), or None elsewhere."""
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


class _Progress:
    """Reports the progress of a running query through ``callback(fraction)`` from a polling thread.

    DuckDB's own ``query_progress()`` when it knows it, else the bytes this process has read since the
    start over the file's size (DuckDB's CSV scan with rejects reports no progress).
    """

    def __init__(self, con, callback: Callable[[float], None] | None, size: int | None = None):
        self.con, self.callback, self.size = con, callback, size
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True) if callback else None
        self._start = _bytes_read()

    def _run(self) -> None:
        while not self._stop.wait(0.3):
            with contextlib.suppress(Exception):
                frac = 0.0
                p = self.con.query_progress()
                if p is not None and p > 0:
                    frac = float(p) / 100.0
                now = _bytes_read()
                if self.size and now is not None and self._start is not None:
                    frac = max(frac, (now - self._start) / self.size)
                self.callback(min(frac, 0.99))

    def __enter__(self) -> _Progress:
        if self._thread:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()


def _stage(
    con, path: Path, fmt: Format, tag: str, progress: Callable[[float], None] | None = None, reads: int = 1
) -> None:
    """Stream ``path`` through :func:`map_sql` into the temp table ``mapped`` (``reads``: how many times this
    process reads the file meanwhile, for the progress estimate)."""
    import duckdb

    sql = map_sql(fmt.select, reader_sql(path, fmt, rejects=None if fmt.parquet else tag), fmt.pre)
    try:
        # The file is the probe side of the three lookup joins, as written (LEFT JOIN: the small lookup is
        # hashed).  DuckDB cannot estimate a CSV scan's rows and would otherwise flip the joins and hash
        # every row of the file (the whole file in memory, and 2-3x slower).
        con.execute("SET disabled_optimizers = 'build_side_probe_side'")
        with _Progress(con, progress, path.stat().st_size * reads):
            con.execute(f"CREATE OR REPLACE TEMP TABLE mapped AS {sql}")
    except duckdb.Error as exc:
        msg = str(exc).strip().splitlines()[0]
        raise InputError(f"{path}: cannot be read as {fmt.name}: {msg}") from exc
    finally:
        with contextlib.suppress(duckdb.Error):
            con.execute("RESET disabled_optimizers")


def _malformed(con, path: Path, fmt: Format, tag: str) -> tuple[int, int | None, str | None, str | None]:
    """(number of malformed rows, first bad line, its text, the error) of the staged file."""
    n_rej, first = 0, None
    if not fmt.parquet:
        n_rej = con.execute(f"SELECT COUNT(DISTINCT line) FROM {tag}_errors").fetchall()[0][0]
        first = con.execute(
            f"SELECT line, csv_line, error_type, error_message FROM {tag}_errors ORDER BY line, column_idx LIMIT 1"
        ).fetchall()
        first = first[0] if first else None
    n_null = con.execute("SELECT COUNT(*) FROM mapped WHERE event_id IS NULL OR event_date IS NULL").fetchall()[0][0]
    if first is not None:
        line, text, _kind, message = first
        return n_rej + n_null, int(line), text, message.split(". ")[0] if message else _kind
    if n_null:
        return n_null, None, None, f"{n_null} row(s) without an event id or date"
    return 0, None, None, None


def _unique_events_sql(con) -> str:
    """SQL of the valid staged rows, one per event id: the window of ``DEDUP_SQL`` only if an id repeats."""
    return DEDUP_SQL if con.execute(HAS_DUPLICATES_SQL).fetchall()[0][0] else VALID_SQL


def _short(text: str, n: int = 160) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


def _open_store(path: Path):
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    return connect(path)


def _ensure_schema(con) -> None:
    for stmt in _SCHEMA:
        con.execute(stmt)
    con.execute(
        "INSERT INTO meta SELECT 'schema_version', ? "
        "WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'schema_version')",
        [SCHEMA_VERSION],
    ).fetchall()


def ingest_duckdb(
    files: Sequence[tuple[Path, Format]],
    db: Path,
    dataset: str | None = None,
    allow_malformed: bool = False,
    progress: Callable[[int, str, float], None] | None = None,
) -> list[FileReport]:
    """Ingest ``files`` into the store ``db`` in one transaction (see :func:`threatbalance.events.ingest`)."""
    from .._version import __version__

    existed = db.exists()
    con = _open_store(db)
    reports: list[FileReport] = []
    ok = False
    try:
        con.execute("BEGIN TRANSACTION")
        _ensure_schema(con)
        batch = con.execute("SELECT COALESCE(MAX(batch_id), 0) + 1 FROM files").fetchall()[0][0]
        for i, (path, fmt) in enumerate(files):
            ds = dataset or fmt.dataset
            tag = f"rejects_{i}"
            cb = (lambda frac, i=i, path=path: progress(i, str(path), frac)) if progress else None
            if progress:
                progress(i, str(path), 0.0)
            hashing = _Sha256(path)  # hashed while DuckDB stages the file
            try:
                _stage(con, path, fmt, tag, cb, reads=2)
                n_bad, line, text, why = _malformed(con, path, fmt, tag)
                if n_bad and not allow_malformed:
                    where = f"line {line}: {why}: {_short(text or '')!r}" if line is not None else why
                    raise InputError(
                        f"{path}: {n_bad:,} malformed row(s); first at {where}; nothing was ingested "
                        "(--allow-malformed loads the other rows and records the count)"
                    )
            except BaseException:
                hashing.cancel()
                raise
            sha = hashing.result()
            stats = con.execute(
                """SELECT COUNT(*),
                          COUNT(*) FILTER (WHERE (src_ccode IS NULL OR tgt_ccode IS NULL) AND event_id IS NOT NULL),
                          COUNT(*) FILTER (WHERE quad IS NULL AND event_id IS NOT NULL),
                          MIN(event_date), MAX(event_date),
                          COUNT(*) FILTER (WHERE event_id IS NULL OR event_date IS NULL)
                   FROM mapped"""
            ).fetchall()[0]
            n_null = stats[5]  # rows staged without an id or date (already in n_bad)
            n_read = stats[0] + n_bad - n_null  # staged rows + rows the reader rejected
            file_id = con.execute("SELECT COALESCE(MAX(file_id), 0) + 1 FROM files").fetchall()[0][0]
            # Dedup against the store: an anti-join on (dataset, event_id), skipped while the data set is empty.
            stored = con.execute("SELECT EXISTS (SELECT 1 FROM stored_events WHERE dataset = ?)", [ds]).fetchall()[0][0]
            anti = "WHERE NOT EXISTS (SELECT 1 FROM stored_events e WHERE e.dataset = ? AND e.event_id = s.event_id)"
            n_new = con.execute(
                f"""INSERT INTO stored_events
                    SELECT ?, s.event_id, ?, s.event_date, s.src_ccode, s.src_state, s.tgt_ccode, s.tgt_state,
                           s.cameo, s.quad, s.goldstein10
                    FROM ({_unique_events_sql(con)}) s
                    {anti if stored else ""}""",
                [ds, file_id, ds] if stored else [ds, file_id],
            ).fetchall()[0][0]
            rep = FileReport(
                str(path),
                ds,
                fmt.name,
                "duckdb",
                rows_read=int(n_read),
                rows_new=int(n_new),
                rows_duplicate=int(n_read - n_bad - n_new),
                rows_malformed=int(n_bad),
                first_bad_line=line,
                first_bad_text=text,
                rows_unmapped_country=int(stats[1]),
                rows_unknown_code=int(stats[2]),
                sha256=sha,
            )
            con.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    file_id,
                    batch,
                    ds,
                    str(path.resolve()),
                    path.stat().st_size,
                    sha,
                    fmt.name,
                    "duckdb",
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    __version__,
                    rep.rows_read,
                    rep.rows_new,
                    rep.rows_duplicate,
                    rep.rows_malformed,
                    line,
                    text,
                    rep.rows_unmapped_country,
                    rep.rows_unknown_code,
                    stats[3],
                    stats[4],
                ],
            ).fetchall()
            con.execute("DROP TABLE mapped")
            if progress:
                progress(i, str(path), 1.0)
            reports.append(rep)
        con.execute("COMMIT")
        ok = True
    except BaseException:
        with contextlib.suppress(Exception):
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()
        if not ok and not existed:
            for p in (db, db.with_name(db.name + ".wal")):
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
    return reports


def store_aggregates(
    db: Path,
    dataset: str,
    files: Sequence[tuple[Path, Format, str, dict]],
    dyad_counts: pl.DataFrame,
    state_counts: pl.DataFrame,
) -> list[FileReport]:
    """Write Spark's counts and the files' provenance into the store, in one transaction."""
    from .._version import __version__

    existed = db.exists()
    con = _open_store(db)
    ok = False
    reports = []
    try:
        con.execute("BEGIN TRANSACTION")
        _ensure_schema(con)
        batch = con.execute("SELECT COALESCE(MAX(batch_id), 0) + 1 FROM files").fetchall()[0][0]
        con.register("_dc", dyad_counts.to_arrow())
        con.register("_sc", state_counts.to_arrow())
        cols = ", ".join(COUNT_COLUMNS)
        con.execute(
            f"INSERT INTO agg_dyad_month SELECT ?, ?, ccode1, ccode2, year, month, {cols} FROM _dc", [dataset, batch]
        ).fetchall()
        con.execute(
            "INSERT INTO agg_state_month SELECT ?, ?, ccode, year, month, n_coverage FROM _sc", [dataset, batch]
        ).fetchall()
        for path, fmt, sha, st in files:
            file_id = con.execute("SELECT COALESCE(MAX(file_id), 0) + 1 FROM files").fetchall()[0][0]
            rep = FileReport(str(path), dataset, fmt.name, "spark", sha256=sha, **st)
            con.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    file_id,
                    batch,
                    dataset,
                    str(path.resolve()),
                    path.stat().st_size,
                    sha,
                    fmt.name,
                    "spark",
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    __version__,
                    rep.rows_read,
                    rep.rows_new,
                    rep.rows_duplicate,
                    rep.rows_malformed,
                    rep.first_bad_line,
                    rep.first_bad_text,
                    rep.rows_unmapped_country,
                    rep.rows_unknown_code,
                    None,
                    None,
                ],
            ).fetchall()
            reports.append(rep)
        con.execute("COMMIT")
        ok = True
    except BaseException:
        with contextlib.suppress(Exception):
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()
        if not ok and not existed:
            with contextlib.suppress(FileNotFoundError):
                db.unlink()
    return reports


def ingested_hashes(db: Path, dataset: str, engine: str) -> set[str]:
    if not db.exists():
        return set()
    con = connect(db, read_only=True)
    try:
        if not con.execute("SELECT COUNT(*) FROM duckdb_tables() WHERE table_name = 'files'").fetchall()[0][0]:
            return set()
        rows = con.execute("SELECT sha256 FROM files WHERE dataset = ? AND engine = ?", [dataset, engine]).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def _check_store(db: Path) -> None:
    if not db.exists():
        raise InputError(f"no event store at {str(db)!r}; create one with `threatbalance events ingest FILE --db {db}`")


def _datasets(con) -> list[str]:
    rows = con.execute("SELECT DISTINCT dataset FROM files ORDER BY dataset").fetchall()
    return [r[0] for r in rows]


def pick_dataset(con, dataset: str | None, db: Path) -> str:
    ds = _datasets(con)
    if not ds:
        raise InputError(f"the event store {str(db)!r} holds no events yet")
    if dataset is None:
        if len(ds) > 1:
            raise InputError(
                f"the event store {str(db)!r} holds several data sets ({', '.join(ds)}); choose one with --dataset"
            )
        return ds[0]
    if dataset not in ds:
        raise InputError(f"unknown data set {dataset!r} in {str(db)!r}; it holds: {', '.join(ds)}")
    return dataset


def dyads_duckdb(db: Path, unit: str, years: tuple[int, int] | None, dataset: str | None) -> pl.DataFrame:
    """The dyad-``unit`` measures of one data set of the store."""
    _check_store(db)
    con = connect(db, read_only=True)
    try:
        ds = pick_dataset(con, dataset, db)
        cols = ", ".join(COUNT_COLUMNS)
        con.execute(f"CREATE TEMP VIEW events AS SELECT * FROM stored_events WHERE dataset = {_lit(ds)}")
        con.execute(
            f"CREATE TEMP VIEW dyad_counts AS {DYAD_COUNTS_SQL} UNION ALL "
            f"SELECT ccode1, ccode2, year, month, {cols} FROM agg_dyad_month WHERE dataset = {_lit(ds)}"
        )
        con.execute(
            f"CREATE TEMP VIEW state_counts AS {STATE_COUNTS_SQL} UNION ALL "
            f"SELECT ccode, year, month, n_coverage FROM agg_state_month WHERE dataset = {_lit(ds)}"
        )
        where = f"year BETWEEN {int(years[0])} AND {int(years[1])}" if years else "TRUE"
        return _frame(con.sql(measures_sql(unit, where)))
    finally:
        con.close()


def covered_state_years(db: Path, dataset: str | None = None) -> pl.DataFrame:
    """(ccode, year): the states each year of the store names in at least one event (any actor)."""
    _check_store(db)
    con = connect(db, read_only=True)
    try:
        ds = pick_dataset(con, dataset, db)
        con.execute(f"CREATE TEMP VIEW events AS SELECT * FROM stored_events WHERE dataset = {_lit(ds)}")
        sql = (
            f"SELECT DISTINCT ccode, year FROM ({STATE_COUNTS_SQL}) s UNION "
            f"SELECT DISTINCT ccode, year FROM agg_state_month WHERE dataset = {_lit(ds)}"
        )
        return _frame(con.sql(sql)).sort("ccode", "year")
    finally:
        con.close()


def info_duckdb(db: Path) -> dict:
    """What the store holds: data sets, events, dates, files with their provenance."""
    _check_store(db)
    con = connect(db, read_only=True)
    try:
        files = _frame(con.sql("SELECT * FROM files ORDER BY file_id"))
        per = con.execute(
            """SELECT dataset, COUNT(*), MIN(event_date), MAX(event_date),
                      COUNT(*) FILTER (WHERE src_state AND tgt_state AND src_ccode IS NOT NULL AND tgt_ccode IS NOT NULL
                                       AND src_ccode <> tgt_ccode)
               FROM stored_events GROUP BY dataset ORDER BY dataset"""
        ).fetchall()
        agg = con.execute(
            "SELECT dataset, SUM(n_events), MIN(year * 100 + month), MAX(year * 100 + month) FROM agg_dyad_month "
            "GROUP BY dataset ORDER BY dataset"
        ).fetchall()
    finally:
        con.close()
    datasets = {
        r[0]: {"events": int(r[1]), "first_date": str(r[2]), "last_date": str(r[3]), "state_to_state_events": int(r[4])}
        for r in per
    }
    for ds, n, lo, hi in agg:
        d = datasets.setdefault(ds, {})
        d["spark_aggregated_state_events"] = int(n)
        d["spark_months"] = f"{lo // 100}-{lo % 100:02d}..{hi // 100}-{hi % 100:02d}"
    return {"db": str(db), "size_bytes": db.stat().st_size, "datasets": datasets, "files": files}


def aggregate_duckdb(files: Iterable[tuple[Path, Format]], unit: str = "month") -> pl.DataFrame:
    """File(s) -> dyad-``unit`` measures on an in-memory DuckDB, without a store (strict about malformed rows)."""
    con = connect(None)
    try:
        files = list(files)
        parts = []
        for i, (path, fmt) in enumerate(files):
            tag = f"rejects_{i}"
            _stage(con, path, fmt, tag)
            n_bad, line, text, why = _malformed(con, path, fmt, tag)
            if n_bad:
                where = f"line {line}: {why}: {_short(text or '')!r}" if line is not None else why
                raise InputError(f"{path}: {n_bad:,} malformed row(s); first at {where}")
            if len(files) > 1:
                con.execute(f"ALTER TABLE mapped RENAME TO mapped_{i}")
                parts.append(f"SELECT * FROM mapped_{i}")
        if parts:
            con.execute(f"CREATE OR REPLACE TEMP VIEW mapped AS {' UNION ALL '.join(parts)}")
        con.execute(f"CREATE TEMP VIEW events AS {_unique_events_sql(con)}")
        con.execute(f"CREATE TEMP VIEW dyad_counts AS {DYAD_COUNTS_SQL}")
        con.execute(f"CREATE TEMP VIEW state_counts AS {STATE_COUNTS_SQL}")
        return _frame(con.sql(measures_sql(unit)))
    finally:
        con.close()


def default_store(db: str | Path | None) -> Path:
    return Path(db).expanduser() if db is not None else default_db()
