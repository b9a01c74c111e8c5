"""The dashboard's callbacks as plain functions: inputs of the UI in, figures, tables and notes out.

They are what the Dash callbacks of :mod:`._app` call, and what the smoke tests call directly.
A user error (unknown state, empty selection, year outside coverage ...) never escapes: it comes
back as a message for the UI.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import polars as pl

from .. import _validate as V
from .._errors import EmptySelectionError, InputError, ThreatBalanceError, YearRangeError
from . import _figures as F
from ._data import N_, REGIONS, DashboardData

log = logging.getLogger("threatbalance.web")

MAP_MODES = {"threat": N_("Threat to the chosen state"), "partners": N_("Predicted partners (alignment score)")}
TABLE_COLUMNS = {  # column of tb.partners -> header in the UI (a catalogue message id)
    "rank": "#",
    "name": N_("partner"),
    "name_fa": "نام",
    "score": N_("score"),
    "common_threat": N_("common threat"),
    "mutual_threat": N_("mutual threat"),
    "enemy_name": N_("common enemy"),
    "enemy_share": N_("enemy share"),
    "allied": N_("ATOP ally"),
    "defense": N_("defence pact"),
    "arms_tiv": N_("arms (SIPRI TIV)"),
}
NO_STATE = "choose a state and a year above"


def message(exc: BaseException) -> str:
    """The text shown in the UI for an exception: the user error's own message, or a note to report it."""
    if isinstance(exc, ThreatBalanceError):
        return str(exc)
    log.exception("dashboard internal error")
    return f"internal error ({type(exc).__name__}: {exc}); please report it with what you chose"


def guarded(fn: Callable, *args: Any, **kw: Any) -> tuple[Any, str | None]:
    """``(fn(*args, **kw), None)``, or ``(None, message)`` when it raises."""
    try:
        return fn(*args, **kw), None
    except Exception as exc:
        return None, message(exc)


# ---- selection ------------------------------------------------------------------------------------
def select(data: DashboardData, state: Any, year: Any, partner: Any = None, source: Any = None) -> dict:
    """Resolve what the user typed and picked.

    Returns ``{"state", "year", "partner", "source", "label", "notes"}`` (codes as int; when its box is
    empty or names the state itself, the partner is the state's top predicted partner and the threat
    source its top threatener that year, and ``partner_auto``/``source_auto`` say why: ``"empty"`` or
    ``"same"``), or ``{"error": message}`` when the state or year cannot be used.

    Examples
    --------
    >>> from threatbalance.web._data import DashboardData
    >>> select(DashboardData(), "", 2012)["error"][:15]
    'choose a state:'
    """
    try:
        code = data.resolve(state)
        if year is None or isinstance(year, bool):
            raise EmptySelectionError("choose a year with the slider")
        y = V.year(year)
    except Exception as exc:
        return {"error": message(exc)}
    sel: dict[str, Any] = {
        "state": code,
        "year": y,
        "partner": None,
        "source": None,
        "label": data.label(code),
        "notes": [],
    }
    # partner and threat source: typed, or the API's top choice that year when the box is empty or
    # names the state itself (e.g. the default partner after the state was changed to it)
    for key, text, what in (("partner", partner, "partner"), ("source", source, "threatening state")):
        try:
            typed = text is not None and str(text).strip() != ""
            c = data.resolve(text, what) if typed else None
            if c is not None and c != code:
                sel[key] = c
                continue
            sel[f"{key}_auto"] = "same" if c == code else "empty"
            if key == "partner":
                p = data.partners(code, y)
                sel[key] = int(p["ccode"][0]) if p.height else None
            else:
                t = data.threats_to(code, y).filter(pl.col("threat").is_not_null())
                sel[key] = int(t["source"][0]) if t.height else None
        except Exception as exc:
            sel["notes"].append(message(exc))
    return sel


def year_typed(value: Any) -> tuple[int | None, str | None]:
    """``(year, None)`` for a year typed in the year box, or ``(None, message)`` when it cannot be used.

    Examples
    --------
    >>> year_typed(1850)
    (1850, None)
    >>> print(year_typed(1700)[1])
    year 1700 is outside the data's coverage 1816-2022; type a year from 1816 to 2022
    """
    from ..sources import DATA_END, DATA_START

    allowed = f"type a year from {DATA_START} to {DATA_END}"
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        return None, f"no year: {allowed} (the browser reports a number outside that range as empty)"
    try:
        return V.year(value), None
    except YearRangeError as exc:
        msg = str(exc)  # names the bad value; add the range where it does not say it already
        return None, msg if f"from {DATA_START} to {DATA_END}" in msg else f"{msg}; {allowed}"


