"""partners / common_threat / common_enemies / landscape / theories on the shipped data and default threat model."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import threatbalance as tb
from threatbalance import EmptySelectionError, InputError, UnknownStateError, YearRangeError
from threatbalance.alignment import AXELROD_BENNETT_1936, THEORIES, theory_scores

PARTNER_COLS = [
    "rank",
    "ccode",
    "abb",
    "name",
    "score",
    "common_threat",
    "mutual_threat",
    "common_enemy",
    "enemy_abb",
    "enemy_share",
    "allied",
    "defense",
    "atop_type",
    "arms_tiv",
]


def test_partners_of_azerbaijan_2012():
    # the hand-set ranking of version 1 (method="score"); the fitted ranking: tests/alignment/test_alignment_model.py
    p = tb.partners("AZE", year=2012, top=10, method="score")
    assert p.columns == PARTNER_COLS
    assert p["rank"].to_list() == list(range(1, 11))
    assert p["score"].is_sorted(descending=True)
    assert 373 not in p["ccode"].to_list()
    # the kind of ATOP obligation is shown, not only "allied": Turkey pledged defence, the US only non-aggression
    every = tb.partners("AZE", year=2012, top=None, method="score")
    kinds = dict(zip(every["abb"].to_list(), every["atop_type"].to_list()))
    assert "defense" in kinds["TUR"] and kinds["USA"] == "non-aggression" and kinds["ISR"] == "none"
    full = tb.partners("AZE", year=2012, top=None, method="score")
    # its main threats are not predicted partners: Iran and Armenia end at the bottom
    bottom = full.tail(5)["abb"].to_list()
    assert "IRN" in bottom and "ARM" in bottom
    assert (full.filter(pl.col("abb").is_in(["IRN", "ARM"]))["score"] < 0).all()
    # Israel is among the predicted partners, with Iran as the common enemy
    isr = full.filter(pl.col("abb") == "ISR").row(0, named=True)
    assert isr["score"] > 0 and isr["enemy_abb"] == "IRN" and isr["rank"] <= 25
    # actual ties are read from ATOP and SIPRI: Turkey and Azerbaijan allied in 2012
    assert full.filter(pl.col("abb") == "TUR")["allied"][0] is True


def test_partners_ties_are_missing_outside_coverage():
    p = tb.partners("FRN", year=1900, top=3)
    assert p["arms_tiv"].null_count() == 3  # SIPRI starts in 1950
    assert p["allied"].null_count() == 0


def test_common_threat_israel_azerbaijan_names_iran():
    ct = tb.common_threat(2012, states="ISR,AZE")
    r = ct.row(0, named=True)
    assert (r["abb1"], r["abb2"], r["enemy_abb"]) == ("AZE", "ISR", "IRN")
    assert 0 < r["enemy_share"] < 1 and 0 < r["overlap"] <= 1
    en = tb.common_enemies("ISR", "AZE", 2012, top=None)
    assert en["enemy_abb"][0] == "IRN"
    assert en["share"].sum() == pytest.approx(1.0)


def test_common_threat_all_pairs_is_symmetric_and_complete():
    ct = tb.common_threat(2012)
    n = len(theory_scores("threat", 2012).codes)
    assert ct.height == n * (n - 1) // 2
    assert (ct["ccode1"] < ct["ccode2"]).all()
    assert ct["score"].null_count() == 0


@pytest.mark.parametrize("theory", list(THEORIES))
def test_every_theory_ranks_partners(theory):
    p = tb.partners("ISR", year=2005, top=5, theory=theory, method="score")
    assert p.height == 5 and p["score"].is_sorted(descending=True)
    has_enemy = p["common_enemy"].null_count() == 0
    assert has_enemy == THEORIES[theory].names_enemy


def test_power_theory_names_the_strongest_state():
    p = tb.partners("FRN", year=1936, top=3, theory="power")
    assert set(p["enemy_abb"].to_list()) == {"USA"}


def test_landscape_1936_axelrod_bennett():
    r = tb.landscape(1936)
    assert sorted(r.codes) == sorted(AXELROD_BENNETT_1936["states"])
    assert r.n_configs == 2**16
    assert r.energy <= r.next_energy
    assert r.correct is not None and 0 <= r.correct <= 17
    assert sorted(r.blocs[0] + r.blocs[1]) == sorted(r.codes)
    d = r.to_dict()
    assert d["best"]["correct"] == r.correct and d["truth"]["axis"][0] == "EST"
    # the exact search agrees with the energy of the reported blocs
    x = np.array([1 if c in r.blocs[1] else 0 for c in r.codes])
    assert tb.alignment.landscape_energy(r.sizes, r.propensity, x)[0] == pytest.approx(r.energy)


def test_landscape_propensity_variants():
    r = tb.landscape(1936)
    assert any("outside the set" in n for n in r.notes)
    assert any("refitted on 1816-1935" in n for n in r.notes) and r.threat_fit_years["weights"] == [1816, 1935]
    a = tb.landscape(1936, common="all", refit=False)  # the shipped weights, as theory_scores
    ps = tb.alignment.theory_scores("threat", 1936)
    pos = [ps.index(c) for c in a.codes]
    assert a.propensity[0, 1] == pytest.approx(ps.score[pos[0], pos[1]])
    n = tb.landscape(1936, common="none")
    assert (n.propensity[~np.eye(17, dtype=bool)] <= 0).all()


def test_landscape_other_states_and_truth():
    r = tb.landscape(1936, states="UKG,FRN,GMY,ITA", truth=(["UKG", "FRN"], ["GMY", "ITA"]))
    assert len(r.codes) == 4 and r.n_configs == 8 and r.correct in range(5)


@pytest.mark.parametrize(
    "call,err,needle",
    [
        (lambda: tb.partners("XYZ", 2012), UnknownStateError, "unknown state 'XYZ'"),
        (lambda: tb.partners("AZE", 1900), EmptySelectionError, "no threat scores in 1900"),
        (lambda: tb.partners("AZE", 2012, theory="liberal"), InputError, "unknown theory 'liberal'; allowed: threat"),
        (lambda: tb.partners("AZE", 2012, top=0), InputError, "top must be a positive integer"),
        (lambda: tb.partners("AZE", 1700), YearRangeError, "outside the data's coverage"),
        (lambda: tb.partners("AZE", "soon"), YearRangeError, "cannot read year 'soon'"),
        (lambda: tb.common_threat(2012, states="ISR,Atlantis"), UnknownStateError, "Atlantis"),
        (lambda: tb.common_enemies("ISR", "ISR", 2012), InputError, "two different states"),
        (lambda: tb.landscape(1936, states="UKG"), EmptySelectionError, "at least 2 states"),
        (lambda: tb.landscape(1936, states="UKG,AZE"), EmptySelectionError, "AZE"),
        (lambda: tb.landscape(1936, theory="un"), EmptySelectionError, "UN ideal points"),
        (lambda: tb.landscape(1936, states="UKG,FRN", truth=["UKG"]), InputError, "two lists"),
        (lambda: tb.landscape(1936, common="inside"), InputError, "unknown common 'inside'; allowed: outside"),
    ],
)
def test_bad_input(call, err, needle):
    with pytest.raises(err, match=needle):
        call()
