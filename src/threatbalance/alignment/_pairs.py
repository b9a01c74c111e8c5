"""Pair features of alignment models: the structural baseline, the theory blocks and the placebos.

Every feature of a pair in year ``t`` is computed from data of year ``t - 1`` (``prev``), for
all pairs of a year at once (matrices over the year's states; no loop over dyads).

* :func:`structural_features`: baseline **B** besides distance and contiguity: region, shared IGO
  memberships, the alliance network of ``t - 1`` (degree, common allies, earlier ties between the
  pair), alliance-portfolio similarity (Signorino & Ritter's S over ATOP portfolios) and whether a
  member is a new state;
* :func:`threat_block_features`: the theory blocks computed from a threat model's frame of
  ``t - 1`` (balance of threat, bandwagoning, balance of power, regime, UN affinity; see
  :func:`threatbalance.evaluation.alliance_onset.year_features`) plus the **placebo** blocks: the
  same common-threat quantities from a proximity-only and from a power-only threat matrix.

Formulas and sources: ``docs/alignment.md``, section 3.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import polars as pl

from . import _data

#: COW code ranges of the five COW regions (Americas, Europe, Africa, Middle East, Asia & Oceania)
REGIONS = {"americas": (2, 199), "europe": (200, 399), "africa": (400, 626), "mideast": (627, 699), "asia": (700, 999)}
#: a member is a "new state" when it joined the state system at most this many years before ``t``
NEW_STATE_YEARS = 2
IGO_LAST = 2014

STRUCTURAL = [
    "same_region",
    *[f"n_{r}" for r in REGIONS],
    "log_igos",
    "log_deg_min",
    "log_deg_max",
    "log_common_allies",
    "prior_tie",
    "log_tie_years",
    "s_score",
    "new_state",
    "log_age_min",
]
#: the common-threat quantities a placebo matrix provides (as in the ``threat`` block)
PLACEBO_QUANTITIES = ("common", "overlap", "enemy_share", "exposure")


def _region(c: np.ndarray) -> np.ndarray:
    out = np.full(len(c), -1)
    for k, (lo, hi) in enumerate(REGIONS.values()):
        out[(c >= lo) & (c <= hi)] = k
    return out


@lru_cache(maxsize=1)
def _entry_years() -> pl.DataFrame:
    """``ccode, year, entry``: the first year of the membership spell that contains ``year`` (a state that
    left and re-entered the system, e.g. the Baltic states in 1991, is new again)."""
    m = _data._membership().unique().sort("ccode", "year")
    gap = (pl.col("year").diff().over("ccode").fill_null(2) != 1).cum_sum().over("ccode")
    return (
        m.with_columns(gap.alias("_spell"))
        .with_columns(pl.col("year").min().over("ccode", "_spell").alias("entry"))
        .drop("_spell")
    )


@lru_cache(maxsize=1)
def _tie_history() -> pl.DataFrame:
    """Non-directed pairs' allied years (any ATOP obligation) with the running count of allied years."""
    a = _data.atop_undirected().select("ccode1", "ccode2", "year").sort("ccode1", "ccode2", "year")
    return a.with_columns(pl.int_range(1, pl.len() + 1).over("ccode1", "ccode2").alias("n_tie_years"))


@lru_cache(maxsize=1)
def _igo() -> pl.DataFrame:
    from ..sources import load_table

    return load_table("cow_igo_ndy").select(
        pl.col("ccode1").cast(pl.Int64), pl.col("ccode2").cast(pl.Int64), pl.col("year").cast(pl.Int64), "dyadigos"
    )


