"""Prediction tasks of alignment: onset of ATOP alliances and of arms transfers, theory against theory.

Three tasks, one harness (``threatbalance evaluate --task NAME``):

* ``alliance-onset``: a non-directed dyad-year (both states members in ``t-1`` and ``t``) with no
  ATOP obligation of any kind in ``t-1``; the event is an obligation in ``t``;
* ``defense-onset``: the same with defence pledges only (dyads without one in ``t-1``);
* ``arms-onset``: alignment beyond treaties: no SIPRI arms transfer either way in ``t-5..t-1``;
  the event is a transfer of at least 10 TIV (millions of 1990 US$) in ``t``.

Every feature of an onset in ``t`` is computed from year ``t-1`` data only (the threat matrix of
``t-1`` itself reads inputs up to ``t-2``).  The default models (``DEFAULT_MODELS``) are nested:
the structural baseline ``B`` (distance, region, IGOs, the ``t-1`` alliance network, portfolio
similarity, new states) alone and with each theory block added (``B+threat``, ``B+power``, ...,
the placebos and ``B+all``; see docs/alignment.md), all with one classifier (``classifier=``,
default :data:`CLASSIFIER`, chosen on validation years by :data:`SELECTION`), fitted on the
training years and scored on the test years (fixed origin), or refitted every ``step`` years on
all earlier years (``origin="rolling"``).  The version-1 models (each theory alone plus the
distance control) stay available by name:

* ``distance``: the control alone (the baseline);
* ``threat`` (balance of threat), all from the threat model's matrix aggregated as in
  :func:`threatbalance.alignment.pair_scores`: log common threat, threat overlap (how far the
  two face the same threats), the common enemy's share, log threat to the less threatened member,
  log mutual threat and the share of a member's threat that comes from the other;
* ``power`` (balance of power): log capability of the strongest third state, log capability of
  the stronger and of the weaker member;
* ``bandwagon``: log mutual threat, the share of a member's threat that comes from the other,
  log capability of the stronger member;
* ``regime``: absolute difference and minimum of V-Dem polyarchy;
* ``un``: absolute difference of UN ideal points (missing before 1946);
* ``all``: every feature above together (for reference, not a theory).

Missing values are imputed with the training median plus a missing-indicator column, so each
model is scored on the same test rows.

Examples
--------
>>> import threatbalance as tb
>>> r = tb.evaluation.evaluate("alliance-onset", train=(1990, 2000), test=(2001, 2005))  # doctest: +SKIP
>>> sorted(r["models"])  # doctest: +SKIP
['all', 'bandwagon', 'distance', 'power', 'regime', 'threat', 'un']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl

from .._errors import InputError, YearRangeError
from .._validate import coverage
from ..sources import DATA_START
from ._metrics import summarize
from ._tasks import register_task

CONTROL = ["land", "contig", "log_capdist"]
FEATURES = {
    "distance": [],
    "threat": ["t_common", "t_overlap", "t_enemy_share", "t_exposure", "t_mutual", "t_mutual_share"],
    "power": ["p_top", "p_max", "p_min"],
    "bandwagon": ["b_mutual", "b_mutual_share", "p_max"],
    "regime": ["r_absdiff", "r_min"],
    "un": ["u_absdiff"],
}
FEATURES["all"] = sorted({f for v in FEATURES.values() for f in v})
#: balance-of-threat variants tried (docs/alignment.md, section 6); run only when named in ``models``:
#: where each member stands among the other's predicted partners (log rank, 1 = first; by the
#: alignment score and by common threat alone) and the strongest shared threatener's contribution
EXTRA_FEATURES = {
    "threat_ranks": FEATURES["threat"] + ["t_rank_score_best", "t_rank_score_worst", "t_enemy"],
    "threat_common_ranks": ["t_rank_common_best", "t_rank_common_worst", "t_common", "t_mutual"],
}
OUTCOMES = ("any", "defense", "arms")
CLASSIFIERS = ("logit", "spline", "gbm")
from ._tasks import KS  # noqa: E402  (precision at the same cut-offs as every task)

#: the aim for the best model out of sample (alliance onset, default split; issue 12)
TARGET = {"auroc": 0.90, "pr_auc": 0.10}

# ---- the nested design (issue 12): structural baseline B, theory blocks added one at a time -----------
from ..alignment._pairs import PLACEBO_QUANTITIES, STRUCTURAL  # noqa: E402

#: baseline B: the distance control, region, shared IGOs, the t-1 alliance network, S, new states
BASELINE = CONTROL + STRUCTURAL
#: blocks added to B (one at a time, and the theories together); the placebos replace the threat
#: model's matrix by one built from its proximity term alone or its power term alone
BLOCKS = {
    "threat": FEATURES["threat"],
    "common_threat": ["t_common", "t_overlap", "t_enemy_share", "t_exposure"],
    "power": FEATURES["power"],
    "bandwagon": FEATURES["bandwagon"],
    "regime": FEATURES["regime"],
    "un": FEATURES["un"],
    "placebo_proximity": [f"xprox_{q}" for q in PLACEBO_QUANTITIES],
    "placebo_power": [f"xpow_{q}" for q in PLACEBO_QUANTITIES],
}
THEORY_BLOCKS = ("threat", "power", "bandwagon", "regime", "un")
NESTED: dict[str, list[str]] = {"B": []}
NESTED.update({f"B+{b}": cols for b, cols in BLOCKS.items()})
NESTED["B+all"] = sorted({f for b in THEORY_BLOCKS for f in BLOCKS[b]})
DEFAULT_MODELS = tuple(NESTED)
BOOT_DRAWS = 200
BOOT_SEED = 20240612

#: The selection rule, written down before the validation run (docs/alignment.md, section 3):
#: one classifier for B and every block, so that a delta measures the block, not the learner; the
#: candidate with the lower validation log-loss of B (the model every comparison shares) wins,
#: the logistic regression on a tie (within 0.5 %), as it gives each block's contribution exactly.
#: Feature lists, imputation and penalty are as declared above; the test years are scored once.
SELECTION = {
    "train": (1816, 1970),
    "validate": (1971, 1990),
    "candidates": ("logit", "gbm"),
    "rule": "one classifier for every model; the candidate with the lower validation log-loss of B "
    "(fit 1817-1970, score 1971-1990); logit when within 0.5%",
}
#: the classifier chosen by SELECTION (scripts/make_docs.py, computation align-select): validation log-loss of
#: B 0.02103 (gbm) against 0.02145 (logit), 2% lower, so gradient-boosted trees
CLASSIFIER = "gbm"
#: paired contrasts reported with the nested deltas: each threat block against each placebo
CONTRASTS = tuple((a, b) for a in ("B+threat", "B+common_threat") for b in ("B+placebo_proximity", "B+placebo_power"))
ARMS_THRESHOLD = 10.0
ARMS_WINDOW = 5
#: Years of the alliance tasks: the state system's start to the end of ATOP (registry).
ATOP_TASK_YEARS = (DATA_START, coverage("atop")[1])
#: Years in which an arms-transfer onset can be observed: SIPRI's years after a first full window (registry).
ARMS_YEARS = (coverage("sipri")[0] + ARMS_WINDOW, coverage("sipri")[1])


# ---- features of one year -------------------------------------------------------------------------
def _gather(codes: np.ndarray, mat: np.ndarray, c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
    """``mat[pos(c1), pos(c2)]`` with NaN where a code is not in ``codes``."""
    order = np.argsort(codes)
    sc = codes[order]
    out = np.full(len(c1), np.nan)
    p1 = np.clip(np.searchsorted(sc, c1), 0, len(sc) - 1)
    p2 = np.clip(np.searchsorted(sc, c2), 0, len(sc) - 1)
    ok = (sc[p1] == c1) & (sc[p2] == c2)
    out[ok] = mat[order[p1[ok]], order[p2[ok]]]
    return out


def _vec(codes: np.ndarray, v: np.ndarray, c: np.ndarray) -> np.ndarray:
    order = np.argsort(codes)
    sc = codes[order]
    p = np.clip(np.searchsorted(sc, c), 0, len(sc) - 1)
    return np.where(sc[p] == c, v[order[p]], np.nan)


def _log(x: np.ndarray, scale: float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.log1p(np.asarray(x, dtype=float) / scale)


def _row_ranks(mat: np.ndarray) -> np.ndarray:
    """``R[i, k]`` = rank of ``k`` among ``i``'s partners by ``mat[i, :]`` (1 = highest; NaN last, diagonal NaN)."""
    x = np.where(np.isnan(mat), -np.inf, mat)
    np.fill_diagonal(x, -np.inf)
    order = np.argsort(-x, axis=1, kind="stable")
    R = np.empty_like(order)
    R[np.arange(len(x))[:, None], order] = np.arange(1, x.shape[1] + 1)[None, :]
    R = R.astype(float)
    R[np.isnan(mat)] = np.nan
    np.fill_diagonal(R, np.nan)
    return R


