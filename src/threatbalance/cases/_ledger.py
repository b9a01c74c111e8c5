"""Evidence ledgers: a study's dated facts as data, in the threat model's evidence schema.

A ledger is a CSV file with one row per dated fact.  Its core columns are exactly those of
:func:`threatbalance.threat.load_evidence` (``date, source_state, target_state, direction,
dimension, weight, summary, citation``), which checks them, so a ledger can be passed as it is to
``ThreatModel(evidence=...)``; the case adds three columns the evidence loader keeps and ignores:
``id``, ``domain`` (the study's dimension: diplomatic, economic, energy, military-security, threat
perception) and a required ``summary``.  Schema: :data:`LEDGER_COLUMNS` and ``docs/case.md``.

``source_state`` and ``target_state`` follow the project's directed convention: in a ``hostile``
row the source threatens (or is perceived to threaten) the target; in a ``cooperative`` row the
source acts for the target, which the threat model reads as reassurance.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from .._errors import InputError

#: Columns of a ledger: name -> (required, description).  ``date`` ... ``citation`` are the threat
#: model's evidence schema (``threatbalance.threat.EVIDENCE_COLUMNS``); ``id`` and ``domain`` are the case's.
LEDGER_COLUMNS: dict[str, tuple[bool, str]] = {
    "id": (False, "short unique identifier, e.g. E01 (numbered in file order when absent)"),
    "date": (True, "YYYY, YYYY-MM or YYYY-MM-DD: when the fact happened (or was reported)"),
    "source_state": (
        True,
        "the acting state (COW code, abbreviation, ISO3, English or Persian name); in a hostile row, the threatener",
    ),
    "target_state": (True, "the state acted on; in a hostile row, the threatened state"),
    "direction": (True, "hostile (raises the source's threat to the target) or cooperative (lowers it)"),
    "dimension": (False, "the term of Walt's threat the fact speaks to: intent (default), offense, power or proximity"),
    "weight": (False, "strength or credibility in [0, 1], default 1"),
    "domain": (False, "the study's dimension: diplomatic, economic, energy, military-security or threat perception"),
    "summary": (True, "a short neutral summary in the ledger author's own words"),
    "citation": (True, "the source the study cites, e.g. 'Frenkel 2012'"),
    "date_precision": (
        False,
        (
            "day, month or year: the event's date to that precision (default: from the form of "
            "`date`); source-year: the study gives no date for the event and `date` is the year "
            "of the cited source"
        ),
    ),
    "note": (False, "a remark on the row, e.g. why its date is uncertain"),
}
#: Allowed values of ``date_precision``.
DATE_PRECISIONS = ("day", "month", "year", "source-year")
DIRECTIONS = ("hostile", "cooperative")
DOMAINS = ("diplomatic", "economic", "energy", "military-security", "threat perception")
#: Kept for callers of the first version: the study's dimensions are now the ``domain`` column.
DIMENSIONS = DOMAINS


def _precision(dates: Any) -> pl.Expr:
    s = dates.cast(pl.Utf8).str.strip_chars()
    return (
        pl.when(s.str.len_chars() >= 10)
        .then(pl.lit("day"))
        .when(s.str.len_chars() == 7)
        .then(pl.lit("month"))
        .otherwise(pl.lit("year"))
    )


def validate_ledger(df: pl.DataFrame) -> pl.DataFrame:
    """Check a ledger frame against the schema and return it typed and enriched.

    The evidence columns are checked by :func:`threatbalance.threat.load_evidence` (its messages
    name the row and the bad value); the case's own columns here.  The result keeps ``date`` as
    written and adds ``when`` (a date), ``year``, ``date_precision``, ``source`` / ``target`` (COW
    codes), ``source_abb`` / ``target_abb`` and ``sign`` (+1 hostile, -1 cooperative).

    Examples
    --------
    >>> import polars as pl, threatbalance as tb
    >>> raw = pl.DataFrame({"date": ["2012-02"], "source_state": ["Israel"], "target_state": ["AZE"],
    ...                     "direction": ["cooperative"], "domain": ["military-security"],
    ...                     "summary": ["arms contract"], "citation": ["Frenkel 2012"]})
    >>> tb.validate_ledger(raw).select("id", "year", "source", "target", "dimension", "weight").row(0)
    ('E01', 2012, 666, 373, 'intent', 1.0)
    """
    from ..states import state_table
    from ..threat.evidence import load_evidence

    if not isinstance(df, pl.DataFrame):
        raise InputError(f"a ledger must be a polars DataFrame or a CSV path, got {type(df).__name__}")
    if df.height == 0:
        raise InputError("the ledger has no rows")
    missing = [c for c, (req, _) in LEDGER_COLUMNS.items() if req and c not in df.columns]
    if missing:
        raise InputError(
            f"ledger lacks required column(s) {missing}; required: "
            f"{[c for c, (r, _) in LEDGER_COLUMNS.items() if r]} (see docs/case.md)"
        )
    raw_dates = df["date"].cast(pl.Utf8).str.strip_chars()
    for col in ("summary", "citation"):
        vals = df[col].cast(pl.Utf8).str.strip_chars()
        empty = vals.is_null() | (vals == "")
        if empty.any():
            raise InputError(f"ledger row {int(empty.arg_max() or 0) + 1}: column {col!r} is empty")
    direc = df["direction"].cast(pl.Utf8).str.strip_chars().str.to_lowercase()
    bad = df.filter(~direc.is_in(DIRECTIONS) | direc.is_null())["direction"].to_list()
    if bad:
        raise InputError(f"ledger direction {bad[0]!r} is not allowed; use one of: {', '.join(DIRECTIONS)}")
    if "domain" in df.columns:
        dom = df["domain"].cast(pl.Utf8).str.strip_chars().str.to_lowercase()
        bad = df.filter(dom.is_not_null() & ~dom.is_in(DOMAINS))["domain"].to_list()
        if bad:
            raise InputError(f"ledger domain {bad[0]!r} is not allowed; use one of: {', '.join(DOMAINS)}")
        df = df.with_columns(dom.alias("domain"))
    else:
        df = df.with_columns(pl.lit(None, pl.Utf8).alias("domain"))
    if "id" not in df.columns:
        df = df.with_columns(pl.format("E{}", pl.int_range(1, df.height + 1).cast(pl.Utf8).str.zfill(2)).alias("id"))
    df = df.with_columns(pl.col("id").cast(pl.Utf8).str.strip_chars())
    dup = df.filter(pl.col("id").is_duplicated())["id"].unique().sort().to_list()
    if dup:
        raise InputError(f"ledger ids {dup} are not unique")
    if "date_precision" in df.columns:
        given = df["date_precision"].cast(pl.Utf8).str.strip_chars().str.to_lowercase().replace("", None)
        bad = given.filter(given.is_not_null() & ~given.is_in(DATE_PRECISIONS)).to_list()
        if bad:
            raise InputError(
                f"ledger date_precision {bad[0]!r} is not allowed; use one of: {', '.join(DATE_PRECISIONS)} "
                f"(or leave it empty)"
            )
        prec = (
            pl.DataFrame({"g": given, "d": raw_dates})
            .select(pl.coalesce(pl.col("g"), _precision(pl.col("d"))))
            .to_series()
        )
    else:
        prec = pl.DataFrame({"d": raw_dates}).select(_precision(pl.col("d"))).to_series()
    df = df.drop([c for c in ("date_precision",) if c in df.columns])
    if "note" in df.columns:
        df = df.with_columns(pl.col("note").cast(pl.Utf8).str.strip_chars().replace("", None))
    ev = load_evidence(df.with_columns(direc.alias("direction"), prec.alias("_date_precision")))
    abb = dict(zip(*state_table().select("code", "abb").to_dict(as_series=False).values()))
    ev = ev.rename({"date": "when"}).with_columns(
        raw_dates.alias("date"),
        pl.col("_date_precision").alias("date_precision"),
        pl.col("source").replace_strict(abb, default=None, return_dtype=pl.Utf8).alias("source_abb"),
        pl.col("target").replace_strict(abb, default=None, return_dtype=pl.Utf8).alias("target_abb"),
        pl.when(pl.col("sign") > 0).then(pl.lit("hostile")).otherwise(pl.lit("cooperative")).alias("direction"),
        pl.col("source_state").cast(pl.Utf8),
        pl.col("target_state").cast(pl.Utf8),
        pl.col("summary").cast(pl.Utf8).str.strip_chars(),
        pl.col("citation").cast(pl.Utf8).str.strip_chars(),
    )
    first = [
        "id",
        "date",
        "year",
        "when",
        "date_precision",
        "source_state",
        "target_state",
        "source",
        "target",
        "source_abb",
        "target_abb",
        "direction",
        "sign",
        "dimension",
        "weight",
        "domain",
        "summary",
        "citation",
    ]
    ev = ev.drop("_date_precision")
    return ev.select(first + [c for c in ev.columns if c not in first]).sort(["when", "id"])


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
        It is valid evidence for ``tb.ThreatModel(evidence=...)``.

    Examples
    --------
    >>> import threatbalance as tb
    >>> led = tb.load_ledger("israel-azerbaijan")
    >>> led.filter(tb.col("id") == "E34").select("year", "source_abb", "target_abb", "domain").row(0)
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


def hostile_events(
    ledger: Any, source: Any = None, target: Any = None, dimensions: tuple[str, ...] | None = None
) -> pl.DataFrame:
    """The hostile rows of a ledger (optionally of one source or target), ready for the threat model.

    The result is valid evidence for ``tb.ThreatModel(evidence=...)``: its hostile statements and
    acts raise the source's threat to the target in the term named by ``dimension`` (normally
    ``intent``).  ``dimensions`` filters on the study's ``domain`` column.

    Examples
    --------
    >>> import threatbalance as tb
    >>> h = tb.hostile_events("israel-azerbaijan", source="IRN")
    >>> sorted(set(h["target"].to_list()))
    [373, 666]
    >>> m = tb.ThreatModel(evidence=h)       # Iran's hostile statements enter its intent term
    """
    from ..states import resolve_state

    led = ledger if isinstance(ledger, pl.DataFrame) and "sign" in ledger.columns else load_ledger(ledger)
    out = led.filter(pl.col("direction") == "hostile")
    if source is not None:
        out = out.filter(pl.col("source") == resolve_state(source))
    if target is not None:
        out = out.filter(pl.col("target") == resolve_state(target))
    if dimensions is not None:
        bad = [d for d in dimensions if d not in DOMAINS]
        if bad:
            raise InputError(f"unknown domain(s) {bad}; allowed: {', '.join(DOMAINS)}")
        out = out.filter(pl.col("domain").is_in(list(dimensions)))
    return out


def ledger_schema() -> pl.DataFrame:
    """The ledger schema as a table: column, required, description.

    Examples
    --------
    >>> import threatbalance as tb
    >>> tb.ledger_schema()["column"].to_list()[:3]
    ['id', 'date', 'source_state']
    """
    return pl.DataFrame(
        {
            "column": list(LEDGER_COLUMNS),
            "required": [r for r, _ in LEDGER_COLUMNS.values()],
            "description": [d for _, d in LEDGER_COLUMNS.values()],
        }
    )
