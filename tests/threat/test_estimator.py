"""ThreatModel is a real scikit-learn estimator; its scoring caches are keyed by content, bounded and thread-safe."""

from __future__ import annotations

import pickle
import threading

import numpy as np
import polars as pl
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted

import threatbalance as tb
from threatbalance.threat import _model, _results
from threatbalance.threat._results import BoundedCache


def test_sklearn_protocol():
    m = tb.ThreatModel(l2=2.0, sea_grades=(1.0, 0.5, 0.5, 0.25))
    assert isinstance(m, BaseEstimator)
    c = clone(m)
    assert c is not m and c.get_params() == m.get_params()
    assert repr(c) == repr(m) == "ThreatModel(l2=2.0, sea_grades=(1.0, 0.5, 0.5, 0.25))  # default weights"
    assert not any(k.endswith("_") for k in vars(m))  # __init__ stores parameters only
    with pytest.raises(Exception):  # noqa: B017 - sklearn's NotFittedError
        check_is_fitted(m)
    assert pickle.loads(pickle.dumps(m)).get_params()["l2"] == 2.0


def test_no_module_level_cache():
    assert not hasattr(_model, "_REFERENCE")
    assert not [k for k, v in vars(_model).items() if isinstance(v, dict) and k.isupper() and k.startswith("_R")]


def test_results_snapshot_follows_parameters_by_content():
    m = tb.ThreatModel()
    r = m.results()
    assert m.results() is r
    m.weights = {"prox_land": 2.0}  # plain attribute assignment, no set_params
    assert m.results() is not r and m.results().weights["prox_land"] == 2.0
    m.weights = None
    assert m.results().key == r.key


def test_evidence_key_is_content_not_identity(tmp_path):
    ev = pl.DataFrame(
        {
            "date": ["2012-05-01"],
            "actor": ["IRN"],
            "target": ["AZE"],
            "dimension": ["intent"],
            "direction": ["hostile"],
            "weight": [1.0],
            "source": ["test"],
            "description": ["x"],
        }
    )
    k1 = _results.evidence_key(ev)
    assert k1 == _results.evidence_key(ev.clone()) and k1 is not False
    assert k1 != _results.evidence_key(ev.with_columns(pl.lit(2.0).alias("weight")))
    f = tmp_path / "ev.parquet"
    ev.write_parquet(f)
    kf = _results.evidence_key(f)
    pl.concat([ev, ev]).write_parquet(f)  # another content (and size) under the same name
    assert _results.evidence_key(str(f)) != kf


def test_bounded_cache_is_bounded_and_thread_safe():
    c = BoundedCache(3)
    calls = []

    def work(k):
        for _ in range(200):
            assert c.get_or_compute(k % 5, lambda: calls.append(k) or k % 5) == k % 5

    threads = [threading.Thread(target=work, args=(k,)) for k in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(c) <= 3


def test_threads_score_the_same_frame():
    m = tb.ThreatModel(l2=1.5)  # a model of its own: a cold cache
    out = [None] * 4

    def run(k):
        out[k] = m.threat_frame(2012)["threat"].to_numpy()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for o in out[1:]:
        np.testing.assert_array_equal(o, out[0])
    assert len(m.results()._frames) == 1
