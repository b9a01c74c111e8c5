"""The ``mid-onset`` task: does the threat index foresee who starts a militarized dispute against whom?

Outcome, for every directed COW dyad-year ``(j, i, t)``: 1 when ``j`` is on the initiating side
(side A) of a militarized interstate dispute that begins for the dyad in year ``t``: GML MIDs
(v2.2.1) up to 2010, COW MID 5.0 for 2011-2014 (the fresh holdout: ``--train 1816-2010 --test
2011-2014``).
Every model is fitted on the training years only and scored on the test years; every feature of
year ``t`` is built from data of years up to ``t - 1`` (geography: the first day of ``t``).

Models:

``threat_index``
    :class:`~threatbalance.ThreatModel` fitted on the training years (four non-negative terms,
    logistic link; intercept recalibrated on the last 10 training years).
``threat_features_free``
    The same features in a logistic regression without the non-negativity constraints (what the
    four-term decomposition costs, if anything).
``plain_logit``
    Logistic regression on standard covariates: land contiguity, any contiguity, log capital
    distance, both CINCs, the log CINC ratio, an ATOP alliance, a strategic rivalry and the number
    of disputes j initiated against i in the previous ten years.
``contiguity_distance``
    Logistic regression on contiguity (one indicator per COW type) and log capital distance.
``cinc_ratio``
    Logistic regression on the log CINC ratio alone.

Besides AUROC, PR-AUC and Brier score, every model reports ``predicted_events`` (the sum of its
probabilities over the test years) next to the observed ``events``: a calibration check.  The
result's ``bootstrap`` entry gives a year-block bootstrap (test years drawn with replacement, 200
draws, fixed seed) of the difference in PR-AUC and AUROC between the threat index and the plain
logit.

Feature and option choices of the threat model are made on a validation split inside the
training years (train 1816-1970, validate 1971-1990), never on the test years:
``python -m threatbalance.evaluation.mid_onset select`` prints that table (``docs/model.md``).

Examples
--------
>>> from threatbalance.evaluation import get_task
>>> task = get_task("mid-onset")
>>> task.default_train, task.default_test
((1816, 1990), (1991, 2010))

``evaluate("mid-onset")`` (about a minute) returns, for each model in ``res["models"]``, the keys
below (``tests/evaluation/test_mid_onset.py`` checks this list against a real run); the threat
index adds ``predicted_events_full_fit_intercept``::

    auroc, brier, events, log_loss, n, pr_auc, precision_at_100, precision_at_1000, precision_at_500, predicted_events
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .._validate import coverage
from ._metrics import summarize
from ._tasks import KS as _KS  # the cut-offs of precision at k shared by every task
from ._tasks import register_task

BOOT_DRAWS = 200
BOOT_SEED = 20240607


def _past_initiations(keys: pl.DataFrame, window: int = 10) -> np.ndarray:
    """Disputes ccode1 initiated against ccode2 in years t - window .. t - 1, per row of ``keys``."""
    from ..threat._features import _initiations

    ev = (
        _initiations()
        .with_columns(pl.int_ranges(pl.col("year") + 1, pl.col("year") + window + 1, dtype=pl.Int32).alias("_t"))
        .explode("_t")
    )
    cnt = ev.group_by("ccode1", "ccode2", "_t").agg(pl.len().cast(pl.Float64).alias("n")).rename({"_t": "year"})
    return (
        keys.join(cnt, on=["ccode1", "ccode2", "year"], how="left", maintain_order="left")["n"].fill_null(0).to_numpy()
    )


def baseline_covariates(F: pl.DataFrame) -> pl.DataFrame:
    """The baselines' covariates from the threat features table (all of year t - 1; geography of t)."""
    lr = (pl.col("cinc1") / pl.col("cinc2")).log()
    out = F.select(
        (pl.col("conttype") == 1).cast(pl.Float64).alias("land"),
        pl.col("conttype").is_between(1, 5).cast(pl.Float64).alias("contig"),
        *[(pl.col("conttype") == k).cast(pl.Float64).alias(f"cont{k}") for k in range(1, 6)],
        (pl.col("capdist") + 1).log().alias("log_capdist"),
        pl.col("cinc1"),
        pl.col("cinc2"),
        lr.alias("log_cinc_ratio"),
        (1 - pl.col("int_no_alliance")).alias("atop"),
        pl.col("int_rivalry").alias("rivalry"),
    )
    return out.with_columns(pl.Series("past_mids_10y", _past_initiations(F.select("ccode1", "ccode2", "year"))))


def _logit(Xtr: np.ndarray, ytr: np.ndarray, Xte: np.ndarray) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    m = make_pipeline(StandardScaler(), LogisticRegression(C=1e4, max_iter=2000))
    m.fit(Xtr, ytr)
    return m.predict_proba(Xte)[:, 1]


