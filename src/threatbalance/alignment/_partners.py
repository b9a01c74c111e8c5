"""Public pair-level API: ``common_threat``, ``common_enemies`` and ``partners``."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from .. import _validate as V
from .._errors import EmptySelectionError, InputError, YearRangeError
from ..states import resolve_state, resolve_states, state_table
from ..threat._scenario import with_scenario
from . import _data
from ._common_threat import contributions
from ._theories import DEFAULTS, check_theory, theory_scores


def _names() -> pl.DataFrame:
    return state_table().select(pl.col("code").cast(pl.Int32), "abb", "name_en")


def _label(df: pl.DataFrame, col: str, prefix: str) -> pl.DataFrame:
    n = _names().rename({"code": col, "abb": f"{prefix}abb", "name_en": f"{prefix}name"})
    return df.join(n, on=col, how="left", maintain_order="left")


def common_threat(
    year: int,
    states: Any = None,
    *,
    theory: str = "threat",
    model: Any = None,
    scenario: Any = None,
    combine: str | None = None,
    mutual: str | None = None,
    mutual_weight: float | None = None,
) -> pl.DataFrame:
    """Common threat, mutual threat, alignment score and common enemy of every pair of states in a year.

    For every unordered pair ``{i, k}`` (``ccode1 < ccode2``): ``common_threat`` = sum over third
    states ``j`` of ``sqrt(T(j->i) T(j->k))``, ``mutual_threat`` = ``max(T(i->k), T(k->i))``,
    ``score`` = ``common_threat - mutual_weight * mutual_threat``, ``common_enemy`` = the ``j``
    contributing most and ``enemy_share`` its share of the common threat.  See
    ``docs/alignment.md`` for the formulas and options.

    Parameters
    ----------
    year : int
    states : list of state identifiers or comma-separated str, optional
        Keep only pairs of which both states are listed (third states still count).
    theory : {"threat", "power", "bandwagon", "regime", "un"}
        Rival theories give their own pair score (common-threat columns stay null where the
        theory has no such notion).
    model : ThreatModel, optional
        Defaults to ``threatbalance.threat.default_model()``.
    scenario : dict, list or str, optional
        What-if changes of inputs (``{"IRN.nuclear": 0}``, ``["ARM-AZE.rivalry=0"]``): the threats
        are recomputed under them first (see :mod:`threatbalance.threat._scenario`).
    combine, mutual, mutual_weight
        Options of the aggregation (``"geometric"``, ``"max"`` and 10.0 by default).

    Returns
    -------
    polars.DataFrame
        ``year, ccode1, ccode2, abb1, abb2, common_threat, mutual_threat, score, common_enemy,
        enemy_abb, enemy_share, overlap, n_missing``, sorted by descending score (``overlap``:
        how far the two face the same threats, see :class:`PairScores`).

    Examples
    --------
    >>> import threatbalance as tb
    >>> ct = tb.common_threat(2012, states="ISR,AZE")
    >>> ct.select("abb1", "abb2", "enemy_abb").row(0)
    ('AZE', 'ISR', 'IRN')
    """
    model = with_scenario(model, scenario)
    y = V.year(year)
    check_theory(theory)
    ps = theory_scores(theory, y, model=model, combine=combine, mutual=mutual, mutual_weight=mutual_weight)
    df = ps.frame(y)
    if states is not None:
        keep = resolve_states(states)
        missing = [c for c in keep if c not in set(ps.codes.tolist())]
        if missing:
            raise EmptySelectionError(f"states {missing} have no {theory} scores in {y} (not in the system or no data)")
        df = df.filter(pl.col("ccode1").is_in(keep) & pl.col("ccode2").is_in(keep))
    df = _label(df, "ccode1", "")
    df = df.rename({"abb": "abb1"}).drop("name")
    df = _label(df, "ccode2", "").rename({"abb": "abb2"}).drop("name")
    df = _label(df, "common_enemy", "enemy_").drop("enemy_name")
    return df.select(
        "year",
        "ccode1",
        "ccode2",
        "abb1",
        "abb2",
        "common_threat",
        "mutual_threat",
        "score",
        "common_enemy",
        "enemy_abb",
        "enemy_share",
        "overlap",
        "n_missing",
    ).sort("score", descending=True, nulls_last=True)


def common_enemies(
    a: Any,
    b: Any,
    year: int,
    top: int | None = 10,
    *,
    model: Any = None,
    scenario: Any = None,
    combine: str | None = None,
) -> pl.DataFrame:
    """Each third state's share of the common threat of the pair ``a``, ``b`` (largest first).

    Returns columns ``rank, enemy, enemy_abb, enemy_name, threat_to_1, threat_to_2,
    contribution, share`` (``threat_to_1`` = threat the enemy poses to ``a``).

    Examples
    --------
    >>> import threatbalance as tb
    >>> tb.common_enemies("ISR", "AZE", 2012, top=3).columns[:3]
    ['rank', 'enemy', 'enemy_abb']
    """
    model = with_scenario(model, scenario)
    y = V.year(year)
    i, k = resolve_state(a), resolve_state(b)
    if top is not None and (isinstance(top, bool) or int(top) < 1):
        raise InputError(f"top must be a positive integer, got {top!r}")
    codes, M = _data.threat_matrix(y, model)
    for c in (i, k):
        if c not in set(codes.tolist()):
            raise EmptySelectionError(f"state {c} is not in the threat model's {y} matrix")
    df = contributions(codes, M, i, k, combine=combine or DEFAULTS["combine"])
    df = df.with_row_index("rank", offset=1).with_columns(pl.col("rank").cast(pl.Int32))
    df = _label(df, "enemy", "enemy_")
    df = df.select("rank", "enemy", "enemy_abb", "enemy_name", "threat_to_1", "threat_to_2", "contribution", "share")
    return df.head(int(top)) if top is not None else df


def partners(
    state: Any,
    year: int,
    top: int | None = 10,
    *,
    theory: str = "threat",
    model: Any = None,
    scenario: Any = None,
    combine: str | None = None,
    mutual: str | None = None,
    mutual_weight: float | None = None,
    method: str | None = None,
    alignment_model: Any = None,
) -> pl.DataFrame:
    """Ranked predicted alignment partners of a state in a year, with the common enemy and actual ties.

    By default (``method="model"``) partners are ranked by :class:`AlignmentModel`'s probability
    that the pair forms an alliance (``p_align``), each theory block's contribution to it in
    ``c_<block>`` columns.  Two stated rules order the list around the probability: states already
    allied with the state in the previous year (``allied_before``: any ATOP obligation; ATOP's last
    year carried forward) follow every new candidate, since the model predicts the *onset* of an
    alliance between pairs without one and says nothing about existing allies; strategic rivals
    (TSS, ongoing in the previous year) come last (``rival``: enemies are not partners, whatever
    the structure says).  ``method="score"`` ranks by the hand-set score ``S - lambda m`` of ``theory`` (the
    ranking before version 2).  The common enemy is always named from the threat block.

    Parameters
    ----------
    state : state identifier (code, abbreviation, ISO3, English or Persian name)
    year : int
    top : int or None
        Number of partners to return (None: all).
    theory : {"threat", "power", "bandwagon", "regime", "un"}
        With ``method="score"``: balance of threat (default) or a rival theory (see :data:`THEORIES`).
    model, scenario, combine, mutual, mutual_weight
        As in :func:`common_threat`.
    method : {"model", "score"}, optional
        Rank by the fitted :class:`AlignmentModel` (default when ``theory`` is "threat") or by the
        theory's pair score (default for the other theories).
    alignment_model : AlignmentModel, optional
        A fitted model to rank by (default: the shipped coefficients).

    Returns
    -------
    polars.DataFrame
        ``rank, ccode, abb, name, score, common_threat, mutual_threat, common_enemy, enemy_abb,
        enemy_share, allied, defense, atop_type, arms_tiv`` — ``allied``/``defense``: an ATOP obligation /
        defence pledge between the two in that year (null outside ATOP's 1815-2018);
        ``arms_tiv``: SIPRI trend-indicator value of arms transferred either way that year
        (null outside 1950-2021).

    Examples
    --------
    >>> import threatbalance as tb
    >>> p = tb.partners("AZE", year=2012, top=5)
    >>> p.height, p["rank"].to_list()
    (5, [1, 2, 3, 4, 5])
    """
    model = with_scenario(model, scenario)
    y = V.year(year)
    check_theory(theory)
    code = resolve_state(state)
    if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1):
        raise InputError(f"top must be a positive integer, got {top!r}")
    if method is None:
        method = "model" if theory == "threat" else "score"
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}; allowed: {', '.join(METHODS)}")
    if method == "model" and theory != "threat":
        raise InputError(f"method 'model' ranks by the fitted alignment model; theory={theory!r} needs method='score'")
    if method == "model" and y < 1817:
        raise YearRangeError("the alignment model reads the previous year: give a year from 1817")
    ps = theory_scores(theory, y, model=model, combine=combine, mutual=mutual, mutual_weight=mutual_weight)
    if code not in set(ps.codes.tolist()):
        raise EmptySelectionError(
            f"{state!r} (code {code}) has no {theory} scores in {y}: not a member of the "
            f"state system that year, or no data"
        )
    i = ps.index(code)
    others = np.flatnonzero(np.arange(len(ps.codes)) != i)
    enemy_idx = ps.enemy[i, others]
    df = pl.DataFrame(
        {
            "ccode": ps.codes[others].astype(np.int32),
            "score": ps.score[i, others],
            "common_threat": ps.common[i, others],
            "mutual_threat": ps.mutual[i, others],
            "common_enemy": np.where(enemy_idx >= 0, ps.codes[np.clip(enemy_idx, 0, None)], -1).astype(np.int32),
            "enemy_share": ps.enemy_share[i, others],
        }
    ).with_columns(
        pl.col("score", "common_threat", "mutual_threat", "enemy_share").fill_nan(None),
        pl.when(pl.col("common_enemy") >= 0).then(pl.col("common_enemy")).alias("common_enemy"),
    )
    extra: list[str] = []
    if method == "model":
        df = _with_model(df, code, y, model, alignment_model)
        extra = [c for c in df.columns if c.startswith("c_")] + ["p_align", "allied_before", "rival"]
        df = df.filter(pl.col("p_align").is_not_null()).sort(
            ["rival", "allied_before", "p_align", "ccode"], descending=[False, False, True, False]
        )
    else:
        df = df.filter(pl.col("score").is_not_null()).sort(["score", "ccode"], descending=[True, False])
    if df.is_empty():
        raise EmptySelectionError(f"no partner of {state!r} has a {theory} score in {y}")
    if top is not None:
        df = df.head(int(top))
    df = df.with_row_index("rank", offset=1).with_columns(pl.col("rank").cast(pl.Int32))
    ties = _data.ties_of(code, y, df["ccode"].to_numpy()).with_columns(pl.col("ccode").cast(pl.Int32))
    df = df.join(ties, on="ccode", how="left", maintain_order="left")
    df = _label(df, "ccode", "")
    df = _label(df, "common_enemy", "enemy_").drop("enemy_name")
    return df.select(
        "rank",
        "ccode",
        "abb",
        "name",
        *(["p_align"] if extra else []),
        "score",
        "common_threat",
        "mutual_threat",
        "common_enemy",
        "enemy_abb",
        "enemy_share",
        "allied",
        "defense",
        "atop_type",
        "arms_tiv",
        *[c for c in extra if c != "p_align"],
    )


#: how partners are ranked: the fitted alignment model (default) or a theory's hand-set pair score
METHODS = ("model", "score")


def rivals_of(code: int, year: int) -> set[int]:
    """Strategic rivals (Thompson, Sakuwa & Suhas) of ``code`` whose rivalry is ongoing in ``year``
    (rivalries ongoing at the data's end, 2020, carried forward)."""
    from ..sources import load_table

    t = load_table("tss_rivalries")
    last = int(t["end"].max())  # type: ignore[arg-type]
    yy = min(int(year), last)
    on = t.filter((pl.col("start") <= yy) & (pl.col("end") >= yy))
    a = on.filter(pl.col("ccode1") == code)["ccode2"].to_list()
    b = on.filter(pl.col("ccode2") == code)["ccode1"].to_list()
    return {int(c) for c in a + b}


def _with_model(df: pl.DataFrame, code: int, year: int, model: Any, alignment_model: Any) -> pl.DataFrame:
    from ._model import AlignmentModel, default_alignment_model

    if alignment_model is None:
        am = default_alignment_model() if model is None else AlignmentModel(threat_model=model, refit_threat=False)
    elif isinstance(alignment_model, AlignmentModel):
        am = alignment_model
    else:
        raise InputError(f"alignment_model must be an AlignmentModel, got {type(alignment_model).__name__}")
    sc = am.score_year(year).filter((pl.col("ccode1") == code) | (pl.col("ccode2") == code))
    sc = sc.with_columns(
        pl.when(pl.col("ccode1") == code)
        .then(pl.col("ccode2"))
        .otherwise(pl.col("ccode1"))
        .cast(pl.Int32)
        .alias("ccode")
    ).drop("ccode1", "ccode2", "logit")
    rv = rivals_of(code, year - 1)
    yb = min(year - 1, _data.ATOP_YEARS[1])
    before = _data.atop_undirected().filter(
        (pl.col("year") == yb) & ((pl.col("ccode1") == code) | (pl.col("ccode2") == code))
    )
    allies = set(before["ccode1"].to_list()) | set(before["ccode2"].to_list())
    allies.discard(code)
    return df.join(sc, on="ccode", how="left", maintain_order="left").with_columns(
        pl.col("ccode").is_in(list(allies)).alias("allied_before"),
        pl.col("ccode").is_in(list(rv)).alias("rival"),
    )
