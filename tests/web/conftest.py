"""Fixtures of the dashboard tests: the app over a fast injected model, and a live server.

``FakeThreatModel`` is not the project's threat model: it only has the interface the dashboard
reads (``threat_frame(years)`` and ``threat_matrix(year)``), with numbers built from real shipped
data (COW capabilities and capital distance), so that the UI can be tested fast and
independently of the model's own development.  The browser test uses the real model.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import threatbalance as tb

pytest.importorskip("dash", reason='the dashboard needs the web extra: pip install "threatbalance[web]"')

HERE = Path(__file__).parent


@lru_cache(maxsize=64)
def _fake_year(year: int) -> pl.DataFrame:
    """One year of the fake model's threat frame (cached: the fake model is stateless)."""
    y = min(int(year), 2016)  # NMC ends in 2016: carry its last year forward
    d = tb.dyad_years(years=y).add_nmc().add_capital_distance().data
    cinc = tb.state_years(years=y).add_nmc().data.select(pl.col("ccode").alias("ccode1"), pl.col("cinc"))
    d = d.join(cinc, on="ccode1", how="left")
    power = (pl.col("cinc") ** (1 / 3)).alias("power")
    prox = (-pl.col("capdist") / 2500).exp().alias("proximity")
    return (
        d.select(
            pl.lit(int(year)).alias("year"),
            pl.col("ccode1").alias("source"),
            pl.col("ccode2").alias("target"),
            power,
            prox,
        )
        .with_columns(
            (pl.col("power") * pl.col("proximity")).alias("threat"),
            pl.lit(0.1).alias("offense"),
            pl.lit(None, pl.Float64).alias("intent"),
        )
        .select("year", "source", "target", "threat", "power", "proximity", "offense", "intent")
    )


class FakeThreatModel:
    """threat(j -> i) = power_j * proximity_ji, with power = CINC^(1/3), proximity = exp(-capdist / 2500)."""

    def _year(self, year: int) -> pl.DataFrame:
        return _fake_year(int(year))

    def threat_frame(self, years) -> pl.DataFrame:
        lo, hi = (years, years) if isinstance(years, int) else years
        return pl.concat([self._year(y) for y in range(int(lo), int(hi) + 1)])

    def threat_matrix(self, year: int):
        f = self._year(int(year))
        codes = np.sort(np.unique(np.concatenate([f["source"].to_numpy(), f["target"].to_numpy()])))
        idx = {int(c): i for i, c in enumerate(codes)}
        M = np.zeros((len(codes), len(codes)))
        s = f["source"].replace_strict(idx).to_numpy()
        t = f["target"].replace_strict(idx).to_numpy()
        M[s, t] = f["threat"].fill_null(np.nan).to_numpy()
        return codes, M


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory):
    """The dashboard's on-disk year cache goes to a temporary folder, never the user's cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("THREATBALANCE_CACHE_DIR", str(tmp_path_factory.mktemp("tb-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def fake_model():
    return FakeThreatModel()


@pytest.fixture(scope="session")
def fake_app(fake_model):
    from threatbalance.web import create_app

    return create_app(model=fake_model)


@pytest.fixture(scope="session")
def real_model():
    from threatbalance.threat import default_model  # an import error here is a failure, never a skip

    return default_model()


@pytest.fixture(scope="session")
def live_server():
    """``live_server(app)`` starts a server; all are stopped at the end of the session."""
    servers = []

    def start(app):
        servers.append(LiveServer(app))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


class LiveServer:
    """A Dash app served on a free loopback port in a background thread (werkzeug), stopped by ``close``."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._srv = make_server("127.0.0.1", 0, app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self._srv.server_port}"
        self._thread = threading.Thread(target=self._srv.serve_forever, name="dash-test-server", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._srv.shutdown()
        self._srv.server_close()
        self._thread.join(timeout=10)
