"""The exact landscape search on synthetic propensities (no data needed)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from threatbalance import EmptySelectionError, InputError
from threatbalance.alignment import landscape_energy, landscape_search


def brute(s, P):
    n = len(s)
    best = []
    for bits in itertools.product([0, 1], repeat=n - 1):
        x = np.array((0,) + bits)
        E = sum(s[i] * s[j] * P[i, j] * (x[i] != x[j]) for i in range(n) for j in range(i + 1, n))
        best.append((E, x))
    best.sort(key=lambda t: t[0])
    return best


def random_case(n, seed):
    rng = np.random.default_rng(seed)
    P = rng.normal(size=(n, n))
    P = (P + P.T) / 2
    np.fill_diagonal(P, 0)
    return rng.uniform(0.1, 2, size=n), P


@pytest.mark.parametrize("n,seed", [(3, 0), (6, 1), (9, 2)])
def test_matches_brute_force(n, seed):
    s, P = random_case(n, seed)
    r = landscape_search(s, P, top=2)
    ref = brute(s, P)
    assert r["energies"][0] == pytest.approx(ref[0][0])
    assert r["energies"][1] == pytest.approx(ref[1][0])
    assert (r["configs"][0] == ref[0][1]).all()
    assert r["n_configs"] == 2 ** (n - 1)
    assert landscape_energy(s, P, r["configs"][0])[0] == pytest.approx(ref[0][0])


def test_two_camps_split_and_are_local_minima():
    # 0-2 like each other, 3-5 like each other, the camps dislike each other
    P = -np.ones((6, 6))
    P[:3, :3] = P[3:, 3:] = 1
    np.fill_diagonal(P, 0)
    r = landscape_search(np.ones(6), P)
    assert r["configs"][0].tolist() == [0, 0, 0, 1, 1, 1]
    assert r["energies"][0] == -9.0
    assert r["local_minima"][0].tolist() == [0, 0, 0, 1, 1, 1]
    assert r["energies"][1] > r["energies"][0]


def test_chunks_cover_every_configuration():
    s, P = random_case(18, 5)  # 2^17 configurations: more than one chunk
    r = landscape_search(s, P, top=3)
    assert r["n_configs"] == 2**17
    assert r["energies"] == sorted(r["energies"])
    x = r["configs"][0].astype(bool)
    # no single move improves the best configuration
    for i in range(18):
        y = x.copy()
        y[i] = ~y[i]
        assert landscape_energy(s, P, y.astype(int))[0] >= r["energies"][0] - 1e-12


@pytest.mark.parametrize(
    "s,P,err,needle",
    [
        (np.ones(1), np.zeros((1, 1)), EmptySelectionError, "at least 2"),
        (np.ones(3), np.zeros((2, 2)), InputError, "3 x 3"),
        (np.ones(2), np.array([[0, 1.0], [2.0, 0]]), InputError, "symmetric"),
        (np.ones(2), np.array([[0, np.nan], [np.nan, 0]]), InputError, "finite"),
        (np.array([1.0, -1.0]), np.zeros((2, 2)), InputError, ">= 0"),
        (np.ones(25), np.zeros((25, 25)), InputError, "at most 24"),
    ],
)
def test_bad_input(s, P, err, needle):
    with pytest.raises(err, match=needle):
        landscape_search(s, P)


def test_threat_propensity_outside_all_none():
    from threatbalance.alignment import pair_scores, threat_propensity

    rng = np.random.default_rng(3)
    M = rng.uniform(0, 0.1, size=(6, 6))
    np.fill_diagonal(M, 0)
    codes = [10, 20, 30, 40, 50, 60]
    members = [20, 40, 60]
    pos = [1, 3, 5]
    ps = pair_scores(codes, M, mutual_weight=10)
    P_all = threat_propensity(codes, M, members, common="all", mutual_weight=10)
    ref = ps.score[np.ix_(pos, pos)].copy()
    np.fill_diagonal(ref, 0)
    assert np.allclose(P_all, ref)
    # outside: only states 10, 30, 50 add to the common threat
    P_out = threat_propensity(codes, M, members, common="outside", mutual_weight=10)
    c = sum(np.sqrt(M[j, 1] * M[j, 3]) for j in (0, 2, 4))
    assert P_out[0, 1] == pytest.approx(c - 10 * max(M[1, 3], M[3, 1]))
    P_none = threat_propensity(codes, M, members, common="none", mutual_weight=1)
    assert P_none[0, 1] == pytest.approx(-max(M[1, 3], M[3, 1])) and np.allclose(P_none, P_none.T)
    with pytest.raises(InputError, match="unknown common 'inside'"):
        threat_propensity(codes, M, members, common="inside")
    with pytest.raises(InputError, match=r"\[70\]"):
        threat_propensity(codes, M, [20, 70])
