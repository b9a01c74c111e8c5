"""The alliance-onset, defense-onset and arms-onset tasks: registration, JSON shape, strict timing, bad input."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

import threatbalance as tb
from threatbalance.alignment import pair_scores
from threatbalance.evaluation import alliance_onset as ao
from threatbalance.evaluation import available_tasks, evaluate
from threatbalance.threat import default_model

THEORY_MODELS = set(ao.DEFAULT_MODELS)  # B and B + each block


@pytest.fixture(autouse=True, scope="module")
def short_threat_fits():
    # the tasks refit the threat model on 1816-(origin - 1); from 1960 here to keep the tests fast
    from threatbalance.evaluation import _leakfree

    old = _leakfree.FIT_START
    _leakfree.FIT_START = 1960
    yield
    _leakfree.FIT_START = old


@pytest.fixture(scope="module")
def small():
    # a short split keeps the test fast; the default split is run by `threatbalance evaluate` (docs/alignment.md)
    return evaluate("alliance-onset", train=(1997, 1999), test=(2000, 2002))


def test_registered():
    tasks = available_tasks()
    t = tasks["alliance-onset"]
    assert t.default_train == (1816, 1990) and t.default_test == (1991, 2016) and t.coverage == (1816, 2018)
    assert {"defense-onset", "arms-onset"} <= set(tasks)


def test_json_shape_and_metrics(small):
    assert small["task"] == "alliance-onset" and small["train"] == [1997, 1999] and small["test"] == [2000, 2002]
    assert small["events_test"] > 50 and small["n_test"] > small["events_test"]
    assert set(small["models"]) == THEORY_MODELS
    for name, r in small["models"].items():
        assert 0 <= r["pr_auc"] <= 1 and 0 <= r["auroc"] <= 1 and 0 <= r["brier"] < 0.05, name
        assert r["n"] == small["n_test"] and r["events"] == small["events_test"]
        assert "precision_at_100" in r and r["features"][:3] == ao.CONTROL
        # the same metric keys as every other task (mid-onset), so the JSON shapes line up
        assert {
            "auroc",
            "pr_auc",
            "brier",
            "precision_at_100",
            "precision_at_500",
            "precision_at_1000",
            "n",
            "events",
            "predicted_events",
            "log_loss",
        } <= set(r)
    assert {"auroc", "pr_auc", "met", "best_model_on_test"} <= set(small["target"])
    assert small["target"]["auroc"] == 0.90 and small["target"]["pr_auc"] == 0.10
    assert all(b["weights"][1] < small["test"][0] for b in small["threat_fit_years"])
    json.dumps(small)  # serialisable as the CLI prints it


def test_features_use_the_previous_year_only():
    seen = []

    class Recorder:
        def threat_frame(self, years):
            seen.append(years)
            return default_model().threat_frame(years)

    df = ao.dyad_frame(2001, 2002, Recorder())
    assert seen == [(2000, 2001)]  # onsets of 2001-2002 read threat of 2000-2001
    assert set(df["year"].unique().to_list()) == {2001, 2002}
    # a row of 2002 carries the 2001 common threat of its pair
    row = df.filter((pl.col("ccode1") == 373) & (pl.col("ccode2") == 666) & (pl.col("year") == 2002)).row(0, named=True)
    codes, M = tb.alignment._data.threat_matrix(2001)
    ps = pair_scores(codes, M)
    i, k = ps.index(373), ps.index(666)
    assert row["t_overlap"] == pytest.approx(ps.overlap[i, k])
    # and the previous year's alliance status
    assert row["allied_prev"] in (0, 1)


def test_population_excludes_allied_dyads():
    df = ao.dyad_frame(2001, 2002, None)
    pop, _ = ao.population(df, "any")
    assert (pop["allied_prev"] == 0).all()
    d, _ = ao.population(df, "defense")
    assert (d["defense_prev"] == 0).all() and d.height >= pop.height


def test_rolling_origin_and_other_outcomes():
    r, pred = ao.run(
        (1997, 1999), (2000, 2002), outcome="defense", origin="rolling", step=2, models=("threat", "distance")
    )
    assert set(r["models"]) == {"threat", "distance"} and r["origin"] == "rolling"
    assert pred.height == r["n_test"] and pred["year"].min() == 2000
    a, _ = ao.run((1997, 1999), (2000, 2002), outcome="arms", models=("threat", "un"))
    assert a["task"] == "arms-onset" and a["events_test"] > 0


@pytest.mark.parametrize(
    "kwargs,needle",
    [
        ({"outcome": "marriage"}, "unknown outcome 'marriage'"),
        ({"origin": "random"}, "unknown origin 'random'; allowed: fixed, rolling"),
        ({"step": 0}, "step must be a positive number"),
        ({"classifier": "svm"}, "unknown classifier 'svm'"),
        ({"models": ("threat", "astrology")}, "unknown models ['astrology']"),
    ],
)
def test_bad_options(kwargs, needle):
    with pytest.raises(tb.InputError) as exc:
        ao.run((1999, 1999), (2000, 2000), **kwargs)
    assert needle in str(exc.value)


@pytest.mark.parametrize(
    "train,test,needle",
    [
        ((1816, 1995), (1991, 2016), "must end before the test years"),
        ((1816, 1990), (1991, 2019), "outside the alliance-onset task's coverage 1816-2018"),
    ],
)
def test_split_errors(train, test, needle):
    with pytest.raises(tb.YearRangeError) as exc:
        evaluate("alliance-onset", train=train, test=test)
    assert needle in str(exc.value)


def test_cli_json(capsys):
    from threatbalance.cli import main

    with pytest.raises(SystemExit) as exc:
        main(
            ["evaluate", "--task", "alliance-onset", "--train", "1997-1999", "--test", "2000-2002", "--format", "json"]
        )
    assert exc.value.code == 0
    d = json.loads(capsys.readouterr().out)
    assert d["task"] == "alliance-onset" and set(d["models"]) == THEORY_MODELS


def test_cli_rolling_and_models(capsys):
    from threatbalance.cli import main

    with pytest.raises(SystemExit) as exc:
        main(
            [
                "evaluate",
                "--task",
                "alliance-onset",
                "--train",
                "1997-1999",
                "--test",
                "2000-2002",
                "--rolling",
                "--step",
                "2",
                "--models",
                "threat,distance,threat_ranks",
                "--format",
                "json",
            ]
        )
    assert exc.value.code == 0
    d = json.loads(capsys.readouterr().out)
    assert d["origin"] == "rolling" and set(d["models"]) == {"threat", "distance", "threat_ranks"}
    assert "t_rank_score_best" in d["models"]["threat_ranks"]["features"]


def test_cli_options_refused_by_mid_onset(capsys):
    from threatbalance.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["evaluate", "--task", "mid-onset", "--rolling"])
    assert exc.value.code == 1
    assert "do not apply to task 'mid-onset'" in capsys.readouterr().err


def test_partner_ranks():
    R = ao._row_ranks(
        np.array(
            [[np.nan, 3.0, 1.0, np.nan], [3.0, np.nan, 2.0, 0.0], [1.0, 2.0, np.nan, 5.0], [np.nan, 0.0, 5.0, np.nan]]
        )
    )
    assert R[0, 1] == 1 and R[0, 2] == 2 and np.isnan(R[0, 3]) and np.isnan(R[0, 0])
    assert R[2, 3] == 1 and R[2, 1] == 2 and R[2, 0] == 3


def test_cli_classifier_option(capsys):
    from threatbalance.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["evaluate", "--task", "mid-onset", "--classifier", "logit"])
    assert exc.value.code == 1 and "--classifier do not apply to task 'mid-onset'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        args = ["--task", "alliance-onset", "--train", "1999-1999", "--test", "2000-2000", "--classifier", "x"]
        main(["evaluate", *args])
    assert exc.value.code == 1 and "unknown classifier 'x'; allowed: logit, spline, gbm" in capsys.readouterr().err
