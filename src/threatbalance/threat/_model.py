"""The threat model: Walt's four sources of threat as four additive terms of a logistic index.

For a directed dyad-year (source ``j`` = ``ccode1``, target ``i`` = ``ccode2``, year ``t``)::

    power_ji     = sum_{f in power}     w_f x_f          (aggregate power of j)
    proximity_ji = sum_{f in proximity} w_f x_f          (geographic proximity of j and i)
    offense_ji   = sum_{f in offense}   w_f x_f          (offensive capabilities of j)
    intent_ji    = max(0, sum_{f in intent} w_f x_f + evidence_ji)   (aggressive intentions of j toward i)
    threat_ji    = 1 / (1 + exp(-(b0 + power + proximity + offense + intent)))

Every feature ``x_f`` is non-negative and 0 at its "no threat" end, and every weight ``w_f`` is
non-negative, so each term is the non-negative amount (in log-odds) by which that source raises
the threat above the baseline ``b0`` of a dyad with no threat at all.  ``threat`` estimates the
yearly probability that ``j`` starts (is on the initiating side of) a militarized interstate
dispute against ``i`` (GML MIDs to 2010, COW MID 5.0 for 2011-2014), which is what
:meth:`ThreatModel.fit` learns the weights from;
the intercept is recalibrated on the last training years because the dispute rate drifts (out of
sample the level is still too high: see ``docs/model.md``, section 6).
The formulas and references of every feature are in ``docs/model.md``.

Layout of the package: this module holds the estimator; ``_features`` builds the features,
``_solvers`` the numerical solvers (non-negative penalised logit, clustered covariance, intercept
recalibration), ``_results`` the scoring with its caches (:class:`ThreatResults`) and ``_checks``
the input checks.
"""

from __future__ import annotations

import inspect
from functools import lru_cache
from typing import Any, cast

import numpy as np
import polars as pl
from sklearn.base import BaseEstimator

from .. import _validate as V
from .._errors import InputError
from . import _defaults
from ._checks import (
    check_events,
    check_outcome_years,
    check_param_names,
    check_params,
    keys_of,
    outcome_vector,
    single_year,
    training_range,
    year_list,
    year_range,
)
from ._features import (
    BUILDUP_YEARS,
    CINC_FLOOR,
    FAR_KM,
    FEATURE_NAMES,
    FEATURES,
    SEA_GRADES,
    SOURCES,
    build_features,
    fixed_weights,
    mid_outcome,
    panel_keys,
)
from ._results import ThreatResults, with_shares
from ._solvers import COV_TYPES, cluster_ids, fit_nonneg_logit, recalibrate_intercept

#: Years in which the outcome of :meth:`ThreatModel.fit` (dispute initiations) is observed: GML MIDs 2.2.1 to
#: 2010, COW MID 5.0 for 2011-2014.
OUTCOME_YEARS = (V.coverage("gml_mids")[0], V.coverage("cow_mids")[1])
#: Parameters whose value after ``fit`` overrides the fitted state (see :meth:`ThreatModel.set_params`).
_LEARNED = {"weights": "weights_", "intercept": "intercept_", "fill_values": "fill_values_"}

DEFAULT_WEIGHTS: dict[str, float] = dict(_defaults.WEIGHTS)
DEFAULT_INTERCEPT: float = _defaults.INTERCEPT
DEFAULT_FILL: dict[str, float] = dict(_defaults.FILL)

__all__ = [
    "COV_TYPES",
    "DEFAULT_FILL",
    "DEFAULT_INTERCEPT",
    "DEFAULT_WEIGHTS",
    "OUTCOME_YEARS",
    "ThreatModel",
    "default_model",
]


