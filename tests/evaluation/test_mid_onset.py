"""The mid-onset task: registered, strict temporal split, every model reports auroc, pr_auc and brier."""

from __future__ import annotations

import re

import pytest

import threatbalance as tb
from threatbalance.evaluation import available_tasks, evaluate


@pytest.fixture(scope="module")
def small():
    # a short split keeps the test fast; the full split is run by `threatbalance evaluate` (docs/model.md)
    return evaluate("mid-onset", train=(1985, 1999), test=(2000, 2010))


def test_registered():
    t = available_tasks()["mid-onset"]
    assert t.coverage == (1816, 2014) and t.default_train == (1816, 1990) and t.default_test == (1991, 2010)


def test_models_and_metrics(small):
    assert small["train"] == [1985, 1999] and small["test"] == [2000, 2010] and small["events_test"] > 100
    assert set(small["models"]) == {
        "threat_index",
        "threat_features_free",
        "plain_logit",
        "contiguity_distance",
        "cinc_ratio",
    }
    for name, r in small["models"].items():
        assert 0 <= r["pr_auc"] <= 1 and 0.5 <= r["auroc"] <= 1 and 0 <= r["brier"] < 0.01, name
    ti = small["models"]["threat_index"]
    assert ti["auroc"] > small["models"]["contiguity_distance"]["auroc"] > small["models"]["cinc_ratio"]["auroc"]
    assert ti["pr_auc"] > small["models"]["contiguity_distance"]["pr_auc"]
    assert min(v for k, v in small["fitted_weights"].items() if k != "intercept") >= 0
    assert isinstance(small["target"]["met"], bool)


def test_module_docstring_lists_the_metric_keys(small):
    from threatbalance.evaluation import mid_onset

    doc = mid_onset.__doc__ or ""
    listed = re.search(r"predicted_events_full_fit_intercept``::\n\n +(.+)\n", doc)
    assert listed, "the key list is missing from the mid_onset module docstring"
    keys = sorted(k.strip() for k in listed.group(1).split(","))
    for name, r in small["models"].items():
        extra = {"predicted_events_full_fit_intercept"} if name == "threat_index" else set()
        assert sorted(set(r) - extra) == keys, name


def test_calibration_and_bootstrap_reported(small):
    for name, r in small["models"].items():
        assert r["predicted_events"] > 0, name
    ti = small["models"]["threat_index"]
    assert "predicted_events_full_fit_intercept" in ti and "intercept_full_fit" in small
    b = small["bootstrap"]
    assert b["compare"] == ["threat_index", "plain_logit"] and b["draws"] == 200 and b["unit"] == "test year"
    for k in ("pr_auc_diff", "auroc_diff"):
        d = b[k]
        assert d["lo90"] <= d["hi90"] and 0 <= d["share_not_ahead"] <= 1
    point = ti["pr_auc"] - small["models"]["plain_logit"]["pr_auc"]
    assert b["pr_auc_diff"]["point"] == pytest.approx(point, abs=1e-9)
    assert b["auroc_diff"]["point"] == pytest.approx(ti["auroc"] - small["models"]["plain_logit"]["auroc"], abs=1e-9)


@pytest.mark.parametrize(
    "train,test,needle",
    [
        ((1816, 1995), (1991, 2010), "must end before the test years"),
        ((1816, 1990), (1991, 2015), "outside the mid-onset task's coverage 1816-2014"),
    ],
)
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


def test_ally_threat_reads_the_allies_probabilities():
    """j's alliance channel to i: the largest and summed p(k -> i) over j's allies k (toy year, 3 states)."""
    import numpy as np
    import polars as pl

    from threatbalance.evaluation.mid_onset import ally_threat

    # states 1, 2, 3; 1 and 2 allied; p(2 -> 3) = 0.4, p(1 -> 3) = 0.1, others small
    rows = [(1, 2, 0, 0.01), (2, 1, 0, 0.02), (1, 3, 1, 0.1), (3, 1, 1, 0.03), (2, 3, 1, 0.4), (3, 2, 1, 0.05)]
    F = pl.DataFrame(
        {
            "ccode1": [r[0] for r in rows],
            "ccode2": [r[1] for r in rows],
            "year": [1900] * len(rows),
            "int_no_alliance": [float(r[2]) for r in rows],
        }
    )
    out = ally_threat(F, np.array([r[3] for r in rows]))
    got = dict(zip([(r[0], r[1]) for r in rows], out["ts_ally_max"].to_list()))
    assert got[(1, 3)] == 0.4  # 1's ally 2 is the likely originator against 3
    assert got[(2, 3)] == 0.1
    assert got[(3, 1)] == 0.0 and got[(3, 2)] == 0.0  # 3 has no allies
    assert out["ts_ally_sum"].to_list()[2] == 0.4
