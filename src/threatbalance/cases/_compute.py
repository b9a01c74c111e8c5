"""Collect every number a case report shows, through the public API only.

Nothing here adds science: threats and their four terms come from the threat model
(``threat_frame`` / ``threat_matrix``), common threats, common enemies and partner ranks from
:mod:`threatbalance.alignment`, alignment behaviour from the panel covariate steps
(``add_atop_alliance``, ``add_sipri_transfers``, ``add_cow_trade``, ``add_un_votes``,
``add_diplomatic_ties``).  This module only selects, joins, ranks and counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from .._errors import EmptySelectionError, YearRangeError
from ..panels import dyad_years
from ..states import state_name
from ..threat import get_model
from ..threat._scenario import Scenario, with_scenario
from ._registry import Case
from ._text import Msg, Name, Years

#: how the case ranks partners: the balance-of-threat score ``S - 10 m``, the measure the case claims
#: (rule ``partner_rank``) were registered with before the fitted AlignmentModel existed; changing it
#: would change a registered claim's measurement after the fact (see docs/case.md)
PARTNER_METHOD = "score"

TERMS = ("power", "proximity", "offense", "intent")
#: Number of common enemies kept per year for the contribution chart and tables.
TOP_ENEMIES = 6


class _Memo:
    """Memoises a threat model's ``threat_matrix`` per year so one report asks each year once."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self._m: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def threat_matrix(self, year: int) -> tuple[np.ndarray, np.ndarray]:
        y = int(year)
        if y not in self._m:
            self._m[y] = self.model.threat_matrix(y)
        return self._m[y]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)


@dataclass
class CaseData:
    """Everything a report shows, as polars frames (see :func:`collect`)."""

    case: Case
    years: list[int]
    threats: pl.DataFrame  # year, source, target, threat, four terms, rank, n_sources (case states)
    pair_series: pl.DataFrame  # one row per year: the pair's threat from the threatener, common threat, ranks
    enemies: pl.DataFrame  # year, rank, enemy, enemy_abb, contribution, share (top enemies of the pair)
    partners: pl.DataFrame  # year, state, rank, ccode, abb, score, common_enemy ... (top partners of each)
    matrices: dict[int, pl.DataFrame]  # heatmap year -> long frame source, target, threat (case states)
    behaviour: pl.DataFrame  # year: atop, tiv a->b, tiv b->a, trade, UN agreement, diplomatic ties
    ledger: pl.DataFrame | None
    threatener: int | None = None
    model_info: dict = field(default_factory=dict)
    notes: list[Any] = field(default_factory=list)  # catalogue messages (render them in a language)
    model: Any = None
    #: one row per year: the pair's common threat, its rank among all pairs, the common enemy and the
    #: partner ranks with the threatener's threat removed (:func:`without_threat`); None without one
    whatif: pl.DataFrame | None = None
    #: year -> the threat model's inputs carried forward past their source's end ([] = all observed)
    vintage: dict = field(default_factory=dict)

    @property
    def pair(self) -> tuple[int, int]:
        return self.case.pair


def model_years(model: Any) -> tuple[int, int] | None:
    """The years a model covers, if it says so (``years`` attribute or ``coverage()``)."""
    for attr in ("years_", "years", "coverage"):
        v = getattr(model, attr, None)
        if callable(v):
            try:
                v = v()
            except TypeError:
                continue
        if isinstance(v, (tuple, list)) and len(v) == 2 and all(isinstance(x, (int, np.integer)) for x in v):
            return int(v[0]), int(v[1])
    return None


def _threats(model: Any, case: Case, years: list[int]) -> pl.DataFrame:
    tf = model.threat_frame((years[0], years[-1]))
    if not isinstance(tf, pl.DataFrame):
        tf = pl.from_pandas(tf) if hasattr(tf, "to_numpy") and not hasattr(tf, "data") else tf.data
    need = ["year", "source", "target", "threat", *TERMS]
    missing = [c for c in need if c not in tf.columns]
    if missing:
        raise EmptySelectionError(f"the threat model's threat_frame lacks columns {missing}")
    tf = tf.select(
        pl.col("year").cast(pl.Int32),
        pl.col("source").cast(pl.Int32),
        pl.col("target").cast(pl.Int32),
        *[pl.col(c).cast(pl.Float64) for c in ["threat", *TERMS]],
    )
    tf = tf.filter(pl.col("year").is_in(years))
    codes = list(case.states)
    ranked = tf.filter(pl.col("target").is_in(codes)).with_columns(
        pl.col("threat").rank("min", descending=True).over("year", "target").cast(pl.Int32).alias("rank"),
        pl.col("threat").is_not_null().sum().over("year", "target").cast(pl.Int32).alias("n_sources"),
        pl.col("source")
        .sort_by("threat", descending=True, nulls_last=True)
        .first()
        .over("year", "target")
        .alias("top_source"),
    )
    return ranked.filter(pl.col("source").is_in(codes)).sort("year", "target", "rank")


