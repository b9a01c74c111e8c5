"""The ``threatbalance`` command line: a thin layer over the public API.

Exit status: 0 success, 1 user error (one line naming the bad value and what is allowed),
2 internal error.  Each group of subcommands lives in its own module and registers itself on
``app`` when imported here.
"""

from __future__ import annotations

import sys

import typer

from .._errors import DataError, ThreatBalanceError
from ._common import err_console

app = typer.Typer(
    name="threatbalance",
    help="Balance of threat (Walt), computable: COW panels, threat model, alignment predictions, case reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # click's plain help: typer's rich help formatter costs ~50 ms of imports (rich.markdown,
    # markdown_it) and would take `threatbalance --help` over its 0.15 s budget (issue 9)
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from .._version import __version__

        typer.echo(f"threatbalance {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Balance of threat (Walt), computable: COW panels, threat model, alignment predictions, case reports."""


# subcommand modules register themselves on `app`
from . import data_cmds, eval_cmds  # noqa: E402,F401

for _mod in ("threat_cmds", "alignment_cmds", "case_cmds", "web_cmds", "events_cmds"):
    try:
        __import__(f"{__name__}.{_mod}")
    except ModuleNotFoundError as exc:  # a group not built yet
        if exc.name != f"{__name__}.{_mod}":
            raise


def _is_click(exc: BaseException, name: str) -> bool:
    """Is ``exc`` click's exception ``name``?  typer may bundle its own copy of click, so match by name."""
    return any(c.__name__ == name and "click" in c.__module__ for c in type(exc).__mro__)


def _interrupted() -> None:
    err_console.print("interrupted", style="dim")
    sys.exit(130)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: exit 0 success, 1 user error, 2 internal error, 130 interrupted."""
    try:
        rv = app(args=argv, standalone_mode=False)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _interrupted()
    except ThreatBalanceError as exc:
        from rich.markup import escape

        if isinstance(exc, DataError):
            err_console.print(f"[bold red]data error:[/] {escape(str(exc))}", highlight=False)
            sys.exit(2)
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except Exception as exc:
        if _is_click(exc, "Abort"):
            _interrupted()
        if _is_click(exc, "NoArgsIsHelpError"):
            exc.show()  # type: ignore[attr-defined]  # a click exception, recognised by name
            sys.exit(0)
        if _is_click(exc, "ClickException"):  # usage errors: bad option, missing value, unknown command
            exc.show()  # type: ignore[attr-defined]
            sys.exit(1)
        from rich.markup import escape

        err_console.print(f"[bold red]internal error:[/] {type(exc).__name__}: {escape(str(exc))}", highlight=False)
        err_console.print("please report it with the command you ran", style="dim")
        sys.exit(2)
    if rv == 130:  # typer reports Ctrl-C as a return value outside standalone mode
        _interrupted()
    sys.exit(rv if isinstance(rv, int) else 0)
