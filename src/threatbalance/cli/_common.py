"""Shared pieces of the command line: output formats, error handling, progress display."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .. import _validate as V

if TYPE_CHECKING:
    import polars as pl
    from rich.console import Console

FORMATS = ("table", "json", "csv")


class _LazyConsole:
    """rich's stderr Console, created on first use: ``threatbalance --help`` never loads rich.console."""

    _console: Console | None = None

    def get(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


err_console = _LazyConsole()


def check_format(fmt: str, allowed: tuple[str, ...] = FORMATS) -> str:
    """``fmt`` if it is one of the ``--format`` values this command allows (default table, json, csv)."""
    return V.output_format(fmt, allowed)


def _cell(v: object, float_digits: int) -> str:
    if v is None:
        return "NA"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.{float_digits}f}"
    return str(v)


def emit(df: pl.DataFrame, fmt: str, title: str | None = None, float_digits: int = 3) -> None:
    """Print a table on the terminal, or JSON records / CSV for scripts."""
    check_format(fmt)
    if fmt == "json":
        sys.stdout.write(json.dumps(df.to_dicts(), ensure_ascii=False, indent=1, default=str) + "\n")
    elif fmt == "csv":
        sys.stdout.write(df.write_csv())
    else:
        from rich.table import Table

        t = Table(title=title, show_lines=False)
        for n, c in enumerate(df.columns):
            # identifiers (the first column, codes, abbreviations, keys) never wrap: users type them
            t.add_column(
                c,
                justify="right" if df[c].dtype.is_numeric() else "left",
                no_wrap=n == 0 or c in ("key", "abb", "source", "target", "enemy", "code"),
            )
        for row in df.iter_rows():
            t.add_row(*[_cell(v, float_digits) for v in row])
        from rich.console import Console

        # a terminal gets its own width; a pipe or file gets room enough not to cut values
        Console(width=None if sys.stdout.isatty() else 200).print(t)


def emit_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n")


@contextmanager
def progress(description: str, enabled: bool | None = None) -> Iterator[Callable[..., None]]:
    """A spinner/progress display on a terminal (stderr); silent when not a terminal.

    Yields ``advance(text)`` to update the shown step.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda text=None: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console.get(),
        transient=True,
    ) as prog:
        task = prog.add_task(description)
        yield lambda text=None: prog.update(task, description=text or description)