def _alignment_year(model: Any, case: Case, y: int, threatener: int | None) -> tuple[dict, pl.DataFrame, pl.DataFrame]:
    from .. import alignment as al

    a, b = case.pair
    row: dict[str, Any] = {"year": y}
    allp = al.common_threat(y, model=model)  # every pair of states in the year
    ct = allp.filter(pl.col("ccode1").is_in([a, b]) & pl.col("ccode2").is_in([a, b]))
    if ct.height:
        r = ct.row(0, named=True)
        row.update(
            common_threat=r["common_threat"],
            mutual_threat=r["mutual_threat"],
            score=r["score"],
            common_enemy=r["common_enemy"],
            enemy_share=r["enemy_share"],
        )
        # where the pair stands among all pairs of the year (rank 1 = highest; pctile = share of
        # pairs whose value is not above the pair's)
        for col, tag in (("common_threat", "ct"), ("score", "score")):
            v = r[col]
            known = allp[col].drop_nulls()
            if v is None or not len(known):
                continue
            rank = int((known > v).sum()) + 1
            row[f"{tag}_rank_all"] = rank
            row[f"{tag}_n_pairs"] = len(known)
            row[f"{tag}_pctile_all"] = 1.0 - (rank - 1) / len(known)
    en = al.common_enemies(a, b, y, top=None, model=model)
    if threatener is not None:
        t = en.filter(pl.col("enemy") == threatener)
        row["threatener_rank"] = int(t["rank"][0]) if t.height else None
        row["threatener_share"] = float(t["share"][0]) if t.height and t["share"][0] is not None else None
        row["threatener_contribution"] = (
            float(t["contribution"][0]) if t.height and t["contribution"][0] is not None else None
        )
    parts = []
    for me, other, key in ((a, b, "b_in_a"), (b, a, "a_in_b")):
        p = al.partners(me, y, top=None, model=model, method=PARTNER_METHOD)
        hit = p.filter(pl.col("ccode") == other)
        row[f"rank_{key}"] = int(hit["rank"][0]) if hit.height else None
        row[f"n_{key}"] = p.height
        row[f"score_{key}"] = float(hit["score"][0]) if hit.height and hit["score"][0] is not None else None
        parts.append(p.head(10).with_columns(pl.lit(y, pl.Int32).alias("year"), pl.lit(me, pl.Int32).alias("state")))
    en = en.head(TOP_ENEMIES).with_columns(pl.lit(y, pl.Int32).alias("year"))
    return row, en, pl.concat(parts, how="diagonal_relaxed")


def _whatif_year(model: Any, case: Case, y: int) -> dict:
    """The pair's common threat, its rank among all pairs, common enemy and partner ranks under ``model``."""
    from .. import alignment as al

    a, b = case.pair
    row: dict[str, Any] = {"year": y}
    allp = al.common_threat(y, model=model)
    ct = allp.filter(pl.col("ccode1").is_in([a, b]) & pl.col("ccode2").is_in([a, b]))
    if ct.height:
        r = ct.row(0, named=True)
        row.update(common_threat=r["common_threat"], common_enemy=r["common_enemy"], enemy_share=r["enemy_share"])
        known = allp["common_threat"].drop_nulls()
        if r["common_threat"] is not None and len(known):
            row["ct_rank_all"] = int((known > r["common_threat"]).sum()) + 1
            row["ct_n_pairs"] = len(known)
    for me, other, key in ((a, b, "b_in_a"), (b, a, "a_in_b")):
        p = al.partners(me, y, top=None, model=model, method=PARTNER_METHOD)
        hit = p.filter(pl.col("ccode") == other)
        row[f"rank_{key}"] = int(hit["rank"][0]) if hit.height else None
        row[f"n_{key}"] = p.height
    return row


