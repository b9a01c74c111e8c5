"""Landscape theory of aggregation (Axelrod & Bennett 1993): two blocs by minimum energy.

A configuration splits ``n`` states into two blocs.  Its energy is

    E = sum_{i<j} s_i s_j p_ij d_ij,

with ``s`` the states' sizes, ``p_ij`` their propensity to align (positive: they want to be on the
same side; negative: apart) and ``d_ij`` = 0 when ``i`` and ``j`` are in the same bloc, 1 when not.
The predicted alignment is the configuration of least energy.  The search is exact: every one
of the ``2^(n-1)`` configurations (state 0 fixed in bloc A; the rest enumerated as the bits of
an integer) is scored in vectorised chunks, using ``E(x) = x . (W 1) - x' W x`` with
``W_ij = s_i s_j p_ij`` and ``x`` the 0/1 bloc indicator.  A configuration is a *local minimum*
when no single state lowers the energy by changing sides (A&B's stable configurations).

Here ``p_ij`` is the pair's alignment score of a theory (by default balance of threat:
common threat minus mutual threat, see :func:`threatbalance.common_threat`) and ``s_i`` the
state's COW capability (CINC) in that year.

Examples
--------
>>> import numpy as np
>>> from threatbalance.alignment import landscape_search
>>> P = np.array([[0, 1, -1], [1, 0, -1], [-1, -1, 0]], dtype=float)
>>> r = landscape_search(np.ones(3), P)
>>> r["configs"][0].tolist(), r["energies"][0]
([0, 0, 1], -2.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import ArrayLike

from .._errors import EmptySelectionError, InputError
from ..states import resolve_states, state_name
from . import _data
from ._theories import check_theory, theory_scores

MAX_STATES = 24
_CHUNK = 1 << 16

#: The 17 European states of Axelrod & Bennett (1993), their WWII alignment (the truth they
#: scored against) and their own 1936 prediction, as COW codes.  Source: Axelrod & Bennett (1993),
#: BJPS 23(2): 211-233, as restated in T. Glynne-Jones' open re-implementation
#: ("landscape-aggregation", comment "NB original model gives ..."); see docs/alignment.md.
AXELROD_BENNETT_1936: dict[str, Any] = {
    "states": [200, 315, 390, 366, 375, 220, 255, 350, 310, 325, 367, 368, 290, 235, 360, 365, 345],
    "truth": {
        "allies": [200, 315, 390, 220, 350, 290, 235, 365, 345],  # GBR CZE DEN FRN GRC POL POR RUS YUG
        "axis": [366, 375, 255, 310, 325, 367, 368, 360],
    },  # EST FIN GMY HUN ITA LAT LIT ROM
    "ab_prediction": {
        "allies": [200, 315, 390, 220, 350, 365, 345],
        "axis": [366, 375, 255, 310, 325, 367, 368, 290, 235, 360],
    },
    "ab_correct": 15,
}


#: The Cold War blocs of 1955 (NATO after West Germany's accession, May 1955; the Warsaw Pact,
#: May 1955) as COW codes: a second landscape case with known blocs, scored as 1936.
COLD_WAR_1955 = {
    "states": [
        2,
        20,
        200,
        220,
        211,
        210,
        212,
        325,
        235,
        385,
        390,
        395,
        350,
        640,
        260,
        365,
        290,
        315,
        310,
        360,
        355,
        339,
        265,
    ],
    "truth": {
        "nato": [2, 20, 200, 220, 211, 210, 212, 325, 235, 385, 390, 395, 350, 640, 260],
        "warsaw": [365, 290, 315, 310, 360, 355, 339, 265],
    },
}
#: landscape cases with known blocs: ``landscape(case=...)`` uses the case's year, states and truth
CASES = {
    "ab1936": (
        1936,
        AXELROD_BENNETT_1936["states"],
        (AXELROD_BENNETT_1936["truth"]["allies"], AXELROD_BENNETT_1936["truth"]["axis"]),
    ),
    "coldwar1955": (1955, COLD_WAR_1955["states"], (COLD_WAR_1955["truth"]["nato"], COLD_WAR_1955["truth"]["warsaw"])),  # type: ignore[index]
}


def random_partition_null(n: int, correct: int | None = None) -> dict:
    """The score of a random two-bloc split: mean and P(score >= ``correct``).

    A uniformly random split of ``n`` scored states (each state on either side with probability
    1/2, i.e. every configuration equally likely) places ``S ~ Binomial(n, 1/2)`` on the side the
    truth puts it; the score ``max(S, n - S)`` (the labels of the blocs are arbitrary) has an exact
    distribution.  The p-value is the chance that a random split scores at least ``correct``.

    Examples
    --------
    >>> r = random_partition_null(17, 15)
    >>> round(r["mean"], 2), round(r["p_value"], 4)
    (10.17, 0.0023)
    """
    from math import comb

    pmf = np.array([comb(n, k) for k in range(n + 1)], dtype=float) / 2.0**n
    score = np.maximum(np.arange(n + 1), n - np.arange(n + 1))
    out = {"n": n, "mean": float((pmf * score).sum())}
    if correct is not None:
        out["p_value"] = float(pmf[score >= correct].sum())
    return out


def _check(sizes: ArrayLike, P: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    s = np.asarray(sizes, dtype=float)
    P = np.asarray(P, dtype=float)
    n = len(s)
    if s.ndim != 1:
        raise InputError(f"sizes must be a 1-d array, got shape {s.shape}")
    if n < 2:
        raise EmptySelectionError(f"a landscape needs at least 2 states, got {n}")
    if n > MAX_STATES:
        raise InputError(
            f"the exact search handles at most {MAX_STATES} states (2^{MAX_STATES - 1} configurations), got {n}"
        )
    if P.shape != (n, n):
        raise InputError(f"propensities must be {n} x {n} to match {n} sizes, got shape {P.shape}")
    if not np.isfinite(s).all() or (s < 0).any():
        raise InputError("sizes must be finite and >= 0 (a state without capability data has no size)")
    off = ~np.eye(n, dtype=bool)
    if not np.isfinite(P[off]).all():
        raise InputError("propensities must be finite for every pair (a pair without data cannot be placed)")
    if not np.allclose(P, P.T, equal_nan=True):
        raise InputError("propensities must be symmetric (p_ij = p_ji)")
    return s, P


def landscape_energy(sizes: ArrayLike, P: ArrayLike, configs: ArrayLike) -> np.ndarray:
    """Energy of one configuration (0/1 vector) or of each row of a 2-d array of configurations."""
    s, P = _check(sizes, P)
    W = np.outer(s, s) * P
    np.fill_diagonal(W, 0.0)
    X = np.atleast_2d(np.asarray(configs, dtype=float))
    if X.shape[1] != len(s):
        raise InputError(f"configurations must have {len(s)} entries, got {X.shape[1]}")
    E = X @ W.sum(axis=1) - np.einsum("ij,ij->i", X @ W, X)
    return E if np.ndim(configs) == 2 else E[:1]


def landscape_search(sizes: ArrayLike, P: ArrayLike, top: int = 2, max_local: int = 10) -> dict:
    """Exact minimum-energy search over every two-bloc configuration.

    Parameters
    ----------
    sizes : array_like, shape (n,)
        Sizes ``s_i`` (>= 0).
    P : array_like, shape (n, n)
        Symmetric propensities ``p_ij`` (diagonal ignored).
    top : int
        How many of the lowest-energy configurations to return (best first).
    max_local : int
        How many local minima to return (lowest energy first).

    Returns
    -------
    dict
        ``configs`` (top x n array of 0/1, state 0 always 0), ``energies`` (list),
        ``local_minima`` / ``local_energies`` (same for the local minima), ``n_configs``.
    """
    s, P = _check(sizes, P)
    if isinstance(top, bool) or int(top) < 1:
        raise InputError(f"top must be a positive integer, got {top!r}")
    n = len(s)
    W = np.outer(s, s) * P
    np.fill_diagonal(W, 0.0)
    r = W.sum(axis=1)
    total = 1 << (n - 1)
    bits = 1 << np.arange(n - 1, dtype=np.int64)
    tol = 1e-12 * max(1.0, float(np.abs(W).sum()))
    best_E = np.empty(0)
    best_i = np.empty(0, dtype=np.int64)
    loc_E = np.empty(0)
    loc_i = np.empty(0, dtype=np.int64)
    for lo in range(0, total, _CHUNK):
        idx = np.arange(lo, min(total, lo + _CHUNK), dtype=np.int64)
        X = np.zeros((len(idx), n))
        X[:, 1:] = (idx[:, None] & bits[None, :]) > 0
        XW = X @ W
        E = X @ r - np.einsum("ij,ij->i", XW, X)
        # energy change of moving state i to the other bloc: r_i - 2 * sum_j W_ij d_ij
        cross = np.where(X > 0, r[None, :] - XW, XW)
        dE = r[None, :] - 2 * cross
        is_loc = (dE >= -tol).all(axis=1)
        k = min(int(top), len(E))
        part = np.argpartition(E, k - 1)[:k]
        best_E = np.concatenate([best_E, E[part]])
        best_i = np.concatenate([best_i, idx[part]])
        keep = np.lexsort((best_i, best_E))[: int(top)]
        best_E, best_i = best_E[keep], best_i[keep]
        if is_loc.any():
            loc_E = np.concatenate([loc_E, E[is_loc]])
            loc_i = np.concatenate([loc_i, idx[is_loc]])
            keep = np.lexsort((loc_i, loc_E))[:max_local]
            loc_E, loc_i = loc_E[keep], loc_i[keep]

    def decode(ii: np.ndarray) -> np.ndarray:
        X = np.zeros((len(ii), n), dtype=np.int8)
        X[:, 1:] = (ii[:, None] & bits[None, :]) > 0
        return X

    return {
        "configs": decode(best_i),
        "energies": [float(e) for e in best_E],
        "local_minima": decode(loc_i),
        "local_energies": [float(e) for e in loc_E],
        "n_configs": total,
    }


def _blocs(codes: np.ndarray, x: np.ndarray) -> tuple[list[int], list[int]]:
    return [int(c) for c in codes[x == 0]], [int(c) for c in codes[x == 1]]


def _correct(codes: np.ndarray, x: np.ndarray, truth: tuple[list[int], list[int]]) -> int:
    t = np.array([0 if c in truth[0] else 1 if c in truth[1] else -1 for c in codes])
    scored = t >= 0
    same = int(((x == t) & scored).sum())
    return max(same, int(scored.sum()) - same)


@dataclass(frozen=True)
class LandscapeResult:
    """The outcome of a landscape search (see :func:`landscape`)."""

    year: int
    theory: str
    codes: list[int]
    sizes: list[float]
    propensity: np.ndarray
    blocs: tuple[list[int], list[int]]
    energy: float
    next_blocs: tuple[list[int], list[int]]
    next_energy: float
    local_minima: list[dict]
    n_configs: int
    truth: tuple[list[int], list[int]] | None = None
    correct: int | None = None
    next_correct: int | None = None
    notes: list[str] = field(default_factory=list)
    null_mean: float | None = None
    p_value: float | None = None
    threat_fit_years: dict | None = None

    def frame(self) -> pl.DataFrame:
        """One row per state: code, abbreviation, size, predicted bloc (A/B) and, when known, truth."""
        bloc = dict.fromkeys(self.blocs[0], "A") | dict.fromkeys(self.blocs[1], "B")
        rows = {
            "ccode": self.codes,
            "abb": [state_name(c, "abb") for c in self.codes],
            "name": [state_name(c) for c in self.codes],
            "size": self.sizes,
            "bloc": [bloc[c] for c in self.codes],
        }
        df = pl.DataFrame(rows)
        if self.truth is not None:
            tb = dict.fromkeys(self.truth[0], "allies") | dict.fromkeys(self.truth[1], "axis")
            df = df.with_columns(pl.Series("truth", [tb.get(c) for c in self.codes], dtype=pl.Utf8))
        return df

    def to_dict(self) -> dict:
        ab = lambda cs: [state_name(c, "abb") for c in cs]  # noqa: E731
        out = {
            "year": self.year,
            "theory": self.theory,
            "n_states": len(self.codes),
            "n_configs": self.n_configs,
            "best": {"blocs": [ab(self.blocs[0]), ab(self.blocs[1])], "energy": self.energy, "correct": self.correct},
            "next_best": {
                "blocs": [ab(self.next_blocs[0]), ab(self.next_blocs[1])],
                "energy": self.next_energy,
                "correct": self.next_correct,
            },
            "local_minima": [
                {"blocs": [ab(m["blocs"][0]), ab(m["blocs"][1])], "energy": m["energy"], "correct": m.get("correct")}
                for m in self.local_minima
            ],
            "sizes": dict(zip(ab(self.codes), self.sizes)),
            "threat_fit_years": self.threat_fit_years,
            "notes": self.notes,
        }
        if self.truth is not None:
            out["truth"] = {"allies": ab(self.truth[0]), "axis": ab(self.truth[1])}
            out["score"] = {
                "correct": self.correct,
                "of": len(set(self.truth[0]) | set(self.truth[1])),
                "null_mean": self.null_mean,
                "p_value": self.p_value,
                "null": "uniformly random two-bloc split (exact binomial)",
            }
        return out


#: where the common threat of a landscape propensity comes from (theories "threat" and "power")
COMMON = ("outside", "all", "none")


def threat_propensity(
    codes: ArrayLike,
    M: ArrayLike,
    members: Iterable[int],
    *,
    common: str = "outside",
    mutual_weight: float = 10.0,
    mutual: str = "max",
) -> np.ndarray:
    """Landscape propensities ``p_ik = C_ik - lambda m_ik`` of a set of states from a threat matrix.

    Parameters
    ----------
    codes : sequence of int, length N
        Codes of the rows/columns of ``M`` (every state of the year).
    M : array_like, shape (N, N)
        ``M[j, t]`` = threat ``j`` poses to ``t`` (>= 0, NaN unknown).
    members : sequence of int
        Codes of the states to place (a subset of ``codes``).
    common : {"outside", "all", "none"}
        Which third states ``j`` add to the common threat ``C_ik = sum_j sqrt(T(j->i) T(j->k))``:
        only states **outside** the landscape (the default: a common enemy inside it already pulls
        ``i`` and ``k`` together through the energy, since both are repelled by it), every third
        state (``"all"``, the pair score of :func:`pair_scores`) or none (``"none"``: the
        propensity is minus the mutual threat only).
    mutual_weight : float
        ``lambda``, the weight of the mutual threat ``m_ik`` (10, as the pair score).
    mutual : {"max", "mean"}
        How the two directions of the pair's own threat combine.

    Returns
    -------
    ndarray, shape (n, n)
        Symmetric propensities over ``members`` (diagonal 0); unknown threats count as absent
        contributions to ``C`` (as in :func:`pair_scores`) and a pair whose mutual threat is
        unknown in both directions is NaN.

    Examples
    --------
    >>> import numpy as np
    >>> M = np.zeros((4, 4)); M[3, 0] = M[3, 1] = 0.04; M[0, 1] = 0.001   # state 4 threatens 1 and 2
    >>> threat_propensity([1, 2, 3, 4], M, [1, 2, 3]).round(3).tolist()[0]
    [0.0, 0.03, 0.0]
    """
    from ._common_threat import _check_options, _mutual, check_matrix

    if common not in COMMON:
        raise InputError(f"unknown common {common!r}; allowed: {', '.join(COMMON)}")
    _check_options("geometric", mutual, mutual_weight)
    codes, M = check_matrix(codes, M)
    members = np.asarray(members, dtype=np.int64)
    pos = np.searchsorted(np.sort(codes), members)
    order = np.argsort(codes)
    pos = order[np.clip(pos, 0, len(codes) - 1)]
    if not (codes[pos] == members).all():
        missing = [int(c) for c in members if int(c) not in set(codes.tolist())]
        raise InputError(f"states {missing} are not in the threat matrix")
    A = M.T  # A[i, j] = threat j poses to i
    if common == "none":
        C = np.zeros((len(pos), len(pos)))
    else:
        third = np.ones(len(codes), dtype=bool)
        if common == "outside":
            third[pos] = False
        G = np.sqrt(np.nan_to_num(A[np.ix_(pos, third)], nan=0.0))  # unknown threat adds nothing
        C = G @ G.T  # j == i or j == k adds 0 (the diagonal of M is 0)
    m = _mutual(M, mutual)[np.ix_(pos, pos)]
    P = C - float(mutual_weight) * m
    np.fill_diagonal(P, 0.0)
    return P


#: theories whose pair score has no neutral point (a similarity, or a threat read as attraction):
#: their propensities are centred on the size-weighted mean unless ``center=False``
_CENTRED = ("bandwagon", "regime", "un")


def landscape(
    year: int | None = None,
    states: Any = None,
    *,
    theory: str = "threat",
    model: Any = None,
    truth: Any = None,
    mutual_weight: float | None = None,
    center: bool | None = None,
    common: str = "outside",
    case: str | None = None,
    refit: bool | None = None,
) -> LandscapeResult:
    """Split states into the two blocs of least landscape energy, propensities from a theory's pair scores.

    Parameters
    ----------
    year : int, optional
        Year of the data (default: the case's year, else 1936 as Axelrod & Bennett); a year that
        disagrees with ``case`` is an error.
    states : list of state identifiers or comma-separated str, optional
        2 to 24 states; default: the 17 European states of Axelrod & Bennett (1993).
    theory : {"threat", "power", "bandwagon", "regime", "un"}
        Source of the propensities ``p_ij`` (the theory's pair score; default balance of threat).
    model : ThreatModel, optional
    truth : (list, list), optional
        Two lists of states (the actual blocs) to score the prediction; default: A&B's WWII
        alignment when ``states`` are their 17.
    mutual_weight : float, optional
        ``lambda`` of the threat score (default 10).
    common : {"outside", "all", "none"}
        For "threat" and "power": which third states make up the common threat of the propensity
        ``p_ik = C_ik - lambda m_ik`` (see :func:`threat_propensity`): those **outside** the set
        placed (default; a common enemy inside the set acts through the energy itself), all
        third states (``"all"``: the pair score of :func:`threatbalance.common_threat`), or none
        (``"none"``: ``p = -m``, enemies apart and nothing else).
    case : {"ab1936", "coldwar1955"}, optional
        A landscape case with known blocs: sets ``states`` and ``truth`` (and ``year`` when
        ``year`` is left at 1936): Axelrod & Bennett's 17 states of 1936, or the 23 NATO and
        Warsaw Pact members of 1955.  Every result with a truth is scored against the
        random-partition null (``null_mean``, ``p_value``; :func:`random_partition_null`).
    refit : bool, optional
        Refit the threat model on the dispute years before ``year`` (1816 .. year - 1) so that no
        later dispute (the war being predicted) shapes the threats; default: yes when the result
        is scored against a truth and no ``model`` is given.  ``threat_fit_years`` in the notes.
    center : bool, optional
        Subtract the size-weighted mean propensity, ``sum s_i s_j p_ij / sum s_i s_j``, so that
        the pairs that like each other least repel.  Default: no for "threat" and "power", whose
        score is 0 where shared and mutual threat balance; yes for "bandwagon", "regime" and "un",
        whose scores are all of one sign (uncentred, everyone would end in one bloc, or apart).

    Returns
    -------
    LandscapeResult
        ``blocs`` / ``energy`` of the best configuration, ``next_blocs`` / ``next_energy`` of the
        second best, ``local_minima``, and ``correct`` (states placed as in ``truth``).

    Examples
    --------
    >>> import threatbalance as tb
    >>> r = tb.landscape(1936)
    >>> len(r.codes), r.energy <= r.next_energy
    (17, True)
    """
    from .._validate import year as _year

    if case is not None:
        if case not in CASES:
            raise InputError(f"unknown landscape case {case!r}; allowed: {', '.join(CASES)}")
        if states is not None or truth is not None:
            raise InputError("give either case or states/truth, not both")
        cy, states, truth = CASES[case]
        if year is not None and int(year) != cy:
            raise InputError(f"the landscape case {case!r} is the year {cy}, not {year}; omit the year or give {cy}")
        year = cy
    elif year is None:
        year = 1936
    y = _year(year)
    check_theory(theory)
    codes = np.array(resolve_states(states) if states is not None else AXELROD_BENNETT_1936["states"], dtype=np.int64)
    if len(codes) < 2:
        raise EmptySelectionError(f"a landscape needs at least 2 states, got {len(codes)}")
    if len(codes) > MAX_STATES:
        raise InputError(f"the exact search handles at most {MAX_STATES} states, got {len(codes)}")
    notes: list[str] = []
    scored = truth is not None or states is None
    if refit is None:
        refit = scored and model is None and theory in ("threat", "bandwagon")
    fit_years = None
    if refit:
        from ..evaluation._leakfree import fit_years as _fy
        from ..evaluation._leakfree import fitted_threat_model

        model = fitted_threat_model(y, model)
        fit_years = _fy(model)
        notes.append(
            f"threat model refitted on {fit_years['weights'][0]}-{fit_years['weights'][1]} (intercept "
            f"{fit_years['intercept'][0]}-{fit_years['intercept'][1]}): no dispute of {y} or later shapes the threats"
        )
    if common not in COMMON:
        raise InputError(f"unknown common {common!r}; allowed: {', '.join(COMMON)}")
    if theory in ("threat", "power") and common != "all":
        from ._theories import DEFAULTS, power_matrix

        if theory == "threat":
            all_codes, M = _data.threat_matrix(y, model)
        else:
            all_codes = _data.system_codes(y)
            cinc = _data.capability(y, all_codes)
            all_codes, cinc = all_codes[~np.isnan(cinc)], cinc[~np.isnan(cinc)]
            M = power_matrix(all_codes, cinc)
        have = set(all_codes.tolist())
    else:
        ps = theory_scores(theory, y, model=model, mutual_weight=mutual_weight)
        have = set(ps.codes.tolist())
    absent = [int(c) for c in codes if int(c) not in have]
    if absent:
        raise EmptySelectionError(
            f"states {[state_name(c, 'abb') for c in absent]} have no {theory} scores in {y} "
            f"(not members of the state system that year, or no data)"
        )
    if theory in ("threat", "power") and common != "all":
        lam = DEFAULTS["mutual_weight"] if mutual_weight is None else float(mutual_weight)
        P = threat_propensity(all_codes, M, codes, common=common, mutual_weight=lam, mutual=DEFAULTS["mutual"])
        notes.append(
            f"propensity: common threat from {'states outside the set' if common == 'outside' else 'no state'}"
            f" minus {lam:g} x mutual threat"
        )
    else:
        pos = np.array([ps.index(c) for c in codes])
        P = ps.score[np.ix_(pos, pos)].copy()
        np.fill_diagonal(P, 0.0)
    s = _data.capability(y, codes)
    if np.isnan(s).any():
        raise EmptySelectionError(
            f"no capability (CINC) for {[state_name(c, 'abb') for c in codes[np.isnan(s)]]} in {y}"
        )
    if not np.isfinite(P).all():
        bad = [
            (state_name(int(codes[a]), "abb"), state_name(int(codes[b]), "abb"))
            for a, b in zip(*np.nonzero(~np.isfinite(P)))
            if a < b
        ]
        raise EmptySelectionError(f"no {theory} score for pairs {bad[:5]} in {y}")
    if center is None:
        center = theory in _CENTRED
    if center:
        w = np.outer(s, s)
        np.fill_diagonal(w, 0.0)
        P = P - (w * P).sum() / w.sum()
        np.fill_diagonal(P, 0.0)
        notes.append("propensities centred on their size-weighted mean")
    res = landscape_search(s, P, top=2)
    if truth is None and states is None:
        truth = (AXELROD_BENNETT_1936["truth"]["allies"], AXELROD_BENNETT_1936["truth"]["axis"])
        notes.append("truth: WWII alignment as coded by Axelrod & Bennett (1993); their own model placed 15 of 17")
    elif truth is not None:
        if len(truth) != 2:
            raise InputError("truth must be two lists of states (the two actual blocs)")
        truth = (resolve_states(truth[0]), resolve_states(truth[1]))
    cfg = res["configs"]
    correct = _correct(codes, cfg[0], truth) if truth is not None else None
    null = random_partition_null(int(sum(c in set(truth[0]) | set(truth[1]) for c in codes)), correct) if truth else {}
    nxt = cfg[1] if len(cfg) > 1 else cfg[0]
    local = [
        {"blocs": _blocs(codes, x), "energy": e, "correct": _correct(codes, x, truth) if truth else None}
        for x, e in zip(res["local_minima"], res["local_energies"])
    ]
    return LandscapeResult(
        year=y,
        theory=theory,
        codes=[int(c) for c in codes],
        sizes=[float(v) for v in s],
        propensity=P,
        blocs=_blocs(codes, cfg[0]),
        energy=res["energies"][0],
        next_blocs=_blocs(codes, nxt),
        next_energy=res["energies"][1] if len(res["energies"]) > 1 else float("nan"),
        local_minima=local,
        n_configs=res["n_configs"],
        truth=truth,
        correct=correct,
        next_correct=_correct(codes, nxt, truth) if truth is not None else None,
        notes=notes,
        null_mean=null.get("mean"),
        p_value=null.get("p_value"),
        threat_fit_years=fit_years,
    )
