"""What the dashboard shows, as tables: thin, cached calls to the public API.

Nothing here computes threat, alignment or evidence: every number comes from the threat model
(``threatbalance.threat``), the alignment API (``tb.partners``, ``tb.common_threat``), the ATOP
covariate step and the case ledgers.  This module only selects rows, attaches display names and
caches results so that moving a slider back and forth stays fast.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from .. import _validate as V
from .._errors import EmptySelectionError, InputError
from ..states import resolve_state, state_table


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the message catalogue (scripts/build_locale.py); the UI translates it."""
    return msgid


#: Regions of the network panel: the COW code blocks of the Correlates of War regions, plus the
#: chosen state's own neighbourhood (its strongest threateners and predicted partners).
REGIONS: dict[str, tuple[str, tuple[int, int] | None]] = {
    "neighbourhood": (N_("Neighbourhood of the chosen state"), None),
    "americas": (N_("Americas (COW 2-199)"), (2, 199)),
    "europe": (N_("Europe (COW 200-399)"), (200, 399)),
    "africa": (N_("Africa (COW 400-626)"), (400, 626)),
    "middle-east": (N_("Middle East (COW 630-698)"), (630, 698)),
    "asia": (N_("Asia (COW 700-899)"), (700, 899)),
    "oceania": (N_("Oceania (COW 900-999)"), (900, 999)),
}

#: States of the COW list that have no polygon of their own on a present-day map are drawn on the
#: territory of the present-day state that continues them (display only; each is listed in the
#: map's note).  Used only when that territory is not already taken by another state that year.
DRAWN_AS: dict[int, str] = {260: "DEU", 300: "AUT", 315: "CZE", 345: "SRB", 678: "YEM"}

TERMS = ("power", "proximity", "offense", "intent")
NEIGHBOURS = 8  # threateners and partners shown around the chosen state in the neighbourhood graph


def _years_arg(years: Any) -> tuple[int, int]:
    """A year or a (first, last) pair, in either order (two slider handles)."""
    return V.years(years, reorder=True)


def _single_flight(fn: Any, maxsize: int) -> Any:
    """``lru_cache(maxsize)(fn)`` where concurrent calls with the same arguments compute once.

    Under load many users ask for the same new year or state at the same moment; without this each
    request thread would compute the same result in parallel.
    """
    cached = lru_cache(maxsize=maxsize)(fn)
    guard = threading.Lock()
    locks: dict[tuple, threading.Lock] = {}

    def call(*args: Any) -> Any:
        with guard:
            lock = locks.setdefault(args, threading.Lock())
        with lock:
            try:
                return cached(*args)
            finally:
                with guard:
                    if locks.get(args) is lock:
                        del locks[args]

    call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    call.cache_info = cached.cache_info  # type: ignore[attr-defined]
    call.__wrapped__ = fn  # type: ignore[attr-defined]
    return call