def _matrix(model: Any, case: Case, y: int) -> pl.DataFrame:
    codes, M = model.threat_matrix(y)
    codes = np.asarray(codes, dtype=np.int64)
    keep = [c for c in case.states if c in set(codes.tolist())]
    idx = [int(np.flatnonzero(codes == c)[0]) for c in keep]
    sub = np.asarray(M, dtype=np.float64)[np.ix_(idx, idx)]
    n = len(keep)
    return pl.DataFrame(
        {
            "year": [y] * n * n,
            "source": np.repeat(keep, n).astype(np.int32),
            "target": np.tile(keep, n).astype(np.int32),
            "threat": sub.ravel(),
        }
    ).with_columns(pl.when(pl.col("source") == pl.col("target")).then(None).otherwise(pl.col("threat")).alias("threat"))


def pair_panel(states: list[int], years: tuple[int, int]) -> pl.DataFrame:
    """Directed dyad-years among ``states`` with ATOP, SIPRI, COW trade, UN votes and diplomatic ties."""
    p = dyad_years(years=years, directed=True)
    p = p.with_data(p.data.filter(pl.col("ccode1").is_in(states) & pl.col("ccode2").is_in(states)))
    p = p.add_atop_alliance().add_sipri_transfers().add_cow_trade().add_un_votes().add_diplomatic_ties()
    return p.data


def _behaviour(case: Case, years: tuple[int, int]) -> pl.DataFrame:
    a, b = case.pair
    d = pair_panel([a, b], years).filter((pl.col("ccode1") == a) & (pl.col("ccode2") == b))
    return d.select(
        pl.col("year").cast(pl.Int32),
        pl.col("atop_alliance").alias("atop_alliance"),
        pl.col("atop_defense"),
        pl.col("tiv12").alias("tiv_ab"),
        pl.col("tiv21").alias("tiv_ba"),
        pl.col("flow1").alias("imports_a_from_b"),
        pl.col("flow2").alias("imports_b_from_a"),
        (pl.col("flow1") + pl.col("flow2")).alias("trade_total"),
        pl.col("unagree"),
        pl.col("dipl12").alias("dipl_ab"),
        pl.col("dipl21").alias("dipl_ba"),
    ).sort("year")


def data_caveats(model: Any, years: list[int]) -> dict[int, str]:
    """The threat model's data caveats per year (the ``caveats`` column of ``tb.threats``): which
    sources are carried forward past their end in that year ("" when none)."""
    try:
        from ..threat._query import caveats
    except ImportError:  # the threat layer is separate; without it there is nothing to say
        return dict.fromkeys(years, "")
    lag = getattr(model, "lag", 1)
    lag = int(lag) if isinstance(lag, (int, np.integer)) else 1
    return {y: caveats(y, lag) for y in years}


def vintage_of(cav: dict[int, str]) -> dict[int, list[str]]:
    """Year -> the threat model's inputs carried forward or held in that year (from its caveats);
    an empty list means every input the year reads is observed."""
    return {y: [x.strip() for x in (c or "").split(";") if x.strip()] for y, c in cav.items()}


def caveat_notes(cav: dict[int, str]) -> list[Any]:
    """One note (a catalogue message) per run of consecutive years sharing the same caveat, e.g.
    ``"2012-2013: ..."`` in English."""
    from ._text import CaveatArg, Msg, Years

    out: list[Any] = []
    run: list[int] = []
    for y in sorted(cav) + [None]:
        if run and (y is None or cav[y] != cav[run[0]] or y != run[-1] + 1):
            if cav[run[0]]:
                out.append(
                    Msg(
                        "{span}: {caveat} (threat model data caveat; such years are marked * in the tables)",
                        span=Years(run[0], run[-1]),
                        caveat=CaveatArg(cav[run[0]]),
                    )
                )
            run = []
        if y is not None:
            run.append(y)
    return out


