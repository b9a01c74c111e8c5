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
    CASES,
    COLD_WAR_1955,
    LandscapeResult,
    landscape,
    landscape_energy,
    landscape_search,
    random_partition_null,
    threat_propensity,
)
from ._model import AlignmentModel, default_alignment_model, pair_features
from ._partners import METHODS, common_enemies, common_threat, partners, rivals_of
from ._theories import DEFAULTS, THEORIES, Theory, power_matrix, theory_scores

__all__ = [
    "AXELROD_BENNETT_1936",
    "CASES",
    "COLD_WAR_1955",
    "COMBINE",
    "DEFAULTS",
    "METHODS",
    "MUTUAL",
    "THEORIES",
    "AlignmentModel",
    "LandscapeResult",
    "PairScores",
    "Theory",
    "check_matrix",
    "common_enemies",
    "common_threat",
    "contributions",
    "default_alignment_model",
    "landscape",
    "landscape_energy",
    "landscape_search",
    "pair_features",
    "pair_scores",
    "partners",
    "power_matrix",
    "random_partition_null",
    "rivals_of",
    "theory_scores",
    "threat_propensity",
]