class FrameCache:
    """A threat model whose ``threat_frame`` answers single years and ranges from frames already computed.

    Caching only: a year inside a range computed before is a slice of it, so that the time series
    (a range) and the panels of each year (single years) compute the model once.  It passes on
    ``threat_frame(year | (first, last))``, the one method the alignment API needs, and keeps at most
    ``ranges`` ranges and ``years`` single years in memory.  With ``disk`` (a
    :class:`~threatbalance.web._cache.DiskFrames`), every computed year is also stored on disk and
    read back from there the next time, in this process or a later one.  Concurrent requests for
    the same frame compute it once: the others wait for it.
    """

    def __init__(self, model: Any, ranges: int = 3, years: int = 24, disk: Any = None):
        self.base = model
        self.disk = disk
        self._ranges: dict[tuple[int, int], pl.DataFrame] = {}
        self._years: dict[int, pl.DataFrame] = {}
        self._limits = (ranges, years)
        self._lock = threading.Lock()
        self._computing: dict[tuple[int, int], threading.Lock] = {}

    def _cached(self, lo: int, hi: int) -> pl.DataFrame | None:
        with self._lock:
            for (a, b), f in self._ranges.items():
                if a <= lo and hi <= b:
                    return f.filter(pl.col("year").is_between(lo, hi))
            if lo == hi and lo in self._years:
                return self._years[lo]
        return None

    def _from_disk(self, lo: int, hi: int) -> pl.DataFrame | None:
        if self.disk is None or self.disk.missing(range(lo, hi + 1)):
            return None
        parts = [self.disk.get(y) for y in range(lo, hi + 1)]
        if any(p is None for p in parts):
            return None
        if lo == hi:
            return parts[0]
        # the model's own row order for a range: by pair, then year
        return pl.concat(parts, how="vertical").sort("source", "target", "year")

    def threat_frame(self, years: Any) -> pl.DataFrame:
        lo, hi = _years_arg(years)
        f = self._cached(lo, hi)
        if f is not None:
            return f
        with self._lock:
            key_lock = self._computing.setdefault((lo, hi), threading.Lock())
        with key_lock:  # one computation per frame; concurrent callers wait and then read it
            f = self._cached(lo, hi)
            if f is not None:
                return f
            f = self._from_disk(lo, hi)
            if f is None:
                f = self.base.threat_frame(lo if lo == hi else (lo, hi))
                if not isinstance(f, pl.DataFrame):
                    f = pl.DataFrame(f)
                if self.disk is not None:
                    self.disk.put_years(f)
            with self._lock:
                store: dict[Any, pl.DataFrame] = self._years if lo == hi else self._ranges
                limit = self._limits[1] if lo == hi else self._limits[0]
                while len(store) >= limit:
                    store.pop(next(iter(store)))
                store[lo if lo == hi else (lo, hi)] = f
                self._computing.pop((lo, hi), None)
        return f

    def warm(self, years: tuple[int, int] | None = None, stop: threading.Event | None = None) -> int:
        """Compute and store on disk every year of ``years`` (default: all) not stored yet; the number written."""
        if self.disk is None:
            return 0
        if years is None:
            from ..sources import DATA_END, DATA_START

            years = (DATA_START, DATA_END)
        return self.disk.warm(lambda yy: pl.DataFrame(self.base.threat_frame(yy)), years, stop=stop)


