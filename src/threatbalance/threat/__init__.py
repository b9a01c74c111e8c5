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

from ._features import FEATURE_NAMES, FEATURES, TERMS, Feature
from ._model import DEFAULT_INTERCEPT, DEFAULT_WEIGHTS, ThreatModel, default_model
from ._query import threats
from ._use import get_model
from .evidence import EVIDENCE_COLUMNS, load_evidence

__all__ = [
    "DEFAULT_INTERCEPT",
    "DEFAULT_WEIGHTS",
    "EVIDENCE_COLUMNS",
    "FEATURES",
    "FEATURE_NAMES",
    "TERMS",
    "Feature",
    "ThreatModel",
    "default_model",
    "get_model",
    "load_evidence",
    "threats",
]
