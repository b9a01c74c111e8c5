"""Atomic writing of tables: never a half-written output file."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import polars as pl

from ._errors import InputError

FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".json": "json"}


def _umask_mode() -> int:
    """The mode a plainly created file gets (0o666 less the umask); mkstemp would leave 0o600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise InputError(f"output folder {str(path.parent)!r} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _umask_mode())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def write_frame(df: pl.DataFrame, path: str | Path, meta: dict | None = None) -> Path:
    """Write a DataFrame as Parquet/CSV/JSON chosen by extension, atomically.

    Raises
    ------
    InputError
        For an unknown extension or a missing output folder.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the format of {str(path)!r}; use a file name ending in .parquet, .csv or .json")
    if not path.parent.exists():
        raise InputError(f"output folder {str(path.parent)!r} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        if fmt == "parquet":
            df.write_parquet(tmp, compression="zstd", metadata={"threatbalance": json.dumps(meta)} if meta else None)
        elif fmt == "csv":
            df.write_csv(tmp)
        else:
            df.write_json(tmp)
        os.chmod(tmp, _umask_mode())
        os.replace(tmp, path)
        if meta is not None and fmt != "parquet":
            atomic_write_bytes(path.with_name(path.name + ".meta.json"), json.dumps(meta, indent=1).encode())
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def replace_folder_atomic(out: str | Path, files: dict[str, bytes], what: str = "the output") -> Path:
    """Write ``files`` (name -> bytes) as folder ``out`` all at once: built in a temporary sibling
    folder, then renamed into place (an existing ``out`` is swapped out and removed).

    The caller checks first that ``out`` may be replaced.  On failure nothing is left behind and the
    previous ``out`` is kept; an ``OSError`` becomes an :class:`InputError` naming the folder.
    """
    out = Path(out)
    parent = out.resolve().parent
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    except OSError as exc:
        raise InputError(
            f"cannot write {what} next to {str(out)!r}: {exc.strerror or exc}; choose another --out"
        ) from exc
    try:
        os.chmod(tmp, 0o755)
        for fname, content in files.items():
            (tmp / fname).write_bytes(content)
        final = parent / out.name
        if final.exists():
            old = parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
            os.rename(final, old)
            try:
                os.rename(tmp, final)
            except OSError:
                os.rename(old, final)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, final)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(f"cannot write {what} into {str(out)!r}: {exc.strerror or exc}; choose another --out") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final