def year_features(year: int, c1: np.ndarray, c2: np.ndarray, codes: np.ndarray, M: np.ndarray) -> dict[str, np.ndarray]:
    """Every theory's pair features of the dyads (``c1``, ``c2``) from the data of ``year``.

    ``codes, M`` is the threat model's matrix of ``year``.  Threat levels are divided by the
    year's median threat before the log, so that the features mean the same in 1850 and 2000.
    """
    from ..alignment import _data, pair_scores, power_matrix
    from ..alignment._theories import DEFAULTS

    out: dict[str, np.ndarray] = {}
    # balance of threat: how much threat the pair shares, how far the same, and their own threat
    ps = pair_scores(codes, M, **DEFAULTS)
    A = np.nan_to_num(M)
    off = A[~np.eye(len(codes), dtype=bool)]
    pos = off[off > 0]
    scale = float(np.median(pos)) if len(pos) else 1.0  # the year's typical threat
    total = A.sum(axis=0)  # total threat to each state
    with np.errstate(invalid="ignore", divide="ignore"):
        share_of_other = np.fmax(
            A.T / total[:, None], A / total[None, :]
        )  # [i, k]: k's share of i's threat, or i's of k's
    t1, t2 = _vec(codes, total, c1), _vec(codes, total, c2)
    out["t_common"] = _log(_gather(codes, ps.common, c1, c2), scale)
    assert ps.overlap is not None  # pair_scores always fills it
    out["t_overlap"] = _gather(codes, ps.overlap, c1, c2)
    out["t_enemy_share"] = _gather(codes, ps.enemy_share, c1, c2)
    out["t_exposure"] = _log(np.fmin(t1, t2), scale)
    out["t_mutual"] = _log(_gather(codes, ps.mutual, c1, c2), scale)
    out["t_mutual_share"] = _gather(codes, share_of_other, c1, c2)
    # the strongest shared threatener (the common enemy's own contribution)
    out["t_enemy"] = _log(_gather(codes, ps.enemy_contribution, c1, c2), scale)
    # ranks: where k stands among i's predicted partners (by the alignment score, and by common threat alone)
    for name, mat in (("score", ps.score), ("common", ps.common)):
        R = _row_ranks(mat)
        r12, r21 = _gather(codes, R, c1, c2), _gather(codes, R.T, c1, c2)
        out[f"t_rank_{name}_best"] = np.log(np.fmin(r12, r21))
        out[f"t_rank_{name}_worst"] = np.log(np.fmax(r12, r21))
    # bandwagoning: the same mutual threat, read the other way
    out["b_mutual"] = out["t_mutual"]
    out["b_mutual_share"] = out["t_mutual_share"]
    # capabilities: balance of power
    sys_codes = _data.system_codes(year)
    cinc = _data.capability(year, sys_codes)
    k1, k2 = _vec(sys_codes, cinc, c1), _vec(sys_codes, cinc, c2)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["p_max"] = np.log(np.fmax(k1, k2) + 1e-6)
        out["p_min"] = np.log(np.fmin(k1, k2) + 1e-6)
    ok = ~np.isnan(cinc)
    if ok.sum() >= 3:
        pc = pair_scores(sys_codes[ok], power_matrix(sys_codes[ok], cinc[ok]), **DEFAULTS)
        out["p_top"] = np.log(_gather(pc.codes, pc.enemy_contribution, c1, c2) + 1e-6)  # the strongest third state
    else:
        out["p_top"] = np.full(len(c1), np.nan)
    # regime similarity and UN affinity
    pol = _data.polyarchy(year, sys_codes)
    v1, v2 = _vec(sys_codes, pol, c1), _vec(sys_codes, pol, c2)
    out["r_absdiff"] = np.abs(v1 - v2)
    out["r_min"] = np.fmin(v1, v2)
    ip = _data.ideal_point(year, sys_codes)
    out["u_absdiff"] = np.abs(_vec(sys_codes, ip, c1) - _vec(sys_codes, ip, c2))
    return out


