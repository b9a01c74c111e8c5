"""Smoke tests of the dashboard without a browser: layout, callbacks called directly, HTTP routes, CLI."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import polars as pl
import pytest

from threatbalance.alignment import partners
from threatbalance.web import _views as V
from threatbalance.web._data import DRAWN_AS, REGIONS, DashboardData

ISR, AZE, IRN = 666, 373, 630


@pytest.fixture(scope="module")
def data(fake_app):
    return fake_app._tb_data


def _ids(component) -> set[str]:
    out = set()
    stack = [component]
    while stack:
        c = stack.pop()
        if getattr(c, "id", None):
            out.add(c.id)
        ch = getattr(c, "children", None)
        stack.extend(ch if isinstance(ch, (list, tuple)) else [ch] if hasattr(ch, "to_plotly_json") else [])
    return out


def test_layout_has_every_panel(fake_app):
    ids = _ids(fake_app.layout)
    for i in (
        "state",
        "partner",
        "source",
        "year",
        "message",
        "map",
        "map-mode",
        "network",
        "region",
        "threshold",
        "terms",
        "common",
        "series-years",
        "table",
        "rows",
        "download",
        "dl-map",
        "dl-network",
        "dl-series",
        "dl-table",
        "state-names",
    ):
        assert i in ids, i
    assert fake_app.config.serve_locally is True


def test_select_resolves_english_persian_and_codes(data):
    assert V.select(data, "Israel", 2012, "Azerbaijan")["partner"] == AZE
    sel = V.select(data, "آذربایجان", 2012, "ISR", "630")
    assert (sel["state"], sel["partner"], sel["source"], sel["year"]) == (AZE, ISR, IRN, 2012)
    assert "آذربایجان" in sel["label"]
    # empty partner / source: the API's top choices that year
    sel = V.select(data, "Israel", 2012)
    top = partners("Israel", 2012, top=1, model=data.model)["ccode"][0]
    assert sel["partner"] == top
    assert sel["source"] == data.threats_to(ISR, 2012)["source"][0]


def test_partner_equal_to_state_is_the_top_partner(data):
    """The default partner (Azerbaijan) after choosing Azerbaijan: the top predicted partner, no error."""
    sel = V.select(data, "آذربایجان", 2012, "Azerbaijan", "AZE")
    top = partners("AZE", 2012, top=1, model=data.model)["ccode"][0]
    assert sel["partner"] == top != AZE and sel["partner_auto"] == "same" and sel["notes"] == []
    assert sel["source"] == data.threats_to(AZE, 2012)["source"][0] and sel["source_auto"] == "same"
    text = V.summary(data, sel)
    assert "(top predicted partner; the partner box names Azerbaijan itself)" in text
    assert "(top predicted partner)" in V.summary(data, V.select(data, "AZE", 2012, ""))
    common = V.series_view(data, sel, [2005, 2012])[1]
    assert common.data and common.data[0].name == "common threat"


@pytest.mark.parametrize(
    "state, needle",
    [
        ("Narnia", "unknown state 'Narnia'"),
        ("", "choose a state"),
        (None, "choose a state"),
        ("   ", "choose a state"),
        ("99999", "no state with COW code"),
    ],
)
def test_bad_state_is_a_message(data, state, needle):
    sel = V.select(data, state, 2012)
    assert needle in sel["error"]
    fig, note = V.map_view(data, sel, "threat")
    assert isinstance(fig, go.Figure) and needle in note
    fig, note = V.network_view(data, sel, "neighbourhood", 0.1)
    assert needle in note
    terms, common, note = V.series_view(data, sel, [2000, 2012])
    assert isinstance(terms, go.Figure) and isinstance(common, go.Figure)
    _, _, err = V.csv_download(data, "table", sel)
    assert needle in err


def test_bad_partner_and_panel_inputs_are_messages(data):
    sel = V.select(data, "Israel", 2012, "Narnia", "Atlantis")
    assert "unknown state 'Narnia'" in sel["notes"][0] and "unknown state 'Atlantis'" in sel["notes"][1]
    assert sel["partner"] is None and sel["source"] is None
    ok = V.select(data, "Israel", 2012, "AZE")
    assert "unknown region" in V.network_view(data, ok, "mars", 0.1)[1]
    assert "must be a number" in V.network_view(data, ok, "neighbourhood", "abc")[1]
    for bad in (None, 5, -0.1):  # the browser's number box reports 5 (outside its 0-1) as None
        note = V.network_view(data, ok, "neighbourhood", bad)[1]
        assert "from 0 to 1" in note and "None" not in note, note
    assert "unknown map colouring" in V.map_view(data, ok, "rainbow")[1]
    assert "range of years" in V.series_view(data, ok, None)[2]
    assert "outside the data's coverage" in V.series_view(data, ok, [1700, 1800])[2]
    assert V.select(data, "Israel", None)["error"].startswith("choose a year")
    assert "unknown panel" in V.csv_download(data, "nope", ok)[2]


def test_panels_with_a_selection(data):
    sel = V.select(data, "Israel", 2012, "Azerbaijan", "Iran")
    fig, note = V.map_view(data, sel, "threat")
    loc = fig.data[0].locations
    assert len(loc) > 150 and "IRN" in loc and fig.data[1].locations == ("ISR",)
    assert "Threat to Israel, 2012" in fig.layout.title.text and "states drawn" in note
    fig, note = V.map_view(data, sel, "partners")
    assert "Predicted partners of Israel" in fig.layout.title.text
    fig, note = V.network_view(data, sel, "neighbourhood", 0.05)
    nodes = _trace(fig, "state (colour")
    assert _trace(fig, "chosen state").marker.color == "#1f5fbf"  # blue, as the docs say
    assert "ISR" in nodes.text
    i = list(nodes.text).index("ISR")
    assert (nodes.x[i], nodes.y[i]) == (0, 0)  # the chosen state sits at the centre of its neighbourhood
    others = [(x, y) for k, (x, y) in enumerate(zip(nodes.x, nodes.y)) if k != i]
    assert others and all(abs(x * x + y * y - 1) < 1e-9 for x, y in others)  # the others on the unit circle
    assert "threat edges" in note and "ATOP alliances" in note
    fig, note = V.network_view(data, sel, "middle-east", 0.05)
    assert set(_trace(fig, "state (colour").text) >= {"ISR", "IRN", "SYR"}
    strong = V.network_frame(data, sel, "middle-east", 0.05)
    every = V.network_frame(data, sel, "middle-east", 0.05, ["all"])
    n_strong, n_all = (f.filter(pl.col("kind") != "threat").height for f in (strong, every))
    assert 0 < n_strong < n_all, (n_strong, n_all)  # consultation/non-aggression pacts only on request
    assert "defence, offence or neutrality" in note
    terms, common, note = V.series_view(data, sel, [1995, 2013])
    for f in (terms, common):  # where the dispute data end, and what follows
        assert any("dispute data end 2010" in a.text for a in f.layout.annotations)
    assert not V.series_view(data, sel, [1995, 2009])[0].layout.annotations
    assert [t.name for t in terms.data] == ["power", "proximity", "offense", "intent", "threat"]
    assert list(terms.data[0].x) == list(range(1995, 2014))
    names = [t.name for t in common.data]
    assert names[:3] == ["common threat", "mutual threat", "alignment score"]
    assert any(n.startswith("case evidence") for n in names), names  # the israel-azerbaijan ledger
    assert "case israel-azerbaijan" in note
    df = V.table_frame(data, sel, 10)
    assert df.height == 10 and df["rank"].to_list() == list(range(1, 11))
    assert len(V.table_rows(df)) == 10 and len(V.table_rows(df)[0]) == len(V.TABLE_COLUMNS)


def _trace(fig, name):
    return next(t for t in fig.data if (t.name or "").startswith(name))


def test_map_scale_starts_at_the_median(data):
    import numpy as np

    sel = V.select(data, "Israel", 2012)
    fig, _ = V.map_view(data, sel, "threat")
    vals = 10.0 ** np.array(fig.data[0].z, dtype=float)  # the threats of the states drawn
    assert fig.data[0].zmin == pytest.approx(np.log10(np.median(vals[np.isfinite(vals)])))
    assert "(median)" in fig.data[0].colorbar.ticktext[0]


def test_table_agrees_with_the_api(data):
    sel = V.select(data, "AZE", 2005)
    df = V.table_frame(data, sel, "all")
    api = partners("AZE", 2005, top=None, model=data.model)
    assert df["ccode"].to_list() == api["ccode"].to_list()
    assert df["score"].to_list() == api["score"].to_list()


def test_csv_downloads(data):
    sel = V.select(data, "Israel", 2012, "Azerbaijan", "Iran")
    for panel, cols in (
        ("map", {"ccode", "threat", "power"}),
        ("network", {"kind", "from", "to", "value"}),
        ("series", {"year", "threat_from_source", "common_threat"}),
        ("table", {"rank", "score"}),
    ):
        name, text, err = V.csv_download(
            data, panel, sel, mode="threat", region="neighbourhood", threshold=0.05, years=[2000, 2012], rows=10
        )
        assert err is None and name.endswith("_ISR_2012.csv") and panel in name
        df = pl.read_csv(text.encode())
        assert cols <= set(df.columns), (panel, df.columns)
    assert pl.read_csv(V.csv_download(data, "table", sel, rows=10)[1].encode()).height == 10
    series = pl.read_csv(V.csv_download(data, "series", sel, years=[2000, 2012])[1].encode())
    assert series["year"].to_list() == list(range(2000, 2013))


def test_map_draws_historical_states_on_their_successor(data):
    sel = V.select(data, "USA", 1980)
    fig, note = V.map_view(data, sel, "threat")
    locs = fig.data[0].locations
    assert "DEU" in locs and locs.count("DEU") == 1  # German Federal Republic (260), no Germany (255) in 1980
    assert "German Democratic Republic" in note  # no polygon of its own: named, not hidden
    assert set(DRAWN_AS) <= set(data.states()["code"].to_list())


def test_regions_are_cow_blocks(data):
    assert REGIONS["middle-east"][1] == (630, 698)
    assert all(630 <= c <= 698 for c in data.members(ISR, 2012, "middle-east"))


def test_http_routes_serve_everything_locally(fake_app):
    client = fake_app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    assert "<script" in html and "https://" not in html.split("<footer>")[1]  # no CDN script
    topo = client.get("/assets/world_110m.json")
    assert topo.status_code == 200 and "countries" in json.loads(topo.get_data())["objects"]
    assert client.get("/assets/style.css").status_code == 200
    layout = client.get("/_dash-layout").get_json()
    assert "topojsonURL" in json.dumps(layout) and '"/assets/"' in json.dumps(layout)


def _post(client, state):
    payload = {
        "output": "..selection.data...message.children...summary.children..",
        "outputs": [
            {"id": "selection", "property": "data"},
            {"id": "message", "property": "children"},
            {"id": "summary", "property": "children"},
        ],
        "inputs": [
            {"id": "state", "property": "value", "value": state},
            {"id": "year", "property": "value", "value": 2012},
            {"id": "partner", "property": "value", "value": "Azerbaijan"},
            {"id": "source", "property": "value", "value": ""},
        ],
        "changedPropIds": ["state.value"],
        "state": [],
    }
    return client.post("/_dash-update-component", json=payload)


def test_callbacks_through_dash(fake_app):
    client = fake_app.server.test_client()
    r = _post(client, "Narnia")
    assert r.status_code == 200
    body = r.get_json()["response"]
    assert "unknown state 'Narnia'" in body["message"]["children"]
    r = _post(client, "ایران")
    assert r.status_code == 200
    body = r.get_json()["response"]
    assert body["selection"]["data"]["state"] == IRN and "Iran" in body["summary"]["children"]


def test_real_model_smoke(real_model):
    d = DashboardData(real_model)
    sel = V.select(d, "Israel", 2012, "Azerbaijan")
    assert "error" not in sel, sel
    fig, note = V.map_view(d, sel, "threat")
    assert len(fig.data[0].locations) > 150, note
    assert V.table_frame(d, sel, 10).height == 10


# ---- command line ------------------------------------------------------------------------------


def test_cli_serve_help_and_bad_options(run):
    code, out, _ = run("serve", "--help")
    assert code == 0 and "--port" in out and "--host" in out
    code, _, err = run("serve", "--port", "70000")
    assert code == 1 and "--port 70000" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("serve", "--host", "my machine")
    assert code == 1 and "not an IP address" in err


def test_cli_serve_without_dash(run, monkeypatch):
    import threatbalance.web as web

    def missing():
        raise ImportError(web.INSTALL_HINT)

    monkeypatch.setattr(web, "_require", missing)
    code, _, err = run("serve")
    assert code == 1 and 'pip install "threatbalance[web]"' in err and len(err.strip().splitlines()) == 1


def test_cli_serve_starts_the_app(run, monkeypatch):
    import dash

    seen = {}
    monkeypatch.setattr(dash.Dash, "run", lambda self, **kw: seen.update(kw))
    monkeypatch.setattr("threatbalance.web.create_app", lambda model=None, **kw: dash.Dash(__name__))
    code, _, err = run("serve", "--port", "8123")
    assert code == 0 and seen == {"host": "127.0.0.1", "port": 8123, "debug": False}
    assert "http://127.0.0.1:8123" in err


def test_year_box(fake_app):
    assert V.year_typed(1850) == (1850, None) and V.year_typed("2001") == (2001, None)
    for bad, needle in (
        (1700, "year 1700 is outside"),
        (2030, "outside"),
        (None, "no year"),
        ("abc", "cannot read"),
        (1850.5, "whole number"),
    ):
        y, err = V.year_typed(bad)
        assert y is None and needle in err and "1816 to 2022" in err
    ids = _ids(fake_app.layout)
    assert {"year-box", "year-note", "series-from", "series-to"} <= ids


def test_cli_serve_busy_port(run, monkeypatch):
    import socket

    import dash

    monkeypatch.setattr(dash.Dash, "run", lambda self, **kw: pytest.fail("must not start on a busy port"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        code, _, err = run("serve", "--port", str(port))
    assert code == 1 and f"port {port}" in err and "already in use" in err
    assert len(err.strip().splitlines()) == 1 and "dashboard on" not in err


def test_persian_layout_labels_come_from_the_catalogue(fake_model):
    """``create_app(lang="fa")``: the page is right-to-left and its labels are the catalogue's Persian ones."""
    from threatbalance import InputError
    from threatbalance.web import create_app

    app = create_app(model=fake_model, lang="fa")
    page = json.dumps(app.layout.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    assert app.layout.dir == "rtl" and app.layout.lang == "fa"
    for fa in ("نقشه جهان", "شبکه تهدید", "شریکان پیش‌بینی‌شده", "همسایگی کشور برگزیده", "تهدید علیه کشور برگزیده"):
        assert fa in page, fa
    for en in ("World map", "Threat network", "Neighbourhood of the chosen state", "download what this panel"):
        assert en not in page, en
    with pytest.raises(InputError, match="unknown language 'de'"):
        create_app(model=fake_model, lang="de")
