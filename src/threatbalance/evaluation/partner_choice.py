"""The ``partner-choice`` task: when a state forms a new alliance, does a theory rank its partners first?

For every state-year of the test years in which the state takes on a new ATOP obligation (or a
new defence pledge) with at least one other state, every state it was not allied with in ``t - 1``
is a candidate; each model ranks the candidates by its predicted probability (fitted on the
training years, threat model refitted on them, as in ``alliance-onset``).  Reported per model:
``hit_at_1`` and ``hit_at_10`` (share of state-years whose first-ranked actual new partner is
within the first 1 / 10 candidates) and ``mrr`` (mean reciprocal rank of that partner), each
with a 90% interval from a bootstrap over test years; for all pledges and for defence pacts.

Besides the fitted models, ``score`` ranks by the hand-set balance-of-threat score
``S - 10 m`` of the (refitted) threat model, as ``partners(method="score")``: no fitting at all.

Examples
--------
>>> import threatbalance as tb
>>> r = tb.evaluation.evaluate("partner-choice", train=(1990, 1999), test=(2000, 2002))  # doctest: +SKIP
>>> sorted(r["pledges"]["any"]["models"]["B+threat"])  # doctest: +SKIP
['hit_at_1', 'hit_at_10', 'mrr']
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .._errors import InputError
from ._tasks import register_task

BOOT_DRAWS = 500
BOOT_SEED = 20240613
KS_HIT = (1, 10)


def rank_partners(pred: pl.DataFrame, models: list[str]) -> pl.DataFrame:
    """One row per state-year with a new alliance: the rank of its best-ranked new partner under each model.

    ``pred`` has ``year, ccode1, ccode2, event`` and one score column per model (non-directed
    at-risk dyads).  Ties share the average rank.

    Examples
    --------
    >>> d = pl.DataFrame({"year": [1, 1, 1], "ccode1": [1, 1, 2], "ccode2": [2, 3, 3],
    ...                   "event": [0, 1, 0], "m": [0.9, 0.5, 0.1]})
    >>> rank_partners(d, ["m"]).sort("state")["m"].to_list()
    [2.0, 1.0]
    """
    both = pl.concat(
        [
            pred.select("year", pl.col("ccode1").alias("state"), pl.col("ccode2").alias("other"), "event", *models),
            pred.select("year", pl.col("ccode2").alias("state"), pl.col("ccode1").alias("other"), "event", *models),
        ]
    )
    both = both.with_columns(
        [pl.col(m).rank("average", descending=True).over("year", "state").alias(m) for m in models]
    )
    cand = both.group_by("year", "state").agg(pl.len().alias("n_candidates"))
    return (
        both.filter(pl.col("event") == 1)
        .group_by("year", "state")
        .agg(*[pl.col(m).min() for m in models], pl.len().alias("n_partners"))
        .join(cand, on=["year", "state"], how="left")
        .sort("year", "state")
    )


def chance(n_candidates: np.ndarray, n_partners: np.ndarray) -> dict[str, np.ndarray]:
    """Expected hit@k and reciprocal rank of the best-ranked of ``m`` partners among ``n`` candidates in random order.

    The best rank ``R`` of ``m`` partners placed at random among ``n`` has
    ``P(R = r) = C(n - r, m - 1) / C(n, m)``, so ``P(R <= k) = 1 - C(n - m, k) / C(n, k)``.

    Examples
    --------
    >>> {k: round(float(v[0]), 3) for k, v in chance(np.array([10]), np.array([1])).items()}
    {'hit_at_1': 0.1, 'hit_at_10': 1.0, 'mrr': 0.293}
    """
    from scipy.special import gammaln

    n = np.asarray(n_candidates, dtype=float)[:, None]
    m = np.asarray(n_partners, dtype=float)[:, None]
    r = np.arange(1, int(n.max()) + 1, dtype=float)[None, :]

    def lc(a: np.ndarray, b: np.ndarray) -> np.ndarray:  # log C(a, b), -inf outside 0 <= b <= a
        ok = (b >= 0) & (a >= b)
        with np.errstate(invalid="ignore"):
            v = gammaln(np.where(ok, a, 0) + 1) - gammaln(np.where(ok, b, 0) + 1) - gammaln(np.where(ok, a - b, 0) + 1)
        return np.where(ok, v, -np.inf)

    pr = np.exp(lc(n - r, m - 1) - lc(n, m))
    out = {f"hit_at_{k}": pr[:, :k].sum(axis=1) for k in KS_HIT}
    out["mrr"] = (pr / r).sum(axis=1)
    return out


def summarize_ranks(ranks: pl.DataFrame, models: list[str], draws: int = BOOT_DRAWS, seed: int = BOOT_SEED) -> dict:
    """hit@1, hit@10 and MRR per model with 90% intervals (bootstrap over test years); ``random``: a random
    ranking's exact expectation for the same state-years and candidates (:func:`chance`)."""
    years = ranks["year"].to_numpy()
    uy, g = np.unique(years, return_inverse=True)
    rng = np.random.default_rng(seed)
    W = np.stack([np.bincount(rng.integers(0, len(uy), len(uy)), minlength=len(uy)) for _ in range(draws)])[:, g]
    out: dict = {}
    per_model = {}
    for m in models:
        r = ranks[m].to_numpy().astype(float)
        per_model[m] = {f"hit_at_{k}": (r <= k).astype(float) for k in KS_HIT} | {"mrr": 1.0 / r}
    if "n_candidates" in ranks.columns:  # the exact expectation of a random ranking of the same candidates
        per_model["random"] = chance(ranks["n_candidates"].to_numpy(), ranks["n_partners"].to_numpy())
    for m, stats in per_model.items():
        out[m] = {}
        for name, v in stats.items():
            bs = (W * v).sum(axis=1) / np.maximum(W.sum(axis=1), 1)
            out[m][name] = {
                "point": float(v.mean()),
                "lo90": float(np.percentile(bs, 5)),
                "hi90": float(np.percentile(bs, 95)),
            }
    return out