def _pairs_frame(c1: np.ndarray, c2: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame({"ccode1": np.minimum(c1, c2).astype(np.int64), "ccode2": np.maximum(c1, c2).astype(np.int64)})


def alliance_matrix(year: int, codes: np.ndarray) -> np.ndarray:
    """0/1 matrix of any ATOP obligation between the ``codes`` in ``year`` (diagonal 0)."""
    a = _data.atop_undirected().filter(pl.col("year") == int(year))
    n = len(codes)
    A = np.zeros((n, n))
    if a.is_empty() or n == 0:
        return A
    idx = {int(c): k for k, c in enumerate(codes)}
    i = np.array([idx.get(int(c), -1) for c in a["ccode1"].to_list()])
    k = np.array([idx.get(int(c), -1) for c in a["ccode2"].to_list()])
    ok = (i >= 0) & (k >= 0)
    A[i[ok], k[ok]] = 1.0
    A[k[ok], i[ok]] = 1.0
    return A


def structural_features(year: int, c1: np.ndarray, c2: np.ndarray) -> dict[str, np.ndarray]:
    """Baseline features of the pairs (``c1``, ``c2``) for an onset in ``year``, from data of ``year - 1``.

    Examples
    --------
    >>> import numpy as np
    >>> from threatbalance.alignment._pairs import structural_features
    >>> f = structural_features(2012, np.array([2, 373]), np.array([20, 666]))
    >>> [float(v) for v in f["prior_tie"]], [float(v) for v in f["same_region"]]
    ([1.0, 0.0], [1.0, 0.0])
    """
    from ..evaluation.alliance_onset import _gather, _vec

    prev = int(year) - 1
    c1 = np.asarray(c1, dtype=np.int64)
    c2 = np.asarray(c2, dtype=np.int64)
    out: dict[str, np.ndarray] = {}
    r1, r2 = _region(c1), _region(c2)
    out["same_region"] = (r1 == r2).astype(float)
    for k, r in enumerate(REGIONS):
        out[f"n_{r}"] = (r1 == k).astype(float) + (r2 == k).astype(float)
    # the alliance network of t-1 over the members of t-1
    codes = _data.system_codes(prev)
    A = alliance_matrix(min(prev, _data.ATOP_YEARS[1]), codes)  # ATOP ends in 2018: its network carried forward
    deg = A.sum(axis=1)
    d1, d2 = _vec(codes, deg, c1), _vec(codes, deg, c2)
    out["log_deg_min"] = np.log1p(np.fmin(d1, d2))
    out["log_deg_max"] = np.log1p(np.fmax(d1, d2))
    CA = A @ A
    out["log_common_allies"] = np.log1p(_gather(codes, CA, c1, c2))
    # S (Signorino & Ritter 1999) over binary portfolios with the self-tie: 1 - 2 d / n, d = L1 distance
    As = A + np.eye(len(codes))
    sd = As.sum(axis=1)
    D = sd[:, None] + sd[None, :] - 2 * (As @ As)
    out["s_score"] = _gather(codes, 1.0 - 2.0 * D / max(len(codes), 1), c1, c2)
    # earlier ties between the pair: allied in any year <= t-1, and for how many years
    h = _tie_history().filter(pl.col("year") <= prev).group_by("ccode1", "ccode2").agg(pl.col("n_tie_years").max())
    j = _pairs_frame(c1, c2).join(h, on=["ccode1", "ccode2"], how="left", maintain_order="left")
    n_t = j["n_tie_years"].fill_null(0).to_numpy().astype(float)
    out["prior_tie"] = (n_t > 0).astype(float)
    out["log_tie_years"] = np.log1p(n_t)
    # shared IGO memberships (COW IGO 3.0, 1816-2014; carried forward after 2014)
    iy = min(prev, IGO_LAST)
    ig = _igo().filter(pl.col("year") == iy).drop("year")
    g = _pairs_frame(c1, c2).join(ig, on=["ccode1", "ccode2"], how="left", maintain_order="left")
    out["log_igos"] = (
        np.log1p(g["dyadigos"].cast(pl.Float64).to_numpy()) if not ig.is_empty() else np.full(len(c1), np.nan)
    )
    # new states
    e = _entry_years().filter(pl.col("year") == prev)
    ent = dict(zip(e["ccode"].to_list(), e["entry"].to_list()))
    a1 = np.array([int(year) - ent.get(int(c), int(year)) for c in np.unique(np.r_[c1, c2])])
    age = dict(zip(np.unique(np.r_[c1, c2]).tolist(), a1.tolist()))
    amin = np.fmin(np.array([age[int(c)] for c in c1]), np.array([age[int(c)] for c in c2])).astype(float)
    out["new_state"] = (amin <= NEW_STATE_YEARS).astype(float)
    out["log_age_min"] = np.log1p(np.maximum(amin, 0.0))
    return out


def placebo_features(
    frame: pl.DataFrame, c1: np.ndarray, c2: np.ndarray, terms: tuple[str, ...] = ("proximity", "power")
) -> dict[str, np.ndarray]:
    """Common-threat quantities from a matrix built from one term of the threat model alone.

    ``frame`` is one year of :meth:`ThreatModel.threat_frame` (columns ``source, target`` and the four
    terms).  The placebo matrix of term ``k`` is ``exp(term_k)``: the threat index with every other
    term set to 0 (the intercept cancels, as features are divided by the year's median).  Names:
    ``x<k>_common``, ``x<k>_overlap``, ``x<k>_enemy_share``, ``x<k>_exposure`` with ``k`` = ``prox``
    or ``pow``.
    """
    from ..evaluation.alliance_onset import _gather, _log, _vec
    from ._common_threat import pair_scores
    from ._theories import DEFAULTS

    out: dict[str, np.ndarray] = {}
    for term in terms:
        f = frame.select("source", "target", pl.col(term).exp().alias("threat"))
        codes, M = _data.frame_to_matrix(f)
        ps = pair_scores(codes, M, **DEFAULTS)
        A = np.nan_to_num(M)
        off = A[~np.eye(len(codes), dtype=bool)]
        pos = off[off > 0]
        scale = float(np.median(pos)) if len(pos) else 1.0
        total = A.sum(axis=0)
        k = {"proximity": "prox", "power": "pow"}[term]
        out[f"x{k}_common"] = _log(_gather(codes, ps.common, c1, c2), scale)
        out[f"x{k}_overlap"] = _gather(codes, ps.overlap, c1, c2)  # type: ignore[arg-type]
        out[f"x{k}_enemy_share"] = _gather(codes, ps.enemy_share, c1, c2)
        out[f"x{k}_exposure"] = _log(np.fmin(_vec(codes, total, c1), _vec(codes, total, c2)), scale)
    return out


def treaty_clusters(df: pl.DataFrame, event: str = "event", kind: str = "atop_type") -> pl.DataFrame:
    """Group a year's onsets into treaties (a proxy: ATOP treaty ids are not shipped).

    Onsets of the same year with the same kinds of obligation (``kind``) that form a connected
    graph are taken as one treaty: a multilateral treaty gives a clique of onsets in its first
    year.  Adds ``treaty`` (a cluster id, null for non-events) and ``treaty_size`` (number of
    states in the cluster; 2 = bilateral).

    Examples
    --------
    >>> import polars as pl
    >>> d = pl.DataFrame({"year": [2000] * 4, "ccode1": [1, 1, 2, 7], "ccode2": [2, 3, 3, 8],
    ...                   "event": [1, 1, 1, 1], "atop_type": ["d"] * 4})
    >>> treaty_clusters(d)["treaty_size"].to_list()
    [3, 3, 3, 2]
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    d = df.with_row_index("_r")
    ev = d.filter(pl.col(event) == 1)
    tid = np.full(d.height, -1, dtype=np.int64)
    size = np.zeros(d.height, dtype=np.int64)
    nxt = 0
    for _, g in ev.group_by(["year", kind], maintain_order=True):
        nodes, inv = np.unique(np.r_[g["ccode1"].to_numpy(), g["ccode2"].to_numpy()], return_inverse=True)
        m = g.height
        G = coo_matrix((np.ones(m), (inv[:m], inv[m:])), shape=(len(nodes), len(nodes)))
        nc, lab = connected_components(G, directed=False)
        comp_size = np.bincount(lab, minlength=nc)
        r = g["_r"].to_numpy()
        tid[r] = nxt + lab[inv[:m]]
        size[r] = comp_size[lab[inv[:m]]]
        nxt += nc
    return df.with_columns(
        pl.Series("treaty", tid).replace(-1, None).cast(pl.Int64),
        pl.Series("treaty_size", size).replace(0, None).cast(pl.Int64),
    )
