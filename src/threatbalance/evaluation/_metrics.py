"""Metrics of probabilistic predictions of rare events."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def _clean(y: ArrayLike, p: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    ok = ~(np.isnan(y) | np.isnan(p))
    return y[ok], p[ok]


def auroc(y: ArrayLike, p: ArrayLike) -> float:
    """Area under the ROC curve (ties averaged; Mann-Whitney form)."""
    from sklearn.metrics import roc_auc_score

    y, p = _clean(y, p)
    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")


def pr_auc(y: ArrayLike, p: ArrayLike) -> float:
    """Area under the precision-recall curve as average precision (the figure that matters for rare events)."""
    from sklearn.metrics import average_precision_score

    y, p = _clean(y, p)
    return float(average_precision_score(y, p)) if y.sum() > 0 else float("nan")


def brier(y: ArrayLike, p: ArrayLike) -> float:
    """Mean squared error of predicted probabilities (lower is better; needs calibrated probabilities)."""
    y, p = _clean(y, p)
    return float(np.mean((p - y) ** 2))


def log_loss(y: ArrayLike, p: ArrayLike) -> float:
    """Mean negative log-likelihood of the 0/1 outcomes (natural log; probabilities clipped at 1e-15)."""
    y, p = _clean(y, p)
    q = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(q) + (1 - y) * np.log1p(-q)))


def precision_at_k(y: ArrayLike, p: ArrayLike, k: int) -> float:
    """Share of true events among the ``k`` highest-scored cases."""
    y, p = _clean(y, p)
    if k <= 0:
        raise ValueError("k must be positive")
    idx = np.argsort(-p, kind="stable")[:k]
    return float(y[idx].mean()) if len(idx) else float("nan")


def summarize(y: ArrayLike, p: ArrayLike, ks: tuple[int, ...] = ()) -> dict[str, float]:
    """All metrics for one model: ``auroc``, ``pr_auc``, ``brier``, ``log_loss`` and ``precision_at_<k>``."""
    out = {"auroc": auroc(y, p), "pr_auc": pr_auc(y, p), "brier": brier(y, p), "log_loss": log_loss(y, p)}
    for k in ks:
        out[f"precision_at_{k}"] = precision_at_k(y, p, k)
    y2, _ = _clean(y, p)
    out["n"] = len(y2)
    out["events"] = int(y2.sum())
    return out
