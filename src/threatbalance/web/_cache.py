"""An on-disk cache of the threat model's year frames, so that a year never seen answers at once.

The dashboard asks the threat model for whole years (``threat_frame(year)``).  Computing a year the
first time takes a second or more; the frame itself is small (at most ~40,000 rows), so it is kept
as one Parquet file per year under the user's cache folder:

``<cache>/frames/<package version>-<model fingerprint>/<year>.parquet``

* ``<cache>`` is ``$THREATBALANCE_CACHE_DIR`` if set, else the platform's user cache folder
  (``$XDG_CACHE_HOME/threatbalance`` or ``~/.cache/threatbalance`` on Linux,
  ``~/Library/Caches/threatbalance`` on macOS, ``%LOCALAPPDATA%/threatbalance/Cache`` on Windows).
* The fingerprint hashes everything a frame depends on: the model's class and parameters, its
  weights, intercept and fill values, the content of its evidence, and the checksums of the shipped
  data.  A changed model or data set gets a new folder; nothing stale is ever read.
* Files are written atomically (a temporary file in the same folder, then a rename), so a reader
  never sees half a file and concurrent writers cannot corrupt one; a file that cannot be read is
  ignored and recomputed.
* Only models whose fingerprint can be computed (:class:`threatbalance.ThreatModel`, or any object
  with a ``fingerprint()`` method returning a string) are cached on disk; others are computed as before.

This caches derived results on the user's machine only; it changes no number (tests check that a
frame read back equals the computed one).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polars as pl

ENV = "THREATBALANCE_CACHE_DIR"


def cache_root() -> Path:
    """The user cache folder of threatbalance (``$THREATBALANCE_CACHE_DIR`` overrides it)."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "threatbalance"
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "threatbalance" / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else home / ".cache") / "threatbalance"


def model_fingerprint(model: Any) -> str | None:
    """A hash of everything the model's year frames depend on, or None when it cannot be told."""
    custom = getattr(model, "fingerprint", None)
    if callable(custom):
        fp = custom()
        return str(fp) if fp else None
    from ..threat import ThreatModel

    if type(model) is not ThreatModel:  # a subclass may compute differently: not cached on disk
        return None
    from .. import __version__
    from ..sources import checksums

    try:
        results = model.results()
        if not results.cacheable:  # evidence that cannot be keyed by content: compute, do not cache
            return None
        parts = {
            "class": f"{type(model).__module__}.{type(model).__qualname__}",
            "version": __version__,
            # the scoring snapshot's content key: weights, intercept, fill values, covariance hash,
            # feature parameters and the evidence's content digest (never a truncated repr)
            "results": repr(results.key),
            "fitted": bool(model.is_fitted),
            "data": checksums(),
        }
    except Exception:  # a model in a state we cannot describe: compute, do not cache
        return None
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()[:24]


class DiskFrames:
    """Year frames of one model on disk: :meth:`get`, :meth:`put`, :meth:`warm`.  Thread-safe."""

    def __init__(self, fingerprint: str, root: Path | None = None):
        from .. import __version__

        self.dir = (root or cache_root()) / "frames" / f"{__version__}-{fingerprint}"
        self._lock = threading.Lock()

    def _path(self, year: int) -> Path:
        return self.dir / f"{int(year)}.parquet"

    def has(self, year: int) -> bool:
        return self._path(year).is_file()

    def get(self, year: int) -> pl.DataFrame | None:
        """The cached frame of ``year``, or None (absent or unreadable)."""
        f = self._path(year)
        if not f.is_file():
            return None
        try:
            return pl.read_parquet(f)
        except Exception:  # a damaged file: ignore it, it is rewritten on the next put
            return None

    def put(self, year: int, frame: pl.DataFrame) -> None:
        """Store ``frame`` as ``year``'s, atomically; a cache that cannot be written is skipped silently."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{int(year)}.", suffix=".tmp", dir=self.dir)
            os.close(fd)
            try:
                frame.write_parquet(tmp, compression="lz4", statistics=False)
                os.replace(tmp, self._path(year))
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            pass

    def put_years(self, frame: pl.DataFrame) -> None:
        """Store each year of a multi-year frame under its year."""
        for (year,), part in frame.partition_by("year", as_dict=True, maintain_order=True).items():
            if not self.has(int(year)):
                self.put(int(year), part)

    def missing(self, years: Iterable[int]) -> list[int]:
        return [int(y) for y in years if not self.has(int(y))]

    def warm(
        self,
        compute: Callable[[tuple[int, int]], pl.DataFrame],
        years: tuple[int, int],
        chunk: int = 25,
        stop: threading.Event | None = None,
    ) -> int:
        """Compute and store every missing year of ``years``, ``chunk`` years per model call.

        Returns the number of years written.  ``stop`` ends the work between chunks.
        """
        written = 0
        lo, hi = years
        for a in range(lo, hi + 1, chunk):
            if stop is not None and stop.is_set():
                break
            b = min(a + chunk - 1, hi)
            todo = self.missing(range(a, b + 1))
            if not todo:
                continue
            frame = compute((min(todo), max(todo)))
            self.put_years(frame.filter(pl.col("year").is_in(todo)))
            written += len(todo)
        return written
