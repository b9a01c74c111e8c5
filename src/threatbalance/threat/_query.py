"""``threats()``: which states threaten one state most, or whom one state threatens most."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from .. import _validate as V
from .._errors import EmptySelectionError, InputError, YearRangeError
from ..sources import DATA_END, DATA_START
from ..states import resolve_state, state_table
from ._features import TERMS


def check_year(year: Any) -> int:
    """An integer year inside the model's coverage, else :class:`YearRangeError`."""
    return V.year(year, what="threat model")


def _members(year: int) -> np.ndarray:
    from ._features import panel_keys

    return np.unique(panel_keys(year, year)["ccode1"].to_numpy())


def _check_member(code: int, year: int) -> None:
    if code not in set(_members(year).tolist()):
        from ..panels import membership_years

        yrs = membership_years("cow", True).filter(pl.col("ccode") == code)["year"].sort().to_list()
        span = _spans(yrs)
        raise EmptySelectionError(
            f"{_name(code)} ({code}) was not a member of the state system in {year}; member years: {span or 'none'}"
        )


def _spans(yrs: list[int]) -> str:
    if not yrs:
        return ""
    out, a, b = [], yrs[0], yrs[0]
    for y in yrs[1:]:
        if y == b + 1:
            b = y
        else:
            out.append(f"{a}-{b}" if a != b else str(a))
            a = b = y
    out.append(f"{a}-{b}" if a != b else str(a))
    return ", ".join(out)


def _name(code: int) -> str:
    from ..states import state_name

    return state_name(code)


def check_dyad_year(source: Any, target: Any, year: Any) -> tuple[int, int, int]:
    y = check_year(year)
    j, i = resolve_state(source), resolve_state(target)
    if j == i:
        raise InputError(f"source and target are the same state ({_name(j)}); a state poses no threat to itself here")
    _check_member(j, y)
    _check_member(i, y)
    return j, i, y


def caveats(year: int, lag: int = 1) -> str:
    """The data notes that apply to a year: which sources are carried forward past their end, and from when.

    Built from :func:`~threatbalance.threat._features.vintage` (the per-year vintage table).
    """
    from ._features import MID_END, vintage

    v = vintage(year, lag)
    notes = []
    labels = {
        "contiguity": "contiguity",
        "majors": "major powers",
        "mindist": "minimum distance",
        "atop": "alliances",
        "tss_rivalries": "rivalries",
        "terrthreat": "territorial threat",
        "un_votes": "UN votes",
        "nuclear_latency": "nuclear latency",
        "missile_tests": "missile tests",
        "sipri": "arms imports",
        "vparty": "governing-party ideology",
    }
    st = dict(zip(v["source"].to_list(), v["status"].to_list()))
    if st.get("cow_mids", "").startswith("held"):
        notes.append(f"dispute histories held at their {MID_END} level (GML MIDs to 2010, COW MID 5.0 to {MID_END})")
    for key, label in labels.items():
        if st.get(key, "").startswith("carried forward"):
            notes.append(f"{label} {st[key]}")
    return "; ".join(notes)


