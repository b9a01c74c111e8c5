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
dispute against ``i`` (GML MID data), which is what :meth:`ThreatModel.fit` learns the weights from;
the intercept is recalibrated on the last training years because the dispute rate drifts (out of
sample the level is still too high: see ``docs/model.md``, section 6).
The formulas and references of every feature are in ``docs/model.md``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl

from .. import _validate as V
from .._errors import EmptySelectionError, InputError, UnitError, YearRangeError
from . import _defaults
from ._features import (
    BUILDUP_YEARS,
    CINC_FLOOR,
    FAR_KM,
    FEATURE_NAMES,
    FEATURES,
    SEA_GRADES,
    SOURCES,
    TERM_OF,
    TERMS,
    build_features,
    check_geometry,
    mid_outcome,
    panel_keys,
)

#: Years in which the outcome of :meth:`ThreatModel.fit` (GML dispute initiations) is observed.
OUTCOME_YEARS = V.coverage("gml_mids")
_Z90 = 1.6448536269514722
COV_TYPES = ("twoway", "year", "dyad", "naive")
#: Parameters whose value after ``fit`` overrides the fitted state (see :meth:`ThreatModel.set_params`).
_LEARNED = {"weights": "weights_", "intercept": "intercept_", "fill_values": "fill_values_"}

DEFAULT_WEIGHTS: dict[str, float] = dict(_defaults.WEIGHTS)
DEFAULT_INTERCEPT: float = _defaults.INTERCEPT
DEFAULT_FILL: dict[str, float] = dict(_defaults.FILL)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _keys_of(X: Any) -> tuple[pl.DataFrame, Any]:
    """(keys frame with ccode1, ccode2, year as Int32; the original object) from a Panel or data frame."""
    from ..panels import Panel

    if isinstance(X, Panel):
        if X.unit != "dyad-year" or X.system != "cow":
            raise UnitError(f"the threat model works on COW dyad-year panels, got a {X.system.upper()} {X.unit} panel")
        if not X.directed:
            raise UnitError(
                "the threat model needs a directed panel (threat of ccode1 to ccode2); "
                "build it with tb.dyad_years(directed=True)"
            )
        df = X.data
    elif isinstance(X, pl.DataFrame):
        df = X
    elif hasattr(X, "columns") and hasattr(X, "iloc"):  # pandas
        df = pl.from_pandas(X)
    else:
        raise InputError(
            f"expected a dyad-year Panel or a data frame with ccode1, ccode2, year; got {type(X).__name__}"
        )
    miss = [c for c in ("ccode1", "ccode2", "year") if c not in df.columns]
    if miss:
        raise InputError(
            f"the dyad-years lack column(s) {', '.join(miss)}; need ccode1 (source), ccode2 (target), year"
        )
    keys = df.select(pl.col("ccode1").cast(pl.Int32), pl.col("ccode2").cast(pl.Int32), pl.col("year").cast(pl.Int32))
    if keys.is_empty():
        raise EmptySelectionError("no dyad-years given")
    V.years((keys["year"].min(), keys["year"].max()), what="threat model")
    return keys, X


