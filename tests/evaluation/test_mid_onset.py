"""The mid-onset task: registered, strict temporal split, every model reports auroc, pr_auc and brier."""

from __future__ import annotations

import json

import pytest

import threatbalance as tb
from threatbalance.evaluation import available_tasks, evaluate


@pytest.fixture(scope="module")
def small():
    # a short split keeps the test fast; the full split is run by `threatbalance evaluate` (docs/model.md)
    return evaluate("mid-onset", train=(1985, 1999), test=(2000, 2010))


def test_registered():
    t = available_tasks()["mid-onset"]
    assert t.coverage == (1816, 2010) and t.default_train == (1816, 1990) and t.default_test == (1991, 2010)


def test_models_and_metrics(small):
    assert small["train"] == [1985, 1999] and small["test"] == [2000, 2010] and small["events_test"] > 100
    assert set(small["models"]) == {"threat_index", "threat_features_free", "plain_logit", "contiguity_distance",
                                    "cinc_ratio"}
    for name, r in small["models"].items():
        assert 0 <= r["pr_auc"] <= 1 and 0.5 <= r["auroc"] <= 1 and 0 <= r["brier"] < 0.01, name
    ti = small["models"]["threat_index"]
    assert ti["auroc"] > small["models"]["contiguity_distance"]["auroc"] > small["models"]["cinc_ratio"]["auroc"]
    assert ti["pr_auc"] > small["models"]["contiguity_distance"]["pr_auc"]
    assert min(v for k, v in small["fitted_weights"].items() if k != "intercept") >= 0
    assert isinstance(small["target"]["met"], bool)


@pytest.mark.parametrize("train,test,needle", [
    ((1816, 1995), (1991, 2010), "must end before the test years"),
    ((1816, 1990), (1991, 2015), "outside the mid-onset task's coverage 1816-2010"),
])
def test_split_errors(train, test, needle):
    with pytest.raises(tb.YearRangeError) as exc:
        evaluate("mid-onset", train=train, test=test)
    assert needle in str(exc.value)


def test_cli_json(capsys):
    from threatbalance.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["evaluate", "--task", "mid-onset", "--train", "1816-1990", "--test", "1991-2030", "--format", "json"])
    assert exc.value.code == 1
    assert "1991-2030" in capsys.readouterr().err
