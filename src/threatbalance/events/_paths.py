"""Where the event store lives by default: the user's data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Environment variable that overrides the user's data directory.
DATA_DIR_ENV = "THREATBALANCE_DATA_DIR"


def data_dir() -> Path:
    """The user's threatbalance data directory (not created here).

    ``$THREATBALANCE_DATA_DIR`` if set; else ``$XDG_DATA_HOME/threatbalance`` or
    ``~/.local/share/threatbalance`` on Linux, ``~/Library/Application Support/threatbalance`` on macOS,
    ``%LOCALAPPDATA%\\threatbalance`` on Windows.

    Examples
    --------
    >>> import os
    >>> os.environ["THREATBALANCE_DATA_DIR"] = "/tmp/tb-data"
    >>> str(data_dir())
    '/tmp/tb-data'
    >>> del os.environ["THREATBALANCE_DATA_DIR"]
    """
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "threatbalance"
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local")) / "threatbalance"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "threatbalance"


def default_db() -> Path:
    """The default event store: ``events.duckdb`` in :func:`data_dir`."""
    return data_dir() / "events.duckdb"
