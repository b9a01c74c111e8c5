"""Common threat: how much threat a pair of states shares from third states (pure numpy).

Walt (1987: 149): states that face the same threat align against it; to understand an alliance,
look for the common enemy.  Given a threat matrix ``M`` of one year (``M[s, t]`` = threat state
``s`` poses to state ``t``, non-negative), the functions here aggregate it over third states
``j`` for every unordered pair ``{i, k}`` at once:

* contribution of ``j``:  ``c_j(i, k) = f(M[j, i], M[j, k])`` with ``f`` the *combination*
  (``"geometric"``: ``sqrt(a b)``, the default; ``"min"``; ``"product"``).  Every choice is 0
  when ``j`` threatens only one of the two, so a shared enemy is one that threatens both;
* common threat:  ``S(i, k) = sum_{j != i, k} c_j(i, k)``;
* mutual threat:  ``m(i, k) = max(M[i, k], M[k, i])`` (``mutual="max"``, the default) or their
  mean (``"mean"``): the threat the two pose to each other;
* alignment score:  ``score(i, k) = S(i, k) - lambda * m(i, k)`` (``lambda`` = ``mutual_weight``,
  10 by default: ``S`` adds up the threats of every third state while ``m`` is one pair's).
  A pair whose mutual threat exceeds ``S / lambda`` scores below zero: enemies of each other
  are not predicted partners however many enemies they share;
* common enemy ``j* = argmax_j c_j(i, k)`` and each ``j``'s share ``c_j / S``.

All four are symmetric in ``i`` and ``k``.  Missing threat (NaN in ``M``) is never read as zero:
a third state with an unknown contribution is skipped (and counted in ``n_missing``), and a pair
with no known contribution, or with unknown mutual threat in both directions, gets NaN.

Examples
--------
>>> import numpy as np
>>> from threatbalance.alignment import pair_scores
>>> M = np.array([[0., 0., 4.], [0., 0., 0.], [9., 1., 0.]])   # state 2 threatens 0 and 1
>>> ps = pair_scores([10, 20, 30], M)
>>> float(ps.common[0, 1]), int(ps.codes[ps.enemy[0, 1]]), float(ps.score[0, 2])
(3.0, 30, -90.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import ArrayLike

from .._errors import EmptySelectionError, InputError

COMBINE = ("geometric", "min", "product")
MUTUAL = ("max", "mean")
_CHUNK = 24  # rows i of the (i, k, j) tensor handled at once; bounds memory at ~24 n^2 floats


def check_matrix(
    codes: ArrayLike, M: ArrayLike, *, nonnegative: bool = True, name: str = "threat matrix"
) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``(codes, M)`` and return them as arrays (codes int64, M float64, diagonal 0).

    Raises
    ------
    InputError
        If ``M`` is not square, its size differs from the number of codes, codes repeat, or it
        holds infinite or (when ``nonnegative``) negative values.
    """
    codes = np.asarray(codes)
    if codes.ndim != 1:
        raise InputError(f"codes must be a 1-d sequence of state codes, got shape {codes.shape}")
    try:
        codes = codes.astype(np.int64)
    except (TypeError, ValueError):
        raise InputError(f"codes must be integer state codes, got {codes[:5].tolist()!r}...") from None
    try:
        M = np.array(M, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"the {name} must be numeric") from None
    if M.ndim != 2 or M.shape[0] != M.shape[1]:
        raise InputError(f"the {name} must be square (n x n), got shape {M.shape}")
    if M.shape[0] != len(codes):
        raise InputError(f"the {name} is {M.shape[0]} x {M.shape[1]} but {len(codes)} codes were given")
    if len(codes) < 2:
        raise EmptySelectionError(f"the {name} needs at least 2 states, got {len(codes)}")
    if len(np.unique(codes)) != len(codes):
        dup = sorted({int(c) for c in codes if (codes == c).sum() > 1})
        raise InputError(f"state codes repeat in the {name}: {dup}")
    if np.isinf(M).any():
        raise InputError(f"the {name} holds infinite values; use NaN for unknown threat")
    if nonnegative and (np.nan_to_num(M, nan=0.0) < 0).any():
        raise InputError(f"the {name} holds negative values (min {np.nanmin(M):.4g}); threat must be >= 0")
    np.fill_diagonal(M, 0.0)
    return codes, M


def _check_options(combine: str, mutual: str, mutual_weight: float) -> None:
    if combine not in COMBINE:
        raise InputError(f"unknown combine {combine!r}; allowed: {', '.join(COMBINE)}")
    if mutual not in MUTUAL:
        raise InputError(f"unknown mutual {mutual!r}; allowed: {', '.join(MUTUAL)}")
    if not np.isfinite(mutual_weight) or mutual_weight < 0:
        raise InputError(f"mutual_weight must be a finite number >= 0, got {mutual_weight!r}")


