"""Theories of alignment, each a pair score for every unordered pair of states in a year.

* ``"threat"``: balance of threat (Walt 1987): align with those who share your threats, not with
  those who threaten you.  Pair score ``S - lambda m`` from the threat model's matrix (see
  :func:`threatbalance.alignment.pair_scores`); the common enemy is the third state contributing most.
* ``"power"``: balance of power (Waltz 1979): align against the most capable state.  The same
  aggregation applied to a matrix where every state "threatens" every other with its bare
  capability (COW CINC), ignoring proximity, offensive capability and intent: the common enemy is
  the strongest third state and a strong partner is itself discounted as a potential threat.
* ``"bandwagon"``: bandwagoning (Schweller 1994; Walt 1987 ch. 2): align *with* the threatening
  side.  Pair score = mutual threat ``max(T(i->k), T(k->i))``: the more one threatens the other,
  the more the weaker should join it.
* ``"regime"``: regime similarity (e.g. Siverson & Emmons 1991; Lai & Reiter 2000): pair score
  ``1 - |polyarchy_i - polyarchy_k|`` (V-Dem electoral democracy, 0-1).
* ``"ab"``: the inputs of Axelrod & Bennett (1993) that shipped data cover, unit-weighted as
  theirs: ``+1`` when the two share a regime class (Polity2 >= 6 democracy, <= -6 autocracy,
  else anocracy; 0 when unknown), ``-1`` otherwise, minus 1 for an ongoing ideological and minus 1
  for an ongoing spatial (territorial) strategic rivalry (TSS) in the previous year.
* ``"un"``: foreign-policy affinity (Bailey, Strezhnev & Voeten 2017): pair score
  ``-|ideal_i - ideal_k|`` from UN General Assembly ideal points (1946 on).

Examples
--------
>>> from threatbalance.alignment import THEORIES
>>> sorted(THEORIES)
['ab', 'bandwagon', 'power', 'regime', 'threat', 'un']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypedDict

import numpy as np

from .._errors import EmptySelectionError, InputError
from .._validate import coverage
from . import _data
from ._common_threat import PairScores, pair_scores


#: default options of the common-threat aggregation (documented in docs/alignment.md)
#: ``mutual_weight`` = 10 is the smallest round value at which most ongoing strategic rivals (TSS)
#: score below zero and almost none appear in each other's top-10 partners (docs/alignment.md).
class ScoreOptions(TypedDict):
    combine: str
    mutual: str
    mutual_weight: float


DEFAULTS: ScoreOptions = {"combine": "geometric", "mutual": "max", "mutual_weight": 10.0}


@dataclass(frozen=True)
class Theory:
    """A theory of alignment: its name, a one-line claim, its reference and whether it names an enemy."""

    name: str
    claim: str
    reference: str
    names_enemy: bool


THEORIES: dict[str, Theory] = {
    "threat": Theory(
        "threat", "balance against the state that threatens both (power, proximity, offence, intent)", "Walt 1987", True
    ),
    "power": Theory("power", "balance against the most capable state (bare capability)", "Waltz 1979", True),
    "bandwagon": Theory("bandwagon", "align with the state that threatens you", "Schweller 1994", False),
    "regime": Theory("regime", "align with states of similar regime (V-Dem polyarchy)", "Lai & Reiter 2000", False),
    "un": Theory(
        "un", "align with states of similar foreign policy (UN ideal points)", "Bailey, Strezhnev & Voeten 2017", False
    ),
    "ab": Theory(
        "ab",
        "Axelrod & Bennett's inputs where shipped data allow: same regime class (+1) or not (-1), "
        "minus an ideological and minus a territorial (spatial) strategic rivalry",
        "Axelrod & Bennett 1993",
        False,
    ),
}


def check_theory(theory: str) -> Theory:
    if theory not in THEORIES:
        raise InputError(f"unknown theory {theory!r}; allowed: {', '.join(THEORIES)}")
    return THEORIES[theory]


def _empty_like(codes: np.ndarray) -> np.ndarray:
    n = len(codes)
    return np.full((n, n), np.nan)


def _plain(codes: np.ndarray, score: np.ndarray, params: dict, mutual: np.ndarray | None = None) -> PairScores:
    n = len(codes)
    score = np.array(score, dtype=float)
    np.fill_diagonal(score, np.nan)
    return PairScores(
        codes,
        _empty_like(codes),
        mutual if mutual is not None else _empty_like(codes),
        score,
        np.full((n, n), -1, dtype=np.int64),
        _empty_like(codes),
        _empty_like(codes),
        np.zeros((n, n), dtype=np.int64),
        params,
    )


def power_matrix(codes: np.ndarray, cinc: np.ndarray) -> np.ndarray:
    """``M[j, t] = cinc_j`` for every ``t != j``: capability as the only source of threat."""
    M = np.repeat(np.asarray(cinc, dtype=float)[:, None], len(codes), axis=1)
    np.fill_diagonal(M, 0.0)
    return M


def theory_scores(
    theory: str,
    year: int,
    *,
    model: Any = None,
    combine: str | None = None,
    mutual: str | None = None,
    mutual_weight: float | None = None,
) -> PairScores:
    """Pair scores of one theory for every pair of states in ``year``.

    Parameters
    ----------
    theory : {"threat", "power", "bandwagon", "regime", "un"}
    year : int
    model : ThreatModel, optional
        The threat model (default ``threatbalance.threat.default_model()``); used by "threat" and
        "bandwagon".
    combine, mutual, mutual_weight
        Options of the aggregation for "threat" and "power" (defaults in ``DEFAULTS``).

    Examples
    --------
    >>> from threatbalance.alignment import theory_scores
    >>> ps = theory_scores("power", 1936)
    >>> int(ps.codes[ps.enemy[ps.index(200), ps.index(220)]])   # UK-France: the most capable third state (USA)
    2
    """
    check_theory(theory)
    opts: ScoreOptions = {
        "combine": combine or DEFAULTS["combine"],
        "mutual": mutual or DEFAULTS["mutual"],
        "mutual_weight": DEFAULTS["mutual_weight"] if mutual_weight is None else mutual_weight,
    }
    args = (theory, int(year), opts["combine"], opts["mutual"], float(opts["mutual_weight"]))
    if model is None or theory in ("power", "regime", "un"):  # the default model, or no model at all: cache
        return _cached_scores(*args)
    return _scores(*args, model=model)  # a user's model may be refitted in place: never cached


@lru_cache(maxsize=16)
def _cached_scores(theory: str, year: int, combine: str, mutual: str, mutual_weight: float) -> PairScores:
    ps = _scores(theory, year, combine, mutual, mutual_weight, model=None)
    for v in vars(ps).values():
        if isinstance(v, np.ndarray):
            v.flags.writeable = False  # shared between callers
    return ps


def _span(source: str) -> str:
    lo, hi = coverage(source)
    return f"{lo}-{hi}"


def _scores(theory: str, year: int, combine: str, mutual: str, mutual_weight: float, model: Any) -> PairScores:
    opts: ScoreOptions = {"combine": combine, "mutual": mutual, "mutual_weight": mutual_weight}
    if theory in ("threat", "bandwagon"):
        codes, M = _data.threat_matrix(year, model)
        ps = pair_scores(codes, M, **opts)
        if theory == "threat":
            return ps
        return _plain(ps.codes, ps.mutual, {"theory": "bandwagon"}, mutual=ps.mutual)
    codes = _data.system_codes(year)
    if theory == "power":
        cinc = _data.capability(year, codes)
        ok = ~np.isnan(cinc)
        if not ok.any():
            raise EmptySelectionError(f"no capability (NMC) data in {year}; NMC covers {_span('nmc')}")
        codes, cinc = codes[ok], cinc[ok]
        return pair_scores(codes, power_matrix(codes, cinc), **opts)
    if theory == "regime":
        v = _data.polyarchy(year, codes)
        return _plain(codes, 1.0 - np.abs(v[:, None] - v[None, :]), {"theory": "regime"})
    if theory == "ab":
        return _plain(codes, ab_matrix(year, codes), {"theory": "ab"})
    v = _data.ideal_point(year, codes)
    if np.isnan(v).all():
        raise EmptySelectionError(f"no UN ideal points in {year}; they cover {_span('un_idealpoints')}")
    return _plain(codes, -np.abs(v[:, None] - v[None, :]), {"theory": "un"})


def regime_class(year: int, codes: np.ndarray) -> np.ndarray:
    """Polity2 class of each state in ``year``: 1 democracy (>= 6), -1 autocracy (<= -6), 0 anocracy, NaN unknown."""
    from ..sources import load_table

    v = _data._vector(load_table("cw_democracy"), "polity2", year, codes)
    return np.where(np.isnan(v), np.nan, np.where(v >= 6, 1.0, np.where(v <= -6, -1.0, 0.0)))


def rivalry_matrix(year: int, codes: np.ndarray, kind: str | None = None) -> np.ndarray:
    """0/1 matrix of strategic rivalries (TSS) ongoing in ``year``; ``kind``: a TSS type column, e.g. "ideological"."""
    from ..sources import load_table

    t = load_table("tss_rivalries")
    yy = min(int(year), int(t["end"].max()))  # type: ignore[arg-type]
    import polars as pl

    t = t.filter((pl.col("start") <= yy) & (pl.col("end") >= yy))
    if kind is not None:
        t = t.filter(pl.col(kind) == 1)
    idx = {int(c): k for k, c in enumerate(codes)}
    R = np.zeros((len(codes), len(codes)))
    for a, b in zip(t["ccode1"].to_list(), t["ccode2"].to_list()):  # a few dozen rivalries a year
        if int(a) in idx and int(b) in idx:
            R[idx[int(a)], idx[int(b)]] = R[idx[int(b)], idx[int(a)]] = 1.0
    return R


def ab_matrix(year: int, codes: np.ndarray) -> np.ndarray:
    """Pair score of theory "ab" (inputs of the previous year; see the module documentation)."""
    prev = int(year) - 1
    rc = regime_class(prev, codes)
    same = np.where(np.isnan(rc[:, None]) | np.isnan(rc[None, :]), 0.0, np.where(rc[:, None] == rc[None, :], 1.0, -1.0))
    return same - rivalry_matrix(prev, codes, "ideological") - rivalry_matrix(prev, codes, "spatial")