def _impute(tr: pl.DataFrame, te: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    med = {c: (v if (v := tr[c].median()) is not None else 0.0) for c in tr.columns}
    f = lambda d: d.select([pl.col(c).fill_nan(None).fill_null(med[c]) for c in d.columns]).to_numpy()  # noqa: E731
    return f(tr), f(te)


def _sorted_for(p: np.ndarray, y: np.ndarray, g: np.ndarray) -> tuple:
    """Scores sorted descending with the outcome, the group (year) index and the ends of tied runs."""
    o = np.argsort(-p, kind="stable")
    ps = p[o]
    last = np.r_[ps[1:] != ps[:-1], True]
    return y[o], g[o], last


def weighted_ap_auroc(srt: tuple, wg: np.ndarray) -> tuple[float, float]:
    """Average precision and AUROC with row weights ``wg[group]`` (ties handled as in scikit-learn).

    Examples
    --------
    >>> import numpy as np
    >>> from threatbalance.evaluation.mid_onset import _sorted_for, weighted_ap_auroc
    >>> y, p, g = np.array([1., 0, 1, 0]), np.array([.9, .8, .7, .1]), np.zeros(4, int)
    >>> [round(v, 4) for v in weighted_ap_auroc(_sorted_for(p, y, g), np.ones(1))]
    [0.8333, 0.75]
    """
    ys, gs, last = srt
    w = wg[gs]
    tp = np.cumsum(w * ys)[last]
    fp = np.cumsum(w * (1 - ys))[last]
    P, N = tp[-1], fp[-1]
    if P <= 0 or N <= 0:
        return float("nan"), float("nan")
    prec = tp / np.maximum(tp + fp, 1e-300)
    ap = float(np.sum(np.diff(np.r_[0.0, tp]) / P * prec))
    tpr, fpr = np.r_[0.0, tp / P], np.r_[0.0, fp / N]
    auc = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    return ap, auc


def year_block_bootstrap(
    y: np.ndarray, p_a: np.ndarray, p_b: np.ndarray, years: np.ndarray, draws: int = BOOT_DRAWS, seed: int = BOOT_SEED
) -> dict:
    """Year-block bootstrap of PR-AUC(a) - PR-AUC(b) and AUROC(a) - AUROC(b).

    Each draw takes as many test years as there are, with replacement, and keeps all rows of the
    drawn years (a year drawn twice counts twice): dyad-years of one year share shocks, so years
    are the resampling unit.  Returns the point differences, the 5th and 95th percentiles (a 90%
    interval) and the share of draws in which ``a`` is not ahead.
    """
    uy, g = np.unique(years, return_inverse=True)
    sa, sb = _sorted_for(p_a, y, g), _sorted_for(p_b, y, g)
    rng = np.random.default_rng(seed)
    one = np.ones(len(uy))
    pa, pb = weighted_ap_auroc(sa, one), weighted_ap_auroc(sb, one)
    d = np.empty((draws, 2))
    for b in range(draws):  # a loop over bootstrap draws, each whole-column numpy work
        wg = np.bincount(rng.integers(0, len(uy), len(uy)), minlength=len(uy)).astype(float)
        xa, xb = weighted_ap_auroc(sa, wg), weighted_ap_auroc(sb, wg)
        d[b] = xa[0] - xb[0], xa[1] - xb[1]
    out = {"draws": draws, "seed": seed, "unit": "test year"}
    for k, name in enumerate(("pr_auc_diff", "auroc_diff")):
        out[name] = {
            "point": pa[k] - pb[k],
            "lo90": float(np.percentile(d[:, k], 5)),
            "hi90": float(np.percentile(d[:, k], 95)),
            "share_not_ahead": float(np.mean(d[:, k] <= 0)),
        }
    return out


@register_task(
    "mid-onset",
    "who starts a militarized dispute against whom (GML MID initiations to 2010, COW MID 5.0 2011-2014)",
    default_train=(1816, 1990),
    default_test=(1991, 2010),
    coverage=(coverage("gml_mids")[0], coverage("cow_mids")[1]),  # GML to 2010, then COW MID 5.0 to 2014
)
def mid_onset(train: tuple[int, int], test: tuple[int, int]) -> dict:
    """Fit every model on ``train`` years and score it on ``test`` years (see the module documentation)."""
    from ..threat import ThreatModel
    from ..threat._features import learned_features, mid_outcome, panel_keys

    keys_tr, keys_te = panel_keys(*train), panel_keys(*test)
    y_tr = mid_outcome(keys_tr).to_numpy().astype(float)
    y_te = mid_outcome(keys_te).to_numpy().astype(float)
    # ThreatModel.fit keeps the features the v2 selection rule did not adopt at weight 0 and event hostility
    # at its hand-set weight (threat._features.fixed_weights)
    model = ThreatModel().fit(keys_tr, y_tr)
    res = model.results()
    F_tr, F_te = res.features(keys_tr), res.features(keys_te)
    scores: dict[str, np.ndarray] = {"threat_index": res.score(F_te)["threat"].to_numpy()}
    Xtr, Xte = _impute(F_tr.select(learned_features()), F_te.select(learned_features()))
    scores["threat_features_free"] = _logit(Xtr, y_tr, Xte)
    B_tr, B_te = baseline_covariates(F_tr), baseline_covariates(F_te)
    sets = {
        "plain_logit": [
            "land",
            "contig",
            "log_capdist",
            "cinc1",
            "cinc2",
            "log_cinc_ratio",
            "atop",
            "rivalry",
            "past_mids_10y",
        ],
        "contiguity_distance": ["cont1", "cont2", "cont3", "cont4", "cont5", "log_capdist"],
        "cinc_ratio": ["log_cinc_ratio"],
    }
    for name, cols in sets.items():
        a, b = _impute(B_tr.select(cols), B_te.select(cols))
        scores[name] = _logit(a, y_tr, b)
    models = {name: {**summarize(y_te, p, ks=_KS), "predicted_events": float(np.sum(p))} for name, p in scores.items()}
    # what the recalibration of the intercept on the last training years does to the level
    shift = model.intercept_fit_ - model.intercept_
    p_ti = scores["threat_index"]
    models["threat_index"]["predicted_events_full_fit_intercept"] = float(
        np.sum(1 / (1 + np.exp(-(np.log(p_ti) - np.log1p(-p_ti) + shift))))
    )
    boot = year_block_bootstrap(y_te, scores["threat_index"], scores["plain_logit"], keys_te["year"].to_numpy())
    # the dyad-rate oracle: each dyad's own test-period rate (uses the test outcomes; a ceiling, not a model)
    rate = keys_te.with_columns(pl.Series("y", y_te)).with_columns(pl.col("y").mean().over("ccode1", "ccode2"))["y"]
    oracle = summarize(y_te, rate.to_numpy())
    target = {"pr_auc": 0.15, "auroc": 0.97}
    ti = models["threat_index"]
    met = ti["pr_auc"] >= target["pr_auc"] and ti["auroc"] >= target["auroc"]
    ahead = all(
        ti["pr_auc"] > r["pr_auc"] and ti["auroc"] > r["auroc"]
        for n, r in models.items()
        if n not in ("threat_index", "threat_features_free")
    )
    return {
        "task": "mid-onset",
        "train": list(train),
        "test": list(test),
        "n_train": len(y_tr),
        "events_train": int(y_tr.sum()),
        "n_test": len(y_te),
        "events_test": int(y_te.sum()),
        "models": models,
        "fitted_weights": {"intercept": model.intercept_, **model.weights_},
        "intercept_full_fit": model.intercept_fit_,
        "bootstrap": {"compare": ["threat_index", "plain_logit"], **boot},
        "target": {**target, "met": bool(met), "ahead_of_baselines": bool(ahead)},
        "reference": {"dyad_rate_oracle": {k: oracle[k] for k in ("auroc", "pr_auc", "brier")}},
        "notes": [
            (
                "outcome: dispute onset for the directed dyad with ccode1 on side A (initiators and side-A joiners): "
                "GML MID 2.2.1 to 2010, COW MID 5.0 for 2011-2014; all directed COW dyad-years, none dropped "
                "(missing inputs are imputed with training medians)"
            ),
            (
                "features of year t use data of years <= t-1 (contiguity and capitals: first day of t); models see "
                "training years only"
            ),
            (
                "predicted_events: sum of the model's probabilities over the test rows, to compare with events "
                "(calibration in the large)"
            ),
            (
                "bootstrap: 90% interval of the threat index's lead over the plain logit, test years resampled "
                f"with replacement ({BOOT_DRAWS} draws, seed {BOOT_SEED})"
            ),
            (
                "the threat model's features and options were chosen on train 1816-1970 / validate 1971-1990, "
                "never on the test years (docs/model.md, section 6)"
            ),
            (
                "dyad_rate_oracle gives every test dyad its own observed test-period initiation rate: it uses the test "
                "outcomes and is shown only as a ceiling for dyad-level prediction, not as a model"
            ),
        ],
    }


# ------------------------------------------------------------------------------------------------
# model selection on a validation split inside the training years
# ------------------------------------------------------------------------------------------------
SELECT_TRAIN = (1816, 1970)
SELECT_VALIDATE = (1971, 1990)


def selection_table(train: tuple[int, int] = SELECT_TRAIN, validate: tuple[int, int] = SELECT_VALIDATE) -> dict:
    """The validation runs behind the threat model's feature and option choices.

    Every candidate is fitted (non-negative logit, as :meth:`ThreatModel.fit`) on ``train`` and
    scored on ``validate``; both lie inside the evaluation's training years 1816-1990, so the test
    years 1991-2010 play no part in any choice.  Candidates: the shipped features; without the
    peace-years kernels; with the earlier ``int_target_embattled`` (disputes initiated by anyone
    against the target, half-life ``h_s``) instead of or besides them; with a lagged system-wide
    initiation rate ``ln((n_{t-1} + 1) / dyads_{t-1})`` as a context feature.  Every candidate's
    intercept is recalibrated on the last 10 training years, as the shipped model's; then the
    window of that recalibration is varied for the shipped features (``recalibration``).

    Examples
    --------
    >>> from threatbalance.evaluation.mid_onset import selection_table
    >>> t = selection_table()  # doctest: +SKIP
    >>> c = t["candidates"]  # doctest: +SKIP
    >>> c["shipped"]["pr_auc"] > c["without peace-years kernels"]["pr_auc"]  # doctest: +SKIP
    True
    """
    from ..threat import FEATURE_NAMES, ThreatModel
    from ..threat._features import _decayed, _initiations, mid_outcome, panel_keys
    from ..threat._solvers import fit_nonneg_logit, recalibrate_intercept, sigmoid

    m = ThreatModel()
    keys = panel_keys(train[0], validate[1])
    F = m.results().features(keys).with_columns(mid_outcome(keys))
    ev = _initiations()
    emb = _decayed(ev.select("ccode2", "year"), ["ccode2"], float(m.half_life_short), int(m.lag), True)
    F = F.join(emb.rename({"stock": "_emb"}), on=["ccode2", "year"], how="left", maintain_order="left").with_columns(
        pl.when(pl.col("year") - m.lag >= 1816).then(pl.col("_emb").fill_null(0).log1p()).alias("int_target_embattled")
    )
    n_dy = keys.group_by("year").agg(pl.len().alias("_d"))
    n_ev = ev.group_by("year").agg(pl.len().alias("_n"))
    rate = n_dy.join(n_ev, on="year", how="left").select(
        (pl.col("year") + 1).alias("year"), ((pl.col("_n").fill_null(0) + 1) / pl.col("_d")).log().alias("sys_rate")
    )
    F = F.join(rate, on="year", how="left", maintain_order="left")
    tr, va = F.filter(pl.col("year").is_between(*train)), F.filter(pl.col("year").is_between(*validate))
    y_tr, y_va = tr["mid_init"].to_numpy().astype(float), va["mid_init"].to_numpy().astype(float)
    peace = [c for c in FEATURE_NAMES if c.startswith("int_peace_")]
    specs = {
        "shipped": list(FEATURE_NAMES),
        "without peace-years kernels": [c for c in FEATURE_NAMES if c not in peace],
        "previous (embattled, no peace-years)": [c for c in FEATURE_NAMES if c not in peace] + ["int_target_embattled"],
        "shipped + int_target_embattled": [*FEATURE_NAMES, "int_target_embattled"],
        "shipped + lagged system rate (context)": [*FEATURE_NAMES, "sys_rate"],
    }
    out: dict = {
        "train": list(train),
        "validate": list(validate),
        "n_validate": len(y_va),
        "events_validate": int(y_va.sum()),
        "candidates": {},
        "recalibration": {},
    }

    def matrices(cols: list[str]) -> tuple[np.ndarray, np.ndarray]:
        med = {c: (v if (v := tr[c].median()) is not None else 0.0) for c in cols}
        f = lambda d: d.select([pl.col(c).fill_nan(None).fill_null(med[c]) for c in cols]).to_numpy().astype(float)  # noqa: E731
        return f(tr), f(va)

    for name, cols in specs.items():
        a, b = matrices(cols)
        b0_fit, w, _ = fit_nonneg_logit(a, y_tr, 1.0)
        yrs = tr["year"].to_numpy()
        b0 = recalibrate_intercept(a @ w, y_tr, yrs, 10, b0_fit)
        p = sigmoid(b0 + b @ w)
        out["candidates"][name] = {**summarize(y_va, p, ks=_KS), "predicted_events": float(p.sum())}
        if "sys_rate" in cols:
            out["candidates"][name]["sys_rate_weight"] = float(w[cols.index("sys_rate")])
        if name == "shipped":
            for K in (None, 5, 10, 20, 30):
                pk = sigmoid((b0_fit if K is None else recalibrate_intercept(a @ w, y_tr, yrs, K, b0_fit)) + b @ w)
                out["recalibration"]["none" if K is None else str(K)] = {
                    "predicted_events": float(pk.sum()),
                    "events": int(y_va.sum()),
                    "brier": float(np.mean((pk - y_va) ** 2)),
                }
    return out


# ------------------------------------------------------------------------------------------------
# threat v2: the written selection rule (docs/model.md, section 6.2) on the validation split
# ------------------------------------------------------------------------------------------------
V2_MIN_GAIN = 0.003
V2_MAX_AUROC_LOSS = 0.002


def _fit_score(tr: pl.DataFrame, va: pl.DataFrame, cols: list[str], y_tr: np.ndarray) -> tuple[np.ndarray, dict]:
    """Non-negative logit (as :meth:`ThreatModel.fit`, intercept recalibrated on the last 10 years) -> validation p."""
    from ..threat._solvers import fit_nonneg_logit, recalibrate_intercept, sigmoid

    med = {c: (v if (v := tr[c].median()) is not None else 0.0) for c in cols}
    f = lambda d: d.select([pl.col(c).fill_nan(None).fill_null(med[c]) for c in cols]).to_numpy().astype(float)  # noqa: E731
    a, b = f(tr), f(va)
    b0, w, _ = fit_nonneg_logit(a, y_tr, 1.0)
    b0 = recalibrate_intercept(a @ w, y_tr, tr["year"].to_numpy(), 10, b0)
    return sigmoid(b0 + b @ w), {c: float(x) for c, x in zip(cols, w)}


def selection_v2(
    F: pl.DataFrame | None = None, train: tuple[int, int] = SELECT_TRAIN, validate: tuple[int, int] = SELECT_VALIDATE
) -> dict:
    """Apply the v2 selection rule: blocks added in order if validation PR-AUC gains >= 0.003, then ablations.

    ``F`` is the feature table of ``train[0]..validate[1]`` with ``mid_init`` (built if not given).
    Also scores originator and joiner initiations separately and the variants of rule 6.

    Examples
    --------
    >>> from threatbalance.evaluation.mid_onset import selection_v2
    >>> t = selection_v2()  # doctest: +SKIP
    >>> sorted(t["adopted"])  # doctest: +SKIP
    """
    from ..threat._features import BLOCKS, build_features, mid_outcome, panel_keys

    if F is None:
        keys = panel_keys(train[0], validate[1])
        F = build_features(keys).with_columns(mid_outcome(keys))
    tr, va = F.filter(pl.col("year").is_between(*train)), F.filter(pl.col("year").is_between(*validate))
    y_tr, y_va = tr["mid_init"].to_numpy().astype(float), va["mid_init"].to_numpy().astype(float)
    out: dict = {"train": list(train), "validate": list(validate), "events_validate": int(y_va.sum()), "steps": []}

    def run(cols: list[str]) -> tuple[dict, np.ndarray, dict]:
        p, w = _fit_score(tr, va, cols, y_tr)
        return {**summarize(y_va, p, ks=_KS), "predicted_events": float(p.sum())}, p, w

    base = [*BLOCKS["power"], *BLOCKS["proximity"], *BLOCKS["offense_v1"], *BLOCKS["intent_v1"]]
    cur, (r_cur, _, w_cur) = base, run(base)
    out["steps"].append({"candidate": "v1 (base)", **r_cur, "adopted": True})
    adopted = []
    for blk in ("offense_v2", "intent_v2"):
        cand = [*cur, *BLOCKS[blk]]
        r, _, w = run(cand)
        gain = r["pr_auc"] - r_cur["pr_auc"]
        ok = gain >= V2_MIN_GAIN and r["auroc"] >= r_cur["auroc"] - V2_MAX_AUROC_LOSS
        out["steps"].append({"candidate": f"+ {blk}", **r, "gain": gain, "adopted": bool(ok), "weights": w})
        if ok:
            adopted.append(blk)
            cur, r_cur, w_cur = cand, r, w
    out["adopted"] = adopted
    out["final_weights"] = w_cur
    out["ablations"] = {}
    for blk, cols in BLOCKS.items():
        if blk == "events" or not set(cols) & set(cur):
            continue
        r, _, _ = run([c for c in cur if c not in cols])
        out["ablations"][blk] = {**r, "pr_auc_change": r["pr_auc"] - r_cur["pr_auc"]}
    out["final"] = r_cur
    out["final_features"] = cur
    return out


def _originators(keys: pl.DataFrame) -> np.ndarray:
    """1 where ccode1 initiated a dispute onset against ccode2 as an originator (``orig1``), per row of ``keys``."""
    from ..sources import load_table
    from ..threat._features import CARRY, MID_END

    cols = [pl.col(c).cast(pl.Int32) for c in ("ccode1", "ccode2", "year")]
    g = load_table("gml_mid_ddydisps").filter(
        (pl.col("gmlmidonset") == 1) & (pl.col("sidea1") == 1) & (pl.col("orig1") == 1)
    )
    c = load_table("cow_mid_ddydisps").filter(
        (pl.col("cowmidonset") == 1)
        & (pl.col("sidea1") == 1)
        & (pl.col("orig1") == 1)
        & pl.col("year").is_between(CARRY["gml_mids"] + 1, MID_END)
    )
    ev = pl.concat([g.select(cols), c.select(cols)]).unique().with_columns(pl.lit(1, pl.Int8).alias("_o"))
    return (
        keys.join(ev, on=["ccode1", "ccode2", "year"], how="left", maintain_order="left")["_o"].fill_null(0).to_numpy()
    )


def where_lost(
    F: pl.DataFrame | None = None, train: tuple[int, int] = SELECT_TRAIN, validate: tuple[int, int] = SELECT_VALIDATE
) -> dict:
    """Rule 6 of docs/model.md 6.2 on the validation split: originators vs joiners, and a separate risk set.

    * ``originators`` / ``joiners``: the shipped (v1) model's validation PR-AUC against originator
      initiations only (joiner events left out of the rows) and against side-A joiners only.
    * ``ongoing_risk_set``: two models, one for dyad-years with a dispute of the pair ongoing in
      ``t - 1`` and one for the others, each fitted on its own rows; scored together.
    """
    from ..threat._features import BLOCKS, build_features, mid_outcome, panel_keys

    if F is None:
        keys = panel_keys(train[0], validate[1])
        F = build_features(keys).with_columns(mid_outcome(keys))
    F = F.with_columns(pl.Series("_orig", _originators(F.select("ccode1", "ccode2", "year"))))
    tr, va = F.filter(pl.col("year").is_between(*train)), F.filter(pl.col("year").is_between(*validate))
    y_tr, y_va = tr["mid_init"].to_numpy().astype(float), va["mid_init"].to_numpy().astype(float)
    o_va = va["_orig"].to_numpy().astype(float)
    cols = [*BLOCKS["power"], *BLOCKS["proximity"], *BLOCKS["offense_v1"], *BLOCKS["intent_v1"]]
    p, _ = _fit_score(tr, va, cols, y_tr)
    out: dict = {"all": summarize(y_va, p, ks=_KS)}
    joiner = (y_va == 1) & (o_va == 0)
    keep_o, keep_j = ~joiner, ~((y_va == 1) & (o_va == 1))
    out["originators"] = summarize(o_va[keep_o], p[keep_o], ks=_KS)
    out["joiners"] = summarize(joiner[keep_j].astype(float), p[keep_j], ks=_KS)
    on_tr, on_va = (
        tr["int_mid_ongoing"].fill_null(0).to_numpy() == 1,
        va["int_mid_ongoing"].fill_null(0).to_numpy() == 1,
    )
    p2 = np.empty_like(p)
    for m_tr, m_va in ((on_tr, on_va), (~on_tr, ~on_va)):
        sub_tr, sub_va = tr.filter(pl.Series(m_tr)), va.filter(pl.Series(m_va))
        p2[m_va], _ = _fit_score(sub_tr, sub_va, cols, y_tr[m_tr])
    out["ongoing_risk_set"] = summarize(y_va, p2, ks=_KS)
    out["ongoing_share_of_events"] = float(y_va[on_va].sum() / y_va.sum())
    out["ongoing_risk_set"]["gain"] = out["ongoing_risk_set"]["pr_auc"] - out["all"]["pr_auc"]
    out["ongoing_risk_set"]["adopted"] = bool(out["ongoing_risk_set"]["gain"] >= V2_MIN_GAIN)
    return out


# ------------------------------------------------------------------------------------------------
# rule 6: the two-stage model (is a state targeted at all; who initiates, with joiners from alliance ties)
# ------------------------------------------------------------------------------------------------
#: Stage 1 covariates (one row per target state-year; all of year t - 1 or earlier).
STAGE1_FEATURES = (
    "ts_log_expected",
    "ts_max_logit",
    "ts_targeted_last",
    "ts_targeted_10y",
    "ts_ongoing",
    "ts_log_cinc",
)
#: The alliance channel to potential originators, per directed dyad (j, i, t).
ALLY_FEATURES = ("ts_ally_max", "ts_ally_sum")


def _v1_columns() -> list[str]:
    from ..threat._features import BLOCKS

    return [*BLOCKS["power"], *BLOCKS["proximity"], *BLOCKS["offense_v1"], *BLOCKS["intent_v1"]]


def _fit_nonneg(tr: pl.DataFrame, al: pl.DataFrame, cols: list[str], y_tr: np.ndarray) -> np.ndarray:
    """As :func:`_fit_score` (non-negative logit, intercept recalibrated on the last 10 years), scoring ``al``."""
    from ..threat._solvers import fit_nonneg_logit, recalibrate_intercept, sigmoid

    med = {c: (v if (v := tr[c].median()) is not None else 0.0) for c in cols}
    f = lambda d: d.select([pl.col(c).fill_nan(None).fill_null(med[c]) for c in cols]).to_numpy().astype(float)  # noqa: E731
    a, b = f(tr), f(al)
    b0, w, _ = fit_nonneg_logit(a, y_tr, 1.0)
    b0 = recalibrate_intercept(a @ w, y_tr, tr["year"].to_numpy(), 10, b0)
    return sigmoid(b0 + b @ w)


def ally_threat(F: pl.DataFrame, p: np.ndarray) -> pl.DataFrame:
    """For each row (j, i, t) of ``F``: the largest and the summed base probability ``p(k -> i, t)`` over the
    states k allied with j (ATOP pledge in t - 1, ``int_no_alliance == 0``): j's allies as likely
    originators against i, the channel through which j would join.  One numpy pass per year."""
    d = F.select("ccode1", "ccode2", "year", "int_no_alliance").with_columns(pl.Series("_p", p))
    mx = np.zeros(d.height)
    sm = np.zeros(d.height)
    idx_all = np.arange(d.height)
    for g in d.with_columns(pl.Series("_r", idx_all)).partition_by("year"):
        c1, c2 = g["ccode1"].to_numpy(), g["ccode2"].to_numpy()
        codes = np.unique(np.concatenate([c1, c2]))
        a, b = np.searchsorted(codes, c1), np.searchsorted(codes, c2)
        n = len(codes)
        A = np.zeros((n, n))
        P = np.zeros((n, n))
        A[a, b] = (g["int_no_alliance"].fill_null(1).to_numpy() == 0).astype(float)
        P[a, b] = g["_p"].to_numpy()
        r = g["_r"].to_numpy()
        sm[r] = (A @ P)[a, b]
        mx[r] = np.max(A[:, :, None] * P[None, :, :], axis=1)[a, b]
    return pl.DataFrame({"ts_ally_max": mx, "ts_ally_sum": sm})


def _target_years(F: pl.DataFrame, p: np.ndarray) -> pl.DataFrame:
    """Stage 1 rows: one per (target i, year t) with the outcome ``targeted`` and :data:`STAGE1_FEATURES`."""
    from ..threat._features import _initiations

    ev = _initiations().group_by("ccode2", "year").agg(pl.len().cast(pl.Float64).alias("_n"))
    lagged = ev.with_columns(pl.int_ranges(pl.col("year") + 1, pl.col("year") + 11, dtype=pl.Int32).alias("_t"))
    past = (
        lagged.explode("_t")
        .group_by("ccode2", "_t")
        .agg(pl.col("_n").sum().alias("_n10"), (pl.col("_t") == pl.col("year") + 1).any().alias("_last"))
        .rename({"_t": "year"})
        .with_columns(pl.col("ccode2").cast(pl.Int32), pl.col("year").cast(pl.Int32))
    )
    T = (
        F.select("ccode2", "year", "mid_init", "int_mid_ongoing", "cinc2")
        .with_columns(pl.Series("_p", p))
        .group_by("ccode2", "year")
        .agg(
            pl.col("mid_init").max().alias("targeted"),
            pl.col("_p").sum().log().alias("ts_log_expected"),
            (pl.col("_p").max() / (1 - pl.col("_p").max())).log().alias("ts_max_logit"),
            pl.col("int_mid_ongoing").fill_null(0).max().cast(pl.Float64).alias("ts_ongoing"),
            pl.col("cinc2").first().log().alias("ts_log_cinc"),
        )
        .with_columns(pl.col("ccode2").cast(pl.Int32), pl.col("year").cast(pl.Int32))
        .join(past, on=["ccode2", "year"], how="left")
        .with_columns(
            pl.col("_last").fill_null(False).cast(pl.Float64).alias("ts_targeted_last"),
            pl.col("_n10").fill_null(0).log1p().alias("ts_targeted_10y"),
        )
        .drop("_last", "_n10")
    )
    return T.sort("ccode2", "year")


def two_stage(
    F: pl.DataFrame | None = None, train: tuple[int, int] = SELECT_TRAIN, validate: tuple[int, int] = SELECT_VALIDATE
) -> dict:
    """Rule 6 of docs/model.md 6.2, the two-stage model, on the validation split only.

    * base: the shipped v1 model (non-negative logit, as :func:`selection_v2`'s first step);
    * stage 1: P(state i is the target of at least one initiation in t), a logit on target-years
      (:data:`STAGE1_FEATURES`: the base model's expected number of initiators against i and its
      largest dyad probability, whether i was targeted in t - 1, disputes against i in the ten
      previous years, an ongoing dispute of i in t - 1, i's CINC);
    * stage 2: P(j initiates against i | i is targeted), the non-negative logit on the v1 features plus
      the alliance channel :data:`ALLY_FEATURES` (j's allies as likely originators against i),
      fitted on the training dyad-years whose target was targeted;
    * ``two_stage``: P(stage 1) x P(stage 2) for every validation dyad-year, scored against all
      side-A initiations and against joiners only; adopted only if validation PR-AUC gains >= 0.003
      over the base and AUROC falls by no more than 0.002.

    Also reported (declared with it, same rule): ``one_stage_ally``, the base plus the alliance
    channel in one stage, which separates the new covariates from the two-stage structure.

    Examples
    --------
    >>> from threatbalance.evaluation.mid_onset import two_stage
    >>> t = two_stage()  # doctest: +SKIP
    >>> t["two_stage"]["adopted"]  # doctest: +SKIP
    False
    """
    from ..threat._features import build_features, mid_outcome, panel_keys

    if F is None:
        keys = panel_keys(train[0], validate[1])
        F = build_features(keys).with_columns(mid_outcome(keys))
    F = F.filter(pl.col("year").is_between(train[0], validate[1]))
    is_tr = F["year"].is_between(*train).to_numpy()
    is_va = F["year"].is_between(*validate).to_numpy()
    y = F["mid_init"].to_numpy().astype(float)
    cols = _v1_columns()
    tr = F.filter(pl.Series(is_tr))
    p0 = _fit_nonneg(tr, F, cols, y[is_tr])
    F = F.with_columns(ally_threat(F, p0))
    out: dict = {"train": list(train), "validate": list(validate), "events_validate": int(y[is_va].sum())}
    base = summarize(y[is_va], p0[is_va], ks=_KS)
    out["base"] = {**base, "predicted_events": float(p0[is_va].sum())}

    # stage 1: target-years
    T = _target_years(F, p0)
    t_tr, t_va = T["year"].is_between(*train).to_numpy(), T["year"].is_between(*validate).to_numpy()
    X1 = T.select(list(STAGE1_FEATURES)).fill_nan(None)
    X1 = X1.with_columns([pl.col(c).fill_null(X1.filter(pl.Series(t_tr))[c].median()) for c in X1.columns])
    y1 = T["targeted"].to_numpy().astype(float)
    p1 = _logit(X1.to_numpy()[t_tr], y1[t_tr], X1.to_numpy())
    out["stage1"] = {
        "rows": "target state-years",
        "events_validate": int(y1[t_va].sum()),
        "n_validate": int(t_va.sum()),
        **{k: v for k, v in summarize(y1[t_va], p1[t_va], ks=(10, 50)).items() if k in ("auroc", "pr_auc", "brier")},
    }
    P1 = F.select(pl.col("ccode2").cast(pl.Int32), pl.col("year").cast(pl.Int32)).join(
        T.select("ccode2", "year", "targeted").with_columns(pl.Series("_p1", p1)),
        on=["ccode2", "year"],
        how="left",
        maintain_order="left",
    )
    p1_row, targeted = P1["_p1"].to_numpy(), P1["targeted"].to_numpy().astype(float)

    # stage 2: who initiates, given that the target is targeted (fitted on targeted training rows only)
    cols2 = [*cols, *ALLY_FEATURES]
    sel = is_tr & (targeted == 1)
    p2 = _fit_nonneg(F.filter(pl.Series(sel)), F, cols2, y[sel])
    p_ts = p1_row * p2
    r = summarize(y[is_va], p_ts[is_va], ks=_KS)
    gain = r["pr_auc"] - base["pr_auc"]
    ok = gain >= V2_MIN_GAIN and r["auroc"] >= base["auroc"] - V2_MAX_AUROC_LOSS
    yv, tv = y[is_va], targeted[is_va]
    out["stage2"] = {
        "rows": "dyad-years whose target is targeted",
        "n_train": int(sel.sum()),
        "events_train": int(y[sel].sum()),
        **{
            k: v
            for k, v in summarize(yv[tv == 1], p2[is_va][tv == 1], ks=(10, 50)).items()
            if k in ("auroc", "pr_auc", "events", "n")
        },
    }
    out["two_stage"] = {**r, "predicted_events": float(p_ts[is_va].sum()), "gain": gain, "adopted": bool(ok)}

    # diagnostic declared with it: the alliance channel in one stage
    p_one = _fit_nonneg(tr.with_columns(F.filter(pl.Series(is_tr)).select(ALLY_FEATURES)), F, cols2, y[is_tr])
    r1 = summarize(y[is_va], p_one[is_va], ks=_KS)
    g1 = r1["pr_auc"] - base["pr_auc"]
    out["one_stage_ally"] = {
        **r1,
        "predicted_events": float(p_one[is_va].sum()),
        "gain": g1,
        "adopted": bool(g1 >= V2_MIN_GAIN and r1["auroc"] >= base["auroc"] - V2_MAX_AUROC_LOSS),
    }

    # originators and joiners, as in where_lost
    o = _originators(F.select("ccode1", "ccode2", "year"))[is_va].astype(float)
    joiner = (yv == 1) & (o == 0)
    keep_j = ~((yv == 1) & (o == 1))
    out["joiners"] = {
        name: {
            k: v
            for k, v in summarize(joiner[keep_j].astype(float), q[is_va][keep_j], ks=_KS).items()
            if k in ("auroc", "pr_auc", "events")
        }
        for name, q in (("base", p0), ("two_stage", p_ts), ("one_stage_ally", p_one))
    }
    return out


def _print_selection() -> None:  # pragma: no cover - a report for docs/model.md
    t = selection_table()
    print(
        f"validation: fit {t['train'][0]}-{t['train'][1]}, score {t['validate'][0]}-{t['validate'][1]} "
        f"({t['n_validate']:,} dyad-years, {t['events_validate']} initiations)\n"
    )
    print("| candidate | AUROC | PR-AUC | Brier | predicted / observed events |")
    print("|---|---|---|---|---|")
    for name, r in t["candidates"].items():
        print(
            f"| {name} | {r['auroc']:.4f} | {r['pr_auc']:.4f} | {r['brier']:.7f} | "
            f"{r['predicted_events']:.0f} / {r['events']} |"
        )
    print("\n| intercept recalibrated on the last K training years | predicted / observed | Brier |")
    print("|---|---|---|")
    for k, r in t["recalibration"].items():
        print(f"| {k} | {r['predicted_events']:.0f} / {r['events']} | {r['brier']:.7f} |")


if __name__ == "__main__":  # pragma: no cover
    import sys

    if sys.argv[1:] == ["select"]:
        _print_selection()
    else:
        print("usage: python -m threatbalance.evaluation.mid_onset select")