def threats(
    target: Any = None,
    source: Any = None,
    year: Any = None,
    top: int | None = 10,
    model: Any = None,
    lang: str = "en",
    scenario: Any = None,
) -> pl.DataFrame:
    """The states that threaten ``target`` most, or those ``source`` threatens most, in one year.

    Parameters
    ----------
    target, source : state identifier
        Exactly one of them (or both, for one dyad): a COW code, abbreviation, ISO3 code or an
        English/Persian name.
    year : int
        A year in 1816-2022.
    top : int or None
        How many rows to keep (default 10; ``None`` keeps all).
    model : ThreatModel, optional
        Default: :func:`~threatbalance.threat.default_model` (documented default weights).
    lang : {"en", "fa"}
        Language of the state names.
    scenario : dict, list or str, optional
        What-if changes of inputs for the year, e.g. ``{"IRN.nuclear": 0}`` or
        ``["ARM-AZE.rivalry=0"]``, or the removal of a state's threat, ``{"IRN.threat": 0}``
        (its threats are 0; its terms stay as scored) (see :mod:`threatbalance.threat._scenario`);
        the ``caveats`` column then names the scenario.

    Returns
    -------
    polars.DataFrame
        One row per dyad, highest threat first: ``rank, year, source, source_abb, source_name,
        target, target_abb, target_name, threat, threat_lo, threat_hi, power, proximity, offense,
        intent, share_power, share_proximity, share_offense, share_intent`` (the absolute terms in
        log-odds and their shares), ``excess_power`` ... ``excess_intent`` (each term minus its
        median over all dyads of the year), ``share_excess_power`` ... (shares of the positive
        excesses), ``main_source`` (the term with the largest excess over the year's typical
        dyad: what sets this dyad apart), ``top_factors`` (the three features that add most,
        with their log-odds; see :data:`~threatbalance.threat.FEATURES`), ``evidence``,
        ``n_imputed`` and ``caveats`` (sources carried forward in that year).

    Raises
    ------
    UnknownStateError, YearRangeError, EmptySelectionError, InputError
        For an unknown state, a year outside 1816-2022, a state that was not a system member that
        year, or neither/both of ``target`` and ``source`` missing.

    Examples
    --------
    >>> import threatbalance as tb
    >>> t = tb.threats(target="AZE", year=2012, top=5)
    >>> t["target_abb"].unique().to_list(), t.height
    (['AZE'], 5)
    >>> tb.threats(source="IRN", year=2012, top=3)["source_name"][0]
    'Iran'
    """
    from ._features import panel_keys
    from ._model import default_model
    from ._results import with_shares

    if target is None and source is None:
        raise InputError("name a target (who threatens it?) or a source (whom does it threaten?), or both")
    if year is None:
        raise YearRangeError(f"give a year in {DATA_START}-{DATA_END}")
    V.lang(lang)
    if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1):
        raise InputError(f"top must be a positive integer, got {top!r}")
    y = check_year(year)
    m = model if model is not None else default_model()
    if target is not None and source is not None and resolve_state(target) == resolve_state(source):
        raise InputError(
            f"source and target are the same state ({_name(resolve_state(target))}); a state poses no "
            "threat to itself here: give a target (who threatens it?), a source (whom does it "
            "threaten?) or two different states"
        )
    keys = panel_keys(y, y)
    if target is not None:
        i = resolve_state(target)
        _check_member(i, y)
        keys = keys.filter(pl.col("ccode2") == i)
    if source is not None:
        j = resolve_state(source)
        _check_member(j, y)
        keys = keys.filter(pl.col("ccode1") == j)
    if keys.is_empty():
        raise EmptySelectionError(f"source and target are the same state, or were never members on the same day in {y}")
    from ._scenario import parse_scenario, remove_threats

    res = m.results()
    sc = parse_scenario(scenario)
    S = res.with_excess(
        with_shares(res.score(res.features(keys, scenario=sc.input_changes if sc else None), detail=True))
    )
    S = remove_threats(S, sc.removed if sc else ())
    contrib = [c for c in S.columns if c.startswith("c_")]
    C = S.select(contrib).to_numpy()
    order = np.argsort(-C, axis=1)[:, :3]
    top_f = ["; ".join(f"{contrib[k][2:]} +{C[r, k]:.2f}" for k in order[r] if C[r, k] > 0.005) for r in range(len(C))]
    S = S.drop(contrib).with_columns(pl.Series("top_factors", top_f, dtype=pl.Utf8))
    names = state_table().select(
        pl.col("code").cast(pl.Int32), "abb", pl.col("name_fa" if lang == "fa" else "name_en").alias("name")
    )
    for side, col in (("source", "ccode1"), ("target", "ccode2")):
        S = S.join(names.rename({"code": col, "abb": f"{side}_abb", "name": f"{side}_name"}), on=col, how="left")
    S = S.rename({"ccode1": "source", "ccode2": "target"}).sort("threat", descending=True, nulls_last=True)
    if top is not None:
        S = S.head(int(top))
    S = S.with_row_index("rank", offset=1).with_columns(
        pl.col("rank").cast(pl.Int32),
        pl.lit("; ".join(x for x in (f"scenario: {sc.describe()}" if sc else "", caveats(y, int(m.lag))) if x)).alias(
            "caveats"
        ),
    )
    return S.select(
        "rank",
        "year",
        "source",
        "source_abb",
        "source_name",
        "target",
        "target_abb",
        "target_name",
        "threat",
        "threat_lo",
        "threat_hi",
        *TERMS,
        *[f"share_{t}" for t in TERMS],
        *[f"excess_{t}" for t in TERMS],
        *[f"share_excess_{t}" for t in TERMS],
        "main_source",
        "top_factors",
        "evidence",
        "n_imputed",
        "caveats",
    )