def summary(data: DashboardData, sel: dict) -> str:
    if "error" in sel:
        return ""
    out = f"{sel['label']} in {sel['year']}"
    for key, what, auto in (
        ("partner", "partner", "top predicted partner"),
        ("source", "threat from", "top threatener"),
    ):
        if sel.get(key) is None:
            continue
        out += f" · {what}: {data.short(sel[key])}"
        why = sel.get(f"{key}_auto")
        if why == "empty":
            out += f" ({auto})"
        elif why == "same":
            out += f" ({auto}; the {what} box names {data.short(sel['state'])} itself)"
    return out


def _need(sel: dict | None) -> None:
    if not sel:
        raise EmptySelectionError(NO_STATE)
    if "error" in sel:
        raise EmptySelectionError(f"nothing to show: {sel['error']}")


# ---- map --------------------------------------------------------------------------------------------
def map_frame(data: DashboardData, sel: dict, mode: str) -> pl.DataFrame:
    """The rows behind the map: one per state, the value drawn and its parts."""
    _need(sel)
    if mode not in MAP_MODES:
        raise InputError(f"unknown map colouring {mode!r}; allowed: {', '.join(MAP_MODES)}")
    code, y = sel["state"], sel["year"]
    if mode == "threat":
        df = data.threats_to(code, y).filter(pl.col("source") != code)
        keep = [c for c in ("year", "source", "abb", "name", "name_fa", "iso3", "threat", *F.TERMS) if c in df.columns]
        return df.select(keep).rename({"source": "ccode"})
    df = data.partners_view(code, y)
    return df.with_columns(pl.lit(y).alias("year")).select(
        "year",
        "ccode",
        "abb",
        "name",
        "name_fa",
        "iso3",
        "rank",
        "score",
        "common_threat",
        "mutual_threat",
        "common_enemy",
        "enemy_abb",
        "enemy_share",
        "allied",
        "defense",
        "arms_tiv",
    )


def map_view(data: DashboardData, sel: dict, mode: str) -> tuple[go.Figure, str]:
    df, err = guarded(map_frame, data, sel, mode)
    if err:
        return F.empty(err if sel and "error" not in sel else NO_STATE), err
    drawn, missing = F.map_locations(df, "ccode")
    if mode == "threat":
        hover = [
            f"{n} ({a}) → {data.short(sel['state'])}<br>threat {F._fmt(t)}<br>"
            + " · ".join(f"{k} {F._fmt(r.get(k))}" for k in F.TERMS if k in r)
            for n, a, t, r in zip(drawn["name"], drawn["abb"], drawn["threat"], drawn.to_dicts())
        ]
        drawn = drawn.with_columns(pl.col("threat").alias("value"), pl.Series("hover", hover, pl.Utf8))
    else:
        hover = [
            f"#{k} {n} ({a})<br>score {F._fmt(s)} · common threat {F._fmt(c)}<br>common enemy: {e or 'NA'}"
            for k, n, a, s, c, e in drawn.select(
                "rank", "name", "abb", "score", "common_threat", "enemy_abb"
            ).iter_rows()
        ]
        drawn = drawn.with_columns(pl.col("score").alias("value"), pl.Series("hover", hover, pl.Utf8))
    st = data.states().filter(pl.col("code") == sel["state"])
    iso, _ = F.map_locations(st.rename({"code": "ccode", "name_en": "name"}), "ccode")
    fig = F.threat_map(drawn, iso["loc"][0] if iso.height else None, data.short(sel["state"]), mode, sel["year"])
    n_na = drawn.filter(pl.col("value").is_null()).height
    note = f"{drawn.height} states drawn"
    if n_na:
        note += f" ({n_na} with no value: grey)"
    if missing:
        note += f"; no polygon on a present-day map: {', '.join(missing)}"
    return fig, note


# ---- network ---------------------------------------------------------------------------------------
def _all_alliances(value: Any) -> bool:
    """The "all alliances" checklist (a list of ticked values) or a bool."""
    return "all" in value if isinstance(value, (list, tuple)) else bool(value)