# ---- the dyad-year frame ----------------------------------------------------------------------------
def _outcomes(first: int, last: int) -> pl.DataFrame:
    """Non-directed dyad-years ``first-1..last`` with controls, alliance / arms status and treaty clusters."""
    from ..alignment import _data
    from ..alignment._pairs import treaty_clusters

    lo = max(first - ARMS_WINDOW, DATA_START)
    d = _data.controls(lo, last)
    a = _data.atop_undirected()
    s = _data.arms_undirected()
    d = d.join(a, on=["ccode1", "ccode2", "year"], how="left").join(s, on=["ccode1", "ccode2", "year"], how="left")
    d = d.with_columns(
        pl.col("allied").fill_null(0).cast(pl.Int8),
        pl.col("defense").fill_null(0).cast(pl.Int8),
        pl.col("arms_tiv").fill_null(0.0),
        pl.col("atop_type").fill_null("none"),
    )
    d = d.sort("ccode1", "ccode2", "year")
    lag = d.select(
        "ccode1",
        "ccode2",
        (pl.col("year") + 1).alias("year"),
        pl.col("allied").alias("allied_prev"),
        pl.col("defense").alias("defense_prev"),
        "conttype",
        "capdist",
    )
    # arms in the previous ARMS_WINDOW years (dyad-years without a record count as no transfer)
    win = (
        s.select(
            "ccode1",
            "ccode2",
            pl.int_ranges(pl.col("year") + 1, pl.col("year") + 1 + ARMS_WINDOW).alias("year"),
            "arms_tiv",
        )
        .explode("year")
        .group_by("ccode1", "ccode2", "year")
        .agg(pl.col("arms_tiv").sum().alias("arms_prev"))
    )
    cur = d.select("ccode1", "ccode2", "year", "allied", "defense", "arms_tiv", "atop_type").filter(
        pl.col("year").is_between(first, last)
    )
    out = cur.join(lag, on=["ccode1", "ccode2", "year"], how="inner")  # the dyad existed in t-1 too
    out = out.join(win.with_columns(pl.col("year").cast(pl.Int64)), on=["ccode1", "ccode2", "year"], how="left")
    out = out.with_columns(pl.col("arms_prev").fill_null(0.0)).sort("year", "ccode1", "ccode2")
    # treaty clusters (proxy for ATOP treaty ids) of the new obligations and of the new defence pledges
    out = out.with_columns(
        ((pl.col("allied") == 1) & (pl.col("allied_prev") == 0)).cast(pl.Int8).alias("_on_any"),
        ((pl.col("defense") == 1) & (pl.col("defense_prev") == 0)).cast(pl.Int8).alias("_on_def"),
    )
    out = treaty_clusters(out, "_on_any").rename({"treaty": "treaty_any", "treaty_size": "treaty_size_any"})
    out = treaty_clusters(out, "_on_def").rename({"treaty": "treaty_defense", "treaty_size": "treaty_size_defense"})
    return out.drop("_on_any", "_on_def")


