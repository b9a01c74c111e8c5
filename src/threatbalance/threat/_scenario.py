"""What-if scenarios: change a state's or a pair's inputs, or remove a state's threat, and recompute
threats, partners and common enemies.

A scenario is a set of assignments ``STATE.input=value`` (state inputs) or ``A-B.input=value``
(inputs of a pair, either order), for example::

    tb.threats(target="ISR", year=2012, scenario={"IRN.nuclear": 1})
    tb.threats(source="IRN", year=2012, scenario=["IRN.nuclear=0", "IRN.latent=0"])
    tb.partners("AZE", 2016, scenario={"ARM-AZE.rivalry": 0})
    tb.partners("AZE", 2016, scenario={"IRN": {"threat": 0}})   # nested form, same as "IRN.threat=0"
    threatbalance threats --target ISR --year 2012 --set IRN.nuclear=1
    threatbalance partners AZE --year 2012 --set IRN.threat=0

``STATE.threat=0`` (or ``Scenario.remove_threat_of("IRN")``) is of another kind: it changes no
input but removes the state's threat as a whole, setting its row of the year's threat matrix (its
threat to every other state) to 0 after scoring; threats *to* the state, and every other dyad,
are as scored.  It is what a case report's what-if asks ("would the pair still be partners without
Iran's threat?") and works with any model that gives a threat matrix, precomputed ones included.

The assignment replaces the input the scores of the year read (the value of year ``t - lag`` for
everything but geography; the first day of ``t`` for contiguity) for every dyad the state or pair
is in; every feature built from that input is recomputed (for instance ``cinc`` moves
``power_cinc``, ``power_ratio``, ``prox_projected``, ``prox_reach`` and ``off_projection``).  The
weights stay as they are, and so does the year's typical dyad behind ``excess_*`` (it is the
factual one): a scenario moves the dyads it touches, not the yardstick.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from .._errors import InputError

#: State inputs a scenario can set, with the values they accept.
STATE_INPUTS: dict[str, str] = {
    "cinc": "share of world capabilities in (0, 1]",
    "milex": "military expenditure (NMC, thousands of current USD), >= 0",
    "milper": "military personnel (NMC, thousands), >= 0",
    "major": "major power, 0 or 1",
    "nuclear": "has nuclear weapons, 0 or 1",
    "latent": "nuclear latency, 0 (none), 0.5 (facility being built) or 1 (facility operating)",
    "missile_tests": "ballistic-missile tests in the year (replaces the decayed stock), >= 0",
    "missile_range": "longest range demonstrated in a missile test, km >= 0",
    "arms_stock": "decayed stock of imported arms (SIPRI TIV, million 1990 USD), >= 0",
    "polyarchy": "V-Dem polyarchy in [0, 1]",
    "leftright": "left-right position of the governing party (V-Party v2pariglef, about -3.5 to 3.5)",
    "antiplural": "anti-pluralism of the governing party in [0, 1]",
    "idealpoint": "UN ideal point (about -3 to 3)",
}
#: Inputs of a pair (either order) a scenario can set.
PAIR_INPUTS: dict[str, str] = {
    "rivalry": "strategic rivalry, 0 or 1 (0 also clears the rivalry types)",
    "alliance": "ATOP alliance pledge both ways, 0 or 1",
    "contiguity": "COW contiguity type, 0 (none) to 5",
}
#: Changes applied to the year's threat matrix after scoring, not to an input.
THREAT_INPUTS: dict[str, str] = {
    "threat": "0 removes the state's threat to every other state (its row of the threat matrix is 0)",
}
_BINARY = {"major", "nuclear", "rivalry", "alliance"}


@dataclass(frozen=True)
class Change:
    """One assignment of a scenario: ``state`` (and ``other`` for a pair) ``.input = value``."""

    state: int
    other: int | None
    input: str
    value: float

    def label(self) -> str:
        from ..states import state_table

        abb = dict(zip(state_table()["code"].to_list(), state_table()["abb"].to_list()))
        who = abb.get(self.state, str(self.state)) + (
            f"-{abb.get(self.other, str(self.other))}" if self.other is not None else ""
        )
        return f"{who}.{self.input}={self.value:g}"


@dataclass(frozen=True)
class Scenario:
    """A parsed, validated what-if scenario (hashable: feature tables are cached per scenario)."""

    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def describe(self) -> str:
        return "; ".join(c.label() for c in self.changes)

    @property
    def removed(self) -> tuple[int, ...]:
        """COW codes of the states whose threat the scenario removes (``STATE.threat=0``)."""
        return tuple(sorted({c.state for c in self.changes if c.input in THREAT_INPUTS}))

    @property
    def input_changes(self) -> Scenario | None:
        """The scenario without its threat removals (what the feature table sees), or ``None``."""
        ch = tuple(c for c in self.changes if c.input not in THREAT_INPUTS)
        return Scenario(ch) if ch else None

    @classmethod
    def remove_threat_of(cls, *states: Any) -> Scenario:
        """The scenario that removes the threat of ``states`` (codes, abbreviations or names).

        Examples
        --------
        >>> from threatbalance.threat._scenario import Scenario
        >>> sc = Scenario.remove_threat_of("IRN")
        >>> sc.describe(), sc.removed
        ('IRN.threat=0', (630,))
        """
        from ..states import resolve_state

        if not states:
            raise InputError("remove_threat_of needs at least one state")
        return cls(tuple(Change(resolve_state(s), None, "threat", 0.0) for s in states))


def parse_scenario(scenario: Any) -> Scenario | None:
    """A :class:`Scenario` from a dict ``{"IRN.nuclear": 0}`` (or nested, ``{"IRN": {"nuclear": 0}}``),
    a list ``["IRN.nuclear=0"]``, a string ``"IRN.nuclear=0, ARM-AZE.rivalry=0"`` or a :class:`Scenario`;
    ``None`` or empty gives ``None``.

    Examples
    --------
    >>> from threatbalance.threat._scenario import parse_scenario
    >>> parse_scenario({"IRN.nuclear": 1}).describe()
    'IRN.nuclear=1'
    >>> parse_scenario("ARM-AZE.rivalry=0").changes[0].other
    373
    >>> parse_scenario({"IRN": {"threat": 0}}).removed
    (630,)
    """
    from ..states import resolve_state

    if scenario is None or isinstance(scenario, Scenario):
        return scenario or None
    if isinstance(scenario, str):
        items = [x for x in scenario.replace(";", ",").split(",") if x.strip()]
        scenario = list(items)
    if isinstance(scenario, dict):
        pairs: list[tuple[Any, Any]] = []
        for k, v in scenario.items():
            if isinstance(v, dict):  # nested form {"IRN": {"threat": 0}}
                pairs.extend((f"{k}.{name}", x) for name, x in v.items())
            else:
                pairs.append((k, v))
    elif isinstance(scenario, (list, tuple)):
        pairs = []
        for x in scenario:
            if not isinstance(x, str) or "=" not in x:
                raise InputError(f"a scenario item must look like STATE.input=value, got {x!r}")
            k, v = x.split("=", 1)
            pairs.append((k.strip(), v.strip()))
    else:
        raise InputError(
            f"scenario must be a dict {{'IRN.nuclear': 0}}, a list ['IRN.nuclear=0'] or a string, "
            f"got {type(scenario).__name__}"
        )
    out = []
    for key, val in pairs:
        if not isinstance(key, str) or "." not in key:
            raise InputError(f"a scenario key must look like STATE.input or A-B.input, got {key!r}")
        who, name = key.rsplit(".", 1)
        name = name.strip().lower()
        try:
            num = float(val)
        except (TypeError, ValueError):
            raise InputError(f"scenario value of {key!r} must be a number, got {val!r}") from None
        if "-" in who.strip("-") and name in PAIR_INPUTS:
            a, b = who.split("-", 1)
            s1, s2 = resolve_state(a.strip()), resolve_state(b.strip())
            if s1 == s2:
                raise InputError(f"a scenario pair needs two different states, got {who!r}")
            ch = Change(min(s1, s2), max(s1, s2), name, num)
        elif name in STATE_INPUTS or name in THREAT_INPUTS:
            ch = Change(resolve_state(who.strip()), None, name, num)
        else:
            allowed = ", ".join([*STATE_INPUTS, *THREAT_INPUTS, *[f"A-B.{k}" for k in PAIR_INPUTS]])
            raise InputError(f"unknown scenario input {name!r} in {key!r}; allowed: {allowed}")
        _check_value(ch)
        out.append(ch)
    return Scenario(tuple(out)) if out else None


def _check_value(c: Change) -> None:
    v, n = c.value, c.input
    bad = (
        (n in _BINARY and v not in (0.0, 1.0))
        or (n == "latent" and v not in (0.0, 0.5, 1.0))
        or (n == "threat" and v != 0)
        or (n == "cinc" and not 0 < v <= 1)
        or (n in ("polyarchy", "antiplural") and not 0 <= v <= 1)
        or (n == "contiguity" and v not in (0, 1, 2, 3, 4, 5))
        or (n in ("milex", "milper", "missile_tests", "missile_range", "arms_stock") and v < 0)
    )
    if bad:
        spec = {**STATE_INPUTS, **THREAT_INPUTS, **PAIR_INPUTS}[n]
        raise InputError(f"scenario {c.label()}: bad value {v:g} for {n} ({spec})")


def apply_scenario(d: pl.DataFrame, sc: Scenario) -> pl.DataFrame:
    """Override the joined inputs of the feature table (suffix 1 = source j, 2 = target i) per the scenario."""
    exprs: dict[str, pl.Expr] = {}

    def put(col: str, cond: pl.Expr, value: float) -> None:
        if col not in d.columns:
            return
        base = exprs.get(col, pl.col(col))
        exprs[col] = pl.when(cond).then(pl.lit(value, pl.Float64)).otherwise(base).cast(d.schema[col])

    for c in sc.changes:
        if c.input in THREAT_INPUTS:  # applied to the threat matrix after scoring (remove_threats)
            continue
        if c.other is None:
            col = {"missile_tests": "missile_stock"}.get(c.input, c.input)
            for k in (1, 2):
                put(f"{col}{k}", pl.col(f"ccode{k}") == c.state, c.value)
        else:
            pair = ((pl.col("ccode1") == c.state) & (pl.col("ccode2") == c.other)) | (
                (pl.col("ccode1") == c.other) & (pl.col("ccode2") == c.state)
            )
            if c.input == "rivalry":
                put("rivalry", pair, c.value)
                if c.value == 0:
                    for kind in ("spatial", "positional", "ideological", "interventionary"):
                        put(kind, pair, 0.0)
            elif c.input == "alliance":
                put("atop", pair, c.value)
            elif c.input == "contiguity":
                put("conttype", pair, c.value)
    # an alliance set here does not recompute the alliance portfolios (int_portfolio stays as observed)
    return d.with_columns([e.alias(k) for k, e in exprs.items()])


def remove_threats(frame: pl.DataFrame, removed: tuple[int, ...]) -> pl.DataFrame:
    """``frame`` (``source, target, threat, ...``) with the threat of every state in ``removed`` set to 0.

    ``threat_lo``/``threat_hi`` are set to 0 too when present; the four terms stay as scored (they
    describe the inputs, which the removal does not change).
    """
    if not removed:
        return frame
    src = "source" if "source" in frame.columns else "ccode1"
    gone = pl.col(src).is_in(list(removed))
    cols = [c for c in ("threat", "threat_lo", "threat_hi") if c in frame.columns]
    return frame.with_columns(
        [pl.when(gone).then(pl.lit(0.0, frame.schema[c])).otherwise(pl.col(c)).alias(c) for c in cols]
    )


def zero_rows(codes: Any, M: Any, removed: tuple[int, ...]) -> Any:
    """A copy of the threat matrix ``M`` (rows and columns ``codes``) with the rows of ``removed`` set to 0.

    Examples
    --------
    >>> import numpy as np
    >>> from threatbalance.threat._scenario import zero_rows
    >>> zero_rows(np.array([2, 630]), np.array([[0, np.nan], [.3, 0]]), (630,)).tolist()
    [[0.0, nan], [0.0, 0.0]]
    """
    import numpy as np

    M = np.array(M, dtype=np.float64, copy=True)
    if removed:
        M[np.isin(np.asarray(codes), list(removed)), :] = 0.0
    return M


class ScenarioModel:
    """A threat model scored under a scenario: ``threat_frame``/``threat_matrix`` as :class:`ThreatModel`.

    What :func:`~threatbalance.partners`, :func:`~threatbalance.common_enemies` and the other
    alignment functions use when they are given ``scenario=...``.  Input changes rescore the
    model's features (they need a :class:`~threatbalance.ThreatModel`); threat removals
    (``STATE.threat=0``) set the state's threats to 0 after scoring, for any model.

    Examples
    --------
    >>> import threatbalance as tb
    >>> from threatbalance.threat._scenario import ScenarioModel
    >>> m = ScenarioModel(tb.ThreatModel(), {"IRN.nuclear": 1})
    >>> f = m.threat_frame(2012)
    >>> f.columns[:4]
    ['year', 'source', 'target', 'threat']
    >>> w = ScenarioModel(tb.ThreatModel(), "IRN.threat=0")
    >>> w.removed_threats, w.threat_frame(2012).filter(pl.col("source") == 630)["threat"].max()
    ((630,), 0.0)
    """

    def __init__(self, model: Any, scenario: Any) -> None:
        self.model = model
        self.scenario = parse_scenario(scenario)
        self.removed_threats: tuple[int, ...] = self.scenario.removed if self.scenario else ()
        self._inputs = self.scenario.input_changes if self.scenario else None
        if self._inputs is not None and not hasattr(model, "results"):
            raise InputError(
                "a scenario that changes inputs needs a ThreatModel (it recomputes the model's inputs), "
                "not a precomputed model; STATE.threat=0 works with any model"
            )
        self._cache: dict[tuple, pl.DataFrame] = {}

    def _scored(self, a: int, b: int) -> pl.DataFrame:
        from ._features import panel_keys

        m = self.model
        if self._inputs is not None:
            m._check()
            res = m.results()
            return res.score(res.features(panel_keys(a, b), scenario=self._inputs)).select(
                "year",
                pl.col("ccode1").alias("source"),
                pl.col("ccode2").alias("target"),
                "threat",
                "power",
                "proximity",
                "offense",
                "intent",
            )
        if hasattr(m, "threat_frame"):
            return m.threat_frame((a, b) if a != b else a)
        import numpy as np

        parts = []
        for y in range(a, b + 1):  # a model with only threat_matrix(year): its matrices as a long frame
            codes, M = m.threat_matrix(y)
            codes = np.asarray(codes, dtype=np.int64)
            n = len(codes)
            off = ~np.eye(n, dtype=bool)
            parts.append(
                pl.DataFrame(
                    {
                        "year": np.full(n * n, y, dtype=np.int32)[off.ravel()],
                        "source": np.repeat(codes, n)[off.ravel()].astype(np.int32),
                        "target": np.tile(codes, n)[off.ravel()].astype(np.int32),
                        "threat": np.asarray(M, dtype=np.float64)[off],
                    }
                ).with_columns(pl.col("threat").fill_nan(None))
            )
        return pl.concat(parts)

    def threat_frame(self, years: Any) -> pl.DataFrame:
        from .. import _validate as V

        a, b = V.years(years, what="threat model")
        if (a, b) not in self._cache:
            self._cache[(a, b)] = remove_threats(self._scored(a, b), self.removed_threats)
        return self._cache[(a, b)]

    def threat_matrix(self, year: int) -> Any:
        """``(codes, M)`` of one year as the alignment functions read it (unknown NaN, removed rows 0)."""
        from ._matrix import frame_to_matrix

        codes, M = frame_to_matrix(self.threat_frame(int(year)))
        return codes, zero_rows(codes, M, self.removed_threats)


def with_scenario(model: Any, scenario: Any) -> Any:
    """``model`` (default: the default threat model) wrapped to score under ``scenario``; unchanged if none."""
    sc = parse_scenario(scenario)
    if sc is None:
        return model
    if model is None:
        from ._model import default_model

        model = default_model()
    return ScenarioModel(model, sc)
