"""Threat: Walt's four sources of threat (aggregate power, geographic proximity, offensive capabilities,
aggressive intentions) as four additive terms of a logistic threat index, estimated from militarized
disputes.

Examples
--------
>>> import threatbalance as tb
>>> top = tb.threats(target="AZE", year=2012, top=3)
>>> top.height
3
"""

from typing import TYPE_CHECKING, Any

from ._features import FEATURE_NAMES, FEATURES, TERMS, Feature
from ._query import threats
from ._scenario import Scenario, with_scenario
from ._use import get_model
from .evidence import EVIDENCE_COLUMNS, load_evidence

if TYPE_CHECKING:
    from ._model import DEFAULT_INTERCEPT, DEFAULT_WEIGHTS, ThreatModel, default_model

# The estimator module imports scikit-learn (about 0.5 s): it is loaded on first use, not on import.
_LAZY = {"DEFAULT_INTERCEPT", "DEFAULT_WEIGHTS", "ThreatModel", "default_model"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import _model

        return getattr(_model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_INTERCEPT",
    "DEFAULT_WEIGHTS",
    "EVIDENCE_COLUMNS",
    "FEATURES",
    "FEATURE_NAMES",
    "TERMS",
    "Feature",
    "Scenario",
    "ThreatModel",
    "default_model",
    "get_model",
    "load_evidence",
    "threats",
    "with_scenario",
]
