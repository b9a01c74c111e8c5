"""Loading of the shipped Parquet tables (the only place that knows file names)."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

from .._errors import DataError

if TYPE_CHECKING:  # polars is imported when a table is loaded, not with the package (fast CLI start)
    import polars as pl


def _data_dir() -> Traversable:
    return resources.files("threatbalance").joinpath("data")


@cache
def load_table(name: str) -> pl.DataFrame:
    """Return a shipped table as a polars DataFrame (cached; treat as read-only).

    Examples
    --------
    >>> from threatbalance.sources import load_table
    >>> load_table("cow_nmc").columns[:3]
    ['ccode', 'year', 'milex']
    """
    import polars as pl

    f = _data_dir().joinpath(f"{name}.parquet")
    if not f.is_file():
        raise DataError(f"shipped table {name!r} not found in the package (rebuild with scripts/build_data.py)")
    try:
        with f.open("rb") as fh:
            return pl.read_parquet(fh)
    except Exception as exc:  # pragma: no cover - corrupt install
        raise DataError(f"shipped table {name!r} is unreadable: {exc}") from exc


def checksums() -> dict[str, str]:
    """The sha256 recorded for every shipped file by the build script."""
    return json.loads(_data_dir().joinpath("checksums.json").read_text(encoding="utf-8"))


def verify_checksums() -> dict[str, bool]:
    """Recompute the sha256 of every shipped file; return ``{file: ok}``."""
    out = {}
    for name, expected in checksums().items():
        f = _data_dir().joinpath(name)
        out[name] = f.is_file() and hashlib.sha256(f.read_bytes()).hexdigest() == expected
    return out
