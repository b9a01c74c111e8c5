"""``AlignmentModel``: the probability that a pair of states forms an alliance, fitted on history.

A scikit-learn-shaped estimator (``__init__`` stores parameters, :meth:`AlignmentModel.fit` learns
and returns ``self``, learned attributes end in ``_``).  It is a logistic regression of the onset
of an ATOP obligation (any kind, or defence pledges) in year ``t`` on pair features of ``t - 1``:
the structural baseline B (distance, contiguity, region, shared IGOs, the alliance network,
portfolio similarity, new states) plus the theory blocks (balance of threat, power, bandwagon,
regime, UN affinity), median-imputed with missing indicators and standardised.  Because the link
is additive, each block's **contribution** to a pair's log-odds is exact:
``sum_{f in block} coef_f (z_f - z_f^ref)``, measured from the training median pair.

Without :meth:`fit` the model uses the shipped coefficients (``alignment/_alignment_defaults.py``:
fitted on the onsets of 1817-2016 with the default threat model, for description; regenerate with
``python -m threatbalance.alignment._model calibrate``).  The out-of-sample evaluation refits
everything, threat model included, on the training years (``docs/alignment.md``).

Examples
--------
>>> import threatbalance as tb
>>> m = tb.AlignmentModel()
>>> f = m.score_year(2012)
>>> {"p_align", "c_baseline", "c_threat"} <= set(f.columns)
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl

from .._errors import EmptySelectionError, InputError, YearRangeError

BLOCK_NAMES = ("threat", "power", "bandwagon", "regime", "un")
OUTCOMES = ("any", "defense")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class AlignmentModel:
    """Probability that a pair of states forms an alliance in a year, with each theory block's contribution.

    Parameters
    ----------
    blocks : tuple of str
        Theory blocks added to the structural baseline (default all five: threat, power,
        bandwagon, regime, un; ``()`` gives the baseline alone).
    outcome : {"any", "defense"}
        Onset of any ATOP obligation (default) or of a defence pledge.
    C : float
        Inverse ridge penalty of the logistic regression (default 1.0).
    threat_model : ThreatModel, optional
        Parameters of the threat model behind the threat, bandwagon and placebo features.
    refit_threat : bool
        When fitting, refit the threat model on the dispute years before the last training year
        + 1 (default True: no dispute outcome after the training years shapes a feature).

    Attributes
    ----------
    columns_, medians_, means_, scales_, coef_, intercept_, block_of_ :
        The fitted preprocessing and coefficients (``block_of_[column]`` is "baseline" or a block).
    train_years_, n_train_, n_events_, threat_fit_years_ :
        What the fit saw.
    """

    def __init__(
        self,
        blocks: tuple[str, ...] = BLOCK_NAMES,
        outcome: str = "any",
        C: float = 1.0,
        threat_model: Any = None,
        refit_threat: bool = True,
    ) -> None:
        self.blocks = blocks
        self.outcome = outcome
        self.C = C
        self.threat_model = threat_model
        self.refit_threat = refit_threat

    _PARAMS = ("blocks", "outcome", "C", "threat_model", "refit_threat")

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters (scikit-learn protocol)."""
        return {k: getattr(self, k) for k in self._PARAMS}

    def set_params(self, **params: Any) -> AlignmentModel:
        """Set constructor parameters and return ``self``."""
        for k in params:
            if k not in self._PARAMS:
                raise InputError(f"unknown AlignmentModel parameter {k!r}; allowed: {', '.join(self._PARAMS)}")
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def __repr__(self) -> str:
        state = f"fitted on {self.train_years_[0]}-{self.train_years_[1]}" if self.is_fitted else "shipped coefficients"
        return f"AlignmentModel(blocks={tuple(self.blocks)!r}, outcome={self.outcome!r})  # {state}"

    @property
    def is_fitted(self) -> bool:
        return hasattr(self, "coef_")

    def _check(self) -> None:
        bad = [b for b in self.blocks if b not in BLOCK_NAMES]
        if bad:
            raise InputError(f"unknown blocks {bad}; allowed: {', '.join(BLOCK_NAMES)}")
        if self.outcome not in OUTCOMES:
            raise InputError(f"unknown outcome {self.outcome!r}; allowed: {', '.join(OUTCOMES)}")
        if isinstance(self.C, bool) or not isinstance(self.C, (int, float)) or not self.C > 0:
            raise InputError(f"C must be a positive number, got {self.C!r}")

    def _columns(self) -> tuple[list[str], dict[str, str]]:
        from ..evaluation.alliance_onset import BASELINE, BLOCKS

        cols = list(BASELINE)
        block_of = dict.fromkeys(BASELINE, "baseline")
        for b in self.blocks:
            for c in BLOCKS[b]:
                if c not in block_of:
                    cols.append(c)
                    block_of[c] = b
        return cols, block_of

    # ---- the state in force: fitted, or the shipped coefficients ---------------------------------------
    def _state(self) -> dict[str, Any]:
        if self.is_fitted:
            return {
                "columns": self.columns_,
                "medians": self.medians_,
                "means": self.means_,
                "scales": self.scales_,
                "coef": self.coef_,
                "intercept": self.intercept_,
                "block_of": self.block_of_,
            }
        from . import _alignment_defaults as d

        if tuple(self.blocks) != BLOCK_NAMES or self.outcome != "any":
            raise InputError(
                "the shipped coefficients are for all five blocks and any obligation; call fit() for other settings"
            )
        return {
            "columns": list(d.COLUMNS),
            "medians": np.asarray(d.MEDIANS, dtype=float),
            "means": np.asarray(d.MEANS, dtype=float),
            "scales": np.asarray(d.SCALES, dtype=float),
            "coef": np.asarray(d.COEF, dtype=float),
            "intercept": float(d.INTERCEPT),
            "block_of": dict(d.BLOCK_OF),
        }

    def _threat(self) -> Any:
        from ._data import get_model

        if self.is_fitted:
            return self.threat_model_
        return get_model(self.threat_model)

    # ---- fitting --------------------------------------------------------------------------------------
    def fit(self, X: Any = None, y: Any = None, *, years: Any = (1817, 1990)) -> AlignmentModel:
        """Learn the coefficients from the onsets of ``years`` (or from a feature frame ``X`` and 0/1 ``y``).

        With ``X`` omitted, the pair features of every dyad-year at risk in ``years`` are built
        (threat model refitted on the dispute years up to the last training year when
        ``refit_threat``).
        """
        from sklearn.linear_model import LogisticRegression

        from .._validate import years as parse_years
        from ..evaluation._leakfree import fit_years, fitted_threat_model
        from ..evaluation.alliance_onset import dyad_frame, population

        self._check()
        cols, block_of = self._columns()
        tm = None
        if X is None:
            if y is not None:
                raise InputError("give y only together with X")
            a, b = parse_years(years, lo=1817, hi=2018, what="alignment model (ATOP onsets)")
            from ._data import get_model

            tm = fitted_threat_model(b + 1, self.threat_model) if self.refit_threat else get_model(self.threat_model)
            pop, _ = population(dyad_frame(a, b, tm), self.outcome)
            X, y = pop, pop["event"].to_numpy()
            self.train_years_ = (a, b)
        else:
            if y is None:
                raise InputError("give y (0/1 per row of X) with X")
            X = X if isinstance(X, pl.DataFrame) else pl.from_pandas(X)
            yr = X["year"] if "year" in X.columns else None
            self.train_years_ = (int(yr.min()), int(yr.max())) if yr is not None else (None, None)  # type: ignore[assignment]
        miss = [c for c in cols if c not in X.columns]
        if miss:
            raise InputError(f"X lacks feature column(s) {miss[:5]}")
        yv = np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y, dtype=float).ravel()
        if len(yv) != X.height or not np.isin(yv, (0.0, 1.0)).all():
            raise InputError("y must hold one 0/1 value per row of X")
        if yv.sum() == 0 or yv.sum() == len(yv):
            raise EmptySelectionError("the training rows hold no onsets (or only onsets)")
        R = X.select(cols).to_numpy().astype(float)
        med = np.nanmedian(np.where(np.isfinite(R), R, np.nan), axis=0)
        med = np.where(np.isnan(med), 0.0, med)
        Z = np.where(np.isfinite(R), R, med)
        mu, sd = Z.mean(axis=0), Z.std(axis=0)
        sd[sd == 0] = 1.0
        clf = LogisticRegression(C=float(self.C), solver="newton-cholesky", max_iter=200)
        clf.fit((Z - mu) / sd, yv.astype(int))
        from ._data import get_model

        self.threat_model_ = tm if tm is not None else get_model(self.threat_model)
        self.columns_, self.block_of_ = cols, block_of
        self.medians_, self.means_, self.scales_ = med, mu, sd
        self.coef_, self.intercept_ = clf.coef_.ravel().astype(float), float(clf.intercept_[0])
        self.n_train_, self.n_events_ = len(yv), int(yv.sum())
        self.threat_fit_years_ = fit_years(tm) if tm is not None and getattr(tm, "is_fitted", False) else None
        _YEAR_CACHE.clear()
        return self

    # ---- scoring --------------------------------------------------------------------------------------
    def _z(self, X: pl.DataFrame, st: dict) -> np.ndarray:
        miss = [c for c in st["columns"] if c not in X.columns]
        if miss:
            raise InputError(f"X lacks feature column(s) {miss[:5]}; build it with AlignmentModel.pair_features(year)")
        R = X.select(st["columns"]).to_numpy().astype(float)
        Z = np.where(np.isfinite(R), R, st["medians"])
        return (Z - st["means"]) / st["scales"]

    def decision_function(self, X: Any) -> np.ndarray:
        """Log-odds of an onset per row of the feature frame ``X``."""
        st = self._state()
        return st["intercept"] + self._z(X, st) @ st["coef"]

    def predict_proba(self, X: Any) -> np.ndarray:
        """``[[1 - p, p], ...]`` per row (scikit-learn protocol)."""
        p = _sigmoid(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def contributions(self, X: Any) -> pl.DataFrame:
        """Each block's contribution to the log-odds, relative to the training median pair.

        Columns ``c_baseline`` and ``c_<block>`` per row; with the intercept and the median pair's
        log-odds (``reference``) they add up to the row's log-odds.
        """
        st = self._state()
        Z = self._z(X, st)
        zref = (st["medians"] - st["means"]) / st["scales"]
        C = (Z - zref) * st["coef"]
        names = ["baseline", *[b for b in BLOCK_NAMES if b in set(st["block_of"].values())]]
        out = {
            f"c_{b}": C[:, [k for k, c in enumerate(st["columns"]) if st["block_of"][c] == b]].sum(axis=1)
            for b in names
        }
        return pl.DataFrame(out)

    def pair_features(self, year: int) -> pl.DataFrame:
        """Features of every pair of states of ``year`` (data of ``year - 1``) for :meth:`predict_proba`."""
        return pair_features(int(year), self._threat())

    def score_year(self, year: int) -> pl.DataFrame:
        """Every pair of ``year``: ``ccode1, ccode2, p_align, logit`` and the blocks' contributions."""
        # the objects themselves (kept alive by the key), never id(): a freed object's id is reused
        key = (self if self.is_fitted else "shipped", int(year), self._threat())
        if key not in _YEAR_CACHE:
            if len(_YEAR_CACHE) >= 32:
                _YEAR_CACHE.pop(next(iter(_YEAR_CACHE)))
            X = self.pair_features(year)
            eta = self.decision_function(X)
            _YEAR_CACHE[key] = pl.concat(
                [
                    X.select("ccode1", "ccode2").with_columns(
                        pl.Series("p_align", _sigmoid(eta)), pl.Series("logit", eta)
                    ),
                    self.contributions(X),
                ],
                how="horizontal",
            )
        return _YEAR_CACHE[key]

    def to_defaults(self) -> str:
        """Python source of ``_alignment_defaults.py`` with this fitted model's coefficients."""
        if not self.is_fitted:
            raise InputError("fit the model first")
        f = lambda a: "[" + ", ".join(repr(float(v)) for v in a) + "]"  # noqa: E731
        return (
            '"""Shipped coefficients of AlignmentModel.\n\nGenerated by python -m threatbalance.alignment._model '
            'calibrate; do not edit.\n"""\n\n'
            f"TRAIN_YEARS = {tuple(self.train_years_)!r}\n"
            f"N_TRAIN = {self.n_train_}\nN_EVENTS = {self.n_events_}\n"
            f"COLUMNS = {list(self.columns_)!r}\n"
            f"BLOCK_OF = {dict(self.block_of_)!r}\n"
            f"MEDIANS = {f(self.medians_)}\nMEANS = {f(self.means_)}\nSCALES = {f(self.scales_)}\n"
            f"COEF = {f(self.coef_)}\nINTERCEPT = {self.intercept_!r}\n"
        )


_YEAR_CACHE: dict[tuple, pl.DataFrame] = {}


def pair_features(year: int, threat_model: Any = None) -> pl.DataFrame:
    """Every unordered pair of members of ``year`` with the alignment features of ``year - 1``."""
    from ..evaluation.alliance_onset import year_features
    from . import _data
    from ._pairs import structural_features

    if not 1817 <= year <= 2022:
        raise YearRangeError(f"year {year} is outside 1817-2022 (the features read year - 1)")
    codes = _data.system_codes(year)
    i, k = np.triu_indices(len(codes), 1)
    c1, c2 = codes[i], codes[k]
    codes_t, M = _data.threat_matrix(year - 1, threat_model)
    f = year_features(year - 1, c1, c2, codes_t, M)
    f.update(structural_features(year, c1, c2))
    df = pl.DataFrame({"ccode1": c1.astype(np.int64), "ccode2": c2.astype(np.int64)}).with_columns(
        [pl.Series(n, v, dtype=pl.Float64) for n, v in f.items()]
    )
    ctl = _controls_year(year - 1)
    df = df.join(ctl, on=["ccode1", "ccode2"], how="left", maintain_order="left")
    return df.with_columns(
        pl.lit(year, pl.Int64).alias("year"),
        (pl.col("conttype") == 1).cast(pl.Float64).alias("land"),
        pl.col("conttype").is_between(1, 5).cast(pl.Float64).alias("contig"),
        pl.col("capdist").log1p().alias("log_capdist"),
    )


@lru_cache(maxsize=8)
def _controls_year(year: int) -> pl.DataFrame:
    from . import _data

    return _data.controls(year, year).drop("year")


@lru_cache(maxsize=1)
def default_alignment_model() -> AlignmentModel:
    """The process-wide model with the shipped coefficients (what :func:`partners` ranks by)."""
    return AlignmentModel()


def _calibrate(years: tuple[int, int] = (1817, 2016)) -> str:  # pragma: no cover - writes the shipped file
    """Fit on ``years`` with the default threat model and write ``_alignment_defaults.py``."""
    from pathlib import Path

    m = AlignmentModel(refit_threat=False).fit(years=years)
    src = m.to_defaults()
    Path(__file__).with_name("_alignment_defaults.py").write_text(src, encoding="utf-8")
    return src


if __name__ == "__main__":  # pragma: no cover
    import sys

    if sys.argv[1:] == ["calibrate"]:
        print(_calibrate())
    else:
        print("usage: python -m threatbalance.alignment._model calibrate")