def collect(case: Case, model: Any = None, progress: Callable[[str], None] | None = None) -> CaseData:
    """Compute every number of a case report (threats, common threat, partners, behaviour, ledger).

    Parameters
    ----------
    case : Case
        From :func:`get_case` or :func:`make_case`.
    model : threat model, optional
        Anything with ``threat_frame(years)`` and ``threat_matrix(year)``; defaults to
        ``threatbalance.threat.default_model()``.
    progress : callable, optional
        Called with a short text before each step.

    Returns
    -------
    CaseData
    """
    say: Callable[..., None] = progress or (lambda text=None: None)
    say("loading the threat model")
    base = get_model(model)
    memo = _Memo(base)
    lo, hi = case.years
    cov = model_years(base)
    notes: list[Any] = []
    if cov is not None:
        if hi < cov[0] or lo > cov[1]:
            raise YearRangeError(f"years {lo}-{hi} are outside the threat model's coverage {cov[0]}-{cov[1]}")
        if lo < cov[0] or hi > cov[1]:
            notes.append(
                Msg("the threat model covers {cover}; years outside it are left out", cover=Years(cov[0], cov[1]))
            )
        lo, hi = max(lo, cov[0]), min(hi, cov[1])
    years = list(range(lo, hi + 1))
    say(f"threats {lo}-{hi}")
    threats = _threats(base, case, years)
    a, b = case.pair
    threatener = case.threatener
    rows, enemies, partners = [], [], []
    for y in years:
        say(f"common threat and partners, {y}")
        row, en, pa = _alignment_year(memo, case, y, threatener)
        rows.append(row)
        enemies.append(en)
        partners.append(pa)
    series = pl.DataFrame(rows, infer_schema_length=None)
    if threatener is None:
        ce = series["common_enemy"].drop_nulls()
        threatener = int(ce.mode().sort()[0]) if len(ce) else None
        if threatener is not None:
            notes.append(
                Msg("no threatener named; using the model's most frequent common enemy, {t}", t=Name(threatener))
            )
            extra = []
            for y in years:
                en = enemies[years.index(y)]
                t = en.filter(pl.col("enemy") == threatener)
                extra.append(
                    {
                        "year": y,
                        "threatener_rank": int(t["rank"][0]) if t.height else None,
                        "threatener_share": float(t["share"][0]) if t.height else None,
                        "threatener_contribution": float(t["contribution"][0]) if t.height else None,
                    }
                )
            series = series.join(pl.DataFrame(extra, infer_schema_length=None), on="year", how="left")
    # the threatener's threat to each member of the pair, with its four terms and rank
    for tgt, tag in ((a, "a"), (b, "b")):
        t = threats.filter(
            (pl.col("source") == (threatener if threatener is not None else -1)) & (pl.col("target") == tgt)
        ).select("year", *[pl.col(c).alias(f"{c}_{tag}") for c in ("threat", *TERMS, "rank", "n_sources")])
        series = series.with_columns(pl.col("year").cast(pl.Int32)).join(t, on="year", how="left")
    series = series.with_columns(pl.col("year").cast(pl.Int32)).sort("year")
    # the threat model's data caveats (sources carried forward past their end), per year
    cav = data_caveats(base, years)
    series = series.join(
        pl.DataFrame(
            {"year": years, "data_caveat": [cav[y] or None for y in years]},
            schema={"year": pl.Int32, "data_caveat": pl.Utf8},
        ),
        on="year",
        how="left",
    )
    notes.extend(caveat_notes(cav))
    whatif = None
    if threatener is not None:
        # the threat model's scenario API: the threatener's row of each year's threat matrix is 0
        wo = with_scenario(memo, Scenario.remove_threat_of(threatener))
        wrows = []
        for y in years:
            say(f"what-if without {state_name(threatener)}'s threat, {y}")
            wrows.append(_whatif_year(wo, case, y))
        whatif = pl.DataFrame(wrows, infer_schema_length=None).with_columns(pl.col("year").cast(pl.Int32))
    say("heatmaps")
    matrices = {y: _matrix(memo, case, y) for y in case.heatmap_years if lo <= y <= hi}
    say("alliances, arms transfers, trade, UN votes")
    behaviour = _behaviour(case, (lo, hi))
    ledger = None
    if case.ledger is not None:
        say("evidence ledger")
        from ._ledger import load_ledger

        ledger = load_ledger(case.ledger)
    info: dict[str, Any] = {"class": type(base).__name__, "repr": repr(base).split("\n")[0][:300]}
    for attr in ("name", "version", "params_", "get_params"):
        v = getattr(base, attr, None)
        if v is None:
            continue
        try:
            v = v() if callable(v) else v
        except TypeError:
            continue
        if isinstance(v, dict):
            v = {str(k): x for k, x in v.items() if x is None or isinstance(x, (str, int, float, bool))}
        if isinstance(v, (str, int, float, dict)):
            info[attr.rstrip("_").replace("get_", "")] = v
    data = CaseData(
        case=case,
        years=years,
        threats=threats,
        pair_series=series,
        enemies=pl.concat(enemies, how="diagonal_relaxed"),
        partners=pl.concat(partners, how="diagonal_relaxed"),
        matrices=matrices,
        behaviour=behaviour,
        ledger=ledger,
        threatener=threatener,
        model_info=info,
        notes=notes,
        whatif=whatif,
        vintage=vintage_of(cav),
    )
    data.model = memo
    return data
