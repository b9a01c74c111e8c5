"""Plotly figures of the dashboard, drawn from the tables of :mod:`._data` (drawing only)."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import polars as pl

from ._data import DRAWN_AS, TERMS

STATE_COLOUR = "#1f5fbf"
ALLY_COLOUR = "#2e9e44"
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Vazirmatn', Tahoma, sans-serif", size=12)
TERM_COLOURS = {
    "threat": "#b2182b",
    "power": "#6a3d9a",
    "proximity": "#1f78b4",
    "offense": "#ff7f00",
    "intent": "#33a02c",
}


def _base(fig: go.Figure, **layout) -> go.Figure:
    layout.setdefault("margin", dict(l=10, r=10, t=30, b=10))
    fig.update_layout(font=FONT, paper_bgcolor="white", plot_bgcolor="white", **layout)
    return fig


def empty(message: str) -> go.Figure:
    """A blank figure that says why it is blank."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5, font=dict(size=14, color="#666")
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _base(fig, height=360)


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "NA"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"


def map_locations(df: pl.DataFrame, code_col: str, iso_col: str = "iso3") -> tuple[pl.DataFrame, list[str]]:
    """ISO3 location of each row for the map, with :data:`DRAWN_AS` for states without a present-day polygon.

    Returns the rows that can be drawn (column ``loc``) and the names of those that cannot.
    """
    taken = set(df[iso_col].drop_nulls().to_list())
    sub = {c: iso for c, iso in DRAWN_AS.items() if iso not in taken}
    df = df.with_columns(
        pl.coalesce(
            pl.col(iso_col), pl.col(code_col).cast(pl.Int64).replace_strict(sub, default=None, return_dtype=pl.Utf8)
        ).alias("loc")
    )
    name_col = "name" if "name" in df.columns else code_col
    missing = df.filter(pl.col("loc").is_null())[name_col].cast(pl.Utf8).to_list()
    return df.filter(pl.col("loc").is_not_null()), missing


def threat_map(df: pl.DataFrame, state_iso: str | None, state_name: str, mode: str, year: int) -> go.Figure:
    """World choropleth: threat each state poses to the chosen state, or its partner scores.

    ``df`` holds ``loc`` (ISO3), ``name`` and the value column ``value`` with hover columns.
    """
    vals = df["value"].to_numpy().astype(float)
    if mode == "threat":  # threat is a probability spread over orders of magnitude: colour by log10
        title = f"Threat to {state_name}, {year}"
        pos = vals[np.isfinite(vals) & (vals > 0)]
        z = np.log10(np.where(vals > 0, vals, np.nan))
        # the scale starts at the year's median threat to the state: the typical (low) threat is pale
        # and only the states above it are shaded; everything below the median gets the palest colour
        lo = float(np.log10(np.median(pos))) if len(pos) else -4.0
        hi = float(np.log10(pos.max())) if len(pos) else 0.0
        hi = max(hi, lo + 1.0)
        ticks = [lo] + list(range(math.ceil(lo + 0.25), math.floor(hi) + 1))
        text = [f"≤ {10.0**lo:.2g} (median)"] + [f"{10.0**t:g}" for t in ticks[1:]]
        bar = dict(thickness=12, len=0.7, title=dict(text="threat"), tickvals=ticks, ticktext=text)
        trace = dict(z=z, colorscale="Reds", zmin=lo, zmax=hi, colorbar=bar)
    else:
        title = f"Predicted partners of {state_name}, {year} (alignment score)"
        trace = dict(
            z=vals, colorscale="RdBu", zmid=0.0, colorbar=dict(thickness=12, len=0.7, title=dict(text="score"))
        )
    fig = go.Figure(
        go.Choropleth(
            locations=df["loc"].to_list(),
            locationmode="ISO-3",
            text=df["hover"].to_list(),
            hovertemplate="%{text}<extra></extra>",
            marker_line_width=0.4,
            marker_line_color="#888",
            name=mode,
            **trace,
        )
    )
    if state_iso:
        fig.add_trace(
            go.Choropleth(
                locations=[state_iso],
                z=[1],
                locationmode="ISO-3",
                colorscale=[[0, STATE_COLOUR], [1, STATE_COLOUR]],
                showscale=False,
                marker_line_color=STATE_COLOUR,
                marker_line_width=0.6,
                text=[state_name],
                hovertemplate="%{text} (chosen state)<extra></extra>",
                name="chosen",
            )
        )
    fig.update_geos(
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#aaa",
        showland=True,
        landcolor="#eeeeee",
        showocean=True,
        oceancolor="#f4f8fb",
        showframe=False,
        resolution=110,
        lataxis_range=[-58, 85],
    )
    return _base(fig, title=dict(text=title, x=0.01, font=dict(size=14)), height=380)


