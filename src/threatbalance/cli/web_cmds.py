"""``threatbalance serve``: the browser dashboard (a thin layer over threatbalance.web)."""

from __future__ import annotations

import ipaddress

import typer

from .._errors import InputError
from . import app
from ._common import err_console


def _check_port_free(host: str, port: int) -> None:
    """Raise InputError when ``host:port`` cannot be bound (in use, or not an address of this machine)."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the web server does
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(
                    f"port {port} on {host} is already in use (another dashboard or program?); "
                    f"stop it or choose another, e.g. --port {port + 1 if port < 65535 else 8050}"
                ) from None
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _warm_in_background(data) -> None:
    """Compute the default view, then every year's threat frame into the disk cache, in a daemon thread."""
    import threading
    import time

    def work() -> None:
        from ..web import _app, _views

        t0 = time.perf_counter()
        try:
            d = _app.DEFAULTS
            sel = _views.select(data, d["state"], d["year"], d["partner"], d["source"])
            _views.map_view(data, sel, d["mode"])
            _views.network_view(data, sel, d["region"], d["threshold"], [])
            _views.series_view(data, sel, d["series"])
            n = data.model.warm()
        except Exception as exc:  # the cache is an optimisation: the dashboard works without it
            err_console.print(f"cache warm-up stopped: {type(exc).__name__}: {exc}", style="yellow", highlight=False)
            return
        err_console.print(
            f"cache warm: {n} year frames written in {time.perf_counter() - t0:.0f} s", style="dim", highlight=False
        )

    threading.Thread(target=work, name="threatbalance-warm", daemon=True).start()


@app.command(epilog="Example: threatbalance serve --port 8050   (then open http://127.0.0.1:8050)")
def serve(
    port: int = typer.Option(8050, help="TCP port to listen on"),
    host: str = typer.Option("127.0.0.1", help="address to bind; the default serves this machine only"),
    debug: bool = typer.Option(False, "--debug", help="Dash debug mode (reloader and error pages; development only)"),
    warm: bool = typer.Option(
        False,
        "--warm",
        help="in the background, prepare the first view and store every year's threat frame in the "
        "user cache folder ($THREATBALANCE_CACHE_DIR), so that any year answers at once (once per model)",
    ),
    lang: str = typer.Option("en", help="language of the page's labels: en or fa (Persian, right-to-left)"),
) -> None:
    """Start the dashboard: map, threat network, time series and predicted partners of any state and year."""
    if not 1 <= port <= 65535:
        raise InputError(f"--port {port} is not a TCP port; give 1-65535, e.g. 8050")
    if host != "localhost":
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise InputError(f"--host {host!r} is not an IP address; e.g. 127.0.0.1 (this machine only)") from None
    from .. import web
    from ..cases._text import check_lang

    check_lang(lang)
    try:
        web._require()
    except ImportError as exc:  # cli.main escapes the message, so "[web]" stays literal
        raise InputError(str(exc)) from None
    _check_port_free(host, port)
    dash_app = web.create_app(lang=lang)
    if warm:
        _warm_in_background(dash_app._tb_data)
    err_console.print(f"threatbalance dashboard on http://{host}:{port}  (Ctrl+C to stop)", highlight=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"warning: bound to {host}: other machines may reach the dashboard", style="yellow")
    dash_app.run(host=host, port=port, debug=debug)