@lru_cache(maxsize=2)
def structural_frame(first: int, last: int) -> pl.DataFrame:
    """The baseline's structural features (``alignment._pairs.STRUCTURAL``) of every dyad-year ``first..last``."""
    from ..alignment._pairs import structural_features

    base = _outcomes(first, last).select("ccode1", "ccode2", "year")
    parts = []
    for (y,), g in base.partition_by("year", as_dict=True, maintain_order=True).items():
        f = structural_features(int(y), g["ccode1"].to_numpy(), g["ccode2"].to_numpy())
        parts.append(g.with_columns([pl.Series(k, v, dtype=pl.Float64) for k, v in f.items()]))
    return pl.concat(parts)


def _threat_years(first: int, last: int, model: Any) -> Any:
    """Yield ``(year, frame)`` of the threat model for ``first..last`` (one call for the whole range)."""
    from ..alignment import _data

    m = _data.get_model(model)
    f = m.threat_frame((int(first), int(last)))
    for (y,), g in f.partition_by("year", as_dict=True, maintain_order=True).items():
        yield int(y), g


def _disk_key(first: int, last: int, model: Any) -> str | None:
    """A file name for the frame when ``model`` is a fitted ThreatModel and THREATBALANCE_CACHE is set."""
    import hashlib
    import os

    if not os.environ.get("THREATBALANCE_CACHE") or not getattr(model, "is_fitted", False):
        return None
    try:
        params = model.get_params()
        ident = repr((first, last, model.train_years_, sorted(model.coef().items()), model.intercept_, params))
    except AttributeError:
        return None
    return f"dyad_{first}_{last}_{hashlib.sha256(ident.encode()).hexdigest()[:16]}.parquet"


@lru_cache(maxsize=3)
def dyad_frame(first: int, last: int, model: Any = None) -> pl.DataFrame:
    """Every non-directed dyad-year ``first..last`` with outcomes and lagged (``t-1``) features.

    Theory and placebo features come from ``model``'s threat frame of ``t-1`` (default: the shipped
    model; the tasks pass a model refitted on the training years, see :mod:`._leakfree`); the
    structural baseline from the data of ``t-1``.  Cached per process, and on disk (Parquet) in
    ``$THREATBALANCE_CACHE`` for fitted threat models.
    """
    import os
    from pathlib import Path

    name = _disk_key(first, last, model)
    path = Path(os.environ["THREATBALANCE_CACHE"]) / name if name else None
    if path is not None and path.exists():
        return pl.read_parquet(path)
    df = _build_dyad_frame(first, last, model)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        df.write_parquet(tmp)
        tmp.replace(path)
    return df


def _build_dyad_frame(first: int, last: int, model: Any = None) -> pl.DataFrame:
    from ..alignment import _data
    from ..alignment._pairs import placebo_features

    base = _outcomes(first, last)
    groups = base.partition_by("year", as_dict=True, maintain_order=True)
    parts = []
    for y, fr in _threat_years(first - 1, last - 1, model):
        g = groups.get((y + 1,))
        if g is None:
            continue
        c1, c2 = g["ccode1"].to_numpy(), g["ccode2"].to_numpy()
        codes, M = _data.frame_to_matrix(fr)
        f = year_features(y, c1, c2, codes, M)
        if {"power", "proximity"} <= set(fr.columns):
            f.update(placebo_features(fr, c1, c2))
        parts.append(g.with_columns([pl.Series(k, v, dtype=pl.Float64) for k, v in f.items()]))
    df = pl.concat(parts, how="diagonal")
    df = df.join(structural_frame(first, last), on=["ccode1", "ccode2", "year"], how="left", maintain_order="left")
    return df.with_columns(
        (pl.col("conttype") == 1).cast(pl.Float64).alias("land"),
        pl.col("conttype").is_between(1, 5).cast(pl.Float64).alias("contig"),
        pl.col("capdist").log1p().alias("log_capdist"),
    )


def population(df: pl.DataFrame, outcome: str) -> tuple[pl.DataFrame, str]:
    """Rows at risk of the event and the name of the 0/1 event column (plus ``treaty``, ``treaty_size``)."""
    if outcome == "any":
        return df.filter(pl.col("allied_prev") == 0).with_columns(
            pl.col("allied").alias("event"),
            pl.col("treaty_any").alias("treaty"),
            pl.col("treaty_size_any").alias("treaty_size"),
        ), "event"
    if outcome == "defense":
        return df.filter(pl.col("defense_prev") == 0).with_columns(
            pl.col("defense").alias("event"),
            pl.col("treaty_defense").alias("treaty"),
            pl.col("treaty_size_defense").alias("treaty_size"),
        ), "event"
    if outcome == "arms":
        at_risk = df.filter((pl.col("arms_prev") == 0) & pl.col("year").is_between(*ARMS_YEARS))
        return at_risk.with_columns(
            (pl.col("arms_tiv") >= ARMS_THRESHOLD).cast(pl.Int8).alias("event"),
            pl.lit(None, pl.Int64).alias("treaty"),
            pl.lit(None, pl.Int64).alias("treaty_size"),
        ), "event"
    raise InputError(f"unknown outcome {outcome!r}; allowed: {', '.join(OUTCOMES)}")