class ThreatModel:
    """Walt's balance-of-threat index for directed dyad-years, estimated from militarized disputes.

    A scikit-learn-style estimator: ``__init__`` only stores the parameters, :meth:`fit` learns the
    weights from history and returns ``self``, learned attributes end in ``_``.  Without ``fit`` the
    model uses the documented default weights (:data:`DEFAULT_WEIGHTS`: the weights :meth:`fit`
    learns on all GML years 1816-2010, shipped in ``threat/_defaults.py`` and regenerated with
    ``python -m threatbalance.threat._calibrate``), so an unfitted model scores at once.

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
        After the last year of the dispute data (2010): hold dispute histories at their last
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
    _PARAMS = (
        "weights",
        "intercept",
        "fill_values",
        "lag",
        "half_life_short",
        "half_life_long",
        "mid_after_end",
        "miles_per_day",
        "l2",
        "evidence",
        "evidence_weight",
        "evidence_half_life",
        "cinc_floor",
        "far_km",
        "buildup_years",
        "sea_grades",
        "recalibrate_years",
        "cov_type",
    )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters (scikit-learn protocol)."""
        return {k: getattr(self, k) for k in self._PARAMS}

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
        for k in params:
            if k not in self._PARAMS:
                raise InputError(f"unknown ThreatModel parameter {k!r}; allowed: {', '.join(self._PARAMS)}")
        for k, v in params.items():
            setattr(self, k, v)
            if self.is_fitted and k in _LEARNED and v is not None:
                self.__dict__.setdefault("_overrides", {})[k] = v
        return self

    def __repr__(self) -> str:
        defaults = dict(zip(self._PARAMS, ThreatModel.__init__.__defaults__))
        args = []
        for k, v in self.get_params().items():
            if (v is None and defaults[k] is None) or (
                v is not None and not hasattr(v, "columns") and _same(v, defaults[k])
            ):
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

    @property
    def is_fitted(self) -> bool:
        return hasattr(self, "weights_")

    # ---- parameters in force ----------------------------------------------------------------------
    def _check(self) -> None:
        if self.lag not in (0, 1):
            raise InputError(f"lag must be 0 or 1, got {self.lag!r}")
        for name in ("half_life_short", "half_life_long", "miles_per_day", "evidence_half_life"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or not v > 0:
                raise InputError(f"{name} must be a positive number, got {v!r}")
        if self.mid_after_end not in ("hold", "decay"):
            raise InputError(f"mid_after_end must be 'hold' or 'decay', got {self.mid_after_end!r}")
        check_geometry(self.cinc_floor, self.far_km, self.buildup_years, self.sea_grades)
        r = self.recalibrate_years
        if r is not None and (isinstance(r, bool) or not isinstance(r, (int, np.integer)) or r < 1):
            raise InputError(f"recalibrate_years must be a positive integer or None, got {r!r}")
        if self.cov_type not in COV_TYPES:
            raise InputError(f"unknown cov_type {self.cov_type!r}; allowed: {', '.join(COV_TYPES)}")
        if self.intercept is not None and (
            isinstance(self.intercept, bool)
            or not isinstance(self.intercept, (int, float))
            or not math.isfinite(self.intercept)
        ):
            raise InputError(f"intercept must be a finite number, got {self.intercept!r}")
        if not isinstance(self.l2, (int, float)) or self.l2 < 0:
            raise InputError(f"l2 must be a non-negative number, got {self.l2!r}")
        if not isinstance(self.evidence_weight, (int, float)) or self.evidence_weight < 0:
            raise InputError(f"evidence_weight must be a non-negative number, got {self.evidence_weight!r}")
        for label, d in (("weights", self.weights), ("fill_values", self.fill_values)):
            if d is None:
                continue
            if not isinstance(d, dict):
                raise InputError(f"{label} must be a dict feature -> number, got {type(d).__name__}")
            bad = [k for k in d if k not in FEATURE_NAMES]
            if bad:
                raise InputError(
                    f"unknown feature(s) in {label}: {', '.join(map(str, bad))}; allowed: {', '.join(FEATURE_NAMES)}"
                )
            if label == "weights":
                neg = [k for k, v in d.items() if not (isinstance(v, (int, float)) and v >= 0)]
                if neg:
                    raise InputError(
                        f"weights must be non-negative numbers (each term only adds threat); "
                        f"bad: {', '.join(f'{k}={d[k]!r}' for k in neg)}"
                    )

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

    def features(self, X: Any) -> pl.DataFrame:
        """The raw (unimputed) features of the dyad-years in ``X``, one column per feature."""
        self._check()
        keys, _ = _keys_of(X)
        return build_features(keys, *self._feature_params())

    # ---- fitting ----------------------------------------------------------------------------------
    def fit(self, X: Any = None, y: Any = None, *, years: Any = None) -> ThreatModel:
        """Learn the weights from history: logistic regression with non-negative weights.

        The outcome is 1 when ``ccode1`` initiated (was on side A of) a new GML militarized dispute
        against ``ccode2`` that year.  Features use inputs of year ``t - lag`` only.

        Parameters
        ----------
        X : Panel or DataFrame, optional
            Directed dyad-years to learn from (columns ccode1, ccode2, year); default all
            directed dyad-years of ``years``.
        y : array-like of 0/1, optional
            Outcome per row of ``X``; default the GML initiation outcome (needs years 1816-2010).
        years : int, str or (int, int), optional
            Training years when ``X`` is not given (default 1816-2010).

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
            a, b = V.years(years, *OUTCOME_YEARS, what="dispute outcome (GML MIDs)")
            keys = panel_keys(a, b)
        else:
            if years is not None:
                raise InputError("give either X (the dyad-years) or years, not both")
            keys, _ = _keys_of(X)
        F = build_features(keys, *self._feature_params())
        if y is None:
            lo, hi = keys["year"].min(), keys["year"].max()
            if lo < OUTCOME_YEARS[0] or hi > OUTCOME_YEARS[1]:
                raise YearRangeError(
                    f"the dispute outcome is observed in {OUTCOME_YEARS[0]}-{OUTCOME_YEARS[1]}; "
                    f"training years {lo}-{hi} go beyond it (pass y to fit another outcome)"
                )
            yv = mid_outcome(keys).to_numpy().astype(float)
        else:
            yv = np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y, dtype=float).ravel()
            if len(yv) != F.height:
                raise InputError(f"y has {len(yv)} values for {F.height} dyad-years")
            if np.isnan(yv).any() or not np.isin(yv, (0.0, 1.0)).all():
                raise InputError("y must hold only 0 and 1 (no missing values)")
        if yv.sum() == 0 or yv.sum() == len(yv):
            raise EmptySelectionError(
                f"the training years hold {int(yv.sum())} events in {len(yv)} dyad-years; "
                "fitting needs both events and non-events"
            )
        fill = {c: (float(v) if (v := F[c].median()) is not None else 0.0) for c in FEATURE_NAMES}
        Xm = F.select([pl.col(c).fill_null(fill[c]) for c in FEATURE_NAMES]).to_numpy().astype(np.float64)
        fixed = {k: float(v) for k, v in (self.weights or {}).items()}  # user-set weights stay fixed
        groups = _clusters(keys, self.cov_type)
        b0, w, cov = _fit_nonneg_logit(Xm, yv, float(self.l2), [fixed.get(c) for c in FEATURE_NAMES], groups)
        yrs = keys["year"].to_numpy()
        b0_fit = b0
        if self.recalibrate_years is not None:
            b0 = _recalibrate(Xm @ w, yv, yrs, int(self.recalibrate_years), b0)
        self.__dict__.pop("_overrides", None)
        self.weights_ = {c: float(v) for c, v in zip(FEATURE_NAMES, w)}
        self.intercept_ = float(b0)
        self.intercept_fit_ = float(b0_fit)
        self.fill_values_ = fill
        self.covariance_ = cov
        self.n_train_ = len(yv)
        self.n_events_ = int(yv.sum())
        self.train_years_ = (int(keys["year"].min()), int(keys["year"].max()))
        return self

    # ---- scoring ----------------------------------------------------------------------------------
    def _evidence_terms(self, F: pl.DataFrame) -> dict[str, np.ndarray]:
        if self.evidence is None:
            return {}
        from .evidence import evidence_contributions

        ev = evidence_contributions(
            self.evidence, F.select("ccode1", "ccode2", "year"), half_life=float(self.evidence_half_life)
        )
        return {t: self.evidence_weight * ev[t].to_numpy() for t in TERMS if t in ev.columns}

    def _score(
        self, F: pl.DataFrame, detail: bool = False, evidence: bool = True, interval: bool = True
    ) -> pl.DataFrame:
        """Score a feature table: the four terms, the index, its 90% interval and imputation count.

        ``evidence=False`` ignores user evidence, ``interval=False`` skips the interval (both used
        for the yearly reference dyad).
        """
        w = self.coef()
        b0 = self._intercept()
        fill = self._fill()
        cov = self._cov() if interval else None
        wv = np.array([w[c] for c in FEATURE_NAMES])
        n = F.height
        terms = {t: np.zeros(n) for t in TERMS}
        se = np.zeros(n)
        n_imp = np.zeros(n, dtype=np.int32)
        contrib_cols: dict[str, np.ndarray] = {}
        step = 400_000
        for s in range(0, n, step):  # chunks bound the memory; every chunk is whole-column numpy work
            part = F.slice(s, step)
            raw = part.select(FEATURE_NAMES).to_numpy().astype(np.float64)
            miss = np.isnan(raw)
            n_imp[s : s + len(raw)] = miss.sum(axis=1)
            Xc = np.where(miss, np.array([fill[c] for c in FEATURE_NAMES]), raw)
            C = Xc * wv
            for t in TERMS:
                idx = [k for k, c in enumerate(FEATURE_NAMES) if TERM_OF[c] == t]
                terms[t][s : s + len(raw)] = C[:, idx].sum(axis=1)
            if cov is not None:
                X1 = np.hstack([np.ones((len(Xc), 1)), Xc])
                se[s : s + len(raw)] = np.sqrt(np.maximum(((X1 @ cov) * X1).sum(axis=1), 0.0))
            if detail:
                for k, c in enumerate(FEATURE_NAMES):
                    contrib_cols.setdefault(c, np.zeros(n))[s : s + len(raw)] = C[:, k]
        ev = self._evidence_terms(F) if evidence else {}
        applied = np.zeros(n)
        for t, e in ev.items():  # the evidence column reports what was applied after the floor at 0
            after = np.maximum(terms[t] + e, 0.0)
            applied += after - terms[t]
            terms[t] = after
        eta = b0 + sum(terms.values())
        out = {"threat": _sigmoid(eta)}
        if cov is not None:
            out["threat_lo"] = _sigmoid(eta - _Z90 * se)
            out["threat_hi"] = _sigmoid(eta + _Z90 * se)
        else:
            out["threat_lo"] = np.full(n, np.nan)
            out["threat_hi"] = np.full(n, np.nan)
        out.update(terms)
        res = F.select("ccode1", "ccode2", "year").with_columns(
            *[pl.Series(k, v, dtype=pl.Float64).fill_nan(None) for k, v in out.items()],
            pl.Series("evidence", applied, dtype=pl.Float64),
            pl.Series("n_imputed", n_imp, dtype=pl.Int32),
        )
        if detail:
            res = res.with_columns([pl.Series(f"c_{c}", v, dtype=pl.Float64) for c, v in contrib_cols.items()])
        return res

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
        keys, orig = _keys_of(X)
        F = build_features(keys, *self._feature_params())
        S = self._score(F, detail=detail)
        S = self.with_excess(_with_shares(S)).drop("ccode1", "ccode2", "year")
        if isinstance(orig, Panel):
            data = orig.data.drop([c for c in S.columns if c in orig.data.columns])
            return orig.with_data(pl.concat([data, S], how="horizontal"), SOURCES)
        base = orig if isinstance(orig, pl.DataFrame) else pl.from_pandas(orig)
        base = base.drop([c for c in S.columns if c in base.columns])
        return pl.concat([base, S], how="horizontal")

    def reference(self, years: Any) -> pl.DataFrame:
        """The year's typical dyad: the median of each term over all directed dyads of the year.

        User evidence is left out (it concerns a few dyads and would not move the median).  The
        medians are cached per weights, fill values and feature parameters.

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
        if isinstance(years, (list, np.ndarray, pl.Series)):  # a list of years (a tuple is a range)
            wanted = list(V.year_list(years, what="threat model"))
        else:
            a, b = V.years(years, what="threat model")
            wanted = list(range(a, b + 1))
        if not wanted:
            raise EmptySelectionError("no years given")
        key = (tuple(sorted(self.coef().items())), tuple(sorted(self._fill().items())), self._feature_params())
        cache = _REFERENCE.setdefault(key, {})
        if len(_REFERENCE) > 16:
            _REFERENCE.pop(next(iter(_REFERENCE)))
        missing = [y for y in wanted if y not in cache]
        if missing:
            a, b = missing[0], missing[-1]
            S = self._score(build_features(panel_keys(a, b), *self._feature_params()), evidence=False, interval=False)
            med = S.group_by("year").agg([pl.col(t).median().alias(f"ref_{t}") for t in TERMS])
            for r in med.iter_rows(named=True):
                cache[int(r["year"])] = tuple(float(r[f"ref_{t}"]) for t in TERMS)
        rows = [(y, *cache[y]) for y in wanted if y in cache]
        return pl.DataFrame(rows, schema={"year": pl.Int32, **{f"ref_{t}": pl.Float64 for t in TERMS}}, orient="row")

    def with_excess(self, S: pl.DataFrame) -> pl.DataFrame:
        """Add ``excess_<term>``, ``share_excess_<term>`` and ``main_source`` to scored rows (see :meth:`transform`)."""
        ref = self.reference(S["year"].unique().to_list())
        d = S.select("year").join(ref, on="year", how="left", maintain_order="left")
        E = np.column_stack([S[t].to_numpy() - d[f"ref_{t}"].to_numpy() for t in TERMS])
        pos = np.clip(E, 0.0, None)
        tot = pos.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            sh = np.where(tot[:, None] > 0, pos / tot[:, None], np.nan)
        main = np.where(np.isfinite(E).all(axis=1) & (tot > 0), np.asarray(TERMS, dtype=object)[E.argmax(axis=1)], None)
        return S.with_columns(
            *[pl.Series(f"excess_{t}", E[:, k], dtype=pl.Float64).fill_nan(None) for k, t in enumerate(TERMS)],
            *[pl.Series(f"share_excess_{t}", sh[:, k], dtype=pl.Float64).fill_nan(None) for k, t in enumerate(TERMS)],
            pl.Series("main_source", main.tolist(), dtype=pl.Utf8),
        )

    def decision_function(self, X: Any) -> np.ndarray:
        """Log-odds ``b0 + power + proximity + offense + intent`` per row."""
        p = self.predict_proba(X)[:, 1]
        return np.log(p) - np.log1p(-p)

    def predict_proba(self, X: Any) -> np.ndarray:
        """``[[1 - threat, threat], ...]`` per row (scikit-learn protocol)."""
        self._check()
        keys, _ = _keys_of(X)
        p = self._score(build_features(keys, *self._feature_params()))["threat"].to_numpy()
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
        a, b = V.years(years, what="threat model")
        S = self._cached_frame(a, b)
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

    def _cached_frame(self, a: int, b: int) -> pl.DataFrame:
        key = (
            a,
            b,
            repr(sorted(self.coef().items())),
            self._intercept(),
            repr(sorted(self._fill().items())),
            self._feature_params(),
            id(self.evidence),
            self.evidence_weight,
            self.evidence_half_life,
            self.is_fitted,
        )
        cache = self.__dict__.setdefault("_frame_cache", {})
        if key not in cache:
            if len(cache) >= 4:
                cache.pop(next(iter(cache)))
            cache[key] = self._score(build_features(panel_keys(a, b), *self._feature_params()))
        return cache[key]

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
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            raise YearRangeError(f"threat_matrix takes one year (an integer), got {year!r}")
        f = self.threat_frame(int(year))
        codes = np.unique(np.concatenate([f["source"].to_numpy(), f["target"].to_numpy()]))
        pos = np.searchsorted(codes, f["source"].to_numpy()), np.searchsorted(codes, f["target"].to_numpy())
        M = np.zeros((len(codes), len(codes)))
        M[pos] = f["threat"].fill_null(0.0).to_numpy()
        return codes, M

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
        F = build_features(keys, *self._feature_params())
        w, fill = self.coef(), self._fill()
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


_REFERENCE: dict[tuple, dict[int, tuple]] = {}


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) if not isinstance(a, (list, tuple)) else tuple(a) == tuple(b)
    except Exception:  # pragma: no cover - uncomparable objects
        return False


