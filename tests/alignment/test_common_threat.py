"""The common-threat aggregation on small synthetic threat matrices (no data needed)."""

from __future__ import annotations

import numpy as np
import pytest

from threatbalance import EmptySelectionError, InputError
from threatbalance.alignment import contributions, pair_scores

CODES = [10, 20, 30, 40, 50]


def base() -> np.ndarray:
    rng = np.random.default_rng(7)
    M = rng.uniform(0.0, 0.2, size=(5, 5))
    np.fill_diagonal(M, 0.0)
    return M


@pytest.mark.parametrize("combine", ["geometric", "min", "product"])
def test_shared_enemy_raises_the_pair_score(combine):
    M = base()
    before = pair_scores(CODES, M, combine=combine)
    M2 = M.copy()
    M2[4, 0] += 1.0  # state 50 now threatens both 10 and 20 much more
    M2[4, 1] += 1.0
    after = pair_scores(CODES, M2, combine=combine)
    assert after.score[0, 1] > before.score[0, 1]
    assert after.common[0, 1] > before.common[0, 1]
    assert int(after.codes[after.enemy[0, 1]]) == 50


def test_threat_to_only_one_of_the_pair_adds_nothing():
    M = np.zeros((4, 4))
    M[3, 0] = 5.0  # 40 threatens 10 only
    ps = pair_scores([10, 20, 30, 40], M)
    assert ps.common[0, 1] == 0.0
    assert ps.enemy[0, 1] == -1  # no common enemy
    assert np.isnan(ps.enemy_share[0, 1])


@pytest.mark.parametrize("mutual", ["max", "mean"])
def test_mutual_threat_lowers_the_pair_score(mutual):
    M = base()
    before = pair_scores(CODES, M, mutual=mutual)
    M2 = M.copy()
    M2[0, 1] += 1.0  # 10 now threatens 20
    after = pair_scores(CODES, M2, mutual=mutual)
    assert after.score[0, 1] < before.score[0, 1]
    assert after.score[1, 0] < before.score[1, 0]
    # common threat is about third states only: unchanged
    assert after.common[0, 1] == pytest.approx(before.common[0, 1])


def test_enemies_are_not_partners():
    # 10 and 20 share a big enemy 30 but threaten each other even more
    M = np.zeros((4, 4))
    M[2, 0] = M[2, 1] = 1.0
    M[0, 1] = 3.0
    M[3, 0] = M[3, 2] = 0.1
    ps = pair_scores([10, 20, 30, 40], M)
    assert ps.common[0, 1] == pytest.approx(1.0)
    assert ps.score[0, 1] < 0
    # a pair threatened by the same state and not by each other is ranked above them
    assert ps.score[0, 3] > ps.score[0, 1]


@pytest.mark.parametrize("combine", ["geometric", "min", "product"])
def test_symmetric_in_i_and_k(combine):
    rng = np.random.default_rng(1)
    M = rng.exponential(size=(12, 12))
    M[rng.random((12, 12)) < 0.1] = np.nan
    ps = pair_scores(np.arange(12) + 1, M, combine=combine)
    for mat in (ps.common, ps.mutual, ps.score, ps.enemy_share, ps.enemy_contribution):
        np.testing.assert_allclose(mat, mat.T, equal_nan=True)
    assert (ps.enemy == ps.enemy.T).all()
    assert (ps.n_missing == ps.n_missing.T).all()


def test_matches_matrix_product_for_geometric():
    rng = np.random.default_rng(3)
    n = 40
    M = rng.exponential(size=(n, n))
    np.fill_diagonal(M, 0)
    ps = pair_scores(np.arange(n) + 1, M)
    G = np.sqrt(M)
    off = ~np.eye(n, dtype=bool)
    np.testing.assert_allclose(ps.common[off], (G.T @ G)[off])
    # the common enemy is the argmax of the contributions
    i, k = 3, 17
    c = G[:, i] * G[:, k]
    c[[i, k]] = -1
    assert ps.enemy[i, k] == int(np.argmax(c))
    assert ps.enemy_share[i, k] == pytest.approx(c.max() / ps.common[i, k])


def test_shares_sum_to_one_and_name_the_enemy():
    M = np.zeros((4, 4))
    M[3, 0] = M[3, 1] = 4.0
    M[2, 0] = M[2, 1] = 1.0
    df = contributions([1, 2, 3, 4], M, 1, 2)
    assert df["enemy"].to_list() == [4, 3]
    assert sum(df["share"].to_list()) == pytest.approx(1.0)


def test_missing_threat_is_not_zero():
    M = np.zeros((4, 4))
    M[2, 0] = M[2, 1] = 1.0
    M[3, 0] = np.nan  # unknown threat of 40 to 10
    ps = pair_scores([10, 20, 30, 40], M)
    assert ps.n_missing[0, 1] == 1
    assert ps.common[0, 1] == pytest.approx(1.0)  # only the known third state counts
    M[2, :] = np.nan
    M[:, :] = np.nan
    ps = pair_scores([10, 20, 30, 40], M)
    assert np.isnan(ps.common[0, 1]) and np.isnan(ps.score[0, 1]) and ps.enemy[0, 1] == -1


def test_frame_lists_each_unordered_pair_once():
    ps = pair_scores(CODES[::-1], base())
    df = ps.frame(2000)
    assert df.height == 10
    assert (df["ccode1"] < df["ccode2"]).all()
    assert df["year"].unique().to_list() == [2000]


@pytest.mark.parametrize(
    "codes,M,needle",
    [
        ([1, 2], np.zeros((2, 3)), "square"),
        ([1, 2, 3], np.zeros((2, 2)), "3 codes"),
        ([1, 1], np.zeros((2, 2)), "repeat"),
        ([1, 2], np.array([[0, -1.0], [0, 0]]), "negative"),
        ([1, 2], np.array([[0, np.inf], [0, 0]]), "infinite"),
        ([1, 2], [["a", "b"], ["c", "d"]], "numeric"),
    ],
)
def test_bad_matrices(codes, M, needle):
    with pytest.raises(InputError, match=needle):
        pair_scores(codes, M)


def test_bad_options():
    with pytest.raises(InputError, match="unknown combine 'sum'; allowed: geometric, min, product"):
        pair_scores(CODES, base(), combine="sum")
    with pytest.raises(InputError, match="unknown mutual"):
        pair_scores(CODES, base(), mutual="min")
    with pytest.raises(InputError, match="mutual_weight"):
        pair_scores(CODES, base(), mutual_weight=-1)
    with pytest.raises(EmptySelectionError):
        pair_scores([1], np.zeros((1, 1)))
    with pytest.raises(InputError, match="not among"):
        contributions(CODES, base(), 10, 99)
    with pytest.raises(InputError, match="two different states"):
        contributions(CODES, base(), 10, 10)