def network_frame(data: DashboardData, sel: dict, region: str, threshold: Any, alliances: Any = False) -> pl.DataFrame:
    """Edges drawn in the network panel: threat edges (directed) and ATOP alliances (``kind``)."""
    _need(sel)
    _nodes, edges, al = data.network(sel["state"], sel["year"], region, threshold, _all_alliances(alliances))
    e = edges.select(
        pl.lit("threat").alias("kind"),
        pl.col("source").cast(pl.Int64).alias("from"),
        pl.col("target").cast(pl.Int64).alias("to"),
        pl.col("source_abb").alias("from_abb"),
        pl.col("target_abb").alias("to_abb"),
        pl.col("threat").cast(pl.Float64).alias("value"),
    )
    a = data.names(data.names(al, "ccode1", "a_"), "ccode2", "b_").select(
        pl.when(pl.col("atop_defense") == 1)
        .then(pl.lit("alliance (defence)"))
        .otherwise(pl.lit("alliance"))
        .alias("kind"),
        pl.col("ccode1").cast(pl.Int64).alias("from"),
        pl.col("ccode2").cast(pl.Int64).alias("to"),
        pl.col("a_abb").alias("from_abb"),
        pl.col("b_abb").alias("to_abb"),
        pl.lit(None, pl.Float64).alias("value"),
    )
    return pl.concat([e, a]).with_columns(pl.lit(sel["year"]).alias("year"))


def network_view(
    data: DashboardData, sel: dict, region: str, threshold: Any, alliances: Any = False
) -> tuple[go.Figure, str | None]:
    def build():
        _need(sel)
        every = _all_alliances(alliances)
        nodes, edges, al = data.network(sel["state"], sel["year"], region, threshold, every)
        where = (
            f"around {data.short(sel['state'])}"
            if REGIONS[region][1] is None
            else f"{REGIONS[region][0]}, chosen state {data.short(sel['state'])}"
        )
        title = (
            f"Threat network {where}, {sel['year']}<br><span style='font-size:11px;color:#666'>arrows: "
            f"threat ≥ {float(threshold):g}; green: ATOP "
            f"{'alliances (any pledge)' if every else 'defence, offence or neutrality pledges'}</span>"
        )
        fig = F.network(nodes, edges, al, sel["state"], centred=REGIONS[region][1] is None, title=title)
        kind = "ATOP alliances (any pledge)" if every else "ATOP alliances (defence, offence or neutrality pledge)"
        note = f"{nodes.height} states, {edges.height} threat edges, {al.height} {kind}"
        if sel["state"] not in nodes["code"].to_list():
            note += f" ({data.short(sel['state'])} is not in this region)"
        return fig, note

    out, err = guarded(build)
    return out if out else (F.empty(err if err and sel and "error" not in sel else NO_STATE), err)


# ---- time series ------------------------------------------------------------------------------------
def _years(years: Any) -> tuple[int, int]:
    if not years or len(years) != 2:
        raise EmptySelectionError("choose a range of years for the time series")
    return V.years(years, reorder=True)


def series_frame(data: DashboardData, sel: dict, years: Any) -> pl.DataFrame:
    """Threat terms (source -> state) and common threat with the partner, one row per year."""
    _need(sel)
    yr = _years(years)
    parts = []
    if sel.get("source") is not None:
        t = data.term_series(sel["source"], sel["state"], yr)
        parts.append(
            t.rename({c: f"{c}_from_source" for c in t.columns if c not in ("year", "source", "target")}).rename(
                {"source": "threat_source", "target": "state"}
            )
        )
    if sel.get("partner") is not None:
        c = data.common_series(sel["state"], sel["partner"], yr).drop("ccode1", "ccode2")
        parts.append(c.with_columns(pl.lit(sel["partner"]).alias("partner")))
    if not parts:
        raise EmptySelectionError("choose a partner or a threatening state for the time series")
    out = pl.DataFrame({"year": list(range(yr[0], yr[1] + 1))})
    for p in parts:
        out = out.join(p.with_columns(pl.col("year").cast(pl.Int64)), on="year", how="left", maintain_order="left")
    return out


def _ledger(data: DashboardData, a: int, b: int) -> tuple[str, pl.DataFrame] | None:
    led, err = guarded(data.ledger, a, b)
    if err:
        log.warning("case ledger not shown: %s", err)
    return led


def dispute_end(data: DashboardData) -> tuple[int | None, str]:
    """Last year of the dispute data (GML MIDs) and what the threat model does after it."""
    from ..sources import get_source

    try:
        end = int(get_source("gml_mids").span[1])
    except Exception:
        return None, ""
    how, _ = guarded(lambda: getattr(data.model.base, "mid_after_end", None))
    held = {
        "hold": "later years hold the dispute<br>record constant (no new disputes)",
        "decay": "later years let the dispute<br>record decay (no new disputes)",
    }.get(how, "later years add no new disputes")
    return end, held