def offense_by_programme(year: int = 2012, model: Any = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The offense term of nuclear-armed and nuclear-latent states against comparable states without a programme.

    Each state's offense term as a source is its median over all targets of the year (the term
    barely varies by target).  Groups: ``nuclear-armed`` (ledger), ``nuclear-latent`` (Fuhrmann &
    Tkach facility operating or being built, no weapons), and ``comparable, no programme``: the
    other states whose CINC is at least the smallest CINC of a programme state that year.

    Returns
    -------
    (groups, states) : polars.DataFrame
        ``group, n, median_offense, mean_offense, median_cinc`` and one row per state
        ``ccode, abb, group, cinc, offense``.

    Examples
    --------
    >>> from threatbalance.threat._query import offense_by_programme
    >>> g, s = offense_by_programme(2012)
    >>> g["group"].to_list()
    ['nuclear-armed', 'nuclear-latent', 'comparable, no programme']
    """
    from ._features import v2_state_inputs
    from ._model import default_model

    y = check_year(year)
    m = model if model is not None else default_model()
    f = m.threat_frame(y)
    off = f.group_by(pl.col("source").alias("ccode")).agg(pl.col("offense").median())
    lag = int(getattr(m, "lag", 1))
    st = v2_state_inputs().filter(pl.col("year") == y - lag).select("ccode", "nuclear", "latent")
    from ..sources import load_table

    cinc = load_table("cow_nmc").filter(pl.col("year") == y - lag).select(pl.col("ccode").cast(pl.Int32), "cinc")
    d = off.join(st, on="ccode", how="left").join(cinc, on="ccode", how="left")
    grp = (
        pl.when(pl.col("nuclear") == 1)
        .then(pl.lit("nuclear-armed"))
        .when(pl.col("latent") > 0)
        .then(pl.lit("nuclear-latent"))
        .otherwise(pl.lit("none"))
    )
    d = d.with_columns(grp.alias("group"))
    floor = d.filter(pl.col("group") != "none")["cinc"].min()
    d = d.with_columns(
        pl.when((pl.col("group") == "none") & (pl.col("cinc") >= floor))
        .then(pl.lit("comparable, no programme"))
        .otherwise(pl.col("group"))
        .alias("group")
    ).filter(pl.col("group") != "none")
    names = state_table().select(pl.col("code").cast(pl.Int32).alias("ccode"), "abb")
    states = d.join(names, on="ccode", how="left").select("ccode", "abb", "group", "cinc", "offense")
    order = ["nuclear-armed", "nuclear-latent", "comparable, no programme"]
    groups = (
        states.group_by("group")
        .agg(
            pl.len().alias("n"),
            pl.col("offense").median().alias("median_offense"),
            pl.col("offense").mean().alias("mean_offense"),
            pl.col("cinc").median().alias("median_cinc"),
        )
        .with_columns(pl.col("group").replace_strict({g: k for k, g in enumerate(order)}).alias("_o"))
        .sort("_o")
        .drop("_o")
    )
    return groups, states.sort("group", "offense", descending=[False, True])