def _hand_score(df: pl.DataFrame) -> np.ndarray:
    """``S - 10 m`` up to the year's positive scale, from the frame's log-scaled common and mutual threat."""
    return (df["t_common"].exp() - 1 - 10 * (df["t_mutual"].exp() - 1)).fill_nan(None).fill_null(-1e9).to_numpy()


@register_task(
    "partner-choice",
    "when a state forms a new alliance, where do its actual partners rank among all candidates (hit@1, "
    "hit@10, MRR per theory, all pledges and defence pacts)",
    default_train=(1816, 1990),
    default_test=(1991, 2016),
    coverage=(1816, 2018),
)
def partner_choice(train: tuple[int, int], test: tuple[int, int], **options) -> dict:  # type: ignore[no-untyped-def]
    """``threatbalance evaluate --task partner-choice`` (options: models, classifier, model, draws)."""
    from . import alliance_onset as ao

    models = options.pop("models", None) or ao.DEFAULT_MODELS
    if isinstance(models, str):
        models = tuple(m.strip() for m in models.split(",") if m.strip())
    draws = int(options.pop("draws", BOOT_DRAWS))
    for opt in ("origin", "step"):
        if opt in options and (opt != "origin" or options[opt] != "fixed"):
            raise InputError(f"partner-choice runs with a fixed origin only; --{opt} does not apply to it")
    res: dict = {"task": "partner-choice", "train": list(train), "test": list(test), "pledges": {}, "notes": []}
    for outcome in ("any", "defense"):
        r, pred = ao.run(train, test, outcome=outcome, models=tuple(models), boot_draws=0, **options)
        # the hand-set balance-of-threat score needs the frame's threat features of the same rows
        tm_fr = _frame_rows(r, pred, outcome, train, options.get("model"))
        pred = pred.with_columns(pl.Series("score", _hand_score(tm_fr)))
        names = [*models, "score"]
        ranks = rank_partners(pred, names)
        res["pledges"][outcome] = {
            "state_years": ranks.height,
            "mean_new_partners": float(ranks["n_partners"].mean()),  # type: ignore[arg-type]
            "median_candidates": float(ranks["n_candidates"].median()) if ranks.height else float("nan"),  # type: ignore[arg-type]
            "threat_fit_years": r["threat_fit_years"],
            "models": summarize_ranks(ranks, names, draws=draws),
        }
    res["notes"] = [
        (
            "a state-year counts when the state takes on a new obligation (any / defence) with at least one state it "
            "was not allied with in t-1; candidates: every system member it was not allied with in t-1"
        ),
        (
            "rank of the best-ranked actual new partner (ties share the average rank); hit@k = rank <= k; "
            "mrr = mean 1/rank"
        ),
        f"90% intervals: bootstrap over test years ({draws} draws, seed {BOOT_SEED})",
        (
            "models fitted on the training years with the threat model refitted on them (threat_fit_years); 'score' is "
            "the hand-set S - 10 m of that threat model (no fit)"
        ),
        (
            "a state joining a multilateral treaty has many new partners, which makes a hit easy: see "
            "mean_new_partners and 'random', the exact expectation of a random ranking of the same candidates"
        ),
    ]
    return res


def _frame_rows(r: dict, pred: pl.DataFrame, outcome: str, train: tuple[int, int], model) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    from . import alliance_onset as ao
    from ._leakfree import fitted_threat_model

    first = max(train[0], 1817)
    parts = []
    for blk in r["threat_fit_years"]:
        lo, hi = blk["test"]
        tm = fitted_threat_model(blk["weights"][1] + 1, model)  # the same fit window as the run
        df = ao.dyad_frame(first, hi, tm).filter(pl.col("year").is_between(lo, hi))
        parts.append(df.select("year", "ccode1", "ccode2", "t_common", "t_mutual"))
    fr = pl.concat(parts)
    return pred.select("year", "ccode1", "ccode2").join(
        fr, on=["year", "ccode1", "ccode2"], how="left", maintain_order="left"
    )