def _circle(n: int, radius: float = 1.0, start: float = math.pi / 2) -> np.ndarray:
    t = start - 2 * math.pi * np.arange(n) / max(n, 1)
    return np.column_stack([radius * np.cos(t), radius * np.sin(t)])


def _ends(df: pl.DataFrame, a: str, b: str, pos: dict) -> tuple[np.ndarray, ...]:
    """Coordinates of both ends of each row's edge ``a`` -> ``b``."""
    px = {c: p[0] for c, p in pos.items()}
    py = {c: p[1] for c, p in pos.items()}
    return tuple(
        df[col].replace_strict(m, return_dtype=pl.Float64).to_numpy() for col, m in ((a, px), (a, py), (b, px), (b, py))
    )


def network(
    nodes: pl.DataFrame, edges: pl.DataFrame, alliances: pl.DataFrame, state: int, centred: bool, title: str
) -> go.Figure:
    """Threat network: nodes on a circle (the chosen state at the centre of its neighbourhood),
    arrows from threatener to threatened (width by threat), ATOP alliances as dashed green lines."""
    codes = nodes["code"].to_list()
    if centred and state in codes:
        others = [c for c in codes if c != state]
        pos = {state: (0.0, 0.0)} | dict(zip(others, map(tuple, _circle(len(others)))))
    else:
        pos = dict(zip(codes, map(tuple, _circle(len(codes)))))
    fig = go.Figure()
    # alliances first (under the arrows)
    if alliances.height:
        x0, y0, x1, y1 = _ends(alliances, "ccode1", "ccode2", pos)
        nan = np.full(len(x0), np.nan)
        fig.add_trace(
            go.Scatter(
                x=np.column_stack([x0, x1, nan]).ravel(),
                y=np.column_stack([y0, y1, nan]).ravel(),
                mode="lines",
                line=dict(color="rgba(46,158,68,0.45)", width=1.0, dash="dash"),
                name="ATOP alliance",
                hoverinfo="skip",
            )
        )
    # threat edges, in three width classes
    if edges.height:
        e = edges
        x0, y0, x1, y1 = _ends(e, "source", "target", pos)
        dx, dy = x1 - x0, y1 - y0
        length = np.hypot(dx, dy)
        length[length == 0] = 1.0
        # shift each direction sideways so that A->B and B->A are both visible
        off = 0.018
        px, py = dy / length * off, -dx / length * off
        x0, x1, y0, y1 = x0 + px, x1 + px, y0 + py, y1 + py
        thr = e["threat"].to_numpy().astype(float)
        hi = float(np.nanmax(thr)) if np.isfinite(thr).any() else 1.0
        klass = np.digitize(thr / (hi or 1.0), [1 / 3, 2 / 3])
        for k, width in zip(range(3), (1.0, 2.2, 3.6)):
            idx = np.flatnonzero(klass == k)
            if not len(idx):
                continue
            xs = np.column_stack([x0[idx], x1[idx], np.full(len(idx), np.nan)]).ravel()
            ys = np.column_stack([y0[idx], y1[idx], np.full(len(idx), np.nan)]).ravel()
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color="rgba(178,24,43,0.55)", width=width),
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        # arrow heads at 78 % of the way, pointing at the target; they carry the hover text
        ax, ay = x0 + 0.78 * (x1 - x0), y0 + 0.78 * (y1 - y0)
        angle = np.degrees(np.arctan2(x1 - x0, y1 - y0))
        hover = [
            f"{s} → {t}: threat {_fmt(v)}" for s, t, v in e.select("source_abb", "target_abb", "threat").iter_rows()
        ]
        fig.add_trace(
            go.Scatter(
                x=ax,
                y=ay,
                mode="markers",
                name="threat (arrow: source → target)",
                marker=dict(symbol="triangle-up", size=5 + 4 * klass, angle=angle, color="rgba(178,24,43,0.9)"),
                text=hover,
                hovertemplate="%{text}<extra></extra>",
            )
        )
    # nodes
    xy = np.array([pos[c] for c in codes]) if codes else np.zeros((0, 2))
    t2s = nodes["threat_to_state"].to_numpy().astype(float)
    colour = np.where(np.array(codes) == state, np.nan, t2s)
    hover = [
        f"{n} ({a}, {c})<br>threat to chosen state: {_fmt(v)}" if c != state else f"{n} ({a}, {c}): chosen state"
        for c, a, n, v in nodes.select("code", "abb", "name", "threat_to_state").iter_rows()
    ]
    fig.add_trace(
        go.Scatter(
            x=xy[:, 0],
            y=xy[:, 1],
            mode="markers+text",
            text=nodes["abb"].to_list(),
            textposition="top center",
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            name="state (colour: threat to chosen state)",
            marker=dict(
                size=[22 if c == state else 15 for c in codes],
                color=colour,
                colorscale="Reds",
                cmin=0,
                line=dict(
                    color=[STATE_COLOUR if c == state else "#555" for c in codes],
                    width=[3 if c == state else 1 for c in codes],
                ),
                showscale=bool(np.isfinite(colour).any()),
                colorbar=dict(thickness=10, len=0.6, title=dict(text="threat to<br>chosen")),
            ),
        )
    )
    if state in codes:  # the chosen state filled blue (a NaN colour would draw it black)
        sx, sy = pos[state]
        fig.add_trace(
            go.Scatter(
                x=[sx],
                y=[sy],
                mode="markers",
                name="chosen state",
                hoverinfo="skip",
                marker=dict(size=22, color=STATE_COLOUR, line=dict(color="#0b2f66", width=2)),
            )
        )
    fig.update_xaxes(visible=False, range=[-1.3, 1.3])
    fig.update_yaxes(visible=False, range=[-1.25, 1.3], scaleanchor="x", scaleratio=1)
    return _base(
        fig,
        title=dict(text=title, x=0.01, y=0.97, yanchor="top", font=dict(size=14)),
        height=480,
        showlegend=True,
        margin=dict(l=10, r=10, t=52, b=10),
        legend=dict(orientation="h", y=-0.02, x=0, font=dict(size=11)),
    )