class ThreatModel(BaseEstimator):
    """Walt's balance-of-threat index for directed dyad-years, estimated from militarized disputes.

    A scikit-learn estimator (``sklearn.base.BaseEstimator``): ``__init__`` only stores the parameters,
    :meth:`fit` learns the weights from history and returns ``self``, learned attributes end in ``_``;
    ``get_params``, ``set_params`` and ``sklearn.base.clone`` work.  Scoring goes through
    :meth:`results`, a snapshot of the parameters in force that holds the scoring caches.  Without ``fit`` the
    model uses the documented default weights (:data:`DEFAULT_WEIGHTS`: the weights :meth:`fit`
    learns on all dispute years 1816-2014, shipped in ``threat/_defaults.py`` and regenerated with
    ``python -m threatbalance.threat._calibrate --package``), so an unfitted model scores at once.

    Parameters
    ----------
    weights : dict, optional
        Feature weights (log-odds per unit of the feature, >= 0) overriding the defaults; any
        subset of :data:`~threatbalance.threat.FEATURE_NAMES`.  Set a weight to 0 to drop a feature.
    intercept : float, optional
        Baseline log-odds ``b0`` (default :data:`DEFAULT_INTERCEPT`).
    fill_values : dict, optional
        Values that replace missing features (default: the training medians shipped with the defaults).
    lag : {1, 0}
        Inputs of year ``t - lag`` (1: no look-ahead, as in fitting and evaluation; 0: same-year
        inputs for description).  Geography is always that of the first day of ``t``.
    half_life_short, half_life_long : float
        Half-lives in years of the decayed dispute histories (defaults 1 and 16).
    mid_after_end : {"hold", "decay"}
        After the last year of the dispute data (2014): hold dispute histories at their last
        observed level (default) or let them decay as if no dispute followed.  No dispute is invented.
    miles_per_day : float
        Bueno de Mesquita's transport speed in the distance discount (default 250 miles a day).
    l2 : float
        Ridge penalty on the standardised weights when fitting (default 1).
    evidence : polars/pandas DataFrame or str/Path, optional
        User evidence in the schema of :func:`~threatbalance.threat.load_evidence`; enters the
        term named in its ``dimension`` column (normally ``intent``).
    evidence_weight : float
        Log-odds per unit of (log-compressed) evidence, default 1.0: one fully weighted hostile item
        in the current year adds ``log(2) = 0.69`` to the term (doubles the odds).
    evidence_half_life : float
        Half-life in years of an evidence item's effect (default 3).
    cinc_floor : float
        CINC share at which ``power_cinc`` is 0 (default 1e-5; shares below it also give 0).
    far_km : float
        Distance in km at which the distance decays reach 0 (default 20,037.5, the antipodes).
    buildup_years : int
        Window of the arms build-up ``off_buildup`` in years (default 3).
    sea_grades : tuple of 4 floats
        ``prox_sea`` for COW contiguity types 2, 3, 4, 5 (12, 24, 150, 400 miles of water; default
        1, 0.75, 0.5, 0.25).
    recalibrate_years : int or None
        After the weights are fitted, :meth:`fit` re-estimates the intercept alone on the last
        ``recalibrate_years`` training years (default 10, chosen on a validation split inside the
        training years; ``None`` keeps the intercept of the full fit).  Rankings do not change.
    cov_type : {"twoway", "year", "dyad", "naive"}
        Covariance of the fitted weights behind ``threat_lo``/``threat_hi``: cluster-robust sandwich,
        clustered two-way by year and undirected dyad (default), by year, by dyad, or the naive
        inverse Hessian.

    Attributes
    ----------
    weights_ : dict
        Fitted weights (after :meth:`fit`).
    intercept_ : float
    fill_values_ : dict
        Training medians used for missing inputs.
    intercept_fit_ : float
        Intercept of the full fit, before the recalibration on the last training years.
    covariance_ : numpy.ndarray
        Covariance of (intercept, weights): cluster-robust sandwich (``cov_type``) around the
        inverse Hessian of the penalised likelihood (weights fixed or at the 0 bound get variance 0).
    n_train_, n_events_ : int
        Training rows and events.
    train_years_ : tuple of int

    Examples
    --------
    >>> import threatbalance as tb
    >>> m = tb.ThreatModel()
    >>> f = m.threat_frame(2012)
    >>> row = f.filter((tb.col("source") == 630) & (tb.col("target") == 373))
    >>> float(row["threat"][0]) > float(f["threat"].median())
    True
    """

    def __init__(
        self,
        weights: dict[str, float] | None = None,
        intercept: float | None = None,
        fill_values: dict[str, float] | None = None,
        lag: int = 1,
        half_life_short: float = 1.0,
        half_life_long: float = 16.0,
        mid_after_end: str = "hold",
        miles_per_day: float = 250.0,
        l2: float = 1.0,
        evidence: Any = None,
        evidence_weight: float = 1.0,
        evidence_half_life: float = 3.0,
        cinc_floor: float = CINC_FLOOR,
        far_km: float = FAR_KM,
        buildup_years: int = BUILDUP_YEARS,
        sea_grades: tuple[float, ...] = SEA_GRADES,
        recalibrate_years: int | None = 10,
        cov_type: str = "twoway",
    ) -> None:
        self.weights = weights
        self.intercept = intercept
        self.fill_values = fill_values
        self.lag = lag
        self.half_life_short = half_life_short
        self.half_life_long = half_life_long
        self.mid_after_end = mid_after_end
        self.miles_per_day = miles_per_day
        self.l2 = l2
        self.evidence = evidence
        self.evidence_weight = evidence_weight
        self.evidence_half_life = evidence_half_life
        self.cinc_floor = cinc_floor
        self.far_km = far_km
        self.buildup_years = buildup_years
        self.sea_grades = sea_grades
        self.recalibrate_years = recalibrate_years
        self.cov_type = cov_type

    # ---- scikit-learn protocol ------------------------------------------------------------------
    @classmethod
    def _param_names(cls) -> tuple[str, ...]:
        """Constructor parameters in signature order."""
        return tuple(p for p in inspect.signature(cls.__init__).parameters if p != "self")

    def set_params(self, **params: Any) -> ThreatModel:
        """Set constructor parameters and return ``self``; unknown names raise :class:`InputError`.

        On a fitted model, ``weights``, ``intercept`` and ``fill_values`` are honoured at once: the
        given weights (any subset) replace the fitted ones, the intercept replaces ``intercept_``,
        and the interval (``threat_lo``/``threat_hi``) is dropped because hand-set values carry
        no sampling uncertainty.  A new :meth:`fit` learns everything again (keeping hand-set
        weights fixed, as always).

        Examples
        --------
        >>> import threatbalance as tb
        >>> m = tb.ThreatModel().fit(years="1990-1993")
        >>> m.set_params(weights={"prox_land": 3.0}).coef()["prox_land"]
        3.0
        """
        check_param_names(params, self._param_names())
        for k, v in params.items():
            setattr(self, k, v)
            if self.is_fitted and k in _LEARNED and v is not None:
                self.__dict__.setdefault("_overrides", {})[k] = v
        return self

    def __repr__(self, N_CHAR_MAX: int = 700) -> str:
        sig = inspect.signature(type(self).__init__).parameters
        args = []
        for k in self._param_names():
            v, d = getattr(self, k), sig[k].default
            if (v is None and d is None) or (v is not None and not hasattr(v, "columns") and _same(v, d)):
                continue
            if isinstance(v, pl.DataFrame):
                args.append(f"{k}=<polars DataFrame of {v.height} rows>")
            elif hasattr(v, "columns") and hasattr(v, "iloc"):
                args.append(f"{k}=<pandas DataFrame of {len(v)} rows>")
            else:
                args.append(f"{k}={v!r}")
        state = "fitted" if self.is_fitted else "default weights"
        if self.__dict__.get("_overrides"):
            state += ", with hand-set " + ", ".join(sorted(self._overrides))
        return f"ThreatModel({', '.join(args)})  # {state}"

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_results", None)  # caches and their locks are rebuilt on demand
        return state

    @property
    def is_fitted(self) -> bool:
        return hasattr(self, "weights_")

    def __sklearn_is_fitted__(self) -> bool:
        return self.is_fitted

    # ---- parameters in force ----------------------------------------------------------------------
    def _check(self) -> None:
        check_params(self.get_params(deep=False))

    def coef(self) -> dict[str, float]:
        """The weights in force: fitted ones after :meth:`fit`, else the defaults updated by ``weights``.

        Examples
        --------
        >>> import threatbalance as tb
        >>> tb.ThreatModel(weights={"prox_land": 2.0}).coef()["prox_land"]
        2.0
        """
        ov = self.__dict__.get("_overrides", {})
        if self.is_fitted:
            return {**self.weights_, **ov.get("weights", {})}
        return {**DEFAULT_WEIGHTS, **(self.weights or {})}

    def _intercept(self) -> float:
        ov = self.__dict__.get("_overrides", {})
        if self.is_fitted:
            return float(ov.get("intercept", self.intercept_))
        return float(DEFAULT_INTERCEPT if self.intercept is None else self.intercept)

    def _fill(self) -> dict[str, float]:
        ov = self.__dict__.get("_overrides", {})
        if self.is_fitted:
            return {**self.fill_values_, **ov.get("fill_values", {})}
        return {**DEFAULT_FILL, **(self.fill_values or {})}

    def _cov(self) -> np.ndarray | None:
        if self.is_fitted:
            return None if self.__dict__.get("_overrides") else self.covariance_
        if self.weights is None and self.intercept is None:
            return np.asarray(_defaults.COVARIANCE, dtype=float)
        return None  # user-set weights carry no sampling uncertainty

    def _feature_params(self) -> tuple:
        """The arguments of :func:`~threatbalance.threat._features.build_features` after ``keys``."""
        return (
            float(self.half_life_short),
            float(self.half_life_long),
            int(self.lag),
            self.mid_after_end,
            float(self.miles_per_day),
            float(self.cinc_floor),
            float(self.far_km),
            int(self.buildup_years),
            tuple(float(g) for g in self.sea_grades),
        )

    def results(self) -> ThreatResults:
        """The parameters in force as a :class:`~threatbalance.threat._results.ThreatResults` snapshot.

        The snapshot scores feature tables and caches whole-year frames and the yearly reference
        dyad.  The model keeps its last snapshot and returns it again while the parameters in force
        are unchanged (compared by content, so ``set_params``, ``fit`` or assigning an attribute
        all give a fresh one).

        Examples
        --------
        >>> import threatbalance as tb
        >>> m = tb.ThreatModel()
        >>> m.results() is m.results()
        True
        >>> m.set_params(weights={"prox_land": 2.0}).results().weights["prox_land"]
        2.0
        """
        self._check()
        r = ThreatResults(
            weights=self.coef(),
            intercept=self._intercept(),
            fill=self._fill(),
            covariance=self._cov(),
            feature_params=self._feature_params(),
            evidence=self.evidence,
            evidence_weight=float(self.evidence_weight),
            evidence_half_life=float(self.evidence_half_life),
        )
        old = self.__dict__.get("_results")
        if old is not None and r.cacheable and old.key == r.key:
            return old
        self.__dict__["_results"] = r
        return r

    def features(self, X: Any) -> pl.DataFrame:
        """The raw (unimputed) features of the dyad-years in ``X``, one column per feature."""
        self._check()
        keys, _ = keys_of(X)
        return build_features(keys, *self._feature_params())

    # ---- fitting ----------------------------------------------------------------------------------
    def fit(self, X: Any = None, y: Any = None, *, years: Any = None) -> ThreatModel:
        """Learn the weights from history: logistic regression with non-negative weights.

        The outcome is 1 when ``ccode1`` initiated (was on side A of) a new militarized dispute
        against ``ccode2`` that year (GML MIDs to 2010, COW MID 5.0 for 2011-2014).  Features use inputs
        of year ``t - lag`` only.

        Parameters
        ----------
        X : Panel or DataFrame, optional
            Directed dyad-years to learn from (columns ccode1, ccode2, year); default all
            directed dyad-years of ``years``.
        y : array-like of 0/1, optional
            Outcome per row of ``X``; default the initiation outcome (needs years 1816-2014).
        years : int, str or (int, int), optional
            Training years when ``X`` is not given (default 1816-2014).

        Returns
        -------
        ThreatModel
            ``self``, with ``weights_``, ``intercept_``, ``fill_values_``, ``covariance_`` ...

        Examples
        --------
        >>> import threatbalance as tb
        >>> m = tb.ThreatModel().fit(years="1990-1995")
        >>> m.n_events_ > 0 and min(m.weights_.values()) >= 0
        True
        """
        self._check()
        if X is None:
            keys = panel_keys(*training_range(years, OUTCOME_YEARS))
        else:
            if years is not None:
                raise InputError("give either X (the dyad-years) or years, not both")
            keys, _ = keys_of(X)
        F = build_features(keys, *self._feature_params())
        if y is None:
            check_outcome_years(keys, OUTCOME_YEARS)
            yv = mid_outcome(keys).to_numpy().astype(float)
        else:
            yv = outcome_vector(y, F.height)
        check_events(yv)
        fill = fill_medians(F)
        Xm = F.select([pl.col(c).fill_null(fill[c]) for c in FEATURE_NAMES]).to_numpy().astype(np.float64)
        # user-set weights stay fixed; so do the features the selection rule did not adopt (weight 0) and the
        # hand-set ones (event hostility), unless the user sets them (docs/model.md, section 6.2)
        fixed = {**fixed_weights(), **{k: float(v) for k, v in (self.weights or {}).items()}}
        groups = cluster_ids(keys, self.cov_type)
        b0, w, cov = fit_nonneg_logit(Xm, yv, float(self.l2), [fixed.get(c) for c in FEATURE_NAMES], groups)
        yrs = keys["year"].to_numpy()
        b0_fit = b0
        if self.recalibrate_years is not None:
            b0 = recalibrate_intercept(Xm @ w, yv, yrs, int(self.recalibrate_years), b0)
        self.__dict__.pop("_overrides", None)
        self.weights_ = {c: float(v) for c, v in zip(FEATURE_NAMES, w)}
        self.intercept_ = float(b0)
        self.intercept_fit_ = float(b0_fit)
        self.fill_values_ = fill
        self.covariance_ = cov
        self.n_train_ = len(yv)
        self.n_events_ = int(yv.sum())
        # the years of the rows each fitted part actually saw (evaluation._leakfree.fit_years reads them)
        self.weights_years_ = (int(yrs.min()), int(yrs.max()))
        k = self.recalibrate_years
        self.intercept_years_ = (
            self.weights_years_ if k is None else (int(yrs[yrs > yrs.max() - int(k)].min()), int(yrs.max()))
        )
        kyears = keys["year"].to_numpy()
        self.train_years_ = (int(kyears.min()), int(kyears.max()))
        return self

    # ---- scoring ----------------------------------------------------------------------------------
    def transform(self, X: Any, detail: bool = False) -> Any:
        """Add the threat index and its four terms to dyad-years.

        Adds ``threat`` (yearly probability that ccode1 starts a militarized dispute against
        ccode2, under the model), ``threat_lo``/``threat_hi`` (90% interval from the weights'
        sampling uncertainty; missing when the weights were set by hand), ``power``,
        ``proximity``, ``offense``, ``intent`` (log-odds each source adds above the baseline),
        ``share_power`` ... ``share_intent`` (each term's share of their sum), ``excess_power`` ...
        ``excess_intent`` (each term minus its median over all directed dyads of the year: what
        this dyad has beyond the typical one), ``share_excess_power`` ... (each term's share of the
        positive excesses), ``main_source`` (the term with the largest excess; missing when no term
        exceeds the year's median), ``evidence`` (log-odds the terms gained or lost from user
        evidence, after the floor at 0) and ``n_imputed`` (how many features were missing and
        replaced by their fill value).  ``detail=True`` also adds ``c_<feature>``, the
        contribution of every feature.

        Parameters
        ----------
        X : Panel or DataFrame
            Directed COW dyad-years (ccode1 = source of threat, ccode2 = target), 1816-2022.

        Returns
        -------
        Panel or polars.DataFrame
            Same type as ``X`` (pandas input gives polars output), same rows, more columns.

        Examples
        --------
        >>> import threatbalance as tb
        >>> p = tb.ThreatModel().transform(tb.dyad_years(years=2012))
        >>> {"threat", "power", "proximity", "offense", "intent"} <= set(p.columns)
        True
        """
        from ..panels import Panel

        self._check()
        keys, orig = keys_of(X)
        res = self.results()
        S = res.score(res.features(keys), detail=detail)
        S = res.with_excess(with_shares(S)).drop("ccode1", "ccode2", "year")
        if isinstance(orig, Panel):
            data = orig.data.drop([c for c in S.columns if c in orig.data.columns])
            return orig.with_data(pl.concat([data, S], how="horizontal"), SOURCES)
        base = orig if isinstance(orig, pl.DataFrame) else pl.from_pandas(orig)
        base = base.drop([c for c in S.columns if c in base.columns])
        return pl.concat([base, S], how="horizontal")

    def reference(self, years: Any) -> pl.DataFrame:
        """The year's typical dyad: the median of each term over all directed dyads of the year.

        User evidence is left out (it concerns a few dyads and would not move the median).  The
        medians are cached in :meth:`results` (per weights, fill values and feature parameters).

        Returns
        -------
        polars.DataFrame
            ``year, ref_power, ref_proximity, ref_offense, ref_intent``.

        Examples
        --------
        >>> import threatbalance as tb
        >>> r = tb.ThreatModel().reference(2012)
        >>> r.columns
        ['year', 'ref_power', 'ref_proximity', 'ref_offense', 'ref_intent']
        """
        return self.results().reference(year_list(years))

    def with_excess(self, S: pl.DataFrame) -> pl.DataFrame:
        """Add ``excess_<term>``, ``share_excess_<term>`` and ``main_source`` to scored rows (see :meth:`transform`)."""
        year_list(S["year"].unique().to_list())
        return self.results().with_excess(S)

    def decision_function(self, X: Any) -> np.ndarray:
        """Log-odds ``b0 + power + proximity + offense + intent`` per row."""
        p = self.predict_proba(X)[:, 1]
        return np.log(p) - np.log1p(-p)

    def predict_proba(self, X: Any) -> np.ndarray:
        """``[[1 - threat, threat], ...]`` per row (scikit-learn protocol)."""
        self._check()
        keys, _ = keys_of(X)
        res = self.results()
        p = res.score(res.features(keys))["threat"].to_numpy()
        return np.column_stack([1 - p, p])

    # ---- whole years --------------------------------------------------------------------------------
    def threat_frame(self, years: Any) -> pl.DataFrame:
        """Threat of every system member to every other, for whole years.

        Parameters
        ----------
        years : int, str or (int, int)
            A year or inclusive range within 1816-2022.

        Returns
        -------
        polars.DataFrame
            Columns ``year, source, target, threat, power, proximity, offense, intent`` for all
            ordered pairs of COW system members of each year (``source`` threatens ``target``).

        Examples
        --------
        >>> import threatbalance as tb
        >>> f = tb.ThreatModel().threat_frame(2012)
        >>> f.columns
        ['year', 'source', 'target', 'threat', 'power', 'proximity', 'offense', 'intent']
        """
        self._check()
        a, b = year_range(years)
        S = self.results().frame(a, b)
        return S.select(
            "year",
            pl.col("ccode1").alias("source"),
            pl.col("ccode2").alias("target"),
            "threat",
            "power",
            "proximity",
            "offense",
            "intent",
        )

    def threat_matrix(self, year: int) -> tuple[np.ndarray, np.ndarray]:
        """The year's threat matrix.

        Returns
        -------
        codes : numpy.ndarray
            COW codes of the system members, ascending.
        M : numpy.ndarray
            ``M[s, t]`` = threat ``codes[s]`` poses to ``codes[t]``; the diagonal is 0 (no threat to
            oneself), as are the few pairs that were never members on the same day.

        Examples
        --------
        >>> import threatbalance as tb
        >>> codes, M = tb.ThreatModel().threat_matrix(2012)
        >>> M.shape == (len(codes), len(codes)) and float(M.diagonal().max()) == 0.0
        True
        """
        f = self.threat_frame(single_year(year))
        codes = np.unique(np.concatenate([f["source"].to_numpy(), f["target"].to_numpy()]))
        pos = np.searchsorted(codes, f["source"].to_numpy()), np.searchsorted(codes, f["target"].to_numpy())
        M = np.zeros((len(codes), len(codes)))
        M[pos] = f["threat"].fill_null(0.0).to_numpy()
        return codes, M

    def vintage(self, year: int) -> pl.DataFrame:
        """Which sources the scores of ``year`` read, and which are carried forward from an earlier year.

        One row per source: ``source, first, last, read, status`` (``observed``, ``carried forward
        from <last>``, ``held at 2014`` for the dispute record, ``not yet begun``); see
        :func:`~threatbalance.threat._features.vintage`.

        Examples
        --------
        >>> import threatbalance as tb
        >>> v = tb.ThreatModel().vintage(2022)
        >>> v.filter(v["source"] == "cow_mids")["status"][0]
        'held at 2014'
        """
        from ._features import vintage

        return vintage(V.year(year, what="threat model"), int(self.lag))

    def explain(self, source: Any, target: Any, year: int) -> pl.DataFrame:
        """Why ``source`` threatens ``target``: every feature's raw value, weight and contribution.

        Examples
        --------
        >>> import threatbalance as tb
        >>> e = tb.ThreatModel().explain("IRN", "AZE", 2012)
        >>> set(e["term"]) == {"power", "proximity", "offense", "intent"}
        True
        """
        from ._query import check_dyad_year

        j, i, year = check_dyad_year(source, target, year)
        keys = pl.DataFrame(
            {"ccode1": [j], "ccode2": [i], "year": [year]}, schema=dict.fromkeys(("ccode1", "ccode2", "year"), pl.Int32)
        )
        res = self.results()
        F = res.features(keys)
        w, fill = res.weights, res.fill
        rows = []
        for f in FEATURES:
            raw = F[f.name][0]
            x = fill[f.name] if raw is None else raw
            rows.append(
                {
                    "term": f.term,
                    "feature": f.name,
                    "label": f.label,
                    "value": raw,
                    "imputed": raw is None,
                    "weight": w[f.name],
                    "contribution": w[f.name] * x,
                }
            )
        return pl.DataFrame(rows)

    # ---- reporting ----------------------------------------------------------------------------------
    def weights_table(self) -> pl.DataFrame:
        """The weights in force with their term, label, formula, standard error and fill value."""
        w, fill = self.coef(), self._fill()
        cov = self._cov()
        se = np.sqrt(np.maximum(np.diag(cov)[1:], 0)) if cov is not None else np.full(len(FEATURES), np.nan)
        return pl.DataFrame(
            [
                {
                    "term": f.term,
                    "feature": f.name,
                    "label": f.label,
                    "formula": f.formula,
                    "weight": w[f.name],
                    "se": float(se[k]),
                    "fill": fill[f.name],
                }
                for k, f in enumerate(FEATURES)
            ]
        )


def fill_medians(F: pl.DataFrame) -> dict[str, float]:
    """The fill value of every feature: its median over the training rows (0 when all are missing)."""
    return {c: (float(cast(float, v)) if (v := F[c].median()) is not None else 0.0) for c in FEATURE_NAMES}


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) if not isinstance(a, (list, tuple)) else tuple(a) == tuple(b)
    except Exception:  # pragma: no cover - uncomparable objects
        return False


@lru_cache(maxsize=1)
def default_model() -> ThreatModel:
    """The process-wide default model: :class:`ThreatModel` with the documented default weights.

    No fit happens: the default weights (fitted once on all dispute years 1816-2014 and shipped in
    ``threat/_defaults.py``) are used as they are, so this is fast; it is what reports and the
    dashboard use.  The same object is returned on every call (its year frames are cached).

    Examples
    --------
    >>> from threatbalance.threat import default_model
    >>> default_model() is default_model(), default_model().is_fitted
    (True, False)
    """
    return ThreatModel()