# ---- models ------------------------------------------------------------------------------------------
def make_classifier(kind: str = "logit") -> Any:
    """The estimator every theory is fitted with (median imputation + missing indicators first)."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import SplineTransformer, StandardScaler

    if kind not in CLASSIFIERS:
        raise InputError(f"unknown classifier {kind!r}; allowed: {', '.join(CLASSIFIERS)}")
    imp = SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True)
    if kind == "gbm":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return make_pipeline(
            imp,
            HistGradientBoostingClassifier(
                max_iter=200, learning_rate=0.05, max_leaf_nodes=31, l2_regularization=1.0, random_state=0
            ),
        )
    steps = [imp, StandardScaler()]
    if kind == "spline":
        steps.append(SplineTransformer(n_knots=5, degree=3, knots="quantile", extrapolation="constant"))
    # newton-cholesky: the same penalised optimum as lbfgs, in a few Newton steps (n >> p)
    return make_pipeline(*steps, LogisticRegression(C=1.0, solver="newton-cholesky", max_iter=200))


def _fit_predict(train: pl.DataFrame, test: pl.DataFrame, cols: list[str], kind: str) -> np.ndarray:
    Xtr = train.select(cols).to_numpy().astype(float)
    Xte = test.select(cols).to_numpy().astype(float)
    y = train["event"].to_numpy().astype(int)
    if y.sum() == 0 or y.sum() == len(y):
        raise YearRangeError("the training years hold no events (or only events); widen the training range")
    clf = make_classifier(kind).fit(Xtr, y)
    return clf.predict_proba(Xte)[:, 1]


def model_columns(name: str) -> list[str]:
    """The feature columns of a model: the baseline B plus a block, or the distance control plus a theory."""
    if name in NESTED:
        return BASELINE + NESTED[name]
    feats = FEATURES | EXTRA_FEATURES
    if name not in feats:
        raise InputError(f"unknown models [{name!r}]; allowed: {', '.join([*NESTED, *feats])}")
    return CONTROL + feats[name]


def _origins(train: tuple[int, int], test: tuple[int, int], origin: str, step: int) -> list[tuple[int, int, int]]:
    """``(train_end, test_lo, test_hi)`` of every refit."""
    if origin == "fixed":
        return [(train[1], test[0], test[1])]
    return [(lo - 1, lo, min(test[1], lo + int(step) - 1)) for lo in range(test[0], test[1] + 1, int(step))]


def run(
    train: tuple[int, int],
    test: tuple[int, int],
    outcome: str = "any",
    origin: str = "fixed",
    step: int = 5,
    classifier: str | None = None,
    models: tuple[str, ...] | None = None,
    model: Any = None,
    ks: tuple[int, ...] = KS,
    boot_draws: int | None = None,
) -> tuple[dict, pl.DataFrame]:
    """Fit every model on ``train`` years, score it on ``test`` years; return (metrics, test predictions).

    At every origin the threat model is refitted on the dispute years before the test block
    (:func:`threatbalance.evaluation._leakfree.fitted_threat_model`; ``model`` gives its parameters)
    and ``threat_fit_years`` records what each fitted component saw.  ``boot_draws`` (default
    :data:`BOOT_DRAWS`; 0 skips) sets the bootstrap of the nested deltas.
    """
    if origin not in ("fixed", "rolling"):
        raise InputError(f"unknown origin {origin!r}; allowed: fixed, rolling")
    if isinstance(step, bool) or int(step) < 1:
        raise InputError(f"step must be a positive number of years, got {step!r}")
    if outcome not in OUTCOMES:
        raise InputError(f"unknown outcome {outcome!r}; allowed: {', '.join(OUTCOMES)}")
    classifier = classifier or CLASSIFIER
    if classifier not in CLASSIFIERS:
        raise InputError(f"unknown classifier {classifier!r}; allowed: {', '.join(CLASSIFIERS)}")
    if isinstance(models, str):
        models = tuple(m.strip() for m in models.split(",") if m.strip())
    names = list(models or DEFAULT_MODELS)
    allowed = [*NESTED, *FEATURES, *EXTRA_FEATURES]
    bad = [m for m in names if m not in allowed]
    if bad:
        raise InputError(f"unknown models {bad}; allowed: {', '.join(allowed)}")
    draws = BOOT_DRAWS if boot_draws is None else int(boot_draws)
    first = max(train[0], 1817)
    te, preds, fit_log, n_train, events_train = _predict(
        (first, train[1]),
        tuple(test),  # type: ignore[arg-type]
        outcome,
        origin,
        int(step),
        classifier,
        tuple(names),
        model,
    )
    y = te["event"].to_numpy()
    res: dict[str, Any] = {
        "task": {"any": "alliance-onset", "defense": "defense-onset", "arms": "arms-onset"}[outcome],
        "train": [first, train[1]],
        "test": list(test),
        "n_test": int(te.height),
        "events_test": int(y.sum()),
        "n_train": n_train,
        "events_train": events_train,
        "origin": origin,
        "classifier": classifier,
        "threat_fit_years": fit_log,
        "models": {
            m: {**summarize(y, p, ks), "predicted_events": float(np.sum(p)), "features": model_columns(m)}
            for m, p in preds.items()
        },
        "notes": _notes(outcome, first, train, origin, step, classifier),
    }
    if outcome != "arms":
        size = te["treaty_size"].fill_null(0).to_numpy()
        res["onsets"] = {
            "bilateral": int(((y == 1) & (size == 2)).sum()),
            "multilateral": int(((y == 1) & (size > 2)).sum()),
            "treaties": int(te["treaty"].drop_nulls().n_unique()),
        }
    if "B" in preds and draws > 0:
        res["nested"] = nested_deltas(te, preds, draws=draws)
    best = max(preds, key=lambda m: res["models"][m]["auroc"])
    bm = res["models"][best]
    res["target"] = {
        **TARGET,
        "best_model_on_test": best,
        "met": bool(bm["auroc"] >= TARGET["auroc"] and bm["pr_auc"] >= TARGET["pr_auc"]),
        "note": "the best model is named after scoring the test years (descriptive); specifications were chosen "
        "on validation years 1971-1990 (SELECTION)",
    }
    if "threat" in preds:
        th = res["models"]["threat"]
        rivals = [m for m in preds if m in FEATURES and m not in ("threat", "all")]
        ahead = bool(
            all(th["auroc"] > res["models"][m]["auroc"] and th["pr_auc"] > res["models"][m]["pr_auc"] for m in rivals)
        )
        res["target"]["ahead_of_baselines"] = ahead
        res["target"]["ahead_of_rivals"] = ahead
    out = te.select("year", "ccode1", "ccode2", "event", "treaty", "treaty_size").with_columns(
        [pl.Series(m, p, dtype=pl.Float64) for m, p in preds.items()]
    )
    return res, out


_PREDICTIONS: dict[tuple, tuple] = {}


def _predict(
    train: tuple[int, int],
    test: tuple[int, int],
    outcome: str,
    origin: str,
    step: int,
    classifier: str,
    names: tuple[str, ...],
    model: Any,
) -> tuple:
    """Test rows and every model's predictions, refitting the threat model at every origin (memoised per process)."""
    from ._leakfree import check_no_overlap, fit_years, fitted_threat_model

    key = (train, test, outcome, origin, step, classifier, names, model)  # the object itself: an id() could be reused
    if key in _PREDICTIONS:
        return _PREDICTIONS[key]
    first = train[0]
    te_parts, pred_parts, fit_log = [], [], []
    n_train = events_train = 0
    for k, (tr_end, lo, hi) in enumerate(_origins(train, test, origin, step)):
        tm = fitted_threat_model(tr_end + 1, model)
        fy = fit_years(tm)
        check_no_overlap(fy, (lo, hi))
        fit_log.append({"test": [lo, hi], **fy})
        df = dyad_frame(first, hi, tm)
        pop, _ = population(df, outcome)
        fit = pop.filter(pl.col("year").is_between(first, tr_end))
        te = pop.filter(pl.col("year").is_between(lo, hi))
        if te.is_empty():
            continue
        if k == 0:
            n_train, events_train = fit.height, int(fit["event"].sum())
        te_parts.append(te)
        pred_parts.append({name: _fit_predict(fit, te, model_columns(name), classifier) for name in names})
    te = pl.concat(te_parts, how="diagonal")
    preds = {name: np.concatenate([p[name] for p in pred_parts]) for name in names}
    if len(_PREDICTIONS) >= 6:
        _PREDICTIONS.pop(next(iter(_PREDICTIONS)))
    _PREDICTIONS[key] = out = (te, preds, fit_log, n_train, events_train)
    return out


