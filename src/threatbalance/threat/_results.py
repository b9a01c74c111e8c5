"""The threat model's parameters in force and the scoring built on them, with bounded, thread-safe caches.

:meth:`ThreatModel.results() <threatbalance.threat.ThreatModel.results>` returns a
:class:`ThreatResults`: an immutable snapshot of the weights, intercept, fill values, covariance,
feature parameters and evidence the model scores with.  It computes the four terms and the index
(:meth:`ThreatResults.score`), whole-year frames and the yearly reference dyad, and caches the last
two.  The caches belong to the snapshot (no module-level state) and are keyed by content: the
snapshot's :attr:`~ThreatResults.key` is built from the values themselves (evidence by a digest of
its rows, or a file's path, size and modification time), never from object identities, so a model
whose parameters change gets a new snapshot and never a stale score.  Each cache is bounded and
guarded by a lock, so the dashboard may score from several threads at once.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import polars as pl

from ._features import FEATURE_NAMES, TERM_OF, TERMS, build_features, panel_keys
from ._solvers import Z90, sigmoid

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: Whole-year frames kept per snapshot (a frame of all dyads of one year is about 4 MB).
FRAME_CACHE_SIZE = 4
#: Yearly reference dyads kept per snapshot (one tuple of 4 floats per year).
REFERENCE_CACHE_SIZE = 512


class BoundedCache(Generic[K, V]):
    """A least-recently-used mapping of at most ``maxsize`` entries, safe to share between threads.

    :meth:`get_or_compute` computes outside the lock (two threads may compute the same entry once
    each; both get a correct value and one is kept).

    Examples
    --------
    >>> c = BoundedCache(2)
    >>> [c.get_or_compute(k, lambda k=k: k * 10) for k in (1, 2, 3)]
    [10, 20, 30]
    >>> len(c), 1 in c
    (2, False)
    """

    def __init__(self, maxsize: int) -> None:
        self.maxsize = int(maxsize)
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._data

    def get(self, key: K) -> V | None:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            return None

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        hit = self.get(key)
        if hit is not None:
            return hit
        value = compute()
        self.put(key, value)
        return value


def evidence_key(evidence: Any) -> Hashable | None:
    """A content key for user evidence: ``None`` for none, a digest of a frame's rows, a file's identity.

    Returns ``False`` when the object cannot be keyed (then nothing built on it is cached).
    """
    if evidence is None:
        return None
    if isinstance(evidence, (str, Path)):
        p = Path(evidence)
        try:
            st = p.resolve().stat()
        except OSError:
            return ("path", str(p))
        return ("path", str(p.resolve()), st.st_size, st.st_mtime_ns)
    try:
        df = evidence if isinstance(evidence, pl.DataFrame) else pl.from_pandas(evidence)
        buf = io.BytesIO()
        df.write_ipc(buf, compression="uncompressed")
    except Exception:  # an object we cannot read here: evidence_contributions reports it
        return False
    return ("frame", df.height, hashlib.sha256(buf.getvalue()).hexdigest())


def _dict_key(d: dict[str, float]) -> tuple:
    return tuple((k, float(d[k])) for k in sorted(d))


def with_shares(S: pl.DataFrame) -> pl.DataFrame:
    """Add ``share_<term>``: each term's share of the sum of the four (missing when the sum is 0)."""
    total = sum(pl.col(t) for t in TERMS)
    return S.with_columns(
        [pl.when(total > 0).then(pl.col(t) / total).otherwise(None).alias(f"share_{t}") for t in TERMS]
    )


