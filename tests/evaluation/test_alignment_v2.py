"""Alignment v2: leak-free threat refits, the nested design with its bootstrap, the partner-choice task."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

import threatbalance as tb
from threatbalance.evaluation import _leakfree, evaluate
from threatbalance.evaluation import alliance_onset as ao
from threatbalance.evaluation import partner_choice as pc


@pytest.fixture(autouse=True, scope="module")
def short_threat_fits():
    # threat refits from 1960 keep the tests fast; the tasks fit from 1816 (docs/alignment.md)
    old = _leakfree.FIT_START
    _leakfree.FIT_START = 1960
    yield
    _leakfree.FIT_START = old


@pytest.fixture(scope="module")
def rolling():
    return ao.run(
        (1990, 1997), (1998, 2001), origin="rolling", step=2, models=("B", "B+threat", "B+placebo_power"), boot_draws=30
    )[0]


def test_threat_fit_years_end_before_every_test_block(rolling):
    blocks = rolling["threat_fit_years"]
    assert [b["test"] for b in blocks] == [[1998, 1999], [2000, 2001]]
    for b in blocks:
        lo = b["test"][0]
        for comp in ("weights", "intercept"):
            _a, e = b[comp]
            assert e < lo, (comp, b)  # no fitted component saw a year of its test block
        assert b["weights"][1] == lo - 1 and b["intercept"] == [lo - 10, lo - 1]


def test_fit_years_are_the_rows_the_fit_used():
    m = _leakfree.fitted_threat_model(1991)
    # read from what fit() recorded (the rows' years), not derived from the window
    assert m.weights_years_ == (1960, 1990) and m.intercept_years_ == (1981, 1990)
    assert _leakfree.fit_years(m) == {"weights": [1960, 1990], "intercept": [1981, 1990]}
    m.intercept_years_ = (1985, 1991)  # a fit that had seen 1991 is refused for a test starting in 1991
    with pytest.raises(tb.YearRangeError, match="leakage"):
        _leakfree.check_no_overlap(_leakfree.fit_years(m), (1991, 2000))
    m.intercept_years_ = (1981, 1990)


def test_overlap_is_refused():
    _leakfree.check_no_overlap({"weights": [1816, 1990], "intercept": [1981, 1990]}, (1991, 2016))
    with pytest.raises(tb.YearRangeError, match="leakage: the threat model's intercept"):
        _leakfree.check_no_overlap({"weights": [1816, 1980], "intercept": [2001, 2010]}, (1991, 2016))
    with pytest.raises(tb.InputError, match="not fitted"):
        _leakfree.fit_years(tb.ThreatModel())


def test_fit_window():
    assert _leakfree.fit_window(1991) == (1960, 1990)
    from threatbalance.threat._model import OUTCOME_YEARS

    assert _leakfree.fit_window(2016) == (1960, min(2015, OUTCOME_YEARS[1]))  # the dispute outcome's last year


def test_metrics_and_nested_deltas(rolling):
    r = rolling
    assert set(r["models"]) == {"B", "B+threat", "B+placebo_power"}
    for m in r["models"].values():
        assert {"auroc", "pr_auc", "brier", "log_loss"} <= set(m) and m["log_loss"] > 0
        assert m["features"][: len(ao.BASELINE)] == ao.BASELINE
    nest = r["nested"]
    assert set(nest["subsets"]) == {"all", "bilateral", "multilateral"}
    on = r["onsets"]
    assert on["bilateral"] + on["multilateral"] == r["events_test"]
    assert nest["subsets"]["bilateral"]["events"] == on["bilateral"]
    for sub in nest["subsets"].values():
        for name, d in sub["deltas"].items():
            for k in ("auroc", "pr_auc", "log_loss"):
                assert d[k]["lo90"] <= d[k]["hi90"], (name, k)
    a = nest["subsets"]["all"]
    assert a["deltas"]["B+threat"]["auroc"]["point"] == pytest.approx(
        r["models"]["B+threat"]["auroc"] - r["models"]["B"]["auroc"]
    )
    json.dumps(r)


def test_bootstrap_weights_reproduce_the_point_estimate():
    rng = np.random.default_rng(0)
    y = (rng.random(500) < 0.2).astype(float)
    p = rng.random(500) * 0.5 + 0.3 * y
    order = np.argsort(-p, kind="stable")
    ps = p[order]
    last = np.r_[ps[1:] != ps[:-1], True]
    auc, ap, ll = ao._weighted_auc_ap_ll(order, last, y, p, np.ones(500))
    assert auc == pytest.approx(tb.evaluation.auroc(y, p)) and ap == pytest.approx(tb.evaluation.pr_auc(y, p))
    from threatbalance.evaluation._metrics import log_loss

    assert ll == pytest.approx(log_loss(y, p))
    # doubling every weight changes nothing
    assert ao._weighted_auc_ap_ll(order, last, y, p, np.full(500, 2.0))[0] == pytest.approx(auc)
    # non-uniform integer weights equal replicating the rows
    w = rng.integers(0, 4, 500).astype(float)
    rep = np.repeat(np.arange(500), w.astype(int))
    yr, pr = y[rep], p[rep]
    o2 = np.argsort(-pr, kind="stable")
    l2 = np.r_[pr[o2][1:] != pr[o2][:-1], True]
    want = ao._weighted_auc_ap_ll(o2, l2, yr, pr, np.ones(len(rep)))
    got = ao._weighted_auc_ap_ll(order, last, y, p, w)
    assert got == pytest.approx(want)
    assert got[0] == pytest.approx(tb.evaluation.auroc(yr, pr))
    assert got[1] == pytest.approx(tb.evaluation.pr_auc(yr, pr))


def test_bootstrap_nests_treaties_in_years():
    # two years; year 1 has two treaties; onsets carry their treaty; non-onsets their year only
    te = pl.DataFrame(
        {
            "year": [1, 1, 1, 1, 2, 2, 2],
            "event": [1, 1, 1, 0, 1, 0, 0],
            "treaty": [10, 10, 11, None, 20, None, None],
            "treaty_size": [3, 3, 2, None, 2, None, None],
        }
    )
    preds = {"B": np.array([0.9, 0.8, 0.3, 0.2, 0.7, 0.1, 0.4]), "B+x": np.array([0.9, 0.8, 0.6, 0.2, 0.7, 0.1, 0.4])}
    r = ao.nested_deltas(te, preds, draws=50)
    a = r["subsets"]["all"]
    assert a["events"] == 4 and r["subsets"]["bilateral"]["events"] == 2
    d = a["deltas"]["B+x"]["auroc"]
    assert d["lo90"] <= d["point"] <= d["hi90"] and d["point"] > 0
    assert "two-stage" in r["unit"]


def test_chance_baseline_matches_simulation():
    rng = np.random.default_rng(1)
    n, m = 40, 3
    best = np.array([rng.permutation(n)[:m].min() + 1 for _ in range(40000)])
    c = pc.chance(np.array([n]), np.array([m]))
    assert c["hit_at_1"][0] == pytest.approx((best <= 1).mean(), abs=0.01)
    assert c["hit_at_10"][0] == pytest.approx((best <= 10).mean(), abs=0.01)
    assert c["mrr"][0] == pytest.approx((1 / best).mean(), abs=0.01)


def test_partner_choice_refuses_a_rolling_origin():
    with pytest.raises(tb.InputError, match="fixed origin only"):
        evaluate("partner-choice", train=(1990, 1999), test=(2000, 2001), origin="rolling")


def test_reentered_states_are_new_again():
    from threatbalance.alignment._pairs import structural_features

    # Estonia (366) re-entered the system in 1991: new in 1992; Russia (365) is not
    f = structural_features(1992, np.array([365, 2]), np.array([366, 20]))
    assert f["new_state"].tolist() == [1.0, 0.0]


def test_structural_features_read_the_previous_year():
    from threatbalance.alignment._pairs import structural_features

    # USA-Canada: allied before 2012; Iran-Israel never; degree and S-score from the 2011 network
    f = structural_features(2012, np.array([2, 630]), np.array([20, 666]))
    assert f["prior_tie"].tolist() == [1.0, 0.0] and f["log_common_allies"][0] > 0
    # S (unweighted, with self-ties) by hand from the 2011 portfolios
    from threatbalance.alignment import _data
    from threatbalance.alignment._pairs import alliance_matrix

    codes = _data.system_codes(2011)
    A = alliance_matrix(2011, codes) + np.eye(len(codes))
    i, k = list(codes).index(2), list(codes).index(20)
    assert f["s_score"][0] == pytest.approx(1 - 2 * np.abs(A[i] - A[k]).sum() / len(codes))
    assert ((f["s_score"] >= -1) & (f["s_score"] <= 1)).all()


def test_partner_choice_ranks():
    d = pl.DataFrame(
        {
            "year": [1, 1, 1, 1],
            "ccode1": [1, 1, 1, 2],
            "ccode2": [2, 3, 4, 3],
            "event": [0, 1, 1, 0],
            "good": [0.1, 0.9, 0.8, 0.5],
            "bad": [0.9, 0.1, 0.2, 0.5],
        }
    )
    r = pc.rank_partners(d, ["good", "bad"])
    one = r.filter(pl.col("state") == 1).row(0, named=True)
    assert one["good"] == 1 and one["bad"] == 2 and one["n_partners"] == 2
    s = pc.summarize_ranks(r, ["good", "bad"], draws=20)
    assert s["good"]["mrr"]["point"] > s["bad"]["mrr"]["point"]
    assert s["good"]["hit_at_1"]["lo90"] <= s["good"]["hit_at_1"]["hi90"]


def test_partner_choice_task():
    r = evaluate("partner-choice", train=(1990, 1999), test=(2000, 2001), models="B,B+threat", draws=30)
    assert set(r["pledges"]) == {"any", "defense"}
    m = r["pledges"]["any"]["models"]
    assert set(m) == {"B", "B+threat", "score", "random"}
    for v in m.values():
        assert 0 <= v["hit_at_1"]["point"] <= v["hit_at_10"]["point"] <= 1 and 0 < v["mrr"]["point"] <= 1
    assert r["pledges"]["any"]["threat_fit_years"][0]["weights"][1] == 1999