def _combine(a: np.ndarray, b: np.ndarray, combine: str) -> np.ndarray:
    if combine == "geometric":
        return np.sqrt(a * b)
    if combine == "min":
        return np.minimum(a, b)
    return a * b


def _mutual(M: np.ndarray, mutual: str) -> np.ndarray:
    MT = M.T
    if mutual == "max":
        out = np.fmax(M, MT)  # NaN only when both directions are unknown
    else:
        out = np.where(np.isnan(M), MT, np.where(np.isnan(MT), M, (M + MT) / 2))
    return out


@dataclass(frozen=True)
class PairScores:
    """Pair-level alignment quantities of one year, as ``n x n`` symmetric matrices over ``codes``.

    Attributes
    ----------
    codes : ndarray of int, shape (n,)
    common : ndarray, shape (n, n)
        Common threat ``S(i, k)`` (NaN on the diagonal).
    mutual : ndarray, shape (n, n)
        Mutual threat ``m(i, k)``.
    score : ndarray, shape (n, n)
        Alignment score ``S - mutual_weight * m``.
    enemy : ndarray of int, shape (n, n)
        Index into ``codes`` of the common enemy ``j*``; -1 when no third state threatens both.
    enemy_contribution, enemy_share : ndarray, shape (n, n)
        ``c_{j*}`` and ``c_{j*} / S``.
    n_missing : ndarray of int, shape (n, n)
        Third states skipped because their threat to ``i`` or ``k`` is unknown.
    overlap : ndarray, shape (n, n)
        ``S / sqrt(T_i T_k)`` with ``T_i`` the total threat to ``i`` from third states: how far the
        two face the *same* threats (for ``"geometric"``, the Bhattacharyya coefficient of the two
        threat profiles, in [0, 1]).
    params : dict
        The options used (combine, mutual, mutual_weight).
    """

    codes: np.ndarray
    common: np.ndarray
    mutual: np.ndarray
    score: np.ndarray
    enemy: np.ndarray
    enemy_contribution: np.ndarray
    enemy_share: np.ndarray
    n_missing: np.ndarray
    params: dict
    overlap: np.ndarray | None = None

    def index(self, code: int) -> int:
        """Position of a state code in ``codes``."""
        hit = np.flatnonzero(self.codes == int(code))
        if not len(hit):
            raise InputError(f"state {code} is not among the {len(self.codes)} states of this matrix")
        return int(hit[0])

    def frame(self, year: int | None = None) -> pl.DataFrame:
        """Every unordered pair (``ccode1 < ccode2``) as a long polars DataFrame."""
        n = len(self.codes)
        order = np.argsort(self.codes)
        iu, ku = np.triu_indices(n, k=1)
        i, k = order[iu], order[ku]
        enemy_idx = self.enemy[i, k]
        enemy = np.where(enemy_idx >= 0, self.codes[np.clip(enemy_idx, 0, None)], -1)
        df = pl.DataFrame(
            {
                "ccode1": self.codes[i].astype(np.int32),
                "ccode2": self.codes[k].astype(np.int32),
                "common_threat": self.common[i, k],
                "mutual_threat": self.mutual[i, k],
                "score": self.score[i, k],
                "common_enemy": enemy.astype(np.int32),
                "enemy_share": self.enemy_share[i, k],
                "overlap": self.overlap[i, k] if self.overlap is not None else np.full(len(i), np.nan),
                "n_missing": self.n_missing[i, k].astype(np.int32),
            }
        ).with_columns(
            pl.col("common_threat", "mutual_threat", "score", "enemy_share", "overlap").fill_nan(None),
            pl.when(pl.col("common_enemy") >= 0).then(pl.col("common_enemy")).alias("common_enemy"),
        )
        if year is not None:
            df = df.select(pl.lit(int(year), dtype=pl.Int32).alias("year"), pl.all())
        return df