@dataclass(frozen=True, eq=False)
class ThreatResults:
    """The parameters a :class:`~threatbalance.threat.ThreatModel` scores with, and the scoring itself.

    Build it with :meth:`ThreatModel.results() <threatbalance.threat.ThreatModel.results>`.

    Attributes
    ----------
    weights, fill : dict
        Feature weights and fill values in force.
    intercept : float
        Baseline log-odds ``b0``.
    covariance : numpy.ndarray or None
        Covariance of (intercept, weights) behind the 90% interval; ``None`` for hand-set values.
    feature_params : tuple
        The arguments of :func:`~threatbalance.threat._features.build_features` after ``keys``.
    evidence, evidence_weight, evidence_half_life
        User evidence and how it enters.
    lag : int
    key : tuple
        Content key of everything above (``None`` in it when the evidence cannot be keyed).

    Examples
    --------
    >>> import threatbalance as tb
    >>> r = tb.ThreatModel().results()
    >>> r is tb.ThreatModel().results(), r.key == tb.ThreatModel().results().key
    (False, True)
    >>> r.frame(2012, 2012).height == tb.dyad_years(years=2012).height
    True
    """

    weights: dict[str, float]
    intercept: float
    fill: dict[str, float]
    covariance: np.ndarray | None
    feature_params: tuple
    evidence: Any = None
    evidence_weight: float = 1.0
    evidence_half_life: float = 3.0
    key: tuple = field(init=False)
    _frames: BoundedCache = field(init=False, repr=False)
    _reference: BoundedCache = field(init=False, repr=False)

    def __post_init__(self) -> None:
        cov = self.covariance
        ev = evidence_key(self.evidence)
        key = (
            _dict_key(self.weights),
            float(self.intercept),
            _dict_key(self.fill),
            None if cov is None else hashlib.sha256(np.ascontiguousarray(cov, dtype=float).tobytes()).hexdigest(),
            self.feature_params,
            ev,
            float(self.evidence_weight),
            float(self.evidence_half_life),
        )
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "_frames", BoundedCache(FRAME_CACHE_SIZE))
        object.__setattr__(self, "_reference", BoundedCache(REFERENCE_CACHE_SIZE))

    @property
    def cacheable(self) -> bool:
        """Whether whole-year frames may be cached (the evidence could be keyed by content)."""
        return self.key[5] is not False

    @property
    def lag(self) -> int:
        return int(self.feature_params[2])

    # ---- features and scores --------------------------------------------------------------------
    def features(self, keys: pl.DataFrame, scenario: Any = None) -> pl.DataFrame:
        """The raw (unimputed) features of directed dyad-years ``keys`` (ccode1, ccode2, year as Int32).

        ``scenario`` (:mod:`threatbalance.threat._scenario`) replaces inputs before the features are built.
        """
        return build_features(keys, *self.feature_params, scenario=scenario)

    def evidence_terms(self, F: pl.DataFrame) -> dict[str, np.ndarray]:
        """Log-odds the user evidence adds to each term it names, per row of ``F``."""
        if self.evidence is None:
            return {}
        from .evidence import evidence_contributions

        ev = evidence_contributions(
            self.evidence, F.select("ccode1", "ccode2", "year"), half_life=float(self.evidence_half_life)
        )
        return {t: self.evidence_weight * ev[t].to_numpy() for t in TERMS if t in ev.columns}

    def score(
        self, F: pl.DataFrame, detail: bool = False, evidence: bool = True, interval: bool = True
    ) -> pl.DataFrame:
        """Score a feature table: the four terms, the index, its 90% interval and imputation count.

        ``detail=True`` adds ``c_<feature>`` (each feature's contribution); ``evidence=False``
        ignores user evidence, ``interval=False`` skips the interval (both used for the yearly
        reference dyad).
        """
        w, b0, fill = self.weights, float(self.intercept), self.fill
        cov = self.covariance if interval else None
        wv = np.array([w[c] for c in FEATURE_NAMES])
        fv = np.array([fill[c] for c in FEATURE_NAMES])
        term_idx = {t: [k for k, c in enumerate(FEATURE_NAMES) if TERM_OF[c] == t] for t in TERMS}
        n = F.height
        terms = {t: np.zeros(n) for t in TERMS}
        se = np.zeros(n)
        n_imp = np.zeros(n, dtype=np.int32)
        contrib_cols: dict[str, np.ndarray] = {}
        step = 400_000
        for s in range(0, n, step):  # chunks bound the memory; every chunk is whole-column numpy work
            part = F.slice(s, step)
            raw = part.select(FEATURE_NAMES).to_numpy().astype(np.float64)
            miss = np.isnan(raw)
            n_imp[s : s + len(raw)] = miss.sum(axis=1)
            Xc = np.where(miss, fv, raw)
            C = Xc * wv
            for t in TERMS:
                terms[t][s : s + len(raw)] = C[:, term_idx[t]].sum(axis=1)
            if cov is not None:
                X1 = np.hstack([np.ones((len(Xc), 1)), Xc])
                se[s : s + len(raw)] = np.sqrt(np.maximum(((X1 @ cov) * X1).sum(axis=1), 0.0))
            if detail:
                for k, c in enumerate(FEATURE_NAMES):
                    contrib_cols.setdefault(c, np.zeros(n))[s : s + len(raw)] = C[:, k]
        ev = self.evidence_terms(F) if evidence else {}
        applied = np.zeros(n)
        for t, e in ev.items():  # the evidence column reports what was applied after the floor at 0
            after = np.maximum(terms[t] + e, 0.0)
            applied += after - terms[t]
            terms[t] = after
        eta = np.asarray(b0 + sum(terms.values()))
        out = {"threat": sigmoid(eta)}
        if cov is not None:
            out["threat_lo"] = sigmoid(eta - Z90 * se)
            out["threat_hi"] = sigmoid(eta + Z90 * se)
        else:
            out["threat_lo"] = np.full(n, np.nan)
            out["threat_hi"] = np.full(n, np.nan)
        out.update(terms)
        res = F.select("ccode1", "ccode2", "year").with_columns(
            *[pl.Series(k, v, dtype=pl.Float64).fill_nan(None) for k, v in out.items()],
            pl.Series("evidence", applied, dtype=pl.Float64),
            pl.Series("n_imputed", n_imp, dtype=pl.Int32),
        )
        if detail:
            res = res.with_columns([pl.Series(f"c_{c}", v, dtype=pl.Float64) for c, v in contrib_cols.items()])
        return res

    # ---- cached whole years ---------------------------------------------------------------------
    def frame(self, a: int, b: int) -> pl.DataFrame:
        """Scores of all directed dyads of years ``a``-``b`` (cached; the frame is shared, do not mutate)."""
        compute = lambda: self.score(self.features(panel_keys(a, b)))  # noqa: E731
        if not self.cacheable:
            return compute()
        return self._frames.get_or_compute((int(a), int(b)), compute)

    def reference(self, wanted: list[int]) -> pl.DataFrame:
        """The yearly median of each term over all directed dyads (user evidence left out), cached per year."""
        missing = [y for y in wanted if y not in self._reference]
        if missing:
            a, b = missing[0], missing[-1]
            S = self.score(self.features(panel_keys(a, b)), evidence=False, interval=False)
            med = S.group_by("year").agg([pl.col(t).median().alias(f"ref_{t}") for t in TERMS])
            for r in med.iter_rows(named=True):
                self._reference.put(int(r["year"]), tuple(float(r[f"ref_{t}"]) for t in TERMS))
        rows = [(y, *v) for y in wanted if (v := self._reference.get(y)) is not None]
        return pl.DataFrame(rows, schema={"year": pl.Int32, **{f"ref_{t}": pl.Float64 for t in TERMS}}, orient="row")

    def with_excess(self, S: pl.DataFrame) -> pl.DataFrame:
        """Add ``excess_<term>``, ``share_excess_<term>`` and ``main_source`` to scored rows."""
        ref = self.reference(sorted({int(y) for y in S["year"].unique().to_list()}))
        d = S.select("year").join(ref, on="year", how="left", maintain_order="left")
        E = np.column_stack([S[t].to_numpy() - d[f"ref_{t}"].to_numpy() for t in TERMS])
        pos = np.clip(E, 0.0, None)
        tot = pos.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            sh = np.where(tot[:, None] > 0, pos / tot[:, None], np.nan)
        main = np.asarray(
            np.where(np.isfinite(E).all(axis=1) & (tot > 0), np.asarray(TERMS, dtype=object)[E.argmax(axis=1)], None)
        )
        return S.with_columns(
            *[pl.Series(f"excess_{t}", E[:, k], dtype=pl.Float64).fill_nan(None) for k, t in enumerate(TERMS)],
            *[pl.Series(f"share_excess_{t}", sh[:, k], dtype=pl.Float64).fill_nan(None) for k, t in enumerate(TERMS)],
            pl.Series("main_source", main.tolist(), dtype=pl.Utf8),
        )
