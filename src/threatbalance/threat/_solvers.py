"""Numerical solvers of the threat model, public to the package (``evaluation`` uses them too).

Pure numpy/scipy functions on arrays; no knowledge of features, panels or data files:

- :func:`sigmoid`: the logistic function, written with ``tanh`` so it never overflows.
- :func:`fit_nonneg_logit`: penalised logistic regression with non-negative weights and its
  (cluster-robust) covariance.
- :func:`cluster_ids`: the clusterings of directed dyad-years behind that covariance.
- :func:`recalibrate_intercept`: the intercept alone re-estimated on the last training years.

The formulas are in ``docs/model.md`` (sections "Estimation" and "Uncertainty").
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import polars as pl

#: The 95% quantile of the standard normal: half-width of a 90% interval in standard errors.
Z90 = 1.6448536269514722
#: Covariance types of :func:`cluster_ids` (and of ``ThreatModel(cov_type=...)``).
COV_TYPES = ("twoway", "year", "dyad", "naive")

__all__ = ["COV_TYPES", "Z90", "cluster_ids", "fit_nonneg_logit", "recalibrate_intercept", "sigmoid"]


def sigmoid(x: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-x))``, computed as ``(1 + tanh(x / 2)) / 2`` (no overflow).

    Examples
    --------
    >>> import numpy as np
    >>> sigmoid(np.array([0.0, 800.0, -800.0])).tolist()
    [0.5, 1.0, 0.0]
    """
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def cluster_ids(keys: pl.DataFrame, cov_type: str) -> list[np.ndarray]:
    """Cluster ids (0..G-1) per row of directed dyad-years (``ccode1, ccode2, year``) for the sandwich covariance.

    ``twoway`` gives [year, undirected dyad, their intersection]; ``year`` and ``dyad`` one grouping;
    ``naive`` none.
    """
    dyad = pl.min_horizontal("ccode1", "ccode2").cast(pl.Int64) * 10_000 + pl.max_horizontal("ccode1", "ccode2").cast(
        pl.Int64
    )
    exprs = {
        "year": [pl.col("year").cast(pl.Int64)],
        "dyad": [dyad],
        "twoway": [pl.col("year").cast(pl.Int64), dyad, dyad * 10_000 + pl.col("year").cast(pl.Int64)],
    }.get(cov_type, [])
    return [keys.select((e.rank("dense").cast(pl.Int64) - 1).alias("g"))["g"].to_numpy() for e in exprs]


def recalibrate_intercept(offset: np.ndarray, y: np.ndarray, years: np.ndarray, k: int, b0: float) -> float:
    """The intercept alone re-estimated (maximum likelihood, weights held) on the last ``k`` training years.

    ``offset`` is each row's linear predictor without the intercept (``X @ w``).  Solves
    ``sum sigmoid(b + offset) = sum y`` over the rows of the last ``k`` years; keeps ``b0`` when
    those years hold no event.

    Examples
    --------
    >>> import numpy as np
    >>> b = recalibrate_intercept(np.zeros(4), np.array([1.0, 0, 0, 0]), np.array([1, 1, 2, 2]), 1, 0.0)
    >>> round(b, 6)  # the last year holds 0 events of 2: the intercept is kept
    0.0
    >>> b = recalibrate_intercept(np.zeros(4), np.array([1.0, 1, 0, 0]), np.array([1, 2, 2, 2]), 1, 0.0)
    >>> round(b, 6)  # 1 event in 3 rows: sigmoid(b) = 1/3
    -0.693147
    """
    from scipy.optimize import brentq

    m = years > years.max() - k
    if y[m].sum() == 0:
        return b0
    f = lambda b: float(sigmoid(b + offset[m]).sum() - y[m].sum())  # noqa: E731
    return float(brentq(f, b0 - 20.0, b0 + 20.0))


