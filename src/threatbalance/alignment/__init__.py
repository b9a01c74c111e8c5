"""Alignment: common threat, partner ranking, the common enemy, rival theories, landscape search.

Walt (1987): states that face the same threat align against it.  This package aggregates the
threat model's matrix over third states into a score for every pair of states
(:func:`common_threat`), ranks a state's predicted partners (:func:`partners`) and names their
common enemy (:func:`common_enemies`), offers rival theories on the same interface
(:data:`THEORIES`), and splits a set of states into two blocs by landscape energy
(:func:`landscape`, Axelrod & Bennett 1993).  Formulas: ``docs/alignment.md``.
"""

from ._common_threat import COMBINE, MUTUAL, PairScores, check_matrix, contributions, pair_scores
from ._landscape import (
    AXELROD_BENNETT_1936,
    LandscapeResult,
    landscape,
    landscape_energy,
    landscape_search,
    threat_propensity,
)
from ._partners import common_enemies, common_threat, partners
from ._theories import DEFAULTS, THEORIES, Theory, power_matrix, theory_scores

__all__ = [
    "AXELROD_BENNETT_1936",
    "COMBINE",
    "DEFAULTS",
    "MUTUAL",
    "THEORIES",
    "LandscapeResult",
    "PairScores",
    "Theory",
    "check_matrix",
    "common_enemies",
    "common_threat",
    "contributions",
    "landscape",
    "landscape_energy",
    "landscape_search",
    "pair_scores",
    "partners",
    "power_matrix",
    "theory_scores",
    "threat_propensity",
]