def data_end_marker(fig: go.Figure, first: int, last: int, end: int | None, held: str) -> None:
    """A vertical line where the dispute data end, when the range goes past it, with what follows."""
    if end is None or not first <= end < last:
        return
    fig.add_vline(x=end, line=dict(color="#555", width=1, dash="dash"))
    fig.add_annotation(
        x=end,
        xref="x",
        y=0.99,
        yref="paper",
        yanchor="top",
        xanchor="left",
        showarrow=False,
        text=f"dispute data end {end}:<br>{held}",
        font=dict(size=10, color="#444"),
        align="left",
        bgcolor="rgba(255,255,255,0.85)",
    )


def terms_series(df: pl.DataFrame, title: str, year: int) -> go.Figure:
    """Threat (a probability, right axis) and its four terms (log-odds contributions, left axis) over the years."""
    from plotly.subplots import make_subplots

    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for c in (*TERMS, "threat"):
        if c in df.columns:
            fig.add_trace(
                go.Scatter(
                    x=df["year"].to_list(),
                    y=df[c].to_list(),
                    mode="lines",
                    name=c,
                    line=dict(color=TERM_COLOURS[c], width=3 if c == "threat" else 1.6),
                    hovertemplate=f"{c} %{{y:.3g}}<extra>%{{x}}</extra>",
                ),
                secondary_y=c == "threat",
            )
    fig.add_vline(x=year, line=dict(color="#999", dash="dot"))
    fig.update_xaxes(title_text="year", gridcolor="#eee")
    fig.update_yaxes(title_text="term (log-odds)", gridcolor="#eee", rangemode="tozero", secondary_y=False)
    fig.update_yaxes(
        title_text="threat",
        rangemode="tozero",
        showgrid=False,
        secondary_y=True,
        tickformat=".2g",
        title_font=dict(color=TERM_COLOURS["threat"]),
        tickfont=dict(color=TERM_COLOURS["threat"]),
    )
    return _base(
        fig, title=dict(text=title, x=0.01, font=dict(size=14)), height=320, legend=dict(orientation="h", y=-0.25)
    )


