"""Writing a report folder (HTML, PNG charts, summary.json, series.csv, ledger.csv) atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .._errors import InputError
from .._io import replace_folder_atomic
from ._facts import LEDGER_CSV_COLUMNS, json_default, series_table

if TYPE_CHECKING:
    from ._report import Report

DEFAULT_OUT = "threatbalance-report"
MARKER = "summary.json"


def report_files(rep: Report) -> dict[str, bytes]:
    """File name -> content of everything the report folder holds."""
    out = {
        "report.html": rep.html.encode("utf-8"),
        MARKER: json.dumps(rep.summary, ensure_ascii=False, indent=1, default=json_default).encode("utf-8"),
        "series.csv": series_table(rep.data).write_csv().encode("utf-8"),
    }
    if rep.data.ledger is not None:
        led = rep.data.ledger
        cols = [*LEDGER_CSV_COLUMNS] + (["note"] if "note" in led.columns else [])
        out["ledger.csv"] = led.select(cols).write_csv().encode("utf-8")
    for k, v in rep.charts.items():
        out[f"{k}.png"] = v
    if pdf := getattr(rep, "pdf", None):
        out["report.pdf"] = pdf
    return out


def check_out(out: Path | str) -> Path:
    """Check, before anything is computed, that a report can be written into folder ``out``.

    The folder's parent must exist and be writable (the report is built in a sibling temporary
    folder and renamed into place), ``out`` must not be a file, must not be a mount point (it cannot
    be renamed away; name a folder inside it) and, if it is a non-empty folder, must hold a previous
    threatbalance report. Every failure is an :class:`InputError` naming the folder.

    Examples
    --------
    >>> from threatbalance.cases._write import check_out
    >>> import tempfile, pathlib
    >>> check_out(pathlib.Path(tempfile.mkdtemp()) / "rep").name
    'rep'
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"output {str(out)!r} exists and is not a folder; choose another --out")
    if out.is_dir() and os.path.ismount(out):
        raise InputError(
            f"output folder {str(out)!r} is a mount point and cannot be replaced atomically; "
            f"name a folder inside it, e.g. --out {str(out / DEFAULT_OUT)!r}"
        )
    if out.is_dir() and any(out.iterdir()):
        marker = out / MARKER
        ok = False
        if marker.is_file():
            try:
                ok = str(json.loads(marker.read_text(encoding="utf-8")).get("generator", "")).startswith(
                    "threatbalance"
                )
            except (json.JSONDecodeError, OSError, AttributeError):
                ok = False
        if not ok:
            raise InputError(
                f"output folder {str(out)!r} is not empty and is not a threatbalance report; "
                f"choose another --out or empty it"
            )
    parent = out.resolve().parent
    if not parent.is_dir():
        raise InputError(
            f"the folder {str(parent)!r} that should hold --out {str(out)!r} does not exist; "
            f"create it or choose another --out"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(
            f"cannot write into {str(parent)!r} (no permission) to create --out {str(out)!r}; choose another --out"
        )
    return out


def write_atomic(out: Path | str, files: dict[str, bytes]) -> Path:
    """Write ``files`` into folder ``out`` all at once: build in a temporary sibling folder, then rename.

    An existing ``out`` is replaced only if it is empty or a previous threatbalance report (it holds
    ``summary.json`` written by threatbalance); anything else is refused with :class:`InputError`.
    """
    return replace_folder_atomic(check_out(out), files, what="the report")
