"""Evidence ledgers: a study's dated facts as data, checked against one schema.

A ledger is a CSV file with one row per dated fact (schema in ``docs/case.md`` and
:data:`LEDGER_COLUMNS`).  ``source_state`` and ``target_state`` follow the project's directed
convention: in a ``hostile`` row the source threatens (or is perceived to threaten) the target;
in a ``cooperative`` row the source acts for the target.  The hostile rows can be fed into the
intentions term of the threat model (:func:`hostile_events`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from .._errors import InputError, UnknownStateError
from ..states import resolve_state, state_table

#: Columns of a ledger: name -> (required, description).
LEDGER_COLUMNS: dict[str, tuple[bool, str]] = {
    "id": (False, "short unique identifier, e.g. E01 (numbered in file order when absent)"),
    "date": (True, "YYYY, YYYY-MM or YYYY-MM-DD: when the fact happened (or was reported)"),
    "source_state": (True, "the acting state (COW code, abbreviation, ISO3, English or Persian name)"),
    "target_state": (True, "the state acted on; in a hostile row, the threatened state"),
    "direction": (True, "hostile, cooperative or neutral"),
    "dimension": (True, "diplomatic, economic, energy, military-security or threat perception"),
    "weight": (False, "positive number: how strongly the fact counts (default 1; 2 for explicit threats)"),
    "summary": (True, "a short neutral summary in the ledger author's own words"),
    "citation": (True, "the source the study cites, e.g. 'Frenkel 2012'"),
}
DIRECTIONS = ("hostile", "cooperative", "neutral")
DIMENSIONS = ("diplomatic", "economic", "energy", "military-security", "threat perception")


def _parse_dates(dates: pl.Series) -> pl.DataFrame:
    s = dates.cast(pl.Utf8).str.strip_chars()
    ok = s.str.contains(r"^\d{4}(-\d{2}(-\d{2})?)?$")
    bad = s.filter(~ok.fill_null(False) | s.is_null())
    if len(bad) or s.null_count():
        raise InputError(f"ledger date {bad.to_list()[:3] if len(bad) else None!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    parts = s.str.split("-")
    df = pl.DataFrame({"raw": s}).with_columns(
        parts.list.get(0).cast(pl.Int32).alias("year"),
        parts.list.get(1, null_on_oob=True).cast(pl.Int32).alias("month"),
        parts.list.get(2, null_on_oob=True).cast(pl.Int32).alias("day"),
    )
    bad_m = df.filter((pl.col("month") < 1) | (pl.col("month") > 12))
    if bad_m.height:
        raise InputError(f"ledger date {bad_m['raw'][0]!r} has a month outside 1-12")
    df = df.with_columns(pl.date(pl.col("year"), pl.col("month").fill_null(1), pl.col("day").fill_null(1))
                         .alias("when"),
                         pl.when(pl.col("day").is_not_null()).then(pl.lit("day"))
                         .when(pl.col("month").is_not_null()).then(pl.lit("month")).otherwise(pl.lit("year"))
                         .alias("date_precision"))
    return df


def _resolve(values: list[Any], col: str) -> list[int]:
    cache: dict[str, int] = {}
    out = []
    for v in values:
        key = str(v).strip()
        if key not in cache:
            try:
                cache[key] = resolve_state(int(key) if key.isdigit() else key)
            except UnknownStateError as exc:
                raise UnknownStateError(f"ledger column {col}: {exc}") from None
        out.append(cache[key])
    return out


def validate_ledger(df: pl.DataFrame) -> pl.DataFrame:
    """Check a ledger frame against the schema and return it typed and enriched.

    Adds ``year``, ``when`` (a date; first day of the month/year when the date is less precise),
    ``date_precision``, ``source`` / ``target`` (COW codes) and ``source_abb`` / ``target_abb``.

    Examples
    --------
    >>> import polars as pl, threatbalance as tb
    >>> raw = pl.DataFrame({"date": ["2012-02"], "source_state": ["Israel"], "target_state": ["AZE"],
    ...                     "direction": ["cooperative"], "dimension": ["military-security"],
    ...                     "summary": ["arms contract"], "citation": ["Frenkel 2012"]})
    >>> tb.validate_ledger(raw).select("id", "year", "source", "target", "weight").row(0)
    ('E01', 2012, 666, 373, 1.0)
    """
    if not isinstance(df, pl.DataFrame):
        raise InputError(f"a ledger must be a polars DataFrame or a CSV path, got {type(df).__name__}")
    missing = [c for c, (req, _) in LEDGER_COLUMNS.items() if req and c not in df.columns]
    if missing:
        raise InputError(f"ledger lacks required column(s) {missing}; required: "
                         f"{[c for c, (r, _) in LEDGER_COLUMNS.items() if r]} (see docs/case.md)")
    if df.height == 0:
        raise InputError("the ledger has no rows")
    df = df.with_columns(pl.col(c).cast(pl.Utf8).str.strip_chars() for c in
                         ("date", "source_state", "target_state", "direction", "dimension", "summary", "citation"))
    for col, allowed in (("direction", DIRECTIONS), ("dimension", DIMENSIONS)):
        bad = df.filter(~pl.col(col).str.to_lowercase().is_in(allowed) | pl.col(col).is_null())[col].to_list()
        if bad:
            raise InputError(f"ledger {col} {bad[0]!r} is not allowed; use one of: {', '.join(allowed)}")
    for col in ("summary", "citation", "source_state", "target_state"):
        if df[col].is_null().any() or (df[col] == "").any():
            raise InputError(f"ledger column {col!r} has an empty value (row {int((df[col].is_null() | (df[col] == '')).arg_max()) + 1})")
    if "id" not in df.columns:
        df = df.with_columns(pl.format("E{}", pl.int_range(1, df.height + 1).cast(pl.Utf8).str.zfill(2)).alias("id"))
    dup = df.filter(pl.col("id").is_duplicated())["id"].unique().to_list()
    if dup:
        raise InputError(f"ledger ids {sorted(dup)} are not unique")
    if "weight" in df.columns:
        w = df["weight"].cast(pl.Float64, strict=False)
        if w.is_null().any() and not df["weight"].is_null().all():
            bad = df.filter(w.is_null() & df["weight"].is_not_null())["weight"].to_list()
            if bad:
                raise InputError(f"ledger weight {bad[0]!r} is not a number")
        w = w.fill_null(1.0)
        if (w <= 0).any():
            raise InputError(f"ledger weight must be positive, got {w.filter(w <= 0)[0]}")
        df = df.with_columns(w.alias("weight"))
    else:
        df = df.with_columns(pl.lit(1.0).alias("weight"))
    dates = _parse_dates(df["date"])
    src = _resolve(df["source_state"].to_list(), "source_state")
    tgt = _resolve(df["target_state"].to_list(), "target_state")
    abb = dict(zip(*state_table().select("code", "abb").to_dict(as_series=False).values()))
    df = df.with_columns(
        pl.col("direction").str.to_lowercase(), pl.col("dimension").str.to_lowercase(),
        dates["year"], dates["when"], dates["date_precision"],
        pl.Series("source", src, pl.Int32), pl.Series("target", tgt, pl.Int32),
        pl.Series("source_abb", [abb.get(c) for c in src], pl.Utf8),
        pl.Series("target_abb", [abb.get(c) for c in tgt], pl.Utf8),
    )
    first = ["id", "date", "year", "when", "date_precision", "source_state", "target_state", "source", "target",
             "source_abb", "target_abb", "direction", "dimension", "weight", "summary", "citation"]
    return df.select(first + [c for c in df.columns if c not in first]).sort(["when", "id"])


def load_ledger(source: Any) -> pl.DataFrame:
    """Read and check an evidence ledger: a shipped case's name, a CSV path, or a DataFrame.

    Parameters
    ----------
    source : str, Path or polars.DataFrame
        ``"israel-azerbaijan"`` (a shipped case), a path to a CSV file with the columns of
        :data:`LEDGER_COLUMNS`, or a DataFrame with those columns.

    Returns
    -------
    polars.DataFrame
        The ledger, sorted by date, with the parsed columns described in :func:`validate_ledger`.

    Examples
    --------
    >>> import threatbalance as tb
    >>> led = tb.load_ledger("israel-azerbaijan")
    >>> led.filter(tb.col("id") == "E34").select("year", "source_abb", "target_abb", "dimension").row(0)
    (2012, 'ISR', 'AZE', 'military-security')
    """
    if isinstance(source, pl.DataFrame):
        return validate_ledger(source)
    path = Path(str(source))
    if not path.suffix and not path.exists():
        from ._registry import get_case

        case = get_case(str(source))
        if case.ledger is None:
            raise InputError(f"case {source!r} ships no ledger")
        path = case.ledger
    if not path.is_file():
        raise InputError(f"ledger file {str(path)!r} does not exist")
    if path.suffix.lower() != ".csv":
        raise InputError(f"ledger {str(path)!r} must be a CSV file (.csv); see docs/case.md for the columns")
    try:
        raw = pl.read_csv(path, infer_schema_length=0)
    except Exception as exc:  # polars raises several kinds on malformed CSV
        raise InputError(f"cannot read ledger {str(path)!r}: {exc}") from None
    return validate_ledger(raw)


def hostile_events(ledger: Any, source: Any = None, target: Any = None,
                   dimensions: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The hostile rows of a ledger (optionally of one source or target), for the intentions term.

    Returns ``year, source, target, weight, id, dimension, summary, citation``.

    Examples
    --------
    >>> import threatbalance as tb
    >>> h = tb.hostile_events("israel-azerbaijan", source="IRN")
    >>> sorted(set(h["target"].to_list()))
    [373, 666]
    """
    led = load_ledger(ledger) if not (isinstance(ledger, pl.DataFrame) and "source" in ledger.columns) else ledger
    out = led.filter(pl.col("direction") == "hostile")
    if source is not None:
        out = out.filter(pl.col("source") == resolve_state(source))
    if target is not None:
        out = out.filter(pl.col("target") == resolve_state(target))
    if dimensions is not None:
        bad = [d for d in dimensions if d not in DIMENSIONS]
        if bad:
            raise InputError(f"unknown dimension(s) {bad}; allowed: {', '.join(DIMENSIONS)}")
        out = out.filter(pl.col("dimension").is_in(list(dimensions)))
    return out.select("year", "source", "target", "weight", "id", "dimension", "summary", "citation")


def ledger_schema() -> pl.DataFrame:
    """The ledger schema as a table: column, required, description.

    Examples
    --------
    >>> import threatbalance as tb
    >>> tb.ledger_schema()["column"].to_list()[:3]
    ['id', 'date', 'source_state']
    """
    return pl.DataFrame({"column": list(LEDGER_COLUMNS), "required": [r for r, _ in LEDGER_COLUMNS.values()],
                         "description": [d for _, d in LEDGER_COLUMNS.values()]})