def common_series(df: pl.DataFrame, ledger: pl.DataFrame | None, title: str, year: int) -> go.Figure:
    """Common threat, mutual threat and alignment score of a pair over the years; ledger events as markers.

    ``ledger`` (optional) is an evidence ledger (``tb.load_ledger``): one marker per year and
    direction (hostile, cooperative, neutral) on the common-threat line, its facts in the hover.
    """
    fig = go.Figure()
    hover = [
        f"{y}: common enemy {e or 'NA'} (share {_fmt(s)})"
        for y, e, s in df.select("year", "enemy_abb", "enemy_share").iter_rows()
    ]
    fig.add_trace(
        go.Scatter(
            x=df["year"].to_list(),
            y=df["common_threat"].to_list(),
            mode="lines",
            name="common threat",
            line=dict(color="#b2182b", width=3),
            text=hover,
            hovertemplate="%{text}<br>common threat %{y:.3f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=df["year"].to_list(),
            y=df["mutual_threat"].to_list(),
            mode="lines",
            name="mutual threat",
            line=dict(color="#6a3d9a", width=1.6),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=df["year"].to_list(),
            y=df["score"].to_list(),
            mode="lines",
            name="alignment score",
            line=dict(color=STATE_COLOUR, width=1.6, dash="dash"),
        )
    )
    if ledger is not None and ledger.height:
        lo, hi = df["year"].min(), df["year"].max()
        led = ledger.filter(pl.col("year").is_between(lo, hi)).with_columns(
            (
                pl.col("date")
                + " "
                + pl.col("source_abb")
                + "→"
                + pl.col("target_abb")
                + " ("
                + pl.col("dimension")
                + "): "
                + pl.col("summary").str.slice(0, 110)
            ).alias("line")
        )
        # one marker per year and direction, hover lists the facts
        g = led.group_by("year", "direction").agg(pl.len().alias("n"), pl.col("line").str.join("<br>"))
        g = g.join(df.select(pl.col("year").cast(g.schema["year"]), "common_threat"), on="year", how="left")
        for direction, colour in (("hostile", "#d7301f"), ("cooperative", "#2e9e44"), ("neutral", "#888888")):
            d = g.filter(pl.col("direction") == direction).sort("year")
            if not d.height:
                continue
            fig.add_trace(
                go.Scatter(
                    x=d["year"].to_list(),
                    y=d["common_threat"].to_list(),
                    mode="markers",
                    name=f"case evidence: {direction}",
                    text=d["line"].to_list(),
                    hovertemplate="%{text}<extra></extra>",
                    marker=dict(
                        symbol="diamond" if direction != "hostile" else "x",
                        size=(7 + 2 * d["n"]).to_list(),
                        color=colour,
                        line=dict(color="black", width=0.8),
                    ),
                )
            )
    fig.add_vline(x=year, line=dict(color="#999", dash="dot"))
    fig.update_xaxes(title_text="year", gridcolor="#eee")
    fig.update_yaxes(gridcolor="#eee", zeroline=True, zerolinecolor="#ccc")
    return _base(
        fig, title=dict(text=title, x=0.01, font=dict(size=14)), height=320, legend=dict(orientation="h", y=-0.25)
    )