def fit_nonneg_logit(
    X: np.ndarray,
    y: np.ndarray,
    l2: float,
    fixed: Sequence[float | None] | None = None,
    groups: list[np.ndarray] | None = None,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Penalised logistic regression with weights >= 0 (L-BFGS-B on standardised features).

    Minimises ``sum(log(1 + exp(eta)) - y * eta) + l2 / 2 * sum((w_k * sd_k)^2)`` with
    ``eta = b0 + X @ w`` and ``w >= 0``, the ridge penalty acting on the standardised weights.

    Parameters
    ----------
    X : (n, k) array
        Features, no missing values.
    y : (n,) array of 0/1
    l2 : float
        Ridge penalty on the standardised weights.
    fixed : sequence of k floats or None, optional
        ``fixed[k]`` not None keeps weight ``k`` at that value (default: all free).
    groups : list of (n,) int arrays, optional
        Clusterings from :func:`cluster_ids`.

    Returns
    -------
    (intercept, weights, covariance)
        The covariance of (intercept, weights) over the free, non-zero parameters (0 elsewhere) is
        the inverse Hessian ``B`` of the penalised likelihood when ``groups`` is empty, else the
        cluster-robust sandwich ``B M B`` with ``M`` the sum over clusters of the outer products of
        the clusters' score sums; with three groupings (year, dyad and their intersection)
        ``M = M_1 + M_2 - M_12`` (two-way clustering, Cameron, Gelbach & Miller 2011), negative
        eigenvalues of the result set to 0.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(2000, 2))
    >>> y = (rng.random(2000) < sigmoid(-1 + 1.5 * X[:, 0] - 1.0 * X[:, 1])).astype(float)
    >>> b0, w, cov = fit_nonneg_logit(X, y, 0.0)
    >>> bool(w[0] > 1.0), float(w[1])  # the negative effect is held at the bound 0
    (True, 0.0)
    """
    from scipy.optimize import minimize

    n, k = X.shape
    fixed = [None] * k if fixed is None else list(fixed)
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    Z = X / sd
    rate = y.mean()
    x0 = np.zeros(k + 1)
    x0[0] = math.log(rate / (1 - rate))
    bounds: list[tuple[float | None, float | None]] = [(None, None)]
    for j in range(k):
        fj = fixed[j]
        if fj is not None:
            v = fj * sd[j]
            x0[j + 1] = v
            bounds.append((v, v))
        else:
            bounds.append((0.0, None))

    def f(b: np.ndarray) -> tuple[float, np.ndarray]:
        eta = b[0] + Z @ b[1:]
        p = sigmoid(eta)
        loss = np.sum(np.logaddexp(0.0, eta) - y * eta) + 0.5 * l2 * np.sum(b[1:] ** 2)
        r = p - y
        g = np.concatenate([[r.sum()], Z.T @ r + l2 * b[1:]])
        return loss, g

    res = minimize(f, x0, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 5000, "gtol": 1e-8})
    b = res.x
    w = b[1:] / sd
    b0 = float(b[0])
    # covariance on the original scale, over the free parameters away from the bound
    free = np.array([True] + [fixed[j] is None and w[j] > 1e-10 for j in range(k)])
    X1 = np.hstack([np.ones((n, 1)), X])
    p = sigmoid(X1 @ np.concatenate([[b0], w]))
    Xf = X1[:, free]
    H = Xf.T @ (Xf * (p * (1 - p))[:, None])
    pen = np.zeros(free.sum())
    pen[1:] = l2 / sd[free[1:]] ** 2
    H += np.diag(pen)
    cov = np.zeros((k + 1, k + 1))
    try:
        B = np.linalg.inv(H)
    except np.linalg.LinAlgError:  # pragma: no cover - singular design
        B = np.linalg.pinv(H)
    if groups:
        r = y - p
        Sc = Xf * r[:, None]

        def meat(g: np.ndarray) -> np.ndarray:
            G = np.column_stack([np.bincount(g, weights=Sc[:, c]) for c in range(Sc.shape[1])])
            return G.T @ G

        M = meat(groups[0])
        if len(groups) == 3:
            M = M + meat(groups[1]) - meat(groups[2])
        V = B @ M @ B
        V = (V + V.T) / 2
        ev, U = np.linalg.eigh(V)
        B = (U * np.clip(ev, 0.0, None)) @ U.T
    cov[np.ix_(free, free)] = B
    return b0, w, cov
