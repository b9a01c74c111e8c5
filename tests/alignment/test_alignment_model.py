"""AlignmentModel, partners ranked by it, rivals kept out of the top partners, the landscape null and cases."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

import threatbalance as tb
from threatbalance.alignment import AlignmentModel, random_partition_null, rivals_of


@pytest.fixture(scope="module")
def aze():
    return tb.partners("AZE", year=2012, top=None)


def test_partners_rank_by_the_fitted_model(aze):
    assert aze["rank"].to_list() == list(range(1, aze.height + 1))
    # new candidates first, then states already allied in t-1, rivals last; the probability orders each group
    groups = list(zip(aze["rival"].to_list(), aze["allied_before"].to_list()))
    assert groups == sorted(groups)
    for (rv, al), g in aze.group_by("rival", "allied_before", maintain_order=True):
        p = g["p_align"].to_list()
        assert p == sorted(p, reverse=True), (rv, al)
    assert aze.filter(pl.col("allied_before")).height > 0 and aze.filter(~pl.col("allied_before")).height > 0
    assert {"c_baseline", "c_threat", "c_power", "c_bandwagon", "c_regime", "c_un"} <= set(aze.columns)


def test_common_enemy_still_named_from_the_threat_block(aze):
    isr = aze.filter(pl.col("abb") == "ISR").row(0, named=True)
    en = tb.common_enemies("AZE", "ISR", 2012, top=1)
    assert isr["common_enemy"] == en["enemy"][0]  # whatever the data say; the docs report which state


@pytest.mark.parametrize("state,year", [("AZE", 2012), ("IND", 2000), ("GRC", 1990), ("ISR", 1975), ("PAK", 2012)])
def test_rivals_never_among_the_top_partners(state, year):
    from threatbalance.states import resolve_state

    p = tb.partners(state, year=year, top=10)
    code = resolve_state(state)
    rv = rivals_of(code, year - 1)
    assert not set(p["ccode"].to_list()) & rv, (state, year, rv)


def test_armenia_not_a_partner_of_azerbaijan(aze):
    top = aze.head(10)["abb"].to_list()
    assert "ARM" not in top and aze["abb"][-1] == "ARM"  # the only TSS rival of Azerbaijan in 2011 comes last


def test_allied_before_is_the_previous_years_atop_network():
    from threatbalance.alignment import _data

    p = tb.partners("AZE", year=2012, top=None)
    a = _data.atop_undirected().filter(
        (pl.col("year") == 2011) & ((pl.col("ccode1") == 373) | (pl.col("ccode2") == 373))
    )
    want = (set(a["ccode1"].to_list()) | set(a["ccode2"].to_list())) - {373}
    assert set(p.filter(pl.col("allied_before"))["ccode"].to_list()) == want & set(p["ccode"].to_list())


def test_score_method_keeps_the_hand_set_ranking():
    s = tb.partners("AZE", year=2012, top=5, method="score")
    assert "p_align" not in s.columns and s["score"].to_list() == sorted(s["score"].to_list(), reverse=True)
    with pytest.raises(tb.InputError, match="unknown method 'oracle'"):
        tb.partners("AZE", year=2012, method="oracle")
    with pytest.raises(tb.InputError, match="needs method='score'"):
        tb.partners("AZE", year=2012, theory="power", method="model")
    assert "p_align" not in tb.partners("AZE", year=2012, top=3, theory="power").columns


def test_contributions_add_up_to_the_log_odds():
    m = AlignmentModel()
    X = m.pair_features(2012).head(500)
    eta = m.decision_function(X)
    c = m.contributions(X)
    from threatbalance.alignment import _alignment_defaults as d

    zref = (np.asarray(d.MEDIANS) - np.asarray(d.MEANS)) / np.asarray(d.SCALES)
    ref = d.INTERCEPT + float(zref @ np.asarray(d.COEF))
    assert np.allclose(ref + c.to_numpy().sum(axis=1), eta)


def test_fit_on_a_frame_and_sklearn_protocol():
    from sklearn.base import clone

    m = AlignmentModel(blocks=("threat", "un"), C=0.5)
    assert clone(m).get_params()["blocks"] == ("threat", "un")
    X = AlignmentModel().pair_features(2001)
    rng = np.random.default_rng(1)
    y = (rng.random(X.height) < 0.05).astype(int)
    m.fit(X, y)
    assert m.is_fitted and len(m.coef_) == len(m.columns_) and set(m.block_of_.values()) == {"baseline", "threat", "un"}
    p = m.predict_proba(X)
    assert p.shape == (X.height, 2) and np.allclose(p.sum(axis=1), 1)
    with pytest.raises(tb.InputError, match="unknown blocks"):
        AlignmentModel(blocks=("astrology",)).fit(X, y)
    with pytest.raises(tb.InputError, match="shipped coefficients"):
        AlignmentModel(blocks=("threat",)).predict_proba(X)


def test_random_partition_null():
    r = random_partition_null(17, 9)
    assert r["p_value"] == 1.0 and 10.1 < r["mean"] < 10.2
    assert random_partition_null(17, 17)["p_value"] == pytest.approx(2 / 2**17)


def test_landscape_reports_null_and_p_value():
    d = tb.landscape(1936).to_dict()
    s = d["score"]
    assert s["of"] == 17 and s["correct"] == d["best"]["correct"] and s["null_mean"] == pytest.approx(10.169, abs=1e-3)
    assert 0 < s["p_value"] <= 1
    json.dumps(d)


def test_cold_war_case_and_ab_inputs():
    r = tb.landscape(case="coldwar1955")
    assert r.year == 1955 and len(r.codes) == 23 and r.correct is not None and r.p_value is not None
    a = tb.landscape(1936, theory="ab")
    assert a.correct is not None
    with pytest.raises(tb.InputError, match="unknown landscape case"):
        tb.landscape(case="1648")
    with pytest.raises(tb.InputError, match="is the year 1955, not 1936"):
        tb.landscape(1936, case="coldwar1955")