# ---- nested deltas with a bootstrap over test years and treaties --------------------------------------
def _weighted_auc_ap_ll(order: np.ndarray, last: np.ndarray, y: np.ndarray, p: np.ndarray, w: np.ndarray) -> tuple:
    """(AUROC, average precision, log-loss) with row weights ``w`` (``order`` sorts ``p`` descending)."""
    ys, ws = y[order], w[order]
    tp = np.cumsum(ws * ys)[last]
    fp = np.cumsum(ws * (1 - ys))[last]
    P, N = tp[-1], fp[-1]
    if P <= 0 or N <= 0:
        return float("nan"), float("nan"), float("nan")
    prec = tp / np.maximum(tp + fp, 1e-300)
    ap = float(np.sum(np.diff(np.r_[0.0, tp]) / P * prec))
    tpr, fpr = np.r_[0.0, tp / P], np.r_[0.0, fp / N]
    auc = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    q = np.clip(p, 1e-15, 1 - 1e-15)
    ll = float(-np.sum(w * (y * np.log(q) + (1 - y) * np.log1p(-q))) / w.sum())
    return auc, ap, ll


def nested_deltas(te: pl.DataFrame, preds: dict[str, np.ndarray], draws: int = 200, seed: int = BOOT_SEED) -> dict:
    """ΔAUROC, ΔPR-AUC and Δlog-loss of every model over B, with 90% bootstrap intervals.

    Each draw resamples the test years with replacement and then, within every drawn copy of a
    year, that year's treaty clusters (see :func:`threatbalance.alignment._pairs.treaty_clusters`;
    treaties are nested in years): a non-onset's weight is the number of times its year was drawn,
    an onset's the number of times its treaty cluster was drawn.  Reported for all onsets, isolated
    pairs ("bilateral") and the other onsets ("multilateral"), each against all non-onsets, and
    ``contrasts``: the theory blocks against their placebos on the same draws (paired).
    """
    y_all = te["event"].to_numpy().astype(float)
    years = te["year"].to_numpy()
    treaty = te["treaty"].fill_null(-1).to_numpy()
    size = te["treaty_size"].fill_null(0).to_numpy()
    uy, gy = np.unique(years, return_inverse=True)
    ut, gt = np.unique(treaty[y_all == 1], return_inverse=True)
    tix = np.full(len(y_all), -1)
    tix[y_all == 1] = gt
    # the year of every treaty cluster (a cluster lies within one year)
    t_year = np.zeros(len(ut), dtype=np.int64)
    t_year[gt] = gy[y_all == 1]
    by_year = [np.flatnonzero(t_year == k) for k in range(len(uy))]
    rng = np.random.default_rng(seed)
    Wy = np.stack([np.bincount(rng.integers(0, len(uy), len(uy)), minlength=len(uy)) for _ in range(draws)])
    Wt = np.zeros((draws, len(ut)), dtype=np.int64)
    for b in range(draws):  # two stages: years, then each drawn year's treaties (nested, not crossed)
        picks = [ts[rng.integers(0, len(ts), Wy[b, k] * len(ts))] for k, ts in enumerate(by_year) if len(ts)]
        if picks:
            Wt[b] = np.bincount(np.concatenate(picks), minlength=len(ut))
    subsets = {"all": np.ones(len(y_all), bool), "bilateral": (y_all == 0) | (size == 2)}
    subsets["multilateral"] = (y_all == 0) | (size > 2)
    out: dict = {
        "baseline": "B",
        "draws": draws,
        "seed": seed,
        "unit": "two-stage bootstrap: test years, then treaty clusters within each drawn year; a treaty cluster = a "
        "connected set of same-year onsets with the same obligations (ATOP treaty ids are not shipped: clusters can "
        "merge several treaties of one year; 'bilateral' = an isolated pair, a lower bound on bilateral onsets; "
        "'multilateral' = every other onset, multilateral treaties or several same-year treaties of one state)",
        "subsets": {},
    }
    for sub, mask in subsets.items():
        y = y_all[mask]
        if y.sum() == 0:
            continue
        g_y, t_i = gy[mask], tix[mask]
        cache: dict[str, tuple] = {}
        for name, p_full in preds.items():
            p = p_full[mask]
            order = np.argsort(-p, kind="stable")
            ps = p[order]
            last = np.r_[ps[1:] != ps[:-1], True]
            point = _weighted_auc_ap_ll(order, last, y, p, np.ones(len(y)))
            boot = np.empty((draws, 3))
            for b in range(draws):  # a loop over draws; each draw is whole-column numpy work
                w = Wy[b][g_y].astype(float)
                on = t_i >= 0
                w[on] = Wt[b][t_i[on]]  # an onset's weight: its treaty's draws (inside its drawn year copies)
                boot[b] = _weighted_auc_ap_ll(order, last, y, p, w)
            cache[name] = (np.array(point), boot)
        base_pt, base_b = cache["B"]
        res = {"events": int(y.sum()), "B": dict(zip(("auroc", "pr_auc", "log_loss"), base_pt.tolist())), "deltas": {}}
        for name, (pt, bt) in cache.items():
            if name == "B":
                continue
            d, db = pt - base_pt, bt - base_b
            res["deltas"][name] = {  # type: ignore[index]
                m: {
                    "point": float(d[k]),
                    "lo90": float(np.nanpercentile(db[:, k], 5)),
                    "hi90": float(np.nanpercentile(db[:, k], 95)),
                }
                for k, m in enumerate(("auroc", "pr_auc", "log_loss"))
            }
        res["contrasts"] = {}
        for a, b in CONTRASTS:  # type: ignore[assignment]
            if a in cache and b in cache:  # type: ignore[comparison-overlap]
                d, db = cache[a][0] - cache[b][0], cache[a][1] - cache[b][1]  # type: ignore[index]
                res["contrasts"][f"{a} - {b}"] = {  # type: ignore[index]
                    m: {
                        "point": float(d[k]),
                        "lo90": float(np.nanpercentile(db[:, k], 5)),
                        "hi90": float(np.nanpercentile(db[:, k], 95)),
                    }
                    for k, m in enumerate(("auroc", "pr_auc", "log_loss"))
                }
        out["subsets"][sub] = res
    return out