def _clusters(keys: pl.DataFrame, cov_type: str) -> list[np.ndarray]:
    """Cluster ids (0..G-1) per row for the sandwich covariance.

    ``twoway`` gives [year, undirected dyad, their intersection]; ``year`` and ``dyad`` one grouping;
    ``naive`` none.
    """
    dyad = pl.min_horizontal("ccode1", "ccode2").cast(pl.Int64) * 10_000 + pl.max_horizontal("ccode1", "ccode2").cast(
        pl.Int64
    )
    exprs = {
        "year": [pl.col("year").cast(pl.Int64)],
        "dyad": [dyad],
        "twoway": [pl.col("year").cast(pl.Int64), dyad, dyad * 10_000 + pl.col("year").cast(pl.Int64)],
    }.get(cov_type, [])
    return [keys.select((e.rank("dense").cast(pl.Int64) - 1).alias("g"))["g"].to_numpy() for e in exprs]


def _recalibrate(offset: np.ndarray, y: np.ndarray, years: np.ndarray, k: int, b0: float) -> float:
    """The intercept alone re-estimated (maximum likelihood, weights held) on the last ``k`` training years.

    Keeps ``b0`` when those years hold no event.
    """
    from scipy.optimize import brentq

    m = years > years.max() - k
    if y[m].sum() == 0:
        return b0
    f = lambda b: float(_sigmoid(b + offset[m]).sum() - y[m].sum())  # noqa: E731
    return float(brentq(f, b0 - 20.0, b0 + 20.0))