class DashboardData:
    """The tables behind each panel of the dashboard, for one threat model.

    Parameters
    ----------
    model : ThreatModel, optional
        The threat model to show; defaults to ``threatbalance.threat.default_model()`` (loaded on
        first use, so that the app starts at once).
    cache : bool or path
        Keep the model's year frames on disk (default: the user cache folder, see
        :mod:`threatbalance.web._cache`; a path: that folder; False: memory only).

    Examples
    --------
    >>> from threatbalance.web._data import DashboardData
    >>> d = DashboardData()
    >>> d.resolve("Azerbaijan"), d.resolve("اسرائیل")
    (373, 666)
    """

    def __init__(self, model: Any = None, cache: bool | str | Path = True):
        self._model = model
        self._cache = cache
        self._frames: FrameCache | None = None
        self.threat_year = _single_flight(self._threat_year, 16)
        self.partners = _single_flight(self._partners, 64)
        self.alliances = _single_flight(self._alliances, 16)
        self.term_series = _single_flight(self._term_series, 32)
        self.common_series = _single_flight(self._common_series, 32)
        self.pair_scores = _single_flight(self._pair_scores, 64)
        self.ledger = _single_flight(self._ledger, 16)

    # ---- states -------------------------------------------------------------------------------
    @property
    def model(self) -> FrameCache:
        """The threat model, behind a cache of its year frames (what every API call here is given)."""
        if self._frames is None:
            m = self._model
            if m is None:
                try:
                    from ..threat import default_model
                except ImportError as exc:
                    raise InputError(f"the threat model is not available in this installation ({exc})") from None
                m = default_model()
            if not hasattr(m, "threat_frame"):
                raise InputError(f"the dashboard needs a threat model with threat_frame(years), got {type(m).__name__}")
            self._frames = FrameCache(m, disk=self._disk(m))
        return self._frames

    def _disk(self, model: Any) -> Any:
        """The on-disk cache of the model's year frames (``docs/dashboard.md``), or None."""
        if self._cache is False:
            return None
        from ._cache import DiskFrames, model_fingerprint

        fp = model_fingerprint(model)
        if fp is None:
            return None
        return DiskFrames(fp, None if self._cache is True else Path(self._cache))

    @staticmethod
    @lru_cache(maxsize=1)
    def states() -> pl.DataFrame:
        """``code, abb, iso3, name_en, name_fa`` of every state (from ``tb.state_table()``)."""
        return state_table()

    def resolve(self, text: Any, what: str = "state") -> int:
        """COW code of a state typed in the UI (name in English or Persian, abbreviation, ISO3 or code)."""
        if text is None or (isinstance(text, str) and not text.strip()):
            raise EmptySelectionError(
                f"choose a {what}: type a name (English or Persian), an abbreviation or a "
                "COW code, e.g. Israel, آذربایجان, IRN or 630"
            )
        return resolve_state(text.strip() if isinstance(text, str) else text)

    def label(self, code: int) -> str:
        """``Name — Persian name (ABB, code)``."""
        row = self.states().filter(pl.col("code") == int(code)).row(0, named=True)
        fa = f" — {row['name_fa']}" if row["name_fa"] else ""
        return f"{row['name_en']}{fa} ({row['abb']}, {row['code']})"

    def short(self, code: int) -> str:
        return self.states().filter(pl.col("code") == int(code))["name_en"][0]

    def names(self, df: pl.DataFrame, col: str, prefix: str = "") -> pl.DataFrame:
        """Attach ``abb``, ``name`` (English), ``name_fa`` and ``iso3`` of the codes in ``col``."""
        s = self.states().select(
            pl.col("code").cast(df.schema[col]).alias(col),
            pl.col("abb").alias(f"{prefix}abb"),
            pl.col("name_en").alias(f"{prefix}name"),
            pl.col("name_fa").alias(f"{prefix}name_fa"),
            pl.col("iso3").alias(f"{prefix}iso3"),
        )
        return df.join(s, on=col, how="left", maintain_order="left")

    # ---- threat ------------------------------------------------------------------------------
    def _threat_year(self, year: int) -> pl.DataFrame:
        y = _years_arg(year)[0]
        df = self.model.threat_frame(y)
        if df.is_empty():
            raise EmptySelectionError(f"the threat model has no threat scores for {y}")
        return df

    def threats_to(self, code: int, year: int) -> pl.DataFrame:
        """Threat every state poses to ``code`` in ``year`` (one row per source), largest first."""
        df = self.threat_year(int(year)).filter(pl.col("target") == int(code))
        if df.is_empty():
            raise EmptySelectionError(
                f"{self.short(code)} has no threat scores in {year}: not a member of the "
                "state system that year, or no data"
            )
        cols = [c for c in ("year", "source", "target", "threat", *TERMS) if c in df.columns]
        df = self.names(df.select(cols), "source")
        return df.sort("threat", descending=True, nulls_last=True)

    def _partners(self, code: int, year: int) -> pl.DataFrame:
        from ..alignment import partners

        return partners(int(code), year=int(year), top=None, model=self.model)

    def partners_view(self, code: int, year: int, top: int | None = None) -> pl.DataFrame:
        """``tb.partners(state, year)`` with ISO3 codes and Persian names attached."""
        df = self.partners(int(code), int(year))
        df = df.join(
            self.states().select(pl.col("code").cast(df.schema["ccode"]).alias("ccode"), "iso3", "name_fa"),
            on="ccode",
            how="left",
            maintain_order="left",
        )
        return df.head(top) if top else df

    # ---- network -----------------------------------------------------------------------------
    def _alliances(self, year: int) -> pl.DataFrame:
        """Non-directed ATOP dyads with any obligation in ``year`` (``ccode1 < ccode2``).

        ``atop_defense`` flags a defence pledge; ``strong`` a pledge stronger than consultation or
        non-aggression (defence, offence or neutrality).
        """
        from ..panels import dyad_years

        p = dyad_years(years=int(year), directed=False).add_atop_alliance()
        return p.data.filter(pl.col("atop_alliance") == 1).select(
            pl.col("ccode1").cast(pl.Int64),
            pl.col("ccode2").cast(pl.Int64),
            "atop_defense",
            ((pl.col("atop_defense") == 1) | (pl.col("atop_offense") == 1) | (pl.col("atop_neutral") == 1))
            .fill_null(False)
            .alias("strong"),
        )

    def members(self, code: int, year: int, region: str) -> list[int]:
        """States drawn in the network panel: a COW region, or the chosen state's neighbourhood."""
        if region not in REGIONS:
            raise InputError(f"unknown region {region!r}; allowed: {', '.join(REGIONS)}")
        frame = self.threat_year(int(year))
        present = set(frame["source"].unique().to_list()) | set(frame["target"].unique().to_list())
        rng = REGIONS[region][1]
        if rng is None:
            threats = self.threats_to(code, year).filter(pl.col("threat").is_not_null())
            top_t = threats.head(NEIGHBOURS)["source"].to_list()
            top_p = self.partners(int(code), int(year)).head(NEIGHBOURS)["ccode"].to_list()
            out = [int(code)] + [int(c) for c in top_t + top_p]
            return list(dict.fromkeys(out))
        out = sorted(int(c) for c in present if rng[0] <= int(c) <= rng[1])
        if not out:
            raise EmptySelectionError(f"no state of region {REGIONS[region][0]} has threat scores in {year}")
        return out

    def network(
        self, code: int, year: int, region: str, threshold: float, all_alliances: bool = False
    ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        """Nodes, threat edges (threat >= ``threshold``) and alliance edges among the drawn states.

        Alliances are those with a pledge stronger than consultation or non-aggression (defence,
        offence, neutrality), or every ATOP obligation with ``all_alliances=True``.

        Returns
        -------
        nodes : ``code, abb, name, threat_to_state`` (threat each node poses to the chosen state)
        edges : ``source, target, threat, source_abb, target_abb`` (directed: source threatens target)
        alliances : ``ccode1, ccode2, atop_defense, strong``
        """
        allowed = "type a number from 0 to 1, e.g. 0.02"
        if threshold is None or (isinstance(threshold, str) and not threshold.strip()):
            # a number box reports a value outside its min-max (e.g. 5) as empty
            raise InputError(f"no threat threshold: the box is empty or outside 0-1; {allowed}")
        try:
            thr = float(threshold)
        except (TypeError, ValueError):
            raise InputError(f"the threat threshold must be a number, got {threshold!r}; {allowed}") from None
        if not 0 <= thr <= 1:
            raise InputError(f"the threat threshold {thr:g} is outside 0-1 (threat is a probability); {allowed}")
        codes = self.members(code, year, region)
        frame = self.threat_year(int(year))
        edges = frame.filter(
            pl.col("source").is_in(codes)
            & pl.col("target").is_in(codes)
            & (pl.col("source") != pl.col("target"))
            & (pl.col("threat") >= thr)
        )
        edges = edges.select("source", "target", "threat")
        edges = self.names(edges, "source", "source_").select("source", "target", "threat", "source_abb")
        edges = self.names(edges, "target", "target_").select("source", "target", "threat", "source_abb", "target_abb")
        to_state = self.threats_to(code, year).select(
            pl.col("source").alias("code"), pl.col("threat").alias("threat_to_state")
        )
        nodes = pl.DataFrame({"code": codes}, schema={"code": to_state.schema["code"]})
        nodes = self.names(nodes, "code").join(to_state, on="code", how="left", maintain_order="left")
        nodes = nodes.with_columns(
            pl.when(pl.col("code") == int(code))
            .then(None)
            .otherwise(pl.col("threat_to_state"))
            .alias("threat_to_state")
        )
        try:
            al = self.alliances(int(year))
        except InputError:  # a year outside ATOP's coverage: no alliance edges to draw
            al = pl.DataFrame(
                schema={"ccode1": pl.Int64, "ccode2": pl.Int64, "atop_defense": pl.Int64, "strong": pl.Boolean}
            )
        al = al.filter(pl.col("ccode1").is_in(codes) & pl.col("ccode2").is_in(codes))
        if not all_alliances:
            al = al.filter(pl.col("strong"))
        return nodes.select("code", "abb", "name", "threat_to_state"), edges, al

    # ---- time series -------------------------------------------------------------------------
    def _term_series(self, source: int, target: int, years: tuple[int, int]) -> pl.DataFrame:
        lo, hi = _years_arg(years)
        df = self.model.threat_frame((lo, hi))
        df = df.filter((pl.col("source") == int(source)) & (pl.col("target") == int(target)))
        cols = [c for c in ("year", "source", "target", "threat", *TERMS) if c in df.columns]
        return df.select(cols).sort("year")

    def _pair_scores(self, year: int) -> Any:
        """``theory_scores("threat", year)`` over the dashboard's model: every pair's common threat in a year."""
        from ..alignment import theory_scores

        return theory_scores("threat", int(year), model=self.model)

    def _common_series(self, a: int, b: int, years: tuple[int, int]) -> pl.DataFrame:
        """The pair's row of ``tb.common_threat(year)`` for every year of ``years`` (both states members).

        Each year's pair scores are computed once (:meth:`pair_scores`, cached) and shared by every
        pair asked for, so a new state or partner needs no new computation for years seen before.
        """
        lo, hi = _years_arg(years)
        self.model.threat_frame((lo, hi))  # computes the range once; each year below is a slice of it
        c1, c2 = sorted((int(a), int(b)))
        rows = []
        for y in range(lo, hi + 1):
            try:
                ps = self.pair_scores(y)
            except EmptySelectionError:
                continue
            present = set(ps.codes.tolist())
            if c1 not in present or c2 not in present:  # one of the two is not a state that year
                continue
            i, k = ps.index(c1), ps.index(c2)
            e = int(ps.enemy[i, k])

            def num(v: float) -> float | None:
                return None if v != v else float(v)  # NaN -> missing, as in tb.common_threat

            rows.append(
                {
                    "year": y,
                    "ccode1": c1,
                    "ccode2": c2,
                    "common_threat": num(ps.common[i, k]),
                    "mutual_threat": num(ps.mutual[i, k]),
                    "score": num(ps.score[i, k]),
                    "common_enemy": int(ps.codes[e]) if e >= 0 else None,
                    "enemy_share": num(ps.enemy_share[i, k]),
                }
            )
        if not rows:
            raise EmptySelectionError(
                f"{self.short(a)} and {self.short(b)} are never both in the state system in {lo}-{hi}"
            )
        i32 = pl.Int32
        df = pl.DataFrame(
            rows,
            schema={
                "year": i32,
                "ccode1": i32,
                "ccode2": i32,
                "common_threat": pl.Float64,
                "mutual_threat": pl.Float64,
                "score": pl.Float64,
                "common_enemy": i32,
                "enemy_share": pl.Float64,
            },
        )
        abb = self.states().select(pl.col("code").cast(i32).alias("common_enemy"), pl.col("abb").alias("enemy_abb"))
        df = df.join(abb, on="common_enemy", how="left", maintain_order="left")
        cols = [
            "year",
            "ccode1",
            "ccode2",
            "common_threat",
            "mutual_threat",
            "score",
            "common_enemy",
            "enemy_abb",
            "enemy_share",
        ]
        return df.select(cols).sort("year")

    # ---- case evidence -----------------------------------------------------------------------
    def _ledger(self, a: int, b: int) -> tuple[str, pl.DataFrame] | None:
        """``(case key, evidence ledger)`` of the shipped case whose focal pair is ``a``-``b``, or None.

        The ledger is ``tb.load_ledger(case)``: one row per dated fact, with ``year``, ``source_abb``,
        ``target_abb``, ``direction``, ``dimension``, ``summary`` and ``citation``.
        """
        from ..cases import get_case, list_cases, load_ledger

        for c in list_cases():
            case = get_case(c["key"])
            if set(case.pair) == {int(a), int(b)} and case.ledger is not None:
                return c["key"], load_ledger(c["key"])
        return None