def pair_scores(
    codes: ArrayLike,
    M: ArrayLike,
    combine: str = "geometric",
    mutual: str = "max",
    mutual_weight: float = 10.0,
    nonnegative: bool = True,
) -> PairScores:
    """Common threat, mutual threat, alignment score and common enemy for every pair of one year.

    Parameters
    ----------
    codes : sequence of int, length n
        State codes labelling the rows/columns of ``M``.
    M : array_like, shape (n, n)
        ``M[s, t]`` = threat state ``s`` poses to state ``t`` (>= 0; NaN = unknown).
    combine : {"geometric", "min", "product"}
        How a third state's threats to ``i`` and ``k`` combine into its contribution.
    mutual : {"max", "mean"}
        How the two directions of the pair's own threat combine.
    mutual_weight : float
        ``lambda`` in ``score = S - lambda * m`` (default 10).
    nonnegative : bool
        Refuse negative entries (default); set False for signed matrices of rival theories.

    Returns
    -------
    PairScores

    Examples
    --------
    >>> import numpy as np
    >>> from threatbalance.alignment import pair_scores
    >>> M = np.zeros((4, 4)); M[3, 0] = M[3, 1] = 4.0; M[2, 1] = 1.0
    >>> ps = pair_scores([1, 2, 3, 4], M)
    >>> float(ps.common[0, 1]), int(ps.codes[ps.enemy[0, 1]]), round(float(ps.enemy_share[0, 1]), 2)
    (4.0, 4, 1.0)
    """
    _check_options(combine, mutual, mutual_weight)
    codes, M = check_matrix(codes, M, nonnegative=nonnegative)
    n = len(codes)
    A = M.T  # A[i, j] = threat j poses to i
    common = np.empty((n, n))
    best = np.empty((n, n))
    enemy = np.empty((n, n), dtype=np.int64)
    n_missing = np.empty((n, n), dtype=np.int64)
    eye = np.eye(n, dtype=bool)
    for lo in range(0, n, _CHUNK):
        hi = min(n, lo + _CHUNK)
        C = _combine(A[lo:hi, None, :], A[None, :, :], combine)  # (m, n, n): [i, k, j]
        # j must be a third state: drop j == i and j == k
        C[:, eye] = np.nan  # j == k
        C[np.arange(hi - lo), :, np.arange(lo, hi)] = np.nan  # j == i
        known = ~np.isnan(C)
        n_missing[lo:hi] = (n - 2) - known.sum(axis=2)  # n - 2 third states per pair
        common[lo:hi] = np.where(known.any(axis=2), np.nansum(C, axis=2), np.nan)
        Cf = np.where(known, C, -np.inf)
        enemy[lo:hi] = Cf.argmax(axis=2)
        best[lo:hi] = np.take_along_axis(Cf, enemy[lo:hi, :, None], axis=2)[..., 0]
    np.fill_diagonal(common, np.nan)
    none = ~(best > 0)
    enemy[none] = -1
    best = np.where(np.isneginf(best), np.nan, best)
    best[none & ~np.isnan(best)] = 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(common > 0, best / common, np.nan)
    m = _mutual(M, mutual)
    np.fill_diagonal(m, np.nan)
    score = common - mutual_weight * m
    np.fill_diagonal(n_missing, 0)
    # total threat to each state from third states: T_i(-k) = sum_j M[j, i] - M[k, i]
    T = np.nansum(M, axis=0)
    Ti = T[:, None] - np.nan_to_num(M.T)
    Tk = T[None, :] - np.nan_to_num(M)
    with np.errstate(invalid="ignore", divide="ignore"):
        overlap = np.where((Ti > 0) & (Tk > 0), common / np.sqrt(Ti * Tk), np.nan)
    np.fill_diagonal(overlap, np.nan)
    return PairScores(
        codes,
        common,
        m,
        score,
        enemy,
        best,
        share,
        n_missing,
        {"combine": combine, "mutual": mutual, "mutual_weight": float(mutual_weight)},
        overlap,
    )


def contributions(codes: ArrayLike, M: ArrayLike, i: int, k: int, combine: str = "geometric") -> pl.DataFrame:
    """Each third state's contribution to the common threat of the pair (``i``, ``k``), largest first.

    ``i`` and ``k`` are state codes present in ``codes``.  Returns columns ``enemy``,
    ``threat_to_1`` (``M[j, i]``), ``threat_to_2`` (``M[j, k]``), ``contribution`` and ``share``
    (of the pair's common threat); third states with unknown threat keep NaN contribution.

    Examples
    --------
    >>> import numpy as np
    >>> from threatbalance.alignment import contributions
    >>> M = np.zeros((4, 4)); M[3, 0] = M[3, 1] = 4.0; M[2, 0] = M[2, 1] = 1.0
    >>> contributions([1, 2, 3, 4], M, 1, 2)["share"].to_list()
    [0.8, 0.2]
    """
    _check_options(combine, "max", 1.0)
    codes, M = check_matrix(codes, M)
    pos = {int(c): p for p, c in enumerate(codes)}
    for c in (i, k):
        if int(c) not in pos:
            raise InputError(f"state {c} is not among the {len(codes)} states of this matrix")
    if int(i) == int(k):
        raise InputError(f"a pair needs two different states, got {i} twice")
    a, b = pos[int(i)], pos[int(k)]
    third = np.array([p for p in range(len(codes)) if p not in (a, b)], dtype=np.int64)
    contrib = _combine(M[third, a], M[third, b], combine)
    total = np.nansum(contrib)
    share = contrib / total if total > 0 else np.full_like(contrib, np.nan)
    df = pl.DataFrame(
        {
            "enemy": codes[third].astype(np.int32),
            "threat_to_1": M[third, a],
            "threat_to_2": M[third, b],
            "contribution": contrib,
            "share": share,
        }
    )
    return df.with_columns(pl.col("threat_to_1", "threat_to_2", "contribution", "share").fill_nan(None)).sort(
        "contribution", descending=True, nulls_last=True
    )