def _with_shares(S: pl.DataFrame) -> pl.DataFrame:
    total = sum(pl.col(t) for t in TERMS)
    return S.with_columns(
        [pl.when(total > 0).then(pl.col(t) / total).otherwise(None).alias(f"share_{t}") for t in TERMS]
    )


def _fit_nonneg_logit(
    X: np.ndarray, y: np.ndarray, l2: float, fixed: list[float | None], groups: list[np.ndarray] | None = None
) -> tuple[float, np.ndarray, np.ndarray]:
    """Penalised logistic regression with weights >= 0 (L-BFGS-B on standardised features).

    ``fixed[k]`` not None keeps weight k at that value.  Returns (intercept, weights, covariance of
    (intercept, weights) over the free, non-zero parameters).  The covariance is the inverse
    Hessian ``B`` of the penalised likelihood when ``groups`` is empty, else the cluster-robust
    sandwich ``B M B`` with ``M`` the sum over clusters of the outer products of the clusters'
    score sums; with three groupings (year, dyad and their intersection) ``M = M_1 + M_2 - M_12``
    (two-way clustering, Cameron, Gelbach & Miller 2011), negative eigenvalues of the result set to 0.
    """
    from scipy.optimize import minimize

    n, k = X.shape
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    Z = X / sd
    rate = y.mean()
    x0 = np.zeros(k + 1)
    x0[0] = math.log(rate / (1 - rate))
    bounds = [(None, None)]
    for j in range(k):
        if fixed[j] is not None:
            v = fixed[j] * sd[j]
            x0[j + 1] = v
            bounds.append((v, v))
        else:
            bounds.append((0.0, None))

    def f(b: np.ndarray) -> tuple[float, np.ndarray]:
        eta = b[0] + Z @ b[1:]
        p = _sigmoid(eta)
        loss = np.sum(np.logaddexp(0.0, eta) - y * eta) + 0.5 * l2 * np.sum(b[1:] ** 2)
        r = p - y
        g = np.concatenate([[r.sum()], Z.T @ r + l2 * b[1:]])
        return loss, g

    res = minimize(f, x0, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 5000, "gtol": 1e-8})
    b = res.x
    w = b[1:] / sd
    b0 = float(b[0])
    # covariance on the original scale, over the free parameters away from the bound
    free = np.array([True] + [fixed[j] is None and w[j] > 1e-10 for j in range(k)])
    X1 = np.hstack([np.ones((n, 1)), X])
    p = _sigmoid(X1 @ np.concatenate([[b0], w]))
    Xf = X1[:, free]
    H = Xf.T @ (Xf * (p * (1 - p))[:, None])
    pen = np.zeros(free.sum())
    pen[1:] = l2 / sd[free[1:]] ** 2
    H += np.diag(pen)
    cov = np.zeros((k + 1, k + 1))
    try:
        B = np.linalg.inv(H)
    except np.linalg.LinAlgError:  # pragma: no cover - singular design
        B = np.linalg.pinv(H)
    if groups:
        r = y - p
        Sc = Xf * r[:, None]

        def meat(g: np.ndarray) -> np.ndarray:
            G = np.column_stack([np.bincount(g, weights=Sc[:, c]) for c in range(Sc.shape[1])])
            return G.T @ G

        M = meat(groups[0])
        if len(groups) == 3:
            M = M + meat(groups[1]) - meat(groups[2])
        V = B @ M @ B
        V = (V + V.T) / 2
        ev, U = np.linalg.eigh(V)
        B = (U * np.clip(ev, 0.0, None)) @ U.T
    cov[np.ix_(free, free)] = B
    return b0, w, cov


@lru_cache(maxsize=1)
def default_model() -> ThreatModel:
    """The process-wide default model: :class:`ThreatModel` with the documented default weights.

    No fit happens: the default weights (fitted once on all GML years 1816-2010 and shipped in
    ``threat/_defaults.py``) are used as they are, so this is fast; it is what reports and the
    dashboard use.  The same object is returned on every call (its year frames are cached).

    Examples
    --------
    >>> from threatbalance.threat import default_model
    >>> default_model() is default_model(), default_model().is_fitted
    (True, False)
    """
    return ThreatModel()
