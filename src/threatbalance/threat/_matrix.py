"""A year of a long threat frame as a matrix: the form the alignment functions read.

Here, in the threat layer, so that scenarios (:mod:`threatbalance.threat._scenario`) and the alignment
layer share it without an import cycle.
"""

from __future__ import annotations

import numpy as np
import polars as pl


def frame_to_matrix(frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, M)`` from one year of a long threat frame (``source, target, threat``).

    Pairs absent from the frame, and null threats, are NaN (unknown), never 0; the diagonal is 0.
    """
    src = frame["source"].to_numpy().astype(np.int64)
    tgt = frame["target"].to_numpy().astype(np.int64)
    codes = np.unique(np.concatenate([src, tgt]))
    M = np.full((len(codes), len(codes)), np.nan)
    M[np.searchsorted(codes, src), np.searchsorted(codes, tgt)] = (
        frame["threat"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    )
    np.fill_diagonal(M, 0.0)
    return codes, M
