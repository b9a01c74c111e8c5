"""User evidence: dated, sourced statements or events that move one term of the threat index.

An analyst (or an event-data file) supplies evidence as a table with these columns (one row per
item; extra columns are kept and ignored):

=================  ========  ======================================================================
column             required  meaning
=================  ========  ======================================================================
``date``           yes       when it happened or was said: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``
                             (or a date); it counts from that year on, never before
``source_state``   yes       the state whose threat the item is about (the threatener), any
                             identifier :func:`threatbalance.resolve_state` accepts (``IRN``, 630,
                             ``Iran``, ``ایران``)
``target_state``   yes       the state threatened
``direction``      yes       ``hostile`` (raises the threat; also ``raises``, ``+``) or
                             ``reassuring`` (lowers it; also ``cooperative``, ``lowers``, ``-``)
``dimension``      no        the term it speaks to: ``intent`` (default), ``offense``, ``power``
                             or ``proximity``
``weight``         no        strength/credibility in [0, 1], default 1 (``hostility`` is accepted
                             as the column's name too)
``summary``        no        what happened, in a sentence
``citation``       yes       where it is documented (reference, URL, archive id)
=================  ========  ======================================================================

How it enters the model (``ThreatModel(evidence=..., evidence_weight=1.0, evidence_half_life=3.0)``):
for source ``j``, target ``i``, year ``t`` and term ``k``::

    E_jikt = sum over items (j, i, k) dated in year s <= t of  sign * weight * 0.5 ** ((t - s) / h_e)
    term_k += evidence_weight * sign(E) * log(1 + |E|)         (then floored at 0)

so one fully weighted hostile item doubles the odds in its year (``log 2`` = 0.69 log-odds) and
its effect halves every ``h_e`` = 3 years; many items add up with diminishing returns.

Examples
--------
>>> import polars as pl
>>> from threatbalance.threat import load_evidence
>>> ev = load_evidence(pl.DataFrame({"date": ["2012-03-01"], "source_state": ["IRN"], "target_state": ["AZE"],
...     "direction": ["hostile"], "summary": ["officials accuse Baku of hosting Mossad"],
...     "citation": ["case brief, sec. 2"]}))
>>> ev.select("year", "source", "target", "sign", "dimension", "weight").row(0)
(2012, 630, 373, 1, 'intent', 1.0)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from .._errors import InputError, UnknownStateError
from ..sources import DATA_END, DATA_START
from ..states import resolve_state
from ._features import TERMS

#: The schema: column -> (required, description).
EVIDENCE_COLUMNS: dict[str, tuple[bool, str]] = {
    "date": (True, "YYYY-MM-DD, YYYY-MM or YYYY"),
    "source_state": (True, "the threatening state (code, abbreviation, ISO3 or name)"),
    "target_state": (True, "the threatened state"),
    "direction": (True, "hostile (raises threat) or reassuring (lowers it)"),
    "dimension": (False, "intent (default), offense, power or proximity"),
    "weight": (False, "strength in [0, 1], default 1"),
    "summary": (False, "what happened"),
    "citation": (True, "where it is documented"),
}
_SIGNS = {
    "hostile": 1,
    "raises": 1,
    "+": 1,
    "+1": 1,
    "1": 1,
    "threatening": 1,
    "reassuring": -1,
    "cooperative": -1,
    "lowers": -1,
    "-": -1,
    "-1": -1,
    "friendly": -1,
}


def _read(obj: Any) -> pl.DataFrame:
    if isinstance(obj, pl.DataFrame):
        return obj
    if isinstance(obj, (str, Path)):
        p = Path(obj)
        if not p.is_file():
            raise InputError(f"evidence file {str(p)!r} does not exist")
        if p.suffix.lower() == ".parquet":
            try:
                return pl.read_parquet(p)
            except Exception as exc:  # corrupt or not a Parquet file: a user error naming the file
                raise InputError(f"cannot read evidence file {str(p)!r} as Parquet: {exc}") from None
        if p.suffix.lower() not in (".csv", ".tsv", ".txt"):
            raise InputError(f"evidence file {str(p)!r}: use a .csv (or .tsv, .parquet) file")
        try:
            return pl.read_csv(
                p, separator="\t" if p.suffix.lower() == ".tsv" else ",", infer_schema_length=0, encoding="utf8"
            )
        except Exception as exc:
            raise InputError(f"cannot read evidence file {str(p)!r} as CSV: {exc}") from None
    if hasattr(obj, "columns") and hasattr(obj, "iloc"):  # pandas
        return pl.from_pandas(obj)
    raise InputError(f"evidence must be a polars/pandas DataFrame or a CSV path, got {type(obj).__name__}")


def _parse_date(v: Any, row: int) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip() if v is not None else ""
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            if len(s) == n:
                return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    if isinstance(v, (int, np.integer)) and DATA_START <= int(v) <= 2100:
        return dt.date(int(v), 1, 1)
    raise InputError(f"evidence row {row}: cannot read date {v!r}; use YYYY-MM-DD, YYYY-MM or YYYY")


def load_evidence(evidence: Any) -> pl.DataFrame:
    """Read and check user evidence (see the module documentation for the schema).

    Parameters
    ----------
    evidence : polars.DataFrame, pandas.DataFrame, str or Path
        The table, or a CSV/TSV/Parquet file.

    Returns
    -------
    polars.DataFrame
        The input columns plus ``year``, ``source``, ``target`` (COW codes), ``sign`` (+1/-1),
        ``dimension``, ``weight`` and ``date`` normalised.

    Raises
    ------
    InputError
        Naming the row (1 = first data row) and the bad value: a missing required column, an
        unreadable date, an unknown state, an unknown direction or dimension, a weight outside [0, 1].

    Examples
    --------
    >>> import pandas as pd
    >>> from threatbalance.threat import load_evidence
    >>> load_evidence(pd.DataFrame({"date": ["1996"], "source_state": ["Iran"], "target_state": ["Azerbaijan"],
    ...     "direction": ["hostile"], "citation": ["ban of the Islamic Party of Azerbaijan"]}))["source"][0]
    630
    """
    df = _read(evidence)
    if "weight" not in df.columns and "hostility" in df.columns:
        df = df.rename({"hostility": "weight"})
    missing = [c for c, (req, _) in EVIDENCE_COLUMNS.items() if req and c not in df.columns]
    if missing:
        raise InputError(
            f"evidence lacks required column(s) {', '.join(missing)}; the schema is "
            + "; ".join(f"{c}{'' if r else ' (optional)'}: {d}" for c, (r, d) in EVIDENCE_COLUMNS.items())
        )
    if df.is_empty():
        return _empty(df)
    n = df.height
    dates, srcs, tgts, signs, dims, weights = [], [], [], [], [], []
    dim_col = df["dimension"].to_list() if "dimension" in df.columns else [None] * n
    w_col = df["weight"].to_list() if "weight" in df.columns else [None] * n
    # per-item validation: evidence tables are small (analyst ledgers), and each row needs its own message
    for r, (d, s, t, direc, dim, w, cit) in enumerate(
        zip(
            df["date"].to_list(),
            df["source_state"].to_list(),
            df["target_state"].to_list(),
            df["direction"].to_list(),
            dim_col,
            w_col,
            df["citation"].to_list(),
        ),
        start=1,
    ):
        date = _parse_date(d, r)
        if not DATA_START <= date.year <= DATA_END:
            raise InputError(f"evidence row {r}: date {d!r} is outside the model's years {DATA_START}-{DATA_END}")
        try:
            sc = resolve_state(int(s) if isinstance(s, str) and s.strip().isdigit() else s)
            tc = resolve_state(int(t) if isinstance(t, str) and t.strip().isdigit() else t)
        except UnknownStateError as exc:
            raise UnknownStateError(f"evidence row {r}: {exc}") from None
        if sc == tc:
            raise InputError(f"evidence row {r}: source_state and target_state are the same state ({s!r})")
        key = str(direc).strip().lower() if direc is not None else ""
        if key not in _SIGNS:
            raise InputError(
                f"evidence row {r}: unknown direction {direc!r}; use hostile (raises threat) or reassuring (lowers it)"
            )
        dim = "intent" if dim is None or str(dim).strip() == "" else str(dim).strip().lower()
        if dim not in TERMS:
            raise InputError(f"evidence row {r}: unknown dimension {dim!r}; allowed: {', '.join(TERMS)}")
        try:
            wv = 1.0 if w is None or str(w).strip() == "" else float(w)
        except ValueError:
            raise InputError(f"evidence row {r}: weight {w!r} is not a number in [0, 1]") from None
        if not 0.0 <= wv <= 1.0:
            raise InputError(f"evidence row {r}: weight {wv} is outside [0, 1]")
        if cit is None or str(cit).strip() == "":
            raise InputError(f"evidence row {r}: citation is empty; every item needs a source")
        dates.append(date)
        srcs.append(sc)
        tgts.append(tc)
        signs.append(_SIGNS[key])
        dims.append(dim)
        weights.append(wv)
    return df.with_columns(
        pl.Series("date", dates, dtype=pl.Date),
        pl.Series("year", [x.year for x in dates], dtype=pl.Int32),
        pl.Series("source", srcs, dtype=pl.Int32),
        pl.Series("target", tgts, dtype=pl.Int32),
        pl.Series("sign", signs, dtype=pl.Int8),
        pl.Series("dimension", dims, dtype=pl.Utf8),
        pl.Series("weight", weights, dtype=pl.Float64),
    )


def _empty(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(
        pl.lit(None, pl.Date).alias("date"),
        pl.lit(None, pl.Int32).alias("year"),
        pl.lit(None, pl.Int32).alias("source"),
        pl.lit(None, pl.Int32).alias("target"),
        pl.lit(None, pl.Int8).alias("sign"),
        pl.lit(None, pl.Utf8).alias("dimension"),
        pl.lit(None, pl.Float64).alias("weight"),
    ).clear()


def evidence_contributions(evidence: Any, keys: pl.DataFrame, half_life: float = 3.0) -> pl.DataFrame:
    """Per row of ``keys`` (ccode1, ccode2, year): the compressed evidence score of each term.

    Returns a frame aligned with ``keys`` with one Float64 column per term in :data:`TERMS`
    holding ``sign(E) * log(1 + |E|)`` (0 where no evidence applies); multiply by the model's
    ``evidence_weight`` to get log-odds.
    """
    ev = evidence if _is_loaded(evidence) else load_evidence(evidence)
    k = keys.select(
        pl.col("ccode1").cast(pl.Int32), pl.col("ccode2").cast(pl.Int32), pl.col("year").cast(pl.Int32)
    ).with_row_index("_r")
    out = k.select("_r")
    if ev.is_empty():
        return out.with_columns([pl.lit(0.0).alias(t) for t in TERMS]).drop("_r")
    e = ev.select(
        pl.col("source").alias("ccode1"),
        pl.col("target").alias("ccode2"),
        pl.col("year").alias("_ey"),
        "dimension",
        (pl.col("sign").cast(pl.Float64) * pl.col("weight")).alias("_v"),
    )
    m = k.join(e, on=["ccode1", "ccode2"], how="inner").filter(pl.col("_ey") <= pl.col("year"))
    m = m.with_columns(
        (pl.col("_v") * pl.lit(0.5) ** ((pl.col("year") - pl.col("_ey")).cast(pl.Float64) / half_life)).alias("_v")
    )
    agg = m.group_by("_r", "dimension").agg(pl.col("_v").sum())
    agg = agg.with_columns((pl.col("_v").sign() * pl.col("_v").abs().log1p()).alias("_v"))
    wide = agg.pivot(on="dimension", index="_r", values="_v") if agg.height else agg.select("_r")
    out = out.join(wide, on="_r", how="left", maintain_order="left")
    return out.select(
        [(pl.col(t).fill_null(0.0) if t in out.columns else pl.lit(0.0)).cast(pl.Float64).alias(t) for t in TERMS]
    )


def _is_loaded(ev: Any) -> bool:
    return (
        isinstance(ev, pl.DataFrame)
        and {"source", "target", "sign", "weight", "year"} <= set(ev.columns)
        and ev.schema.get("sign") == pl.Int8
    )
