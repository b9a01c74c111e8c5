"""Alignment: common threat, partner ranking, the common enemy, rival theories, landscape search."""

from ._common_threat import COMBINE, MUTUAL, PairScores, check_matrix, contributions, pair_scores

__all__ = ["COMBINE", "MUTUAL", "PairScores", "check_matrix", "contributions", "pair_scores"]