def series_view(data: DashboardData, sel: dict, years: Any) -> tuple[go.Figure, go.Figure, str]:
    notes = []
    blank = NO_STATE if not sel or "error" in sel else None
    terms_fig = common_fig = None
    if blank is None:
        yr, err = guarded(_years, years)
        if err:
            blank = err
    if blank is None and sel.get("source") is not None:
        df, err = guarded(data.term_series, sel["source"], sel["state"], yr)
        if err:
            notes.append(err)
        else:
            terms_fig = F.terms_series(
                df, f"Threat from {data.short(sel['source'])} to {data.short(sel['state'])}: terms", sel["year"]
            )
    if blank is None and sel.get("partner") is not None:
        df, err = guarded(data.common_series, sel["state"], sel["partner"], yr)
        if err:
            notes.append(err)
        else:
            case = _ledger(data, sel["state"], sel["partner"])
            led = case[1] if case else None
            common_fig = F.common_series(
                df, led, f"Common threat of {data.short(sel['state'])} and {data.short(sel['partner'])}", sel["year"]
            )
            if case is not None and led is not None:
                shown = led.filter(pl.col("year").is_between(*yr)).height
                notes.append(
                    f"case {case[0]}: {shown} of its {led.height} ledger facts in {yr[0]}-{yr[1]} "
                    "marked on the common-threat line (hover for the facts)"
                )
    end, held = dispute_end(data) if blank is None else (None, "")
    for fig in (terms_fig, common_fig):
        if fig is not None:
            F.data_end_marker(fig, yr[0], yr[1], end, held)
    if blank is None:
        notes += sel.get("notes", [])
    elif blank != NO_STATE:
        notes.append(blank)
    return (
        terms_fig or F.empty(blank or "choose a threatening state"),
        common_fig or F.empty(blank or "choose a partner"),
        "; ".join(notes),
    )


# ---- partners table -------------------------------------------------------------------------------
def table_frame(data: DashboardData, sel: dict, rows: Any) -> pl.DataFrame:
    """The predicted partners shown in the table (``tb.partners`` columns plus the enemy's name)."""
    _need(sel)
    top = None if rows in (None, "all") else int(rows)
    df = data.partners_view(sel["state"], sel["year"], top=top)
    df = data.names(df, "common_enemy", "enemy_").select(
        "rank",
        "ccode",
        "abb",
        "name",
        "name_fa",
        "score",
        "common_threat",
        "mutual_threat",
        "common_enemy",
        "enemy_abb",
        "enemy_name",
        "enemy_share",
        "allied",
        "defense",
        "arms_tiv",
    )
    return df.with_columns(pl.lit(sel["year"]).alias("year"), pl.lit(sel["state"]).alias("state"))


def table_rows(df: pl.DataFrame) -> list[list[str]]:
    """Cells of the table as display text (numbers to 3 digits, NA for missing, yes/no)."""

    def cell(v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "NA"
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, float):
            return F._fmt(v)
        return str(v)

    return [[cell(v) for v in row] for row in df.select(list(TABLE_COLUMNS)).iter_rows()]


# ---- CSV downloads ----------------------------------------------------------------------------------
def csv_download(
    data: DashboardData,
    panel: str,
    sel: dict,
    *,
    mode: str = "threat",
    region: str = "neighbourhood",
    threshold: Any = 0.0,
    years: Any = None,
    rows: Any = 25,
    alliances: Any = False,
) -> tuple[str | None, str, str | None]:
    """``(filename, csv text, error)`` of what a panel shows."""
    fns = {
        "map": lambda: map_frame(data, sel, mode),
        "network": lambda: network_frame(data, sel, region, threshold, alliances),
        "series": lambda: series_frame(data, sel, years),
        "table": lambda: table_frame(data, sel, rows),
    }
    if panel not in fns:
        return None, "", f"unknown panel {panel!r}"
    df, err = guarded(fns[panel])
    if err:
        return None, "", err
    abb = data.states().filter(pl.col("code") == sel["state"])["abb"][0]
    extra = {
        "map": mode,
        "network": region,
        "series": f"{_years(years)[0]}-{_years(years)[1]}" if panel == "series" else "",
        "table": "partners",
    }[panel]
    name = "_".join(p for p in ("threatbalance", panel, extra, abb, str(sel["year"])) if p)
    return f"{name}.csv", df.write_csv(), None
