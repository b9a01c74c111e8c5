"""Leak-free threat models for the alignment tasks: refitted on the training years of every origin.

The shipped default weights of the threat model were fitted on disputes through 2010, with the
intercept recalibrated on 2001-2010; using them to build the ``threat`` features of a 1991-2016
test would let test-period outcomes shape the predictors of only the theory under test.  Every
alignment task therefore fits a :class:`~threatbalance.ThreatModel` on the dispute years that
precede its test block (``1816 .. min(origin - 1, last dispute year)``) and records what each fitted component
saw (:func:`fit_years`); :func:`check_no_overlap` refuses a model that saw a test year.

Fitted models are kept per process; set the environment variable ``THREATBALANCE_CACHE`` to a
directory to keep them on disk between runs (pickles keyed by the fit years and parameters).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from .._errors import InputError, YearRangeError

FIT_START = 1816
_MODELS: dict[str, Any] = {}


def fit_window(origin: int) -> tuple[int, int]:
    """Dispute years a threat model may learn from when the test starts in ``origin``.

    Examples
    --------
    >>> fit_window(1991)
    (1816, 1990)
    """
    from ..threat._model import OUTCOME_YEARS

    hi = min(int(origin) - 1, OUTCOME_YEARS[1])
    if hi < FIT_START:
        raise YearRangeError(f"a test starting in {origin} leaves no dispute years before it to fit the threat model")
    return FIT_START, hi


def _key(window: tuple[int, int], params: dict) -> str:
    return hashlib.sha256(repr((window, sorted((k, repr(v)) for k, v in params.items()))).encode()).hexdigest()[:16]


def fitted_threat_model(origin: int, base: Any = None) -> Any:
    """A threat model fitted on :func:`fit_window` ``(origin)`` (a clone of ``base``'s parameters).

    ``base`` must be a :class:`~threatbalance.ThreatModel`; its parameters (not its weights) are used.
    User-set ``weights`` stay fixed in the fit, as always.
    """
    from ..threat import ThreatModel

    if base is not None and not isinstance(base, ThreatModel):
        raise InputError(f"the leak-free alignment tasks refit a ThreatModel; got {type(base).__name__}")
    params = base.get_params() if base is not None else ThreatModel().get_params()
    if params.get("evidence") is not None:
        raise InputError("the alignment tasks do not take user evidence in the threat model (it has no dates to cut)")
    window = fit_window(origin)
    key = _key(window, params)
    if key in _MODELS:
        return _MODELS[key]
    cache = os.environ.get("THREATBALANCE_CACHE")
    path = Path(cache) / f"threat_{window[0]}_{window[1]}_{key}.pkl" if cache else None
    if path is not None and path.exists():
        with open(path, "rb") as fh:
            m = pickle.load(fh)
    else:
        m = ThreatModel(**params).fit(years=window)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            m.__dict__.pop("_frame_cache", None)
            tmp = path.with_suffix(".tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(m, fh)
            tmp.replace(path)
    _MODELS[key] = m
    return m


def fit_years(model: Any) -> dict[str, list[int]]:
    """Years each fitted component of a threat model saw: ``{"weights": [a, b], "intercept": [c, d]}``.

    The intercept is re-estimated on the last ``recalibrate_years`` training years (all of them
    when that is None).
    """
    if not getattr(model, "is_fitted", False):
        raise InputError("the threat model is not fitted: its default weights saw the whole dispute record")
    if getattr(model, "weights_years_", None) is not None:  # the years of the rows the fit actually used
        return {"weights": list(map(int, model.weights_years_)), "intercept": list(map(int, model.intercept_years_))}
    a, b = model.train_years_
    k = model.recalibrate_years
    return {
        "weights": [int(a), int(b)],
        "intercept": [int(a) if k is None else max(int(a), int(b) - int(k) + 1), int(b)],
    }


def check_no_overlap(years: dict[str, list[int]], test: tuple[int, int]) -> None:
    """Raise :class:`YearRangeError` when any fitted component saw a year of ``test``."""
    for comp, (a, b) in years.items():
        if a <= test[1] and b >= test[0]:
            raise YearRangeError(
                f"leakage: the threat model's {comp} were fitted on {a}-{b}, "
                f"overlapping the test years {test[0]}-{test[1]}"
            )
