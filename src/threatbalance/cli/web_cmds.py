"""``threatbalance serve``: the browser dashboard (a thin layer over threatbalance.web)."""

from __future__ import annotations

import ipaddress

import typer

from .._errors import InputError
from . import app
from ._common import err_console


@app.command(epilog="Example: threatbalance serve --port 8050   (then open http://127.0.0.1:8050)")
def serve(
    port: int = typer.Option(8050, help="TCP port to listen on"),
    host: str = typer.Option("127.0.0.1", help="address to bind; the default serves this machine only"),
    debug: bool = typer.Option(False, "--debug", help="Dash debug mode (reloader and error pages; development only)"),
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

    try:
        web._require()
    except ImportError as exc:  # cli.main escapes the message, so "[web]" stays literal
        raise InputError(str(exc)) from None
    dash_app = web.create_app()
    err_console.print(f"threatbalance dashboard on http://{host}:{port}  (Ctrl+C to stop)", highlight=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"warning: bound to {host}: other machines may reach the dashboard", style="yellow")
    dash_app.run(host=host, port=port, debug=debug)