# ---- specification chosen on validation years -------------------------------------------------------
def select_specification(outcome: str = "any", draws: int = 0) -> dict:
    """Apply the declared selection rule (:data:`SELECTION`) on the validation split; return its figures.

    Fits on 1817-1970 (threat model refitted on 1816-1970) and scores 1971-1990; the test years
    play no part.
    """
    keys = ("auroc", "pr_auc", "log_loss", "brier")
    out: dict = {"rule": SELECTION["rule"], "train": list(SELECTION["train"]), "validate": list(SELECTION["validate"])}
    out["B"] = {}
    for kind in SELECTION["candidates"]:  # the rule reads B alone
        r, _ = run(
            SELECTION["train"],  # type: ignore[arg-type]
            SELECTION["validate"],  # type: ignore[arg-type]
            outcome=outcome,
            classifier=kind,  # type: ignore[arg-type]
            models=("B",),
            boot_draws=0,
        )
        out["B"][kind] = {k: r["models"]["B"][k] for k in keys}
    ll = {k: out["B"][k]["log_loss"] for k in SELECTION["candidates"]}
    best = min(ll, key=ll.get)  # type: ignore[arg-type]
    if best != "logit" and ll["logit"] <= ll[best] * 1.005:
        best = "logit"
    out["chosen"] = best
    r, _ = run(
        SELECTION["train"],  # type: ignore[arg-type]
        SELECTION["validate"],  # type: ignore[arg-type]
        outcome=outcome,
        classifier=best,  # type: ignore[arg-type]
        models=tuple(NESTED),
        boot_draws=draws,
    )
    out["models"] = {m: {k: v[k] for k in keys} for m, v in r["models"].items()}
    out["threat_fit_years"] = r["threat_fit_years"]
    if "nested" in r:
        out["nested"] = r["nested"]
    return out


