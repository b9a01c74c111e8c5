"""Each of Walt's four terms behaves as documented; the index is their logistic sum; bad input fails clearly."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import threatbalance as tb
from threatbalance.threat import FEATURE_NAMES, TERMS
from threatbalance.threat._features import FEATURES


def _dyad(j, i, years):
    ys = list(range(years[0], years[1] + 1))
    return pl.DataFrame(
        {"ccode1": [j] * len(ys), "ccode2": [i] * len(ys), "year": ys},
        schema={"ccode1": pl.Int32, "ccode2": pl.Int32, "year": pl.Int32},
    )


def test_every_feature_belongs_to_one_of_the_four_terms():
    assert {f.term for f in FEATURES} == set(TERMS)
    assert len(set(FEATURE_NAMES)) == len(FEATURES)


def test_frame_all_ordered_pairs_and_index_is_logistic_sum(model, frame_2012):
    f = frame_2012
    assert f.columns == ["year", "source", "target", "threat", "power", "proximity", "offense", "intent"]
    assert f.height == tb.dyad_years(years=2012).height
    assert f.filter(pl.col("source") == pl.col("target")).is_empty()
    assert f.select(pl.struct("source", "target").n_unique()).item() == f.height
    assert f.null_count().sum_horizontal().item() == 0
    assert f["threat"].min() > 0 and f["threat"].max() < 1
    for t in TERMS:
        assert f[t].min() >= 0, t
    eta = model.results().intercept + sum(f[t].to_numpy() for t in TERMS)
    np.testing.assert_allclose(f["threat"].to_numpy(), 1 / (1 + np.exp(-eta)), rtol=1e-10)


def test_threat_matrix_matches_frame(model, frame_2012):
    codes, M = model.threat_matrix(2012)
    assert list(codes) == sorted(set(frame_2012["source"].to_list()))
    r = frame_2012.filter((pl.col("source") == 630) & (pl.col("target") == 373))
    assert M[np.searchsorted(codes, 630), np.searchsorted(codes, 373)] == pytest.approx(r["threat"][0])
    assert (np.diag(M) == 0).all()


def test_contiguity_raises_proximity(model, frame_2012):
    # controlled: one dyad-year, only the land-border feature switched on
    F = model.results().features(_dyad(630, 2, (2012, 2012)))
    base = model.results().score(F)
    land = model.results().score(F.with_columns(pl.lit(1.0).alias("prox_land")))
    assert model.coef()["prox_land"] > 0
    assert land["proximity"][0] == pytest.approx(base["proximity"][0] + model.coef()["prox_land"])
    assert land["threat"][0] > base["threat"][0]
    for t in ("power", "offense", "intent"):
        assert land[t][0] == base[t][0]
    # on the data: every land-contiguous dyad is closer than the typical non-contiguous one
    F12 = model.results().features(tb.dyad_years(years=2012).data).select("ccode1", "ccode2", "conttype")
    f = frame_2012.join(F12.rename({"ccode1": "source", "ccode2": "target"}), on=["source", "target"])
    assert (
        f.filter(pl.col("conttype") == 1)["proximity"].min() > f.filter(pl.col("conttype") == 0)["proximity"].median()
    )


def test_initiated_dispute_raises_intent_then_decays(model, isolated_initiation):
    j, i, s = isolated_initiation
    F = model.results().features(_dyad(j, i, (s - 2, s + 12)))
    intent = dict(zip(F["year"].to_list(), model.results().score(F)["intent"].to_list()))
    mem = dict(zip(F["year"].to_list(), F["int_mid_memory"].to_list()))
    # no look-ahead: the dispute of year s is unknown in s (lag 1), known from s + 1
    assert mem[s - 1] == 0 and mem[s] == 0 and mem[s + 1] > 0
    assert intent[s + 1] > intent[s]
    # and its weight decays afterwards
    assert mem[s + 1] > mem[s + 3] > mem[s + 8] > mem[s + 12] > 0
    assert (
        F.filter(pl.col("year") == s + 1)["int_mid_recent"][0] > F.filter(pl.col("year") == s + 4)["int_mid_recent"][0]
    )
    # the reverse direction only sees it as reciprocity
    R = model.results().features(_dyad(i, j, (s + 1, s + 1)))
    assert R["int_mid_memory"][0] == 0 and R["int_mid_reciprocal"][0] > 0
    # the peace-years kernels: 0 before the pair's first dispute, then falling with the years of peace
    pk = dict(zip(F["year"].to_list(), F["int_peace_30"].to_list()))
    assert pk[s - 1] == 0 and pk[s] == 0 and pk[s + 1] > pk[s + 3] > pk[s + 12] > 0


def test_power_and_offense_grow_with_capabilities(model, frame_2012):
    f = frame_2012.filter(pl.col("target") == 373)
    p = dict(zip(f["source"].to_list(), f["power"].to_list()))
    assert p[2] > p[630] > p[31]  # USA > Iran > Bahamas
    o = dict(zip(f["source"].to_list(), f["offense"].to_list()))
    assert o[2] > 0 and o[2] >= o[630]  # a major power's global reach


def test_iran_azerbaijan_2012_is_mostly_proximity_and_intent():
    t = tb.threats(target="AZE", year=2012, top=5)
    irn = t.filter(pl.col("source_abb") == "IRN")
    assert irn["rank"][0] == 1
    assert irn["share_proximity"][0] + irn["share_intent"][0] > 0.7
    # relative to the year's typical dyad too (power is mostly baseline for every state)
    assert irn["share_excess_proximity"][0] + irn["share_excess_intent"][0] > 0.75
    assert set(irn["main_source"]) <= {"proximity", "intent"}
    assert irn["threat_lo"][0] < irn["threat"][0] < irn["threat_hi"][0]


def test_excess_is_relative_to_the_years_median_dyad(model, frame_2012):
    ref = model.reference(2012)
    for t in TERMS:
        assert ref[f"ref_{t}"][0] == pytest.approx(frame_2012[t].median())
    k = pl.DataFrame({"ccode1": [630, 2, 31], "ccode2": [373, 20, 41], "year": [2012, 2012, 2012]})
    out = model.transform(k)
    for t in TERMS:
        np.testing.assert_allclose(out[f"excess_{t}"].to_numpy(), out[t].to_numpy() - ref[f"ref_{t}"][0])
    E = out.select([f"excess_{t}" for t in TERMS]).to_numpy()
    assert out["main_source"].to_list()[:2] == [TERMS[k] for k in E[:2].argmax(axis=1)]
    sh = out.select([f"share_excess_{t}" for t in TERMS]).to_numpy()
    np.testing.assert_allclose(np.nansum(sh[:2], axis=1), 1.0)
    assert (np.nan_to_num(sh) >= 0).all()
    # a distant small state's threat to another: the absolute power term is large, the excess is not
    far = tb.threats(source="USA", year=2012, top=None).filter(pl.col("target_abb") == "FIN")
    assert far["power"][0] > 1.0 and far["share_power"][0] > 0.2


def test_threats_same_state_message():
    with pytest.raises(tb.InputError, match=r"same state \(Iran\)"):
        tb.threats(target="IRN", source=630, year=2012)


def test_after_the_dispute_data_end_hold_vs_decay():
    hold, decay = tb.ThreatModel(), tb.ThreatModel(mid_after_end="decay")
    k = _dyad(630, 645, (2015, 2022))  # the dispute record (GML, then COW MID 5.0) ends in 2014
    fh, fd = hold.features(k), decay.features(k)
    assert fh["int_mid_memory"].n_unique() == 1  # held at its last observed level
    assert fd["int_mid_memory"].is_sorted(descending=True) and fd["int_mid_memory"][-1] < fh["int_mid_memory"][-1]
    # slowly changing inputs are carried forward to 2022
    f22 = hold.features(_dyad(630, 373, (2022, 2022)))
    assert f22["prox_land"][0] == 1 and f22["int_territorial"][0] is not None


def test_weights_parameter_changes_the_term(frame_2012):
    m = tb.ThreatModel(
        weights={
            "prox_land": 0.0,
            "prox_sea": 0.0,
            "prox_mindist": 0.0,
            "prox_capdist": 0.0,
            "prox_projected": 0.0,
            "prox_reach": 0.0,
        }
    )
    f = m.threat_frame(2012)
    assert f["proximity"].max() == 0
    assert f["power"].to_list() == frame_2012["power"].to_list()


def test_transform_panel_and_frame(model):
    p = tb.dyad_years(years=2012).add_contiguity()
    out = model.transform(p, detail=True)
    assert isinstance(out, tb.Panel) and out.height == p.height and "conttype" in out.columns
    assert {"threat", "threat_lo", "threat_hi", *TERMS, "share_intent", "n_imputed", "c_prox_land"} <= set(out.columns)
    df = model.transform(p.data.head(5))
    assert isinstance(df, pl.DataFrame) and df.height == 5
    proba = model.predict_proba(p.data.head(5))
    assert proba.shape == (5, 2) and np.allclose(proba.sum(axis=1), 1)
    e = model.explain("IRN", "AZE", 2012)
    assert e.height == len(FEATURE_NAMES) and e["contribution"].min() >= 0


def test_sklearn_protocol_and_fit():
    m = tb.ThreatModel(l2=2.0)
    assert m.get_params()["l2"] == 2.0 and not m.is_fitted
    assert m.set_params(l2=1.0) is m
    assert m.fit(years="1990-1993") is m
    assert m.is_fitted and m.train_years_ == (1990, 1993) and m.n_events_ > 0
    assert set(m.weights_) == set(FEATURE_NAMES) and min(m.weights_.values()) >= 0
    assert m.covariance_.shape == (len(FEATURE_NAMES) + 1,) * 2
    assert "fitted" in repr(m)
    # user-set weights stay fixed while the others are learned
    m2 = tb.ThreatModel(weights={"prox_land": 0.5}).fit(years="1990-1993")
    assert m2.weights_["prox_land"] == pytest.approx(0.5)


def test_set_params_after_fit_is_honoured():
    m = tb.ThreatModel().fit(years="1990-1993")
    k = pl.DataFrame({"ccode1": [630], "ccode2": [373], "year": [1993]})
    before = m.transform(k)
    assert before["threat_lo"][0] < before["threat"][0]
    m.set_params(weights={"prox_land": m.weights_["prox_land"] + 2.0}, intercept=m.intercept_ - 1.0)
    after = m.transform(k)
    assert after["proximity"][0] == pytest.approx(before["proximity"][0] + 2.0 * float(m.features(k)["prox_land"][0]))
    eta = lambda d: np.log(d["threat"][0]) - np.log1p(-d["threat"][0])  # noqa: E731
    assert eta(after) - eta(before) == pytest.approx(after["proximity"][0] - before["proximity"][0] - 1.0)
    assert after["threat_lo"][0] is None  # hand-set values carry no sampling uncertainty
    assert "hand-set intercept, weights" in repr(m)
    m.fit(years="1990-1993")  # refitting keeps the hand-set weight fixed and learns the rest again
    assert m.weights_["prox_land"] == pytest.approx(m.get_params()["weights"]["prox_land"])
    assert m.transform(k)["threat_lo"][0] is not None


def test_covariance_is_cluster_robust_and_recalibration_shifts_only_the_intercept():
    naive = tb.ThreatModel(cov_type="naive", recalibrate_years=None).fit(years="1985-1995")
    robust = tb.ThreatModel(recalibrate_years=None).fit(years="1985-1995")
    assert robust.weights_ == pytest.approx(naive.weights_) and robust.intercept_ == pytest.approx(naive.intercept_)
    # dyad-years of one year (and of one dyad) share shocks: the clustered variance is larger overall
    assert robust.covariance_[0, 0] > naive.covariance_[0, 0]
    assert np.trace(robust.covariance_) > np.trace(naive.covariance_)
    assert np.all(np.linalg.eigvalsh(robust.covariance_) > -1e-12)
    recal = tb.ThreatModel(recalibrate_years=3).fit(years="1985-1995")
    assert recal.weights_ == pytest.approx(naive.weights_)
    assert recal.intercept_fit_ == pytest.approx(naive.intercept_) and recal.intercept_ != recal.intercept_fit_
    # the recalibrated intercept matches the events of the last 3 training years
    k = tb.dyad_years(years=(1993, 1995)).data
    from threatbalance.threat._features import mid_outcome

    assert recal.predict_proba(k)[:, 1].sum() == pytest.approx(float(mid_outcome(k).sum()), rel=1e-6)


def test_scale_constants_are_parameters():
    k = pl.DataFrame({"ccode1": [630, 2, 200], "ccode2": [373, 20, 210], "year": [2012, 2012, 2012]})
    base = tb.ThreatModel().features(k)
    assert tb.ThreatModel(cinc_floor=1e-4).features(k)["power_cinc"].to_list() == pytest.approx(
        [max(0.0, v - 1.0) for v in base["power_cinc"].to_list()]
    )
    assert (tb.ThreatModel(far_km=40_000.0).features(k)["prox_capdist"] > base["prox_capdist"]).all()
    sea = tb.ThreatModel(sea_grades=(0.5, 0.5, 0.5, 0.5)).features(k)
    assert set(sea["prox_sea"].to_list()) <= {0.0, 0.5}
    assert tb.ThreatModel(buildup_years=1).features(k)["off_buildup"].to_list() != base["off_buildup"].to_list()
    for bad, needle in (
        ({"cinc_floor": 0}, "cinc_floor"),
        ({"far_km": -1}, "far_km"),
        ({"buildup_years": 0}, "buildup_years"),
        ({"sea_grades": (1, 2)}, "sea_grades"),
        ({"recalibrate_years": 0}, "recalibrate_years"),
        ({"cov_type": "hc3"}, "cov_type"),
        ({"intercept": "x"}, "intercept"),
    ):
        with pytest.raises(tb.InputError, match=needle):
            tb.ThreatModel(**bad).transform(k)


def test_default_model_is_cached_and_unfitted():
    from threatbalance.threat import DEFAULT_WEIGHTS, default_model

    m = default_model()
    assert m is default_model() and not m.is_fitted and m.coef() == DEFAULT_WEIGHTS


@pytest.mark.parametrize(
    "call,err,needle",
    [
        (lambda: tb.threats(target="XYZ", year=2012), tb.UnknownStateError, "unknown state 'XYZ'"),
        (
            lambda: tb.threats(target="AZE", year=1700),
            tb.YearRangeError,
            "outside the threat model's coverage 1816-2022",
        ),
        (lambda: tb.threats(target="AZE", year=2023), tb.YearRangeError, "1816-2022"),
        (lambda: tb.threats(target="AZE", year=1980), tb.EmptySelectionError, "member years: 1991-2022"),
        (lambda: tb.threats(year=2012), tb.InputError, "name a target"),
        (lambda: tb.threats(target="AZE", year=2012, top=0), tb.InputError, "top must be a positive integer"),
        (lambda: tb.ThreatModel().threat_frame("1700-1800"), tb.YearRangeError, "1700-1800"),
        (lambda: tb.ThreatModel().threat_matrix(2030), tb.YearRangeError, "2030"),
        (lambda: tb.ThreatModel().explain("IRN", "IRN", 2012), tb.InputError, "same state"),
        (
            lambda: tb.ThreatModel(weights={"bogus": 1}).threat_frame(2012),
            tb.InputError,
            "unknown feature(s) in weights: bogus",
        ),
        (lambda: tb.ThreatModel(weights={"prox_land": -1}).threat_frame(2012), tb.InputError, "non-negative"),
        (lambda: tb.ThreatModel(lag=2).threat_frame(2012), tb.InputError, "lag must be 0 or 1"),
        (lambda: tb.ThreatModel(mid_after_end="x").threat_frame(2012), tb.InputError, "'hold' or 'decay'"),
        (lambda: tb.ThreatModel().fit(years="2005-2015"), tb.YearRangeError, "1816-2014"),
        (lambda: tb.ThreatModel().set_params(bogus=1), tb.InputError, "unknown ThreatModel parameter 'bogus'"),
        (lambda: tb.ThreatModel().transform(tb.state_years(years=2000)), tb.UnitError, "dyad-year"),
        (lambda: tb.ThreatModel().transform(tb.dyad_years(years=2000, directed=False)), tb.UnitError, "directed"),
    ],
)
def test_bad_input_fails_clearly(call, err, needle):
    with pytest.raises(err, match=None) as exc:
        call()
    assert needle in str(exc.value)