def _notes(
    outcome: str, first: int, train: tuple[int, int], origin: str, step: int, classifier: str = CLASSIFIER
) -> list[str]:
    n = [
        (
            "features of an onset in year t use year t-1 data only (threat matrix of t-1, built from inputs up to "
            "t-2; alliance network, IGOs, NMC, V-Dem, UN votes, contiguity, capitals of t-1)"
        ),
        (
            f"non-directed dyads present in the state system in t-1 and t; every model = the same classifier "
            f"({classifier}) on its own columns (see each model's 'features'): B = the structural baseline, "
            "B+<block> = B plus one theory block; version-1 names (threat, power, ...) = the theory's quantities "
            "plus the distance control"
        ),
    ]
    if first != train[0]:
        n.append(f"training starts in {first}: an onset needs the previous year's data")
    if outcome == "any":
        n.append("event: any ATOP v5.1 obligation in t between states with none in t-1")
    elif outcome == "defense":
        n.append("event: an ATOP defence pledge in t between states with none in t-1")
    else:
        n.append(
            f"event: SIPRI arms transfers of >= {ARMS_THRESHOLD:g} TIV either way in t between states with no "
            f"transfer in t-{ARMS_WINDOW}..t-1 (onsets from {ARMS_YEARS[0]})"
        )
    if origin == "rolling":
        n.append(f"rolling origin: refitted on all earlier years every {step} test years")
    return n


@register_task(
    "alliance-onset",
    "onset of an ATOP alliance (any obligation) in non-allied dyads: balance of threat "
    "against balance of power, bandwagoning, regime similarity and UN affinity",
    default_train=(1816, 1990),
    default_test=(1991, 2016),
    coverage=ATOP_TASK_YEARS,
)
def alliance_onset(train: tuple[int, int], test: tuple[int, int], **options: Any) -> dict:
    """``threatbalance evaluate --task alliance-onset`` (options: origin, step, classifier, models, model)."""
    return run(train, test, outcome="any", **options)[0]


@register_task(
    "defense-onset",
    "onset of an ATOP defence pact in dyads without one, theory against theory",
    default_train=(1816, 1990),
    default_test=(1991, 2016),
    coverage=ATOP_TASK_YEARS,
)
def defense_onset(train: tuple[int, int], test: tuple[int, int], **options: Any) -> dict:
    """``threatbalance evaluate --task defense-onset``."""
    return run(train, test, outcome="defense", **options)[0]


@register_task(
    "arms-onset",
    "onset of substantial arms transfers (SIPRI, >= 10 TIV, none in the 5 years before), theory against theory",
    default_train=(1955, 1990),
    default_test=(1991, 2016),
    coverage=ARMS_YEARS,
)
def arms_onset(train: tuple[int, int], test: tuple[int, int], **options: Any) -> dict:
    """``threatbalance evaluate --task arms-onset``."""
    return run(train, test, outcome="arms", **options)[0]


# ---- constants of the documented report (rendered by scripts/make_docs.py into docs/alignment.md) ----------
#: the order in which tables list the theories
MODEL_ORDER = ("threat", "power", "bandwagon", "regime", "un", "distance", "all")
#: the pre-declared propensity variants of the 1936 landscape test (docs/alignment.md, section 4)
LANDSCAPE_VARIANTS = (("outside", 10.0), ("outside", 1.0), ("all", 10.0), ("all", 1.0), ("none", 10.0))
